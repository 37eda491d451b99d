"""Find monitoring tables on pages: header by meaning, columns, row bands, cells with fills.

One skeleton for ruled and unruled tables (regions → columns → rows → cells):

1. Lines: words grouped by vertical position.
2. Header bands: runs of close, mostly bold (or shaded) lines whose column headings
   classify as a narrative or quarterly header (:mod:`..fields.roles`). A header repeated on a later
   page is recognised again, and the repetition is recorded, not emitted.
3. Columns: from vertical rules crossing the header when the table is ruled; otherwise from
   the header's word clusters (each column starts where its heading starts).
4. Rows: bands between horizontal rules that cover most of the table's width; with no such
   rules, bands separated by vertical gaps wider than ``row_gap`` × line height.
5. Cells: each band's words by column, with the fill colour behind the cell. A band with no
   interior vertical rule (ruled) or one all-bold run (unruled) is a spanning row: a section.

The finder keeps no hidden state: what it saw is in the returned :class:`RawTable` objects
and their ``report``, so debugging draws them without re-running anything.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz

from ..fields.content import is_plan, profile, settle_roles
from ..fields.key import KeyEntry
from ..fields.refs import PREFIX_PUNCT, parse_ref
from ..fields.roles import base_role, header_roles
from ..model import RGB, BBox, Cell, Dropped, Fill, PageContent, RawRow, RawTable, Rule, Word
from ..settings import ExtractSettings
from .broken_words import Vocabulary, join_broken_words
from .headerless import find_headerless
from .legend import find_key
from .lines import Line, group_lines, source_of
from .records import find_record_blocks

EDGE_TOLERANCE = 2.0  # points: rules this close count as one edge, words this far over still inside
RULE_SLACK = 0.5  # points: a rule this far outside a gap between two lines still lies between them
GRID_GAP = 24.0  # points: column rules further apart than this, one above the other, are two grids
GRID_RULE_MIN = 10.0  # points: a shorter upright stroke is not one of a grid's column rules
FOREIGN_RULE_INSET = 0.15  # × column width: a column rule this far inside an unruled table's column is another table's
FILL_SLACK = 1.0  # points: a line this far outside a fill is still on it
HEADER_LINE_GAP = 0.5  # × type size: a wider gap between two lines ends a header band
HEADER_BOLD_SHARE = 0.5  # a line with this share of bold words looks like a header line
HEADER_FILL_WIDTH = 0.5  # ... as does one on a fill at least this share of the page wide ...
PAGE_FILL = 0.95  # a fill this share of the page wide is the page's own background, not a cell's
HEADER_SIZE_RATIO = 1.3  # a header's lines are set in one size, give or take this ratio
HEADER_FILL_LUMINANCE = 0.75  # ... no lighter than this (striped tables tint their body rows lighter)
HEADING_MAX_WORDS = 15  # a column heading of more words is a sentence, not a heading
RULED_MIN_EDGES = 3  # vertical rules crossing a header: two columns need three
BORDER_REACH = 2.0  # a header's own horizontal rules lie within this many word heights of its words
GUTTER_MIN_LINES = 2  # words left of the first heading on this many lines make a blank-headed column
SECTION_MAX_LINES = 3  # a section row (spanning heading) wraps over at most this many lines
SECTION_BOLD_SHARE = 0.8  # ... and this share of its words are bold
RUN_GAP = 1.5  # × type size: words closer than this are one run of text, not cells
FILL_COVER = 0.5  # a fill behind a cell covers at least this share of it
ROW_OPEN_SLACK_FROM = 3  # in tables of this many columns or more, a row may open with one cell empty
ROW_OPEN_ALL_FROM = 3  # a line filling every one of at least this many columns, fresh, starts a row
LEADING_CLUSTER = 0.2  # × line height: gaps this close to the smallest are the lines of one cell
ROW_TIGHT = 0.2  # × line height: lines of one cell stand closer than this; rows padded apart, wider
COLUMN_CROSSED = 0.9  # a rule crosses a column when it covers this share of the column's width
GRID_KEPT = 0.5  # a header-less page continues a ruled table when it draws this share of its column edges
PROSE_GAP = 0.5  # × type size: no gap between a sentence's words is wider; cells stand further apart
STRADDLE = 0.5  # × type size: a word crossing a column edge by more than this on both sides straddles it
PROSE_MIN_WORDS = 8  # a line this long, spaced as a sentence over a column edge, is running text
PROSE_SIDE = 3.0  # × type size: ... with this much text on each side of the edge
FOOTER_MAX_WORDS = 8  # a line in the bottom margin of at most this many words is page furniture
FOOTER_GAP = 0.5  # × line height: ... unless it sits this close under a table's line (a row going on)
PARAGRAPH_PITCH = 1.5  # × line height: a one-line paragraph's next line would start within this
#: a list number or ref opening a paragraph ("4.", "2.1", "3)")
ENUMERATION = re.compile(r"^\d{1,3}[.)]")
SENTENCE_ENDS = (".", "!", "?", ":", ";")
PAGE_NUMBER = re.compile(r"^(page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class Header:
    """A recognised header band and the columns it defines."""

    lines: list[Line]
    headings: list[str]
    roles: list[str]
    kind: str
    columns: list[tuple[float, float]]
    ruled: bool
    caption: list[Line] = field(default_factory=list)  # a heading line just above, naming the table
    orphan: list[Line] = field(default_factory=list)  # ... or at the foot of the page before

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)

    @property
    def words(self) -> list[Word]:
        return [w for ln in self.lines for w in ln.words]

    @property
    def region_top(self) -> float:
        """Where the table begins: its caption, else its header."""
        return min([ln.top for ln in self.caption] + [self.top])


@dataclass
class _Reading:
    """What the finder carries from one page to the next."""

    seen_headers: set[tuple[str, ...]] = field(default_factory=set)
    previous: Header | None = None  # the last header, for a header-less page that continues its table
    margins: set[str] = field(default_factory=set)  # the last page's margin lines, to tell running ones
    title: set[str] = field(default_factory=set)  # the document's title (first page, largest type): no caption
    key: list[KeyEntry] = field(default_factory=list)
    orphan: list[Line] = field(default_factory=list)  # a caption left at the foot of the last page
    orphan_dropped: list[Dropped] = field(default_factory=list)  # ... as set aside there
    adopted: list[Dropped] = field(default_factory=list)  # set-aside lines a later page took as its caption
    records: RawTable | None = None  # the last page's record blocks, which this page's labels may finish
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the words of the pages read so far
    leadings: dict[tuple[str, ...], float] = field(default_factory=dict)  # each table's leading, by its headings
    last_leading: float | None = None  # the leading the document's last table showed


def find_tables(pages: Iterable[PageContent], settings: ExtractSettings, key: list[KeyEntry] | None = None
                ) -> tuple[list[RawTable], list[Dropped]]:
    """Given pages (read once, in order), return their tables in reading order and what was set aside.

    :param key: if given, the entries of the document's status key found on the pages are added to it
    """
    reading = _Reading(key=key if key is not None else [])
    tables: list[RawTable] = []
    dropped: list[Dropped] = []
    for page in pages:
        found, set_aside = _find_on_page(page, reading, settings)
        tables += found
        dropped += set_aside
    adopted = {id(d) for d in reading.adopted}
    dropped = [d for d in dropped if id(d) not in adopted]
    settle_table_roles(tables, settings)
    for table in tables:
        if table.kind == "other":
            why = f"in a table that is not a monitoring table ({table.report['left_out']})"
            dropped += [Dropped(cell.text, why, cell.source) for row in table.rows for cell in row.cells if cell.text]
    return tables, dropped


def _find_on_page(page: PageContent, reading: _Reading, settings: ExtractSettings
                  ) -> tuple[list[RawTable], list[Dropped]]:
    """One page: its key, headers, captions and tables, and every line of it accounted for."""
    tables: list[RawTable] = []
    dropped: list[Dropped] = []
    words = join_broken_words(page.words, page.vertical_rules, reading.vocabulary)
    if words is not page.words:
        page = replace(page, words=words)
    lines = group_lines([w for w in page.words if not w.hidden])
    if not reading.title and lines:
        reading.title = _title_lines(lines)
    title = {id(ln) for ln in lines if ln.text in reading.title}
    key, key_words = find_key(page, lines)
    reading.key += key
    headers = find_headers(page, lines, settings, reading.seen_headers)
    in_header = {id(ln) for h in headers for ln in h.lines}
    margins = {_margin_key(ln): ln for ln in lines if id(ln) not in in_header and _in_margin(ln, page, settings)}
    running = {id(ln) for k, ln in margins.items() if k in reading.margins}
    reading.margins = set(margins)
    taken = {id(ln) for h in headers for ln in h.lines} | {id(ln) for ln in lines
                                                         if all(id(w) in key_words for w in ln.words)}
    for header in headers:
        if header.kind == "narrative":  # a numbers table's rows take no group
            header.caption = _caption_above(lines, header.top, header.lines[0].size, header.columns,
                                            taken | title, page.rules, running)
            taken |= {id(ln) for ln in header.caption}
    running -= taken  # a slide's title repeated over a run of slides is each table's caption
    for line in lines:
        if id(line) in running:
            dropped.append(Dropped(line.text, "running header or footer", source_of(line.words, page.number)))
    lines = [ln for ln in lines if id(ln) not in running]
    first_top = headers[0].region_top if headers else page.height
    above = [ln for ln in lines if ln.bottom <= first_top and id(ln) not in taken and id(ln) not in title
             and not _is_furniture(ln, page, settings)]
    if reading.previous is not None and above and not _starts_another_table(page, above, settings, reading.previous) \
            and _keeps_the_grid(page, reading.previous) and (not headers or _fills_columns(above, reading.previous)):
        headers.insert(0, _continuation_header(reading.previous))  # the table of the page before goes on
    used: set[int] = set()
    if headers and headers[0].lines and not headers[0].caption and not above and reading.orphan \
            and headers[0].kind == "narrative":
        headers[0].orphan = reading.orphan  # its caption is at the foot of the page before
        reading.adopted += reading.orphan_dropped
    reading.orphan, reading.orphan_dropped = [], []
    for i, header in enumerate(headers):
        region_top = header.bottom if header.lines else 0.0
        region_bottom = headers[i + 1].region_top if i + 1 < len(headers) else page.height
        signature = tuple(header.headings)
        # a table's own leading from its earlier pages, else the document's last measured
        table, consumed = build_table(page, lines, header, region_top, region_bottom, settings,
                                      reading.leadings.get(signature, reading.last_leading))
        if table.leading is not None:
            reading.leadings[signature] = reading.last_leading = table.leading
        table.header_repeated = bool(header.lines) and signature in reading.seen_headers
        reading.seen_headers.add(signature)
        if header.caption:
            used.update(id(ln) for ln in header.caption)
            table.caption = [w for ln in header.caption for w in ln.words]
        elif header.orphan:
            table.caption = [w for ln in header.orphan for w in ln.words]
            table.report["caption"] = "at the foot of the page before"
        if header.lines:
            used.update(id(ln) for ln in header.lines)
            text = " ".join(w.text for w in header.words)
            reason = "repeated header row" if table.header_repeated else f"table header ({table.kind})"
            dropped.append(Dropped(text, reason, source_of(header.words, page.number)))
        if key and any(_inside(e.source.bbox, table.bbox) for e in key if e.source.bbox is not None):
            table.kind = "other"
            table.report["left_out"] = "a status key (legend)"
        used.update(consumed)
        tables.append(table)
        reading.previous = header
    def free(also: set[int] | None = None) -> list[Line]:
        """The lines no table (nor the page's furniture) has taken so far."""
        return [ln for ln in lines if id(ln) not in used and id(ln) not in taken and id(ln) not in (also or ())
                and not _is_furniture(ln, page, settings)]

    # lines no table took may still be items: label by label, or beside a column of statuses
    blocks, in_blocks = find_record_blocks(page, free(), reading.records if not headers else None)
    reading.records = blocks[-1] if blocks else None
    tables += blocks
    used |= in_blocks
    tables += _headerless(page, free(), lines, taken | title | used, running, used, settings)
    orphan = _orphan_caption(page, free(title), tables, headers)
    for line in lines:
        if id(line) not in used:
            if all(id(w) in key_words for w in line.words):
                reason = "status key (legend)"
            elif _is_furniture(line, page, settings):
                reason = "page number or running footer"
            else:
                reason = "outside any table"
            dropped.append(Dropped(line.text, reason, source_of(line.words, page.number)))
            if any(line is ln for ln in orphan):
                reading.orphan_dropped.append(dropped[-1])
    reading.orphan = orphan
    dropped += _place_hidden(page, tables)
    return tables, dropped


def _headerless(page: PageContent, free: list[Line], lines: list[Line], taken: set[int], running: set[int],
                used: set[int], settings: ExtractSettings) -> list[RawTable]:
    """The header-less tables among the lines no table took (a column of statuses beside text)."""
    tables = []
    for found in find_headerless(page, free, settings.status_phrases):
        header = Header([], ["", ""], ["other", "other"], "narrative", found.columns, ruled=False)
        table, consumed = build_table(page, free, header, found.top, found.bottom, settings)
        caption = _caption_above(lines, found.top, found.first.size, found.columns, taken, page.rules, running)
        table.caption = [w for ln in caption for w in ln.words]
        table.report["header"] = "none: the table was found by its column of statuses"
        used.update(consumed | {id(ln) for ln in caption})
        tables.append(table)
    return tables


def _inside(box: BBox, region: BBox) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] <= x <= region[2] and region[1] <= y <= region[3]


