"""Lines of words: words at one vertical position, left to right, and where a run of words is.

The table finder, the key finder and captions all read a page as lines first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BBox, Source, Word


@dataclass
class Line:
    """Words at one vertical position, left to right."""

    words: list[Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold_share(self) -> float:
        return sum(w.bold for w in self.words) / len(self.words)


def group_lines(words: list[Word]) -> list[Line]:
    """Given words, return lines: words whose vertical centres fall within one line's height.

    The height is that of the line's word nearest across (not the line's whole extent): a line
    that grew with each word would chain the staggered lines of cells side by side (a merged
    cell's text centred between two rows) into one tall line, while a skewed scan's line drifts
    from word to word and a word without ascenders sits lower than its neighbour.
    """
    lines: list[Line] = []
    even = True  # the last line's words all span one band (the common case: no search needed)
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        centre = (word.top + word.bottom) / 2
        if lines:
            line = lines[-1]
            if even:
                band = line.words[0]
            else:
                band = min(line.words, key=lambda w: max(w.x0 - word.x1, word.x0 - w.x1, 0.0))
            if band.top <= centre <= band.bottom:
                even = even and word.top == band.top and word.bottom == band.bottom
                line.words.append(word)
                line.bottom = max(line.bottom, word.bottom)
                continue
        lines.append(Line([word], word.top, word.bottom))
        even = True
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def words_box(words: list[Word]) -> BBox | None:
    """Given words, return the box around them (None for no words)."""
    if not words:
        return None
    return (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))


def source_of(words: list[Word], page: int) -> Source:
    """Given words on a page, return the source an auditor is pointed at: the page and their box."""
    return Source(page, words_box(words), words[0].line if words else None)
