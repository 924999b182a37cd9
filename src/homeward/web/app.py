"""The local dashboard: a Starlette app on 127.0.0.1 only, every request checked against a session token.

Guards, in order, for every request: the Host header must be ``127.0.0.1:PORT`` or ``localhost:PORT``
(DNS rebinding), the token must come as ``?token=`` or the ``X-Homeward-Token`` header, and anything
that changes data must carry the token in the header (it is never in a cookie, so a cross-site form
cannot send it: that is the CSRF check). One error type, ``HomewardError``, has one handler: JSON
``{"error": ...}`` with 400 under ``/api/``, a small HTML page elsewhere.

The page is the report itself (``render_report(..., dashboard=True)``) plus ``static/dashboard.js``,
which browses and corrects messages, adds journal entries and runs experiments through the API,
then fetches the page again and redraws the charts, so every view reflects the change.
"""
from __future__ import annotations

import hmac
import html
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from homeward import pipeline
from homeward.errors import HomewardError
from homeward.report.data import contract_json
from homeward.report.html import render_report
from homeward.signals.taxonomy import LABELS
from homeward.store import labels as label_store
from homeward.store.db import connect, transaction
from homeward.store.journal import add_entry

TOKEN_HEADER = "x-homeward-token"
PAGE_SIZE = 50
SAFE_METHODS = ("GET", "HEAD")


class TokenGuard:
    """ASGI middleware: Host check, token check, header token for anything that changes data."""

    def __init__(self, app: ASGIApp, *, token: str, port: int) -> None:
        self.app = app
        self.token = token.encode()
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse with 403 unless the Host, the token and (for changes) the header token are right."""
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if headers.get(b"host", b"").lower() not in self.hosts:
            await PlainTextResponse("forbidden: wrong Host header", status_code=403)(scope, receive, send)
            return
        header_token = headers.get(TOKEN_HEADER.encode(), b"")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        query_token = (query.get("token") or [""])[0].encode()
        ok_header = bool(header_token) and hmac.compare_digest(header_token, self.token)
        ok_query = bool(query_token) and hmac.compare_digest(query_token, self.token)
        if scope["method"] in SAFE_METHODS:
            allowed = ok_header or ok_query
        else:
            origin = headers.get(b"origin")
            same_origin = origin is None or origin.split(b"//", 1)[-1].lower() in self.hosts
            allowed = ok_header and same_origin
        if not allowed:
            await PlainTextResponse("forbidden: missing or wrong token", status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


@lru_cache(maxsize=1)
def dashboard_js() -> str:
    """The dashboard's script (static/dashboard.js), inlined into the page: the CSP allows no script files."""
    return (resources.files("homeward.web") / "static" / "dashboard.js").read_text(encoding="utf-8").replace("</script", "<\\/script")


def _error_page(message: str) -> str:
    return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>homeward</title>"
            f"<body><h1>homeward</h1><p>{html.escape(message)}</p></body></html>")


