"""Plain words for the terminal summary (``homeward analyze`` without ``--json``) and for uncertainty,
shared with the HTML report: p-values and intervals said as chances, never as bare numbers."""
from __future__ import annotations

from homeward.analysis import Analysis
from homeward.analysis.stats import Difference
from homeward.guidance import Guidance


def chance(p: float) -> str:
    """A p-value in words: how often a change this large would turn up by chance alone."""
    if p < 0.001:
        return "less than 1 time in 1,000"
    if p < 0.01:
        return "less than 1 time in 100"
    return f"about {max(1, round(p * 100))} times in 100"


def interval(d: Difference | None, *, unit: str = "points") -> str:
    """A 95 % interval of a difference of shares in words, saying whether it could be chance."""
    if d is None:
        return "too few messages to say"
    span = f"between {d.low * 100:+.0f} and {d.high * 100:+.0f} {unit}"
    return f"{span}: a real change" if d.clear else f"{span}, which includes no change at all: this could be chance"


def summary_lines(a: Analysis, g: Guidance) -> list[str]:
    """A few lines: the period, who starts conversations, turning points, then the guidance."""
    period = a.period
    if period is None:
        return ["No messages yet: import an export first."]
    first, last = a.initiation("first"), a.initiation("last")
    out = [f"{a.user} and {a.partner}: {len(a.messages)} messages, {period[0]} to {period[1]} ({len(a.weeks)} weeks).",
           (f"The partner started {first['partner']:.0%} of conversations in the first four weeks "
            f"and {last['partner']:.0%} in the last four.")]
    for c in a.trend_changes:
        out.append(f"Turning point: {'the partner' if c.who == 'partner' else 'you'} {c.direction} from the week of "
                   f"{c.week} (p = {c.p_value}: by chance {chance(c.p_value)}).")
    if g.safety.concern:
        out.append("SAFETY: some messages show threats, monitoring, control or fear. Places to get help:")
        out += [f"  {r}" for r in g.safety.resources]
    out.append("")
    out += [f"* {i.text} [{i.sureness} confidence; {len(i.evidence)} messages behind it]" for i in g.items]
    return out
