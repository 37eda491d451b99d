"""Structure recovery: raw tables on pages → logical rows of the document.

- Tables with the same headings on consecutive pages are one logical table.
- Spanning rows are headings. Their level comes from how they look, not where they are:
  the strongest style in the document (darkest fill, largest type, upright) is a section;
  any weaker style is a sub-section. A document with one heading style has sections only,
  unless some headings end in ":" and others do not (then the ":" ones are sub-sections).
- A body row at the top of a page continues the row above the page break when nothing says
  it is new: no ref where the table uses refs, no status word where the previous row had
  one, an empty first column, or text that starts in lower case.
"""

from __future__ import annotations

import itertools
from typing import Literal

from rapidfuzz import fuzz

from ...contract import Flag
from ..fields.refs import ref_prefix
from ..fields.status import hue_family
from ..model import Cell, LogicalRow, RawRow, RawTable


def recover_rows(tables: list[RawTable]) -> list[LogicalRow]:
    """Given the raw tables of a document in order, return its logical rows in order."""
    rows: list[LogicalRow] = []
    previous_table: RawTable | None = None
    caption = ""
    carried: dict[str, list[Cell]] = {}  # a group's cells, for the rows under a merged cell
    overleaf: set[int] = set()  # the cells of the rest of a row continued at the top of this page
    # rows at a page's foot under a new merged group cell left empty there (its text or colour is
    # printed overleaf), by role; and the roles whose column this table merges over rows at all
    pending: dict[str, list[LogicalRow]] = {}
    merging: set[str] = set()
    for table in (t for t in tables if t.kind != "other"):
        new_caption = table.caption_text and table.caption_text != caption
        same_table = previous_table is not None and same_headings(previous_table, table) \
            and previous_table.page < table.page and not new_caption
        overleaf = set()
        if not same_table:
            carried, pending, merging = {}, {}, set()
        previous_raw: RawRow | None = None
        if new_caption or (not same_table and previous_table is not None and table.kind == "narrative"):
            # a table captioned anew, or another table: the sections and groups above end here
            caption = table.caption_text
            cell = Cell(table.caption, None, table.caption[0].page if table.caption else table.page)
            rows.append(LogicalRow("caption", _kind(table), {"heading": [cell]}))
        for index, raw in enumerate(table.rows):
            if raw.kind == "spanning":
                rows.append(_heading(raw, table))
                if rows[-1].kind != "note":
                    carried, pending = {}, {}
                previous_raw = None
                continue
            last = rows[-1] if rows else None
            overleaf_groups = _groups_overleaf(raw, table, pending, merging) \
                if same_table and index == _first_body_index(table) else {}
            if (same_table and index == _first_body_index(table) and last is not None and not table.rows_declared
                    and last.kind in ("deliverable", "quarterly") and _continues(raw, table, last)):
                _append(last, raw, table, skip=set(overleaf_groups))
                _fill_empty_spans(rows, last, raw, table)
                overleaf = {id(c) for c in raw.cells}  # a merged group cell, split by the page break
                if Flag.CONTINUED_ACROSS_PAGES not in last.flags:
                    last.flags.append(Flag.CONTINUED_ACROSS_PAGES)
                _give_groups(overleaf_groups, carried)
                previous_raw = raw
                continue
            kind = "quarterly" if table.kind == "quarterly" else "deliverable"
            cells = _cells_by_role(raw, table)
            if same_table and index == _first_body_index(table):
                _join_split_groups(cells, carried, overleaf)
            fresh = {role for role in GROUP_ROLES if role not in carried}
            _carry_groups(cells, carried, overleaf)
            rows.append(LogicalRow(kind, _kind(table), cells))  # type: ignore[arg-type]
            _give_groups(overleaf_groups, carried)
            _note_empty_spans(rows[-1], raw, previous_raw, table, pending, merging, fresh)
            previous_raw = raw
        previous_table = table
    _assign_heading_levels(rows)
    return rows


#: columns that hold one value for a group of rows: an empty cell in them is the cell above, merged
GROUP_ROLES = ("group", "status_goal", "percent_goal")


