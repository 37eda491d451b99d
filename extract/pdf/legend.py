"""Keys on a page: the swatches and words a report prints to say what its colours mean.

Two shapes are read:

- **swatches**: small filled boxes, each with a short label just to its right ("On-track: goal
  or initiative is in progress…"), two or more of them stacked or in a row;
- **words**: "Green: On Track / Yellow: Slightly Off-Track / Red: Off Track", "Key: Green – on
  track; Amber – at risk".

A set of swatches is a key only when most of its labels name a status (a word, a phrase, or
"complete" over a blue swatch): a column of status cells beside the text of a table is no key.
"""

from __future__ import annotations

import re

from ..fields.key import KeyEntry, label_head, label_names_status, label_status
from ..fields.status import STATUS_WORDS, hue_family
from ..model import Fill, PageContent, Source, Word
from .lines import Line, words_box

SWATCH_MAX_WIDTH = 0.25  # share of the page width: a wider fill is a band or a cell, not a swatch
SWATCH_MAX_HEIGHT = 40.0  # points
SWATCH_MAX_WIDTH_POINTS = 200.0  # points left of a swatch where text would make it a table's cell
LABEL_REACH = 40.0  # points: a label starts at most this far right of its swatch
LABEL_GAP = 2.0  # × type size: a wider gap between words ends a label
MIN_ENTRIES = 2
KEY_HEAD_WORDS = 4  # a key's label names its status in at most this many words before any explanation
STATUS_SHARE = 0.5  # at least this share of a key's labels name a status
ALIGN_SLACK = 2.0  # points: swatches this close in left edge (stacked) or top (in a row) are one key's
KEY_STACK_GAP = 3.0  # × a swatch's height: stacked swatches further apart are two keys
KEY_SIZE_RATIO = 1.5  # a key's swatches differ in height by at most this factor
WORD_KEY = re.compile(r"\b(?P<colour>green|amber|red|blue|yellow)\b\s*(?:[:=–—]|\s-\s)\s*(?P<label>[^;/|]+)",
                      re.IGNORECASE)


def find_key(page: PageContent, lines: list[Line]) -> tuple[list[KeyEntry], set[int]]:
    """Given a page and its lines, return the key entries on it and the ids of the words they use."""
    entries: list[KeyEntry] = []
    used: set[int] = set()
    swatches = _uncovered([f for f in page.fills if _swatch(f, page)])
    hidden = [w for w in page.words if w.hidden]
    swatched = [(f, _label(f, page, lines)) for f in swatches if _bare(f, lines) and not _holds(f, hidden)]
    labelled = [(f, words) for f, words in swatched if words]
    named = [(f, words, label_status(_text(words), f.colour) if _short_head(words) else None) for f, words in labelled]
    for group in _aligned(named):
        speaking = sum(_short_head(words) and label_names_status(_text(words)) for _, words, _ in group)
        if len(group) >= MIN_ENTRIES and speaking >= STATUS_SHARE * len(group):
            for fill, words, status in group:
                if not _short_head(words):
                    continue  # a sentence beside a colour (a status cell just under the key) is no entry
                entries.append(KeyEntry(fill.colour, _text(words), status, Source(page.number, words_box(words))))
                used |= {id(w) for w in words}
    worded = [(line, m) for line in lines for m in WORD_KEY.finditer(line.text)
              if not {id(w) for w in line.words} & used]
    if len(worded) >= MIN_ENTRIES:
        for line, m in worded:
            status = STATUS_WORDS[m["colour"].lower()]
            entries.append(KeyEntry(None, f"{m['colour']} – {m['label'].strip()}", status,
                                    Source(page.number, words_box(line.words))))
            used |= {id(w) for w in line.words}
    unique = {(e.colour, e.label): e for e in entries}  # one swatch drawn twice (a fill and its outline)
    return sorted(unique.values(), key=lambda e: (e.source.bbox or (0, 0, 0, 0))[1]), used