def _place_hidden(page: PageContent, tables: list[RawTable]) -> list[Dropped]:
    """Give each word the page does not show to the cell it lies in, as evidence of that cell; a hidden
    word in no cell is set aside. Hidden words never join a cell's visible text."""
    dropped: list[Dropped] = []
    cells = [c for t in tables for r in t.rows for c in r.cells if c.bbox is not None]
    for word in (w for w in page.words if w.hidden):
        cell = next((c for c in cells if c.bbox is not None and _inside(word.bbox, c.bbox)), None)
        if cell is not None:
            if word not in cell.hidden:
                cell.hidden.append(word)
        else:
            dropped.append(Dropped(word.text, "in the text layer but not shown on the page",
                                   source_of([word], page.number)))
    return dropped


def settle_table_roles(tables: list[RawTable], settings: ExtractSettings) -> None:
    """Settle each table's column roles from its headings and what its columns hold, and say which
    tables are monitoring tables.

    Tables with the same headings (one table over pages) are judged together, so a short last
    page does not decide alone. A narrative table whose settled roles have no item, or nothing a
    plan reports (progress, status, owner, date, measure, percent, KPI values), is a table of
    another kind — a glossary, a key, a budget — and is left out (``kind`` "other"), with the
    reason in its report.
    """
    groups: list[list[RawTable]] = []
    for table in tables:
        group = next((g for g in groups if _same_header(g[0].headings, table.headings)), None)
        if group is None:
            groups.append([table])
        else:
            group.append(table)
    for group in groups:
        if group[0].kind != "narrative":
            continue
        # the copy whose headings say most speaks for the group: a scan's repeated header with a
        # heading's second line lost ("Has the target" for "... been achieved?") is the same table
        best = max(group, key=lambda t: (sum(base_role(r) != "other" for r in t.roles),
                                         sum(len(h) for h in t.headings)))
        columns = range(len(best.roles))
        cells = [[(r.cells[i].text, r.cells[i].fill) for t in group for r in t.rows
                  if r.kind == "body" and i < len(r.cells)] for i in columns]
        profiles = [profile(c, settings.status_phrases) for c in cells]
        roles = settle_roles(list(best.roles), profiles, best.headings)
        plan = is_plan(roles)
        for table in group:
            if table.roles != roles:
                table.report["roles_from_content"] = [r for r, old in zip(roles, table.roles) if r != old]
                table.roles = roles
            if not plan:
                table.kind = "other"
                table.report["left_out"] = ("no item column" if "target" not in roles else
                                            "no progress, status, owner, date or measure column")


SAME_HEADING_SIMILARITY = 85  # headings this similar (0–100) are one heading misread


