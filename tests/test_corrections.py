"""An auditor's corrections file, applied by the next extraction: the value is the auditor's, the
document's reading is kept beside it, and a correction made on another reading is reported, never
applied to something else. Through the CLI, as a data officer reruns a batch."""

from __future__ import annotations

import functools
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from trackrecord.cli import app
from trackrecord.extract.model import Document
from trackrecord.extract.pipeline import extract_document
from trackrecord.review.corrections import (
    FORMAT,
    Correction,
    CorrectionsError,
    apply_corrections,
    load_corrections,
    row_fingerprint,
    save_corrections,
)

TEXT = SAMPLES / "000_a697e2d45aa348d4.txt"
DOC = "000_a697e2d45aa348d4"


@pytest.fixture(scope="module")
def read() -> dict[str, Any]:
    """The sample as extracted, as the review site shows it (records by id, the source's sha256)."""
    doc = extract_document(TEXT)
    records = {d.id: d for d in doc.deliverables} | {q.id: q for q in doc.quarterly}
    return {"sha256": doc.sha256, "records": records}


def _mark(read: dict[str, Any], record: str, field: str, action: str = "corrected", value: Any = None
          ) -> dict[str, Any]:
    r = read["records"][record]
    entry = {"doc_id": DOC, "sha256": read["sha256"], "record": record, "row": row_fingerprint(r), "field": field,
             "action": action, "was": getattr(r, field), "value": value, "note": "checked against p. 4 of the "
             "printed copy", "by": "A. Auditor", "at": "2026-12-02T10:00:00Z"}
    return entry


def _run(tmp_path: Path, entries: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps({"format": FORMAT, "corrections": entries}), encoding="utf-8")
    source = tmp_path / "in" / TEXT.name
    source.parent.mkdir(exist_ok=True)
    shutil.copy(TEXT, source)
    result = CliRunner().invoke(app, ["extract", str(source), "--out", str(tmp_path / "out"),
                                      "--corrections", str(path)])
    return result, json.loads((tmp_path / "out" / f"{DOC}.json").read_text(encoding="utf-8"))


def _record(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in data["deliverables"] + data["quarterly"] if r["id"] == rid)


def test_a_correction_and_a_check_are_applied_and_recorded(tmp_path: Path, read: dict[str, Any]) -> None:
    was = read["records"][f"{DOC}/004"].status
    assert was == "Green"
    result, data = _run(tmp_path, [_mark(read, f"{DOC}/004", "status", value="Red"),
                                   _mark(read, f"{DOC}/004", "target_value", value="1,200"),
                                   _mark(read, f"{DOC}/001", "target", action="checked")])
    assert result.exit_code == 0, result.output
    row = _record(data, f"{DOC}/004")
    assert row["status"] == "Red" and row["target_value"] == 1200
    status = row["fields"]["status"]
    assert status["raw"] == "Green"  # what the document says stays
    assert "corrected" in status["flags"] and "corrected" in row["flags"] and status["confidence"] == 1
    assert status["correction"] == {"by": "A. Auditor", "at": "2026-12-02T10:00:00Z",
                                    "note": "checked against p. 4 of the printed copy", "value_was": "Green"}
    assert row["fields"]["target_value"]["correction"]["value_was"] == 20
    checked = _record(data, f"{DOC}/001")["fields"]["target"]
    assert checked["checked"]["by"] == "A. Auditor" and checked["confidence"] == 1
    assert "corrected" not in checked["flags"] and "correction" not in checked
    csv = (tmp_path / "out" / f"{DOC}.deliverables.csv").read_text(encoding="utf-8")
    assert any(line.startswith(f"{DOC}/004,") and ",Red," in line for line in csv.splitlines())
    assert "1 corrected" in result.output
    # applied again on the next rerun: the same reading, the same result
    again, data2 = _run(tmp_path, [_mark(read, f"{DOC}/004", "status", value="Red")])
    assert again.exit_code == 0 and _record(data2, f"{DOC}/004")["status"] == "Red"


@pytest.mark.parametrize(("overrides", "says"), [
    ({"sha256": "0" * 64}, "the source file changed since it was reviewed"),
    ({"record": f"{DOC}/999"}, "the document has no such record now"),
    ({"row": "0123456789abcdef"}, "the row reads differently now"),
    ({"was": "Amber"}, 'the value is "Green" now, not "Amber" as reviewed'),
    ({"field": "colour"}, "the record has no field 'colour'"),
    ({"value": "Purple"}, "'Purple' is not a status"),
])
def test_a_correction_made_on_another_reading_is_reported_not_applied(
        tmp_path: Path, read: dict[str, Any], overrides: dict[str, Any], says: str) -> None:
    result, data = _run(tmp_path, [_mark(read, f"{DOC}/004", "status", value="Red") | overrides])
    assert result.exit_code == 0
    assert _record(data, f"{DOC}/004")["status"] == "Green"
    lines = [line for line in result.output.splitlines() if "not applied" in line]
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("warning: ")
    assert any(says in w for w in data["warnings"])


def test_a_bad_corrections_file_is_one_line_and_nothing_is_extracted(tmp_path: Path) -> None:
    for text, says in (("{", "is not JSON"), ('{"format": "other", "corrections": []}', "not a corrections file"),
                       (json.dumps({"format": FORMAT, "corrections": [{"doc_id": 3}]}), "correction 1 is malformed")):
        path = tmp_path / "c.json"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["extract", str(TEXT), "--out", str(tmp_path / "out"),
                                          "--corrections", str(path)])
        assert result.exit_code == 2 and says in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert not (tmp_path / "out").exists()


def test_the_last_mark_on_a_field_wins_and_the_file_round_trips(tmp_path: Path, read: dict[str, Any]) -> None:
    first = _mark(read, f"{DOC}/004", "status", value="Red")
    second = _mark(read, f"{DOC}/004", "status", action="checked")
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"format": FORMAT, "corrections": [first, second]}), encoding="utf-8")
    loaded = load_corrections(path)
    assert [c.action for c in loaded] == ["checked"]
    save_corrections(loaded, tmp_path / "again.json")
    assert load_corrections(tmp_path / "again.json") == loaded


def test_quarterly_numbers_are_corrected_as_numbers(read: dict[str, Any]) -> None:
    doc = extract_document(TEXT)
    q = doc.quarterly[0]
    c = Correction(DOC, doc.sha256, q.id, row_fingerprint(q), "q4", "corrected", q.q4, "7")
    assert apply_corrections(doc, [c]) == []
    assert q.q4 == 7.0 and q.fields["q4"].correction is not None


@functools.cache
def _doc() -> Document:
    return extract_document(TEXT)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_as_a_status_correction_is_a_status_or_reported(text: str) -> None:
    """Whatever an auditor types: a status by its name (any case), empty for none, else reported."""
    doc = _doc()
    d = doc.deliverables[3]
    d.status, d.fields["status"] = "Green", replace(d.fields["status"], correction=None)
    c = Correction(DOC, doc.sha256, d.id, row_fingerprint(d), "status", "corrected", "Green", text)
    problems = apply_corrections(doc, [c])
    wanted = text.strip().lower()
    if not wanted:
        assert d.status is None and not problems
    elif wanted in ("green", "amber", "red", "blue"):
        assert d.status == wanted.title() and not problems
    else:
        assert d.status == "Green" and len(problems) == 1


def test_load_refuses_what_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(CorrectionsError, match="cannot read corrections file"):
        load_corrections(tmp_path)
