"""Render a report with reportlab, drawing every block on a canvas line by line.

Headings, prose, keys (swatches or a line of text), record blocks and tables are drawn the way
:mod:`.html` has Chromium print them: the same text, fills, rules and merged cells. Tables are
drawn on the canvas rather than with platypus ``Table``, because a long row must split across a
page break (a cell's text continuing under the header repeated on the next page) and a merged
goal-level cell must continue across that break without its text being repeated; ``Table`` can
do neither. A table is laid out first (lines per cell, rows per page) and then painted page by
page: fills, then text, then rules, so no fill covers a rule.

Text is real text in the standard Helvetica or Times fonts; characters those fonts cannot encode
("●", "↑", "▲") are set in DejaVu Sans, embedded, so they show and are in the text layer. Lines
break between words only. A column is widened beyond its share when its longest word would not
fit, the width taken from the other columns in proportion, so no word runs into its neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .spec import CellSpec, ColumnSpec, LegendSpec, RecordBlocksSpec, Report, RowSpec, TableSpec

BLACK, WHITE = "#000000", "#ffffff"
HEADER_FILL = {"bold": None, "fill": "#d9e1f2", "dark": "#1f3864"}
HEADER_TEXT = {"bold": BLACK, "fill": BLACK, "dark": WHITE}
SECTION_FILL = {"section": "#bfbfbf", "subsection": None}
ZEBRA = ("#dae3f3", "#eef2fa")
RULE = {"grid": (BLACK, 0.75), "horizontal": (BLACK, 0.75), "zebra": (WHITE, 1.5)}

MARGIN_X, MARGIN_Y = 12 * mm, 14 * mm
BODY_SIZE, TITLE_SIZE, HIDDEN_SIZE = 9.0, 15.0, 6.0
LEADING = 1.2  # line height as a multiple of the font size
BASELINE = 0.95  # baseline below a line's top, as a multiple of the font size
PAD_X, PAD_Y = 4.0, 2.0  # cell padding
SWATCH_WIDTH, SWATCH_GAP = 36.0, 6.0
ITEM_GAP = 10.0  # blank space between two record blocks

SYMBOL_FONT = "DejaVuSans"
SYMBOL_FONT_FILES = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                     Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
                     Path("/usr/share/fonts/TTF/DejaVuSans.ttf")]


@dataclass(frozen=True)
class Family:
    """The four faces of a standard PDF font family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


FAMILIES = {"sans": Family("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
            "serif": Family("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")}


@dataclass(frozen=True)
class Ink:
    """How a piece of text is set: font, size and colour."""

    font: str
    size: float
    colour: str = BLACK


Piece = tuple[str, Ink]
Word = tuple[Piece, ...]  # a word never breaks; a symbol inside it is a piece in another font
Line = list[Word]


@cache
def symbol_font() -> str:
    """Register DejaVu Sans (for characters the standard fonts lack) once; return its name."""
    for path in SYMBOL_FONT_FILES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(SYMBOL_FONT, str(path)))
            return SYMBOL_FONT
    raise RuntimeError("drawing symbols needs DejaVu Sans: apt-get install fonts-dejavu-core")


# -- words and lines ------------------------------------------------------------------------

def _encodable(char: str) -> bool:
    try:
        char.encode("cp1252")  # the standard fonts' WinAnsi encoding
    except UnicodeEncodeError:
        return False
    return True


def _word(text: str, ink: Ink) -> Word:
    """One word in pieces: runs the standard font can set, and runs set in the symbol font."""
    pieces: list[Piece] = []
    for char in text:
        char_ink = ink if _encodable(char) else Ink(symbol_font(), ink.size, ink.colour)
        if pieces and pieces[-1][1] == char_ink:
            pieces[-1] = (pieces[-1][0] + char, char_ink)
        else:
            pieces.append((char, char_ink))
    return tuple(pieces)


