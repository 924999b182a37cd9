"""``homeward accuracy``: how often the model agreed with the user's corrections, per label."""
from __future__ import annotations

import json
from typing import Annotated

import typer

from homeward.cli.app import DbOption, app, open_db
from homeward.signals.taxonomy import LABELS
from homeward.store.accuracy import Agreement, LabelAgreement, agreement

NO_CORRECTIONS = ("No corrections yet. Correct a message with 'homeward label MESSAGE_ID +label -label' "
                  "(ids from 'homeward export messages'); this command then shows how often the model agreed with you.")


@app.command()
def accuracy(json_out: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
             db: DbOption = None) -> None:
    """How often the model agreed with your corrections, per label (what it missed, what it wrongly added)."""
    with open_db(db) as conn:
        result = agreement(conn, LABELS)
    if json_out:
        typer.echo(json.dumps(as_json(result), ensure_ascii=False, indent=1))
    elif not result.corrections:
        typer.echo(NO_CORRECTIONS)
        if result.unlabelled:
            typer.echo(f"({result.unlabelled} corrections are on messages no model has labelled yet.)")
    else:
        typer.echo("\n".join(table(result)))


def _figure(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _row(a: LabelAgreement) -> dict[str, object]:
    return {"corrections": a.corrections, "agreed": a.agreed, "confirmed_present": a.confirmed_present,
            "confirmed_absent": a.confirmed_absent, "missed": a.missed, "false_positive": a.false_positive,
            "agreement": a.agreement, "precision": a.precision, "recall": a.recall}


def as_json(result: Agreement) -> dict[str, object]:
    """The figures as plain JSON: every label (with or without corrections), the totals and what was left out."""
    return {"corrections": result.corrections, "messages": result.messages, "unlabelled": result.unlabelled,
            "models": list(result.models), "labels": {a.label: _row(a) for a in result.labels},
            "all": _row(result.total)}


def table(result: Agreement) -> list[str]:
    """A fixed-width table of the labels the user corrected, then the totals and how to read them."""
    models = ", ".join(result.models)
    lines = [f"{result.corrections} corrections on {result.messages} messages, compared with the predictions of {models}.",
             "",
             f"{'label':<13}{'corrected':>10}{'agreed':>8}{'missed':>8}{'wrong':>7}{'agreement':>11}{'precision':>11}{'recall':>8}"]
    for a in [*(a for a in result.labels if a.corrections), result.total]:
        lines.append(f"{a.label:<13}{a.corrections:>10}{a.agreed:>8}{a.missed:>8}{a.false_positive:>7}"
                     f"{_figure(a.agreement):>11}{_figure(a.precision):>11}{_figure(a.recall):>8}")
    lines += ["",
              "agreed: you confirmed a label the model gave (+label), or removed one it had not given; missed: you added a label "
              "the model had not given; wrong: you removed a label the model gave.",
              "You correct mostly what looks wrong, so these figures are lower than the model's accuracy on all your messages."]
    if result.unlabelled:
        lines.append(f"Left out: {result.unlabelled} corrections on messages no model has labelled yet.")
    return lines
