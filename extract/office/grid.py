"""What an Office file's tables are before they are monitoring tables: grids of cells as the file
declares them — text in runs (bold, italic, hidden), the cell's fill, its merge, its address.

A Word table and an Excel sheet both come to this, so one step (:mod:`.tables`) makes raw tables
of either. A merged cell is one :class:`OfficeCell` standing in every grid position it covers, so
"the same cell" is identity, as in the PDF path's merged group cells.

Positions in the grid are 0-based and count only what shows: a hidden row or column of a sheet is
not in the grid at all, and its address is kept in :class:`Addresses`, which turns a position
back into the name an auditor looks up (``Tracker!C14``, ``table 2, row 5, cell 3``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ...contract import Flag, Kind
from ..model import RGB


@dataclass(frozen=True)
class Run:
    """A piece of a cell's text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float = 0.0  # points; 0 when the file does not say
    hidden: bool = False  # in the file, not shown (Word's hidden text, a font the colour of its cell)


@dataclass(eq=False)
class OfficeCell:
    """One cell as the file declares it: its text in runs (paragraphs apart by "\\n" runs), fill,
    merge (``rows`` × ``columns`` grid positions from its top left) and doubts."""

    runs: list[Run]
    row: int  # grid position of its top-left corner
    column: int
    rows: int = 1
    columns: int = 1
    fill: RGB | None = None
    flags: list[Flag] = field(default_factory=list)  # e.g. a formula with no value saved

    @property
    def text(self) -> str:
        """The text that shows, runs joined, lines as the file breaks them."""
        return "".join(r.text for r in self.runs if not r.hidden).strip()

    @property
    def hidden_text(self) -> str:
        return " ".join(r.text.strip() for r in self.runs if r.hidden and r.text.strip())


@dataclass(frozen=True)
class Paragraph:
    """Text outside every table (a Word paragraph, a heading), where it is, and whether it is
    styled as a heading (a heading style, or bold throughout)."""

    text: str
    label: str  # "paragraph 3"
    heading: bool = False


@dataclass
class Addresses:
    """How a grid position is named in its file: a sheet's column letters and row numbers (hidden
    ones skipped), a Word table's rows and cells counted from 1, or a paragraph's number."""

    label: str  # the sheet's name, "table 2", or "paragraph 3"
    columns: list[str]  # per grid column: "C" (a sheet), "3" (a Word table)
    rows: list[int]  # per grid row: the sheet's row number, or the table's row counted from 1
    sheet: bool = True
    paragraph: bool = False

    def name(self, row: int, column: int, last_row: int | None = None, last_column: int | None = None) -> str:
        """The address of a cell (or of a range, merged cells): ``Tracker!C14``, ``Tracker!B3:B5``,
        ``table 2, row 5, cell 3``."""
        if self.paragraph or not self.rows or not self.columns:
            return self.label
        row, column = self._clamp(row, column)
        if self.sheet:
            quoted = self.label if self.label.replace("_", "").isalnum() else "'" + self.label.replace("'", "''") + "'"
            first = f"{self.columns[column]}{self.rows[row]}"
            if last_row is not None and last_column is not None and (last_row, last_column) != (row, column):
                last_row, last_column = self._clamp(last_row, last_column)
                return f"{quoted}!{first}:{self.columns[last_column]}{self.rows[last_row]}"
            return f"{quoted}!{first}"
        return f"{self.label}, row {self.rows[row]}, column {self.columns[column]}"

    def _clamp(self, row: int, column: int) -> tuple[int, int]:
        return max(0, min(row, len(self.rows) - 1)), max(0, min(column, len(self.columns) - 1))


@dataclass
class OfficeTable:
    """A Word table or a sheet's used range: its grid (``None`` where no cell is declared), its
    place in the file (``number``, counted from 1 over the file's tables or visible sheets), the
    text just before it (a Word document's headings and paragraphs), and how its cells are named."""

    number: int
    grid: list[list[OfficeCell | None]]
    addresses: Addresses
    before: list[Paragraph] = field(default_factory=list)  # headings and paragraphs since the last table
    header_rows: int = 0  # rows the file marks as the header (Word's repeated header rows)

    @cached_property
    def width(self) -> int:
        """The grid's columns (worked out once: a grid is not changed once read)."""
        return max((len(r) for r in self.grid), default=0)


@dataclass
class OfficeBook:
    """An Office file read: its tables in order, the text outside them, and what to tell the user."""

    kind: Kind
    tables: list[OfficeTable]
    after: list[Paragraph] = field(default_factory=list)  # text after the last table
    warnings: list[str] = field(default_factory=list)
