"""Readers turn a source file into what structure recovery reads; one module per source kind.

``detect_kind`` tells the kind from the file's content, not its name; the pipeline records
the kind it used in the output's provenance (``source.kind``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableDocument
from .pdf import PDF_MAGIC
from .text import looks_like_text

#: every kind of source the tool reads: PDFs (:mod:`.pdf`, pages of positioned words for the
#: table finder) and legacy text extractions (:mod:`.text`, numbered lines for :mod:`..textrows`)
KINDS = ("pdf", "text")


def detect_kind(path: Path) -> str:
    """Given a path, return the source kind its content shows, or raise UnreadableDocument."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise UnreadableDocument(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableDocument(path, "is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot be read ({exc.strerror})") from None
    if head.lstrip().startswith(PDF_MAGIC):
        return "pdf"
    if not head:
        raise UnreadableDocument(path, "empty file")
    if looks_like_text(head):
        return "text"
    known = ", ".join(sorted(KINDS))
    raise UnreadableDocument(path, f"not a document this tool reads (known kinds: {known}; "
                                   f"starts with {head[:8]!r})")
