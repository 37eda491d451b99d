"""The degradation matrix (samples/degrade.py): made the same every time, and read as the issue asks.

The whole matrix is measured by ``bench/degradation.py`` (minutes of OCR); here a few cells
stand for it: a greyscale photocopy, whose colour fills become grey levels (statuses come
from the words, and a grey level never names a status).
"""

from __future__ import annotations

import json
from pathlib import Path

from degrade import MATRIX, degrade
from helpers import SAMPLES
from twins import _pair as pair
from twins import score

from trackrecord import document_to_dict, extract_document

BY_NAME = {d.name: d for d in MATRIX}


def test_a_matrix_cell_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    source = SAMPLES / "lga-2018-19-q2.pdf"
    first = degrade(source, tmp_path / "a.pdf", BY_NAME["yellowed+marks"]).read_bytes()
    assert degrade(source, tmp_path / "b.pdf", BY_NAME["yellowed+marks"]).read_bytes() == first
    assert degrade(source, tmp_path / "c.pdf", BY_NAME["yellowed+marks"], seed=2).read_bytes() != first


def _read(tmp_path: Path, twin: str, name: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    path = degrade(SAMPLES / f"{twin}.pdf", tmp_path / f"{twin}--{name}.pdf", BY_NAME[name])
    want = json.loads((SAMPLES / "expected" / f"{twin}.json").read_text(encoding="utf-8"))
    return document_to_dict(extract_document(path)), want


def test_a_greyscale_photocopy_of_an_unruled_report_meets_the_bar(tmp_path: Path) -> None:
    got, want = _read(tmp_path, "lga-2017-18-q4-unruled", "grey")
    result = score(got, want)
    assert (result.recovered, result.status_right, result.target_similar) == (39, 39, 39)
    assert result.unflagged_wrong == []


def test_a_greyscale_photocopy_never_turns_a_grey_fill_into_a_status(tmp_path: Path) -> None:
    """Status cells whose colour became grey: every row is found, and each status is the word the
    cell prints or null and flagged — never a colour read off a grey level."""
    got, want = _read(tmp_path, "lga-2015-16-q3-colour", "grey")
    assert score(got, want).recovered == 26
    wanted = {r["target"][:40]: r["status"] for r in want["deliverables"]}
    for row in got["deliverables"]:
        status = row["fields"]["status"]
        assert "status_from_colour" not in status["flags"]
        if row["status"] is None:
            assert "status_missing" in status["flags"]
        else:
            assert row["status"] == wanted.get(row["target"][:40], row["status"])


def test_a_heading_band_a_scan_finds_rules_through_is_still_a_heading(tmp_path: Path) -> None:
    """A 150 dpi JPEG copy: the column rules are found running through the section bands (the
    smear joins them); a bold line whose words stand across those rules is a heading, so every
    row keeps its section."""
    got, want = _read(tmp_path, "lga-2018-19-q2", "jpeg")
    pairs = pair(got["deliverables"], want["deliverables"])
    assert all(g is not None for _, g in pairs)
    assert [g["section"] for _, g in pairs if g is not None] == [w["section"] for w, _ in pairs]
