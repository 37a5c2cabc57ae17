"""Every Django app of coolclaim has the same rooms (docs/architecture.md): a module or package
at an app's root is one of the shared rooms or one of the few extras its app documents here.
A new module dropped at an app's root fails this test until it finds its room."""

from __future__ import annotations

from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "coolclaim" / "web"
APPS = sorted(p.name for p in WEB.iterdir() if (p / "apps.py").is_file())

#: The rooms every app may have (a room is a module or a package of the same name).
ROOMS = {
    "__init__",
    "apps",
    "api",
    "choices",
    "filtersets",
    "forms",
    "migrations",
    "models",
    "services",
    "signals",
    "tables",
    "tasks",
    "templates",
    "templatetags",
    "urls",
    "views",
}
#: What an app holds beyond the rooms, and why it is not in one of them.
EXTRAS = {
    "accounts": {
        "permissions": "the role x action table every app asks",
        "scoping": "the facility-scoped query set every app's models use",
        "validators": "the password rules Django's settings name",
    },
    "billing": {"transitions": "the claim's state machine: every status change a person makes, as a table"},
    "imports": {
        "context": "who runs an import and from where (web, API, CLI, worker)",
        "importers": "one importer per file kind (the pipeline's plug-ins)",
        "pipeline": "staging, planning, comparing, applying and rejects, shared by every importer",
    },
}


def rooms_of(app: Path) -> set[str]:
    return {
        p.stem if p.suffix == ".py" else p.name
        for p in app.iterdir()
        if p.name != "__pycache__" and (p.suffix == ".py" or p.is_dir())
    }


def test_every_app_is_found() -> None:
    assert APPS == ["accounts", "billing", "clinic", "hub", "imports", "queue"]


@pytest.mark.parametrize("app", APPS)
def test_an_app_holds_only_the_shared_rooms_and_its_documented_extras(app: str) -> None:
    stray = rooms_of(WEB / app) - ROOMS - set(EXTRAS.get(app, {}))
    assert stray == set()


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_core_rooms(app: str) -> None:
    assert {"__init__", "apps", "models", "migrations"} <= rooms_of(WEB / app)
