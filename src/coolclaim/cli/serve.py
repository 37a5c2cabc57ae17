"""``coolclaim serve`` and ``coolclaim worker``: the web app and its background worker.

``coolclaim serve [--demo] [--host 127.0.0.1] [--port 8000] [--threads 8] [--workers 1]``:
create or migrate the database (``DATABASE_URL``, else the embedded SQLite file), seed the
synthetic demo with ``--demo``, print the URL and the demo logins, and serve with waitress (a
production WSGI server, pure Python, static files through WhiteNoise). One Python process
uses about one core (the GIL): on Linux, ``--workers N`` (N > 1) serves with gunicorn instead,
N processes of ``--threads`` threads each (``gthread`` workers, the app loaded before the fork).
Unless ``--no-worker``, ``serve`` also starts a background task worker (``coolclaim worker``) as a
child process that it restarts if it dies and stops when it stops.

``coolclaim worker [--interval S] [--batch] [--max-tasks N]``: run the database task worker
(django-tasks-db's ``db_worker``) until stopped (Ctrl+C / SIGTERM finish the running task first).

"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from types import FrameType
from typing import Any

import typer

from coolclaim.cli.app import app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def prepare_django(host: str) -> None:
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


@app.command("serve")
def serve(
    demo: bool = typer.Option(False, "--demo", help="Seed the synthetic demo data and logins."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    threads: int = typer.Option(8, "--threads", min=1, help="Worker threads (per process)."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes (Linux: more than 1 serves with gunicorn; about one per core)."
    ),
    no_worker: bool = typer.Option(
        False,
        "--no-worker",
        help="Do not start the background task worker (run `coolclaim worker` separately, e.g. on another host).",
    ),
) -> None:
    """Run the coolclaim web app (migrates the database first) and its background task worker.

    The worker (large imports) is a child process running `coolclaim worker`, not a thread: it
    has its own interpreter and database connection (no GIL shared with the web threads, its own
    signal handling), serve restarts it if it dies and stops it (SIGTERM: it finishes the running
    task, killed after 10 s) when serve stops. --no-worker leaves the queue to a separate worker.
    """
    prepare_django(host)
    from django.conf import settings
    from django.core.management import call_command

    from coolclaim.cli.database import describe_database

    typer.echo(f"Database: {describe_database(settings.DATABASES['default'])}")
    call_command("migrate", interactive=False, verbosity=0)
    from coolclaim.cli.imports import report_dead_runs

    report_dead_runs()  # command-line imports of this host whose process is gone
    url = _url(host, port)
    if demo:
        from coolclaim.web.demo import demo_exists, format_summary, seed_demo

        if demo_exists():
            typer.echo("The synthetic demo is already in this database: checking its logins and claims...")
        else:
            typer.echo("Seeding the synthetic demo (first run codes every session)...")
        typer.echo(format_summary(seed_demo(), url))
    else:
        typer.echo(f"Open {url}")
    from coolclaim.web.wsgi import application

    task_worker = None if no_worker else WorkerProcess()
    if task_worker is not None:
        from coolclaim.cli import worker_life
        from coolclaim.web.paths import data_home

        found = worker_life.previous_worker(data_home())
        if found == "stopped":
            typer.echo("A background worker left by a previous serve was stopped.")
        elif found == "running":
            typer.echo("Another coolclaim serve runs a background worker on this installation; not starting a second.")
            task_worker = None
    try:
        if task_worker is not None:
            _fail_interrupted_imports()
            task_worker.start()
            typer.echo(f"Background worker started (pid {task_worker.pid}); --no-worker to run it separately.")
        if workers > 1 and sys.platform.startswith("linux"):
            from django.db import connections

            connections.close_all()  # no connection crosses the fork
            typer.echo(f"Serving on {url} (gunicorn, {workers} processes x {threads} threads). Ctrl+C stops.")
            serve_gunicorn(application, host, port, workers, threads)
            return
        if workers > 1:
            typer.echo("--workers needs Linux (gunicorn): serving with one waitress process.")
        import waitress

        def _stop(signum: int, frame: FrameType | None) -> None:
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, _stop)  # so the worker is stopped on SIGTERM too
        typer.echo(f"Serving on {url} (waitress, {threads} threads). Ctrl+C stops.", err=False)
        # Forwarding headers are judged by the application (coolclaim.web.proxy, trusted proxies
        # only); waitress must pass them on instead of dropping them.
        waitress.serve(application, host=host, port=port, threads=threads, **WAITRESS_OPTIONS)
    finally:
        if task_worker is not None and task_worker.stop():
            typer.echo("Background worker stopped.")


def _fail_interrupted_imports(attempts: int = 5, pause: float = 2.0, worker_only: bool = False) -> None:
    """Imports left 'running' by a worker that is gone are marked failed (serve's worker is the
    only one, so nothing else can be running them). A database error (busy beyond the
    backend's own retries) is retried, then reported without detail: it never stops serve or
    its watcher thread."""
    from django.db import DatabaseError, close_old_connections

    from coolclaim.web.imports.tasks import fail_interrupted_batches

    count = 0
    for attempt in range(1, attempts + 1):
        try:
            count = fail_interrupted_batches(worker_only)
            break
        except DatabaseError as exc:
            close_old_connections()
            if attempt == attempts:
                print(f"coolclaim: interrupted imports not checked ({type(exc).__name__}); will retry", file=sys.stderr)
                return
            time.sleep(pause * attempt)
    close_old_connections()
    if count:
        print(f"coolclaim: {count} interrupted import(s) marked failed; import those files again", file=sys.stderr)


def worker_command() -> list[str]:
    """The command line of a worker process (this Python, this coolclaim)."""
    return [sys.executable, "-c", "from coolclaim.cli import main; main()", "worker"]


class WorkerProcess:
    """A `coolclaim worker` child process, restarted when it dies, stopped with :meth:`stop`."""

    RESTART_DELAY = 5.0

    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or worker_command()
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._owner = os.getpid()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def _spawn(self) -> None:
        # Its own session: Ctrl+C in the terminal reaches serve, which stops the worker once.
        # It ends itself when serve dies (COOLCLAIM_WORKER_PARENT: coolclaim.cli.worker_life).
        from coolclaim.cli import worker_life
        from coolclaim.web.paths import data_home

        env = {**os.environ, worker_life.PARENT_ENV: str(os.getpid())}
        self.process = subprocess.Popen(self.command, start_new_session=True, env=env)
        try:
            worker_life.write_pids(data_home(), self.process.pid, os.getpid())
        except OSError as exc:
            print(f"coolclaim: worker pid file not written ({exc.strerror})", file=sys.stderr)

    def start(self) -> None:
        self._owner = os.getpid()
        with self._lock:
            self._spawn()
        self._watcher = threading.Thread(target=self._watch, name="coolclaim-worker-watch", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        """Restart the worker whenever it exits; nothing that goes wrong here ends the thread."""
        while not self._stopping.is_set():
            process = self.process
            if process is None:
                return
            code = process.wait()
            if self._stopping.wait(self.RESTART_DELAY if code else 1.0):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                print(f"coolclaim: background worker exited ({code}); restarting", file=sys.stderr)
                try:
                    _fail_interrupted_imports(worker_only=True)
                except Exception as exc:  # never let the watcher die: the worker must come back
                    print(f"coolclaim: interrupted imports not checked ({type(exc).__name__})", file=sys.stderr)
                try:
                    self._spawn()
                except OSError as exc:
                    print(f"coolclaim: worker not restarted ({exc.strerror}); trying again", file=sys.stderr)

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the worker (True) unless this is not the process that started it (a gunicorn
        worker leaving through the same ``finally``)."""
        if os.getpid() != self._owner:
            return False
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is None:
            return True
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        from coolclaim.cli import worker_life
        from coolclaim.web.paths import data_home

        worker_life.clear_pids(data_home(), process.pid)
        return True


@app.command("worker")
def worker(
    interval: float = typer.Option(1.0, "--interval", min=0.1, help="Seconds between looks at an empty queue."),
    batch: bool = typer.Option(False, "--batch", help="Run the tasks waiting now, then exit."),
    max_tasks: int | None = typer.Option(None, "--max-tasks", min=1, help="Exit after this many tasks."),
) -> None:
    """Run the background task worker (database queue: large imports) until stopped.

    A busy database (beyond the backend's own retries) does not end it: the worker starts
    again after a pause that grows to a minute. Started by ``serve``, it ends when serve does."""
    from coolclaim.cli import worker_life

    parent = os.environ.get(worker_life.PARENT_ENV, "")
    if parent.isdigit():
        worker_life.follow_parent(int(parent))
    from coolclaim.cli.database import ready_database

    ready_database()
    from coolclaim.cli.imports import report_dead_runs

    report_dead_runs()  # command-line imports of this host whose process is gone
    from django.core.management import call_command
    from django.db import OperationalError, close_old_connections

    started = time.monotonic()
    pause = 1.0
    while True:
        try:
            call_command(
                "db_worker",
                interval=interval,
                batch=batch,
                max_tasks=max_tasks,
                startup_delay=False,
                reload=False,
                verbosity=1,
            )
            break
        except OperationalError as exc:
            close_old_connections()
            print(
                f"coolclaim: worker: database unavailable ({type(exc).__name__}); again in {pause:.0f} s",
                file=sys.stderr,
            )
            time.sleep(pause)
            pause = min(60.0, pause * 2)
    if batch:
        print(f"coolclaim: worker done in {time.monotonic() - started:.1f} s", file=sys.stderr)


#: waitress passes forwarding headers on: the application judges them (trusted proxies only).
WAITRESS_OPTIONS: dict[str, Any] = {"ident": "coolclaim", "clear_untrusted_proxy_headers": False}


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for ``serve --workers N``."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
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
        # The application judges forwarding headers (coolclaim.web.proxy, trusted proxies only).
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "",
    }


def serve_gunicorn(application: Any, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``application`` with gunicorn: ``workers`` processes of ``threads`` threads."""
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(host, port, workers, threads)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()
