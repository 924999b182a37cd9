"""Who is the user and who the partner: one rule, applied after parsing, the same for every format.

A person is known by aliases: every display name (case-folded), phone number (E.164 where it
parses) and e-mail address seen for them. One database holds one couple, so there is one
``user`` person and one ``partner`` person; everyone else is left out of the timeline.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from homeward.errors import WhoIsWho

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


def phone_key(value: str) -> str | None:
    """The digits of a phone number (with a leading + kept), or None when it does not look like one."""
    digits = re.sub(r"[^\d+]", "", value)
    return digits if len(re.sub(r"\D", "", digits)) >= 6 and re.fullmatch(r"\+?[\d\s().\-/]+", value.strip()) else None


def alias_keys(name: str, addresses: set[str] | None = None) -> set[str]:
    """Every alias key for a sender: its folded name, plus phone and e-mail keys where they parse."""
    keys = {f"name:{fold(name)}"}
    for value in {name, *(addresses or set())}:
        if "@" in value:
            keys.add(f"email:{value.strip().lower()}")
        elif (p := phone_key(value)) is not None:
            keys.add(f"phone:{p.lstrip('+')[-9:]}")  # last 9 digits: national and E.164 forms meet
    return keys


def _matches(wanted: str, name: str, stats: SenderStats) -> bool:
    return bool(alias_keys(wanted) & alias_keys(name, stats.addresses))


def _names_found(stats: Mapping[str, SenderStats]) -> str:
    ranked = sorted(stats, key=lambda n: -stats[n].count)
    shown = ", ".join(f'"{n}"' for n in ranked[:12])
    return shown + (f" and {len(ranked) - 12} more" if len(ranked) > 12 else "")


def _known_role(conn: sqlite3.Connection, name: str, stats: SenderStats) -> str | None:
    keys = list(alias_keys(name, stats.addresses))
    row = conn.execute(
        f"SELECT p.role FROM aliases a JOIN people p ON p.id = a.person_id WHERE a.alias IN ({','.join('?' * len(keys))})",
        keys).fetchone()
    return row[0] if row else None


def _person(conn: sqlite3.Connection, role: Role, display: str) -> int:
    row = conn.execute("SELECT id FROM people WHERE role = ? ORDER BY id LIMIT 1", (role,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO people (role, name) VALUES (?, ?)", (role, display)).lastrowid or 0)


def resolve_roles(conn: sqlite3.Connection, stats: Mapping[str, SenderStats], *, me: str | None,
                  partner: str | None, source: str) -> Resolution:
    """Decide who is the user and who the partner among this import's senders, and remember their aliases.

    The user is ``--me`` when given; else the sender the export itself marks as "me" (SMS, iMessage);
    else a name stored as the user by an earlier import; else, in a two-person chat whose title names
    the partner, the other sender.

    Raises:
        WhoIsWho: ``--me``/``--partner`` match nobody, or the user cannot be inferred.
    """
    names = list(stats)
    if me is not None:
        users = [n for n in names if _matches(me, n, stats[n])]
        if not users:  # SMS and iMessage mark the user themselves ("Me"): the export knows better than a name
            users = [n for n in names if stats[n].from_me == {True}]
        if not users:
            raise WhoIsWho(f'--me "{me}": nobody of that name in {source}; names found: {_names_found(stats)}')
    else:
        users = [n for n in names if True in stats[n].from_me]
        if not users:
            users = [n for n in names if _known_role(conn, n, stats[n]) == "user"]
        if not users:
            titles = {fold(t) for s in stats.values() for t in s.threads}
            named = [n for n in names if fold(n) in titles]
            if len(names) == 2 and len(named) == 1:
                users = [n for n in names if n not in named]
        if not users:
            raise WhoIsWho(f"cannot tell which sender is you in {source}; pass --me NAME "
                           f"(names found: {_names_found(stats)})")
    others = [n for n in names if n not in users]
    if partner is not None:
        partners = [n for n in others if _matches(partner, n, stats[n])]
        if not partners:
            raise WhoIsWho(f'--partner "{partner}": nobody of that name in {source}; names found: '
                           f"{_names_found(stats)}")
    else:
        partners = others
    res = Resolution(user_name=users[0], partner_names=partners)
    if partner is None and len(partners) > 1:
        res.notices.append(f"{len(partners)} people besides you in {source} ({_names_found({n: stats[n] for n in partners})}): "
                           "all are stored as the partner; pass --partner NAME to keep only one")
    res.left_out = sum(stats[n].count for n in names if n not in users and n not in partners)
    user_id = _person(conn, "user", users[0])
    partner_id = _person(conn, "partner", partners[0]) if partners else 0
    for names_of, role, pid in ((users, "user", user_id), (partners, "partner", partner_id)):
        for n in names_of:
            res.roles[n] = (role, pid)  # type: ignore[assignment]
            conn.executemany("INSERT OR IGNORE INTO aliases (alias, person_id) VALUES (?, ?)",
                             [(k, pid) for k in alias_keys(n, stats[n].addresses)])
    return res
