"""Legacy text extractions: reports that survive only as text pulled out of a PDF years ago.

Cells are separated by tabs; one physical line may hold a whole row, part of one, or pieces
of several (one visual line of the original each). This reader only splits lines into cells
and numbers them; recovering rows is :mod:`.rows`' job. Provenance is the 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadableDocument

ENCODINGS = ("utf-8-sig", "cp1252")
PRINTABLE_SHARE = 0.8  # old extractions carry stray control characters; binary files do not pass


@dataclass(frozen=True)
class TextLine:
    """One physical line: its number, its tab-separated cells (markup kept), its text."""

    number: int
    cells: tuple[str, ...]
    text: str


def looks_like_text(head: bytes) -> bool:
    """Given the first bytes of a file, is it a tab-separated text extraction?"""
    if not head or b"\x00" in head:
        return False
    for encoding in ENCODINGS:
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # the sample may end inside a multi-byte character
            try:
                text = head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
        return "\t" in text and printable >= PRINTABLE_SHARE * max(len(text), 1)
    return False


def read_text(path: Path) -> list[TextLine]:
    """Given a text extraction, return its lines split into cells."""
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; kept for clarity
        raise UnreadableDocument(path, "text in an unknown encoding")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [TextLine(i, tuple(line.split("\t")), line) for i, line in enumerate(lines, start=1)]
