"""The text inside an NSArchiver "typedstream" blob, as macOS Messages stores it in ``attributedBody``.

Since macOS 13 (Ventura) Messages often leaves ``message.text`` NULL and keeps the body only as an
``NSAttributedString`` archived with the old ``NSArchiver``. The format is undocumented; this reader
follows the grammar as reimplemented by dgelessus/python-typedstream and ReagentX/crabstep:

    header      04 0B "streamtyped"        streamer version 4, little-endian signature (big: "typedstream")
                <int>                      system version (1000 on every Mac OS X)
    group       <shared string>            type encodings, e.g. "@" (object) or "+" (bytes) or "iI"
                <value>...                 one value per encoding
    object      84 <class> <group>... 86   NEW, the class chain, its contents, END_OF_OBJECT
    class       84 <shared string> <int> <class> | 85 (nil) | <reference>
    <int>       one byte, unless it is 81 (2 bytes follow) or 82 (4 bytes follow); 0x80..0x91 are tags
    reference   a byte >= 0x92 (or 81/82 + number): index + 0x92 into the table of strings / objects

An archived body reads ``@`` NS(Mutable)AttributedString, whose first content group is ``@`` an
NS(Mutable)String, whose only group is ``+``: a length-prefixed run of UTF-8 bytes. We read exactly
that far and stop, so attribute runs that newer macOS versions add after the string never matter.
"""
from __future__ import annotations

from typing import Literal

_TAG_INT2 = -127  # 0x81: a 2-byte integer follows
_TAG_INT4 = -126  # 0x82: a 4-byte integer follows
_TAG_NEW = -124  # 0x84: a literal string, class or object follows
_TAG_NIL = -123  # 0x85
_FIRST_TAG, _LAST_TAG = -128, -111
_FIRST_REFERENCE = _LAST_TAG + 1  # 0x92 is reference number 0

_STRING_CLASSES = {b"NSString", b"NSMutableString"}
_ATTRIBUTED_CLASSES = {b"NSAttributedString", b"NSMutableAttributedString"}
_MAX_CLASS_CHAIN = 32  # real chains are 3 deep; hostile data must not make us spin
_MAX_NESTING = 8  # an attributed string wraps its NSString once


class TypedStreamError(ValueError):
    """The blob is not a typedstream holding an archived string."""


class _Reader:
    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._pos = 0
        self._order: Literal["little", "big"] = "little"
        self._strings: list[bytes] = []  # shared strings, referenced by number
        self._objects: list[bytes | None] = []  # classes and objects share one numbering

    def _take(self, count: int) -> bytes:
        if count < 0 or self._pos + count > len(self._blob):
            raise TypedStreamError(f"truncated at byte {self._pos}: {count} more bytes expected")
        chunk = self._blob[self._pos:self._pos + count]
        self._pos += count
        return chunk

    def _head(self) -> int:
        return int.from_bytes(self._take(1), "little", signed=True)

    def _int(self, head: int | None = None, *, signed: bool) -> int:
        head = self._head() if head is None else head
        if head == _TAG_INT2:
            return int.from_bytes(self._take(2), self._order, signed=signed)
        if head == _TAG_INT4:
            return int.from_bytes(self._take(4), self._order, signed=signed)
        if _FIRST_TAG <= head <= _LAST_TAG:
            raise TypedStreamError(f"unexpected tag 0x{head & 0xFF:02x} where a number belongs")
        return head if signed else head & 0xFF

    def _reference(self, head: int) -> int:
        return self._int(head, signed=True) - _FIRST_REFERENCE

    def _unshared_string(self, head: int | None = None) -> bytes | None:
        head = self._head() if head is None else head
        if head == _TAG_NIL:
            return None
        return self._take(self._int(head, signed=False))

    def _shared_string(self) -> bytes | None:
        head = self._head()
        if head == _TAG_NIL:
            return None
        if head == _TAG_NEW:
            literal = self._unshared_string()
            if literal is None:
                raise TypedStreamError("a shared string cannot be nil")
            self._strings.append(literal)
            return literal
        number = self._reference(head)
        if not 0 <= number < len(self._strings):
            raise TypedStreamError(f"reference to unknown string #{number}")
        return self._strings[number]

    def header(self) -> None:
        """Check the signature and learn the byte order."""
        version, signature_length = self._take(2)
        signature = self._take(signature_length)
        if version != 4 or signature not in (b"streamtyped", b"typedstream"):
            raise TypedStreamError("no typedstream header")
        self._order = "little" if signature == b"streamtyped" else "big"
        self._int(signed=False)  # system version

    def _class_chain(self) -> list[bytes]:
        """Class names from the object's own class up to the root (references resolved)."""
        names: list[bytes] = []
        for _ in range(_MAX_CLASS_CHAIN):
            head = self._head()
            if head == _TAG_NIL:
                return names
            if head != _TAG_NEW:
                number = self._reference(head)
                if not 0 <= number < len(self._objects) or self._objects[number] is None:
                    raise TypedStreamError(f"reference to unknown class #{number}")
                # A referenced class stands for its whole (already read) chain; its name is enough here.
                return names + [self._objects[number] or b""]
            name = self._shared_string()
            if name is None:
                raise TypedStreamError("a class name cannot be nil")
            self._int(signed=True)  # class version
            self._objects.append(name)
            names.append(name)
        raise TypedStreamError("class chain too long")

    def group_encoding(self) -> bytes:
        """The type encoding that opens a group of values, e.g. ``b"@"`` or ``b"+"``."""
        encoding = self._shared_string()
        if encoding is None:
            raise TypedStreamError("a type encoding cannot be nil")
        return encoding

    def string_object(self) -> str:
        """Read one ``@`` value and return the text of the NSString or NSAttributedString it holds."""
        for _ in range(_MAX_NESTING):
            head = self._head()
            if head == _TAG_NIL:
                return ""
            if head != _TAG_NEW:
                raise TypedStreamError("expected a literal object")
            self._objects.append(None)  # the object itself takes a number before its class
            chain = self._class_chain()
            if _STRING_CLASSES.intersection(chain):
                if self.group_encoding() != b"+":
                    raise TypedStreamError("an NSString without its UTF-8 bytes")
                raw = self._unshared_string()
                # Messages writes UTF-8; a damaged byte becomes U+FFFD rather than losing the message.
                return "" if raw is None else raw.decode("utf-8", errors="replace")
            if not _ATTRIBUTED_CLASSES.intersection(chain):
                shown = b", ".join(chain).decode("ascii", errors="replace")
                raise TypedStreamError(f"archived object is not a string (classes: {shown})")
            if self.group_encoding() != b"@":
                raise TypedStreamError("an NSAttributedString that does not start with its string")
        raise TypedStreamError("attributed strings nested too deeply")


def attributed_text(blob: bytes) -> str:
    """The string held by an archived NSString / NSAttributedString ``blob`` (U+FFFC marks attachments).

    Raises:
        TypedStreamError: the blob is not a typedstream, is truncated, or holds something other than text.
    """
    reader = _Reader(bytes(blob))
    reader.header()
    if reader.group_encoding() != b"@":
        raise TypedStreamError("the archive does not start with an object")
    return reader.string_object()
