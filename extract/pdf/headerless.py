"""Tables with no header and no rules, found by a column of statuses ("Key Risks": a risk's text,
and beside it "Stable").

Without a header line nothing names the columns, so the table is found by what it holds: on
several lines, a short status or direction word standing apart at the right of the text
(``ANCHOR_GAP``), all starting at one x. Each such line starts a row; the row's text runs down
to the next one; the table ends at a wide gap or at text that leaves its columns. Roles then
come from the columns' contents, as for any table (:mod:`..fields.content`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..fields.content import cell_kind
from ..model import PageContent, Word
from .lines import Line

ANCHOR_GAP = 1.0  # × type size: the status word stands this far apart from the text before it (an em)
STATUS_MAX_WORDS = 4  # a status cell holds at most this many words ("Slightly off track")
ALIGN = 6.0  # points: the status words of one column start within this of each other
MIN_ROWS = 2
END_GAP = 2.0  # × line height: a wider gap after the last row ends the table
EDGE = 2.0  # points of slack at a column's edge
#: a table's last row runs on below its status word for at most this many lines (a row is not a page)
MAX_TAIL_LINES = 60


@dataclass(frozen=True)
class HeaderlessTable:
    """Where a header-less table lies: its columns (text, status) and its vertical extent."""

    columns: list[tuple[float, float]]
    top: float
    bottom: float
    first: Line  # the first row's line: the caption, if any, is above it


def find_headerless(page: PageContent, lines: list[Line], phrases: tuple[tuple[str, str], ...]
                    ) -> list[HeaderlessTable]:
    """Given a page's lines not in any table, return the header-less tables they form."""
    anchors: list[tuple[int, float, float]] = []  # (line index, x0 and x1 of the status run)
    for i, line in enumerate(lines):
        runs = _runs(line)
        if len(runs) < 2 or len(runs[-1]) > STATUS_MAX_WORDS:
            continue
        text = " ".join(w.text for w in runs[-1])
        if cell_kind(text, None, phrases) in ("status", "trend"):
            anchors.append((i, runs[-1][0].x0, max(w.x1 for w in runs[-1])))
    found: list[HeaderlessTable] = []
    lefts = _RangeMin([min(w.x0 for w in line.words) for line in lines])
    for column in _columns(anchors):
        if len(column) < MIN_ROWS:
            continue
        start = min(a[1] for a in column) - EDGE
        right = max(a[2] for a in column) + EDGE
        first, last = column[0][0], column[-1][0]
        left = lefts.between(first, last) - EDGE
        end = last
        for k in range(last + 1, min(len(lines), last + 1 + MAX_TAIL_LINES)):  # the last row's text goes on
            line, above = lines[k], lines[k - 1]                               # below its status word
            if line.top - above.bottom > END_GAP * (above.bottom - above.top) \
                    or min(w.x0 for w in line.words) < left or max(w.x1 for w in line.words) > start:
                break
            end = k
        found.append(HeaderlessTable([(left, start), (start, right)], lines[first].top - EDGE,
                                     lines[end].bottom + EDGE, lines[first]))
    return found


def _columns(anchors: list[tuple[int, float, float]]) -> list[list[tuple[int, float, float]]]:
    """Group status words into columns: the first word not yet in a column, and every other not
    yet in one that starts within ``ALIGN`` of it, in page order.

    Found through the words sorted by x, skipping those already taken with pointers that are
    shortened as they are followed: a page of many scattered status words (each its own column)
    would otherwise cost the square of their number.
    """
    order = sorted(range(len(anchors)), key=lambda k: anchors[k][1])
    xs = [anchors[k][1] for k in order]
    following = list(range(len(order) + 1))  # the first position at or after p still untaken

    def untaken(p: int) -> int:
        root = p
        while following[root] != root:
            root = following[root]
        while following[p] != root:
            following[p], p = root, following[p]
        return root

    taken = [False] * len(anchors)
    columns = []
    for seed in range(len(anchors)):
        if taken[seed]:
            continue
        x = anchors[seed][1]
        members = []
        p = untaken(bisect.bisect_left(xs, x - ALIGN))
        stop = bisect.bisect_right(xs, x + ALIGN)
        while p < stop:
            members.append(order[p])
            taken[order[p]] = True
            following[p] = p + 1
            p = untaken(p + 1)
        columns.append([anchors[k] for k in sorted(members)])
    return columns


class _RangeMin:
    """The least of a list's values between two positions, in constant time (a sparse table)."""

    def __init__(self, values: list[float]) -> None:
        self.levels = [values]
        width = 1
        while 2 * width <= len(values):
            below = self.levels[-1]
            self.levels.append([min(below[i], below[i + width]) for i in range(len(below) - width)])
            width *= 2

    def between(self, first: int, last: int) -> float:
        """The least value at positions first..last (inclusive)."""
        level = (last - first + 1).bit_length() - 1
        row = self.levels[level]
        return min(row[first], row[last - (1 << level) + 1])


def _runs(line: Line) -> list[list[Word]]:
    """A line's runs of words, split where the gap between two words is wide."""
    runs: list[list[Word]] = [[line.words[0]]]
    for a, b in zip(line.words, line.words[1:]):
        if b.x0 - a.x1 > ANCHOR_GAP * max(line.size, 1.0):
            runs.append([])
        runs[-1].append(b)
    return runs
