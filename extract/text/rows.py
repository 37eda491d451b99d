"""Structure recovery for legacy text extractions: numbered tab-separated lines → logical rows.

The same logical rows as the PDF path come out (:class:`LogicalRow`), so normalisation is
shared; provenance is the line. What these files do, and how each step answers it:

- **Headers** are lines whose cells name the columns (:mod:`..fields.roles`); a column with a blank
  heading takes its role from its cells (mostly refs → the ref column).
- **Shifted lines**: a row that lost its (empty) ref cell has one cell fewer, every cell one
  column to the left; it is put back when its first cell is no ref.
- **Headings** are lines with one short text (or one phrase split over two adjacent cells,
  "Strong se⇥nior leadership…:"), no ref and no status; a heading ending in ":" is a
  sub-section. A short fragment that completes the header ("been acmeved:") is set aside.
- **Rows** start at a ref, or, where there is none, at a line whose target and progress both
  start a sentence and which has a status. Any other line continues the row above, cell by
  cell, except a target piece that starts a sentence after a finished target: that is the
  beginning of the next row ("rejoined_lines").
- **Garbage and copies**: a line whose cells do not fit the table, a status cell in a row that
  has its status, text that repeats other rows (a flattened copy), and a row that is a garbled
  copy of its neighbour are set aside in ``dropped``, each with the reason.
- **Cut cells**: when several cells stop at exactly the same, longest length, that length was
  the old extraction's limit; a cell of that length not ending a sentence is ``truncated``.
- **Headings lost or glued**: a short title glued after the last sentence of a cell, where the
  ref family changes, is the heading of the rows that follow; where the family changes with no
  heading at all, the rows that follow have no known section (rather than the previous one).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from ...contract import Flag
from ..fields.numbers import parse_cell_number
from ..fields.refs import assign_families, fold_ref
from ..fields.roles import QUARTER_ROLES, classify_header
from ..fields.status import status_from_word
from ..fields.text import clean_cell
from ..model import Cell, Dropped, LogicalRow, Source
from ..settings import ExtractSettings
from .cells import RowDraft, Vocabulary, continues, is_junk, starts_sentence, text_cell
from .quarterly import quarterly_rows
from .reader import TextLine

TERMINAL = '.!?)"”’'
HEADING_WORDS = 12  # a heading line has at most this many words
HEADER_CELL_WORDS = 15  # a header cell of more words is a sentence, not a column heading
CONTENT_SHARE = 0.6  # a column takes a role from its cells when this share of them fit it
TABLE_LINE_CELLS = 3  # without a header, lines of this many filled cells are the table's rows ...
TABLE_MIN_LINES = 3  # ... and it takes this many such lines to read the columns from
SENTENCE_WORDS = 5  # a cell of this many words is a sentence (a target or progress column)
SENTENCE_COLUMN_SHARE = 0.5  # a column is one of sentences when this share of its cells are
CUT_MIN_LENGTH = 200  # characters: shorter cells were never cut by an old extraction's limit
CUT_MIN_CELLS = 2  # ... and a limit shows as this many cells stopping at one longest length
HEADER_FRAGMENT_LINES = 2  # a short fragment within this many lines under a header completes it ...
HEADER_FRAGMENT_WORDS = 3  # ... when it has at most this many words and ends in ":" or "?"
LIST_MIN_ITEMS = 2  # a cell's list can give items back to the row above when it has this many
REPEAT_GRAM = 4  # repeated text is found by runs of this many words ...
REPEAT_MIN_GRAMS = 8  # ... in pieces of at least this many such runs
COMPANION_SIMILARITY = 50  # token_set_ratio of a line's other cell to a repeated piece that makes it a copy too
COPY_COMPARE_CHARS = 300  # progress texts are compared for copies on their first this many characters
COPY_MIN_CHARS = 20  # texts shorter than this are too short to call one a copy of another
COPY_SIMILARITY = 80  # rapidfuzz partial_ratio above which two neighbouring rows are one row twice
COPY_VOCABULARY_GAP = 0.08  # ... and a copy has this much smaller a share of the document's words
REPEAT_SHARE = 0.6  # share of a piece's word 4-grams found in other rows that makes it a repeat
GLUED_HEADING = re.compile(r"[.!?)]\s+(?P<title>[A-Z][\w'&,-]*(?:\s+[\w'&,-]+){0,6})\s*$")
MINOR_WORDS = {"and", "of", "the", "for", "in", "&", "-", "to", "a", "on"}


@dataclass
class TextRecovery:
    """What recovery found in a text extraction."""

    rows: list[LogicalRow]
    dropped: list[Dropped]
    headings: list[str]  # the header cells, for the period
    titles: list[str]  # text outside any table, for the period
    warnings: list[str]


def recover_text_rows(lines: list[TextLine], settings: ExtractSettings) -> TextRecovery:
    """Given the lines of a text extraction, return its logical rows and what was set aside."""
    vocab = Vocabulary(lines)
    headers = [(i, h) for i, line in enumerate(lines) if (h := _header(line)) is not None]
    dropped: list[Dropped] = []
    rows: list[RowDraft] = []
    warnings: list[str] = []
    titles: list[str] = []
    if not headers:
        inferred = _infer_header(lines, settings)
        if inferred is not None:
            first_row, roles = inferred
            headers = [(-1, ("narrative", roles))]  # a virtual header above the first line
            titles = [clean_cell(line.text) for line in lines[:first_row] if clean_cell(line.text)]
            warnings.append(f"no header row; the columns were read from their contents as {', '.join(roles)}")
    first = headers[0][0] if headers else len(lines)
    for line in lines[:max(first, 0)]:
        if clean_cell(line.text):
            titles.append(clean_cell(line.text))
            dropped.append(Dropped(clean_cell(line.text), "outside any table", Source(None, None, line.number)))
    limit = _cut_length(lines)
    for start, (kind, _) in headers:
        if start < 0:
            continue
        line = lines[start]
        dropped.append(Dropped(clean_cell(line.text), f"table header ({kind})", Source(None, None, line.number)))
    for k, (start, (kind, roles)) in enumerate(headers):
        end = headers[k + 1][0] if k + 1 < len(headers) else len(lines)
        body = lines[start + 1:end]
        if kind == "narrative":
            roles = _roles_by_content(body, roles)
            rows += _narrative(body, roles, vocab, dropped, settings)
        else:
            rows += quarterly_rows(body, roles, vocab, dropped, warnings)
    _drop_repeats(rows, dropped)
    _drop_garbled_copies(rows, vocab, dropped)
    _split_glued_headings(rows)
    _mark_truncated(rows, lines, limit)
    _forget_lost_sections(rows, warnings)
    headings = [clean_cell(c) for i, (_, roles) in headers if i >= 0
                for c, role in zip(lines[i].cells, roles) if clean_cell(c) and role not in QUARTER_ROLES]
    return TextRecovery([r.logical() for r in rows], dropped, headings, titles, warnings)


def _infer_header(lines: list[TextLine], settings: ExtractSettings) -> tuple[int, list[str]] | None:
    """Roles of the columns of a table that lost its header row, read from what the columns hold.

    Lines with three or more cells are the table's rows; a column mostly of refs is the ref
    column, one mostly of status words the status, and the first and second columns mostly of
    sentences the target and the progress. Returns (index of the first such line, roles), or
    None when the contents do not say.
    """
    full = [(i, [clean_cell(c) for c in line.cells]) for i, line in enumerate(lines)
            if sum(bool(clean_cell(c)) for c in line.cells) >= TABLE_LINE_CELLS]
    if len(full) < TABLE_MIN_LINES:
        return None
    width = Counter(len(cells) for _, cells in full).most_common(1)[0][0]
    roles = ["other"] * width
    shares: list[tuple[float, float, float]] = []
    for col in range(width):
        texts = [cells[col] for _, cells in full if col < len(cells) and cells[col]]
        n = max(len(texts), 1)
        shares.append((sum(fold_ref(t) is not None for t in texts) / n,
                       sum(status_from_word(t, settings.status_fuzzy_min)[0] is not None for t in texts) / n,
                       sum(len(t.split()) >= SENTENCE_WORDS for t in texts) / n))
    status = max(range(width), key=lambda c: shares[c][1])
    if shares[status][1] >= CONTENT_SHARE:
        roles[status] = "status"
    ref = max((c for c in range(width) if roles[c] == "other"), key=lambda c: shares[c][0], default=None)
    if ref is not None and shares[ref][0] >= CONTENT_SHARE:
        roles[ref] = "ref"
    sentences = [c for c in range(width) if roles[c] == "other" and shares[c][2] >= SENTENCE_COLUMN_SHARE]
    if not sentences or ("status" not in roles and len(sentences) < 2):
        return None
    roles[sentences[0]] = "target"
    if len(sentences) > 1:
        roles[sentences[1]] = "delivered"
    return full[0][0], roles


def _header(line: TextLine) -> tuple[str, list[str]] | None:
    cells = [clean_cell(c) for c in line.cells]
    while cells and not cells[-1]:
        cells.pop()
    if sum(bool(c) for c in cells) < 2 or any(len(c.split()) > HEADER_CELL_WORDS for c in cells):
        return None
    return classify_header(cells)


def _cut_length(lines: list[TextLine]) -> int | None:
    """The length at which the old extraction cut cells, if several cells stop at one longest length."""
    lengths = Counter(len(c) for line in lines for c in line.cells if len(c) > CUT_MIN_LENGTH)
    if not lengths:
        return None
    longest = max(lengths)
    return longest if lengths[longest] >= CUT_MIN_CELLS else None


def _roles_by_content(body: list[TextLine], roles: list[str]) -> list[str]:
    """A column with a blank heading whose cells are mostly refs is the ref column."""
    out = list(roles)
    for i, role in enumerate(roles):
        if not role.startswith("other") or "ref" in out:
            continue
        texts = [clean_cell(line.cells[i]) for line in body if i < len(line.cells) and clean_cell(line.cells[i])]
        if texts and sum(fold_ref(t) is not None for t in texts) >= CONTENT_SHARE * len(texts):
            out[i] = "ref"
    return out


def _align(line: TextLine, roles: list[str]) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """Given a line and the table's roles, return its text by role, any cells beyond the columns,
    and the raw (markup kept) cells by role."""
    raw = list(line.cells)
    cells = [clean_cell(c) for c in raw]
    if roles and roles[0] == "ref" and len(cells) == len(roles) - 1 and cells[0] and fold_ref(cells[0]) is None:
        cells, raw = ["", *cells], ["", *raw]  # the row lost its empty ref cell: everything sits one column left
    by_role = {role: text for role, text in zip(roles, cells) if text}
    if by_role.get("ref"):
        # a ref keeps its markup: "<b>E</b> 8" tells the ref reader the space is damage, not a scheme
        by_role["ref"] = " ".join(raw[roles.index("ref")].split())
    extra = [c for c in cells[len(roles):] if c]
    return by_role, extra, {role: r for role, r in zip(roles, raw) if r.strip()}


def _narrative(body: list[TextLine], roles: list[str], vocab: Vocabulary, dropped: list[Dropped],
               settings: ExtractSettings) -> list[RowDraft]:
    rows: list[RowDraft] = []
    current: RowDraft | None = None
    last_deliverable: RowDraft | None = None  # the latest deliverable row in rows
    prefix: list[tuple[str, int]] = []  # target pieces that begin the next row
    for n, line in enumerate(body):
        cells, extra, raw = _align(line, roles)
        if not cells and not extra:
            continue
        source = Source(None, None, line.number)
        if extra:
            dropped.append(Dropped(clean_cell(line.text), "does not fit the table's columns", source))
            continue
        if n < HEADER_FRAGMENT_LINES:  # a short fragment completing a header cell ("been acmeved:")
            for role in [r for r, t in cells.items()
                         if len(t.split()) <= HEADER_FRAGMENT_WORDS and t[-1:] in ":?" and r != "target"]:
                dropped.append(Dropped(cells.pop(role), "continues the header", source))
        for role in [r for r, t in cells.items() if is_junk(t) and not (r == "ref" and fold_ref(t) is not None)]:
            dropped.append(Dropped(cells.pop(role), "no readable text", source))
        if not cells:
            continue
        heading = _heading_text(cells, roles, vocab, settings)
        if heading is not None and prefix and current is not None:
            for text, number in prefix:  # no next row took them: they were the row above's
                current.add("target", text, number)
            prefix = []
        if heading is not None:
            kind = "subsection" if heading.endswith(":") else "section"
            row = RowDraft(kind, "narrative", first_line=line.number)
            restored = vocab.restore_first_letter(heading)
            row.add("heading", restored, line.number)
            if restored != heading:
                row.field_flags["heading"] = [Flag.TEXT_REPAIRED]
            rows.append(row)
            current = None
            continue
        ref = cells.get("ref", "")
        target, delivered = cells.get("target", ""), cells.get("delivered", "")
        has_status = status_from_word(cells.get("status", ""), settings.status_fuzzy_min)[0] is not None
        # a ref cell starts a row even when the ref is unreadable ("000"): the copy check judges it;
        # where there is a status column, a new row also shows its status
        starts = bool(ref) or (starts_sentence(target) and not continues(delivered)
                               and (has_status or "status" not in roles or current is None))
        if starts or current is None:
            previous = last_deliverable
            current = RowDraft("deliverable", "narrative", first_line=line.number)
            current.cells = {role: [] for role in roles}  # every column, so an empty cell shows as empty
            rows.append(current)
            last_deliverable = current
            for text, number in prefix:
                current.add("target", text, number)
            prefix = []
            for role, text in cells.items():
                if role == "delivered" and previous is not None:
                    text = _return_list_items(raw.get(role, ""), text, previous, cells.get("target", ""),
                                              line.number)
                if text:
                    current.add(role, text, line.number)
            _note_lists(current, raw)
            continue
        for role, text in cells.items():
            finished = _last_character(current, "target")
            if role == "target" and starts_sentence(text) and finished and finished in TERMINAL:
                prefix.append((text, line.number))  # the next row's target begins on this line
            elif role == "status" and current.text("status"):
                dropped.append(Dropped(text, "a second status for one row", source))
            else:
                current.add(role, text, line.number)
        _note_lists(current, raw)
    if prefix and current is not None:
        for text, number in prefix:
            current.add("target", text, number)
    return rows


def _last_character(row: RowDraft, role: str) -> str:
    """The last character of a role's text, read from its last piece rather than by joining all
    of them: a row that runs on over many lines is asked this for every line."""
    pieces = row.cells.get(role, [])
    if pieces and pieces[-1].text:
        return pieces[-1].text[-1]
    return row.text(role)[-1:]


LIST_ITEM = re.compile(r"<li>(.*?)(?:</li>|$)", re.IGNORECASE | re.DOTALL)


def _note_lists(row: RowDraft, raw: dict[str, str]) -> None:
    for role, text in raw.items():
        if "<li>" in text.lower() or "•" in text:
            row.list_roles.add(role)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _return_list_items(raw: str, text: str, previous: RowDraft, target: str, line: int) -> str:
    """A list that crossed a row boundary: leading items of this cell that belong to the row above.

    When a row's first progress cell holds several list items and the row above's progress ended
    in a list, each leading item goes up while it shares more words with the row above's target
    than with this row's; what is left stays. Returns the text that stays.
    """
    items = [clean_cell(m) for m in LIST_ITEM.findall(raw)]
    above = previous.cells.get("delivered", [])
    if len(items) < LIST_MIN_ITEMS or not above or "delivered" not in previous.list_roles:
        return text
    moved = 0
    for item in items[:-1]:
        mine = len(_content_words(item) & _content_words(target))
        theirs = len(_content_words(item) & _content_words(previous.text("target")))
        if theirs <= mine:
            break
        previous.add("delivered", item, line)
        moved += 1
    return " ".join(items[moved:]) if moved else text



def _heading_text(cells: dict[str, str], roles: list[str], vocab: Vocabulary,
                  settings: ExtractSettings) -> str | None:
    """Given a line's cells, return the heading it is, or None."""
    if cells.get("ref") and fold_ref(cells["ref"]) is not None:
        return None
    if "status" in cells and status_from_word(cells["status"], settings.status_fuzzy_min)[0] is not None:
        return None
    order = [r for r in roles if r in cells]
    if len(order) == 2 and abs(roles.index(order[0]) - roles.index(order[1])) == 1 \
            and cells[order[0]][-1:].isalnum():
        text = vocab.join(cells[order[0]], cells[order[1]])
    elif len(order) == 1:
        text = cells[order[0]]
    else:
        return None
    words = text.split()
    if len(words) > HEADING_WORDS or text[-1:] in ".;," or any(parse_cell_number(w)[0] is not None for w in words):
        return None
    if text.endswith(":") or (starts_sentence(text) and text[:1] not in "*•-"):
        return text
    return None


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + REPEAT_GRAM]) for i in range(len(words) - REPEAT_GRAM + 1)}


