"""The plain data that flows through extraction, stage by stage.

document → :class:`PageContent` (positioned words, rules, fills) → :class:`RawTable` (cells in
rows and columns) → :class:`LogicalRow` (one deliverable, section or quarterly row, joined
across lines and pages) → :class:`Deliverable` / :class:`QuarterlyRow` (normalised values with
raw text, confidence, flags and provenance) → :class:`Document` (what we emit).

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's
convention, which the output contract uses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from ..contract import Flag, Kind
from .fields.text import hyphenated_break

if TYPE_CHECKING:
    from .fields.key import KeyEntry

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
RGB = tuple[float, float, float]
Status = Literal["Green", "Amber", "Red", "Blue"]  # Blue: complete (BRAG series)
DECIMALS = 3  # confidences are written to this many decimals
T = TypeVar("T")
#: a word starts a new line when its top is below the previous word's bottom, less this × type size
NEXT_LINE = 0.3


@dataclass(frozen=True)
class Word:
    """A word as read from the source: text, box, style, where it came from."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int | None  # 1-based; None for sources without pages (text extractions)
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    line: int | None = None  # 1-based source line, for text inputs
    ocr_conf: float | None = None  # 0..1 word confidence, for OCR'd pages
    colour: RGB | None = None  # the fill colour of a symbol-only word ("●" in green), else None
    hidden: bool = False  # in the text layer but not visible on the page (invisible mode, or ink = background)
    repaired: bool = False  # put back together from two pieces a too-narrow cell broke apart without a hyphen

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Rule:
    """A ruling line (or a thin filled rectangle drawn as one)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True)
class Fill:
    """A filled rectangle: cell shading, which may carry a status colour."""

    x0: float
    top: float
    x1: float
    bottom: float
    colour: RGB


@dataclass
class PageContent:
    """One page as the reader saw it."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)

    @cached_property
    def horizontal_rules(self) -> list[Rule]:
        """The page's horizontal rules (the finder asks for them band by band)."""
        return [r for r in self.rules if r.horizontal]

    @cached_property
    def vertical_rules(self) -> list[Rule]:
        """The page's vertical rules."""
        return [r for r in self.rules if not r.horizontal]


@dataclass(frozen=True)
class Source:
    """Where a value was read: page and box for PDFs, line for text inputs, cell for Office files.

    Inside the pipeline an Office cell is a box on its table's grid (the table's number as the
    page, see :mod:`.office.tables`); :mod:`.emit` writes it as the cell's address (``cell``)."""

    page: int | None
    bbox: BBox | None
    line: int | None = None
    cell: str | None = None  # "Tracker!C14", "table 2, row 5, column 3", "paragraph 4"

    def to_dict(self) -> dict[str, Any]:
        bbox = None if self.bbox is None else [round(v, 2) for v in self.bbox]
        out: dict[str, Any] = {"page": self.page, "bbox": bbox, "line": self.line}
        if self.cell is not None:
            out["cell"] = self.cell
        return out


class CellNames(Protocol):
    """How an Office table names a position of its grid (:class:`.office.grid.Addresses`), and
    itself (``label``: its sheet, "table 2")."""

    label: str

    def name(self, row: int, column: int, last_row: int | None = None, last_column: int | None = None) -> str: ...


@dataclass
class Cell:
    """The words of one table cell on one page, in reading order, and the cell's shading."""

    words: list[Word]
    bbox: BBox | None  # the cell's area (column × row band), not just its words; None for text
    page: int | None
    fill: RGB | None = None
    hidden: list[Word] = field(default_factory=list)  # words in the text layer the page does not show here
    doubts: list[Flag] = field(default_factory=list)  # what the source says is doubtful (a formula with no saved value)

    @cached_property
    def text(self) -> str:
        """The cell's words in reading order; a word hyphenated at a line end ("co-" / "hosting"),
        or at a page's end, is joined to its rest, the hyphen kept. (A cell's words are never
        changed once it is made, so its text is worked out once.)"""
        out = ""
        previous: Word | None = None
        for w in self.words:
            broken = (previous is not None and hyphenated_break(previous.text, w.text)
                      and (w.page != previous.page or w.top >= previous.bottom - NEXT_LINE * max(previous.size, 1.0)))
            out += w.text if not out or broken else " " + w.text
            previous = w
        return out

    @property
    def source(self) -> Source:
        if self.page is None:  # a text extraction: lines, no boxes
            return Source(None, None, self.words[0].line if self.words else None)
        if self.words:
            box = (min(w.x0 for w in self.words), min(w.top for w in self.words),
                   max(w.x1 for w in self.words), max(w.bottom for w in self.words))
            return Source(self.page, box, self.words[0].line)
        return Source(self.page, self.bbox)