def _holds_group(role: str, cell: Cell) -> bool:
    """Does a group cell hold its own value: words, or (a goal's status) a colour with a hue? A
    striped row's pale tint behind an empty cell is no value."""
    return bool(cell.words) or (role == "status_goal" and cell.fill is not None and hue_family(cell.fill) is not None)


def _note_empty_spans(row: LogicalRow, raw: RawRow, above: RawRow | None, table: RawTable,
                      pending: dict[str, list[LogicalRow]], merging: set[str], fresh: set[str]) -> None:
    """Keep track, in a ruled table, of the rows under a merged group cell that is empty on this
    page: a new merged cell (bounded apart from the one above) whose text is not here. A row with
    no group of its own and none above it to share (``fresh``: a table's first row, ruled or not)
    can only be at the top of a merged cell whose text is printed lower: the column merges."""
    for role in GROUP_ROLES:
        if role not in table.roles:
            continue
        own = raw.cells[table.roles.index(role)]
        same = above is not None and above.cells[table.roles.index(role)] is own
        if same or (role in fresh and not _holds_group(role, own) and not own.words):
            merging.add(role)
        if _holds_group(role, own):
            pending.pop(role, None)
        elif role in fresh and role not in pending:
            pending[role] = [row]
        elif not table.ruled:
            if role in pending and not own.words:
                pending[role].append(row)
            continue
        elif same and role in pending:
            pending[role].append(row)
        elif not same:
            pending[role] = [row]


def _groups_overleaf(raw: RawRow, table: RawTable, pending: dict[str, list[LogicalRow]], merging: set[str]
                     ) -> dict[str, tuple[list[LogicalRow], Cell]]:
    """At the top of a page: the merged group cells whose text (or colour) this first row shows for
    rows at the foot of the page before that had none of their own — in a table that merges that
    column over rows (where an empty cell means "the same as above", nothing is taken)."""
    out = {}
    for role, waiting in pending.items():
        if (role in merging or _merges(table, role)) and role in table.roles and waiting:
            piece = raw.cells[table.roles.index(role)]
            if _holds_group(role, piece):
                out[role] = (waiting, piece)
    pending.clear()
    return out


def _merges(table: RawTable, role: str) -> bool:
    """Does a table (on this page) merge a column over rows: one cell shared by rows one under another?"""
    if role not in table.roles:
        return False
    i = table.roles.index(role)
    body = [r for r in table.rows if r.kind == "body"]
    return any(a.cells[i] is b.cells[i] for a, b in itertools.pairwise(body))


def _give_groups(groups: dict[str, tuple[list[LogicalRow], Cell]], carried: dict[str, list[Cell]]) -> None:
    """The rows waiting for a merged group cell's text take it, as one list the rows under it go on
    sharing (carried), so that text the cell continues with later reaches them all."""
    for role, (waiting, piece) in groups.items():
        shared = [piece]
        for row in waiting:
            row.cells[role] = shared
        carried[role] = shared


def _fill_empty_spans(rows: list[LogicalRow], last: LogicalRow, raw: RawRow, table: RawTable) -> None:
    """A merged group cell that a page break splits may print all its text after the break: the
    rows it spans before the break (one empty cell, shared) take the text printed overleaf."""
    for role in GROUP_ROLES:
        if role not in table.roles:
            continue
        piece = raw.cells[table.roles.index(role)]
        before = last.cells.get(role, [])[:-1]
        if not piece.words or not before or any(c.words for c in before):
            continue
        span = {id(c) for c in before}
        for row in rows:
            cells = row.cells.get(role)
            if row is not last and cells and all(id(c) in span for c in cells):
                row.cells[role] = [*cells, piece]


def _join_split_groups(cells: dict[str, list[Cell]], carried: dict[str, list[Cell]], overleaf: set[int]) -> None:
    """A new row at the top of a page whose group cell goes on in lower case is under the merged
    cell the break split: the cell's two halves are one group, for the rows above the break too
    (they share the carried list, joined in place) and for the rows below."""
    for role in GROUP_ROLES:
        piece = cells.get(role)
        text = " ".join(c.text for c in piece).strip() if piece else ""
        if role in carried and text[:1].islower():
            carried[role].extend(piece or [])
            overleaf |= {id(c) for c in piece or []}