def words(text: str, ink: Ink) -> list[Word]:
    """Given text, return its words set in ink (whitespace between words is folded)."""
    return [_word(w, ink) for w in text.split()]


def word_width(word: Word) -> float:
    return sum(float(pdfmetrics.stringWidth(text, ink.font, ink.size)) for text, ink in word)


def _space(word: Word) -> float:
    """The width of the space set before word (in the word's first ink)."""
    ink = word[0][1]
    return float(pdfmetrics.stringWidth(" ", ink.font, ink.size))


def wrap(text: list[Word], width: float) -> list[Line]:
    """Given words, return them greedily broken into lines no wider than width (a longer word stands alone)."""
    lines: list[Line] = []
    current: Line = []
    used = 0.0
    for word in text:
        extra = word_width(word) + (_space(word) if current else 0.0)
        if current and used + extra > width:
            lines.append(current)
            current, used = [], 0.0
            extra = word_width(word)
        current.append(word)
        used += extra
    if current:
        lines.append(current)
    return lines


def draw_line(canvas: Canvas, line: Line, x: float, baseline: float) -> None:
    """Draw one line as one text object, so the text layer has its words and spaces in order."""
    text = canvas.beginText(x, baseline)
    current: Ink | None = None
    for i, word in enumerate(line):
        for j, (chars, ink) in enumerate(word):
            if ink != current:
                text.setFont(ink.font, ink.size)
                text.setFillColor(HexColor(ink.colour))
                current = ink
            text.textOut((" " if i and not j else "") + chars)
    canvas.drawText(text)


# -- pages -----------------------------------------------------------------------------------

class Writer:
    """A PDF being written top to bottom: the current position, page breaks and block margins.

    Vertical margins collapse as CSS margins do (the larger of a block's bottom margin and the
    next block's top margin) and are dropped at the top of a page.
    """

    def __init__(self, report: Report, path: Path) -> None:
        self.page_size = landscape(A4) if report.orientation == "landscape" else A4
        self.canvas = Canvas(str(path), pagesize=self.page_size, invariant=1, pageCompression=1)
        self.canvas.setTitle(report.title)
        self.family = FAMILIES[report.font]
        self.left = MARGIN_X
        self.width = self.page_size[0] - 2 * MARGIN_X
        self.top = self.page_size[1] - MARGIN_Y
        self.bottom = MARGIN_Y
        self.y = self.top
        self.fresh = True  # nothing drawn on this page yet
        self.gap = 0.0  # the bottom margin of the block above, still to be added

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y, self.fresh, self.gap = self.top, True, 0.0

    def begin(self, margin: float, keep: float = 0.0) -> None:
        """Start a block with a top margin; go to a new page if keep points do not fit below it."""
        if not self.fresh:
            self.y -= max(self.gap, margin)
            if self.y - keep < self.bottom:
                self.new_page()
        self.gap = 0.0

    def end(self, margin: float) -> None:
        """End a block that drew something, with a bottom margin."""
        self.gap = margin
        self.fresh = False

    def space(self, points: float) -> None:
        """Leave at least points of blank space before the next block."""
        self.gap = max(self.gap, points)

    def lines(self, lines: list[Line], size: float, x: float | None = None) -> None:
        """Draw lines one under another, going to a new page when one does not fit."""
        leading = size * LEADING
        for line in lines:
            if self.y - leading < self.bottom:
                self.new_page()
            draw_line(self.canvas, line, self.left if x is None else x, self.y - BASELINE * size)
            self.y -= leading
            self.fresh = False

    def paragraph(self, text: list[Word], size: float = BODY_SIZE, margins: tuple[float, float] = (4.0, 4.0)
                  ) -> None:
        self.begin(margins[0], keep=size * LEADING)
        self.lines(wrap(text, self.width), size)
        self.end(margins[1])

    def ink(self, size: float = BODY_SIZE, bold: bool = False, italic: bool = False,
            colour: str = BLACK) -> Ink:
        faces = {(False, False): self.family.regular, (True, False): self.family.bold,
                 (False, True): self.family.italic, (True, True): self.family.bold_italic}
        return Ink(faces[bold, italic], size, colour)


