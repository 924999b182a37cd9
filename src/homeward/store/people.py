"""Who is the user and who the partner: one rule, applied after parsing, the same for every format.

A person is known by aliases: every display name (case-folded), phone number (E.164 where it
parses) and e-mail address seen for them. One database holds one couple, so there is one
``user`` person and one ``partner`` person; everyone else is left out of the timeline.
"""
from __future__ import annotations

import functools
import os
import re
import sqlite3
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import phonenumbers

from homeward.errors import HomewardError, WhoIsWho

if TYPE_CHECKING:
    from homeward.store.messages import SenderStats

Role = Literal["user", "partner"]


@dataclass
class Resolution:
    """The role of each sender name in one import."""

    roles: dict[str, tuple[Role, int]] = field(default_factory=dict)
    user_name: str = ""
    partner_names: list[str] = field(default_factory=list)
    left_out: int = 0
    notices: list[str] = field(default_factory=list)


def fold(name: str) -> str:
    """A name as compared: marks and repeated spaces removed, case-folded."""
    return " ".join(name.replace("\u200e", "").replace("\u200f", "").split()).casefold()


_REGION: dict[str, str | None] = {"region": None}
_PHONE_SHAPE = re.compile(r"\+?[\d\s().\-/]+")


def use_region(region: str | None) -> None:
    """Make ``region`` (ISO 3166 alpha-2, e.g. ``GB``) the country national numbers are read in; None: none.

    Raises:
        HomewardError: not a region the phone-number library knows.
    """
    if region is not None:
        region = region.strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise HomewardError(f'--region "{region}": not a country code phone numbers know (use two letters, like GB)')
    _REGION["region"] = region
    _e164.cache_clear()


def current_region() -> str | None:
    """The region national phone numbers are read in now (see ``use_region``)."""
    return _REGION["region"]


def guess_region(zone_name: str | None) -> str | None:
    """The user's likely country: that of the time zone (``zone.tab``), else the locale's, else None.

    A time zone names a place (``Europe/London`` -> ``GB``); ``UTC`` and ``Etc/*`` name none. The
    locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``de_AT.UTF-8`` -> ``AT``) comes second because
    many systems keep ``en_US`` whatever the country.
    """
    if zone_name:
        for folder in zoneinfo.TZPATH:
            try:
                with open(os.path.join(folder, "zone.tab"), encoding="utf-8") as fh:
                    for line in fh:
                        fields = line.split("\t")
                        if len(fields) >= 3 and not line.startswith("#") and fields[2].strip() == zone_name:
                            return fields[0] if fields[0] in phonenumbers.SUPPORTED_REGIONS else None
                break
            except OSError:
                continue
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            m = re.match(r"[a-z]{2,3}_([A-Z]{2})\b", value)
            return m.group(1) if m and m.group(1) in phonenumbers.SUPPORTED_REGIONS else None
    return None


