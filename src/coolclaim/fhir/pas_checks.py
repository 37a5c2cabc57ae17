"""Our own checks of the Da Vinci PAS request rules we rely on (fhir.resources checks no profiles).

`check_pas_bundle` returns every problem found, each with a stable code and the element's path;
an empty list means the bundle has the shape we send:

- PAS-TYPE          Bundle.type is `collection`
- PAS-BUNDLE-ID     Bundle.identifier and Bundle.timestamp are present
- PAS-FIRST-CLAIM   the first entry is a Claim
- PAS-USE           that Claim's use is `preauthorization`
- PAS-FULLURL       every entry has a fullUrl, and no two share one
- PAS-REFERENCE     every reference in every resource resolves to an entry of the bundle
- PAS-IDENTIFIER    the Claim, every Patient, Organization and Practitioner, and the Coverage
                    (identifier or subscriberId) carry an identifier with a system and a value
- PAS-FOCAL         exactly one Claim.insurance has focal = true
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from coolclaim.fhir.reading import bundle_json

_IDENTIFIED = ("Claim", "Patient", "Organization", "Practitioner")


@dataclass(frozen=True, slots=True)
class PasProblem:
    code: str
    path: str
    message: str


def _references(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every `reference` string under `value`, with its path (contained resources are not used by us)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield path, item
            else:
                yield from _references(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _references(item, f"{path}[{n}]")


def _has_identifier(resource: dict[str, Any]) -> bool:
    return any(i.get("system") and i.get("value") for i in resource.get("identifier", []))


def check_pas_bundle(bundle: Bundle) -> list[PasProblem]:
    """Every PAS rule we rely on that `bundle` breaks (empty when it has none)."""
    data = bundle_json(bundle)
    problems: list[PasProblem] = []
    if data.get("type") != "collection":
        problems.append(PasProblem("PAS-TYPE", "Bundle.type", f"is {data.get('type')!r}, must be 'collection'"))
    if not data.get("identifier", {}).get("value"):
        problems.append(PasProblem("PAS-BUNDLE-ID", "Bundle.identifier", "missing"))
    if not data.get("timestamp"):
        problems.append(PasProblem("PAS-BUNDLE-ID", "Bundle.timestamp", "missing"))
    entries: list[dict[str, Any]] = data.get("entry", [])
    first = entries[0].get("resource", {}) if entries else {}
    if first.get("resourceType") != "Claim":
        problems.append(
            PasProblem("PAS-FIRST-CLAIM", "Bundle.entry[0]", f"is {first.get('resourceType')!r}, must be a Claim")
        )
    else:
        if first.get("use") != "preauthorization":
            problems.append(
                PasProblem(
                    "PAS-USE", "Bundle.entry[0].resource.use", f"is {first.get('use')!r}, must be 'preauthorization'"
                )
            )
        focal = [n for n, ins in enumerate(first.get("insurance", [])) if ins.get("focal") is True]
        if len(focal) != 1:
            problems.append(
                PasProblem(
                    "PAS-FOCAL", "Bundle.entry[0].resource.insurance", f"{len(focal)} have focal = true, must be 1"
                )
            )
    urls: dict[str, int] = {}
    for n, entry in enumerate(entries):
        url = entry.get("fullUrl")
        if not url:
            problems.append(PasProblem("PAS-FULLURL", f"Bundle.entry[{n}].fullUrl", "missing"))
        elif url in urls:
            problems.append(
                PasProblem("PAS-FULLURL", f"Bundle.entry[{n}].fullUrl", f"{url} repeats entry[{urls[url]}]")
            )
        else:
            urls[url] = n
        resource = entry.get("resource", {})
        local = f"{resource.get('resourceType')}/{resource.get('id')}"
        if resource.get("id"):
            urls.setdefault(local, n)
    for n, entry in enumerate(entries):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        base = f"Bundle.entry[{n}].resource"
        for path, target in _references(resource, base):
            if target not in urls:
                problems.append(PasProblem("PAS-REFERENCE", path, f"{target} does not resolve inside the bundle"))
        if kind in _IDENTIFIED and not _has_identifier(resource):
            problems.append(PasProblem("PAS-IDENTIFIER", f"{base}.identifier", f"{kind} has no identifier"))
        if kind == "Coverage" and not (_has_identifier(resource) or resource.get("subscriberId")):
            problems.append(
                PasProblem("PAS-IDENTIFIER", f"{base}.identifier", "Coverage has no identifier or subscriberId")
            )
    return problems