# -- tables: laying out -----------------------------------------------------------------------

@dataclass
class Cell:
    """A laid-out cell: its lines and its background."""

    lines: list[Line]
    fill: str | None = None


@dataclass
class Row:
    """A laid-out body row: cells by column index (a heading row has one, spanning the table)."""

    kind: str
    cells: dict[int, Cell]
    need: int  # lines the row takes, blank lines for a merged cell taller than its rows included


@dataclass
class Merge:
    """A goal-level cell merged over the data rows first..last of one group."""

    column: int
    first: int
    last: int
    cell: Cell


@dataclass
class Grid:
    """A table laid out to a width: column edges, header rows, body rows and merged cells."""

    table: TableSpec
    xs: list[float]  # column edges, left to right, one more than the columns
    header: list[list[tuple[int, int, Cell]]] = field(default_factory=list)  # rows of (first, past last column, cell)
    rows: list[Row] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    merged_at: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, column) → index of its merge

    @property
    def leading(self) -> float:
        return self.table.font_size * LEADING

    def header_heights(self) -> list[float]:
        return [self.height(max(len(cell.lines) for _, _, cell in row)) for row in self.header]

    def height(self, lines: int) -> float:
        return lines * self.leading + 2 * PAD_Y

    def wrap(self, text: list[Word], first: int, past: int) -> list[Line]:
        """Words wrapped in the cell over columns first..past-1."""
        return wrap(text, self.xs[past] - self.xs[first] - 2 * PAD_X)


def goal_merges(table: TableSpec) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of each run of consecutive data rows sharing a group key."""
    runs: list[tuple[int, int, int]] = []
    for c, column in enumerate(table.columns):
        if not column.goal_level:
            continue
        start: int | None = None
        for i, row in enumerate(table.rows):
            if row.kind != "data":
                start = None
            elif start is not None and row.group_key == table.rows[start].group_key:
                runs[-1] = (c, start, i)
            else:
                start = i
                runs.append((c, i, i))
    return runs


def cell_words(cell: CellSpec, ink: Ink) -> list[Word]:
    """A cell's words: its text, then its symbol in the symbol colour, then its hidden text in its fill."""
    out = words(cell.text, ink)
    if cell.symbol:
        out += words(cell.symbol, Ink(ink.font, ink.size, cell.symbol_colour or BLACK))
    if cell.hidden:
        out += words(cell.hidden, Ink(ink.font, HIDDEN_SIZE, cell.fill or WHITE))
    return out


def column_widths(shares: list[float], least: list[float], total: float) -> list[float]:
    """Widths in proportion to shares, except that a column narrower than its least width gets that,
    the rest shared out in proportion among the others (all in proportion if nothing else fits)."""
    fixed: dict[int, float] = {}
    while True:
        free = total - sum(fixed.values())
        share = sum(s for i, s in enumerate(shares) if i not in fixed)
        widths = [fixed.get(i, free * s / share) for i, s in enumerate(shares)]
        short = {i: least[i] for i, w in enumerate(widths) if i not in fixed and w < least[i]}
        if not short:
            return widths
        if len(fixed) + len(short) == len(shares) or sum(least) > total:
            return [total * s / sum(shares) for s in shares]
        fixed.update(short)


def _cell_spec(row: RowSpec, column: ColumnSpec) -> CellSpec:
    return row.cells.get(column.role, CellSpec())


def _row_words(table: TableSpec, row: RowSpec, writer: Writer) -> dict[int, list[Word]]:
    """A row's words by column index; a section or subsection row's words are column 0's."""
    size = table.font_size
    if row.kind != "data":
        return {0: words(row.text, writer.ink(size, bold=True, italic=row.kind == "subsection"))}
    return {c: cell_words(_cell_spec(row, col), writer.ink(size, bold=_cell_spec(row, col).bold))
            for c, col in enumerate(table.columns)}


