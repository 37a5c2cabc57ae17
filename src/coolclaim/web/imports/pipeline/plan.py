"""What a file would do: valid records grouped in chunks, each new/changed/unchanged, and the
rejected records with every reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
#: ``progress(stage, done, total)``: stages "validate", "write", "code".
Progress = Callable[[str, int, int], None]


class Action(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass
class Reject:
    """A record that is not imported, as it was sent, with every reason."""

    position: int
    identity: str
    errors: list[dict[str, str]]
    record: Any
    line: int | None = None

    @property
    def session_id(self) -> str:
        """The identity under the name the rejects table and the pages use."""
        return self.identity


@dataclass
class Planned(Generic[Item]):
    """A valid record (``item``: the importer's validated form) and what importing it does."""

    position: int
    item: Item
    action: Action = Action.NEW
    changed: list[str] = field(default_factory=list)
    existing: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan(Generic[Item]):
    filename: str
    file_format: str
    records: int
    chunks: list[list[Planned[Item]]]
    rejects: list[Reject]

    @property
    def valid(self) -> list[Planned[Item]]:
        return [p for chunk in self.chunks for p in chunk]

    def count(self, action: Action) -> int:
        return sum(1 for chunk in self.chunks for p in chunk if p.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "records": self.records,
            "new": self.count(Action.NEW),
            "changed": self.count(Action.CHANGED),
            "unchanged": self.count(Action.UNCHANGED),
            "rejected": len(self.rejects),
        }
