"""Every sample report's output equals its hand-checked expectation, and fits the contract."""

from __future__ import annotations

import pytest
from helpers import SAMPLE_IDS, SAMPLES, expected, sample_path, validate

from trackrecord import document_to_dict, extract_document

NARRATIVE = ("ref", "section", "subsection", "status", "target", "delivered", "target_value",
             "delivered_value")
QUARTERLY = ("theme", "deliverable", "target", "q1", "q2", "q3", "q4", "total", "pct_achieved", "commentary")


@pytest.fixture(scope="module", params=SAMPLE_IDS)
def sample(request: pytest.FixtureRequest) -> tuple[str, dict]:
    doc = extract_document(sample_path(request.param))
    return request.param, document_to_dict(doc)


def test_there_are_samples_of_each_layout() -> None:
    assert len(SAMPLE_IDS) >= 4


def test_deliverables_equal_expectation(sample: tuple[str, dict]) -> None:
    doc_id, out = sample
    want = expected(doc_id)["deliverables"]
    got = [{k: d[k] for k in want[0]} for d in out["deliverables"]] if want else []
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"deliverable {i + 1} differs"


def test_quarterly_rows_equal_expectation(sample: tuple[str, dict]) -> None:
    doc_id, out = sample
    want = expected(doc_id)["quarterly"]
    got = [{k: q[k] for k in want[0]} for q in out["quarterly"]] if want else []
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"quarterly row {i + 1} differs"


def test_dropped_and_warnings_equal_expectation(sample: tuple[str, dict]) -> None:
    doc_id, out = sample
    want = expected(doc_id)
    if "dropped" in want:
        assert [{"line": x["source"]["line"], "reason": x["reason"]} for x in out["dropped"]] == want["dropped"]
    if "warnings" in want:
        assert out["warnings"] == want["warnings"]


def test_every_line_of_a_text_source_is_accounted_for(sample: tuple[str, dict]) -> None:
    """Each non-blank line is in some field's provenance or in dropped: nothing silently lost."""
    doc_id, out = sample
    if out["source"]["kind"] != "text":
        return
    seen = {x["source"]["line"] for x in out["dropped"]}
    for record in out["deliverables"] + out["quarterly"]:
        for f in record["fields"].values():
            seen |= {s["line"] for s in f.get("pieces", [f["source"]])}
    lines = sample_path(doc_id).read_text(encoding="utf-8").split("\n")
    assert [i for i, line in enumerate(lines, 1) if line.strip() and i not in seen] == []


def test_period(sample: tuple[str, dict]) -> None:
    doc_id, out = sample
    assert {k: out["period"][k] for k in ("year", "as_at")} == expected(doc_id)["period"]
    assert out["period"]["confidence"] >= 0.8


def test_output_validates_against_contract_schema(sample: tuple[str, dict], schema_validator) -> None:
    validate(schema_validator, sample[1])


def test_each_deliverable_once_with_unique_ids(sample: tuple[str, dict]) -> None:
    _, out = sample
    ids = [d["id"] for d in out["deliverables"]] + [q["id"] for q in out["quarterly"]]
    assert len(ids) == len(set(ids))
    # two rows may share a target's wording (E6 and LC2 do; LC2 reports "See E6"): whole rows differ
    rows = [(d["ref"], d["target"], d["delivered"]) for d in out["deliverables"]]
    assert len(rows) == len(set(rows))
    assert [d["seq"] for d in out["deliverables"]] == list(range(1, len(rows) + 1))


def test_provenance_points_into_the_page(sample: tuple[str, dict]) -> None:
    """Every field has a page and a box inside the page, so an auditor can find it."""
    _, out = sample
    for record in out["deliverables"] + out["quarterly"]:
        for name, field in record["fields"].items():
            source = field["source"]
            if out["source"]["kind"] == "text":  # text sources: a line, no page or box
                assert source["page"] is None and source["bbox"] is None and source["line"] >= 1, name
                continue
            assert source["page"] is not None and 1 <= source["page"] <= out["source"]["pages"], name
            x0, top, x1, bottom = source["bbox"]
            assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 842, (record["id"], name)


def test_confidence_is_honest(sample: tuple[str, dict]) -> None:
    """A flagged field is below 0.8; a field without flags is at or above it."""
    _, out = sample
    for record in out["deliverables"] + out["quarterly"]:
        for name, field in record["fields"].items():
            doubts = [f for f in field["flags"] if f != "continued_across_pages"]
            if doubts:
                assert field["confidence"] < 0.8, (record["id"], name, field)
            else:
                assert field["confidence"] >= 0.8, (record["id"], name, field)
        assert record["confidence"] == min(f["confidence"] for f in record["fields"].values())


def test_ruled_sample_joins_rows_split_by_page_breaks() -> None:
    out = document_to_dict(extract_document(SAMPLES / "lga-2017-18-q4.pdf"))
    continued = [d for d in out["deliverables"] if "continued_across_pages" in d["flags"]]
    assert continued, "the ruled sample has rows split across pages"
    for d in continued:
        pieces = [f.get("pieces", [f["source"]]) for f in d["fields"].values()]
        pages = {p["page"] for ps in pieces for p in ps}
        assert len(pages) >= 2


def test_colour_sample_reads_status_from_fill_and_flags_it() -> None:
    out = document_to_dict(extract_document(SAMPLES / "lga-2015-16-q3-colour.pdf"))
    from_colour = [d for d in out["deliverables"] if "status_from_colour" in d["fields"]["status"]["flags"]]
    assert len(from_colour) == 9
    assert all(d["fields"]["status"]["raw"] is None for d in from_colour)


def test_repeated_headers_are_accounted_for_in_dropped() -> None:
    out = document_to_dict(extract_document(SAMPLES / "lga-2017-18-q4.pdf"))
    repeated = [d for d in out["dropped"] if d["reason"] == "repeated header row"]
    assert len(repeated) == out["source"]["pages"] - 1
