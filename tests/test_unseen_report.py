"""The same code reads reports whose sections, refs, wording and layout it has never seen.

Each report here is built in the test from invented content, in layouts the samples do not
use (other headings, another ref scheme, no rules at all, landscape), and must come back
exactly: no rule of the extractor may lean on the samples' text.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import THINGS, VERBS, WORDS, validate
from render import Column, Document, Row, TableStyle

from trackrecord import document_to_dict, extract_document


def invent(seed: int, n_sections: int = 3, per_section: int = 6) -> list[dict]:
    """Invented deliverables: sections, an 'HW-' style ref scheme, numbers, statuses, long text."""
    rnd = random.Random(seed)
    rows = []
    for s in range(n_sections):
        section = f"Theme {chr(65 + s)}: {rnd.choice(['Healthy Places', 'Net Zero', 'Good Homes', 'Safe Streets'])}"
        family = ["HW", "NZ", "GH", "SS"][s % 4]
        for i in range(per_section):
            target_n = rnd.randint(3, 400)
            target = f"{rnd.choice(VERBS)} at least {target_n} {rnd.choice(THINGS)} " + \
                " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 30))) + "."
            delivered = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10, 160))).capitalize() + "."
            rows.append({"ref": f"{family}{i + 1}", "section": section, "subsection": None,
                         "target": target, "delivered": delivered,
                         "status": rnd.choice(["Green", "Amber", "Red"])})
    return rows


def build(path: Path, rows: list[dict], columns: list[Column], style: TableStyle,
          orientation: str = "portrait", title: str = "Council plan 2021/22: half-year update",
          running_header: str = "") -> None:
    doc = Document(path, title, running_header=running_header)
    doc.new_page(orientation)  # type: ignore[arg-type]
    doc.heading(title)
    table_rows: list[Row] = []
    section = None
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            table_rows.append(Row("section", text=section))
        table_rows.append(Row("row", cells={"ref": r["ref"], "target": r["target"], "delivered": r["delivered"],
                                            "status": r["status"]}, status=r["status"]))
    doc.table(columns, table_rows, style)
    doc.save()


LAYOUTS = {
    "grid-ref-column": ([Column("No.", 0.08, "ref"), Column("Objective", 0.32, "target"),
                         Column("Update at 30 September 2021", 0.45, "delivered"),
                         Column("RAG", 0.15, "status", align="centre")], TableStyle(rules="grid"), "portrait"),
    "landscape-status-first": ([Column("Rating", 0.1, "status"), Column("Ref", 0.07, "ref"),
                                Column("Milestone", 0.35, "target"),
                                Column("Progress as at 30 Sep 2021", 0.48, "delivered")],
                               TableStyle(rules="horizontal", status_fill=False), "landscape"),
    "no-rules-prefix": ([Column("Action", 0.4, "target"), Column("Status", 0.1, "status"),
                         Column("Comments (end of September 2021)", 0.5, "delivered")],
                        TableStyle(rules="none", header_fill=None, section_fill=None, status_fill=False,
                                   ref_prefix=True, section_text=(0, 0, 0), row_gap=9), "portrait"),
    # the ref column has no heading at all (as in the 2017/18 seed's header row)
    "grid-blank-ref-heading": ([Column("", 0.07, "ref"), Column("Target", 0.35, "target"),
                                Column("Progress in the half year to 30 September 2021", 0.43, "delivered"),
                                Column("Status", 0.15, "status")], TableStyle(rules="grid"), "portrait"),
    "unruled-blank-ref-heading": ([Column("", 0.07, "ref"), Column("Commitment", 0.38, "target"),
                                   Column("Status", 0.1, "status"), Column("Update at 30 September 2021", 0.45,
                                                                           "delivered")],
                                  TableStyle(rules="horizontal", header_fill=None, section_fill=None,
                                             status_fill=False, section_text=(0, 0, 0)), "portrait"),
    # a header in plain type on white, like any other row
    "plain-header": ([Column("Ref", 0.07, "ref"), Column("Target", 0.35, "target"),
                      Column("Progress at 30 September 2021", 0.43, "delivered"), Column("RAG", 0.15, "status")],
                     TableStyle(rules="grid", header_bold=False, header_fill=None), "portrait"),
    # section rows that do not merge cells: bold text in the first cell of a ruled row
    "sections-in-first-cell": ([Column("Objective", 0.4, "target"), Column("Ref", 0.07, "ref"),
                                Column("Update at 30 September 2021", 0.4, "delivered"),
                                Column("RAG", 0.13, "status")],
                               TableStyle(rules="grid", section_merged=False, section_fill=None,
                                          section_text=(0, 0, 0)), "portrait"),
    # status only as a coloured dot in the cell
    "status-dots": ([Column("Ref", 0.07, "ref"), Column("Target", 0.35, "target"),
                     Column("Progress at 30 September 2021", 0.43, "delivered"), Column("Status", 0.15, "status")],
                    TableStyle(rules="grid", status_dot=True, status_word=False), "portrait"),
}


# the header only on the first page, and a running header line at the top of every page
LAYOUTS["grid-header-once"] = (LAYOUTS["grid-ref-column"][0], TableStyle(rules="grid", repeat_header=False),
                               "portrait")
LAYOUTS["unruled-header-once"] = (LAYOUTS["unruled-blank-ref-heading"][0],
                                  TableStyle(rules="horizontal", header_fill=None, section_fill=None,
                                             status_fill=False, section_text=(0, 0, 0), repeat_header=False),
                                  "portrait")
# status only as a coloured symbol in the cell (text, not a shape)
LAYOUTS["status-glyphs"] = ([Column("Ref", 0.07, "ref"), Column("Target", 0.35, "target"),
                             Column("Progress at 30 September 2021", 0.43, "delivered"),
                             Column("Status", 0.15, "status")],
                            TableStyle(rules="grid", status_fill=False, status_word=False, status_glyph=True),
                            "portrait")
RUNNING_HEADER = "Anytown Borough Council - Scrutiny Committee 14 November 2021 - Item 6"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("seed", [1, 2])
def test_unseen_report_comes_back_exactly(tmp_path: Path, layout: str, seed: int, schema_validator) -> None:
    columns, style, orientation = LAYOUTS[layout]
    rows = invent(seed)
    path = tmp_path / f"unseen-{layout}.pdf"
    build(path, rows, columns, style, orientation, running_header=RUNNING_HEADER if seed == 2 else "")
    doc = extract_document(path)
    out = document_to_dict(doc)
    validate(schema_validator, out)
    got = [{k: d[k] for k in ("ref", "section", "target", "delivered", "status")} for d in out["deliverables"]]
    want = [{k: r[k] for k in ("ref", "section", "target", "delivered", "status")} for r in rows]
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"row {i + 1}"
    assert out["period"]["year"] == "2021/22" and out["period"]["as_at"] == "2021-09-30"
    assert [d["target_value"] for d in out["deliverables"]] == [int(r["target"].split()[3]) for r in rows]
    assert doc.pages and doc.pages > 1, "the invented report should span pages"


@pytest.mark.parametrize("rotation", [90, 270])
def test_rotated_pages_read_as_displayed(tmp_path: Path, rotation: int) -> None:
    """A landscape table on portrait pages turned by /Rotate reads the same as the landscape original."""
    import pypdfium2 as pdfium

    columns, style, _ = LAYOUTS["grid-ref-column"]
    rows = invent(3)
    landscape = tmp_path / "landscape.pdf"
    build(landscape, rows, columns, style, "landscape")
    pdf = pdfium.PdfDocument(landscape)
    for page in pdf:
        w, h = page.get_width(), page.get_height()
        # the same drawing on a portrait page, turned so that it displays upright
        matrix = pdfium.PdfMatrix(0, 1, -1, 0, h, 0) if rotation == 90 else pdfium.PdfMatrix(0, -1, 1, 0, 0, w)
        for obj in list(page.get_objects(max_depth=1)):
            obj.transform(matrix)
        page.set_mediabox(0, 0, h, w)
        page.set_cropbox(0, 0, h, w)
        page.set_rotation(rotation)
        page.gen_content()
    rotated = tmp_path / "rotated.pdf"
    pdf.save(rotated)
    pdf.close()
    want = document_to_dict(extract_document(landscape))
    got = document_to_dict(extract_document(rotated))
    fields = ("ref", "section", "target", "delivered", "status")
    assert [{k: d[k] for k in fields} for d in got["deliverables"]] == \
        [{k: d[k] for k in fields} for d in want["deliverables"]]
    assert len(got["deliverables"]) == len(rows)
    first_want = want["deliverables"][0]["fields"]["target"]["source"]
    first_got = got["deliverables"][0]["fields"]["target"]["source"]
    assert first_got["page"] == first_want["page"]
    assert [round(v) for v in first_got["bbox"]] == [round(v) for v in first_want["bbox"]]


def test_dotted_refs_as_bold_prefixes(tmp_path: Path) -> None:
    rows = invent(8, n_sections=2, per_section=5)
    for r in rows:
        section, number = r["ref"][:2], int(r["ref"][2:])
        r["ref"] = f"{['HW', 'NZ', 'GH', 'SS'].index(section) + 1}.{number}"
    columns, style, orientation = LAYOUTS["no-rules-prefix"]
    path = tmp_path / "dotted.pdf"
    build(path, rows, columns, style, orientation)
    got = [d["ref"] for d in document_to_dict(extract_document(path))["deliverables"]]
    assert got == [r["ref"] for r in rows]


def test_text_after_the_table_is_not_read_as_rows(tmp_path: Path) -> None:
    """A closing paragraph under an unruled table, and an appendix table of another kind on the
    next page, are outside the monitoring table."""
    rows = invent(10, n_sections=1, per_section=4)
    columns, style, _ = LAYOUTS["no-rules-prefix"]
    path = tmp_path / "with-appendix.pdf"
    doc = Document(path, "Council plan 2021/22: half-year update")
    doc.new_page("portrait")
    doc.heading("Council plan 2021/22: half-year update")
    table_rows = [Row("section", text=rows[0]["section"])] + [
        Row("row", cells={k: r[k] for k in ("ref", "target", "delivered", "status")}, status=r["status"]) for r in rows]
    doc.table(columns, table_rows, style)
    doc.paragraph("The committee is asked to note progress against the plan and to agree the revised "
                  "milestones for the second half of the year, which officers will report in March.")
    doc.new_page("portrait")
    budget = [Column("Budget line", 0.5, "line"), Column("Allocated", 0.25, "alloc"), Column("Spent", 0.25, "spent")]
    doc.table(budget, [Row("row", cells={"line": f"Programme {i}", "alloc": f"{10 * i},000",
                                         "spent": f"{7 * i},500"}) for i in range(1, 6)],
              TableStyle(rules="horizontal", header_fill=None, status_fill=False))
    doc.save()
    out = document_to_dict(extract_document(path))
    assert [d["ref"] for d in out["deliverables"]] == [r["ref"] for r in rows]
    assert [d["delivered"] for d in out["deliverables"]] == [r["delivered"] for r in rows]
    reasons = {d["text"][:20]: d["reason"] for d in out["dropped"]}
    assert reasons["The committee is ask"] == "outside any table"
    assert any(d["text"].startswith("Programme 1") and d["reason"] == "outside any table" for d in out["dropped"])


def test_a_pdf_table_without_a_status_column(tmp_path: Path) -> None:
    rows = invent(11, n_sections=2, per_section=4)
    columns = [Column("Ref", 0.08, "ref"), Column("Objective", 0.4, "target"),
               Column("Update at 30 September 2021", 0.52, "delivered")]
    path = tmp_path / "no-status.pdf"
    build(path, rows, columns, TableStyle(rules="grid"))
    out = document_to_dict(extract_document(path))
    assert [(d["ref"], d["target"], d["delivered"]) for d in out["deliverables"]] == \
        [(r["ref"], r["target"], r["delivered"]) for r in rows]
    assert all(d["status"] is None and "status_missing" not in d["flags"] for d in out["deliverables"])


def test_quarter_columns_do_not_date_the_report(tmp_path: Path) -> None:
    """A quarterly table's "Q1".."Q4" headings name columns; the title's "Quarter 2" dates the report."""
    path = tmp_path / "housing.pdf"
    doc = Document(path, "Housing performance 2019/20 - Quarter 2")
    doc.new_page("landscape")
    doc.heading("Housing performance 2019/20 - Quarter 2")
    columns = [Column("Measure", 0.4, "deliverable"), Column("Annual target", 0.1, "target", align="right")] + [
        Column(f"Q{n}", 0.08, f"q{n}", align="right") for n in range(1, 5)] + [
        Column("Year to date", 0.09, "total", align="right"),
        Column("% of target", 0.09, "pct_achieved", align="right")]
    rows = [Row("row", cells={"deliverable": "Rent arrears recovered (£)", "target": "£2,500,000", "q1": "£610,000",
                              "q2": "£640,000", "total": "£1,250,000", "pct_achieved": "50%"})]
    doc.table(columns, rows, TableStyle(rules="grid"))
    doc.save()
    out = document_to_dict(extract_document(path))
    assert (out["period"]["year"], out["period"]["as_at"]) == ("2019/20", "2019-09-30")
    q = out["quarterly"][0]
    assert (q["target"], q["q1"], q["q2"], q["total"], q["pct_achieved"]) == (2500000, 610000, 640000, 1250000, 50)
