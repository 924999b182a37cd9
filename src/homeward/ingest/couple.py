"""One couple, one timeline: records from conversations with anyone else stay out of it.

Importers report what the export says and mark a conversation that had more than the two of
them in it with a ``thread`` starting ``"group:"`` (a group SMS/MMS, an iMessage group chat, a
Telegram group or channel, a Messenger or Instagram group, a mail with a third party in To or Cc).
What the couple said there was said in front of others, and its rhythm (who starts, how fast
one answers) is not the couple's own, so ``leave_out_groups`` drops those records before they
reach the store, and yields one ``Notice`` saying how many were left out (or, when nothing else is
left, raises ``BadInput`` saying so, rather than the store's bare "no messages found").
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from homeward.errors import BadInput
from homeward.ingest.records import Call, Message, Notice

GROUP_PREFIX = "group:"


def is_group(thread: str | None) -> bool:
    """True when ``thread`` is marked as a conversation with more than the two people."""
    return thread is not None and thread.startswith(GROUP_PREFIX)


def leave_out_groups(records: Iterable[Message | Call | Notice], source: str) -> Iterator[Message | Call | Notice]:
    """``records`` without those of group conversations, then a notice counting what was left out.

    Every record of an import passes here, so the loop does little per record: a chat's records
    repeat one thread object, tested once, and whether anything was kept is settled by the first.
    """
    messages = calls = 0
    kept = False
    threads: set[str] = set()
    ours: object = None  # the last thread found not to be a group's
    for rec in records:
        thread = getattr(rec, "thread", None)
        if thread is not ours:
            if thread is not None and thread.startswith(GROUP_PREFIX):
                if isinstance(rec, Call):
                    calls += 1
                else:
                    messages += 1
                threads.add(thread)
                continue
            ours = thread
        if not kept:
            kept = not isinstance(rec, Notice)
        yield rec
    if (messages or calls) and not kept:
        raise BadInput(source, f"only conversations with other people here ({messages + calls} messages and calls in "
                       f"{len(threads)} group chat{'s' * (len(threads) != 1)} or mails with others in To or Cc); "
                       "homeward keeps the couple's own conversation")
    if messages or calls:
        parts = [f"{messages} message{'s' * (messages != 1)}"] if messages else []
        parts += [f"{calls} call{'s' * (calls != 1)}"] if calls else []
        yield Notice(f"{' and '.join(parts)} in {len(threads)} conversation{'s' * (len(threads) != 1)} with other "
                     f"people (group chats, mails with others in To or Cc) left out of the couple's timeline", source)
