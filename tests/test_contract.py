"""The output contract as shipped: its schema and its text list exactly the vocabularies the code
defines, `trackrecord schema` prints it, and the tests' schema check really bites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from helpers import SAMPLES
from typer.testing import CliRunner

from trackrecord import contract, document_to_dict, extract_document
from trackrecord.cli import app
from trackrecord.contract import SCHEMA_VERSION, Flag, Kind
from trackrecord.extract.model import FieldValue, Source


def test_schema_lists_exactly_the_flags_the_code_defines() -> None:
    assert contract.schema()["$defs"]["flag"]["enum"] == [f.value for f in Flag]


def test_schema_lists_exactly_the_kinds_the_code_defines() -> None:
    assert contract.schema()["properties"]["source"]["properties"]["kind"]["enum"] == [k.value for k in Kind]


def test_every_flag_has_a_meaning_in_the_contract_text() -> None:
    """A flag the code may emit is explained to the people who read it."""
    text = contract.contract_text()
    explained = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE))
    assert {f.value for f in Flag} <= explained


def test_schema_version_is_one_the_schema_accepts() -> None:
    assert re.fullmatch(contract.schema()["properties"]["schema_version"]["pattern"], SCHEMA_VERSION)
    assert f'"schema_version": "{SCHEMA_VERSION}"' in contract.contract_text()


def test_schema_command_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.output == contract.schema_text()
    jsonschema.Draft202012Validator.check_schema(json.loads(result.output))
    words = CliRunner().invoke(app, ["schema", "--contract"])
    assert words.exit_code == 0 and words.output.startswith("# Output contract")


def test_a_flag_missing_from_the_schema_fails_the_test_that_emits_it() -> None:
    """The suite's own guard: document_to_dict is validated in every test, so an unknown flag fails."""
    doc = extract_document(SAMPLES / "lga-2017-18-q4.pdf")
    doc.deliverables[0].fields["status"] = FieldValue("Green", 0.5, ["not_a_flag"], Source(1, None))  # type: ignore[list-item]
    with pytest.raises(AssertionError, match="not_a_flag"):
        document_to_dict(doc)


def test_every_sample_output_validates(tmp_path: Path, schema_validator: jsonschema.Draft202012Validator) -> None:
    """Outputs on disk too (what a data officer loads), not only the dicts."""
    for path in sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*.txt")):
        doc = extract_document(path)
        from trackrecord import write_outputs
        written = write_outputs(doc, tmp_path)
        data = json.loads(written[0].read_text(encoding="utf-8"))
        errors = list(schema_validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message}"
