"""Word and Excel files read as they are: each sample's Office twins read exactly like its PDF, every
field's provenance is the cell it came from, and what a workbook declares (conditional formats,
theme colours, hidden rows, columns and sheets, number formats, formulas) is read as declared."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document as WordDocument
from helpers import SAMPLE_IDS, SAMPLES, expected, validate
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.formatting.rule import CellIsRule, FormulaRule, Rule
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.styles.differential import DifferentialStyle
from typer.testing import CliRunner
from word_excel import HIDDEN_NOTE

from trackrecord import LimitExceeded, UnreadableDocument, document_to_dict, extract_document
from trackrecord.cli import app
from trackrecord.extract.office import legacy
from trackrecord.extract.office.xlsx import shown

NARRATIVE = ("ref", "section", "subsection", "status", "target", "delivered", "target_value", "delivered_value")
OFFICE = SAMPLES / "office"
PDF_SAMPLES = [s for s in SAMPLE_IDS if (SAMPLES / f"{s}.pdf").exists()]
TWINS = [(s, suffix) for s in PDF_SAMPLES for suffix in (".docx", ".xlsx")]


def twin(doc_id: str, suffix: str) -> Path:
    """A sample's Word or Excel twin (a folder per form: the twins share the sample's document id)."""
    return OFFICE / suffix[1:] / f"{doc_id}{suffix}"


@pytest.fixture(scope="module")
def twins() -> dict[tuple[str, str], dict[str, Any]]:
    """Every sample's Word and Excel twin, extracted once."""
    return {(s, suffix): document_to_dict(extract_document(twin(s, suffix))) for s, suffix in TWINS}


@pytest.mark.parametrize("doc_id,suffix", TWINS)
def test_an_office_twin_reads_exactly_like_its_pdf(twins: dict[tuple[str, str], dict[str, Any]], doc_id: str,
                                                   suffix: str, schema_validator: Any) -> None:
    out = twins[doc_id, suffix]
    want = expected(doc_id)
    assert [{k: d[k] for k in NARRATIVE} for d in out["deliverables"]] == want["deliverables"]
    quarterly = [{k: q[k] for k in want["quarterly"][0]} for q in out["quarterly"]] if want["quarterly"] else []
    assert quarterly == want["quarterly"]
    assert {k: out["period"][k] for k in ("year", "as_at")} == want["period"]
    assert out["source"]["kind"] == suffix[1:] and out["source"]["pages"] is None
    validate(schema_validator, out)
    # and the PDF says the same, doubt for doubt, but for the page breaks only the PDF has
    pdf = document_to_dict(extract_document(SAMPLES / f"{doc_id}.pdf"))
    paged = "continued_across_pages"
    assert [(d["status"], d["flags"]) for d in out["deliverables"]] == \
        [(d["status"], [f for f in d["flags"] if f != paged]) for d in pdf["deliverables"]]


def _sheet_cell(book: Any, address: str) -> str:
    sheet, cell = address.rsplit("!", 1)
    value = book[sheet.strip("'")][cell.split(":")[0]].value
    return "" if value is None else str(value)


def _word_cell(document: Any, address: str) -> str:
    table, row, column = (int(part.split()[-1]) for part in address.split(", "))
    return str(document.tables[table - 1].rows[row - 1].cells[column - 1].text)


@pytest.mark.parametrize("doc_id,suffix", TWINS)
def test_every_field_points_at_its_cell(twins: dict[tuple[str, str], dict[str, Any]], doc_id: str,
                                        suffix: str) -> None:
    """Each field's ``cell`` names the cell an auditor opens to find the value: the cell's text holds
    the field's raw text (a status shown by colour alone: the cell is the coloured one, empty)."""
    out = twins[doc_id, suffix]
    path = twin(doc_id, suffix)
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path, rich_text=False)
        text_at = lambda address: _sheet_cell(book, address)  # noqa: E731
    else:
        document = WordDocument(str(path))
        text_at = lambda address: _word_cell(document, address)  # noqa: E731
    checked = 0
    for record in out["deliverables"] + out["quarterly"]:
        for name, field in record["fields"].items():
            source = field["source"]
            assert source["page"] is None and source["bbox"] is None and source["cell"], (name, source)
            if field["raw"] is None:
                continue
            cell = " ".join(text_at(source["cell"]).split())
            if name in ("target_value", "delivered_value", "matches_deliverable"):
                continue  # read out of a sentence or derived: the sentence's cell, checked as target/delivered
            raw = " ".join(field["raw"].split())
            assert raw in cell or raw.replace(",", "") in cell.replace(",", "") or \
                (name == "pct_achieved" and float(raw.rstrip("%")) == pytest.approx(100 * float(cell))), \
                (record["id"], name, source["cell"], raw, cell)
            checked += 1
    assert checked > 50