def _aligned(named: list[tuple[Fill, list[Word], str | None]]) -> list[list[tuple[Fill, list[Word], str | None]]]:
    """The swatches grouped into keys: stacked at one left edge a few of their heights apart, or in
    one row. Each group is judged on its own, so a key at the top of a page does not vouch for a
    column of colour cells in a table below it."""
    groups: list[list[tuple[Fill, list[Word], str | None]]] = []
    for entry in sorted(named, key=lambda e: (e[0].top, e[0].x0)):
        f = entry[0]
        home = next((g for g in groups if any(_alike(h, f) and (
            (abs(h.x0 - f.x0) <= ALIGN_SLACK and f.top - h.bottom <= KEY_STACK_GAP * (h.bottom - h.top) + ALIGN_SLACK)
            or abs(h.top - f.top) <= ALIGN_SLACK) for h, _, _ in g)), None)
        if home is None:
            groups.append([entry])
        else:
            home.append(entry)
    return groups


def _alike(a: Fill, b: Fill) -> bool:
    """Two swatches of one key are drawn alike: their heights within KEY_SIZE_RATIO of each other
    (a table's status cells are as tall as their rows)."""
    ha, hb = a.bottom - a.top, b.bottom - b.top
    return max(ha, hb) <= KEY_SIZE_RATIO * min(ha, hb)


def _uncovered(fills: list[Fill]) -> list[Fill]:
    """The swatches not painted over by a later swatch of the same box: one drawn yellow and then
    red shows red."""
    out = []
    for k, f in enumerate(fills):
        if not any(_covers(g, f) for g in fills[k + 1:]):
            out.append(f)
    return out


def _covers(g: Fill, f: Fill) -> bool:
    return g.x0 <= f.x0 + 0.5 and g.top <= f.top + 0.5 and g.x1 >= f.x1 - 0.5 and g.bottom >= f.bottom - 0.5


def _swatch(fill: Fill, page: PageContent) -> bool:
    """A small box of a colour that can mean something (a hue, or dark)."""
    width, height = fill.x1 - fill.x0, fill.bottom - fill.top
    if width > SWATCH_MAX_WIDTH * page.width or height > SWATCH_MAX_HEIGHT or min(width, height) <= 0:
        return False
    return hue_family(fill.colour) is not None


def _bare(fill: Fill, lines: list[Line]) -> bool:
    """A swatch holds no words and has none before it on its line: a status cell in a table has its
    row's text to its left (or its own word in it), a key's swatch begins its line."""
    middle = (fill.top + fill.bottom) / 2
    for line in lines:
        if line.top - 1 <= middle <= line.bottom + 1 or fill.top <= (line.top + line.bottom) / 2 <= fill.bottom:
            if any(w.x0 < fill.x1 - 1 and w.x1 > fill.x0 - SWATCH_MAX_WIDTH_POINTS for w in line.words):
                return False
    return True


def _short_head(words: list[Word]) -> bool:
    """A key names a status in a few words before any explanation ("On-track: goal is on
    schedule"); a sentence beside a status cell ("Upgrade 145 green spaces") names none."""
    return len(label_head(_text(words)).split()) <= KEY_HEAD_WORDS


def _holds(fill: Fill, words: list[Word]) -> bool:
    """Whether any of the words lies in the fill: a status cell with its status written in the
    cell's own colour is a cell, not a swatch."""
    return any(fill.x0 <= (w.x0 + w.x1) / 2 <= fill.x1 and fill.top <= (w.top + w.bottom) / 2 <= fill.bottom
               for w in words)


def _label(fill: Fill, page: PageContent, lines: list[Line]) -> list[Word]:
    """The words just right of a swatch, on its line, up to a wide gap."""
    middle = (fill.top + fill.bottom) / 2
    for line in lines:
        if not line.top - 1 <= middle <= line.bottom + 1:
            continue
        after = [w for w in line.words if w.x0 >= fill.x1 - 1]
        if not after or after[0].x0 > fill.x1 + LABEL_REACH:
            continue
        label = [after[0]]
        for word in after[1:]:
            if word.x0 - label[-1].x1 > LABEL_GAP * max(word.size, 1.0):
                break
            label.append(word)
        inside = [w for w in label if w.x0 < fill.x1 - 1]
        return [] if inside else label
    return []


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)
