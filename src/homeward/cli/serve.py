"""``homeward serve``: the local dashboard on 127.0.0.1, behind a one-session token."""
from __future__ import annotations

import secrets
import socket
import sys
from typing import Annotated

import typer

from homeward.cli.app import DbOption, app, db_path, open_db


@app.command()
def serve(port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: pick a free one).")] = 0,
          db: DbOption = None) -> None:
    """Serve the live report and dashboard on 127.0.0.1 only; open the printed address."""
    import uvicorn

    from homeward.errors import HomewardError
    from homeward.web.app import create_app

    path = db_path(db)
    with open_db(db):
        pass  # fail now, with the usual one-line message, if the database cannot be opened
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise HomewardError(f"--port {port}: cannot listen on 127.0.0.1 ({exc.strerror})") from None
    chosen = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    config = uvicorn.Config(create_app(path, token=token, port=chosen), log_level="warning", access_log=False)
    sys.stdout.write(f"http://127.0.0.1:{chosen}/?token={token}\n")
    sys.stdout.flush()
    uvicorn.Server(config).run(sockets=[sock])