def _same_header(a: list[str], b: list[str]) -> bool:
    """Whether two tables' headings are one header: the same columns, each heading the same,
    misread by a letter or two, or cut short (a heading's last line lost to a fold or a scan)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        x, y = " ".join(x.lower().split()), " ".join(y.lower().split())
        if x == y:
            continue
        short, long = sorted((x, y), key=len)
        if short and long.startswith(short + " "):
            continue
        if not (x and y and fuzz.ratio(x, y) >= SAME_HEADING_SIMILARITY):
            return False
    return True


PLAIN_HEADER_ROLES = 3  # a header in plain type must name this many known roles
PLAIN_HEADING_WORDS = 8  # ... in headings of at most this many words
STYLED_HEADER_ROLES = 2  # a header in bold or on a fill must name this many known roles ...
KNOWN_SHARE = 1 / 3  # ... and at least this share of its columns (a widely spaced title names few)


def find_headers(page: PageContent, lines: list[Line], settings: ExtractSettings,
                 known: set[tuple[str, ...]] | None = None) -> list[Header]:
    """Given a page's lines, return the header bands on it, top to bottom.

    A header usually looks like one (bold, or shaded); a header in plain type is accepted
    only when it names at least three known roles in short headings, since any line of text
    could otherwise pose as one — and, on a page that has headers that look like one, only
    when it repeats a header the document has already shown (one table's header set plain).
    """
    headers = _scan_headers(page, lines, settings, plain=False, known=known)
    plain: list[Header] = []
    if not headers:
        plain = _scan_headers(page, lines, settings, plain=True, known=known)
    elif known:
        # only a repeat of a known header counts here: look only at lines holding a word that
        # begins one of its headings (the scan of every line costs more than the rest of a page)
        firsts = {h.split()[0].lower() for signature in known for h in signature if h.split()}
        plain = _scan_headers(page, lines, settings, plain=True, known=known,
                              starts=lambda ln: any(w.text.lower() in firsts for w in ln.words))
    if headers:
        plain = [h for h in plain if tuple(h.headings) in (known or set())
                 and not any(h.top < s.bottom and s.top < h.bottom for s in headers)]
    return sorted(headers + plain, key=lambda h: h.top)


def _scan_headers(page: PageContent, lines: list[Line], settings: ExtractSettings, plain: bool,
                  known: set[tuple[str, ...]] | None = None, starts: Callable[[Line], bool] | None = None
                  ) -> list[Header]:
    headers: list[Header] = []
    i = 0
    while i < len(lines):
        header = None
        if starts is not None and not starts(lines[i]):
            i += 1
            continue
        band = _header_band(page, lines, i, settings, plain)
        # the longest run of lines that reads as a header wins (headings wrap over lines) — unless a
        # shorter run repeats a header the document has shown: the line under it is the first row's
        # (a bold section row set close under a repeated header)
        for k in range(len(band), 0, -1):
            header = _classify_band(page, band[:k], settings, plain)
            if header is not None:
                break
        if header is not None and known and len(header.lines) > 1 and tuple(header.headings) not in known:
            shorter = (_classify_band(page, band[:j], settings, plain) for j in range(len(header.lines) - 1, 0, -1))
            header = next((h for h in shorter if h is not None and tuple(h.headings) in known), header)
        below = _classify_band(page, band[1:len(header.lines)], settings, plain) \
            if header is not None and len(header.lines) > 1 else None
        if below is not None and _caption_over(band[0], below.columns):
            i += 1  # the table's caption set in the header's type just above it: the header starts below
        elif header is not None:
            headers.append(header)
            i += len(header.lines)
        else:
            i += 1
    return headers


def _caption_over(line: Line, columns: list[tuple[float, float]]) -> bool:
    """Is a header band's first line a caption over the table: one run of words across two or more
    of its column edges (or across the one a two-column table has), or longer than any column's
    heading is on one line? A heading over a group of columns shares its line with other headings."""
    if any(b.x0 - a.x1 > RUN_GAP * line.size for a, b in itertools.pairwise(line.words)):
        return False
    inner = [x1 for _, x1 in columns[:-1]]
    if not inner or line.words[0].x0 >= inner[0]:
        return False  # a caption starts over the table's first column; a heading's second line need not
    crossed = sum(line.words[0].x0 < x < line.words[-1].x1 for x in inner)
    return crossed >= min(2, len(inner)) or len(line.words) > HEADING_LINE_WORDS


def _header_band(page: PageContent, lines: list[Line], start: int, settings: ExtractSettings,
                 plain: bool) -> list[Line]:
    """Given a start line, return the run of close, header-looking lines from it (maybe empty)."""
    first = lines[start]
    if not plain and not _looks_like_header_line(page, first):
        return []
    band = [first]
    for line in lines[start + 1: start + settings.header_max_lines]:
        gap = line.top - band[-1].bottom
        if gap > HEADER_LINE_GAP * line.size or (not plain and not _looks_like_header_line(page, line)):
            break
        if max(line.size, first.size) > HEADER_SIZE_RATIO * min(line.size, first.size):
            break  # a title set large just above a header is no line of it
        if _rule_between(page, (band[-1].top + band[-1].bottom) / 2, (line.top + line.bottom) / 2):
            break
        x = (line.words[0].x0 + line.words[0].x1) / 2
        if _ground(page, x, line) != _ground(page, x, first):
            break  # a header sits on its own fill: a line on another is the table's first row
        band.append(line)
    return band


def _ground(page: PageContent, x: float, line: Line) -> RGB | None:
    """The colour of the topmost fill under a line at x (None on the page's paper)."""
    y = (line.top + line.bottom) / 2
    return next((f.colour for f in reversed(page.fills) if f.x0 <= x <= f.x1 and f.top <= y <= f.bottom
                 and f.x1 - f.x0 < page.width * PAGE_FILL), None)


def _looks_like_header_line(page: PageContent, line: Line) -> bool:
    """Bold, or on a band of fill across the page that is darker than a body row's tint.

    The band may be one fill or several of one colour side by side (a header's cells filled one
    by one); light tints are left out, since striped tables fill their body rows with them.
    """
    if line.bold_share >= HEADER_BOLD_SHARE:
        return True
    behind = [f for f in page.fills if f.top - FILL_SLACK <= line.top and line.bottom <= f.bottom + FILL_SLACK
              and luminance(f.colour) <= HEADER_FILL_LUMINANCE]
    for colour in {f.colour for f in behind}:
        if sum(f.x1 - f.x0 for f in behind if f.colour == colour) > page.width * HEADER_FILL_WIDTH:
            return True
    return False


def luminance(colour: RGB) -> float:
    """Given an RGB colour (0..1), return its luminance (ITU-R BT.601 weights)."""
    r, g, b = colour
    return 0.299 * r + 0.587 * g + 0.114 * b


SATURATION = 0.35  # a colour this far from grey can carry a status


def _saturated(fill: Fill) -> bool:
    r, g, b = fill.colour
    return max(r, g, b) - min(r, g, b) > SATURATION


def _classify_band(page: PageContent, band: list[Line], settings: ExtractSettings, plain: bool = False
                   ) -> Header | None:
    words = [w for ln in band for w in ln.words]
    top = min(ln.top for ln in band)
    bottom = max(ln.bottom for ln in band)
    edges = _vertical_edges(page, top, bottom)
    ruled = len(edges) >= RULED_MIN_EDGES
    if ruled:
        columns = list(itertools.pairwise(_outer_edges(page, edges, words, top, bottom)))
    else:
        columns = _columns_from_words(page, words, band, settings)
    if len(columns) < 2:
        return None
    headings = []
    for x0, x1 in columns:
        inside = [w for w in words if x0 - EDGE_TOLERANCE <= (w.x0 + w.x1) / 2 < x1 + EDGE_TOLERANCE]
        headings.append(_reading_order_text(inside))
    if any(len(h.split()) > (PLAIN_HEADING_WORDS if plain else HEADING_MAX_WORDS) for h in headings):
        return None
    kind, roles = header_roles(headings)
    known = len({base_role(r) for r in roles} - {"other"})
    if known < (PLAIN_HEADER_ROLES if plain else STYLED_HEADER_ROLES) or known < KNOWN_SHARE * len(columns):
        return None  # a title or a heading row that happens to fall into runs of words
    return Header(band, headings, roles, kind, columns, ruled)


def _outer_edges(page: PageContent, edges: list[float], words: list[Word], top: float, bottom: float
                 ) -> list[float]:
    """A ruled header whose outer border is lost (on a scan, the rule beside a column of coloured
    cells merges with them) still has a column past its last rule when heading words stand there:
    that column ends where the header's own horizontal rules end (or at its words)."""
    reach = BORDER_REACH * max((w.bottom - w.top for w in words), default=0.0)
    across = [r for r in page.horizontal_rules if top - reach <= (r.top + r.bottom) / 2 <= bottom + reach]
    out = list(edges)
    right = [w for w in words if (w.x0 + w.x1) / 2 > edges[-1] + EDGE_TOLERANCE]
    if right:
        end = max(w.x1 for w in right)
        out.append(max((r.x1 for r in across if r.x1 > end and r.x0 < edges[-1]), default=end + EDGE_TOLERANCE))
    left = [w for w in words if (w.x0 + w.x1) / 2 < edges[0] - EDGE_TOLERANCE]
    if left:
        start = min(w.x0 for w in left)
        out.insert(0, min((r.x0 for r in across if r.x0 < start and r.x1 > edges[0]), default=start - EDGE_TOLERANCE))
    return out


def _vertical_edges(page: PageContent, top: float, bottom: float) -> list[float]:
    """Given a page and a band, return the x of vertical rules crossing the band's middle."""
    middle = (top + bottom) / 2
    xs = sorted((r.x0 + r.x1) / 2 for r in page.vertical_rules if r.top - 1 <= middle <= r.bottom + 1)
    return _merge_close(xs)


def _merge_close(values: list[float]) -> list[float]:
    merged: list[float] = []
    for v in values:
        if merged and v - merged[-1] <= EDGE_TOLERANCE:
            continue
        merged.append(v)
    return merged


def _columns_from_words(page: PageContent, words: list[Word], band: list[Line],
                        settings: ExtractSettings) -> list[tuple[float, float]]:
    """Given header words of an unruled table, return column spans from their x-clusters."""
    size = max(ln.size for ln in band)
    spans: list[list[float]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1] + settings.column_gap * size:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    if len(spans) < 2:
        return []
    top = min(ln.top for ln in band)
    bottom = max(ln.bottom for ln in band)
    below = [r for r in page.rules if r.horizontal and r.top >= top - size]
    index = _page_words(page)
    left = min([spans[0][0]] + [r.x0 for r in below[:1]])
    right = max([index.right(), *[r.x1 for r in below[:1]]])
    starts = [left] + [s[0] - EDGE_TOLERANCE for s in spans[1:]]
    # a column with a blank heading at the left (often the refs): body words that end before
    # the first heading begins, on several lines below the header
    limit = spans[0][0] - settings.column_gap * size
    if index.lines_below_left(bottom, limit, GUTTER_MIN_LINES) >= GUTTER_MIN_LINES:
        gutter_left = index.below_left(bottom, limit)[1] - EDGE_TOLERANCE
        starts = [min(gutter_left, left), spans[0][0] - EDGE_TOLERANCE, *starts[1:]]
    return list(zip(starts, [*starts[1:], right]))


class _PageWords:
    """A page's words indexed for the question every header candidate asks: which words lie
    below a height and end left of an x (a blank-headed column at the left, such as the refs).

    Answering it by going over the page's words made the header scan cost lines × words: a
    page of 50,000 text objects took half a minute. The words are sorted by their right edge
    and kept in a tree of aligned blocks of that order, each block's words sorted by top (lowest
    on the page first) with the least left edge so far; the words left of an x are a prefix of
    the order, which a handful of blocks make up, and in each block the words below a height
    are a prefix too. Building it costs n log² n once per page; each question, log² n.
    """

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        order = sorted(range(len(words)), key=lambda k: words[k].x1)
        self.x1 = np.array([words[k].x1 for k in order], dtype=np.float64)
        tops = np.array([words[k].top for k in order], dtype=np.float64)
        x0 = np.array([words[k].x0 for k in order], dtype=np.float64)
        #: the last top a line key (a rounded top) takes: every word of a larger key lies lower
        self.key_bottom: dict[int, float] = {}
        for w in words:
            key = round(w.top)
            self.key_bottom[key] = max(self.key_bottom.get(key, w.top), w.top)
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []  # per block size 2**level: tops, least x0
        size = 1
        while size <= len(words):
            blocks = -(-len(words) // size)
            pad = blocks * size - len(words)
            level_tops = np.concatenate([tops, np.full(pad, -np.inf)]).reshape(blocks, size)
            level_x0 = np.concatenate([x0, np.full(pad, np.inf)]).reshape(blocks, size)
            by_top = np.argsort(-level_tops, axis=1, kind="stable")
            self.levels.append((np.take_along_axis(level_tops, by_top, axis=1),
                                np.minimum.accumulate(np.take_along_axis(level_x0, by_top, axis=1), axis=1)))
            size *= 2

    def right(self) -> float:
        """The right edge of the page's rightmost word."""
        return float(self.x1[-1]) if len(self.x1) else max(w.x1 for w in self.words)

    def below_left(self, below: float, left_of: float) -> tuple[float, float]:
        """Of the words with top > ``below`` and x1 < ``left_of``: the least top and the least x0
        (both infinite when there are none)."""
        count = int(np.searchsorted(self.x1, left_of, side="left"))
        least_top, least_x0 = np.inf, np.inf
        start = 0
        for level in range(len(self.levels) - 1, -1, -1):
            if not count & (1 << level):
                continue
            tops, x0 = self.levels[level]
            block = start >> level
            lower = int(np.searchsorted(-tops[block], -below, side="left"))  # how many lie below
            if lower:
                least_top = min(least_top, float(tops[block][lower - 1]))
                least_x0 = min(least_x0, float(x0[block][lower - 1]))
            start += 1 << level
        return least_top, least_x0

    def lines_below_left(self, below: float, left_of: float, enough: int) -> int:
        """How many line keys (rounded tops) the words with top > ``below`` and x1 < ``left_of``
        are on, counted up to ``enough``: the highest such word's key, then the highest below
        that key's words, and so on."""
        found = 0
        while found < enough:
            top = self.below_left(below, left_of)[0]
            if top == np.inf:
                break
            found += 1
            below = self.key_bottom[round(top)]
        return found


_PAGE_WORDS: list[tuple[PageContent, list[Word], _PageWords]] = []  # the last page's index


def _page_words(page: PageContent) -> _PageWords:
    """The index of a page's words, made once for the page: the header scan asks it for every line."""
    last = _PAGE_WORDS[-1] if _PAGE_WORDS else None
    if last is not None and last[0] is page and last[1] is page.words and last[2].words is page.words \
            and len(last[2].x1) == len(page.words):
        return last[2]
    index = _PageWords(page.words)
    _PAGE_WORDS[:] = [(page, page.words, index)]
    return index


def _reading_order_text(words: list[Word]) -> str:
    return " ".join(w.text for ln in group_lines(words) for w in ln.words)


def _starts_another_table(page: PageContent, lines: list[Line], settings: ExtractSettings,
                          previous: Header | None = None) -> bool:
    """Does a header-less page begin with the header of some other table (a budget, an appendix)?

    Its first line (page numbers aside; running headers are gone by now) looks like a header
    (bold or shaded, several column clusters) but names no column we know: the monitoring table
    does not continue here.
    """
    first = next((ln for ln in lines if not _is_furniture(ln, page, settings)), None)
    if first is None:
        return False
    if previous is not None and _is_prose(first, previous):
        return True  # a paragraph runs across the table's columns: the table ended on the page before
    if not _looks_like_header_line(page, first):
        return False
    return len(_columns_from_words(page, first.words, [first], settings)) >= 2


def _fills_columns(lines: list[Line], header: Header) -> bool:
    """Do lines above a page's first header read as rows of the previous table: runs of words apart,
    in two of its columns? (A title over a table, or a heading over some of its columns, is one run.)"""
    for line in lines:
        starts = [line.words[0]] + [b for a, b in itertools.pairwise(line.words) if b.x0 - a.x1 > RUN_GAP * line.size]
        columns = {_column_of(w, header.columns)
                   for w in starts}
        if len(columns) >= 2:
            return True
    return False


def _keeps_the_grid(page: PageContent, previous: Header) -> bool:
    """Can a header-less page continue a ruled table: does it draw at least half of that table's
    column edges as vertical rules? A slide with a chart after a table draws other lines."""
    if not previous.ruled:
        return True
    drawn = [(r.x0 + r.x1) / 2 for r in page.rules if not r.horizontal]
    edges = [x for x, _ in previous.columns] + [previous.columns[-1][1]]
    kept = sum(any(abs(x - d) <= EDGE_TOLERANCE for d in drawn) for x in edges)
    return kept >= GRID_KEPT * len(edges)


HEADING_LINE_WORDS = 8  # a column's heading holds at most this many words on one line
CAPTION_GAP = 2.5  # × type size: a caption sits at most this far above its table's header
CAPTION_LINES = 2  # ... and wraps over at most this many lines
CAPTION_WORDS = 30
CAPTION_SIZE = 1.15  # a caption in plain type is at least this much larger than the header's type


def _title_lines(lines: list[Line]) -> set[str]:
    """The first page's lines in its largest type: the document's title, wherever it is repeated."""
    largest = max(ln.size for ln in lines)
    return {ln.text for ln in lines if ln.size >= largest - 0.5}


def _orphan_caption(page: PageContent, free: list[Line], tables: list[RawTable], headers: list[Header]
                    ) -> list[Line]:
    """The heading lines that end a page below all its tables, set like a caption (bold or larger than
    the body): the caption of a table the next page begins, kept for it."""
    below = max((t.bbox[3] for t in tables if t.page == page.number), default=0.0)
    tail = sorted((ln for ln in free if ln.top >= below), key=lambda ln: ln.top)
    if not tail:
        return []
    body = statistics.median(ln.size for ln in free) if free else 0.0
    caption: list[Line] = []
    for line in reversed(tail):
        strong = line.bold_share >= HEADER_BOLD_SHARE or (body and line.size >= CAPTION_SIZE * body)
        if not strong or len(caption) >= CAPTION_LINES:
            break
        caption.insert(0, line)
    return caption if sum(len(ln.words) for ln in caption) <= CAPTION_WORDS else []


def _caption_above(lines: list[Line], top: float, size: float, columns: list[tuple[float, float]], taken: set[int],
                   rules: list[Rule], running: set[int]) -> list[Line]:
    """Given where a table starts (its header's top and type size, its columns), return the heading
    lines just above it that name it ("Goal 1.2 – …").

    A caption is the nearest text above the header, close to it (``CAPTION_GAP``), in bold or in
    larger type than the header, short, and not part of another table, of the table's own grid (a
    heading over some of its columns) or the document's title. A line repeated at the top of
    several pages is a caption only when it is set like a heading (bold, or larger): a running
    header in plain type is page furniture.
    Reports that caption each of their tables put their rows under it (the ``group`` of a record).
    """
    caption: list[Line] = []
    bottom = top
    # a large title's descenders may reach into the header's line
    above = (ln for ln in lines if ln.top < top and (ln.top + ln.bottom) / 2 < top)
    for line in sorted(above, key=lambda ln: -ln.bottom):
        if id(line) in taken:
            break  # the nearest text above is another table's, or the document's title
        strong = line.bold_share >= HEADER_BOLD_SHARE or line.size >= CAPTION_SIZE * size
        styled = strong or (id(line) not in running and (
            line.words[0].bold or (not caption and _plain_caption(line, lines, top)
                                   and _over_the_table(line, columns))))
        gap = bottom - line.bottom
        if not styled or gap > CAPTION_GAP * line.size or len(caption) >= CAPTION_LINES \
                or _in_grid(line, columns, rules):
            break
        if caption and gap > HEADER_LINE_GAP * line.size:
            break
        caption.insert(0, line)
        bottom = line.top
    if sum(len(ln.words) for ln in caption) > CAPTION_WORDS:
        return []
    return caption


def _over_the_table(line: Line, columns: list[tuple[float, float]]) -> bool:
    """A plain caption stands over the table: it starts over its first column or runs across two
    column edges; a short line in a later column is the last line of a cell of the table above."""
    x0, x1 = line.words[0].x0, line.words[-1].x1
    inner = [b for _, b in columns[:-1]]
    return not inner or x0 < inner[0] or sum(x0 < b < x1 for b in inner) >= 2


CAPTION_PLAIN_WORDS = 10  # a caption in plain type is a short line ...


def _plain_caption(line: Line, lines: list[Line], top: float) -> bool:
    """A caption in plain type: a short line that is no sentence, closer to its table than to the
    text above it ("Simple Communication Plan for the Strategic Plan")."""
    if len(line.words) > CAPTION_PLAIN_WORDS or line.text.rstrip()[-1:] in ".;,:" or line.bold_share:
        return False
    above = [ln for ln in lines if ln.bottom <= line.top]
    gap_above = line.top - max((ln.bottom for ln in above), default=0.0)
    return top - line.bottom < gap_above


def _in_grid(line: Line, columns: list[tuple[float, float]], rules: list[Rule]) -> bool:
    """Is a line inside a ruled table's grid: crossed by a vertical rule strictly between its edges?"""
    left, right = columns[0][1], columns[-1][0]
    middle = (line.top + line.bottom) / 2
    return any(not r.horizontal and left - EDGE_TOLERANCE <= (r.x0 + r.x1) / 2 <= right + EDGE_TOLERANCE
               and r.top - 1 <= middle <= r.bottom + 1 for r in rules)


def _continuation_header(previous: Header) -> Header:
    """A header-less page continuing the previous page's table: same columns, no header lines."""
    return Header([], previous.headings, previous.roles, previous.kind, previous.columns, previous.ruled)


def _rule_between(page: PageContent, top: float, bottom: float) -> bool:
    return any(top - RULE_SLACK <= (r.top + r.bottom) / 2 <= bottom + RULE_SLACK for r in page.horizontal_rules)


def build_table(page: PageContent, lines: list[Line], header: Header, region_top: float,
                region_bottom: float, settings: ExtractSettings, leading: float | None = None
                ) -> tuple[RawTable, set[int]]:
    """Given a header and the page region below it, return the table and the lines it used.

    :param leading: how far apart the lines of one cell stood on the table's earlier pages, for a
        page whose rows do not show it (a single row of tall cells)
    """
    x_left, x_right = header.columns[0][0], header.columns[-1][1]
    every = frozenset(range(len(header.columns)))
    runs_on = False  # an unruled table that nothing ends on this page may run on overleaf
    if not header.ruled:
        end = _table_end(page, lines, header, region_top, region_bottom)
        runs_on = end >= region_bottom >= page.height - EDGE_TOLERANCE
        region_bottom = end
    else:
        region_bottom = min(region_bottom, _grid_end(page, header, region_top, region_bottom))
    if not header.lines:
        # no header on this page: the table starts at its first full-width rule, if it has one
        rules = _row_rules(page.rules, region_top, region_bottom, header.columns, settings)
        if rules and rules[0][0] > region_top + EDGE_TOLERANCE:
            region_top = rules[0][0] - EDGE_TOLERANCE
    body = [ln for ln in lines if region_top <= (ln.top + ln.bottom) / 2 < region_bottom
            and _overlaps_columns(ln, x_left, x_right)]
    first_top = min((ln.top for ln in body), default=region_bottom)
    # a rule above the first body line underlines the header; it bounds no row
    rules_below = [(y, crossed) for y, crossed in _row_rules(page.rules, region_top, region_bottom, header.columns,
                                                             settings) if y > first_top]
    bands: list[tuple[float, float, list[Line]]] = []
    crossing: list[frozenset[int]] = []  # for each band, the columns its top rule crosses
    mode = "rules"
    if rules_below:
        boundaries = [(region_top, every), *rules_below]
        if header.ruled:
            open_end = _grid_bottom(page, header, boundaries[-1][0], region_bottom)
        else:  # rows ruled apart, the last one cut at the page's foot (furniture aside) with no rule under it
            # ... as close under its rule as the rows above sit under theirs (a caption further down
            # belongs to the next table)
            kept = _without_furniture(body, page, settings)
            tail = [ln for ln in kept if (ln.top + ln.bottom) / 2 > boundaries[-1][0]]
            pads = [min(ln.top for ln in kept if a < (ln.top + ln.bottom) / 2 < b) - a
                    for (a, _), (b, _) in itertools.pairwise(boundaries)
                    if any(a < (ln.top + ln.bottom) / 2 < b for ln in kept)]
            close = bool(tail) and bool(pads) and \
                tail[0].top - boundaries[-1][0] <= max(pads) + FOOTER_GAP * (tail[0].bottom - tail[0].top)
            open_end = max(ln.bottom for ln in tail) + EDGE_TOLERANCE if runs_on and close else None
        if open_end is not None:
            boundaries.append((open_end, every))  # the last row runs on to the next page: no rule closes it
        inside = [ln for ln in body if (ln.top + ln.bottom) / 2 <= boundaries[-1][0]]
        bands = [(a, b, [ln for ln in inside if a <= (ln.top + ln.bottom) / 2 < b])
                 for (a, _), (b, _) in itertools.pairwise(boundaries)]
        if bands and header.ruled:
            bands[-1] = _with_spill(bands[-1], [ln for ln in lines if _overlaps_columns(ln, x_left, x_right)],
                                    boundaries[-1], header)
        crossing = [crossed for _, crossed in boundaries[:-1]]
    measured: float | None = None  # the leading this page shows, for the table's next page
    if not rules_below or (not header.ruled and sum(1 for band in bands if band[2]) <= 1):
        # no row rules, or (unruled) only a top and bottom rule: rows are told apart by white space
        candidates = _without_furniture(body, page, settings)
        if rules_below:
            candidates = [ln for ln in candidates if (ln.top + ln.bottom) / 2 <= rules_below[-1][0]]
        prose = next((k for k, ln in enumerate(candidates) if k > 0 and _is_prose(ln, header)), None)
        if prose is not None:
            candidates = candidates[:prose]  # a paragraph across the columns: the table has ended
        measured = _leading(candidates, header)
        bands = _bands_from_gaps(candidates, settings, header, page, leading if measured is None else measured)
        bands = _merge_paragraph_breaks(bands, header, page)
        crossing = [every] * len(bands)
        mode = "gaps"
    else:
        measured = _leading_within(bands, header)
    rows: list[RawRow] = []
    row_crossing: list[frozenset[int]] = []
    skipped: frozenset[int] = frozenset()  # the rules above an empty band still part what they cross
    for (top, bottom, band_lines), crossed in zip(bands, crossing):
        if not band_lines:
            skipped |= crossed
            continue
        rows.append(_make_row(page, header, band_lines, top, bottom))
        row_crossing.append(crossed | skipped)
        skipped = frozenset()
    rows = _merge_spans(rows, row_crossing, len(header.columns))
    if mode == "gaps":
        rows = _gather_group_paragraphs(rows, header)
    consumed = {id(ln) for _, _, band_lines in bands for ln in band_lines}
    bbox = (x_left, region_top, x_right, max([b for _, b, _ in bands], default=region_top))
    report = {"page": page.number, "rows": len(rows), "row_bands_from": mode,
              "columns_from": "rules" if header.ruled else "header words",
              "spanning_rows": sum(r.kind == "spanning" for r in rows)}
    table = RawTable(page=page.number, bbox=bbox, kind=header.kind,  # type: ignore[arg-type]
                     headings=header.headings, roles=header.roles, columns=header.columns,
                     rows=rows, ruled=header.ruled, report=report, leading=measured)
    return table, consumed


def _with_spill(band: tuple[float, float, list[Line]], body: list[Line], last: tuple[float, frozenset[int]],
                header: Header) -> tuple[float, float, list[Line]]:
    """The last row of a ruled table with the lines its open cells spill under the last rule: a
    merged cell that a page break cuts is left without a rule under it, and its text may run on
    below the rules that close the other columns (a browser prints it so)."""
    y, crossed = last
    spill: list[Line] = []
    for line in sorted(body, key=lambda ln: ln.top):
        if (line.top + line.bottom) / 2 <= y:
            continue
        columns = {_column_of(w, header.columns)
                   for w in line.words}
        reach = spill[-1].bottom if spill else y
        if line.top - reach > (line.bottom - line.top) or columns & crossed or -1 in columns:
            break
        spill.append(line)
    if not spill:
        return band
    return band[0], max(band[1], spill[-1].bottom), band[2] + spill


def _grid_end(page: PageContent, header: Header, top: float, bottom: float) -> float:
    """Where a ruled table's grid ends: the foot of the rules between its columns, followed down
    from the header. A heading row across the table interrupts them; the grid goes on below it
    where rules stand again at every one of its column edges and at no other. Rows ruled across
    the same width below that belong to another table (a finance table drawn to the same margins).
    """
    inner = [b for (_, b), _ in itertools.pairwise(header.columns)]
    if not inner:
        return bottom
    edges = [header.columns[0][0], *inner, header.columns[-1][1]]
    verticals = sorted((r for r in page.rules if not r.horizontal and r.bottom > top and r.top < bottom
                        and r.bottom - r.top >= GRID_RULE_MIN  # a scan's glyph stroke is no column rule
                        and edges[0] - EDGE_TOLERANCE <= (r.x0 + r.x1) / 2 <= edges[-1] + EDGE_TOLERANCE),
                       key=lambda r: r.top)

    def near(r: Rule, xs: list[float]) -> float | None:
        return next((x for x in xs if abs((r.x0 + r.x1) / 2 - x) <= EDGE_TOLERANCE), None)

    reach = top
    for k, r in enumerate(verticals):
        if r.top <= reach + EDGE_TOLERANCE:
            if near(r, inner) is not None:
                reach = max(reach, r.bottom)
            continue
        # after a gap: rules that start together, most at an x of no edge of ours, are another grid's
        resumed = [v for v in verticals[k:] if abs(v.top - r.top) <= EDGE_TOLERANCE]
        own = {near(v, inner) for v in resumed} - {None}
        foreign = {round((v.x0 + v.x1) / 2) for v in resumed if near(v, edges) is None}
        if foreign and (len(foreign) > len(own) or len(own) < len(inner) / 2):
            break  # (a grid drawn to the same margins may share an edge or two with ours, not half)
        if r.top <= reach + GRID_GAP:
            if near(r, inner) is not None:
                reach = max(reach, r.bottom)
            continue
        if all(near(v, [edges[0], edges[-1]]) is not None for v in resumed):
            continue  # a heading row's own sides (a sub-heading band under a section band)
        missing = set(inner) - {near(v, inner) for v in resumed}
        if any(near(v, edges) is None for v in resumed) or any(not _edge_of_fill(page, x, r.top) for x in missing):
            break  # (a rule hidden in a scan by the dark cell that stands against it is there all the same)
        reach = max(reach, max(v.bottom for v in resumed))
    else:
        outer = [edges[0], edges[-1]]  # a heading row's own sides stand there; another grid's rules do not
        if reach > top and not any(r.bottom > reach + EDGE_TOLERANCE and near(r, outer) is None for r in verticals):
            reach = _heading_bands_below(page, edges[0], edges[-1], reach, bottom)
    return reach + EDGE_TOLERANCE if reach > top else bottom


def _edge_of_fill(page: PageContent, x: float, top: float) -> bool:
    """Does a fill stand against x, starting where rules resume at ``top``? A column rule beside a
    dark cell is lost in the cell on a scan, but the cell's side is where it was."""
    return any(min(abs(f.x0 - x), abs(f.x1 - x)) <= EDGE_TOLERANCE and abs(f.top - top) <= 2 * EDGE_TOLERANCE
               for f in page.fills)


def _heading_bands_below(page: PageContent, x0: float, x1: float, reach: float, bottom: float) -> float:
    """Where heading rows across a grid's width end, when they follow its last column rules and no
    column rules come after them: a section row at the foot of a page whose rows go on overleaf.
    A band counts when a fill across the table, or a rule across it, closes it within GRID_GAP."""
    width = x1 - x0
    while True:
        closing = [f.bottom for f in page.fills if f.top <= reach + EDGE_TOLERANCE and f.bottom > reach
                   and min(f.x1, x1) - max(f.x0, x0) >= FILL_COVER * width and f.bottom <= bottom]
        near = [r for r in page.rules
                if r.horizontal and reach + EDGE_TOLERANCE < r.top <= min(reach + GRID_GAP, bottom)]
        closing += [r.top for r in near  # a rule drawn in pieces (cell by cell) counts whole
                    if sum(max(0.0, min(q.x1, x1) - max(q.x0, x0)) for q in near
                           if abs(q.top - r.top) <= EDGE_TOLERANCE) >= FILL_COVER * width]
        if not closing:
            return reach
        reach = min(closing)


def _grid_bottom(page: PageContent, header: Header, last_rule: float, region_bottom: float) -> float | None:
    """Where a ruled table's column rules end, when they run on below its last row rule: a row cut
    at the foot of the page, to be continued on the next."""
    edges = {x for column in header.columns for x in column}
    ends = [r.bottom for r in page.rules if not r.horizontal and r.top <= last_rule + EDGE_TOLERANCE
            and any(abs((r.x0 + r.x1) / 2 - x) <= EDGE_TOLERANCE for x in edges)]
    bottom = min(max(ends, default=last_rule), region_bottom)
    return bottom if bottom > last_rule + EDGE_TOLERANCE else None


def _overlaps_columns(line: Line, x_left: float, x_right: float) -> bool:
    return any(w.x1 > x_left - EDGE_TOLERANCE and w.x0 < x_right + EDGE_TOLERANCE for w in line.words)


def _row_rules(rules: list[Rule], top: float, bottom: float, columns: list[tuple[float, float]],
               settings: ExtractSettings) -> list[tuple[float, frozenset[int]]]:
    """Given rules and a table's region and columns, return the horizontal rules that bound rows in
    it: (y, the columns it crosses).

    A rule bounds rows where it crosses at least one column from edge to edge — a table whose
    group cells are merged over several rows rules only the columns of the rows inside the group
    (a goal over its initiatives) — or, crossing none, where it covers most of the table's width
    (``rule_coverage``).
    """
    x_left, x_right = columns[0][0], columns[-1][1]
    width = x_right - x_left
    by_y: dict[float, list[Rule]] = {}
    for r in rules:
        if not r.horizontal:
            continue
        y = (r.top + r.bottom) / 2
        if not top - EDGE_TOLERANCE <= y <= bottom:
            continue
        key = next((k for k in by_y if abs(k - y) <= 1.0), y)
        by_y.setdefault(key, []).append(r)
    every = frozenset(range(len(columns)))
    found: list[tuple[float, frozenset[int]]] = []
    for y, group in sorted(by_y.items()):
        crossed = frozenset(i for i, (x0, x1) in enumerate(columns)
                            if _covered(group, x0, x1) >= COLUMN_CROSSED * (x1 - x0))
        if not crossed and _covered(group, x_left, x_right) >= settings.rule_coverage * width:
            crossed = every  # a long rule that keeps clear of the column edges
        if crossed:
            found.append((y, crossed))
    merged: list[tuple[float, frozenset[int]]] = []
    for y, crossed in found:
        if merged and y - merged[-1][0] <= EDGE_TOLERANCE:
            merged[-1] = (merged[-1][0], merged[-1][1] | crossed)
        else:
            merged.append((y, crossed))
    return merged


def _covered(rules: list[Rule], x0: float, x1: float) -> float:
    """How much of the span x0..x1 the rules cover (their overlaps with it, summed)."""
    return sum(max(0.0, min(r.x1, x1) - max(r.x0, x0)) for r in rules)


def _merge_spans(rows: list[RawRow], crossing: list[frozenset[int]], n_columns: int) -> list[RawRow]:
    """Given a page's rows and the columns each row's top rule crosses, return the rows with merged cells.

    The columns crossed by the most rules are the rows' own (an initiative's cells); a band whose
    top rule crosses none of them is no new row but more of the row above (a chart's line inside a
    cell). In the other columns, a cell whose top rule does not cross it is one cell with the cell
    above — merged, as a goal's cell over its initiatives — and every row it spans gets that one
    cell, its words gathered from all of them.
    """
    if len(rows) < 2 or all(c == frozenset(range(n_columns)) for c in crossing[1:]):
        return rows
    counts = [sum(i in c for c in crossing[1:]) for i in range(n_columns)]
    own = {i for i, n in enumerate(counts) if n == max(counts)}
    out: list[RawRow] = []
    kept: list[frozenset[int]] = []
    for row, crossed in zip(rows, crossing):
        if out and row.kind == "body" and out[-1].kind == "body" and not crossed & own:
            last = out[-1]
            for i, cell in enumerate(row.cells):
                last.cells[i] = _joined(last.cells[i], cell)
            last.bbox = (last.bbox[0], last.bbox[1], last.bbox[2], row.bbox[3])
            continue
        out.append(row)
        kept.append(crossed)
    for i in range(n_columns):
        start = 0
        for k in range(1, len(out) + 1):
            if k < len(out) and out[k].kind == "body" and out[k - 1].kind == "body" and i not in kept[k]:
                continue
            if k - start > 1:
                cell = out[start].cells[i]
                for row in out[start + 1:k]:
                    cell = _joined(cell, row.cells[i])
                for row in out[start:k]:
                    row.cells[i] = cell
            start = k
    return out


def _gather_group_paragraphs(rows: list[RawRow], header: Header) -> list[RawRow]:
    """In a table without row rules, a group's merged cell is one paragraph set beside its rows
    (often centred on them), and row bands cut it: a piece that goes on at the paragraph's leading,
    in lower case, is put back with the piece above, leaving its row to take the group from there.
    A band that held nothing but such a piece is no row."""
    for i, role in enumerate(header.roles):
        if base_role(role) != "group":
            continue
        holder: RawRow | None = None
        for row in rows:
            if row.kind != "body":
                holder = None
                continue
            b = row.cells[i]
            if not b.words:
                continue
            if holder is not None:
                a = holder.cells[i]
                if _goes_on_from(a.words, b.words[0].text) and _same_paragraph(a.words, b.words[0]):
                    holder.cells[i] = _joined(a, b)
                    row.cells[i] = Cell([], b.bbox, b.page, b.fill)
                    continue
            holder = row
    return [r for r in rows if r.kind != "body" or any(c.words for c in r.cells)]


def _goes_on_from(words: list[Word], first: str) -> bool:
    """Can a line beginning with ``first`` go on from a paragraph's words: it begins in lower case,
    or with a figure that opens nothing ("2025", not "4." or "2.1") after a line that ended mid-sentence?"""
    if first[:1].islower():
        return True
    ended = not words or words[-1].text.endswith(SENTENCE_ENDS)
    return first[:1].isdigit() and not ENUMERATION.match(first) and not ended


def _same_paragraph(words: list[Word], word: Word) -> bool:
    """Does a word's line follow a paragraph's last line at the paragraph's own line pitch (or,
    for a one-line paragraph, within a line and a half)?"""
    tops: list[float] = []
    for w in sorted(words, key=lambda w: w.top):
        if not tops or w.top - tops[-1] > EDGE_TOLERANCE:
            tops.append(w.top)
    height = word.bottom - word.top
    pitch = max((b - a for a, b in itertools.pairwise(tops)), default=PARAGRAPH_PITCH * height)
    return 0 < word.top - tops[-1] <= pitch + EDGE_TOLERANCE


def _joined(a: Cell, b: Cell) -> Cell:
    """One cell made of two, one above the other: words in reading order, boxes and fills together."""
    if a is b:
        return a
    box = None if a.bbox is None or b.bbox is None else (min(a.bbox[0], b.bbox[0]), min(a.bbox[1], b.bbox[1]),
                                                          max(a.bbox[2], b.bbox[2]), max(a.bbox[3], b.bbox[3]))
    # a coloured symbol in either part speaks before a part's shading (a striped row's tint)
    return Cell(words=a.words + b.words, bbox=box, page=a.page,
                fill=_symbol_colour(a.words + b.words) or a.fill or b.fill)


def _table_end(page: PageContent, lines: list[Line], header: Header, top: float, bottom: float) -> float:
    """Where a table without vertical rules ends: at a paragraph across its columns, at the header
    of another table (a styled line whose runs of words start where none of this table's columns do),
    or where another table's grid begins (column rules standing inside this table's columns)."""
    bottom = min(bottom, _foreign_grid_top(page, header, top, bottom))
    body = sorted((ln for ln in lines if top <= (ln.top + ln.bottom) / 2 < bottom), key=lambda ln: ln.top)
    for k, line in enumerate(body):
        if k and (_is_prose(line, header) or _foreign_header(page, line, header)):
            return line.top - EDGE_TOLERANCE
    return bottom


def _foreign_grid_top(page: PageContent, header: Header, top: float, bottom: float) -> float:
    """The top of the first grid below an unruled header whose column rules stand well inside the
    header's columns — another table's (a glossary boxed under the monitoring table); ``bottom``
    when there is none. Rules between the columns may be this table's own body drawn in a grid."""
    x_left, x_right = header.columns[0][0], header.columns[-1][1]
    for r in page.vertical_rules:
        if not top < r.top < bottom or r.bottom - r.top < GRID_RULE_MIN:
            continue
        x = (r.x0 + r.x1) / 2
        if not x_left + EDGE_TOLERANCE < x < x_right - EDGE_TOLERANCE:
            continue
        for x0, x1 in header.columns:
            margin = max(2 * EDGE_TOLERANCE, FOREIGN_RULE_INSET * (x1 - x0))
            if x0 + margin < x < x1 - margin:
                bottom = min(bottom, r.top - EDGE_TOLERANCE)
    return bottom


def _foreign_header(page: PageContent, line: Line, header: Header) -> bool:
    if not _looks_like_header_line(page, line) or line.bold_share < HEADER_BOLD_SHARE:
        return False
    starts = [line.words[0]] + [b for a, b in itertools.pairwise(line.words) if b.x0 - a.x1 > RUN_GAP * line.size]
    strays = [w for w in starts if all(abs(w.x0 - x0) > RUN_GAP * line.size for x0, _ in header.columns)]
    return len(starts) >= 2 and len(strays) >= 2


def _is_prose(line: Line, header: Header) -> bool:
    """A line of running text across the columns: a word straddles a column boundary and the
    words are spaced as in a sentence. Cells of a table keep their words inside their column."""
    interior = [x1 for _, x1 in header.columns[:-1]]
    # (by more than a speck: a scan's dust read as a quote before a cell's first word puts it a
    # point or two over its column's edge)
    reach = STRADDLE * line.size
    straddles = any(w.x0 < x - reach and w.x1 > x + reach for w in line.words for x in interior)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line.words)]
    if not gaps or sum(w.bold for w in line.words):
        return False
    # or, its words falling between the columns by chance, spaced as words are across two edges —
    # or across one, in a sentence long enough that no row's cells would set so, with text on both
    # sides of that edge (not a bullet or mark standing before it)
    crossed = [x for x in interior if line.words[0].x0 < x < line.words[-1].x1]
    spans = len(crossed) >= 2 or (len(crossed) == 1 and len(line.words) >= PROSE_MIN_WORDS
                                  and crossed[0] - line.words[0].x0 >= PROSE_SIDE * line.size
                                  and line.words[-1].x1 - crossed[0] >= PROSE_SIDE * line.size)
    return (straddles and max(gaps) < line.size) or (spans and max(gaps) < PROSE_GAP * line.size)


def _bands_from_gaps(lines: list[Line], settings: ExtractSettings, header: Header, page: PageContent,
                     leading: float | None) -> list[tuple[float, float, list[Line]]]:
    """Given body lines of a table without row rules, return row bands split where rows begin.

    A row begins:

    - after a wide gap (``row_gap`` × line height);
    - where the item's cell begins: a line with text in the item column (the header's target,
      else the column with most lines) standing further below the item text above it than the
      lines of one cell stand apart (the document's leading, measured within columns, plus
      ``ROW_TIGHT`` × line height): cells padded by a word processor or a browser stand only a
      few points apart;
    - where a line opens (nearly) every column at once after more than the leading (rows of
      one line each);
    - at a heading (a line in bold alone, or on a band of its own fill), which is a row of its own;
    - where a ref opens the ref column, or a cell's fill begins between two lines (a status cell,
      a striped row): rows set as tightly as the lines of a cell are still told apart by these.
    """
    if not lines:
        return []
    typical = statistics.median(ln.bottom - ln.top for ln in lines)
    item = _item_column(lines, header)
    tight = (leading or 0.0) + ROW_TIGHT * typical
    counts = [sum(_has_text_in(ln, c) for c in header.columns) for ln in lines]
    most = max(counts)
    ref_column = header.columns[header.roles.index("ref")] if "ref" in header.roles else None
    starts = {0}
    above_item: Line | None = None
    for k, line in enumerate(lines):
        gap = _line_gap(lines[k - 1], line, typical) if k else 0.0
        if k and (gap > settings.row_gap * typical
                  or (counts[k] >= (most - 1 if most >= ROW_OPEN_SLACK_FROM else most) and gap > tight
                      and not _goes_on(line, header))):
            starts.add(k)
        if k and most >= ROW_OPEN_ALL_FROM and counts[k] == most and _opens_fresh(line, header):
            starts.add(k)  # one-line rows set at the leading: a line that opens every column, none mid-sentence
        if _lone_heading(line, page, header):
            starts |= {k, k + 1}
        # (a line may hold the last words of a taller cell beside, set higher than its own first words)
        if k and (_ref_opens(line, ref_column, lines[k - 1]) or any(_fill_begins(page, c, lines[k - 1].bottom,
                                                                   max(w.top for w in line.words))
                                                       for c in header.columns)):
            starts.add(k)
        if _has_text_in(line, item):
            # measured on the item column's own words: a line may also hold a taller cell's words
            # beside it, set higher (a group's paragraph centred on its rows)
            own = _in_column(line, item)
            if above_item is not None and _line_gap(_in_column(above_item, item), own, typical) > tight \
                    and not (own.words[0].text[:1].islower() and _goes_on(line, header)):
                starts.add(k)
            above_item = line
    cuts = sorted(k for k in starts if k < len(lines))
    bands = []
    for a, b in itertools.pairwise([*cuts, len(lines)]):
        band = lines[a:b]
        bands.append((band[0].top, band[-1].bottom, band))
    return bands


def _item_column(lines: list[Line], header: Header) -> tuple[float, float]:
    """The column a row's item is in: the header's target, else the column with text on most lines."""
    if "target" in header.roles:
        return header.columns[header.roles.index("target")]
    return max(header.columns, key=lambda c: sum(_has_text_in(ln, c) for ln in lines))


def _line_gap(above: Line, line: Line, typical: float) -> float:
    """The white space between two lines: from the upper one's foot, or — as a line's box is its
    words' glyphs, short where none has a descender — from its top less a typical line's height,
    whichever is less."""
    return min(line.top - above.bottom, line.top - above.top - typical)


def _leading(lines: list[Line], header: Header) -> float | None:
    """How far apart the lines of one cell stand: the lower quartile of the gaps between consecutive
    lines with text in one column; None when the page does not show it (no column has two lines,
    or every gap is alike: rows of one line each, or a single row of tall cells)."""
    gaps = [b.top - a.bottom for c in header.columns
            for a, b in itertools.pairwise([ln for ln in lines if _has_text_in(ln, c)])]
    if not gaps:
        return None
    gaps.sort()
    if not gaps[0] < gaps[-1] / 2:
        return None
    # the cluster of the smallest gaps is the lines of a cell (rows of short cells may outnumber them)
    typical = statistics.median(ln.bottom - ln.top for ln in lines)
    near = [g for g in gaps if g >= -LEADING_CLUSTER * typical]  # lines that overlap more are no cell's leading
    if not near:
        return gaps[len(gaps) // 4]
    cluster = [g for g in near if g <= near[0] + LEADING_CLUSTER * typical]
    return min(near[len(near) // 4], statistics.median(cluster))


def _leading_within(bands: list[tuple[float, float, list[Line]]], header: Header) -> float | None:
    """How far apart the lines of one cell stand in rows ruled apart: the median gap between
    consecutive lines of one column inside one row (None when no cell has two lines)."""
    gaps = []
    for _, _, band_lines in bands:
        last: dict[int, float] = {}  # column -> the foot of its words on the line above
        for line in band_lines:
            spans: dict[int, tuple[float, float]] = {}
            for w in line.words:
                k = _column_of(w, header.columns)
                top, bottom = spans.get(k, (w.top, w.bottom))
                spans[k] = (min(top, w.top), max(bottom, w.bottom))
            for k, (top, bottom) in spans.items():
                if k in last:
                    gaps.append(top - last[k])
                last[k] = bottom
    return statistics.median(gaps) if gaps else None


def _lone_heading(line: Line, page: PageContent, header: Header) -> bool:
    """A line that is a heading across the table: all bold, in one run, starting in the first column."""
    if line.bold_share < SECTION_BOLD_SHARE or len(line.words) > HEADING_MAX_WORDS:
        return False
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line.words)]
    return all(g < RUN_GAP * line.size for g in gaps) and line.words[0].x0 < header.columns[0][1]


def _openings(line: Line, header: Header) -> list[bool]:
    """For each column a line has text in: does that text go on in lower case (a wrapped cell's
    next line) rather than begin anew (a capital, a figure, a symbol)?"""
    return [inside[0].text[:1].islower() for c in header.columns if (inside := _words_in(line.words, c))]


def _goes_on(line: Line, header: Header) -> bool:
    """Does a line's text go on in lower case in every column it fills (the next line of the cells
    above, where the leading cannot be measured)?"""
    lower = _openings(line, header)
    return bool(lower) and all(lower)


def _opens_fresh(line: Line, header: Header) -> bool:
    """Does a line's text begin anew in every column it fills?"""
    return not any(_openings(line, header))


def _column_of(word: Word, columns: list[tuple[float, float]]) -> int:
    """The index of the column a word's middle falls in (-1 right of the last)."""
    return next((i for i, (_, x1) in enumerate(columns) if (word.x0 + word.x1) / 2 < x1), -1)


def _words_in(words: list[Word], column: tuple[float, float]) -> list[Word]:
    """The words whose middle lies in a column (a word a little over its left edge still inside)."""
    x0, x1 = column
    return [w for w in words if x0 - EDGE_TOLERANCE <= (w.x0 + w.x1) / 2 < x1]


def _in_column(line: Line, column: tuple[float, float]) -> Line:
    """The part of a line in a column, as a line of its own (the whole line when none is there)."""
    words = _words_in(line.words, column) or line.words
    return Line(words, min(w.top for w in words), max(w.bottom for w in words))


def _has_text_in(line: Line, column: tuple[float, float]) -> bool:
    return bool(_words_in(line.words, column))


def _merge_paragraph_breaks(bands: list[tuple[float, float, list[Line]]], header: Header, page: PageContent
                            ) -> list[tuple[float, float, list[Line]]]:
    """Given gap-separated bands, merge into the band above each one whose first column is empty.

    White space also separates paragraphs inside one cell. A row has something in its first column,
    or its own item or ref (the first column may be a group's merged cell), or a cell of colour
    beginning between it and the band above (a status shown only as colour); a band with none of
    these is the next paragraph of the row above. The first band on a page is left alone: it may
    continue a row from the previous page, which structure decides.
    """
    x0, x1 = header.columns[0]
    out: list[tuple[float, float, list[Line]]] = []
    for top, bottom, band_lines in bands:
        first_column = [w for ln in band_lines for w in ln.words if x0 - EDGE_TOLERANCE <= (w.x0 + w.x1) / 2 < x1]
        if out and not first_column and not _opens_item(band_lines, header) \
                and not any(_fill_begins(page, c, out[-1][1], top) for c in header.columns):
            prev_top, _, prev_lines = out[-1]
            out[-1] = (prev_top, bottom, prev_lines + band_lines)
        else:
            out.append((top, bottom, band_lines))
    return out


def _ref_opens(line: Line, column: tuple[float, float] | None, above: Line | None = None) -> bool:
    """Whether the line's first word in the ref column is a ref ("E1", "PS-02", "3.1") — and not
    the rest of one the line above broke at its hyphen ("PS-" / "01")."""
    if column is None:
        return False
    inside = _words_in(line.words, column)
    before = _words_in(above.words, column) if above is not None else []
    if before and before[-1].text.endswith(("-", "\u2010", "\u2013", "/")):
        return False
    return bool(inside) and parse_ref(inside[0].text.rstrip(PREFIX_PUNCT)) is not None


def _opens_item(band_lines: list[Line], header: Header) -> bool:
    """Whether a band has text in the column of the item or of its ref."""
    columns = [c for c, role in zip(header.columns, header.roles) if role in ("target", "ref")]
    return any(_has_text_in(ln, c) for ln in band_lines[:1] for c in columns)


def _fill_begins(page: PageContent, column: tuple[float, float], above: float, below: float) -> bool:
    """Whether a cell's fill under the column (not a word's highlight, not the page's background)
    begins between two lines."""
    middle, width = (column[0] + column[1]) / 2, column[1] - column[0]
    return any(f.x0 <= middle <= f.x1 and above - EDGE_TOLERANCE <= f.top <= below + EDGE_TOLERANCE
               and FILL_COVER * width <= f.x1 - f.x0 < PAGE_FILL * page.width for f in page.fills)


def _make_row(page: PageContent, header: Header, band_lines: list[Line], top: float,
              bottom: float) -> RawRow:
    words = [w for ln in band_lines for w in ln.words]
    x_left, x_right = header.columns[0][0], header.columns[-1][1]
    if _is_spanning(page, header, band_lines, words, top, bottom):
        box = (x_left, top, x_right, bottom)
        cell = Cell(words=words, bbox=box, page=page.number, fill=_fill_behind(page.fills, box))
        return RawRow("spanning", [cell], box, page.number)
    cells = []
    for x0, x1 in header.columns:
        # the cell's own lines: a page's line may run through two lines of one cell beside a taller cell
        inside = [w for ln in group_lines(_words_in(words, (x0, x1))) for w in ln.words]
        box = (x0, top, x1, bottom)
        # a coloured mark or symbol speaks before the cell's own shading (a striped row's tint)
        fill = _symbol_colour(inside) or _mark_inside(page.fills, box) or _fill_behind(page.fills, box)
        cells.append(Cell(words=inside, bbox=box, page=page.number, fill=fill))
    return RawRow("body", cells, (x_left, top, x_right, bottom), page.number)


def _is_spanning(page: PageContent, header: Header, band_lines: list[Line], words: list[Word],
                 top: float, bottom: float) -> bool:
    """A band is a spanning (section) row when nothing divides it into the header's columns."""
    interior = [x1 for _, x1 in header.columns[:-1]]
    if header.ruled:
        # where the row's text is: a band may start far above it (at the top of a page)
        middle = (min(ln.top for ln in band_lines) + max(ln.bottom for ln in band_lines)) / 2
        crossing = [r for r in page.rules if not r.horizontal and r.top - 1 <= middle <= r.bottom + 1
                    and any(abs((r.x0 + r.x1) / 2 - x) <= EDGE_TOLERANCE for x in interior)]
        if not crossing:
            return True
        # a heading typed into the first cell of an ordinary ruled row: bold, short, alone; or a
        # heading whose words run through the rules found across it (a scan's rules read through
        # a heading band): text does not cross a rule that is there
        return _heading_in_one_cell(band_lines, words, header) or _heading_through_rules(band_lines, words, crossing)
    if len(band_lines) > SECTION_MAX_LINES or sum(w.bold for w in words) < SECTION_BOLD_SHARE * len(words):
        return False
    if _heading_in_one_cell(band_lines, words, header):
        return True
    # one run of text that crosses a column boundary reads as one heading, not as cells
    return all(_runs_across(ln, interior, header) for ln in band_lines)


def _heading_in_one_cell(band_lines: list[Line], words: list[Word], header: Header) -> bool:
    """All bold, at most three lines, and every word in one column (the others empty)."""
    if not words or len(band_lines) > SECTION_MAX_LINES \
            or sum(w.bold for w in words) < SECTION_BOLD_SHARE * len(words):
        return False
    occupied = {i for w in words for i, (x0, x1) in enumerate(header.columns)
                if x0 - EDGE_TOLERANCE <= (w.x0 + w.x1) / 2 < x1}
    return len(occupied) <= 1


def _heading_through_rules(band_lines: list[Line], words: list[Word], crossing: list[Rule]) -> bool:
    """Bold, at most three lines, and a word standing across one of the rules said to cross the band."""
    if not words or len(band_lines) > SECTION_MAX_LINES \
            or sum(w.bold for w in words) < SECTION_BOLD_SHARE * len(words):
        return False
    xs = [(r.x0 + r.x1) / 2 for r in crossing]
    return any(w.x0 < x - EDGE_TOLERANCE and w.x1 > x + EDGE_TOLERANCE for w in words for x in xs)


def _runs_across(line: Line, interior: list[float], header: Header) -> bool:
    gaps = [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:])]
    size = line.size
    return all(g < RUN_GAP * size for g in gaps) and any(line.words[0].x0 < x < line.words[-1].x1
                                                     for x in interior)