RowKind = Literal["body", "spanning"]


@dataclass
class RawRow:
    """One row band of a table on one page: a cell per column, or one spanning cell."""

    kind: RowKind
    cells: list[Cell]  # one per column for body rows; a single cell for spanning rows
    bbox: BBox
    page: int


@dataclass
class RawTable:
    """A table as found on one page: its columns, their roles, its rows, a parsing report."""

    page: int
    bbox: BBox
    kind: Literal["narrative", "quarterly", "other"]  # other: read, and left out (a key, a glossary, a budget)
    headings: list[str]
    roles: list[str]
    columns: list[tuple[float, float]]  # x0, x1 per column
    rows: list[RawRow]
    ruled: bool
    header_repeated: bool = False  # the page repeats a header seen on an earlier page
    report: dict[str, Any] = field(default_factory=dict)
    caption: list[Word] = field(default_factory=list)  # a heading just above the table naming it
    leading: float | None = None  # how far apart one cell's lines stand, where the page shows it (unruled rows)
    rows_declared: bool = False  # an Office table: its rows are the file's, none is the rest of one over a break

    @property
    def caption_text(self) -> str:
        return " ".join(w.text for w in self.caption)


@dataclass
class LogicalRow:
    """A deliverable, heading or quarterly row, its cells joined across lines and pages."""

    kind: Literal["deliverable", "section", "subsection", "quarterly", "caption", "note"]
    table_kind: Literal["narrative", "quarterly"]
    cells: dict[str, list[Cell]]  # role -> pieces in reading order
    flags: list[Flag] = field(default_factory=list)
    style: tuple[Any, ...] = ()  # for headings: what the heading looks like
    field_flags: dict[str, list[Flag]] = field(default_factory=dict)  # doubts structure had, by role

    def text(self, role: str) -> str:
        """A role's pieces joined; a word hyphenated across a page break is joined to its rest."""
        return pieces_text(self.cells.get(role, []))


def pieces_text(cells: Iterable[Cell]) -> str:
    """The text of a field's pieces (one cell per page) in order, a space between them; a word
    hyphenated across the break ("county-" / "wide") joined to its rest."""
    out = ""
    for piece in (c.text for c in cells if c.text):
        joined = hyphenated_break(out.rsplit(" ", 1)[-1], piece)
        out += piece if not out or joined else " " + piece
    return out.strip()


@dataclass(frozen=True)
class ReviewMark:
    """An auditor's mark on a field, applied from a corrections file: the contract's ``checked``
    or ``correction`` entry (who, when, why; and for a correction the value as read)."""

    by: str
    at: str
    note: str
    was: Any = None

    def to_dict(self, corrected: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"by": self.by, "at": self.at, "note": self.note}
        if corrected:
            out["value_was"] = self.was
        return out


@dataclass
class FieldValue:
    """A field's provenance and doubt: the contract's ``fields`` entry."""

    raw: str | None
    confidence: float
    flags: list[Flag]
    source: Source
    pieces: list[Source] = field(default_factory=list)
    ocr_conf: float | None = None  # the least confident OCR word of the field, when OCR read it
    colour: RGB | None = None  # the colour a value was read from (a status cell's fill), as the page shows it
    checked: ReviewMark | None = None  # an auditor found the value right
    correction: ReviewMark | None = None  # an auditor corrected the value

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"raw": self.raw, "confidence": round(self.confidence, DECIMALS),
                               "flags": list(self.flags), "source": self.source.to_dict()}
        if len(self.pieces) > 1:
            out["pieces"] = [p.to_dict() for p in self.pieces]
        if self.ocr_conf is not None:
            out["ocr_confidence"] = round(self.ocr_conf, DECIMALS)
        if self.colour is not None:
            out["colour"] = hex_colour(self.colour)
        if self.checked is not None:
            out["checked"] = self.checked.to_dict(corrected=False)
        if self.correction is not None:
            out["correction"] = self.correction.to_dict(corrected=True)
        return out


