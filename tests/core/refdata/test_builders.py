"""One builder per reference-data file, called by the loader."""

from __future__ import annotations

import importlib
import inspect

import pytest

from coolclaim.refdata import loader
from coolclaim.refdata.errors import RefDataError


@pytest.mark.parametrize("name", loader.FILES)
def test_every_file_has_a_builder_with_build_and_load(name: str) -> None:
    module = importlib.import_module(f"coolclaim.refdata.builders.{name}")
    assert list(inspect.signature(module.build).parameters) == ["document"]
    assert list(inspect.signature(module.load).parameters) == ["directory"]
    assert module.build(loader.read_validated(name)) == module.load()


def test_validate_document_keeps_its_signature() -> None:
    assert list(inspect.signature(loader.validate_document).parameters) == ["name", "document", "schema"]
    with pytest.raises(RefDataError) as caught:
        loader.validate_document(
            "demo",
            {"rows": [{"n": "x"}]},
            {
                "type": "object",
                "properties": {"rows": {"type": "array", "items": {"properties": {"n": {"type": "integer"}}}}},
            },
        )
    assert caught.value.file == "demo.yaml"
    assert caught.value.problems == ["rows[0].n: 'x' is not of type 'integer'"]


def test_cross_file_reference_is_checked_by_the_loader() -> None:
    documents = loader.load_documents()
    documents["coverage_policies"]["policies"][0]["covered_sets"] = ["no_such_set"]
    with pytest.raises(RefDataError) as caught:
        loader.build(documents)
    assert caught.value.problems == ["policies[0].covered_sets: unknown code set no_such_set"]
