"""Word documents (``.docx``) read from their XML: every table a grid, the paragraphs between them.

A Word table declares what a PDF of it only shows: a cell spanning columns (``gridSpan``), a
cell merged down over rows (``vMerge``), its shading (``shd``), and its runs in bold, italic,
hidden (``vanish``) or in the colour of the shading (there, but not seen). Paragraphs outside
tables are kept in order with whether they are headings (a Heading or Title style, or bold
throughout): titles for the period, headings over the table that follows. Nothing in the file
is fetched or run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from ...contract import Kind
from ..errors import UnreadableDocument
from ..model import RGB
from .archive import Archive
from .colours import hex_rgb
from .grid import Addresses, OfficeBook, OfficeCell, OfficeTable, Paragraph, Run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = ("heading", "title", "subtitle")
OFF = ("0", "false", "off", "none")


def read_docx(path: Path, archive: Archive) -> OfficeBook:
    """Given a Word document (its archive already checked against the limits), return its tables
    as grids in document order, with the paragraphs before each."""
    try:
        root = etree.fromstring(archive.zip.read("word/document.xml"),
                                etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
        styles = _heading_styles(archive)
    except (etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise UnreadableDocument(path, f"not a readable Word document ({exc})") from None
    body = root.find(f"{W}body")
    out = OfficeBook(Kind.DOCX, [])
    if body is None:
        return out
    pending: list[Paragraph] = []
    paragraphs = 0
    for element in body:
        if element.tag == f"{W}p":
            paragraphs += 1
            text = _paragraph_text(element)
            if text.strip():
                pending.append(Paragraph(" ".join(text.split()), f"paragraph {paragraphs}",
                                         _is_heading(element, styles)))
        elif element.tag == f"{W}tbl":
            number = len(out.tables) + 1
            out.tables.append(_table(element, number, pending))
            pending = []
    out.after = pending
    return out


def _heading_styles(archive: Archive) -> set[str]:
    """The ids of the document's paragraph styles that are headings (by name: "Heading 2", "Title")."""
    if "word/styles.xml" not in archive.names:
        return set()
    root = etree.fromstring(archive.zip.read("word/styles.xml"),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    out = set()
    for style in root.iter(f"{W}style"):
        name = style.find(f"{W}name")
        label = (name.get(f"{W}val") if name is not None else "") or ""
        if label.lower().startswith(HEADING_STYLES):
            out.add(style.get(f"{W}styleId") or "")
    return out


def _is_heading(paragraph: Any, styles: set[str]) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    if style is not None and (style.get(f"{W}val") in styles or
                              (style.get(f"{W}val") or "").lower().startswith(HEADING_STYLES)):
        return True
    runs = [r for r in paragraph.iter(f"{W}r") if _run_text(r).strip()]
    return bool(runs) and all(_on(r, "b") for r in runs)


def _table(table: Any, number: int, before: list[Paragraph]) -> OfficeTable:
    """A Word table as a grid: spans over columns, merges down rows, shading, runs."""
    grid: list[list[OfficeCell | None]] = []
    header_rows = 0
    above: dict[int, OfficeCell] = {}  # by grid column: the cell a vMerge continues
    for r, row in enumerate(table.findall(f"{W}tr")):
        if row.find(f"{W}trPr/{W}tblHeader") is not None and r == header_rows:
            header_rows += 1
        cells: list[OfficeCell | None] = []
        before_cells = row.find(f"{W}trPr/{W}gridBefore")
        column = int(before_cells.get(f"{W}val") or 0) if before_cells is not None else 0
        cells.extend([None] * column)
        now: dict[int, OfficeCell] = {}
        for tc in row.findall(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span = _int(properties, "gridSpan", 1)
            merge = properties.find(f"{W}vMerge") if properties is not None else None
            continuing = merge is not None and (merge.get(f"{W}val") or "continue") == "continue"
            if continuing and column in above:
                cell = above[column]
                cell.rows = r - cell.row + 1
            else:
                shading = _shading(properties)
                cell = OfficeCell(_cell_runs(tc, shading), r, column, 1, span, shading)
            for c in range(column, column + span):
                cells.append(cell)
                now[c] = cell
            column += span
        above = now
        grid.append(cells)
    width = max((len(r) for r in grid), default=0)
    for cells in grid:
        cells.extend([None] * (width - len(cells)))
    addresses = Addresses(f"table {number}", [str(c + 1) for c in range(width)], list(range(1, len(grid) + 1)),
                          sheet=False)
    return OfficeTable(number, grid, addresses, list(before), header_rows)


def _int(properties: Any, name: str, default: int) -> int:
    element = properties.find(f"{W}{name}") if properties is not None else None
    try:
        return max(1, int(element.get(f"{W}val"))) if element is not None else default
    except (TypeError, ValueError):
        return default


def _shading(properties: Any) -> RGB | None:
    shading = properties.find(f"{W}shd") if properties is not None else None
    if shading is None:
        return None
    fill = shading.get(f"{W}fill") or ""
    return None if fill.lower() in ("", "auto") else hex_rgb(fill)


def _on(run: Any, name: str) -> bool:
    """Is a run's toggle property (bold, italic, hidden) on: present, and not set to false."""
    element = run.find(f"{W}rPr/{W}{name}")
    return element is not None and (element.get(f"{W}val") or "true").lower() not in OFF


def _run_text(run: Any) -> str:
    out = []
    for child in run:
        if child.tag == f"{W}t":
            out.append(child.text or "")
        elif child.tag in (f"{W}tab",):
            out.append(" ")
        elif child.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


def _paragraph_text(paragraph: Any) -> str:
    return "".join(_run_text(r) for r in paragraph.iter(f"{W}r") if not _on(r, "vanish"))


def _cell_runs(tc: Any, fill: RGB | None) -> list[Run]:
    """A cell's paragraphs as runs, a line break between paragraphs; a run hidden or in the
    colour of the cell's shading is hidden text."""
    out: list[Run] = []
    for p, paragraph in enumerate(tc.iter(f"{W}p")):
        if p and out:
            out.append(Run("\n"))
        for run in paragraph.iter(f"{W}r"):
            text = _run_text(run)
            if not text:
                continue
            size = run.find(f"{W}rPr/{W}sz")
            points = float(size.get(f"{W}val") or 0) / 2 if size is not None else 0.0
            colour = run.find(f"{W}rPr/{W}color")
            ink = hex_rgb(colour.get(f"{W}val") or "") if colour is not None else None
            unseen = ink is not None and max(abs(a - b) for a, b in zip(ink, fill or (1.0, 1.0, 1.0))) < 0.02
            out.append(Run(text, _on(run, "b"), _on(run, "i"), points, hidden=_on(run, "vanish") or unseen))
    return out