def _drop_repeats(rows: list[RowDraft], dropped: list[Dropped]) -> None:
    """Set aside continuation pieces that only repeat text from earlier lines (a flattened copy).

    The earlier occurrence is the original: a line that re-prints the rows above it is the copy.
    Whether a run of words occurs on an earlier line is looked up in an index of the runs of
    every piece still in place (by the lines they are on), not by rereading every earlier piece
    for each piece: that made a long document cost the square of its length.
    """
    index = _GramIndex()
    for row in rows:
        if row.kind == "deliverable":
            for role in ("target", "delivered"):
                for piece in row.cells.get(role, []):
                    index.add(piece)
    for row in rows:
        if row.kind != "deliverable":
            continue
        for role in ("target", "delivered"):
            pieces = row.cells.get(role, [])
            for piece in list(pieces[1:]):
                grams = index.grams(piece)
                if len(grams) < REPEAT_MIN_GRAMS:
                    continue
                line = _line(piece)
                if sum(index.earliest(gram) < line for gram in grams) >= REPEAT_SHARE * len(grams):
                    pieces.remove(piece)
                    index.discard(piece)
                    dropped.append(Dropped(piece.text, "repeats the text of earlier rows", piece.source))
                    for other in _drop_line_companions(row, piece, dropped):
                        index.discard(other)


