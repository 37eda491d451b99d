"""Write a sample report as a Word document and an Excel workbook: the PDF's twins in Office.

:class:`DocxDocument` and :class:`XlsxDocument` take the calls a sample's build function makes
of :class:`render.Document` (``new_page``, ``heading``, ``paragraph``, ``table``, ``save``), so
each sample is one description drawn three ways. What the Office files declare, and the PDF only
shows, is exercised on purpose:

- **Word**: the header row marked to repeat, section rows as one cell spanning the table
  (``gridSpan``) on a fill, sub-sections bold italic, status cells shaded in their colour (the
  word left out where the PDF shows colour alone), a ref as a bold run before the target, and a
  grouping column merged down over its rows (``vMerge``).
- **Excel**: the title rows above the header, section rows merged across the table, statuses
  as words whose colour comes from a conditional format's rule (sheets named in
  :data:`RULE_COLOURED`) or from the cell's own fill, a status shown by colour alone as a fill
  with no word, numbers as numbers in their formats (a percentage is 0.52 shown "52%"), a
  grouping column merged down, a hidden column of working notes, a hidden sheet, and a sheet of
  notes that is no monitoring table.

Both are written byte for byte the same every time (fixed dates inside and in the archive).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Literal

from render import STATUS_FILL, Column, Row, TableStyle

#: samples whose workbook colours statuses by conditional formatting rules, not fills of their own
RULE_COLOURED = ("lga-2017-18-q4", "lga-2015-16-q3-colour")
HIDDEN_NOTE = "working note: check with the lead officer before publishing"
FIXED = (2020, 1, 1, 0, 0, 0)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{round(c * 255):02X}" for c in rgb)


def _fixed_zip(path: Path) -> None:
    """Rewrite an Office file's archive with fixed dates, so the same content is the same bytes."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<", rb"<dcterms:\1\2>2020-01-01T00:00:00Z<",
                              data)
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def _number(text: str) -> tuple[float | None, str]:
    """A cell's printed number as a number and the format that prints it so: "1,700" → 1700 in
    "#,##0", "52%" → 0.52 in "0%"; text that is no plain number stays text (None)."""
    plain = text.strip()
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+", plain):
        return float(plain.replace(",", "")), "#,##0"
    if re.fullmatch(r"-?\d+", plain):
        return float(plain), "0"
    if re.fullmatch(r"-?\d+(\.\d+)?%", plain):
        digits = len(plain.rstrip("%").split(".")[1]) if "." in plain else 0
        return float(plain.rstrip("%")) / 100, "0" + ("." + "0" * digits if digits else "") + "%"
    return None, ""


class XlsxDocument:
    """A sample as an Excel workbook: one sheet per page orientation run, tables as cells."""

    def __init__(self, path: Path, title: str, footer: str = "", running_header: str = "") -> None:
        from openpyxl import Workbook

        self.path = path
        self.book = Workbook()
        self.book.properties.title = title
        self.book.properties.creator = "trackrecord samples"
        self.sheet = self.book.active
        self.sheet.title = "Report"
        self.row = 1
        self.started = False

    def new_page(self, orientation: Literal["portrait", "landscape"] | None = None) -> None:
        if self.started and self.row > 1:  # a table on a new page of its own: a sheet of its own
            self.sheet = self.book.create_sheet(f"Table {len(self.book.worksheets) + 1}")
            self.row = 1
        self.started = True

    def heading(self, text: str, size: float = 13) -> None:
        from openpyxl.styles import Font

        cell = self.sheet.cell(row=self.row, column=1, value=text)
        cell.font = Font(bold=True, size=size)
        self.row += 1

    def paragraph(self, text: str, size: float = 9) -> None:
        self.sheet.cell(row=self.row, column=1, value=text)
        self.row += 2

    def table(self, columns: list[Column], rows: list[Row], style: TableStyle) -> None:
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        sheet, width = self.sheet, len(columns)
        wrap = Alignment(wrap_text=True, vertical="top")
        header = self.row
        for c, column in enumerate(columns, start=1):
            cell = sheet.cell(row=header, column=c, value=column.heading)
            cell.font = Font(bold=style.header_bold, size=style.font_size)
            cell.alignment = wrap
            if style.header_fill:
                cell.fill = PatternFill("solid", fgColor=_hex(style.header_fill))
            sheet.column_dimensions[get_column_letter(c)].width = max(8, 100 * column.width)
        hidden = get_column_letter(width + 1)  # working notes nobody publishes
        sheet.cell(row=header, column=width + 1, value="Internal notes")
        sheet.column_dimensions[hidden].hidden = True
        by_rule = self.path.stem in RULE_COLOURED
        status_column = next((i for i, c in enumerate(columns, start=1) if c.role == "status"), None)
        r = header + 1
        merged_from: dict[int, int] = {}
        for row in rows:
            if row.kind != "row":
                cell = sheet.cell(row=r, column=1, value=row.text)
                fill = style.section_fill if row.kind == "section" else style.subsection_fill
                colour = style.section_text if (row.kind == "section" and fill) else (0, 0, 0)
                cell.font = Font(bold=True, italic=row.kind == "subsection", color=_hex(colour), size=style.font_size)
                if fill:
                    cell.fill = PatternFill("solid", fgColor=_hex(fill))
                if style.section_merged:
                    sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                self._close_merges(merged_from, r - 1)
                r += 1
                continue
            for c, column in enumerate(columns, start=1):
                text = row.cells.get(column.role, "") or ""
                cell = sheet.cell(row=r, column=c)
                cell.alignment = wrap
                cell.font = Font(size=style.font_size)
                if column.role in style.merge_roles:
                    if text:
                        self._close_merges({c: merged_from.pop(c)} if c in merged_from else {}, r - 1)
                        merged_from[c] = r
                    elif c in merged_from:
                        continue
                if column.role == "status":
                    worded = style.status_word and row.show_status_word
                    if row.status and style.status_fill and not (by_rule and worded):
                        cell.fill = PatternFill("solid", fgColor=_hex(STATUS_FILL[row.status.lower()]))
                    if not (style.status_word and row.show_status_word):
                        continue
                if column.role == "target" and style.ref_prefix and row.cells.get("ref"):
                    cell.value = CellRichText([TextBlock(InlineFont(b=True), row.cells["ref"] + ". "), text])
                    continue
                number, shape = _number(text) if column.align == "right" else (None, "")
                if number is not None:
                    cell.value = int(number) if shape in ("0", "#,##0") else number
                    cell.number_format = shape
                else:
                    cell.value = text or None
            sheet.cell(row=r, column=width + 1, value=HIDDEN_NOTE)
            r += 1
        self._close_merges(merged_from, r - 1)
        if by_rule and status_column is not None and style.status_fill:
            letter = get_column_letter(status_column)
            area = f"{letter}{header + 1}:{letter}{r - 1}"
            for status, rgb in STATUS_FILL.items():
                rule = CellIsRule(operator="equal", formula=[f'"{status.capitalize()}"'],
                                  fill=PatternFill("solid", bgColor=_hex(rgb)))
                sheet.conditional_formatting.add(area, rule)
        self.row = r + 1

    def _close_merges(self, merged_from: dict[int, int], last: int) -> None:
        for column, first in list(merged_from.items()):
            if last > first:
                self.sheet.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
            merged_from.pop(column)

    def save(self) -> None:
        notes = self.book.create_sheet("Notes")
        notes["A1"] = "Notes"
        notes["A2"] = "Statuses are reported by the lead officer for each deliverable at the end of the quarter."
        notes["A3"] = "Figures are provisional until the annual report is published."
        scratch = self.book.create_sheet("Scratch")
        scratch["A1"], scratch["B1"], scratch["C1"] = "Ref", "Target", "Status"
        scratch["A2"], scratch["B2"], scratch["C2"] = "X1", "A draft row nobody published", "Red"
        scratch.sheet_state = "hidden"
        self.book.save(self.path)
        _fixed_zip(self.path)


