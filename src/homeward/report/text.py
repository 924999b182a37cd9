"""A short plain-text summary for the terminal (``homeward analyze`` without ``--json``)."""
from __future__ import annotations

from homeward.analysis import Analysis
from homeward.guidance import Guidance


def summary_lines(a: Analysis, g: Guidance) -> list[str]:
    """A few lines: the period, who starts conversations, turning points, then the guidance."""
    period = a.period
    if period is None:
        return ["No messages yet: import an export first."]
    first, last = a.initiation("first"), a.initiation("last")
    out = [f"{a.user} and {a.partner}: {len(a.messages)} messages, {period[0]} to {period[1]} ({len(a.weeks)} weeks).",
           f"The partner started {first['partner']:.0%} of conversations in the first four weeks "
           f"and {last['partner']:.0%} in the last four."]
    for c in a.trend_changes:
        out.append(f"Turning point: {c.who} {c.direction} from the week of {c.week} (p = {c.p_value}).")
    if g.safety.concern:
        out.append("SAFETY: some messages show threats, monitoring, control or fear. Places to get help:")
        out += [f"  {r}" for r in g.safety.resources]
    out.append("")
    out += [f"* {i.text} [{i.sureness} confidence; {len(i.evidence)} messages behind it]" for i in g.items]
    return out
