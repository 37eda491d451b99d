"""Shared fixtures: the output contract's schema, as shipped in the package, checked on every output.

Every document a test turns into the contract's JSON (``document_to_dict``, which ``write_outputs``
also calls) is validated against the schema that ships with the code, so a flag or a kind the code
emits but the schema does not list fails whichever test produced it. Documents read in a child
process (the CLI's batch, the back-fill) are validated as this process writes them
(``write_together``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import validate

from trackrecord import contract
from trackrecord.extract import commit, emit
from trackrecord.extract.model import Document


@pytest.fixture(scope="session")
def schema_validator() -> jsonschema.Draft202012Validator:
    """The output contract's schema as the package ships it."""
    schema = contract.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(autouse=True)
def every_document_validates(monkeypatch: pytest.MonkeyPatch,
                             schema_validator: jsonschema.Draft202012Validator) -> None:
    """Wrap ``document_to_dict`` wherever it is bound, so each document made in a test is validated."""
    original = emit.document_to_dict

    def checked(doc: Document) -> dict[str, Any]:
        data = original(doc)
        validate(schema_validator, data)
        return data

    for module in list(sys.modules.values()):
        if getattr(module, "document_to_dict", None) is original:
            monkeypatch.setattr(module, "document_to_dict", checked)


@pytest.fixture(autouse=True)
def every_written_document_validates(monkeypatch: pytest.MonkeyPatch,
                                     schema_validator: jsonschema.Draft202012Validator) -> None:
    """Wrap ``write_together`` wherever it is bound: each document JSON written is validated."""
    original = commit.write_together

    def checked(contents: dict[Path, str]) -> list[Path]:
        for path, text in contents.items():
            if path.suffix == ".json" and path.name != "crosswalk.json":
                data = json.loads(text)
                if isinstance(data, dict) and "deliverables" in data:
                    validate(schema_validator, data)
        return original(contents)

    for module in list(sys.modules.values()):
        if getattr(module, "write_together", None) is original:
            monkeypatch.setattr(module, "write_together", checked)