def test_hidden_columns_and_sheets_never_become_fields(twins: dict[tuple[str, str], dict[str, Any]]) -> None:
    for (doc_id, suffix), out in twins.items():
        if suffix != ".xlsx":
            continue
        texts = [f["raw"] or "" for r in out["deliverables"] + out["quarterly"] for f in r["fields"].values()]
        texts += [x["text"] for x in out["dropped"]]
        assert not any(HIDDEN_NOTE in t or "A draft row nobody published" in t for t in texts), doc_id
        assert "sheet 'Scratch' is hidden: not read" in out["warnings"]
        assert any(x["source"]["cell"] == "Notes!A2" and x["reason"] == "outside any table" for x in out["dropped"])


# -- workbooks made here, each for one thing a sheet declares --------------------------------------

GREEN, AMBER, RED = "66BF59", "FFBF00", "E6331F"


def _tracker(path: Path, statuses: list[str]) -> openpyxl.Workbook:
    """A small tracker: a title, a header, one row per status (target, progress, status)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet["A1"] = "Delivery plan 2019/20: progress at 31 March 2020"
    sheet.append([])
    sheet.append(["Ref", "Target", "Progress", "Status"])
    for i, status in enumerate(statuses, start=1):
        sheet.append([f"D{i}", f"Deliver the {i} thing of the plan", f"Work on the {i} thing went on", status])
    book.save(path)
    return book


def _statuses(path: Path) -> list[tuple[str | None, list[str]]]:
    out = document_to_dict(extract_document(path))
    return [(d["status"], d["fields"]["status"]["flags"]) for d in out["deliverables"]]


def test_a_status_shown_only_by_a_conditional_formats_colour_is_read(tmp_path: Path) -> None:
    """The words are there for the rules to test but hidden by the number format ";;;": what shows
    is the colour each rule gives. Rules of each common kind; one the reader does not evaluate is
    named in a warning and its cell left unread, never guessed."""
    path = tmp_path / "rules.xlsx"
    book = _tracker(path, ["Green", "Amber", "Red", "Done"])
    sheet = book.active
    for row in range(4, 8):
        sheet[f"D{row}"].number_format = ";;;"
    sheet.conditional_formatting.add("D4:D7", CellIsRule(operator="equal", formula=['"Green"'],
                                                         fill=PatternFill("solid", bgColor=GREEN)))
    sheet.conditional_formatting.add("D4:D7", Rule(type="containsText", operator="containsText", text="Amber",
                                                   dxf=DifferentialStyle(fill=PatternFill("solid", bgColor=AMBER))))
    sheet.conditional_formatting.add("D4:D7", FormulaRule(formula=['$D4="Red"'],
                                                          fill=PatternFill("solid", bgColor=RED)))
    sheet.conditional_formatting.add("D4:D7", FormulaRule(formula=['COUNTIF($D$4:$D$7,D4)>0'],
                                                          fill=PatternFill("solid", bgColor=GREEN)))
    book.save(path)
    got = _statuses(path)
    assert got == [("Green", ["status_from_colour", "hidden_text"]), ("Amber", ["status_from_colour", "hidden_text"]),
                   ("Red", ["status_from_colour", "hidden_text"]), (None, ["status_missing"])]
    warnings = document_to_dict(extract_document(path))["warnings"]
    assert any("conditional format's rule was not evaluated: D4:D7 (expression)" in w for w in warnings)


def test_theme_colours_and_tints_are_resolved(tmp_path: Path) -> None:
    """Fills styled from the theme store no RGB, only a slot and a tint. In the theme openpyxl
    writes (Office 2007's), accent 3 is green (9BBB59), accent 6 orange (F79646), accent 2 red
    (C0504D): lightened, darkened or not, they are the statuses they look; a grey slot (background
    2) is none."""
    path = tmp_path / "theme.xlsx"
    book = _tracker(path, ["", "", "", ""])
    sheet = book.active
    sheet["D4"].fill = PatternFill("solid", fgColor=Color(theme=6, tint=0.4))
    sheet["D5"].fill = PatternFill("solid", fgColor=Color(theme=9, tint=-0.25))
    sheet["D6"].fill = PatternFill("solid", fgColor=Color(theme=5))
    sheet["D7"].fill = PatternFill("solid", fgColor=Color(theme=2, tint=-0.1))
    book.save(path)
    assert [s for s, _ in _statuses(path)] == ["Green", "Amber", "Red", None]


def test_hidden_rows_are_not_read_and_numbers_show_as_formatted(tmp_path: Path) -> None:
    path = tmp_path / "hidden.xlsx"
    book = _tracker(path, ["Green", "Red", "Amber"])
    sheet = book.active
    sheet.row_dimensions[5].hidden = True  # D2, a row taken out of the published view
    book.save(path)
    out = document_to_dict(extract_document(path))
    assert [d["ref"] for d in out["deliverables"]] == ["D1", "D3"]
    assert out["deliverables"][1]["fields"]["target"]["source"]["cell"] == "Tracker!B6"


def test_a_sheet_used_to_its_last_row_is_read_as_the_cells_it_holds(tmp_path: Path) -> None:
    """A note left in row 1,048,000 makes the sheet's used range a million rows: the grid is the
    rows that hold cells, and their addresses are the sheet's."""
    path = tmp_path / "far.xlsx"
    book = _tracker(path, ["Green", "Red"])
    book.active["A1048000"] = "checked by the finance team"
    book.save(path)
    out = document_to_dict(extract_document(path))
    assert [d["status"] for d in out["deliverables"]] == ["Green", "Red"]
    assert any(x["source"]["cell"] == "Tracker!A1048000" for x in out["dropped"] + [
        {"source": f["source"]} for d in out["deliverables"] for f in d["fields"].values()])


def test_a_merged_group_whose_first_row_is_hidden_still_shows_its_value(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    book = _tracker(path, ["Green", "Amber", "Red"])
    sheet = book.active
    sheet.merge_cells("D4:D6")  # one status for the three rows, its value in D4 ...
    sheet.row_dimensions[4].hidden = True  # ... whose row is hidden
    book.save(path)
    out = document_to_dict(extract_document(path))
    assert [(d["ref"], d["status"]) for d in out["deliverables"]] == [("D2", "Green"), ("D3", "Green")]


@pytest.mark.parametrize("value,number_format,text", [
    (0.25, "0%", "25%"), (0.125, "0.0%", "12.5%"), (1700, "#,##0", "1,700"), (1700, "General", "1700"),
    (3.5, "0.00", "3.5"), (True, "General", "TRUE"), (dt.datetime(2018, 3, 31), "dd/mm/yyyy", "2018-03-31"),
])
def test_a_number_reads_as_it_shows(value: Any, number_format: str, text: str) -> None:
    assert shown(value, number_format) == text


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(-10**12, 10**12), st.floats(-1e12, 1e12, allow_nan=False)),
       st.sampled_from(["General", "0", "0.00", "#,##0", "#,##0.00", "0%", "0.0%"]))