def _fill_behind(fills: list[Fill], box: BBox) -> RGB | None:
    """Given fills and a cell box, return the colour of the fill covering most of the cell."""
    x0, top, x1, bottom = box
    area = max((x1 - x0) * (bottom - top), 1e-6)
    best, best_cover = None, 0.0
    for f in fills:
        w = min(f.x1, x1) - max(f.x0, x0)
        h = min(f.bottom, bottom) - max(f.top, top)
        if w > 0 and h > 0 and w * h > best_cover:
            best, best_cover = f.colour, w * h
    return best if best_cover >= FILL_COVER * area else None


def _mark_inside(fills: list[Fill], box: BBox) -> RGB | None:
    """Given fills and a cell box, return the colour of the largest coloured mark inside the cell.

    Some series show a status as a coloured dot or block inside the cell instead of shading
    the whole cell; only saturated colours count, so grey decoration is not read as a status.
    """
    x0, top, x1, bottom = box
    marks = [f for f in fills if f.x0 >= x0 - 1 and f.x1 <= x1 + 1 and f.top >= top - 1 and f.bottom <= bottom + 1
             and _saturated(f)]
    if not marks:
        return None
    return max(marks, key=lambda f: (f.x1 - f.x0) * (f.bottom - f.top)).colour


def _in_margin(line: Line, page: PageContent, settings: ExtractSettings) -> bool:
    return line.bottom <= page.height * settings.footer_margin or \
        line.top >= page.height * (1 - settings.footer_margin)