def _least_widths(table: TableSpec, headings: list[list[Word]], texts: list[dict[int, list[Word]]]) -> list[float]:
    """Each column's least width: its longest word (in its heading or a data cell) and padding."""
    least = []
    for c in range(len(table.columns)):
        found = headings[c] + [w for row, text in zip(table.rows, texts) if row.kind == "data" for w in text[c]]
        least.append(max((word_width(w) for w in found), default=0.0) + 2 * PAD_X + 0.5)
    return least


def _zebra(table: TableSpec) -> list[str | None]:
    """Each row's zebra fill: alternating over the data rows when the rules are zebra."""
    fills: list[str | None] = []
    data = 0
    for row in table.rows:
        fills.append(ZEBRA[data % 2] if table.rules == "zebra" and row.kind == "data" else None)
        data += row.kind == "data"
    return fills


def _header(grid: Grid, headings: list[list[Word]], ink: Ink) -> None:
    """The header rows: headings over column spans if the table has them, then the column headings."""
    table, fill = grid.table, HEADER_FILL[grid.table.header]
    if table.super_header:
        starts = [sum(n for _, n in table.super_header[:k]) for k in range(len(table.super_header) + 1)]
        grid.header.append([(a, b, Cell(grid.wrap(words(heading, ink), a, b), fill))
                            for (heading, _), a, b in zip(table.super_header, starts, starts[1:])])
    grid.header.append([(c, c + 1, Cell(grid.wrap(text, c, c + 1), fill)) for c, text in enumerate(headings)])


def _body(grid: Grid, texts: list[dict[int, list[Word]]], zebra: list[str | None]) -> None:
    """The body rows: a heading row's one spanning cell, or a data row's cells but its merged ones."""
    goal = {c for c, col in enumerate(grid.table.columns) if col.goal_level}
    for row, text, shade in zip(grid.table.rows, texts, zebra):
        if row.kind != "data":
            cells = {0: Cell(grid.wrap(text[0], 0, len(grid.xs) - 1), SECTION_FILL[row.kind])}
        else:
            cells = {c: Cell(grid.wrap(t, c, c + 1), _cell_spec(row, grid.table.columns[c]).fill or shade)
                     for c, t in text.items() if c not in goal}
        grid.rows.append(Row(row.kind, cells, max([1, *(len(cell.lines) for cell in cells.values())])))


def _merge(grid: Grid, texts: list[dict[int, list[Word]]], zebra: list[str | None]) -> None:
    """The merged goal-level cells, filled as their first row; a group's last row is lengthened
    when its merged cell has more lines than the group's rows."""
    table = grid.table
    for c, first, last in goal_merges(table):
        fill = _cell_spec(table.rows[first], table.columns[c]).fill or zebra[first]
        merge = Merge(c, first, last, Cell(grid.wrap(texts[first][c], c, c + 1), fill))
        grid.rows[last].need += max(0, len(merge.cell.lines) - sum(row.need for row in grid.rows[first:last + 1]))
        grid.merged_at.update({(i, c): len(grid.merges) for i in range(first, last + 1)})
        grid.merges.append(merge)


def layout(table: TableSpec, writer: Writer, header: bool = True) -> Grid:
    """Lay a table out across the text width: column widths, wrapped cells, row sizes, merged cells."""
    head_ink = writer.ink(table.font_size, bold=True, colour=HEADER_TEXT[table.header])
    headings = [words(col.heading, head_ink) if header else [] for col in table.columns]
    texts = [_row_words(table, row, writer) for row in table.rows]
    widths = column_widths([col.width for col in table.columns], _least_widths(table, headings, texts),
                           writer.width)
    grid = Grid(table, [writer.left + sum(widths[:c]) for c in range(len(widths) + 1)])
    if header:
        _header(grid, headings, head_ink)
    zebra = _zebra(table)
    _body(grid, texts, zebra)
    _merge(grid, texts, zebra)
    return grid


