"""Record blocks: items laid out label by label ("Objective: …", "Lead: …", "Progress: …", "Status:
Green"), one block per item, in a two-column box or as paragraphs.

A label is a short run of bold words at the start of a line, naming a role in the column
vocabulary (:mod:`..fields.roles`: the same words a header would use). Its value is the rest
of the line and the lines below it up to the next label. A block is a run of labels; a new
block begins where its first label (the item's) comes again. Blocks become a table of their
own, a row per item, so the rest of the pipeline reads them as it reads any table.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..fields.roles import NARRATIVE, role_of
from ..model import Cell, PageContent, RawRow, RawTable, Word
from .lines import Line, words_box

LABEL_MAX_WORDS = 4  # a label is at most this many words ("RAG rating", "What we will do")
LABEL_GAP = 1.0  # × type size: a gap this wide after bold words also ends a label without a colon
MIN_LABELS = 2  # a block has at least this many labels, of different roles
VALUE_GAP = 1.5  # × line height: a wider gap ends a label's value
LEADING_SLACK = 0.35  # × line height: a gap this much wider than the page's tightest is a paragraph break


@dataclass
class _Label:
    role: str
    text: str
    line: Line
    value: list[Word] = field(default_factory=list)


def find_record_blocks(page: PageContent, lines: list[Line], open_table: RawTable | None = None
                       ) -> tuple[list[RawTable], set[int]]:
    """Given a page's lines no table took, return its record blocks as tables, and the lines they used.

    ``open_table`` is the record blocks of the page before: labels that begin this page, before
    any item's label, finish its last block (a block broken by the page) where it lacks them.
    """
    labels: list[_Label] = []
    used: set[int] = set()
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines) if b.top > a.bottom]
    leading = min(gaps, default=0.0)  # between the wrapped lines of a paragraph
    for line in lines:
        label = _label(line)
        if label is not None:
            labels.append(label)
        elif labels and _continues(labels[-1], line, leading):
            labels[-1].value += line.words
        else:
            labels.append(_Label("", "", line))  # a break: text that is no label's value
    if open_table is not None:
        labels = _finish_block(open_table, labels, lines, page, used)
    records: list[list[_Label]] = []
    for label in labels:
        if not label.role:
            records.append([])
            continue
        if not records or any(x.role == label.role for x in records[-1]):
            records.append([])
        records[-1].append(label)
    blocks = [r for r in records if len({x.role for x in r}) >= MIN_LABELS and r[0].role == "target"]
    if not blocks:
        return [], used
    if records[-1] and records[-1][0].role == "target" and records[-1] is not blocks[-1]:
        blocks.append(records[-1])  # the page ends inside an item's block: the next page finishes it
    roles = list(dict.fromkeys(x.role for r in blocks for x in r))
    rows = []
    for record in blocks:
        by_role = {x.role: x for x in record}
        cells = []
        for role in roles:
            x = by_role.get(role)
            words = x.value if x is not None else []
            cells.append(Cell(words, words_box(words) if words else None, page.number))
        boxes = [words_box(x.line.words + x.value) for x in record]
        box = (min(b[0] for b in boxes if b), min(b[1] for b in boxes if b), max(b[2] for b in boxes if b),
               max(b[3] for b in boxes if b))
        rows.append(RawRow("body", cells, box, page.number))
        used |= {id(x.line) for x in record}
    headings = [next(x.text for r in blocks for x in r if x.role == role) for role in roles]
    for label in (x for r in blocks for x in r):
        used |= {id(ln) for ln in lines if ln.words and ln.words[0] in label.value}
    table = RawTable(page.number, (min(r.bbox[0] for r in rows), min(r.bbox[1] for r in rows),
                                   max(r.bbox[2] for r in rows), max(r.bbox[3] for r in rows)),
                     "narrative", headings, roles, [], rows, ruled=False,
                     report={"page": page.number, "rows": len(rows), "layout": "record blocks: labels down the side"})
    return [table], used


def _finish_block(table: RawTable, labels: list[_Label], lines: list[Line], page: PageContent, used: set[int]
                  ) -> list[_Label]:
    """Put the labels that open a page into the last block of the page before, where it has none of
    that role yet; return the labels left."""
    last = table.rows[-1]
    taken = 0
    for label in labels:
        if not label.role or label.role == "target" or label.role not in table.roles:
            break
        column = table.roles.index(label.role)
        if last.cells[column].words:
            break
        last.cells[column] = Cell(label.value, words_box(label.value) if label.value else None, page.number)
        used.add(id(label.line))
        used.update(id(ln) for ln in lines if ln.words and ln.words[0] in label.value)
        taken += 1
    return labels[taken:]


def _label(line: Line) -> _Label | None:
    """A line that opens with a label: bold words (up to a colon, or a wide gap) naming a role."""
    words = line.words
    end, closed = 0, False
    while end < len(words) and words[end].bold and end < LABEL_MAX_WORDS and not closed:
        end += 1
        closed = words[end - 1].text.endswith(":") or (  # "Objective:", or a box's label cell beside its value
            end < len(words) and words[end].x0 - words[end - 1].x1 > LABEL_GAP * line.size)
    if not closed:
        return None
    text = " ".join(w.text for w in words[:end]).rstrip(":").strip()
    role = role_of(text, NARRATIVE)
    if role is None:
        return None
    return _Label(role, text, line, list(words[end:]))


def _continues(label: _Label, line: Line, leading: float) -> bool:
    """Is a line more of a label's value: below it at the page's line spacing (a wider gap is a
    paragraph break: prose after the block), and starting no further left than its text?"""
    last = label.value[-1] if label.value else label.line.words[-1]
    height = label.line.bottom - label.line.top
    start = label.line.words[0].x0  # a value wraps under its label (paragraphs) or under itself (a box)
    gap = line.top - last.bottom
    return gap <= min(VALUE_GAP * height, leading + LEADING_SLACK * height) and line.words[0].x0 >= start - height
