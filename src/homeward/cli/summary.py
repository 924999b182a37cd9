"""``homeward export summary --redact``: the summary to share with a counsellor."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from homeward import pipeline
from homeward.cli.app import DbOption, export_app, open_db
from homeward.cli.privacy import output_file
from homeward.errors import HomewardError


@export_app.command("summary")
def export_summary(
    redact: Annotated[bool, typer.Option("--redact", help="Replace names and mask contact details (required).")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write here (.html for HTML) instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """A short, balanced summary for a couples counsellor, with names and contact details removed."""
    from homeward.report.summary import names_from_store, summary_html, summary_markdown

    if not redact:
        raise HomewardError("export summary: add --redact (the summary is only written with names removed)")
    with open_db(db) as conn:
        a, g = pipeline.analyse(conn)
        names = names_from_store(conn)
    as_html = out is not None and out.suffix.lower() in (".html", ".htm")
    text = summary_html(a, g, names) if as_html else summary_markdown(a, g, names)
    if out is None:
        typer.echo(text, nl=False)
    else:
        with output_file(db, out, "export-summary") as fh:  # owner-only, and on forget's list
            fh.write(text)
        typer.echo(str(out.resolve()))
