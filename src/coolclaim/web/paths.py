"""Where the embedded installation keeps its files, and the secret key.

Without ``DATABASE_URL`` the database is ``$COOLCLAIM_HOME/coolclaim.sqlite3``; when
``COOLCLAIM_HOME`` is unset it is ``~/.local/share/coolclaim/coolclaim.sqlite3``
(``$XDG_DATA_HOME/coolclaim`` when that variable is set). The secret key, unless given in
``COOLCLAIM_SECRET_KEY``, is generated once and stored as ``secret_key`` (mode 0600) beside
the SQLite file, or in the home folder when the database is PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SQLITE_FILENAME = "coolclaim.sqlite3"
SECRET_KEY_FILENAME = "secret_key"  # noqa: S105 - a file name


def data_home() -> Path:
    """The folder for the embedded database and the secret key (not created here)."""
    explicit = os.environ.get("COOLCLAIM_HOME")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "coolclaim"


def default_database_url() -> str:
    """A ``sqlite:///`` URL for the embedded database file."""
    return f"sqlite:///{(data_home() / SQLITE_FILENAME).resolve()}"


def sqlite_path(database_url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL, or None for other databases or in-memory SQLite."""
    if not database_url.startswith("sqlite://"):
        return None
    raw = database_url[len("sqlite://") :]
    if raw.startswith("/"):
        raw = raw[1:]
    if raw in ("", ":memory:"):
        return None
    return Path(raw).expanduser()


def private_database_file(path: Path) -> None:
    """Make the SQLite file 0600 (created empty if missing) and its folder 0700, before SQLite
    opens it: it holds patient data. Its ``-wal`` and ``-shm`` files, created later by SQLite,
    take the database file's mode. The folder is made 0700 when it is created here or is
    coolclaim's own data home; a folder named in ``DATABASE_URL`` that already exists (it may be
    shared, like ``/tmp``) keeps its mode."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
    elif folder.resolve() == data_home().resolve():
        os.chmod(folder, 0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.chmod(side, 0o600)


def secret_key(key_folder: Path) -> str:
    """The secret key: ``COOLCLAIM_SECRET_KEY``, else a key generated once into ``key_folder``."""
    from_env = os.environ.get("COOLCLAIM_SECRET_KEY")
    if from_env:
        return from_env
    path = key_folder / SECRET_KEY_FILENAME
    try:
        stored = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        stored = ""
    if stored:
        return stored
    key_folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
