"""The table finder on small hand-built pages: header roles, columns, rows, spanning rows."""

from __future__ import annotations

from trackrecord.extract.fields.roles import NARRATIVE, classify_header, header_roles, role_of
from trackrecord.extract.model import Cell, Fill, LogicalRow, PageContent, RawRow, RawTable, Rule, Word
from trackrecord.extract.pdf.find import _same_header, find_tables, group_lines, settle_table_roles
from trackrecord.extract.pdf.structure import _assign_heading_levels, recover_rows
from trackrecord.extract.settings import ExtractSettings


def words(text: str, x: float, top: float, bold: bool = False, page: int = 1) -> list[Word]:
    """Words of a line at (x, top), 5 points per character, 8 point type."""
    out = []
    for token in text.split():
        out.append(Word(token, x, top, x + 5 * len(token), top + 9, page, size=8, bold=bold))
        x += 5 * len(token) + 3
    return out


def test_heading_roles_by_meaning() -> None:
    assert role_of("Traffic light: did we deliver what we said we would deliver?", NARRATIVE) == "status"
    assert role_of("Has the target been achieved?", NARRATIVE) == "status"
    assert role_of("RAG", NARRATIVE) == "status"
    assert role_of("What have we delivered by end of Dec 15", NARRATIVE) == "delivered"
    assert role_of("Deliverable", NARRATIVE) == "target"
    assert role_of("Ref", NARRATIVE) == "ref"
    kind, roles = classify_header(["Theme", "Deliverables", "2015/16 Target", "Q1 Apr - June", "Q2 July - Sept",
                                   "Total", "% achieved"])
    assert kind == "quarterly" and roles == ["theme", "deliverable", "target", "q1", "q2", "total",
                                             "pct_achieved"]
    assert classify_header(["Minutes", "Attendees"]) is None
    assert role_of("What we said we would do", NARRATIVE) == "target"
    assert role_of("Key activity", NARRATIVE) == "target"
    assert role_of("Project", NARRATIVE) == "target"
    assert role_of("RAG rating", NARRATIVE) == "status"
    assert role_of("Progress update", NARRATIVE) == "delivered"


def test_group_lines_keeps_columns_on_one_line_apart_from_the_next() -> None:
    lines = group_lines(words("left text", 10, 100) + words("right", 300, 101) + words("next", 10, 111))
    assert [ln.text for ln in lines] == ["left text right", "next"]


def ruled_page(rows: list[tuple[str, str, str]], page: int = 1, header: bool = True) -> PageContent:
    """A grid table: Target | Progress | Status, one line per cell, rules around every cell."""
    xs = [36, 236, 466, 560]
    ws: list[Word] = []
    rules: list[Rule] = []
    fills: list[Fill] = []
    top = 60.0
    if header:
        for x, h in zip(xs, ["Target", "Progress", "Status"]):
            ws += words(h, x + 3, top + 3, bold=True, page=page)
        rules.append(Rule(36, top, 560, top))
        top += 15
    for target, progress, status in rows:
        rules.append(Rule(36, top, 560, top))
        if target.startswith("#"):
            ws += words(target[1:], 39, top + 3, bold=True, page=page)
            top += 15
            continue
        for x, text in zip(xs, [target, progress, status]):
            ws += words(text, x + 3, top + 3, page=page)
        for x in xs:
            rules.append(Rule(x, top, x, top + 15))
        if status == "Green":
            fills.append(Fill(466, top, 560, top + 15, (0.4, 0.75, 0.35)))
        top += 15
    rules.append(Rule(36, top, 560, top))
    if header:
        for x in xs:
            rules.append(Rule(x, 60, x, 75))
    return PageContent(page, 595, 842, ws, rules, fills)


def test_ruled_table_rows_cells_fills_and_spanning_sections() -> None:
    page = ruled_page([("#Housing", "", ""), ("Build 10 homes", "Built 12", "Green"), ("Fix roofs", "Done", "")])
    tables, dropped = find_tables([page], ExtractSettings())
    assert len(tables) == 1 and [d.reason for d in dropped] == ["table header (narrative)"]
    table = tables[0]
    assert table.roles == ["target", "delivered", "status"] and table.ruled
    assert [r.kind for r in table.rows] == ["spanning", "body", "body"]
    assert [c.text for c in table.rows[1].cells] == ["Build 10 homes", "Built 12", "Green"]
    assert table.rows[1].cells[2].fill == (0.4, 0.75, 0.35)
    assert table.rows[2].cells[2].fill is None


def test_row_continued_on_a_page_without_a_header_is_joined() -> None:
    first = ruled_page([("Build 10 homes across", "Built 12", "Green")])
    second = ruled_page([("the district", "", "")], page=2, header=False)
    tables, _ = find_tables([first, second], ExtractSettings())
    rows = recover_rows(tables)
    assert len(rows) == 1
    assert rows[0].text("target") == "Build 10 homes across the district"
    assert rows[0].flags == ["continued_across_pages"]