def test_a_number_shown_reads_back_as_the_number(value: float, number_format: str) -> None:
    """Whatever a cell holds, what is shown parses back to its value (to ten significant figures):
    no exponent, no lost sign, the percent sign where the format puts it."""
    text = shown(value, number_format)
    assert "e" not in text.lower()
    number = float(text.rstrip("%").replace(",", "")) / (100 if text.endswith("%") else 1)
    assert number == pytest.approx(value, rel=1e-9, abs=1e-9)


def test_a_formula_is_read_from_its_saved_value_and_flagged_without_one(tmp_path: Path) -> None:
    """openpyxl saves formulas with no value (as a program that does not calculate would): such a
    cell is empty and flagged; a value Excel saved beside its formula is read."""
    path = tmp_path / "formulas.xlsx"
    book = _tracker(path, ["Green", "Green"])
    book.active["C5"] = '=CONCATENATE("Work on the ","2 thing went on")'
    book.save(path)
    out = document_to_dict(extract_document(path))
    progress = out["deliverables"][1]["fields"]["delivered"]
    assert out["deliverables"][1]["delivered"] is None and progress["flags"] == ["formula_not_cached"]
    assert progress["confidence"] < 0.8 and progress["source"]["cell"] == "Tracker!C5"
    # the same workbook as Excel saves it: the value kept beside the formula
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(saved, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</f><v></v>", b"</f><v>Work on the 2 thing went on</v>").replace(
                    b"</f><v />", b"</f><v>Work on the 2 thing went on</v>")
                if b"Work on the 2 thing went on</v>" not in data:
                    data = data.replace(b"</f>", b"</f><v>Work on the 2 thing went on</v>", 1)
                data = data.replace(b'<c r="C5"', b'<c r="C5" t="str"')
            target.writestr(info, data)
    got = document_to_dict(extract_document(saved))["deliverables"][1]
    assert got["delivered"] == "Work on the 2 thing went on" and got["fields"]["delivered"]["flags"] == []


