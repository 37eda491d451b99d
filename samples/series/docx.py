"""Render a report as a Word document (python-docx) and convert it to PDF with LibreOffice (headless).

The document draws what :mod:`.html` draws: an A4 section (portrait or landscape, 12-14 mm
margins) in Liberation Sans or Serif with no hyphenation; the title in bold; paragraphs; a
status key as swatches (a small table of shaded cells and labels) or as one line of text;
record blocks as ruled two-column tables or as "Label: value" paragraphs; page breaks; and
tables with fixed column widths in proportion to the spec (a column too narrow for its longest
word widened to hold it, so no word breaks inside). A table's caption is a bold line above it,
its header row repeats on every page (``w:tblHeader``) in bold on no fill, a light fill or a
dark fill with white text, and its rules are a grid, lines under every row, none at all
(borders set to nil) or zebra stripes between white lines. Section rows are one cell
across the table (bold on grey; a subsection bold italic), goal-level columns are one
vertically merged cell over their group's rows, status cells are shaded in their colour,
symbols are coloured runs, and a hidden status word is a small run in its cell's own colour:
in the PDF's text layer, not visible on the page. Rows may break across pages.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT as VALIGN
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from PIL import ImageFont

from .html import ZEBRA, _spans
from .spec import CellSpec, ColumnSpec, LegendSpec, RecordBlocksSpec, Report, RowSpec, TableSpec

FONTS = {"sans": "Liberation Sans", "serif": "Liberation Serif"}
HEADER_FILL = {"bold": None, "fill": "#d9e1f2", "dark": "#1f3864"}
SECTION_FILL = "#bfbfbf"
WHITE = "#ffffff"
BODY_SIZE = 9.0
HIDDEN_SIZE = 6.0
SWATCH_WIDTH = 28.0  # points
CELL_PADDING = (2.0, 4.0, 2.0, 4.0)  # points: top, left, bottom, right
LABEL_PADDING = (2.0, 6.0, 2.0, 4.0)  # a key's label, a little apart from its swatch
SOFFICE_TIMEOUT = 120  # seconds

#: a border line: (width in eighths of a point, colour); None draws no line
Line = tuple[int, str] | None
EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
BLACK_LINE: Line = (6, "#000000")  # 0.75 pt
RULES: dict[str, dict[str, Line]] = {
    "grid": dict.fromkeys(EDGES, BLACK_LINE),
    "zebra": dict.fromkeys(EDGES, (12, WHITE)),  # 1.5 pt
    "horizontal": {**dict.fromkeys(EDGES), "bottom": BLACK_LINE, "insideH": BLACK_LINE},
    "none": dict.fromkeys(EDGES),
}
SWATCH_LINE: Line = (4, "#000000")  # 0.5 pt

# the order of children that Word requires in table and cell properties
TBL_PR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
          "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
          "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
TC_PR = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
         "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


# -- WordprocessingML helpers ---------------------------------------------------------------

def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...]) -> None:
    """Put child in parent in its schema place, replacing any element of its tag."""
    tag = next(t for t in order if qn(t) == child.tag)
    parent.remove_all(tag)
    parent.insert_element_before(child, *order[order.index(tag) + 1:])


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _borders(tag: str, edges: dict[str, Line]) -> BaseOxmlElement:
    borders = _el(tag)
    for edge, line in edges.items():
        attrs = {"val": "nil"} if line is None else {"val": "single", "sz": str(line[0]), "space": "0",
                                                     "color": _hex(line[1])}
        borders.append(_el(f"w:{edge}", **attrs))
    return borders


def _margins(tag: str, top: float, left: float, bottom: float, right: float) -> BaseOxmlElement:
    margins = _el(tag)
    for edge, points in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(_el(f"w:{edge}", w=str(round(points * 20)), type="dxa"))
    return margins


def _shade(cell: _Cell, colour: str | None) -> None:
    if colour:
        _put(cell._tc.get_or_add_tcPr(), _el("w:shd", val="clear", color="auto", fill=_hex(colour)), TC_PR)


def _repeat_header(table: Table, row: int) -> None:
    table.rows[row]._tr.get_or_add_trPr().append(_el("w:tblHeader"))


# -- the document ---------------------------------------------------------------------------

def _page(section: Section, orientation: str) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Mm(14)
    section.left_margin = section.right_margin = Mm(12)


def _defaults(doc: WordDocument, font: str) -> None:
    """The document's default font, size and colour, single spacing, 4 pt after paragraphs, no hyphenation."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    paragraph = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    assert run is not None and paragraph is not None
    for child in [*run, *paragraph]:
        child.getparent().remove(child)
    run.extend([_el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font),
                _el("w:color", val="000000"),  # black, not "auto" (which turns white on a dark fill)
                _el("w:sz", val=str(round(BODY_SIZE * 2))), _el("w:szCs", val=str(round(BODY_SIZE * 2))),
                _el("w:lang", val="en-GB")])
    paragraph.extend([_el("w:suppressAutoHyphens"), _el("w:spacing", before="0", after="80", line="240",
                                                         lineRule="auto")])
    tab_stop = doc.settings.element.find(qn("w:defaultTabStop"))  # autoHyphenation's place follows it
    assert tab_stop is not None
    tab_stop.addnext(_el("w:autoHyphenation", val="false"))