def test_fills_inside_form_xobjects_are_placed_on_the_page(tmp_path) -> None:
    """Regression: shapes drawn in a form XObject came back at the form's origin, not the page's."""
    from reportlab.pdfgen.canvas import Canvas

    from trackrecord.extract.pdf.reader import read_pdf

    path = tmp_path / "form.pdf"
    c = Canvas(str(path))
    c.beginForm("cell")
    c.setFillColorRGB(0.4, 0.75, 0.35)
    c.rect(0, 0, 50, 20, stroke=0, fill=1)
    c.endForm()
    c.saveState()
    c.translate(300, 500)
    c.scale(2, 1)
    c.doForm("cell")
    c.restoreState()
    c.showPage()
    c.save()
    (fill,) = next(iter(read_pdf(path))).fills
    height = 841.89
    assert [round(v) for v in (fill.x0, fill.top, fill.x1, fill.bottom)] == [300, round(height - 520), 400,
                                                                            round(height - 500)]


def test_a_word_hyphenated_at_a_line_break_is_joined() -> None:
    from trackrecord.extract.model import Cell

    words = [Word("co-", 10, 100, 25, 109, 1, size=8), Word("hosting", 10, 110, 40, 119, 1, size=8),
             Word("well-", 45, 110, 65, 119, 1, size=8), Word("Known", 10, 120, 40, 129, 1, size=8)]
    # a hyphen at a line end before a lower-case word joins; before a capital it stays apart
    assert Cell(words, (0, 0, 100, 200), 1).text == "co-hosting well- Known"


def test_a_word_hyphenated_at_a_page_break_is_joined() -> None:
    """Regression (generated series, LibreOffice): "county-" at the foot of page 1, "wide" at the top
    of page 2 read "county- wide": the line test compared tops across pages."""
    from trackrecord.extract.model import Cell, pieces_text

    words = [Word("county-", 200, 788, 230, 799, 1, size=9), Word("wide", 120, 76, 140, 87, 2, size=9)]
    assert Cell(words, None, 1).text == "county-wide"
    assert pieces_text([Cell(words[:1], None, 1), Cell(words[1:], None, 2)]) == "county-wide"


def test_ligatures_and_invisible_characters_are_cleaned() -> None:
    from trackrecord.extract.fields.text import clean_text

    text = "\ufb01nancial e\ufb00ective ne\u00adver zero\u200bwidth"
    assert clean_text(text) == "financial effective never zerowidth"


def test_pieces_join_a_hyphenated_word_but_not_a_dash() -> None:
    """Regression: "planning permission -" + "working with…" became "-working" when pieces joined."""
    from trackrecord.extract.model import Cell, LogicalRow

    def piece(text: str) -> Cell:
        return Cell([Word(text, 0, 0, 0, 0, None)], None, None)

    row = LogicalRow("deliverable", "narrative", {"delivered": [piece("a self-"), piece("evaluation tool")],
                                                  "target": [piece("planning permission -"), piece("working with")]})
    assert row.text("delivered") == "a self-evaluation tool"
    assert row.text("target") == "planning permission - working with"


def test_a_cell_line_a_speck_pushes_over_a_column_edge_is_not_prose() -> None:
    """An unruled scanned table: dust read as a quote before a progress cell's first word puts the
    word 1.6 points over the column's left edge. The line is still a cell's, not a paragraph
    across the table (which would end the table there, losing the rows below); a word well
    across the edge is."""
    from types import SimpleNamespace

    from trackrecord.extract.pdf.find import _is_prose

    header = SimpleNamespace(columns=[(36.0, 236.56), (236.56, 278.32), (278.32, 559.68)])
    cell = group_lines(words("'Newcastle, Manchester, Bristol and Nottingham to promote the work.", 276.72, 468))
    assert not _is_prose(cell[0], header)  # type: ignore[arg-type]
    across = group_lines(words("the plan was agreed with partners and the council in June", 200, 468))
    assert _is_prose(across[0], header)  # type: ignore[arg-type]


def test_a_grid_goes_on_under_a_section_band_and_a_sub_heading_with_only_its_sides_ruled() -> None:
    """A deep section band, then a sub-heading row whose only upright rules are the table's sides,
    then rows ruled at every column edge again: one table. (On a scan the sides of the sub-heading
    came back as rules once rules beside dark bands were kept, and ended the table there.)"""
    xs = [36, 236, 466, 560]
    ws = [w for x, h in zip(xs, ["Target", "Progress", "Status"]) for w in words(h, x + 3, 63, bold=True)]
    rules = [Rule(36, 60, 560, 60), *(Rule(x, 60, x, 75) for x in xs)]
    top = 75.0

    def row(texts: list[str]) -> None:
        nonlocal top, ws
        rules.append(Rule(36, top, 560, top))
        for x, text in zip(xs, texts):
            ws += words(text, x + 3, top + 3)
        rules.extend(Rule(x, top, x, top + 15) for x in xs)
        top += 15

    row(["Build 10 homes", "Built 12", "Green"])
    rules.append(Rule(36, top, 560, top))
    ws += words("Housing and planning", 39, top + 8, bold=True)  # a section band 26 points deep
    fills = [Fill(36, top, 560, top + 26, (0.1, 0.2, 0.15))]
    top += 26
    rules += [Rule(36, top, 560, top), Rule(36, top, 36, top + 15), Rule(560, top, 560, top + 15)]
    ws += words("Sub heading", 39, top + 3, bold=True)  # its sides ruled, nothing between
    top += 15
    row(["Fix roofs", "Done", "Green"])
    row(["Plant trees", "Planted 40", "Amber"])
    rules.append(Rule(36, top, 560, top))
    tables, _ = find_tables([PageContent(1, 595, 842, ws, rules, fills)], ExtractSettings())
    assert len(tables) == 1
    bodies = [r.cells[0].text for r in tables[0].rows if r.kind == "body"]
    assert bodies == ["Build 10 homes", "Fix roofs", "Plant trees"]