def create_app(db: Path, *, token: str, port: int) -> ASGIApp:
    """The dashboard app for the database at ``db``, guarded by ``token`` and the Host ``127.0.0.1:port``."""

    @contextmanager
    def store() -> Iterator[sqlite3.Connection]:
        conn = connect(db, create=False)
        try:
            yield conn
        finally:
            conn.close()

    async def body_of(request: Request) -> dict[str, Any]:
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            raise HomewardError("the request body is not JSON") from None
        if not isinstance(data, dict):
            raise HomewardError("the request body must be a JSON object")
        return data

    def index(request: Request) -> Response:
        with store() as conn:
            a, g = pipeline.analyse(conn)
            page = render_report(a, g, conn, title="homeward dashboard", dashboard=True)
        page = page.replace("default-src 'none';", "default-src 'none'; connect-src 'self';", 1)
        extra = (f'<script type="application/json" id="hw-labels">{json.dumps(list(LABELS))}</script>\n'
                 f"<script>{dashboard_js()}</script>\n</body>")
        head, sep, tail = page.rpartition("</body>")
        return HTMLResponse(head + extra + tail if sep else page + extra)

    def analysis(request: Request) -> Response:
        with store() as conn:
            a, g = pipeline.analyse(conn)
        return JSONResponse(contract_json(a, g))

    def messages(request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        try:
            offset = max(0, int(request.query_params.get("offset", "0") or 0))
        except ValueError:
            raise HomewardError("offset must be a whole number") from None
        where, args = "WHERE m.sender IS NOT NULL", []
        if q:
            where += " AND m.text LIKE ? ESCAPE '\\'"
            args.append("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        with store() as conn:
            total = conn.execute(f"SELECT count(*) FROM messages m {where}", args).fetchone()[0]
            rows = conn.execute(
                f"SELECT m.id, m.ts, m.sender, m.channel, m.text, "
                f"(SELECT group_concat(label, ',') FROM message_labels l WHERE l.message_id = m.id) "
                f"FROM messages m {where} ORDER BY m.ts, m.rowid LIMIT ? OFFSET ?", [*args, PAGE_SIZE, offset]).fetchall()
        return JSONResponse({"total": total, "offset": offset, "messages": [
            {"id": r[0], "ts": r[1], "sender": r[2], "channel": r[3], "text": r[4],
             "labels": sorted(r[5].split(",")) if r[5] else []} for r in rows]})

    async def label(request: Request) -> Response:
        data = await body_of(request)
        mid, name, present = data.get("message_id"), data.get("label"), data.get("present", True)
        if not isinstance(mid, str) or name not in LABELS or not isinstance(present, bool):
            raise HomewardError(f'send {{"message_id": str, "label": one of {", ".join(LABELS)}, "present": bool}}')
        with store() as conn, transaction(conn):
            if not conn.execute("SELECT 1 FROM messages WHERE id = ?", (mid,)).fetchone():
                raise HomewardError(f"no message with id {mid}")
            label_store.correct(conn, mid, [(name, present)])
        return JSONResponse({"message_id": mid, "label": name, "present": present})

    async def journal(request: Request) -> Response:
        data = await body_of(request)
        minutes = data.get("minutes")
        if minutes is not None and not isinstance(minutes, int):
            raise HomewardError("minutes must be a whole number")
        with store() as conn, transaction(conn):
            jid = add_entry(conn, kind=str(data.get("kind", "note")), when=str(data.get("when") or ""),
                            by=data.get("by"), minutes=minutes, text=str(data.get("text", "")))
        return JSONResponse({"id": jid})

    def _day(value: Any, what: str) -> date:
        if not value:
            return date.today()
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise HomewardError(f'{what} "{value}": expected a date like 2025-06-30') from None

    def experiment_list(request: Request) -> Response:
        with store() as conn:
            rows = conn.execute("SELECT id, name, start, end FROM experiments ORDER BY start, id").fetchall()
        return JSONResponse({"experiments": [{"id": r[0], "name": r[1], "start": r[2], "end": r[3]} for r in rows]})

    async def experiment_add(request: Request) -> Response:
        data = await body_of(request)
        name = str(data.get("name") or "").strip()
        if not name:
            raise HomewardError("an experiment needs a name")
        day = _day(data.get("start"), "start")
        with store() as conn, transaction(conn):
            eid = conn.execute("INSERT INTO experiments (name, start) VALUES (?, ?)", (name, day.isoformat())).lastrowid
        return JSONResponse({"id": eid, "name": name, "start": day.isoformat()})

    async def experiment_end(request: Request) -> Response:
        data = await body_of(request)
        day = _day(data.get("end"), "end")
        eid = request.path_params["eid"]
        with store() as conn, transaction(conn):
            if not conn.execute("UPDATE experiments SET end = ? WHERE id = ?", (day.isoformat(), eid)).rowcount:
                raise HomewardError(f"no experiment {eid}")
        return JSONResponse({"id": eid, "end": day.isoformat()})

    async def on_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return HTMLResponse(_error_page(str(exc)), status_code=400)

    routes = [
        Route("/", index), Route("/api/analysis", analysis), Route("/api/messages", messages),
        Route("/api/label", label, methods=["POST"]), Route("/api/journal", journal, methods=["POST"]),
        Route("/api/experiments", experiment_list, methods=["GET"]), Route("/api/experiments", experiment_add, methods=["POST"]),
        Route("/api/experiments/{eid:int}/end", experiment_end, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HomewardError: on_error})
    return TokenGuard(app, token=token, port=port)
