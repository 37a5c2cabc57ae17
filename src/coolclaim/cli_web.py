"""Commands of the web app, added to the ``coolclaim`` command line by ``cli.py``.

``coolclaim serve [--demo] [--host 127.0.0.1] [--port 8000] [--threads 8] [--workers 1]``:
create or migrate the database (``DATABASE_URL``, else the embedded SQLite file), seed the
synthetic demo with ``--demo``, print the URL and the demo logins, and serve with waitress (a
production WSGI server, pure Python, static files through WhiteNoise). One Python process
uses about one core (the GIL): on Linux, ``--workers N`` (N > 1) serves with gunicorn instead,
N processes of ``--threads`` threads each (``gthread`` workers, the app loaded before the fork).

``coolclaim import sessions`` and ``coolclaim token create|list|revoke``: see
:mod:`coolclaim.cli_web_data`.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

import typer

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _prepare_django(host: str) -> None:
    """Settings module and allowed hosts (the served host is always allowed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coolclaim.web.settings")
    if host not in LOOPBACK and "COOLCLAIM_ALLOWED_HOSTS" not in os.environ:
        names = ["127.0.0.1", "localhost", "[::1]", socket.gethostname()]
        if host not in {"0.0.0.0", "::"}:  # noqa: S104 - compared, not bound
            names.append(host)
        os.environ["COOLCLAIM_ALLOWED_HOSTS"] = ",".join(names)
    import django

    django.setup()


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(
    demo: bool = typer.Option(False, "--demo", help="Seed the synthetic demo data and logins."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    threads: int = typer.Option(8, "--threads", min=1, help="Worker threads (per process)."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes (Linux: more than 1 serves with gunicorn; about one per core)."
    ),
) -> None:
    """Run the coolclaim web app (migrates the database first)."""
    _prepare_django(host)
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    typer.echo(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}")
    call_command("migrate", interactive=False, verbosity=0)
    url = _url(host, port)
    if demo:
        from coolclaim.web.demo import format_summary, seed_demo

        typer.echo("Seeding the synthetic demo (first run codes every session)...")
        typer.echo(format_summary(seed_demo(), url))
    else:
        typer.echo(f"Open {url}")
    from coolclaim.web.wsgi import application

    if workers > 1 and sys.platform.startswith("linux"):
        from django.db import connections

        connections.close_all()  # no connection crosses the fork
        typer.echo(f"Serving on {url} (gunicorn, {workers} processes x {threads} threads). Ctrl+C stops.")
        serve_gunicorn(application, host, port, workers, threads)
        return
    if workers > 1:
        typer.echo("--workers needs Linux (gunicorn): serving with one waitress process.")
    import waitress

    typer.echo(f"Serving on {url} (waitress, {threads} threads). Ctrl+C stops.", err=False)
    waitress.serve(application, host=host, port=port, threads=threads, ident="coolclaim")


def serve_gunicorn(application: Any, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``application`` with gunicorn: ``workers`` processes of ``threads`` threads."""
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "backlog": 1024,
        "keepalive": 60,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": None,
        "loglevel": "warning",
        "proc_name": "coolclaim",
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


def register(app: typer.Typer) -> None:
    """Add the web commands to the ``coolclaim`` Typer app (serve; import and token from
    :mod:`coolclaim.cli_web_data`)."""
    from coolclaim import cli_web_data

    app.command("serve")(serve)
    cli_web_data.register(app)