def _line(piece: Cell) -> int:
    return piece.words[0].line or 0


class _GramIndex:
    """The word runs (``REPEAT_GRAM`` words) of the pieces in place, and the lines they are on."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str, ...], list[int]] = defaultdict(list)  # a run's lines, sorted
        self.of_piece: dict[int, set[tuple[str, ...]]] = {}
        self.placed: set[int] = set()

    def grams(self, piece: Cell) -> set[tuple[str, ...]]:
        if id(piece) not in self.of_piece:
            self.of_piece[id(piece)] = _grams(piece.text)
        return self.of_piece[id(piece)]

    def add(self, piece: Cell) -> None:
        self.placed.add(id(piece))
        for gram in self.grams(piece):
            bisect.insort(self.lines[gram], _line(piece))

    def discard(self, piece: Cell) -> None:
        if id(piece) not in self.placed:
            return
        self.placed.remove(id(piece))
        for gram in self.grams(piece):
            lines = self.lines[gram]
            del lines[bisect.bisect_left(lines, _line(piece))]

    def earliest(self, gram: tuple[str, ...]) -> float:
        """The first line a piece in place holds the run on (infinity when none does)."""
        lines = self.lines.get(gram)
        return lines[0] if lines else math.inf


def _drop_line_companions(row: RowDraft, piece: Cell, dropped: list[Dropped]) -> list[Cell]:
    """Other cells on a repeated piece's line that are garbled copies of it go with it; returns them."""
    line = piece.words[0].line
    gone: list[Cell] = []
    for _role, pieces in row.cells.items():
        for other in list(pieces):
            if other.words[0].line == line and fuzz.token_set_ratio(other.text, piece.text) >= COMPANION_SIMILARITY:
                pieces.remove(other)
                gone.append(other)
                dropped.append(Dropped(other.text, "garbled copy of text repeated on the same line", other.source))
    return gone