# -- tables: paginating -----------------------------------------------------------------------

def least_lines(row: Row) -> int:
    """The fewest lines of a row that may stand at the foot of a page: a short row is not split."""
    return row.need if row.need <= 3 or row.kind != "data" else 2


def lead(grid: Grid, i: int) -> float:
    """The height row i needs at the foot of a page: a heading row is kept with what follows it."""
    row = grid.rows[i]
    height = grid.height(least_lines(row))
    if row.kind != "data" and i + 1 < len(grid.rows):
        height += lead(grid, i + 1)
    return height


@dataclass
class Part:
    """The lines start..end of one row, drawn on one page from top down by height."""

    row: int
    start: int
    end: int
    top: float
    height: float
    closes: bool  # the row ends in this part


@dataclass
class Page:
    """One page of a table: where its header starts, its row parts, where it ends."""

    top: float
    parts: list[Part] = field(default_factory=list)
    bottom: float = 0.0


def lines_here(grid: Grid, i: int, start: int, space: float, fresh: bool) -> int:
    """How many of row i's lines from start go in space points at the foot of a page: as many as
    fit, but none if the row's lead does not fit (unless the page is fresh and must take some)."""
    if start == 0 and not fresh and lead(grid, i) > space + 1e-6:
        return 0
    return min(grid.rows[i].need - start, int((space - 2 * PAD_Y + 1e-6) // grid.leading))


def paginate(grid: Grid, y: float, top: float, bottom: float) -> list[Page]:
    """Given where a table starts and the page's top and bottom, return its pages: the header starts
    every page, and a long row is split between two lines when it does not fit."""
    header = sum(grid.header_heights())
    pages = [Page(y, bottom=y - header)]
    for i, row in enumerate(grid.rows):
        start = 0
        while start < row.need:
            page = pages[-1]
            take = lines_here(grid, i, start, page.bottom - bottom, fresh=not page.parts)
            if take:
                height = grid.height(take)
                page.parts.append(Part(i, start, start + take, page.bottom, height, start + take == row.need))
                page.bottom -= height
                start += take
            if start < row.need:
                pages.append(Page(top, bottom=top - header))
    return pages


# -- tables: painting ------------------------------------------------------------------------

@dataclass
class Box:
    """A rectangle to paint: its fill, its lines (each with the y of its top) and its ruled sides."""

    x: float
    top: float
    width: float
    height: float
    fill: str | None
    lines: list[tuple[Line, float]]
    edges: str  # the sides ruled, some of "tblr"


def edges(rules: str, closes: bool) -> str:
    """The sides of a cell ruled: every side on a grid or zebra, the foot of a row's last part if horizontal."""
    if rules in ("grid", "zebra"):
        return "tblr"
    return "b" if rules == "horizontal" and closes else ""


def header_boxes(grid: Grid, top: float) -> list[Box]:
    """The header rows, text at the foot of each cell."""
    boxes = []
    for row, height in zip(grid.header, grid.header_heights()):
        for first, past, cell in row:
            text_top = top - height + PAD_Y + len(cell.lines) * grid.leading
            lines = [(line, text_top - k * grid.leading) for k, line in enumerate(cell.lines)]
            boxes.append(Box(grid.xs[first], top, grid.xs[past] - grid.xs[first], height, cell.fill, lines,
                             edges(grid.table.rules, True)))
        top -= height
    return boxes


def place_lines(lines: list[Line], spans: list[tuple[float, float]], leading: float, middle: bool
                ) -> list[list[tuple[Line, float]]]:
    """Place a merged cell's lines in its boxes (top, height), one per page: in the middle of one box,
    else flowing from box to box (starting lower when middle, by half the free lines)."""
    if len(spans) == 1:
        top, height = spans[0]
        offset = (height - len(lines) * leading) / 2 if middle else PAD_Y
        return [[(line, top - offset - k * leading) for k, line in enumerate(lines)]]
    slots = [(b, top - PAD_Y - k * leading) for b, (top, height) in enumerate(spans)
             for k in range(int((height - 2 * PAD_Y + 1e-6) // leading))]
    skip = (len(slots) - len(lines)) // 2 if middle else 0
    placed: list[list[tuple[Line, float]]] = [[] for _ in spans]
    for line, (b, y) in zip(lines, slots[skip:]):
        placed[b].append((line, y))
    return placed


def merge_boxes(grid: Grid, pages: list[Page]) -> dict[tuple[int, int], Box]:
    """Each merged cell's box on each page it is on, by (merge, page)."""
    boxes: dict[tuple[int, int], Box] = {}
    middle = grid.table.rules in ("grid", "zebra")
    x = grid.xs
    for m, merge in enumerate(grid.merges):
        on = [(p, [part for part in page.parts if merge.first <= part.row <= merge.last])
              for p, page in enumerate(pages)]
        on = [(p, parts) for p, parts in on if parts]
        spans = [(parts[0].top, parts[0].top - parts[-1].top + parts[-1].height) for _, parts in on]
        for (p, parts), (top, height), lines in zip(on, spans, place_lines(merge.cell.lines, spans, grid.leading,
                                                                            middle)):
            closes = parts[-1].row == merge.last and parts[-1].closes
            boxes[m, p] = Box(x[merge.column], top, x[merge.column + 1] - x[merge.column], height, merge.cell.fill,
                              lines, edges(grid.table.rules, closes))
    return boxes


def body_boxes(grid: Grid, page: Page, p: int, merged: dict[tuple[int, int], Box]) -> list[Box]:
    """The boxes of a page's row parts in reading order, a merged cell's box before its first row's cells."""
    boxes: list[Box] = []
    drawn: set[int] = set()
    rules = grid.table.rules
    for part in page.parts:
        row = grid.rows[part.row]
        for c in range(len(grid.xs) - 1):
            m = grid.merged_at.get((part.row, c))
            if m is not None:
                if m not in drawn:
                    drawn.add(m)
                    boxes.append(merged[m, p])
                continue
            cell = row.cells.get(c)
            if cell is None:
                continue
            past = c + 1 if row.kind == "data" else len(grid.xs) - 1
            lines = [(line, part.top - PAD_Y - k * grid.leading)
                     for k, line in enumerate(cell.lines[part.start:part.end])]
            boxes.append(Box(grid.xs[c], part.top, grid.xs[past] - grid.xs[c], part.height, cell.fill, lines,
                             edges(rules, part.closes)))
    return boxes


def paint(canvas: Canvas, boxes: list[Box], rules: str, size: float) -> None:
    """Paint boxes: every fill, then every line of text, then every rule, so no fill covers a rule."""
    for box in boxes:
        if box.fill:
            canvas.setFillColor(HexColor(box.fill))
            canvas.rect(box.x, box.top - box.height, box.width, box.height, stroke=0, fill=1)
    for box in boxes:
        for line, top in box.lines:
            draw_line(canvas, line, box.x + PAD_X, top - BASELINE * size)
    if rules not in RULE:
        return
    colour, width = RULE[rules]
    canvas.setStrokeColor(HexColor(colour))
    canvas.setLineWidth(width)
    for box in boxes:
        left, right, top, foot = box.x, box.x + box.width, box.top, box.top - box.height
        sides = {"t": (left, top, right, top), "b": (left, foot, right, foot),
                 "l": (left, top, left, foot), "r": (right, top, right, foot)}
        for side in box.edges:
            canvas.line(*sides[side])


def draw_table(writer: Writer, table: TableSpec, header: bool = True) -> None:
    """Draw a table (its caption above it) from the current position, over as many pages as it needs."""
    grid = layout(table, writer, header)
    keep = sum(grid.header_heights()) + (lead(grid, 0) if grid.rows else 0.0)
    if table.caption:
        caption = wrap(words(table.caption, writer.ink(bold=True)), writer.width)
        writer.begin(10.0, keep=len(caption) * BODY_SIZE * LEADING + 4.0 + keep)
        writer.lines(caption, BODY_SIZE)
        writer.end(2.0)
    writer.begin(4.0, keep=keep)
    pages = paginate(grid, writer.y, writer.top, writer.bottom)
    merged = merge_boxes(grid, pages)
    for p, page in enumerate(pages):
        if p:
            writer.new_page()
        boxes = header_boxes(grid, page.top) + body_boxes(grid, page, p, merged)
        paint(writer.canvas, boxes, table.rules, table.font_size)
    writer.y = pages[-1].bottom
    writer.end(8.0)


# -- other blocks ----------------------------------------------------------------------------

def draw_legend(writer: Writer, legend: LegendSpec) -> None:
    """A key: a bold title over rows of colour swatch and label, or one line "Title: Green – label; …"."""
    bold, plain = writer.ink(bold=True), writer.ink()
    if legend.style == "text":
        entries = "; ".join(f"{status} – {label}" for _, label, status in legend.entries)
        writer.paragraph([*words(f"{legend.title}:", bold), *words(entries, plain)])
        return
    writer.paragraph(words(legend.title, bold))
    writer.begin(4.0)
    for colour, label, _ in legend.entries:
        lines = wrap(words(label, plain), writer.width - SWATCH_WIDTH - SWATCH_GAP)
        height = len(lines) * BODY_SIZE * LEADING + 2 * PAD_Y
        if writer.y - height < writer.bottom:
            writer.new_page()
        writer.canvas.setFillColor(HexColor(colour))
        writer.canvas.setStrokeColor(HexColor(BLACK))
        writer.canvas.setLineWidth(0.5)
        writer.canvas.rect(writer.left, writer.y - height, SWATCH_WIDTH, height, stroke=1, fill=1)
        writer.y -= PAD_Y
        writer.lines(lines, BODY_SIZE, x=writer.left + SWATCH_WIDTH + SWATCH_GAP)
        writer.y -= PAD_Y
    writer.end(8.0)


def draw_records(writer: Writer, blocks: RecordBlocksSpec) -> None:
    """Each item's (label, value) pairs: a two-column ruled table, or "Label: value" paragraphs."""
    for item in blocks.items:
        if blocks.ruled:
            columns = [ColumnSpec("label", "", 0.22), ColumnSpec("value", "", 0.78)]
            rows = [RowSpec("data", {"label": CellSpec(label, bold=True), "value": CellSpec(value)})
                    for label, value in item]
            draw_table(writer, TableSpec("monitoring", columns, rows, font_size=BODY_SIZE), header=False)
        else:
            for label, value in item:
                writer.paragraph([*words(f"{label}:", writer.ink(bold=True)), *words(value, writer.ink())])
        writer.space(ITEM_GAP)


def render(report: Report, path: Path) -> Path:
    """Render a report to a PDF at path with reportlab; return the path. One report gives one file, byte
    for byte."""
    path = Path(path)
    writer = Writer(report, path)
    for kind, block in report.blocks:
        if kind == "heading":
            writer.paragraph(words(block, writer.ink(TITLE_SIZE, bold=True)), TITLE_SIZE, margins=(0.0, 8.0))
        elif kind == "paragraph":
            writer.paragraph(words(block, writer.ink()))
        elif kind == "legend":
            draw_legend(writer, block)
        elif kind == "table":
            draw_table(writer, block)
        elif kind == "records":
            draw_records(writer, block)
        elif kind == "page_break" and not writer.fresh:
            writer.new_page()
    writer.canvas.save()
    return path