def _cell_style(doc: WordDocument, size: float) -> ParagraphStyle:
    """A paragraph style for cell text of size points, with no space around paragraphs."""
    name = f"Table text {size:g}"
    if name in [s.name for s in doc.styles]:
        return cast(ParagraphStyle, doc.styles[name])
    style = cast(ParagraphStyle, doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
    style.font.size = Pt(size)
    style.paragraph_format.space_after = Pt(0)
    return style


def _body_width(section: Section) -> int:
    """The width between the margins, in twentieths of a point."""
    assert section.page_width is not None and section.left_margin is not None and section.right_margin is not None
    return int(Length(section.page_width - section.left_margin - section.right_margin).twips)


def _gap(doc: WordDocument, points: float) -> None:
    """An empty paragraph points high: a table's margin below, and a separator so tables never join."""
    format_ = doc.add_paragraph().paragraph_format
    format_.space_after, format_.line_spacing = Pt(0), Pt(points)


def _bold_line(doc: WordDocument, text: str, size: float | None = None) -> Paragraph:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


# -- tables ---------------------------------------------------------------------------------

def _grid(doc: WordDocument, widths: list[int], rows: int, edges: dict[str, Line], style: ParagraphStyle) -> Table:
    """A table of fixed column widths (twips) and cells in the paragraph style, bordered by edges."""
    table: Table = doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    properties = table._tbl.tblPr
    _put(properties, _el("w:tblW", w=str(sum(widths)), type="dxa"), TBL_PR)
    _put(properties, _el("w:tblInd", w="0", type="dxa"), TBL_PR)
    _put(properties, _borders("w:tblBorders", edges), TBL_PR)
    _put(properties, _margins("w:tblCellMar", *CELL_PADDING), TBL_PR)
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Twips(width)
            cell.paragraphs[0].style = style
    return table


def _proportional(shares: list[float], total: int) -> list[int]:
    """Integer widths in proportion to shares that add up to total exactly."""
    widths = [round(total * s / sum(shares)) for s in shares]
    widths[-1] += total - sum(widths)
    return widths


def _fit(shares: list[float], least: list[int], total: int) -> list[int]:
    """Widths in proportion to shares adding up to total, but none below its least width.

    A column too narrow for its longest word is widened to it, and the others share what is left
    in their proportions; were no column widened, a word would break inside (LibreOffice breaks
    a word that does not fit), which no reader of a real report would see as one word.
    """
    if sum(least) >= total:
        return _proportional([float(w) for w in least], total)
    pinned: set[int] = set()
    while True:
        free = total - sum(least[k] for k in pinned)
        share = sum(s for k, s in enumerate(shares) if k not in pinned)
        widths = [least[k] if k in pinned else free * s / share for k, s in enumerate(shares)]
        short = {k for k, w in enumerate(widths) if w < least[k]} - pinned
        if not short:
            return _proportional(widths, total)
        pinned |= short


@cache
def _face(font: str, bold: bool) -> ImageFont.FreeTypeFont:
    name = f"{FONTS[font].replace(' ', '')}-{'Bold' if bold else 'Regular'}.ttf"
    try:
        return ImageFont.truetype(name, 1000)
    except OSError:
        raise RuntimeError(f"font {name} not found: apt-get install fonts-liberation2") from None


def _width(text: str, font: str, bold: bool, size: float) -> float:
    """The width of text in points."""
    return _face(font, bold).getlength(text) * size / 1000


def _longest_word(text: str, font: str, bold: bool, size: float) -> float:
    """The width in points of the widest word (run of non-space characters) of text."""
    return max((_width(word, font, bold, size) for word in text.split()), default=0.0)


def _least_width(spec: TableSpec, column: ColumnSpec, font: str) -> int:
    """The narrowest width (twips) that holds the column's heading and cells with no word broken."""
    words = [_longest_word(column.heading, font, True, spec.font_size)]
    for cell in (row.cells[column.role] for row in spec.rows if column.role in row.cells):
        words += [_longest_word(f"{cell.text} {cell.symbol or ''}", font, cell.bold, spec.font_size),
                  _longest_word(cell.hidden or "", font, cell.bold, HIDDEN_SIZE)]
    return round((max(words) + CELL_PADDING[1] + CELL_PADDING[3] + 1) * 20)  # 1 pt to spare


def _write(cell: _Cell, content: CellSpec, background: str | None) -> None:
    """The cell's text, symbol and hidden word, on its own fill or else the background."""
    fill = content.fill or background
    paragraph = cell.paragraphs[0]
    if content.text:
        paragraph.add_run(content.text)
    if content.symbol:
        symbol = paragraph.add_run((" " if content.text else "") + content.symbol)
        if content.symbol_colour:
            symbol.font.color.rgb = RGBColor.from_string(_hex(content.symbol_colour))
    if content.hidden:
        hidden = paragraph.add_run(" " + content.hidden)
        hidden.font.color.rgb = RGBColor.from_string(_hex(fill or WHITE))
        hidden.font.size = Pt(HIDDEN_SIZE)
    for run in paragraph.runs:
        run.bold = content.bold or None
    _shade(cell, fill)


def _header(table: Table, row: int, labels: list[tuple[str, int]], header: str) -> None:
    """A repeating header row of bold labels, each over its span of columns, in the header style."""
    _repeat_header(table, row)
    cells = table.rows[row].cells
    start = 0
    for label, span in labels:
        cell = cells[start].merge(cells[start + span - 1]) if span > 1 else cells[start]
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        if header == "dark":
            run.font.color.rgb = RGBColor.from_string(_hex(WHITE))
        _shade(cell, HEADER_FILL[header])
        cell.vertical_alignment = VALIGN.BOTTOM
        start += span


def _section(cells: Sequence[_Cell], row: RowSpec) -> None:
    """A section or subsection row: one cell across the table."""
    cell = cells[0].merge(cells[-1])
    run = cell.paragraphs[0].add_run(row.text)
    run.bold = True
    if row.kind == "section":
        _shade(cell, SECTION_FILL)
    else:
        run.italic = True


def _table(doc: WordDocument, spec: TableSpec, font: str, width: int) -> None:
    if spec.caption:
        paragraph = _bold_line(doc, spec.caption)
        paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(10), Pt(2)
    headers = [[(c.heading, 1) for c in spec.columns]]
    if spec.super_header:
        headers.insert(0, spec.super_header)
    widths = _fit([c.width for c in spec.columns], [_least_width(spec, c, font) for c in spec.columns], width)
    table = _grid(doc, widths, len(headers) + len(spec.rows), RULES[spec.rules], _cell_style(doc, spec.font_size))
    for k, labels in enumerate(headers):
        _header(table, k, labels, spec.header)
    rows = [table.rows[len(headers) + i].cells for i in range(len(spec.rows))]
    spans = _spans(spec)
    goal_align = VALIGN.CENTER if spec.rules in ("grid", "zebra") else VALIGN.TOP
    data_index = 0
    for i, row in enumerate(spec.rows):
        if row.kind != "data":
            _section(rows[i], row)
            continue
        background = ZEBRA[data_index % 2] if spec.rules == "zebra" else None
        data_index += 1
        for k, column in enumerate(spec.columns):
            span = spans.get((i, column.role)) if column.goal_level else 1
            if span is None:
                continue  # covered by the merged cell above
            _write(rows[i][k], row.cells.get(column.role, CellSpec()), background)
            if column.goal_level:
                rows[i][k].vertical_alignment = goal_align
    for (i, role), span in spans.items():
        if span > 1:
            k = next(k for k, c in enumerate(spec.columns) if c.role == role)
            rows[i][k].merge(rows[i + span - 1][k])
    _gap(doc, 8)


# -- keys and record blocks -----------------------------------------------------------------

def _legend(doc: WordDocument, legend: LegendSpec, font: str) -> None:
    if legend.style == "text":
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{legend.title}:").bold = True
        paragraph.add_run(" " + "; ".join(f"{status} – {label}" for _, label, status in legend.entries))
        return
    _bold_line(doc, legend.title)
    longest = max(_width(label, font, False, BODY_SIZE) for _, label, _ in legend.entries)
    widths = [round((SWATCH_WIDTH + CELL_PADDING[1] + CELL_PADDING[3]) * 20),
              round((longest + LABEL_PADDING[1] + LABEL_PADDING[3] + 1) * 20)]  # each label on one line
    table = _grid(doc, widths, len(legend.entries), RULES["none"], _cell_style(doc, BODY_SIZE))
    swatch_edges: dict[str, Line] = dict.fromkeys(("top", "left", "bottom", "right"), SWATCH_LINE)
    for row, (colour, label, _) in zip(table.rows, legend.entries):
        swatch, text = row.cells
        _shade(swatch, colour)
        _put(swatch._tc.get_or_add_tcPr(), _borders("w:tcBorders", swatch_edges), TC_PR)
        _put(text._tc.get_or_add_tcPr(), _borders("w:tcBorders", {"left": SWATCH_LINE}), TC_PR)
        _put(text._tc.get_or_add_tcPr(), _margins("w:tcMar", *LABEL_PADDING), TC_PR)
        text.paragraphs[0].add_run(label)
    _gap(doc, 8)


def _records(doc: WordDocument, blocks: RecordBlocksSpec, width: int) -> None:
    style = _cell_style(doc, BODY_SIZE)
    for item in blocks.items:
        if blocks.ruled:
            table = _grid(doc, _proportional([0.22, 0.78], width), len(item), RULES["grid"], style)
            for row, (label, value) in zip(table.rows, item):
                row.cells[0].paragraphs[0].add_run(label).bold = True
                row.cells[1].paragraphs[0].add_run(value)
        else:
            for label, value in item:
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"{label}:").bold = True
                paragraph.add_run(f" {value}")
        doc.add_paragraph()