def _carry_groups(cells: dict[str, list[Cell]], carried: dict[str, list[Cell]], overleaf: set[int]) -> None:
    """Give a row the group cells of the row above where its own are empty (a merged cell, or a
    report that prints a group once at the top of its rows), and remember its own where it has them.

    A merged cell that a page break splits reaches the rows below the break as its second half
    only (``overleaf``: the cells of the row continued there); they take the whole of it, as
    carried from the row above the break with that half joined on.
    """
    for role in GROUP_ROLES:
        if role not in cells:
            continue
        if role in carried and cells[role] and all(id(c) in overleaf for c in cells[role]):
            cells[role] = list(carried[role])
        elif role in carried and cells[role] and {id(c) for c in cells[role]} <= {id(c) for c in carried[role]}:
            cells[role] = carried[role]  # the merged cell the row above holds: one list, joined in place for all
        elif any(_holds_group(role, c) for c in cells[role]):
            carried[role] = cells[role]
        elif role in carried:
            cells[role] = carried[role]


def _kind(table: RawTable) -> Literal["narrative", "quarterly"]:
    return "quarterly" if table.kind == "quarterly" else "narrative"


SAME_HEADINGS = 85.0  # headings this similar (rapidfuzz ratio) are one header read twice


def same_headings(a: RawTable, b: RawTable) -> bool:
    """Are two tables' headers the same header? Equal text, or — as OCR reads a repeated header
    a little differently on each page ("March 2018" / "March 2018 oe") — the same roles with
    nearly the same headings."""
    if a.headings == b.headings:
        return True
    return a.roles == b.roles and fuzz.ratio(" | ".join(a.headings), " | ".join(b.headings)) >= SAME_HEADINGS


def _first_body_index(table: RawTable) -> int:
    return next((i for i, r in enumerate(table.rows) if r.kind == "body"), -1)


def _cells_by_role(raw: RawRow, table: RawTable) -> dict[str, list[Cell]]:
    return {role: [cell] for role, cell in zip(table.roles, raw.cells)}


def _append(row: LogicalRow, raw: RawRow, table: RawTable, skip: set[str] | None = None) -> None:
    """A row's pieces continued on the next page, put after its own — but not in the ``skip`` roles:
    a group cell the row takes whole from overleaf, whose list the rows above it may share."""
    for role, cell in zip(table.roles, raw.cells):
        if role not in (skip or ()):
            row.cells.setdefault(role, []).append(cell)


def _continues(raw: RawRow, table: RawTable, last: LogicalRow) -> bool:
    """Given the first body row on a page, is it the rest of the row before the page break?

    A ref, where the table has a ref column or ref prefixes, settles it. Otherwise the row
    continues when its text column is empty or starts in lower case, when a quarterly row
    has no theme and no numbers, or when it has no status word although the row above had
    one and that row's text stops mid-sentence at the break.
    """
    cells = dict(zip(table.roles, raw.cells))
    text_role = "target" if "target" in cells and table.kind == "narrative" else "deliverable"
    ref_cell = cells.get("ref")
    if ref_cell is not None and ref_cell.text.strip():
        return False
    text_cell = cells.get(text_role)
    if text_cell is not None and _prefix_ref(text_cell) is not None:
        return False
    if (ref_cell is not None and last.text("ref")) or _row_has_prefix(last, text_role):
        return True
    text = text_cell.text.strip() if text_cell is not None else ""
    if not text or text[0].islower():
        return True
    if _dangles(last.text(text_role)):
        return True  # the row above stops on "and", "of", "the": its text goes on over the page
    # a merged group cell split by the break goes on in lower case whether or not its row does
    others = [c.text.strip() for r, c in cells.items() if r not in (text_role, "status", "theme", *GROUP_ROLES)]
    if any(t and t[0].islower() for t in others):
        return True
    if table.kind == "quarterly":
        theme = cells.get("theme")
        numbers = [c for r, c in cells.items() if r in ("target", "q1", "q2", "q3", "q4", "total",
                                                         "pct_achieved")]
        return (theme is None or not theme.text.strip()) and bool(numbers) and \
            not any(c.text.strip() for c in numbers)
    status = cells.get("status")
    if status is not None and not status.text.strip() and last.text("status"):
        return any(not _ends_sentence(last.text(r)) for r in (text_role, "delivered") if last.text(r))
    return False