def _margin_key(line: Line) -> str:
    """A margin line's text with its numbers blanked, so "Page 3" and "Page 4" compare equal."""
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))


def _symbol_colour(words: list[Word]) -> RGB | None:
    """The colour of a coloured symbol among a cell's words ("●" in green), if there is one."""
    for w in words:
        if w.colour is not None and max(w.colour) - min(w.colour) > SATURATION:
            return w.colour
    return None


def _without_furniture(lines: list[Line], page: PageContent, settings: ExtractSettings) -> list[Line]:
    """A table's lines without the page's furniture; a line in the bottom margin set at the leading of
    the table line just above it is that row's text going on, not a footer (footers stand apart)."""
    kept: list[Line] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if not _is_furniture(line, page, settings) or (
                kept and line.top - kept[-1].bottom <= FOOTER_GAP * (line.bottom - line.top)
                and _overlaps_columns(line, kept[-1].words[0].x0, kept[-1].words[-1].x1)):
            kept.append(line)
    return kept


def _is_furniture(line: Line, page: PageContent, settings: ExtractSettings) -> bool:
    """A page number anywhere in the top or bottom margin, or a short line in the bottom one."""
    number = PAGE_NUMBER.match(line.text.strip()) is not None
    if line.top >= page.height * (1 - settings.footer_margin):
        return number or len(line.words) <= FOOTER_MAX_WORDS
    return number and line.bottom <= page.height * settings.footer_margin