def _drop_garbled_copies(rows: list[RowDraft], vocab: Vocabulary, dropped: list[Dropped]) -> None:
    """Of two neighbouring rows that are one row twice, set aside the copy with fewer known words.

    Rows set aside are remembered by identity and taken out of ``rows`` at the end, and the refs
    are counted once, so each pair of neighbours costs the same however long the document is.
    """
    deliverables = [r for r in rows if r.kind == "deliverable"]
    refs = [fold_ref(r.text("ref")) for r in deliverables]
    ref_counts = Counter(refs)
    removed: set[int] = set()
    earlier = _EarlierDeliverable(deliverables, removed)
    for n, (a, b) in enumerate(itertools.pairwise(deliverables)):
        if id(a) in removed or id(b) in removed:
            continue
        sim = max(_similarity(a.text("target"), b.text("target")),
                  _similarity(a.text("delivered")[:COPY_COMPARE_CHARS], b.text("delivered")[:COPY_COMPARE_CHARS]))
        if sim < COPY_SIMILARITY:
            continue
        copy, kept = (a, b) if vocab.known_share(_row_text(a)) < vocab.known_share(_row_text(b)) else (b, a)
        at = n if copy is a else n + 1
        # similar rows are common ("We provided this support to N councils…"); a copy also looks
        # garbled: an unreadable or repeated ref, or clearly fewer of the document's words
        ref = fold_ref(copy.text("ref")) if copy.text("ref") else None
        repeated_ref = ref is not None and ref_counts[ref] - (refs[at] == ref) > 0
        bad_ref = bool(copy.text("ref")) and ref is None
        if not (bad_ref or repeated_ref
                or vocab.known_share(_row_text(kept)) - vocab.known_share(_row_text(copy)) >= COPY_VOCABULARY_GAP):
            continue
        removed.add(id(copy))
        previous = earlier.before(at)
        for role, pieces in copy.cells.items():
            for piece in pieces:
                if role in ("target", "delivered") and continues(piece.text) and previous is not None \
                        and previous is not kept and _similarity(piece.text, kept.text(role)) < COPY_SIMILARITY:
                    previous.cells.setdefault(role, []).append(piece)  # the row above's text, on the copy's line
                else:
                    under = copy.text("ref") or "?"
                    dropped.append(Dropped(piece.text, f"garbled copy of row {kept.text('ref') or kept.first_line} "
                                                       f"(under ref {under})", piece.source))
    if removed:
        rows[:] = [r for r in rows if id(r) not in removed]


