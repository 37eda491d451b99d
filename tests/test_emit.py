"""CSV for people: RFC 4180, UTF-8, nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

from helpers import SAMPLES

from trackrecord import extract_document, to_dataframe
from trackrecord.extract.emit import (
    DELIVERABLE_COLUMNS,
    QUARTERLY_COLUMNS,
    deliverables_csv,
    quarterly_csv,
    safe_cell,
)


def test_formula_starts_are_neutralised_but_numbers_are_not() -> None:
    for text in ["=SUM(A1)", "+44 20", "-3 councils", "@cmd", "\t=1"]:
        assert safe_cell(text).startswith("'")
    assert safe_cell(-5) == -5 and safe_cell(12.5) == 12.5 and safe_cell("Green") == "Green"


def test_csv_round_trips_with_quotes_commas_and_newlines() -> None:
    doc = extract_document(SAMPLES / "lga-2017-18-q4.pdf")
    text = deliverables_csv(doc)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == DELIVERABLE_COLUMNS
    assert len(rows) == len(doc.deliverables)
    for row, d in zip(rows, doc.deliverables):
        assert row["target"] == d.target and row["ref"] == (d.ref or "")
        assert row["flags"] == ";".join(d.flags)
        assert row["page"] == str(d.fields["target"].source.page)
        assert row["source_path"].endswith("lga-2017-18-q4.pdf")
    assert any('"' in d.target for d in doc.deliverables), "the sample has quoted text to escape"


def test_quarterly_csv_has_numbers_as_numbers() -> None:
    doc = extract_document(SAMPLES / "lga-2015-16-q3.pdf")
    rows = list(csv.DictReader(io.StringIO(quarterly_csv(doc))))
    assert list(rows[0]) == QUARTERLY_COLUMNS
    assert rows[0]["target"] == "100" and rows[0]["pct_achieved"] == "65" and rows[0]["q4"] == ""


def test_dataframe_for_notebooks() -> None:
    doc = extract_document(SAMPLES / "lga-2015-16-q3.pdf")
    frame = to_dataframe(doc)
    assert len(frame) == 26 and frame.loc[0, "status"] == "Amber"
    quarterly = to_dataframe(doc, "quarterly")
    assert quarterly["total"].sum() == sum(q.total for q in doc.quarterly if q.total is not None)


def test_csv_of_a_text_source_names_the_line() -> None:
    doc = extract_document(SAMPLES / "002_372153f7c699848e.txt")
    rows = list(csv.DictReader(io.StringIO(deliverables_csv(doc))))
    assert rows[0]["page"] == "" and rows[0]["line"] == "3" and rows[0]["ref"] == "E1"
