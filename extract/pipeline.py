"""The whole extraction, one function: source file → :class:`Document`.

document → pages → raw tables → logical rows → records; each stage is a plain function in
its own module, and this one only calls them in order.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..reconcile.link import link_quarterly
from .errors import NoTableFound, UnreadableDocument
from .find import find_tables
from .model import Deliverable, Document, Dropped, FieldValue, LogicalRow, PageContent, QuarterlyRow, RawTable
from .normalise import mark_ocr, normalise_deliverables, normalise_quarterly
from .period import FROM_HEADING, FROM_TITLE, Evidence, find_period
from .readers import detect_kind
from .readers.pdf import read_pdf
from .readers.text import read_text
from .roles import QUARTER_ROLES
from .settings import ExtractSettings
from .structure import recover_rows
from .textrows import recover_text_rows


def doc_id_for(path: Path) -> str:
    """Given a path, return a document id safe as a file name: the slug of its stem."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")
    return slug or "document"


@dataclass
class Recovered:
    """What a front end (one per source kind) hands to normalisation."""

    rows: list[LogicalRow]
    dropped: list[Dropped]
    evidence: list[Evidence]
    pages: int | None
    tables: list[RawTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str | None = None  # what the source turned out to be, when more precise than its reader's name
    ocr_pages: set[int] = field(default_factory=set)


def _from_pdf(path: Path, settings: ExtractSettings) -> Recovered:
    pages = read_pdf(path, settings.ocr_dpi, settings.ocr_languages)
    counted = _Counted(pages)
    tables, dropped = find_tables(counted, settings)
    if not tables:
        unread = f"; {'; '.join(pages.warnings)}" if pages.warnings else ""
        raise NoTableFound(path, f"no monitoring table found in {counted.n} page(s) "
                                 f"(no header row names a target and a progress or status column){unread}")
    titles = [d.text for d in dropped if d.reason == "outside any table"]
    kind = "pdf"
    if pages.ocr_pages:
        kind = "pdf-mixed" if pages.digital_pages else "pdf-scanned"
    return Recovered(recover_rows(tables), dropped, _period_evidence(tables, titles), counted.n, tables,
                     warnings=list(pages.warnings), kind=kind, ocr_pages=set(pages.ocr_pages))


def _from_text(path: Path, settings: ExtractSettings) -> Recovered:
    lines = read_text(path)
    found = recover_text_rows(lines, settings)
    if not found.headings and not found.rows:
        raise NoTableFound(path, f"no monitoring table found in {len(lines)} line(s) "
                                 "(no line names a target and a progress or status column)")
    evidence = [Evidence(h, FROM_HEADING) for h in found.headings] + [Evidence(t, FROM_TITLE) for t in found.titles]
    dropped = sorted(found.dropped, key=lambda d: d.source.line or 0)  # read top to bottom
    return Recovered(found.rows, dropped, evidence, None, warnings=found.warnings)


FRONTS: dict[str, Callable[[Path, ExtractSettings], Recovered]] = {"pdf": _from_pdf, "text": _from_text}


def extract_document(path: str | Path, settings: ExtractSettings | dict[str, Any] | None = None,
                     doc_id: str | None = None, kind: str | None = None) -> Document:
    """Extract the monitoring tables of one source file.

    :param path: the report (a PDF, or a legacy text extraction); its kind is detected from
        its content unless ``kind`` is given
    :param settings: :class:`ExtractSettings`, a dict of overrides, or None for the defaults
    :param doc_id: the document id; by default the slug of the file stem
    :param kind: force a reader ("pdf" or "text") instead of detecting one
    :raises UnreadableDocument: the file cannot be read as a document
    :raises NoTableFound: the document has no recognisable monitoring table
    """
    source = Path(path)
    resolved = ExtractSettings.resolve(settings)
    chosen = kind or detect_kind(source)
    if chosen not in FRONTS:
        raise UnreadableDocument(source, f"unknown kind {chosen!r} (known: {', '.join(sorted(FRONTS))})")
    found = FRONTS[chosen](source, resolved)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    ident = doc_id or doc_id_for(source)
    used: set[int] = set()
    deliverables = normalise_deliverables(found.rows, ident, resolved, used)
    quarterly = normalise_quarterly(found.rows, ident, used)
    if found.ocr_pages:
        mark_ocr([*deliverables, *quarterly], found.ocr_pages, resolved.ocr_low_confidence)
    _link(deliverables, quarterly)
    found.dropped += _unused_headings(found.rows, used)
    period, warnings = find_period(found.evidence)
    if not deliverables and not quarterly:
        raise NoTableFound(source, "a table header was found but no rows under it")
    return Document(doc_id=ident, path=str(path), sha256=digest, kind=found.kind or chosen, pages=found.pages,
                    period=period, deliverables=deliverables, quarterly=quarterly,
                    dropped=found.dropped, warnings=found.warnings + warnings, tables=found.tables)


def _unused_headings(rows: list[LogicalRow], used: set[int]) -> list[Dropped]:
    """Headings that no record took its section or theme from are set aside, with their source."""
    return [Dropped(row.text("heading"), "heading with no rows under it", row.cells["heading"][0].source)
            for row in rows if row.kind in ("section", "subsection") and row.text("heading") and id(row) not in used]


def _link(deliverables: list[Deliverable], quarterly: list[QuarterlyRow]) -> None:
    """Fill each quarterly row's ``matches_deliverable``, its score kept as the field's evidence."""
    links = link_quarterly(deliverables, quarterly)
    for row in quarterly:
        link = links.get(row.id)
        if link is None:
            continue
        row.matches_deliverable = link.deliverable_id
        raw = f"score {link.score:.0f}, next best {link.runner_up:.0f}"
        source = row.fields["deliverable"].source
        if link.contested:
            row.fields["matches_deliverable"] = FieldValue(raw, 0.7, ["match_contested"], source)
        else:
            row.fields["matches_deliverable"] = FieldValue(raw, 0.9, [], source)


def _period_evidence(tables: list[RawTable], titles: list[str]) -> list[Evidence]:
    """Progress-column headings first (they date the progress), then other headings, titles."""
    first = next((t for t in tables if t.kind == "narrative"), tables[0])
    progress = [h for h, r in zip(first.headings, first.roles) if r == "delivered"]
    # quarter columns ("Q1" .. "Q4") name columns, not the period the report is at
    others = [h for h, r in zip(first.headings, first.roles) if r not in ("delivered", *QUARTER_ROLES)]
    return ([Evidence(h, FROM_HEADING) for h in progress] + [Evidence(h, FROM_HEADING) for h in others]
            + [Evidence(t, FROM_TITLE) for t in titles])


class _Counted:
    """Pages passed through once, counted on the way.

    After each page, what reading it built and kept (its words, in cells) is frozen out of the
    cyclic garbage collector's scans with ``gc.freeze``: those objects are acyclic and live to
    the end, and rescanning an ever larger heap of them made cost per page grow with the
    document (see bench/). Cyclic garbage of later pages is still collected as usual.
    """

    def __init__(self, pages: Iterable[PageContent]) -> None:
        self.pages = pages
        self.n = 0

    def __iter__(self) -> Iterator[PageContent]:
        try:
            for page in self.pages:
                self.n += 1
                yield page
                gc.freeze()
        finally:
            gc.unfreeze()