DANGLING = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def _dangles(text: str) -> bool:
    """Does text stop on a word that cannot end it ("To develop and")?"""
    words = text.split()
    return bool(words) and words[-1].lower() in DANGLING


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in '.!?)"\u201d'


def _row_has_prefix(row: LogicalRow, role: str) -> bool:
    pieces = row.cells.get(role, [])
    return bool(pieces) and _prefix_ref(pieces[0]) is not None


def _prefix_ref(cell: Cell) -> str | None:
    """Given a target cell, return the ref prefix it starts with ("E1."), if any."""
    return ref_prefix(cell.words[0]) if cell.words else None


#: luminance of an RGB fill (ITU-R BT.601 weights): how dark a heading's band is
LUMA = (0.299, 0.587, 0.114)
#: how much a heading's look counts towards its level: per point of type size, for a dark band
#: (0..1 darkness), against italic type; a point of size outweighs any shade but black
SIZE_WEIGHT, DARKNESS_WEIGHT, ITALIC_WEIGHT = 10.0, 8.0, 3.0


NOTE_WORDS = 25  # a spanning row of more words, not in bold, is a note across the table, not a heading


def _heading(raw: RawRow, table: RawTable) -> LogicalRow:
    """A spanning row as a heading (its look decides its level later), or as a note: a paragraph of
    plain text across the table ("CYPE recognise the importance of …") heads nothing."""
    cell = raw.cells[0]
    words = cell.words
    if len(words) > NOTE_WORDS and sum(w.bold for w in words) * 2 < len(words):
        return LogicalRow("note", _kind(table), {"heading": [cell]})
    size = round(max((w.size for w in words), default=0.0), 1)
    italic = sum(w.italic for w in words) * 2 > max(len(words), 1)
    fill = cell.fill or (1.0, 1.0, 1.0)
    luminance = sum(w * c for w, c in zip(LUMA, fill))
    style = (size, italic, round(luminance, 1))  # a scanned band's colour wavers in the second decimal
    return LogicalRow("section", _kind(table), {"heading": [cell]}, style=style)


def _strength(style: tuple[object, ...]) -> float:
    size, italic, luminance = style
    return (float(size) * SIZE_WEIGHT + (1 - float(luminance)) * DARKNESS_WEIGHT  # type: ignore[arg-type]
            - (ITALIC_WEIGHT if italic else 0))


#: how far a scan's measure of a heading's look wavers between two headings printed alike: type
#: size from OCR boxes (points), a band's luminance on yellowed or noisy paper
SCAN_SIZE_TOLERANCE, SCAN_LUMINANCE_TOLERANCE = 1.0, 0.15


def _scanned(row: LogicalRow) -> bool:
    return any(w.ocr_conf is not None for cell in row.cells["heading"] for w in cell.words)


def _looks_alike(a: tuple[object, ...], b: tuple[object, ...], scanned: bool) -> bool:
    """Whether two headings' looks are one level's: equal, or on a scan within what its measure wavers."""
    if not scanned:
        return a == b
    (size_a, italic_a, lum_a), (size_b, italic_b, lum_b) = a, b
    return (italic_a == italic_b and abs(float(size_a) - float(size_b)) <= SCAN_SIZE_TOLERANCE  # type: ignore[arg-type]
            and abs(float(lum_a) - float(lum_b)) <= SCAN_LUMINANCE_TOLERANCE)  # type: ignore[arg-type]


def _assign_heading_levels(rows: list[LogicalRow]) -> None:
    headings = [r for r in rows if r.kind == "section"]
    styles = {r.style for r in headings}
    if len(styles) > 1:
        top = max(styles, key=_strength)
        lower = [r for r in headings if not _looks_alike(r.style, top, _scanned(r))]
        for r in lower:
            r.kind = "subsection"
        if lower:
            return
    colon = [r.text("heading").endswith(":") for r in headings]
    if any(colon) and not all(colon):
        for r, c in zip(headings, colon):
            if c:
                r.kind = "subsection"
