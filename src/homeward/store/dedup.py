"""The same message from two backups is stored once.

A message's id hashes the sender's name as the export writes it (``store/messages.py``), so a
re-import of the same export adds nothing. Two *different* backups of the same conversation can
name one person differently: SMS Backup & Restore writes the contact's name in one backup and
``(Unknown)`` (so the number) in another, or the number as ``+44 7700 900123`` here and
``07700900123`` there; a contact renamed between two WhatsApp exports. Their ids differ, yet once
roles are set both rows say the same thing: same channel, same second, same role, same text.

The same holds for two exports that print time differently: WhatsApp's Android export prints
``21:14``, its iOS export ``9:14:12 PM``, so one message is 21:14:00 in one and 21:14:12 in the other.

``drop_cross_duplicates`` runs after an import has set its rows' roles and removes each new row that
repeats a row stored earlier under another name (same second), or stored by an export printing whole
minutes where this one prints seconds, or the other way round (same minute). Counting keeps
identical messages apart: when the database holds two "ok" of the partner at 21:40:05 under
"Jordan", a backup naming them "+4477..." adds none of its two, and a third "ok" at that second is
added. Rows stored under the same name at the same time are never counted, because those the import
matched by id were already ignored: what remains is new by construction (a grown export's third "ok").
Calls are matched to the second only.

Ids of existing databases stay valid: nothing here changes how an id is made.
"""
from __future__ import annotations

import sqlite3

# The rows of one minute: the ts index answers this range for every branch below. (``+p.rowid`` keeps
# SQLite from walking this import's rowid range instead, which made the check quadratic.)
_MINUTE = "{a}.ts BETWEEN substr(n.ts, 1, 16) || ':00' AND substr(n.ts, 1, 16) || ':59'"
_MESSAGES = """
DELETE FROM messages WHERE rowid IN (
  SELECT n.rowid FROM messages n
   WHERE n.rowid > :before AND n.import_id = :import_id AND n.sender IS NOT NULL
     AND (SELECT count(*) FROM messages o
           WHERE {o_minute} AND o.rowid <= :before AND o.channel = n.channel AND o.sender = n.sender
             AND o.text = n.text AND o.media = n.media
             AND ((o.ts = n.ts AND o.name <> n.name)
                  OR (:blur AND o.ts <> n.ts AND (:new_in_minutes OR o.import_id IN ({minute_imports})))))
       > (SELECT count(*) FROM messages p
           WHERE {p_minute} AND (:blur OR p.ts = n.ts) AND +p.rowid > :before AND +p.rowid < n.rowid
             AND p.import_id = :import_id AND p.channel = n.channel AND p.sender = n.sender AND p.text = n.text
             AND p.media = n.media))
"""
_CALLS = """
DELETE FROM calls WHERE rowid IN (
  SELECT n.rowid FROM calls n
   WHERE n.rowid > :before AND n.import_id = :import_id AND n.caller IS NOT NULL
     AND (SELECT count(*) FROM calls o
           WHERE o.ts = n.ts AND o.rowid <= :before AND o.channel = n.channel AND o.caller = n.caller
             AND o.status = n.status AND o.duration_s IS n.duration_s AND o.name <> n.name)
       > (SELECT count(*) FROM calls p
           WHERE p.ts = n.ts AND +p.rowid > :before AND +p.rowid < n.rowid AND p.import_id = :import_id
             AND p.channel = n.channel AND p.caller = n.caller AND p.status = n.status
             AND p.duration_s IS n.duration_s))
"""


def _minute_imports(conn: sqlite3.Connection, before: int, import_id: int) -> tuple[bool, list[int]]:
    """Whether this import's times are whole minutes, and which earlier imports' times all are.

    WhatsApp's Android export prints minutes and its iOS export seconds: the same message is 21:14:00
    in one and 21:14:12 in the other. Only across such a pair is a minute's difference in seconds
    still the same message; two exports that both print seconds must agree to the second.
    """
    has_seconds = conn.execute("SELECT 1 FROM messages WHERE rowid > ? AND import_id = ? AND substr(ts, 18, 2) <> '00' "
                               "LIMIT 1", (before, import_id)).fetchone()
    if has_seconds is None:
        return True, []
    rows = conn.execute("SELECT import_id FROM messages WHERE rowid <= ? GROUP BY import_id "
                        "HAVING max(substr(ts, 18, 2)) = '00'", (before,)).fetchall()
    return False, [int(r[0]) for r in rows]


def drop_cross_duplicates(conn: sqlite3.Connection, import_id: int, before: dict[str, int]) -> int:
    """Delete this import's new rows that repeat rows stored earlier under another sender name, or stored
    by an export that prints whole minutes where this one prints seconds (or the other way round).

    ``before`` holds the largest rowid of ``messages`` and ``calls`` when the import began (rows above
    it are this import's). Runs inside the import's transaction. Returns how many rows it removed.
    A first import (nothing stored before) costs nothing.
    """
    removed = 0
    if before["messages"] > 0:
        new_in_minutes, minute_imports = _minute_imports(conn, before["messages"], import_id)
        blur = new_in_minutes or bool(minute_imports)
        sql = _MESSAGES.format(o_minute=_MINUTE.format(a="o"), p_minute=_MINUTE.format(a="p"),
                               minute_imports=",".join(str(i) for i in minute_imports) or "NULL")
        removed += conn.execute(sql, {"before": before["messages"], "import_id": import_id, "blur": blur,
                                      "new_in_minutes": new_in_minutes}).rowcount
    if before["calls"] > 0:
        removed += conn.execute(_CALLS, {"before": before["calls"], "import_id": import_id}).rowcount
    return removed