class _EarlierDeliverable:
    """The deliverable row above a given one (the last one still in place that starts on an
    earlier line), found by skipping rows set aside with a pointer per row that is shortened as
    it is followed, so a run of rows set aside is walked past once, not once per row."""

    def __init__(self, deliverables: list[RowDraft], removed: set[int]) -> None:
        self.rows = deliverables
        self.removed = removed
        self.up = list(range(-1, len(deliverables) - 1))  # a candidate above each row (-1: none)
        # rows are made top to bottom; if they were not, the rows above are searched as a whole
        self.in_order = all(a.first_line <= b.first_line for a, b in itertools.pairwise(deliverables))

    def before(self, at: int) -> RowDraft | None:
        row = self.rows[at]
        if not self.in_order:
            above = [r for r in self.rows if r.first_line < row.first_line and id(r) not in self.removed]
            return above[-1] if above else None
        k = self._alive(self.up[at])
        while k >= 0 and self.rows[k].first_line >= row.first_line:
            k = self._alive(self.up[k])
        return self.rows[k] if k >= 0 else None

    def _alive(self, k: int) -> int:
        """The nearest row at or above k that is still in place (-1: none), shortening the pointers followed."""
        path = []
        while k >= 0 and id(self.rows[k]) in self.removed:
            path.append(k)
            k = self.up[k]
        for p in path:
            self.up[p] = k
        return k


