"""A small, deterministic table layout engine for building sample monitoring reports.

Why not reportlab's ``Table``: it cannot split one row across a page break, and cells that
break across pages are exactly what real monitoring reports do and what the extractor must
handle. This module draws tables on a canvas line by line, so a row can be split anywhere,
the header is repeated on every page, and each style choice (rules, fills, status as word
or colour only, ref as a bold prefix) is plain data in :class:`TableStyle`.

Used by ``samples/build.py`` and by tests that need reports the extractor has never seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

RGB = tuple[float, float, float]

STATUS_FILL: dict[str, RGB] = {
    "green": (0.40, 0.75, 0.35),
    "amber": (1.00, 0.75, 0.00),
    "red": (0.90, 0.20, 0.15),
}

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
BOLD_ITALIC = "Helvetica-BoldOblique"


@dataclass(frozen=True)
class Column:
    """One column: its heading as printed, its share of the table width, what it holds."""

    heading: str
    width: float  # share of the table width; shares are normalised
    role: str  # key into a row's cells: "ref", "target", "delivered", "status", "theme", "q1", ...
    align: Literal["left", "right", "centre"] = "left"


@dataclass(frozen=True)
class TableStyle:
    """How a table is drawn. Every visual variant of the samples is one of these."""

    rules: Literal["grid", "horizontal", "none"] = "grid"
    font_size: float = 8.0
    header_fill: RGB | None = (0.85, 0.88, 0.93)
    section_fill: RGB | None = (0.16, 0.25, 0.45)
    section_text: RGB = (1.0, 1.0, 1.0)
    subsection_fill: RGB | None = (0.90, 0.90, 0.90)
    status_fill: bool = True  # fill the status cell with the status colour
    status_word: bool = True  # print the status word (rows may still hide it, see Row)
    ref_prefix: bool = False  # print the ref inside the target cell as a bold "E1." prefix
    merge_roles: tuple[str, ...] = ()  # columns drawn as vertically merged cells (theme)
    row_gap: float = 0.0  # extra white space between rows (unruled layouts)
    header_bold: bool = True  # headings in bold type
    section_merged: bool = True  # heading rows span the table; else they sit in the first cell
    status_dot: bool = False  # status shown as a coloured dot in the cell, not a cell fill
    repeat_header: bool = True  # draw the header again at the top of every page
    status_glyph: bool = False  # status shown as a coloured symbol (a Zapf Dingbats bullet), no word


@dataclass
class Row:
    """A body row (cells by role), or a section / sub-section heading spanning all columns."""

    kind: Literal["row", "section", "subsection"]
    cells: dict[str, str] = field(default_factory=dict)
    text: str = ""
    status: str | None = None
    show_status_word: bool = True


@dataclass
class Page:
    """Where the renderer is on the current page."""

    number: int
    y: float  # current top in reportlab coordinates (origin bottom-left)


class Document:
    """A PDF being written: pages of text blocks and tables, portrait or landscape."""

    def __init__(self, path: Path, title: str, footer: str = "Page {page}", running_header: str = "") -> None:
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("trackrecord samples")
        self.footer = footer
        self.running_header = running_header
        self.page_size = A4
        self.margin = 36.0
        self.page: Page | None = None

    # -- pages -----------------------------------------------------------------
    def new_page(self, orientation: Literal["portrait", "landscape"] | None = None) -> None:
        if self.page is not None:
            self._finish_page()
        if orientation == "landscape":
            self.page_size = landscape(A4)
        elif orientation == "portrait":
            self.page_size = A4
        self.canvas.setPageSize(self.page_size)
        number = 1 if self.page is None else self.page.number + 1
        self.page = Page(number=number, y=self.page_size[1] - self.margin)
        if self.running_header:
            self.canvas.setFont(REGULAR, 7)
            self.canvas.setFillColorRGB(0.3, 0.3, 0.3)
            self.canvas.drawString(self.margin, self.page_size[1] - 22, self.running_header)

    def _finish_page(self) -> None:
        assert self.page is not None
        c = self.canvas
        c.setFont(REGULAR, 7)
        c.setFillColorRGB(0.3, 0.3, 0.3)
        c.drawRightString(self.page_size[0] - self.margin, 20, self.footer.format(page=self.page.number))
        c.showPage()

    def save(self) -> None:
        if self.page is not None:
            self._finish_page()
        self.canvas.save()

    # -- free text ---------------------------------------------------------------
    def heading(self, text: str, size: float = 13) -> None:
        assert self.page is not None
        c = self.canvas
        c.setFillColorRGB(0, 0, 0)
        c.setFont(BOLD, size)
        self.page.y -= size
        c.drawString(self.margin, self.page.y, text)
        self.page.y -= size * 0.8

    def paragraph(self, text: str, size: float = 9) -> None:
        assert self.page is not None
        width = self.page_size[0] - 2 * self.margin
        self.canvas.setFillColorRGB(0, 0, 0)
        for line in wrap([(w, REGULAR) for w in text.split()], width, size):
            self.page.y -= size * 1.25
            self._draw_runs(line, self.margin, self.page.y, size)
        self.page.y -= size

    # -- tables ------------------------------------------------------------------
    def table(self, columns: list[Column], rows: list[Row], style: TableStyle) -> None:
        """Draw a table from the current position, splitting rows across pages as needed."""
        assert self.page is not None
        widths = self._column_widths(columns)
        size = style.font_size
        leading = size * 1.22
        pad = 3.0
        self._draw_header(columns, widths, style)
        merged_open: dict[str, float] = {}
        for row in rows:
            if row.kind != "row":
                font = BOLD if row.kind == "section" else BOLD_ITALIC
                span = sum(widths) if style.section_merged else widths[0]
                lines = wrap([(w, font) for w in row.text.split()], span - 2 * pad, size)
                height = len(lines) * leading + 2 * pad
                if self.page.y - height - leading * 2 < self.margin + 14:
                    self._close_merged(columns, widths, merged_open, style)
                    self.new_page()
                    self._continue_header(columns, widths, style)
                self._close_merged(columns, widths, merged_open, style)
                self._draw_spanning(row, lines, widths, height, leading, pad, style)
                continue
            cell_lines = {
                col.role: wrap(self._runs(col, row, style), w - 2 * pad, size)
                for col, w in zip(columns, widths)
            }
            remaining = {role: list(lines) for role, lines in cell_lines.items()}
            first_part = True
            while True:
                need = max((len(v) for v in remaining.values()), default=1) or 1
                room = int((self.page.y - (self.margin + 14) - 2 * pad) // leading)
                if room < 2 or (room < need and room < 3):
                    self._close_merged(columns, widths, merged_open, style)
                    self.new_page()
                    self._continue_header(columns, widths, style)
                    continue
                take = min(need, room)
                part = {role: v[:take] for role, v in remaining.items()}
                height = take * leading + 2 * pad
                self._draw_body_part(columns, widths, row, part, height, leading, pad, style,
                                     first_part, merged_open)
                remaining = {role: v[take:] for role, v in remaining.items()}
                first_part = False
                if not any(remaining.values()):
                    break
                self._close_merged(columns, widths, merged_open, style)
                self.new_page()
                self._continue_header(columns, widths, style)
            self.page.y -= style.row_gap
        self._close_merged(columns, widths, merged_open, style)
        self.page.y -= 12

    def _column_widths(self, columns: list[Column]) -> list[float]:
        total = self.page_size[0] - 2 * self.margin
        share = sum(c.width for c in columns)
        return [total * c.width / share for c in columns]

    def _runs(self, col: Column, row: Row, style: TableStyle) -> list[tuple[str, str]]:
        text = row.cells.get(col.role, "") or ""
        if col.role == "status":
            if not (style.status_word and row.show_status_word):
                return []
        runs = [(w, REGULAR) for w in text.split()]
        if col.role == "target" and style.ref_prefix and row.cells.get("ref"):
            runs.insert(0, (row.cells["ref"] + ".", BOLD))
        return runs

    def _continue_header(self, columns: list[Column], widths: list[float], style: TableStyle) -> None:
        """At the top of a continuation page: the header again, or (if not repeated) a top rule."""
        if style.repeat_header:
            self._draw_header(columns, widths, style)
        elif style.rules != "none":
            assert self.page is not None
            self.canvas.setLineWidth(0.5)
            self.canvas.line(self.margin, self.page.y, self.margin + sum(widths), self.page.y)

    def _draw_header(self, columns: list[Column], widths: list[float], style: TableStyle) -> None:
        assert self.page is not None
        c = self.canvas
        size = style.font_size
        leading = size * 1.22
        pad = 3.0
        font = BOLD if style.header_bold else REGULAR
        lines = [wrap([(w, font) for w in col.heading.split()], w - 2 * pad, size)
                 for col, w in zip(columns, widths)]
        height = max(max(len(v) for v in lines), 1) * leading + 2 * pad
        top = self.page.y
        x = self.margin
        for col, w, cl in zip(columns, widths, lines):
            if style.header_fill:
                c.setFillColorRGB(*style.header_fill)
                c.rect(x, top - height, w, height, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            for i, line in enumerate(cl):
                self._draw_runs(line, self._align_x(col, x, w, pad, line, size),
                                top - pad - (i + 1) * leading + size * 0.22, size)
            x += w
        self._rules_around(top, height, widths, style, header=True)
        self.page.y = top - height

    def _draw_spanning(self, row: Row, lines: list[list[tuple[str, str]]], widths: list[float],
                       height: float, leading: float, pad: float, style: TableStyle) -> None:
        assert self.page is not None
        c = self.canvas
        top = self.page.y
        fill = style.section_fill if row.kind == "section" else style.subsection_fill
        if fill:
            c.setFillColorRGB(*fill)
            c.rect(self.margin, top - height, sum(widths), height, stroke=0, fill=1)
        colour = style.section_text if (row.kind == "section" and fill) else (0, 0, 0)
        c.setFillColorRGB(*colour)
        for i, line in enumerate(lines):
            self._draw_runs(line, self.margin + pad, top - pad - (i + 1) * leading + style.font_size * 0.22,
                            style.font_size)
        self._rules_around(top, height, [sum(widths)] if style.section_merged else widths, style)
        self.page.y = top - height

    def _draw_body_part(self, columns: list[Column], widths: list[float], row: Row,
                        part: dict[str, list[list[tuple[str, str]]]], height: float, leading: float,
                        pad: float, style: TableStyle, first_part: bool,
                        merged_open: dict[str, float]) -> None:
        assert self.page is not None
        c = self.canvas
        top = self.page.y
        x = self.margin
        for col, w in zip(columns, widths):
            if col.role == "status" and style.status_glyph and row.status and first_part:
                c.setFillColorRGB(*STATUS_FILL[row.status.lower()])
                c.setFont("ZapfDingbats", style.font_size)
                c.drawCentredString(x + w / 2, top - pad - leading + style.font_size * 0.22, "l")
            if col.role == "status" and style.status_fill and row.status:
                c.setFillColorRGB(*STATUS_FILL[row.status.lower()])
                if style.status_dot:
                    if first_part:
                        c.circle(x + w / 2, top - pad - 4, 4, stroke=0, fill=1)
                else:
                    c.rect(x, top - height, w, height, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            lines = part.get(col.role, [])
            if col.role == "status" and not first_part:
                lines = []
            if col.role in style.merge_roles and lines and style.rules == "grid":
                c.setLineWidth(0.5)
                c.line(x, top, x + w, top)  # a new merged group starts here
                merged_open[col.role] = x
            for i, line in enumerate(lines):
                self._draw_runs(line, self._align_x(col, x, w, pad, line, style.font_size),
                                top - pad - (i + 1) * leading + style.font_size * 0.22, style.font_size)
            x += w
        self._rules_around(top, height, widths, style, skip_roles=style.merge_roles, columns=columns)
        self.page.y = top - height

    def _close_merged(self, columns: list[Column], widths: list[float],
                      merged_open: dict[str, float], style: TableStyle) -> None:
        """Close open merged column groups with a bottom rule at the current position."""
        assert self.page is not None
        for role, x in merged_open.items():
            w = widths[[col.role for col in columns].index(role)]
            self.canvas.setLineWidth(0.5)
            self.canvas.line(x, self.page.y, x + w, self.page.y)
        merged_open.clear()

    def _rules_around(self, top: float, height: float, widths: list[float], style: TableStyle,
                      header: bool = False, skip_roles: tuple[str, ...] = (),
                      columns: list[Column] | None = None) -> None:
        c = self.canvas
        c.setStrokeColorRGB(0, 0, 0)
        bottom = top - height
        left = self.margin
        right = self.margin + sum(widths)
        if style.rules == "none":
            if header:
                c.setLineWidth(0.8)
                c.line(left, bottom, right, bottom)
            return
        if style.rules == "horizontal":
            c.setLineWidth(0.8 if header else 0.3)
            c.line(left, bottom, right, bottom)
            if header:
                c.line(left, top, right, top)
            return
        c.setLineWidth(0.5)
        c.line(left, top, right, top)
        x = left
        for i, w in enumerate(widths):
            c.line(x, top, x, bottom)
            role = columns[i].role if columns else None
            if role not in skip_roles:
                c.line(x, bottom, x + w, bottom)
            x += w
        c.line(right, top, right, bottom)

    def _align_x(self, col: Column, x: float, w: float, pad: float,
                 line: list[tuple[str, str]], size: float) -> float:
        if col.align == "left":
            return x + pad
        width = line_width(line, size)
        if col.align == "right":
            return x + w - pad - width
        return x + (w - width) / 2

    def _draw_runs(self, line: list[tuple[str, str]], x: float, y: float, size: float) -> None:
        c = self.canvas
        space = stringWidth(" ", REGULAR, size)
        for word, font in line:
            c.setFont(font, size)
            c.drawString(x, y, word)
            x += stringWidth(word, font, size) + space


def line_width(line: list[tuple[str, str]], size: float) -> float:
    """Given a line of (word, font) runs, return its printed width in points."""
    space = stringWidth(" ", REGULAR, size)
    return sum(stringWidth(w, f, size) for w, f in line) + space * max(0, len(line) - 1)


def wrap(runs: list[tuple[str, str]], width: float, size: float) -> list[list[tuple[str, str]]]:
    """Given (word, font) runs, return them greedily wrapped into lines no wider than width."""
    lines: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for run in runs:
        if current and line_width([*current, run], size) > width:
            lines.append(current)
            current = []
        current.append(run)
    if current:
        lines.append(current)
    return lines
