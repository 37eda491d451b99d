"""Office grids → raw tables: the header row found by what its cells name, merged rows across the
table as headings, every other row a body row of one cell per column.

The PDF path has to find a table's columns from where words stand; an Office file declares them,
so this step only decides which row is the header and what each row is. What the raw tables say
then goes through the same steps as a PDF's (:func:`..pdf.find.settle_table_roles`,
:func:`..pdf.structure.recover_rows`): column roles from headings and content, heading levels from
how headings look, merged group cells shared by the rows under them.

Positions are carried as boxes on a grid (:data:`CELL`, units per cell; the table's number as its
page), so provenance, merges and reading order work as on a page; :func:`grid_box` reads a box
back as the cells it covers, which :mod:`..emit` names (``Tracker!C14``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..fields.roles import base_role, classify_header
from ..fields.text import clean_cell
from ..model import BBox, Cell, Dropped, RawRow, RawTable, Source, Word
from ..pdf.find import PLAIN_HEADER_ROLES, PLAIN_HEADING_WORDS
from .grid import Addresses, OfficeBook, OfficeCell, OfficeTable, Paragraph, Run

CELL = 1000.0  # grid units a cell is wide and tall: a box on the grid says which cells it covers
ADVANCE = 0.04  # grid units a character takes along a line (a line of 20,000 characters fits its cell)
SIZE = 10.0  # the type size a word is given when the file does not say (a 10 pt default)
GAP_ROWS = 2  # more empty rows of a sheet than this end a table: what follows is a note
HEADER_CELL_WORDS = 15  # a header's cells are headings, not sentences of more words than this
HEADING_WORDS = 12  # a paragraph between two tables of at most this many words is a heading over the next


def grid_box(box: BBox) -> tuple[int, int, int, int]:
    """Given a box on the grid, return the cells it covers: (first row, first column, last row, last column)."""
    x0, top, x1, bottom = box
    return (int(top // CELL), int(x0 // CELL), max(int(top // CELL), math.ceil(bottom / CELL) - 1),
            max(int(x0 // CELL), math.ceil(x1 / CELL) - 1))


#: pages given to paragraphs (each its own, so its provenance names it): after every table's number
PARAGRAPH_PAGES = 1_000_000


def office_tables(book: OfficeBook) -> tuple[list[RawTable], list[Dropped], list[str], dict[int, Addresses]]:
    """Given an Office file read, return its raw tables, what was set aside (titles, header rows,
    tables of no monitoring shape), the titles outside any table (period evidence), and how each
    page of the grid is named (a table's number → its sheet or table; a paragraph's page → it)."""
    raw: list[RawTable] = []
    dropped: list[Dropped] = []
    titles: list[str] = []
    names: dict[int, Addresses] = {t.number: t.addresses for t in book.tables}

    def named(paragraph: Paragraph) -> int:
        page = PARAGRAPH_PAGES + len(names)  # (tables' numbers are far below)
        names[page] = Addresses(paragraph.label, [], [], sheet=False, paragraph=True)
        return page

    def outside(paragraph: Paragraph) -> None:
        page = named(paragraph)
        titles.append(paragraph.text)
        dropped.append(Dropped(paragraph.text, "outside any table", Source(page, (0.0, 0.0, 1.0, 1.0))))

    segments = [_segments(table) for table in book.tables]
    firsts = [found[0].headings if found else None for found in segments]
    # a table of the same header as the one before it goes on with it (a Word report split into
    # tables by section headings): a heading between the two is a heading over the rows that
    # follow, and so is the heading just before the first of them when the next one has its own
    continues = [i > 0 and firsts[i] is not None and firsts[i] == firsts[i - 1] for i in range(len(firsts))]
    sectioned = [continues[i + 1] and any(_is_section(p) for p in book.tables[i + 1].before)
                 if i + 1 < len(firsts) else False for i in range(len(firsts))]
    for i, (table, found) in enumerate(zip(book.tables, segments)):
        headings_between: list[tuple[Paragraph, int]] = []
        for k, paragraph in enumerate(table.before):
            last = k == len(table.before) - 1
            if found and _is_section(paragraph) and (continues[i] or (sectioned[i] and last)):
                headings_between.append((paragraph, named(paragraph)))
            else:
                outside(paragraph)
        inside = {r for segment in found for r in range(segment.header, segment.end)}
        for r, row in enumerate(table.grid):  # rows outside every table: a sheet's title, notes below
            text = " ".join(c.text for c in _distinct(row) if c.text and c.row == r)
            if r not in inside and text:
                titles.append(text)
                dropped.append(Dropped(text, "outside any table", _source(table, r, 0)))
        for k, segment in enumerate(found):
            dropped.append(Dropped(" ".join(h for h in segment.headings if h), f"table header ({segment.kind})",
                                   _source(table, segment.header, 0)))
            raw.append(_raw_table(table, segment, headings_between if k == 0 else [], dropped))
            if len(raw) > 1 and raw[-2].headings == segment.headings:
                raw[-1].header_repeated = True
    for paragraph in book.after:
        outside(paragraph)
    return raw, dropped, titles, names


@dataclass(frozen=True)
class _Segment:
    """One monitoring table in a grid: its header row, the row after its last, its columns."""

    header: int
    end: int
    kind: str
    roles: list[str]
    headings: list[str]  # one per column: the grid's columns up to the last its header names

    @property
    def width(self) -> int:
        return len(self.headings)


def _segments(table: OfficeTable) -> list[_Segment]:
    """The monitoring tables in one grid (a sheet may hold a narrative table and a table of
    numbers, one under the other): each runs from a header row to the row before the next header
    of other columns, or before a gap of more than ``GAP_ROWS`` empty rows of the sheet (what
    stands below such a gap is a note, not a row). A header row repeated (a printed sheet's) is
    part of its table."""
    out: list[_Segment] = []
    r, rows, numbers = 0, len(table.grid), table.addresses.rows
    while r < rows:
        found = _header_at(table, r)
        if found is None:
            r += 1
            continue
        kind, roles, headings = found
        end, last = r + 1, numbers[r] if r < len(numbers) else r
        while end < rows:
            if _has_content(table.grid[end]):
                number = numbers[end] if end < len(numbers) else end
                if number - last > GAP_ROWS + 1:
                    break
                other = _header_at(table, end)
                if other is not None and other[2] != headings:
                    break
                last = number
            end += 1
        while end - 1 > r and not _has_content(table.grid[end - 1]):
            end -= 1
        width = max(c for c, h in enumerate(headings) if h) + 1
        out.append(_Segment(r, end, kind, roles[:width], headings[:width]))
        r = end
    return out


def _has_content(row: list[OfficeCell | None]) -> bool:
    return any(c.text or c.fill or c.hidden_text for c in _distinct(row))


def _raw_table(table: OfficeTable, segment: _Segment, before: list[tuple[Paragraph, int]],
               dropped: list[Dropped]) -> RawTable:
    cells: dict[int, Cell] = {}  # one model cell per Office cell: a merged cell is one cell in every row
    rows: list[RawRow] = []
    width, header, headings, kind = segment.width, segment.header, segment.headings, segment.kind
    for paragraph, page in before:  # a heading between two tables: a heading over the rows that follow
        box = (0.0, 0.0, CELL, CELL)
        rows.append(RawRow("spanning", [Cell(_words([Run(paragraph.text, bold=True)], page, 0, 0), box, page)],
                           box, table.number))
    for r in range(header + 1, segment.end):
        row = table.grid[r][:width]  # (a column past the last heading is no column of this table)
        present = _distinct(row)
        if not _has_content(row):
            continue
        texts = [_text_at(table, r, c) for c in range(width)]
        if texts == headings and not any(_text_at(table, r, c) for c in range(width, table.width)):
            dropped.append(Dropped(" ".join(t for t in texts if t), f"table header ({kind}), repeated",
                                   _source(table, r, 0)))
            continue
        box = (0.0, r * CELL, width * CELL, (r + 1) * CELL)
        filled = [c for c in present if c.text]
        if len(filled) == 1 and _spans_row(filled[0], row, width):
            rows.append(RawRow("spanning", [_cell(filled[0], table, cells)], box, table.number))
            continue
        out = []
        for c in range(width):
            office = row[c] if c < len(row) else None
            out.append(_cell(office, table, cells) if office is not None else
                       Cell([], (c * CELL, r * CELL, (c + 1) * CELL, (r + 1) * CELL), table.number))
        rows.append(RawRow("body", out, box, table.number))
    names = table.addresses
    place = names.name(header, 0, segment.end - 1, width - 1) if names.sheet else names.label
    report = {"page": table.number, "rows": len(rows), "spanning_rows": sum(r.kind == "spanning" for r in rows),
              "cell": place}
    return RawTable(table.number, (0.0, header * CELL, width * CELL, segment.end * CELL), kind,  # type: ignore[arg-type]
                    headings, segment.roles, [(c * CELL, (c + 1) * CELL) for c in range(width)], rows, ruled=True,
                    report=report, rows_declared=True)


def _is_section(paragraph: Paragraph) -> bool:
    return paragraph.heading and len(paragraph.text.split()) <= HEADING_WORDS


def _spans_row(cell: OfficeCell, row: list[OfficeCell | None], width: int) -> bool:
    """Is a row's one filled cell a heading across the table: merged across it, or alone in the
    first column in bold or on a fill (a heading row whose cells were never merged)?"""
    if cell.columns >= width or (cell.column == 0 and cell.columns >= width - 1):
        return True
    others = [c for c in _distinct(row) if c is not cell]
    return (cell.column == 0 and all(not c.text for c in others)
            and any(r.bold for r in cell.runs if r.text.strip()) and len(cell.text.split()) <= HEADING_WORDS)


def _header_at(table: OfficeTable, row: int) -> tuple[str, list[str], list[str]] | None:
    """Whether a row is a header (its cells name a monitoring table's columns): the table's kind,
    each column's role and heading; None if not."""
    texts = [_text_at(table, row, c) for c in range(table.width)]
    named = [t for t in texts if t]
    if len(named) < 2 or any(len(t.split()) > HEADER_CELL_WORDS for t in named):
        return None  # a row of sentences naming a target and its progress is a row, not a header
    found = classify_header(texts)
    if found is None:
        return None
    # as on a page: a header in bold or on a fill names two known columns; one in plain type names
    # three, in short headings ("Deliver the plan", "Progress made", "Status" is a row of a tracker);
    # a row the file itself marks as the header (Word's repeated header rows) needs only to name them
    if row < table.header_rows:
        return found[0], found[1], texts
    known = sum(base_role(r) != "other" for r in found[1])
    cells = [c for c in _distinct(table.grid[row]) if c.text and c.row == row]
    styled = all(c.fill is not None or any(r.bold for r in c.runs if r.text.strip()) for c in cells)
    plain = known >= PLAIN_HEADER_ROLES and all(len(t.split()) <= PLAIN_HEADING_WORDS for t in named)
    return (found[0], found[1], texts) if (styled and known >= 2) or plain else None


def _text_at(table: OfficeTable, row: int, column: int) -> str:
    """The text of the cell at a grid position, once: a merged cell's text at its top-left only."""
    cells = table.grid[row]
    cell = cells[column] if column < len(cells) else None
    if cell is None or cell.column != column or cell.row != row:
        return ""
    return clean_cell(cell.text)


def _distinct(row: list[OfficeCell | None]) -> list[OfficeCell]:
    seen: dict[int, OfficeCell] = {}
    for cell in row:
        if cell is not None:
            seen.setdefault(id(cell), cell)
    return list(seen.values())


def _cell(office: OfficeCell, table: OfficeTable, made: dict[int, Cell]) -> Cell:
    if id(office) not in made:
        box = (office.column * CELL, office.row * CELL, (office.column + office.columns) * CELL,
               (office.row + office.rows) * CELL)
        hidden = _words([r for r in office.runs if r.hidden], table.number, office.row, office.column)
        made[id(office)] = Cell(_words([r for r in office.runs if not r.hidden], table.number, office.row,
                                       office.column), box, table.number, office.fill, hidden, list(office.flags))
    return made[id(office)]


def _words(runs: list[Run], page: int, row: int, column: int) -> list[Word]:
    """A cell's runs as words on the grid, in reading order: each line of the cell a line (a type
    size below the last), each word a little right of the one before, all inside the cell's box,
    each in its run's style. A word box is half its type size tall, so words of one line never
    read as a line break and words of the next always do."""
    out: list[Word] = []
    line, x = 0, 0.0
    for run in runs:
        size = run.size or SIZE
        for piece in re.split(r"(\n)", run.text):
            if piece == "\n":
                line, x = line + 1, 0.0
                continue
            for token in piece.split():
                left = column * CELL + 1 + min(x, CELL - 2)
                top = row * CELL + 1 + min(line * size, CELL - 2 * size)
                out.append(Word(token, left, top, left + min(len(token) * ADVANCE, CELL - 1 - (left - column * CELL)),
                                top + size / 2, page=page, size=size, bold=run.bold, italic=run.italic))
                x += (len(token) + 1) * ADVANCE
    return out


def _source(table: OfficeTable, row: int, column: int) -> Source:
    return Source(table.number, (column * CELL + 1, row * CELL + 1, column * CELL + 2, row * CELL + 2))