def _similarity(a: str, b: str) -> float:
    if len(a) < COPY_MIN_CHARS or len(b) < COPY_MIN_CHARS:
        return 0.0
    return float(fuzz.partial_ratio(a.lower(), b.lower()))


def _row_text(row: RowDraft) -> str:
    return f"{row.text('target')} {row.text('delivered')}"


def _families(rows: list[RowDraft]) -> dict[int, str]:
    """Each deliverable's ref family as repaired (13 after E11 is E13), by row identity."""
    deliverables = [r for r in rows if r.kind == "deliverable"]
    refs = assign_families([fold_ref(r.text("ref")) if r.text("ref") else None for r in deliverables])
    return {id(r): ref.family for r, ref in zip(deliverables, refs) if ref is not None and ref.family}


def _split_glued_headings(rows: list[RowDraft]) -> None:
    """A short title glued after a cell's last sentence, where the ref family changes, is a heading.

    The headings found go between their two rows in a list built anew (inserting each into the
    list in place would move every row after it, once per heading).
    """
    families = _families(rows)
    out: list[RowDraft] = rows[:1]
    for a, b in itertools.pairwise(rows):
        fa, fb = families.get(id(a)), families.get(id(b))
        if a.kind == "deliverable" and b.kind == "deliverable" and fa and fb and fa != fb:
            for role in ("delivered", "target"):
                pieces = a.cells.get(role, [])
                match = GLUED_HEADING.search(pieces[-1].text) if pieces else None
                if match and all(w[:1].isupper() or w.lower() in MINOR_WORDS for w in match["title"].split()):
                    last = pieces[-1]
                    line = last.words[0].line or 0
                    pieces[-1] = text_cell(last.text[: match.start("title")].rstrip(), line)
                    heading = RowDraft("section", "narrative", first_line=line)
                    heading.add("heading", match["title"], line)
                    out.append(heading)
                    break
        out.append(b)
    rows[:] = out


