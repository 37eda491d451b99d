"""Legacy text extractions: variations made here, and properties on arbitrary input.

The seeds themselves are checked exactly in test_samples.py. Here the parser meets damage
it has not seen in them: invented sections and ref schemes, rows in another order, a garbled
copy of another row, rows split at other points.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import SAMPLES, THINGS, VERBS, WORDS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trackrecord import NoTableFound, UnreadableDocument, document_to_dict, extract_document
from trackrecord.extract.fields.text import plain_characters

SECTIONS = ["Healthy Places", "Net Zero Transition", "Good Homes for All", "Safe and Strong Streets"]
HEADER = "Ref\tObjective\tProgress at 30 September 2021\tRAG"


def invent(seed: int, families: tuple[str, ...] = ("HW", "NZ", "GH")) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for s, family in enumerate(families):
        for i in range(rnd.randint(3, 6)):
            target = f"{rnd.choice(VERBS)} at least {rnd.randint(3, 300)} {rnd.choice(THINGS)} " + \
                " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 20))) + "."
            delivered = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 60))).capitalize() + "."
            rows.append({"ref": f"{family}{i + 1}", "section": SECTIONS[s], "target": target,
                         "delivered": delivered, "status": rnd.choice(["Green", "Amber", "Red"])})
    return rows


def write(path: Path, rows: list[dict], lines_for: dict[int, list[str]] | None = None) -> Path:
    """Write rows as a text extraction: section lines, one line per row unless told otherwise."""
    out = ["Council plan 2021/22", HEADER]
    section = None
    for i, r in enumerate(rows):
        if r["section"] != section:
            section = r["section"]
            out.append(f"\t{section}\t\t")
        out += (lines_for or {}).get(i) or [f"{r['ref']}\t{r['target']}\t{r['delivered']}\t{r['status']}"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def records(path: Path) -> list[dict]:
    out = document_to_dict(extract_document(path))
    return [{k: d[k] for k in ("ref", "section", "target", "delivered", "status")} for d in out["deliverables"]]


def expected_records(rows: list[dict]) -> list[dict]:
    return [{k: r[k] for k in ("ref", "section", "target", "delivered", "status")} for r in rows]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_invented_report_with_another_ref_scheme_and_sections(tmp_path: Path, seed: int) -> None:
    rows = invent(seed)
    assert records(write(tmp_path / "plan.txt", rows)) == expected_records(rows)


def test_rows_in_another_order(tmp_path: Path) -> None:
    rows = invent(4)
    rnd = random.Random(4)
    shuffled = sorted(rows, key=lambda r: (r["section"], rnd.random()))
    assert records(write(tmp_path / "plan.txt", shuffled)) == expected_records(shuffled)


@pytest.mark.parametrize("at", [0.3, 0.5, 0.8])
def test_a_row_split_over_lines_at_another_point(tmp_path: Path, at: float) -> None:
    rows = invent(5)
    r = rows[2]
    t_words, d_words = r["target"].split(), r["delivered"].split()
    t_cut, d_cut = max(1, int(len(t_words) * at)), max(1, int(len(d_words) * at))
    # the continuation must start mid-sentence, as a line of a cell does
    while t_cut < len(t_words) and t_words[t_cut][:1].isupper():
        t_cut += 1
    lines = [f"{r['ref']}\t{' '.join(t_words[:t_cut])}\t{' '.join(d_words[:d_cut])}\t{r['status']}",
             f"\t{' '.join(t_words[t_cut:])}\t{' '.join(d_words[d_cut:]).lower()}\t"]
    got = document_to_dict(extract_document(write(tmp_path / "plan.txt", rows, {2: lines})))
    want = expected_records(rows)
    want[2]["delivered"] = " ".join(d_words[:d_cut] + [w.lower() for w in d_words[d_cut:]])
    assert [{k: d[k] for k in want[0]} for d in got["deliverables"]] == want
    assert "rejoined_lines" in got["deliverables"][2]["flags"]


def garble(text: str, rnd: random.Random) -> str:
    """An OCR-like copy: some letters confused, some words mangled."""
    swaps = {"e": "c", "a": "o", "l": "1", "o": "0", "n": "rn", "s": "5", "i": "l"}
    out = []
    for word in text.split():
        if rnd.random() < 0.45:
            word = "".join(swaps.get(ch, ch) if rnd.random() < 0.5 else ch for ch in word)
        out.append(word)
    return " ".join(out)


def test_a_garbled_copy_of_a_row_under_a_wrong_ref_is_dropped(tmp_path: Path) -> None:
    rows = invent(6)
    rnd = random.Random(6)
    victim = rows[4]
    copy = f"{rows[3]['ref']}\t{garble(victim['target'], rnd)}\t{garble(victim['delivered'], rnd)}\tGrcen"
    original = f"{victim['ref']}\t{victim['target']}\t{victim['delivered']}\t{victim['status']}"
    out = document_to_dict(extract_document(write(tmp_path / "plan.txt", rows, {4: [copy, original]})))
    assert [{k: d[k] for k in ("ref", "section", "target", "delivered", "status")} for d in out["deliverables"]] \
        == expected_records(rows)
    reasons = {d["reason"] for d in out["dropped"]}
    assert f"garbled copy of row {victim['ref']} (under ref {rows[3]['ref']})" in reasons


def test_garbled_refs_are_repaired_and_missing_ones_inferred(tmp_path: Path) -> None:
    rows = invent(7, families=("HW",))
    lines = {1: [f"Ξ{2}\t{rows[1]['target']}\t{rows[1]['delivered']}\t{rows[1]['status']}"],
             2: [f"\t{rows[2]['target']}\t{rows[2]['delivered']}\t{rows[2]['status']}"]}
    got = document_to_dict(extract_document(write(tmp_path / "plan.txt", rows, lines)))
    by_ref = {d["ref"]: d for d in got["deliverables"]}
    assert list(by_ref) == [r["ref"] for r in rows]
    assert by_ref["HW2"]["fields"]["ref"]["flags"] == ["ref_repaired"]  # Ξ2 has no family of its own
    assert by_ref["HW3"]["fields"]["ref"]["flags"] == ["ref_inferred"]


def test_text_is_detected_by_content_not_extension(tmp_path: Path) -> None:
    renamed = tmp_path / "report-2015.pdf"
    renamed.write_bytes((SAMPLES / "000_a697e2d45aa348d4.txt").read_bytes())
    doc = extract_document(renamed)
    assert doc.kind == "text" and len(doc.deliverables) == 26 and doc.pages is None


CELLS = st.one_of(
    st.sampled_from(["", "E1", "≣4", "000", "Green", "Croon", "C. 66", "65%", "10070", "n/a", "_", "12",
                     "Deliver at least 10 councils.", "and devolution areas,", "Workforce:", "* holding"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r\x00"), max_size=40),
)
LINES = st.lists(st.lists(CELLS, min_size=1, max_size=6).map("\t".join), max_size=25)
HEADERS = st.sampled_from(["", HEADER,
                           "\tTarget\tWhat have we delivered by end of March 2018\tHas the target been achieved?",
                           "Theme\tDeliverables\t2015/16 Target\tQ1 Apr - June\tQ2 July - Sept\tQ3 Oct - Dec\t"
                           "Q4 Jan - Mar\tTotal\t% achieved\tCommentary"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADERS, body=LINES, extra=LINES)
@example(header="Ref\tObjective\tProgress at 30 September 2021\tRAG", body=[], extra=["E1", "\xad"])
def test_arbitrary_text_never_crashes_and_loses_no_line(tmp_path: Path, header: str, body: list[str],
                                                        extra: list[str]) -> None:
    path = tmp_path / "random.txt"
    lines = [header, *body, *extra]
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        out = document_to_dict(extract_document(path))
    except (NoTableFound, UnreadableDocument):  # a clear refusal is an answer, not a crash
        return
    seen = {x["source"]["line"] for x in out["dropped"]}
    for record in out["deliverables"] + out["quarterly"]:
        for f in record["fields"].values():
            seen |= {s["line"] for s in f.get("pieces", [f["source"]])}
    # a line of invisible characters only (a lone soft hyphen) is blank to a reader
    assert [i for i, line in enumerate(lines, 1) if plain_characters(line).strip() and i not in seen] == []
    for record in out["deliverables"] + out["quarterly"]:
        for f in record["fields"].values():
            assert 0 <= f["confidence"] <= 1


def test_zero_padded_refs_and_a_gap_in_their_scheme(tmp_path: Path) -> None:
    rows = invent(9, families=("PS",))
    for i, r in enumerate(rows):
        r["ref"] = f"PS-{i + 1:02d}"
    lines = {2: [f"\t{rows[2]['target']}\t{rows[2]['delivered']}\t{rows[2]['status']}"]}
    got = document_to_dict(extract_document(write(tmp_path / "plan.txt", rows, lines)))
    assert [d["ref"] for d in got["deliverables"]] == [r["ref"] for r in rows]
    assert got["deliverables"][2]["fields"]["ref"]["flags"] == ["ref_inferred"]


def test_a_table_without_status_or_ref_columns(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Commitment\tProgress to date\n"
                    "Build 200 new homes by March.\tPlanning consent granted for 120 homes.\n"
                    "Open two library hubs.\tThe first hub opened in June.\n"
                    "Train 50 apprentices.\tThirty-two apprentices have started.\n", encoding="utf-8")
    out = document_to_dict(extract_document(path))
    assert [d["target"] for d in out["deliverables"]] == [
        "Build 200 new homes by March.", "Open two library hubs.", "Train 50 apprentices."]
    for d in out["deliverables"]:  # the document reports no status: a clean null, not a doubt
        assert d["status"] is None and "status_missing" not in d["flags"]


def test_a_text_extraction_that_lost_its_header_row(tmp_path: Path) -> None:
    rows = invent(12, families=("HW", "NZ"))
    path = write(tmp_path / "headless.txt", rows)
    text = path.read_text(encoding="utf-8").replace(HEADER + "\n", "")
    path.write_text(text, encoding="utf-8")
    out = document_to_dict(extract_document(path))
    assert [{k: d[k] for k in ("ref", "target", "delivered", "status")} for d in out["deliverables"]] == \
        [{k: r[k] for k in ("ref", "target", "delivered", "status")} for r in rows]
    assert any("no header row" in w for w in out["warnings"])
