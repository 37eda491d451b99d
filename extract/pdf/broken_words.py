"""Words a narrow ruled cell broke without a hyphen ("Procuremen" / "t"), put back together.

A word processor that cannot fit a word on an empty line of a table cell breaks it where the
line is full, with no hyphen: "Septembe" / "r 2024", "Objectiv" / "e RAG", "31/03/202" / "5".
Read as two words, a heading loses its role, a status word ("achieve d") is garbled and a
date is unreadable. The break leaves a trace in the geometry: the first piece is alone on
its line and fills it — the space left before the cell's right rule is less than the cell's
left padding plus one more character — and the rest starts the next line under it.

Geometry alone cannot tell that from an ordinary wrap that filled the line — a table laid
out to its content makes each column as wide as its longest word, so "Procurement" / "has"
fills its line just as well — so the words decide: the rest is a single character the
document never uses as a word ("t", "5"), or the joined word is one the document uses
elsewhere and the two pieces are not both words of it ("procure" / "ment"). Every joined word
is marked ``repaired`` and the field it lands in is flagged ``text_repaired`` for the auditor.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace

from ..model import Rule, Word

#: how far (points) a piece may run past where the padding says the line ends (rounding, kerning)
OVERRUN = 1.0
#: the rest starts this close (points) under the piece's left edge
ALIGN = 1.5
#: the rest's line starts within this share of the piece's height below the piece
NEXT_LINE_GAP = 0.8
#: words this close (× type size) after one another on one line are one run of text, in one cell
RUN_SPACE = 0.4
RUN_LINE = 0.3
_PUNCTUATION = ".,;:!?()[]\"'\u2018\u2019\u201c\u201d"


def token(text: str) -> str:
    """A word as the vocabulary counts it: lower case, without the punctuation around it."""
    return text.strip(_PUNCTUATION).lower()


class Vocabulary:
    """The words of a document's pages read so far, tokenised only when a page first needs them
    (most documents have no broken word, and their pages should not pay for the vocabulary)."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.pending: list[list[str]] = []

    def add(self, texts: list[str]) -> None:
        self.pending.append(texts)

    def __contains__(self, text: str) -> bool:
        if self.pending:
            self.known.update(token(t) for texts in self.pending for t in texts)
            self.pending.clear()
        return text in self.known


def join_broken_words(words: list[Word], vertical_rules: list[Rule], seen: Vocabulary) -> list[Word]:
    """Given a page's words and vertical rules, return the words with each word a ruled cell broke
    across two lines joined into one (on the first piece's line, marked ``repaired``).

    :param seen: the words of the document's earlier pages; this page's words are added to it
    """
    pairs = _candidates(words, vertical_rules) if vertical_rules else []
    if not pairs:
        seen.add([w.text for w in words])
        return words
    involved = {id(w) for pair in pairs for w in pair}
    vocabulary = Counter(token(w.text) for w in words if id(w) not in involved)

    def known(text: str) -> bool:
        return bool(text) and (vocabulary[text] > 0 or text in seen)

    joined: dict[int, Word] = {}
    rests: set[int] = set()
    for first, rest in pairs:
        if id(first) in rests or id(first) in joined:
            continue  # a piece already taken by a pair above it (a word broken over three lines)
        whole, piece, tail = token(first.text + rest.text), token(first.text), token(rest.text)
        if (len(tail) == 1 and not known(tail)) or (known(whole) and not (known(piece) and known(tail))):
            joined[id(first)] = replace(first, text=first.text + rest.text, repaired=True)
            rests.add(id(rest))
    out = words if not joined else [joined.get(id(w), w) for w in words if id(w) not in rests]
    seen.add([w.text for w in out])
    return out


def _candidates(words: list[Word], vertical_rules: list[Rule]) -> list[tuple[Word, Word]]:
    """Pairs (piece, rest) whose geometry and letters fit a word broken where its cell's line was full."""
    rules = sorted(vertical_rules, key=lambda r: (r.x0 + r.x1) / 2)
    xs = [(r.x0 + r.x1) / 2 for r in rules]
    by_top: list[Word] | None = None
    tops: list[float] = []
    pairs = []
    for i, w in enumerate(words):
        if w.hidden or not w.text[-1:].isalnum():
            continue
        if (i and _same_run(words[i - 1], w)) or (i + 1 < len(words) and _same_run(w, words[i + 1])):
            continue  # a word of a run of text on its line (pdfium reads a line's words in order)
        middle = (w.top + w.bottom) / 2
        right = _rule_beside(rules, xs, bisect_left(xs, w.x1 - 0.5), 1, middle)
        if right is None:
            continue
        left = _rule_beside(rules, xs, bisect_right(xs, w.x0 + 0.5) - 1, -1, middle)
        if left is None:
            continue
        height = w.bottom - w.top
        slack = (right - w.x1) - (w.x0 - left)  # room left on the line beyond the padding
        if not -OVERRUN <= slack < height + OVERRUN:  # (no character is wider than the line is tall)
            continue
        if by_top is None:
            by_top = sorted(words, key=lambda v: v.top)
            tops = [v.top for v in by_top]
        below = by_top[bisect_left(tops, w.bottom - 0.3 * height):bisect_right(tops, w.bottom + NEXT_LINE_GAP * height)]
        rest = min((v for v in below if v is not w and not v.hidden and abs(v.x0 - w.x0) <= ALIGN),
                   key=lambda v: v.top, default=None)
        if rest is None or not _letters_continue(w.text, rest.text):
            continue
        if slack >= (rest.x1 - rest.x0) / len(rest.text) + OVERRUN:
            continue
        if any(v is not w and left < (v.x0 + v.x1) / 2 < right and v.top <= middle <= v.bottom for v in words):
            continue  # not alone on its line: a wrap at a space
        pairs.append((w, rest))
    return pairs


def _same_run(a: Word, b: Word) -> bool:
    """Is ``b`` the next word after ``a`` on its line, a word space away?"""
    return abs(a.top - b.top) <= RUN_LINE * a.size and 0 <= b.x0 - a.x1 <= RUN_SPACE * a.size


def _rule_beside(rules: list[Rule], xs: list[float], k: int, step: int, middle: float) -> float | None:
    """The x of the first rule from index ``k`` on (``step`` 1: rightwards, -1: leftwards) that
    crosses the height ``middle``."""
    while 0 <= k < len(rules):
        r = rules[k]
        if r.top - 1 <= middle <= r.bottom + 1:
            return xs[k]
        k += step
    return None

def _letters_continue(piece: str, rest: str) -> bool:
    """Whether ``rest`` can carry on ``piece`` inside one word: letters into a lower-case letter,
    digits into a digit."""
    if rest[:1].islower():
        return piece[-1].isalpha()
    return piece[-1].isdigit() and rest[:1].isdigit()
