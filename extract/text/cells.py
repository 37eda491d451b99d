"""Pieces of text extractions shared by the narrative and quarterly row recovery.

A cell piece is one physical line's text of one cell (a :class:`Cell` with one line-numbered
word); a :class:`RowDraft` is a row being assembled from such pieces; :class:`Vocabulary` is the
document's own words, used to rejoin words split over cells and to tell a garbled copy.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...contract import Flag
from ..fields.text import clean_cell
from ..model import Cell, LogicalRow, Word
from .reader import TextLine


def text_cell(text: str, line: int) -> Cell:
    return Cell(words=[Word(text, 0.0, 0.0, 0.0, 0.0, page=None, line=line)], bbox=None, page=None)


def starts_sentence(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘£")


def continues(text: str) -> bool:
    return bool(text) and not starts_sentence(text)


#: a cell with at most this many letters and digits holds nothing worth reading
JUNK_MAX_CHARACTERS = 1


def is_junk(text: str) -> bool:
    """No letters or digits worth reading: "_", ", , , ,"."""
    return sum(ch.isalnum() for ch in text) <= JUNK_MAX_CHARACTERS


@dataclass
class RowDraft:
    """A row being assembled: pieces per role, in reading order."""

    kind: str
    table_kind: str
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    field_flags: dict[str, list[Flag]] = field(default_factory=dict)
    first_line: int = 0
    list_roles: set[str] = field(default_factory=set)  # roles whose text holds a bulleted list

    def add(self, role: str, text: str, line: int) -> None:
        self.cells.setdefault(role, []).append(text_cell(text, line))

    def text(self, role: str) -> str:
        return " ".join(c.text for c in self.cells.get(role, []))

    def logical(self) -> LogicalRow:
        flags = []
        if len({c.words[0].line for cells in self.cells.values() for c in cells}) > 1 and self.kind in (
                "deliverable", "quarterly"):
            flags.append(Flag.REJOINED_LINES)
        return LogicalRow(self.kind, self.table_kind, self.cells, flags=flags,  # type: ignore[arg-type]
                          field_flags=self.field_flags)


class Vocabulary:
    """The document's own words: to join words split over cells, and to spot garbled copies."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.counts = Counter(w.lower() for line in lines
                              for w in re.findall(r"[A-Za-z][a-z']+", clean_cell(line.text)))
        self._by_rest: dict[str, list[str]] | None = None  # see restore_first_letter

    def join(self, left: str, right: str) -> str:
        """Join two pieces of one phrase; a word split between them is rejoined ("Strong se" + "nior")."""
        a = left.rsplit(" ", 1)[-1]
        b = right.split(" ", 1)[0]
        if a.isalpha() and b.isalpha():
            whole, overlap = (a + b).lower(), (a + b[1:]).lower() if a[-1:].lower() == b[:1].lower() else ""
            # the halves occur only here (counted from this very line), the whole word elsewhere
            if self.counts[whole] > 0 and (self.counts[a.lower()] <= 1 or self.counts[b.lower()] <= 1):
                return left + right
            if overlap and self.counts[overlap] > 0 and self.counts[whole] == 0:
                return left + right[1:]  # "Strong Poli" + "itical": the split letter was read twice
        if a == b and not a.isalnum():  # "Efficiency &" + "& Productivity"
            return left + right[len(b):]
        return f"{left} {right}"

    def restore_first_letter(self, text: str) -> str:
        """A heading whose first letter was lost ("olitical leadership:") gets it back, when exactly
        one word of the document is that word with one more letter in front."""
        first = text.split(" ", 1)[0].rstrip(",:")
        if not first.isalpha() or self.counts[first.lower()] > 1:
            return text
        candidates = self._words_by_rest().get(first.lower(), [])
        if len(candidates) != 1:
            return text
        return str(candidates[0][0]).upper() + text

    def _words_by_rest(self) -> dict[str, list[str]]:
        """The document's words that occur more than once, by what follows their first letter
        (made once: a document of many headings would otherwise scan its vocabulary for each)."""
        if self._by_rest is None:
            self._by_rest = defaultdict(list)
            for word, n in self.counts.items():
                if n > 1:
                    self._by_rest[word[1:]].append(word)
        return self._by_rest

    def known_share(self, text: str) -> float:
        """Share of the words of text that occur more than once in the document."""
        words = [w.lower() for w in re.findall(r"[A-Za-z][a-z']+", text)]
        if not words:
            return 0.0
        return sum(self.counts[w] > 1 for w in words) / len(words)