class DocxDocument:
    """A sample as a Word document: headings, paragraphs and tables as Word declares them."""

    def __init__(self, path: Path, title: str, footer: str = "", running_header: str = "") -> None:
        from docx import Document

        self.path = path
        self.document = Document()
        self.document.core_properties.title = title
        self.document.core_properties.author = "trackrecord samples"

    def new_page(self, orientation: Literal["portrait", "landscape"] | None = None) -> None:
        pass  # Word flows the text; a page of its own changes nothing that is read

    def heading(self, text: str, size: float = 13) -> None:
        self.document.add_heading(text, level=1 if size >= 12 else 2)

    def paragraph(self, text: str, size: float = 9) -> None:
        self.document.add_paragraph(text)

    def table(self, columns: list[Column], rows: list[Row], style: TableStyle) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"

        def shade(cell: object, rgb: tuple[float, float, float]) -> None:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), _hex(rgb))
            cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]

        def write(cell: object, runs: list[tuple[str, bool, bool]], colour: tuple[float, float, float] | None = None
                  ) -> None:
            paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
            for text, bold, italic in runs:
                run = paragraph.add_run(text)
                run.bold, run.italic = bold, italic
                run.font.size = Pt(style.font_size)
                if colour is not None:
                    run.font.color.rgb = RGBColor.from_string(_hex(colour))

        header = table.rows[0]
        header_properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        header_properties.append(repeat)
        for cell, column in zip(header.cells, columns):
            write(cell, [(column.heading, style.header_bold, False)])
            if style.header_fill:
                shade(cell, style.header_fill)
        merged_top: dict[int, object] = {}
        for row in rows:
            cells = table.add_row().cells
            if row.kind != "row":
                fill = style.section_fill if row.kind == "section" else style.subsection_fill
                colour = style.section_text if (row.kind == "section" and fill) else None
                first = cells[0].merge(cells[-1]) if style.section_merged else cells[0]
                write(first, [(row.text, True, row.kind == "subsection")], colour)
                if fill:
                    shade(first, fill)
                merged_top.clear()
                continue
            for c, (cell, column) in enumerate(zip(cells, columns)):
                text = row.cells.get(column.role, "") or ""
                if column.role in style.merge_roles:
                    if not text and c in merged_top:
                        merged_top[c] = merged_top[c].merge(cell)  # type: ignore[attr-defined]
                        continue
                    merged_top[c] = cell
                if column.role == "status":
                    if row.status and style.status_fill:
                        shade(cell, STATUS_FILL[row.status.lower()])
                    if not (style.status_word and row.show_status_word):
                        continue
                runs = [(text, False, False)]
                if column.role == "target" and style.ref_prefix and row.cells.get("ref"):
                    runs = [(row.cells["ref"] + ". ", True, False), (text, False, False)]
                write(cell, runs)
        self.document.add_paragraph("")

    def save(self) -> None:
        self.document.save(str(self.path))
        _fixed_zip(self.path)
