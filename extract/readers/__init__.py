"""Readers turn a source file into pages of positioned words; one module per source kind.

``READERS`` is the registry: a kind name → the function that reads it. ``read`` detects the
kind from the file's content (not its name) unless told, and returns what it chose, so the
choice can be recorded in the output's provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import UnreadableDocument
from ..model import PageContent
from .pdf import PDF_MAGIC, read_pdf

Reader = Callable[[Path], Iterable[PageContent]]

READERS: dict[str, Reader] = {
    "pdf": read_pdf,
}


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
    known = ", ".join(sorted(READERS))
    raise UnreadableDocument(path, f"not a document this tool reads (known kinds: {known}; "
                                   f"starts with {head[:8]!r})")


def read(path: Path, kind: str | None = None) -> tuple[Iterable[PageContent], str]:
    """Given a path and optionally its kind, return its pages (read lazily) and the kind used."""
    chosen = kind or detect_kind(path)
    if chosen not in READERS:
        raise UnreadableDocument(path, f"unknown kind {chosen!r} (known: {', '.join(sorted(READERS))})")
    return READERS[chosen](path), chosen