DANGLING = {"a", "an", "the", "of", "to", "at", "with", "and", "or", "for", "in", "on", "by", "from", "as"}


def _mark_truncated(rows: list[RowDraft], lines: list[TextLine], limit: int | None) -> None:
    """Flag text the source cut: at the extraction's length limit, after a dangling word, or
    (at a row's first line) before the sentence began."""
    cut = {(line.number, clean_cell(c)) for line in lines for c in line.cells
           if limit is not None and len(c) >= limit and clean_cell(c)[-1:] not in TERMINAL}
    for row in rows:
        if row.kind != "deliverable":
            continue
        for role in ("target", "delivered"):
            pieces = row.cells.get(role, [])
            if not pieces:
                continue
            last_word = pieces[-1].text.rsplit(" ", 1)[-1].lower()
            if any((p.words[0].line, p.text) in cut for p in pieces) or last_word in DANGLING \
                    or pieces[0].text[:1].islower():
                row.field_flags.setdefault(role, []).append(Flag.TRUNCATED)


def _forget_lost_sections(rows: list[RowDraft], warnings: list[str]) -> None:
    """Where the ref family changes with no heading between, the old section no longer applies."""
    families = _families(rows)
    previous: RowDraft | None = None
    out: list[RowDraft] = []  # the rows with the markers before the rows they apply to
    for row in rows:
        out.append(row)
        if row.kind in ("section", "subsection"):
            previous = None
            continue
        if row.kind != "deliverable":
            continue
        fp, fr = (families.get(id(previous)) if previous else None), families.get(id(row))
        if previous is not None and fp and fr and fp != fr:
            marker = RowDraft("section", "narrative", first_line=row.first_line)
            marker.add("heading", "", row.first_line)
            out.insert(len(out) - 1, marker)
            warnings.append(f"line {row.first_line}: refs change from {fp} to {fr} with no section heading; "
                            "those rows have no known section")
        previous = row
    rows[:] = out