# -- the report -----------------------------------------------------------------------------

def build(report: Report) -> WordDocument:
    """Given a report, return it as a Word document."""
    doc = Document()
    doc.core_properties.title = report.title
    section = doc.sections[0]
    _page(section, report.orientation)
    _defaults(doc, FONTS[report.font])
    width = _body_width(section)
    for kind, block in report.blocks:
        if kind == "heading":
            _bold_line(doc, block, size=15).paragraph_format.space_after = Pt(8)
        elif kind == "paragraph":
            doc.add_paragraph(block)
        elif kind == "legend":
            _legend(doc, block, report.font)
        elif kind == "table":
            _table(doc, block, report.font, width)
        elif kind == "records":
            _records(doc, block, width)
        elif kind == "page_break":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return doc


def to_docx(report: Report, path: Path) -> Path:
    """Write a report as a .docx file at path; return the path."""
    path = Path(path)
    build(report).save(str(path))
    return path


# -- LibreOffice ----------------------------------------------------------------------------

def soffice() -> str:
    """The LibreOffice program, or an error saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("rendering DOCX needs LibreOffice: apt-get install libreoffice-writer-nogui")


def to_pdf(document: Path, outdir: Path) -> Path:
    """Convert a .docx file to a PDF in outdir with LibreOffice, in a profile of its own; return the PDF."""
    program = soffice()
    pdf = outdir / f"{document.stem}.pdf"
    pdf.unlink(missing_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="soffice-profile-"))
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), str(document)]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)  # its own process group, to end soffice.bin too
        try:
            output, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"LibreOffice took over {SOFFICE_TIMEOUT} s to convert {document.name}") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if process.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice failed to convert {document.name} ({process.returncode}): "
                           f"{output.strip()[-300:]}")
    return pdf


def render(report: Report, path: Path) -> Path:
    """Render a report to a PDF at path through python-docx and LibreOffice; return the path."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="series-docx-") as tmp:
        pdf = to_pdf(to_docx(report, Path(tmp) / "report.docx"), Path(tmp))
        shutil.move(pdf, path)
    return path
