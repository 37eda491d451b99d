"""The whole extraction, one function: source file → :class:`Document`.

document → pages (or lines, or an Office file's grids) → raw tables → logical rows → records. The source's own path
(:mod:`.sources`) reads the file and recovers its logical rows; everything after that is
shared: normalisation into records, OCR flags, links between a report's rows, the period.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .errors import NoTableFound
from .fields.key import StatusKey
from .fields.period import find_period
from .link import link_rows
from .model import Document, Dropped, LogicalRow
from .normalise import mark_guessed_lines, mark_ocr, normalise_deliverables, normalise_quarterly
from .settings import ExtractSettings
from .sources import detect, source_kind

#: names the folder's own files take (``crosswalk.json``, ``lineage.csv``, ``catalog.sqlite``):
#: a report of such a name gets ``-document`` after it, so reconciliation never overwrites it
RESERVED_IDS = frozenset({"catalog", "crosswalk", "lineage"})


def doc_id_for(path: Path) -> str:
    """Given a path, return a document id safe as a file name: the slug of its stem (never a
    name in :data:`RESERVED_IDS`)."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._") or "document"
    return f"{slug}-document" if slug in RESERVED_IDS else slug


def extract_document(path: str | Path, settings: ExtractSettings | dict[str, Any] | None = None,
                     doc_id: str | None = None, kind: str | None = None) -> Document:
    """Extract the monitoring tables of one source file.

    :param path: the report (a PDF, a Word or Excel file, or a legacy text extraction); its kind
        is detected from its content unless ``kind`` is given
    :param settings: :class:`ExtractSettings`, a dict of overrides, or None for the defaults
    :param doc_id: the document id; by default the slug of the file stem
    :param kind: force a reader (a name in :data:`.sources.SOURCES`: "pdf", "office", "text") instead of
        detecting one
    :raises UnreadableDocument: the file cannot be read as a document
    :raises LimitExceeded: a limit of the settings (``max_stream_mb``, ``max_page_objects``) stopped it
    :raises NoTableFound: the document has no recognisable monitoring table
    :raises SettingsError: a setting has a value it cannot take
    """
    source_path = Path(path)
    resolved = ExtractSettings.resolve(settings)
    source = source_kind(kind, source_path) if kind else detect(source_path)
    found = source.recover(source.read(source_path, resolved), source_path, resolved)
    digest = hashlib.sha256(source_path.read_bytes()).hexdigest()
    ident = doc_id or doc_id_for(source_path)
    used: set[int] = set()
    deliverables = normalise_deliverables(found.rows, ident, resolved, used, StatusKey(tuple(found.key)))
    quarterly = normalise_quarterly(found.rows, ident, used)
    if found.ocr_pages:
        mark_ocr([*deliverables, *quarterly], found.ocr_pages, resolved.ocr_low_confidence, found.turned_pages)
    if found.guessed_lines:
        mark_guessed_lines([*deliverables, *quarterly], found.guessed_lines)
    link_rows(deliverables, quarterly, resolved)
    found.dropped += _unused_headings(found.rows, used)
    period, warnings = find_period(found.evidence)
    if not deliverables and not quarterly:
        raise NoTableFound(source_path, "a table header was found but no rows under it")
    return Document(doc_id=ident, path=str(path), sha256=digest, kind=found.kind, pages=found.pages,
                    period=period, deliverables=deliverables, quarterly=quarterly,
                    dropped=found.dropped, warnings=found.warnings + warnings, tables=found.tables, key=found.key,
                    ocr_engine=found.ocr_engine if found.ocr_pages else None, page_transforms=found.page_transforms,
                    cell_names=found.cell_names)


def _unused_headings(rows: list[LogicalRow], used: set[int]) -> list[Dropped]:
    """Headings that no record took its section or theme from, and notes across a table, are set
    aside with their source."""
    return [Dropped(row.text("heading"), "a note across the table" if row.kind == "note" else
                    "heading with no rows under it", row.cells["heading"][0].source)
            for row in rows if row.kind in ("section", "subsection", "caption", "note") and row.text("heading")
            and id(row) not in used]
