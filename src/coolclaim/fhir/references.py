"""Stable resource ids and `urn:uuid:` full URLs, so the same claim always gives the same Bundle."""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("6f1c1a52-4f1e-4c1e-9d55-0c001c1a1a00")


def resource_id(scope: str, role: str) -> str:
    """A UUID derived from what the bundle is about (`scope`, e.g. the claim id) and the resource's role in it."""
    return str(uuid.uuid5(_NAMESPACE, f"{scope}/{role}"))


def full_url(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"


def reference(resource_id: str) -> dict[str, str]:
    return {"reference": full_url(resource_id)}