# -- bounded ---------------------------------------------------------------------------------------------

def test_a_zip_bomb_is_one_line_inside_the_limit(tmp_path: Path) -> None:
    """A Word document whose body inflates to 24 MB against a 16 MB limit (the default is 256):
    refused by its declared size, before anything reads it."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(twin("lga-2018-19-q2", ".docx")) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(24):
                part.write(chunk)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(LimitExceeded, match=r"word/document.xml\) inflates to 24 MB \(limit: max_stream_mb 16\)"):
        extract_document(bomb, {"max_stream_mb": 16})


def test_a_sheet_of_too_many_cells_is_refused_by_counting_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook()
    for row in range(3000):
        book.active.append([row, "x", "y"])
    book.save(path)
    with pytest.raises(LimitExceeded, match=r"holds 9,000 cells \(limit: max_page_objects 5,000\)"):
        extract_document(path, {"max_page_objects": 5000})


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)])
def test_a_damaged_office_file_is_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "damaged.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as caught:
        extract_document(path)
    assert "\n" not in str(caught.value)


def test_a_zip_that_is_no_office_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(UnreadableDocument, match="neither a Word document nor an Excel workbook"):
        extract_document(path)


def test_a_workbook_with_macros_and_external_links_is_read_and_nothing_runs(tmp_path: Path) -> None:
    """An .xlsm carries a VBA project and a link to another workbook: the cells are read; the macro
    is never run and the linked file never opened (it does not exist; nothing asks for it)."""
    path = tmp_path / "macro.xlsm"
    with zipfile.ZipFile(twin("lga-2018-19-q2", ".xlsx")) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub Auto_Open(): Shell \"touch /tmp/pwned\"")
        target.writestr("xl/externalLinks/externalLink1.xml",
                        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                        b'relationships"/></externalLink>')
    out = document_to_dict(extract_document(path))
    assert len(out["deliverables"]) == 37
    assert not Path("/tmp/pwned").exists()


# -- legacy formats ----------------------------------------------------------------------------------------

def _convert(source: Path, target_format: str, folder: Path) -> Path:
    """Make a legacy file the way an old office did: LibreOffice saving the modern twin as .doc/.xls."""
    import subprocess

    profile = folder / "profile"
    subprocess.run([legacy.soffice() or "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", target_format, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / f"{source.stem}.{target_format}"


@pytest.mark.parametrize("suffix,legacy_suffix", [(".docx", "doc"), (".xlsx", "xls")])
def test_a_legacy_doc_or_xls_is_converted_and_read(tmp_path: Path, suffix: str, legacy_suffix: str) -> None:
    old = _convert(twin("lga-2018-19-q2", suffix), legacy_suffix, tmp_path)
    renamed = tmp_path / f"report.{legacy_suffix}"
    shutil.move(old, renamed)
    out = document_to_dict(extract_document(renamed))
    want = expected("lga-2018-19-q2")["deliverables"]
    assert [{k: d[k] for k in NARRATIVE} for d in out["deliverables"]] == want
    assert out["warnings"][0] == \
        f"a legacy .{legacy_suffix} file, converted to .{legacy_suffix}x by LibreOffice to be read"


def test_a_legacy_file_without_libreoffice_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "WordDocument".encode("utf-16-le") + bytes(400))
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(UnreadableDocument, match=r"a legacy Word file \(.doc\): reading it needs LibreOffice "
                                                 r"\(soffice\), which is not installed"):
        extract_document(path)


# -- the CLI -----------------------------------------------------------------------------------------------

def test_the_cli_reads_a_folder_of_office_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for doc_id, suffix in (("lga-2017-18-q4", ".xlsx"), ("lga-2017-18-q4-unruled", ".docx")):
        shutil.copy(twin(doc_id, suffix), folder / f"{doc_id}{suffix}")
    (folder / "notes.zip").write_bytes(b"PK\x03\x04")  # not a report suffix: skipped
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    csv = (tmp_path / "out" / "lga-2017-18-q4.deliverables.csv").read_text(encoding="utf-8")
    header, first = csv.splitlines()[:2]
    assert header.endswith(",cell") and first.endswith(",Report!B6")  # title, paragraph, header, section, E1


# -- any grid at all -------------------------------------------------------------------------------------

WORDS = st.sampled_from(["Ref", "Target", "Progress", "Status", "Green", "Amber", "E1", "Deliver 10 things",
                         "Section A", "", "", "52%", "Q1", "Q2", "Deliverables", "Total"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=6), min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(0, 11), st.integers(0, 5), st.integers(1, 3), st.integers(1, 3)), max_size=3))
def test_any_grid_of_cells_reads_or_says_it_has_no_table(rows: list[list[str]],
                                                         merges: list[tuple[int, int, int, int]]) -> None:
    """Whatever a table's cells hold and however they merge, the Office path gives records whose
    every source names a cell of the grid, or says there is no monitoring table: never a crash."""
    from trackrecord.contract import Kind
    from trackrecord.extract.errors import NoTableFound
    from trackrecord.extract.office import recover_office
    from trackrecord.extract.office.grid import Addresses, OfficeBook, OfficeCell, OfficeTable, Run
    from trackrecord.extract.pipeline import normalise_deliverables
    from trackrecord.extract.settings import ExtractSettings

    width = max(len(r) for r in rows)
    grid: list[list[OfficeCell | None]] = [[OfficeCell([Run(t)] if t else [], r, c) for c, t in enumerate(row)]
                                           + [None] * (width - len(row)) for r, row in enumerate(rows)]
    for top, left, down, across in merges:  # a merge covers its positions with one cell
        if top < len(grid) and left < width:
            cell = OfficeCell([Run("Merged text")], top, left, min(down, len(grid) - top), min(across, width - left))
            for r in range(top, top + cell.rows):
                for c in range(left, left + cell.columns):
                    grid[r][c] = cell
    names = Addresses("Sheet1", [chr(65 + c) for c in range(width)], list(range(1, len(grid) + 1)))
    book = OfficeBook(Kind.XLSX, [OfficeTable(1, grid, names)])
    try:
        found = recover_office(book, Path("grid.xlsx"), ExtractSettings())
    except NoTableFound:
        return
    records = normalise_deliverables(found.rows, "grid", ExtractSettings(), set())
    for record in records:
        for field in record.fields.values():
            assert field.source.page == 1 and (field.source.bbox is not None or field.raw is None)


def test_word_tables_of_one_header_are_one_table_and_a_heading_between_them_is_a_section(tmp_path: Path) -> None:
    """A Word report split into tables by headings ("Workforce", then a table with the same header):
    one table, the heading over the rows of the second; its first row is a row of its own even
    with no ref and its text starting in lower case (no page break splits a Word row)."""
    document = WordDocument()
    document.add_heading("Delivery plan 2019/20: progress at 31 March 2020", level=1)
    for section, rows in (("Peer support", [("P1", "Deliver 10 peer reviews", "Green")]),
                          ("Workforce", [("", "support for 20 councils", "Amber"), ("W2", "Train 30 leaders", "Red")])):
        document.add_heading(section, level=2)
        table = document.add_table(rows=1, cols=3)
        for cell, heading in zip(table.rows[0].cells, ("Ref", "Target", "Status")):
            cell.text = heading
        for values in rows:
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
    path = tmp_path / "split.docx"
    document.save(str(path))
    out = document_to_dict(extract_document(path))
    got = [(d["section"], d["ref"], d["target"], d["status"]) for d in out["deliverables"]]
    assert got == [("Peer support", "P1", "Deliver 10 peer reviews", "Green"),
                   ("Workforce", None, "support for 20 councils", "Amber"),
                   ("Workforce", "W2", "Train 30 leaders", "Red")]
    assert out["deliverables"][0]["fields"]["section"]["source"]["cell"] == "paragraph 2"
    assert out["period"]["year"] == "2019/20" and not any("continued_across_pages" in d["flags"]
                                                          for d in out["deliverables"])


def test_a_sheet_of_two_tables_and_a_note_below_reads_each_in_its_kind(tmp_path: Path) -> None:
    """A tracker sheet with its deliverables, then (two rows down) a table of numbers by quarter,
    then, far below, a note: two tables of their own kinds, the note set aside."""
    path = tmp_path / "two.xlsx"
    book = _tracker(path, ["Green", "Amber"])
    sheet = book.active
    sheet.append([])
    sheet.append(["Theme", "Deliverables", "Target", "Q1", "Q2", "Q3", "Q4", "Total"])
    sheet.append(["Peer support", "Peer challenges delivered", 100, 18, 13, 34, None, 65])
    sheet["A20"] = "Figures are provisional."
    book.save(path)
    out = document_to_dict(extract_document(path))
    assert [d["ref"] for d in out["deliverables"]] == ["D1", "D2"]
    assert [(q["deliverable"], q["q3"], q["total"]) for q in out["quarterly"]] == \
        [("Peer challenges delivered", 34, 65)]
    assert {"text": "Figures are provisional.", "reason": "outside any table"} in [
        {k: x[k] for k in ("text", "reason")} for x in out["dropped"]]
    assert [t["cell"] for t in out["tables"]] == ["Tracker!A3:D5", "Tracker!A7:H8"]


def test_a_trackers_short_rows_are_rows_not_headers(tmp_path: Path) -> None:
    """Rows whose cells are short and say "deliver" and "progress" name columns as a header does;
    in plain type under a header they are rows (the table is not cut into a table per row)."""
    path = tmp_path / "short.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Target", "Progress", "Status"])
    for i in range(1, 31):
        sheet.append([f"T{i}", f"Deliver commitment {i}", "Progress made as planned", "Green"])
    book.save(path)
    out = document_to_dict(extract_document(path))
    assert len(out["deliverables"]) == 30 and len(out["tables"]) == 1


def test_a_word_tables_declared_header_row_is_its_header_in_plain_type(tmp_path: Path) -> None:
    """A header row marked to repeat on every page (``tblHeader``) is the header even in plain type
    naming only two known columns, which a row of a table alone would not be taken for."""
    from docx.oxml import OxmlElement

    document = WordDocument()
    table = document.add_table(rows=1, cols=3)
    for cell, heading in zip(table.rows[0].cells, ("Commitment", "Notes", "Progress")):
        cell.text = heading
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in (("Deliver 10 peer reviews", "J. Smith", "Eight done"), ("Train 30 leaders", "A. Khan", "All")):
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    path = tmp_path / "declared.docx"
    document.save(str(path))
    out = document_to_dict(extract_document(path))
    assert [d["target"] for d in out["deliverables"]] == ["Deliver 10 peer reviews", "Train 30 leaders"]
