"""Reads the YAML reference files, keeping dates as plain strings for the schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type: dates stay strings until validated."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_PlainLoader)  # noqa: S506 - a SafeLoader subclass