@functools.lru_cache(maxsize=4096)
def _e164(value: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(value, None if value.lstrip().startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_key(value: str) -> str | None:
    """The digits of a phone number (with a leading + kept), or None when it does not look like one."""
    digits = re.sub(r"[^\d+]", "", value)
    return digits if len(re.sub(r"\D", "", digits)) >= 6 and _PHONE_SHAPE.fullmatch(value.strip()) else None


def e164(value: str) -> str | None:
    """``value`` as an E.164 number (``+447700900123``): international forms always, national forms when a
    region is set (``use_region``); None when it is no phone number or its country is unknowable."""
    if phone_key(value) is None:
        return None
    return _e164(value.strip(), _REGION["region"])


def phone_aliases(value: str) -> set[str]:
    """The alias keys of a phone number: ``phone:+E164`` where it parses, and always the last 9 digits.

    The last-9-digit key is what databases made before E.164 stored; it is kept (stored and looked
    up) so that those databases still match, and so that a national number read without a region
    still meets its international form.
    """
    digits = phone_key(value)
    if digits is None:
        return set()
    keys = {f"phone:{digits.lstrip('+')[-9:]}"}
    if (number := e164(value)) is not None:
        keys.add(f"phone:{number}")
    return keys


def alias_keys(name: str, addresses: set[str] | None = None) -> set[str]:
    """Every alias key for a sender: its folded name, plus phone and e-mail keys where they parse."""
    keys = {f"name:{fold(name)}"}
    for value in {name, *(addresses or set())}:
        if "@" in value:
            keys.add(f"email:{value.strip().lower()}")
        else:
            keys |= phone_aliases(value)
    return keys


def _matches(wanted: str, name: str, stats: SenderStats) -> bool:
    return bool(alias_keys(wanted) & alias_keys(name, own_addresses(stats)))


def _names_found(stats: Mapping[str, SenderStats]) -> str:
    ranked = sorted(stats, key=lambda n: -stats[n].count)
    shown = ", ".join(f'"{n}"' for n in ranked[:12])
    return shown + (f" and {len(ranked) - 12} more" if len(ranked) > 12 else "")


def own_addresses(stats: SenderStats) -> set[str]:
    """The sender's own numbers and addresses: none for messages the export marks as sent by the user,
    whose ``address`` is the other party's (SMS Backup & Restore, iMessage)."""
    return set() if True in stats.from_me else stats.addresses


def _known_role(conn: sqlite3.Connection, name: str, addresses: set[str]) -> str | None:
    """The role the database already gives this sender: ``other`` when any alias was split off by the user;
    else the one role its aliases agree on; when they disagree, the role of its name (None if unclear).

    Databases made before sent messages' addresses were kept apart hold the partner's number as a user
    alias; a disagreement therefore never makes anyone the user on a number alone.
    """
    keys = sorted(alias_keys(name, addresses))
    rows = conn.execute(
        f"SELECT a.alias, p.role FROM aliases a JOIN people p ON p.id = a.person_id WHERE a.alias IN ({','.join('?' * len(keys))})",
        keys).fetchall()
    roles = {role for _, role in rows}
    if "other" in roles:
        return "other"  # the user split this sender off: any of its aliases is enough
    if len(roles) == 1:
        return roles.pop()
    by_name = {role for alias, role in rows if alias.startswith("name:")}
    return by_name.pop() if len(by_name) == 1 else None


def _person(conn: sqlite3.Connection, role: Role, display: str) -> int:
    row = conn.execute("SELECT id FROM people WHERE role = ? ORDER BY id LIMIT 1", (role,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO people (role, name) VALUES (?, ?)", (role, display)).lastrowid or 0)


def _stored_name(conn: sqlite3.Connection, role: Role) -> str | None:
    row = conn.execute("SELECT name FROM people WHERE role = ? ORDER BY id LIMIT 1", (role,)).fetchone()
    return str(row[0]) if row else None


def _participants(stats: Mapping[str, SenderStats]) -> set[str]:
    """Every address the export lists for a conversation (a mail's From, To and Cc), besides its senders."""
    return {a for s in stats.values() for t in s.threads if "@" in t for a in t.split(",")}


def _known_user(name: str, stats: Mapping[str, SenderStats], known: Mapping[str, str | None]) -> bool:
    """A sender stored as the user before, unless this export says they did not send as the user."""
    return known[name] == "user" and False not in stats[name].from_me


def _all_received(stats: Mapping[str, SenderStats]) -> bool:
    """True when the export marks every message as received (SMS, iMessage): its owner, the user, sent none."""
    return bool(stats) and all(s.from_me == {False} for s in stats.values())


def resolve_roles(conn: sqlite3.Connection, stats: Mapping[str, SenderStats], *, me: str | None,
                  partner: str | None, source: str) -> Resolution:
    """Decide who is the user and who the partner among this import's senders, and remember their aliases.

    The user is ``--me`` when given; else the sender the export itself marks as "me" (SMS, iMessage);
    else a name stored as the user by an earlier import; else, in a two-person chat whose title names
    the partner, the other sender. A file may hold only the partner's messages (one saved mail): then
    ``--me`` may name an address the mail was sent to, or the database may already know the partner.

    The partner is ``--partner`` when given; else everyone else, except people the user split off
    with ``homeward people split`` (stored with the role ``other``): their messages stay out.

    Raises:
        WhoIsWho: ``--me``/``--partner`` match nobody, or the user cannot be inferred.
    """
    names = list(stats)
    known = {n: _known_role(conn, n, own_addresses(stats[n])) for n in names}
    user_name: str | None = None
    if me is not None:
        users = [n for n in names if _matches(me, n, stats[n])]
        if not users:  # SMS and iMessage mark the user themselves ("Me"): the export knows better than a name
            users = [n for n in names if stats[n].from_me == {True}]
        if not users and (alias_keys(me) & {k for a in _participants(stats) for k in alias_keys(a)}
                          or _known_role(conn, me, set()) == "user" or _all_received(stats)):
            user_name = me  # the user received every message of this file
        if not users and user_name is None:
            raise WhoIsWho(f'--me "{me}": nobody of that name in {source}; names found: {_names_found(stats)}')
    else:
        # The export's own "me", and any name the user merged into themselves (``homeward people merge``).
        users = [n for n in names if True in stats[n].from_me or _known_user(n, stats, known)]
        if not users:
            titles = {fold(t) for s in stats.values() for t in s.threads}
            named = [n for n in names if fold(n) in titles]
            if len(names) == 2 and len(named) == 1:
                users = [n for n in names if n not in named]
        if not users and (any(known[n] == "partner" for n in names) or _all_received(stats)):
            # Only the partner speaks in this file: the user is the one stored, or the export's owner.
            user_name = _stored_name(conn, "user") or ("Me" if _all_received(stats) else None)
        if not users and user_name is None:
            raise WhoIsWho(f"cannot tell which sender is you in {source}; pass --me NAME "
                           f"(names found: {_names_found(stats)})")
    others = [n for n in names if n not in users]
    if partner is not None:
        partners = [n for n in others if _matches(partner, n, stats[n])]
        if not partners:
            raise WhoIsWho(f'--partner "{partner}": nobody of that name in {source}; names found: '
                           f"{_names_found(stats)}")
    else:
        partners = [n for n in others if known[n] != "other"]
    res = Resolution(user_name=users[0] if users else (user_name or ""), partner_names=partners)
    split_off = [n for n in others if n not in partners and known[n] == "other"]
    if partner is None and split_off:
        res.notices.append(f"left out {sum(stats[n].count for n in split_off)} messages and calls of "
                           f"{_names_found({n: stats[n] for n in split_off})}, split off with 'homeward people split'")
    if partner is None and len(partners) > 1:
        res.notices.append(f"{len(partners)} people besides you in {source} ({_names_found({n: stats[n] for n in partners})}): "
                           "all are stored as the partner; pass --partner NAME to keep only one, or run 'homeward people'")
    res.left_out = sum(stats[n].count for n in names if n not in users and n not in partners)
    user_id = _person(conn, "user", res.user_name)
    partner_id = _person(conn, "partner", partners[0]) if partners else 0
    for names_of, role, pid in ((users, "user", user_id), (partners, "partner", partner_id)):
        for n in names_of:
            res.roles[n] = (role, pid)  # type: ignore[assignment]
            conn.executemany("INSERT OR IGNORE INTO aliases (alias, person_id) VALUES (?, ?)",
                             [(k, pid) for k in alias_keys(n, own_addresses(stats[n]))])
    if user_name is not None and me is not None:
        conn.executemany("INSERT OR IGNORE INTO aliases (alias, person_id) VALUES (?, ?)",
                         [(k, user_id) for k in alias_keys(me)])
    return res


# --- homeward people: who is who, merge, split -------------------------------------------------------

Target = Literal["user", "partner"]


@dataclass
class PersonView:
    """One person as ``homeward people`` shows them."""

    id: int
    role: str  # user, partner, or other (split off: left out of the timeline)
    name: str
    aliases: list[str] = field(default_factory=list)
    # name as the export wrote it -> channel -> (messages, calls)
    names: dict[str, dict[str, list[int]]] = field(default_factory=dict)


@dataclass
class Change:
    """What a merge or split did."""

    names: list[str]
    messages: int
    calls: int
    aliases: int
    role: str


def shown_aliases(aliases: list[str]) -> list[str]:
    """Aliases without the last-9-digit keys that only repeat an E.164 one (they exist for old databases)."""
    full = {a for a in aliases if a.startswith("phone:+")}
    tails = {a[len("phone:"):].lstrip("+")[-9:] for a in full}
    return sorted(a for a in aliases if not (a.startswith("phone:") and a not in full and a[len("phone:"):] in tails))


def who_is_who(conn: sqlite3.Connection) -> list[PersonView]:
    """Every person in the database with their aliases and, per name and channel, messages and calls."""
    people = {pid: PersonView(pid, role, name) for pid, role, name in
              conn.execute("SELECT id, role, name FROM people ORDER BY CASE role WHEN 'user' THEN 0 "
                           "WHEN 'partner' THEN 1 ELSE 2 END, id")}
    for alias, pid in conn.execute("SELECT alias, person_id FROM aliases ORDER BY alias"):
        if pid in people:
            people[pid].aliases.append(alias)
    for view in people.values():
        view.aliases = shown_aliases(view.aliases)
    for slot, table in ((0, "messages"), (1, "calls")):
        for pid, name, channel, n in conn.execute(
                f"SELECT person_id, name, channel, count(*) FROM {table} WHERE person_id IS NOT NULL "
                "GROUP BY person_id, name, channel ORDER BY person_id, name, channel"):
            if pid in people:
                people[pid].names.setdefault(name, {}).setdefault(channel, [0, 0])[slot] += n
    return list(people.values())


def _known_names(conn: sqlite3.Connection) -> list[str]:
    names = {n for (n,) in conn.execute("SELECT DISTINCT name FROM messages UNION SELECT DISTINCT name FROM calls")}
    names |= {a.split(":", 1)[1] for (a,) in conn.execute("SELECT alias FROM aliases") if a.startswith(("email:", "phone:+"))}
    return sorted(names)


def _matching(conn: sqlite3.Connection, what: str) -> tuple[set[str], list[str], list[str]]:
    """The alias keys of ``what``, the stored aliases they hit, and the sender names (as stored) they hit."""
    keys = alias_keys(what)
    stored = [a for (a,) in conn.execute(f"SELECT alias FROM aliases WHERE alias IN ({','.join('?' * len(keys))})",
                                         sorted(keys))]
    names = [n for (n,) in conn.execute("SELECT DISTINCT name FROM messages UNION SELECT DISTINCT name FROM calls")
             if alias_keys(n) & keys]
    return keys, stored, names


def _unknown(conn: sqlite3.Connection, what: str) -> WhoIsWho:
    found = _known_names(conn)
    shown = ", ".join(f'"{n}"' for n in found[:12]) + (f" and {len(found) - 12} more" if len(found) > 12 else "")
    return WhoIsWho(f'nobody called "{what}" in this database (names: {shown or "none yet"}); see \'homeward people\'')


def _move(conn: sqlite3.Connection, keys: set[str], names: list[str], pid: int, sender: str | None) -> tuple[int, int, int]:
    """Give ``names``' rows and the aliases ``keys`` to person ``pid`` (role ``sender``; None: out of the timeline)."""
    marks = ",".join("?" * len(names))
    messages = calls = 0
    if names:
        messages = conn.execute(f"UPDATE messages SET sender = ?, person_id = ? WHERE name IN ({marks})",
                                [sender, pid, *names]).rowcount
        calls = conn.execute(f"UPDATE calls SET caller = ?, person_id = ? WHERE name IN ({marks})",
                             [sender, pid, *names]).rowcount
    every = set(keys)
    for n in names:
        every |= alias_keys(n)
    aliases = 0
    for key in sorted(every):
        aliases += conn.execute("INSERT INTO aliases (alias, person_id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE "
                                "SET person_id = excluded.person_id WHERE person_id <> excluded.person_id",
                                (key, pid)).rowcount
    # A person split off earlier whom nothing points to any more is gone.
    conn.execute("DELETE FROM people WHERE role = 'other' AND id NOT IN (SELECT person_id FROM aliases) "
                 "AND id NOT IN (SELECT person_id FROM messages WHERE person_id IS NOT NULL) "
                 "AND id NOT IN (SELECT person_id FROM calls WHERE person_id IS NOT NULL)")
    return messages, calls, aliases


def merge(conn: sqlite3.Connection, what: str, into: Target) -> Change:
    """Make ``what`` (a name, number or address as the exports write it) the user or the partner.

    Its stored messages and calls join the timeline under that role, and later imports know it. The
    caller runs this inside ``transaction``.

    Raises:
        WhoIsWho: nothing in the database is called ``what``.
    """
    keys, stored, names = _matching(conn, what)
    if not stored and not names:
        raise _unknown(conn, what)
    pid = _person(conn, into, what)
    messages, calls, aliases = _move(conn, keys, names, pid, into)
    return Change(names, messages, calls, aliases, into)


def split(conn: sqlite3.Connection, what: str) -> Change:
    """Take ``what`` out of the couple: its messages and calls stay in the database but leave the timeline.

    They are kept (``sender`` NULL, owned by a person with role ``other``), so ``merge`` undoes this;
    later imports leave that sender out too. The caller runs this inside ``transaction``.

    Raises:
        WhoIsWho: nothing in the database is called ``what``.
    """
    keys, stored, names = _matching(conn, what)
    if not stored and not names:
        raise _unknown(conn, what)
    row = conn.execute("SELECT p.id FROM aliases a JOIN people p ON p.id = a.person_id "
                       f"WHERE p.role = 'other' AND a.alias IN ({','.join('?' * len(keys))}) LIMIT 1",
                       sorted(keys)).fetchone()
    pid = int(row[0]) if row else int(conn.execute("INSERT INTO people (role, name) VALUES ('other', ?)",
                                                   (what,)).lastrowid or 0)
    messages, calls, aliases = _move(conn, keys, names, pid, None)
    return Change(names, messages, calls, aliases, "other")
