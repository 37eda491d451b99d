"""The registry of sources: for each kind of file, how it is told, what a folder holds of it,
and which reader and row recovery read it. Add a kind here and the pipeline, the CLI's
folder expansion, ``--kind`` and the error messages all know it.

A kind is told from the file's content, never its name (an old extraction saved as ``.pdf``
is still text); the suffixes only say which files of a folder are reports. A PDF's pages are
told apart one by one (:mod:`.pdf.reader`): a page with a text layer is digital, a page
without one that holds an image is a scan and is read by OCR, and the document's
``source.kind`` says which it was (``pdf``, ``pdf-scanned``, ``pdf-mixed``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..contract import Kind
from .errors import UnreadableDocument
from .model import Document, Recovered
from .office import looks_like_office, read_office, recover_office
from .office.grid import OfficeBook
from .pdf import PdfPages, looks_like_pdf, read_pages, recover_pdf
from .pdf.debug import write_debug_images
from .settings import ExtractSettings
from .text import TextLine, looks_like_text, read_lines, recover_text

#: bytes read from the start of a file to tell its kind
HEAD_BYTES = 1024
T = TypeVar("T")


@dataclass(frozen=True)
class SourceKind(Generic[T]):
    """One kind of source file and the path that reads it.

    ``read`` turns the file into what its row recovery reads (pages of positioned words, or
    numbered lines); ``recover`` turns that into logical rows, the shared row model from which
    normalisation and emit go on alike for every kind.
    """

    name: str
    description: str
    suffixes: tuple[str, ...]  # the files of a folder that are reports of this kind
    detect: Callable[[bytes], bool]  # given the file's first bytes, is it of this kind?
    read: Callable[[Path, ExtractSettings], T]
    recover: Callable[[T, Path, ExtractSettings], Recovered]
    emits: tuple[Kind, ...]  # the ``source.kind`` values its documents carry
    draw: Callable[[Document, Path], list[Path]] | None = None  # debug images of what was found


PDF: SourceKind[PdfPages] = SourceKind(
    "pdf", "PDF: digital pages from the text layer, scanned pages by OCR", (".pdf",), looks_like_pdf,
    read_pages, recover_pdf, (Kind.PDF, Kind.PDF_SCANNED, Kind.PDF_MIXED), write_debug_images)
OFFICE: SourceKind[OfficeBook] = SourceKind(
    "office", "Word and Excel files: every table (.docx) or visible sheet (.xlsx) as its cells declare it; "
    ".doc and .xls converted by LibreOffice", (".docx", ".docm", ".xlsx", ".xlsm", ".doc", ".xls"),
    looks_like_office, read_office, recover_office, (Kind.DOCX, Kind.XLSX))
TEXT: SourceKind[list[TextLine]] = SourceKind(
    "text", "legacy text extraction: tab-separated cells, one line of the original per line", (".txt",),
    looks_like_text, read_lines, recover_text, (Kind.TEXT,))

#: every kind of source, in the order they are tried when telling a file's kind
SOURCES: dict[str, SourceKind[Any]] = {source.name: source for source in (PDF, OFFICE, TEXT)}


def report_files(paths: list[Path]) -> list[Path]:
    """Given files and folders, return files: a folder stands for the files in it (sorted) whose
    suffix some source kind reads; a file named directly is kept whatever its suffix."""
    suffixes = {suffix for source in SOURCES.values() for suffix in source.suffixes}
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes))
        else:
            out.append(path)
    return out


def source_kind(name: str, path: Path | str = "--kind") -> SourceKind[Any]:
    """Given a kind's name, return it, or raise UnreadableDocument naming the known kinds."""
    if name not in SOURCES:
        raise UnreadableDocument(path, f"unknown kind {name!r} (known: {', '.join(SOURCES)})")
    return SOURCES[name]


def source_of(kind: Kind) -> SourceKind[Any]:
    """Given a document's ``source.kind``, return the source kind that reads such documents."""
    return next(source for source in SOURCES.values() if kind in source.emits)


def detect(path: Path) -> SourceKind[Any]:
    """Given a path, return the kind of source its content shows, or raise UnreadableDocument."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise UnreadableDocument(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableDocument(path, "is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot be read ({exc.strerror})") from None
    if not head:
        raise UnreadableDocument(path, "empty file")
    for source in SOURCES.values():
        if source.detect(head):
            return source
    raise UnreadableDocument(path, f"not a document this tool reads (known kinds: {', '.join(SOURCES)}; "
                                   f"starts with {head[:8]!r})")
