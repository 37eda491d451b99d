"""Legacy text extractions: reports that survive only as text pulled out of a PDF years ago.

Cells are separated by tabs; one physical line may hold a whole row, part of one, or pieces
of several (one visual line of the original each). This reader only splits lines into cells
and numbers them; recovering rows is :mod:`.rows`' job. Provenance is the 1-based line.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

ENCODINGS = ("utf-8-sig", "cp1252")
PRINTABLE_SHARE = 0.8  # old extractions carry stray control characters; binary files do not pass


@dataclass(frozen=True)
class TextLine:
    """One physical line: its number, its tab-separated cells (markup kept), its text."""

    number: int
    cells: tuple[str, ...]
    text: str
    #: how the line's bytes were decoded when not as UTF-8: "cp1252", or "cp1252, bytes replaced"
    #: for bytes no encoding here gives a character ("" for UTF-8, as nearly every line is)
    decoded: str = ""


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
    """Given a text extraction, return its lines split into cells.

    Each line is decoded on its own: as UTF-8 when it is valid UTF-8 (any line of plain ASCII
    is); else its valid UTF-8 as UTF-8 and each byte that is not as Windows-1252, the encoding of
    old Windows extractions (a byte with no character there becomes U+FFFD). One bad byte in a
    UTF-8 file so costs one character a guess, not the whole file ("£" read as "Â£" in every
    line); each guessed line says so (``decoded``), and its fields are flagged ``encoding_guessed``.
    """
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _lines_one_by_one(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [TextLine(i, tuple(line.split("\t")), line) for i, line in enumerate(lines, start=1)]


def _lines_one_by_one(data: bytes) -> list[TextLine]:
    """Split bytes into lines (as the text would be split), and decode each line by itself: its
    valid UTF-8 as UTF-8, each byte that is not as Windows-1252 (:func:`_cp1252_fallback`)."""
    out: list[TextLine] = []
    for number, raw in enumerate(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"), start=1):
        decoded = ""
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors=FALLBACK)
            replaced = "\ufffd" in line and "\ufffd" not in raw.decode("utf-8", errors="ignore")
            decoded = "cp1252, bytes replaced" if replaced else "cp1252"
        out.append(TextLine(number, tuple(line.split("\t")), line, decoded))
    return out


FALLBACK = "trackrecord-cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: bytes that are not UTF-8 are read as Windows-1252, one by one
    (the five bytes it leaves undefined become U+FFFD), so a line's good UTF-8 ("£" as two
    bytes) stays right beside a stray byte of another encoding ("£" as one)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error(FALLBACK, _cp1252_fallback)


def decoding_warning(lines: list[TextLine]) -> str | None:
    """One line for the document's warnings when some lines were not UTF-8 (None when all were)."""
    guessed = [line.number for line in lines if line.decoded]
    if not guessed:
        return None
    replaced = sum(1 for line in lines if "replaced" in line.decoded)
    shown = ", ".join(map(str, guessed[:10])) + (", …" if len(guessed) > 10 else "")
    return (f"{len(guessed)} line(s) are not UTF-8 and were read as Windows-1252 (cp1252)"
            + (f", {replaced} of them with bytes no encoding gives a character replaced" if replaced else "")
            + f": line(s) {shown}; their fields are flagged encoding_guessed")