def hex_colour(colour: RGB) -> str:
    """Given an RGB colour (0..1 each), return it as a person writes it: "#00b050"."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in colour)


class Record:
    """What every record derives from its fields: its flags and its confidence (the minimum)."""

    fields: dict[str, FieldValue]

    @property
    def flags(self) -> list[Flag]:
        return unique(f for fv in self.fields.values() for f in fv.flags)

    @property
    def confidence(self) -> float:
        return min((fv.confidence for fv in self.fields.values()), default=1.0)


@dataclass
class Deliverable(Record):
    """One row of a narrative monitoring table, normalised."""

    id: str
    seq: int
    section: str | None
    subsection: str | None
    ref: str | None
    target: str
    delivered: str | None
    status: Status | None
    target_value: float | None
    delivered_value: float | None
    fields: dict[str, FieldValue]
    #: the row's other statuses, named: "previous", "goal" (traffic lights), "trend" (a direction)
    statuses: dict[str, str | None] = field(default_factory=dict)
    #: the grouping the row sits in, outermost first (sections, merged group cells, table captions)
    group: list[str] = field(default_factory=list)
    percent_complete: float | None = None
    actual_value: float | None = None  # a KPI row's latest value, where the report prints one
    floor_value: float | None = None  # a KPI row's floor (threshold, tolerance), where printed


@dataclass
class QuarterlyRow(Record):
    """One row of a per-quarter numbers table, numbers as numbers."""

    id: str
    seq: int
    theme: str | None
    deliverable: str
    target: float | None
    q1: float | None
    q2: float | None
    q3: float | None
    q4: float | None
    total: float | None
    pct_achieved: float | None
    commentary: str | None
    matches_deliverable: str | None
    fields: dict[str, FieldValue]


@dataclass
class Period:
    """What the document reports on."""

    year: str | None
    as_at: str | None
    evidence: str | None
    confidence: float


@dataclass
class Dropped:
    """Something read and deliberately not emitted, with the reason."""

    text: str
    reason: str
    source: Source


@dataclass
class Document:
    """One extracted document: the contract's top-level object."""

    doc_id: str
    path: str
    sha256: str
    kind: Kind
    pages: int | None
    period: Period
    deliverables: list[Deliverable]
    quarterly: list[QuarterlyRow]
    dropped: list[Dropped]
    warnings: list[str]
    tables: list[RawTable] = field(default_factory=list)  # intermediates, for debugging
    key: list[KeyEntry] = field(default_factory=list)  # the document's own status key, as printed
    ocr_engine: str | None = None  # the engine that read its scanned pages; None when none was OCR'd
    page_transforms: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # see OcrPage.transforms
    cell_names: dict[int, CellNames] = field(default_factory=dict)  # an Office file's tables: grid page → names


def unique(items: Iterable[T]) -> list[T]:
    """Given an iterable, return its items once each, first occurrence first."""
    seen: dict[T, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


@dataclass(frozen=True)
class Evidence:
    """A piece of text that may state the period, and how much it is trusted (0..1)."""

    text: str
    weight: float


@dataclass
class Recovered:
    """What a source's path (PDF, text) hands to the shared stages: logical rows and their context."""

    rows: list[LogicalRow]
    dropped: list[Dropped]
    evidence: list[Evidence]  # texts that may state the period, most trusted first
    pages: int | None
    kind: Kind
    tables: list[RawTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: set[int] = field(default_factory=set)
    turned_pages: set[int] = field(default_factory=set)  # scanned pages read turned upright
    key: list[KeyEntry] = field(default_factory=list)  # the document's status key, where it prints one
    ocr_engine: str | None = None  # the engine that read the scanned pages
    page_transforms: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # scans straightened, turned
    guessed_lines: set[int] = field(default_factory=set)  # text lines not UTF-8, read as another encoding
    cell_names: dict[int, CellNames] = field(default_factory=dict)  # an Office file's grid pages → cell names