def _table(page: int, headings: list[str], bodies: list[list[str]]) -> RawTable:
    rows = [RawRow("body", [Cell(words(text, 10 + 100 * i, 100 + 20 * n, page=page), None, page)
                            for i, text in enumerate(body)], (0, 100 + 20 * n, 400, 115 + 20 * n), page)
            for n, body in enumerate(bodies)]
    return RawTable(page, (0, 80, 400, 300), "narrative", headings, header_roles(headings)[1],
                    [(100 * i, 100 * i + 100) for i in range(len(headings))], rows, ruled=True)


def test_a_repeated_header_with_a_heading_cut_short_is_the_same_table() -> None:
    """A scan's repeated header whose status heading lost its second line ("Has the target"),
    over cells whose status words OCR could not read, keeps the status role the first page's
    header gave the table: its statuses are missing (and flagged), not a column of "other"."""
    full = ["Ref", "Target", "What have we delivered", "Has the target been achieved?"]
    first = _table(1, full, [["E1", "Run the zone for the councils", "We ran it twice this year", "Green"],
                             ["E2", "Publish the data for every council", "Published in June", "Amber"]])
    second = _table(2, ["Ref", "Target", "What have we delivered", "Has the target"],
                    [["E3", "Support twenty councils to engage", "Forty councils had support", "t ene"],
                     ["E4", "Review the offer with the sector", "Reviewed and agreed", "poco ee"]])
    misread = _table(3, ["Ref", "Targct", "What have we delivered", "Has the target been achieved?"],
                     [["E5", "Train the members of councils", "Trained sixty members", "Green"]])
    other = _table(4, ["Ref", "Target", "Budget"], [["B1", "Spend on training and travel", "£40,000"]])
    settle_table_roles([first, second, misread, other], ExtractSettings())
    assert first.roles == second.roles == misread.roles == ["ref", "target", "delivered", "status"]
    assert other.roles[:2] == ["ref", "target"] and "status" not in other.roles


def test_same_header_takes_misreads_and_cut_headings_but_not_other_columns() -> None:
    assert _same_header(["Ref", "Has the target been achieved?"], ["Ref", "Has the target"])
    assert _same_header(["Ref", "Progress update"], ["Ref", "Progress updatc"])
    assert not _same_header(["Ref", "Progress update"], ["Ref", "Progress update", "RAG"])
    assert not _same_header(["Ref", "Progress update"], ["Ref", "Budget"])
    assert not _same_header(["Ref", "Has the target been achieved?"], ["Ref", ""])


def _heading_row(text: str, style: tuple[object, ...], scanned: bool) -> LogicalRow:
    cell = Cell([Word(t, 10, 10, 20, 18, 1, size=8, ocr_conf=0.9 if scanned else None) for t in text.split()],
                (0, 0, 400, 20), 1)
    return LogicalRow("section", "narrative", {"heading": [cell]}, style=style)


def test_heading_levels_on_a_scan_allow_for_what_its_measure_wavers() -> None:
    """On a yellowed scan one section's band read a shade darker (0.9) than the others (1.0): the
    others are no sub-sections for it. Headings ending in a colon under them still are; on a
    digital page the same shades stay two levels."""
    scanned = [_heading_row("Efficiency and Productivity", (8.0, False, 1.0), True),
               _heading_row("Stronger Communities", (8.0, False, 0.9), True),
               _heading_row("Political leadership:", (8.0, False, 1.0), True),
               _heading_row("Workforce", (8.5, False, 1.0), True)]
    _assign_heading_levels(scanned)
    assert [r.kind for r in scanned] == ["section", "section", "subsection", "section"]
    digital = [_heading_row("Efficiency and Productivity", (8.0, False, 1.0), False),
               _heading_row("Stronger Communities", (8.0, False, 0.9), False)]
    _assign_heading_levels(digital)
    assert [r.kind for r in digital] == ["subsection", "section"]
    smaller = [_heading_row("Theme", (12.0, False, 1.0), True), _heading_row("Topic", (9.0, False, 1.0), True)]
    _assign_heading_levels(smaller)
    assert [r.kind for r in smaller] == ["section", "subsection"]
