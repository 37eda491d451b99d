"""The PDF path: digital and scanned pages → raw tables → logical rows.

``reader`` reads each page's positioned words, rules and fills with pdfium, handing pages
without a text layer to ``ocr`` (Tesseract, rules and fills from the pixels); ``find``
finds the monitoring tables on those pages; ``structure`` joins them into one logical table
across pages, with section rows and rows continued over page breaks; ``debug`` draws what
the finder saw.
"""

from __future__ import annotations

from pathlib import Path

from ...contract import Kind
from ..errors import NoTableFound
from ..fields.key import KeyEntry
from ..fields.period import FROM_HEADING, FROM_TITLE
from ..fields.roles import QUARTER_ROLES
from ..model import Evidence, RawTable, Recovered
from ..settings import ExtractSettings
from .find import find_tables
from .reader import PdfPages, looks_like_pdf, read_pdf
from .structure import recover_rows


def read_pages(path: Path, settings: ExtractSettings) -> PdfPages:
    """Given a PDF, return its pages to be read one at a time (scans by OCR at the settings' dpi)."""
    return read_pdf(path, settings.ocr_dpi, settings.ocr_languages, settings.ocr_engine, settings.max_stream_mb,
                    settings.max_page_objects, settings.max_page_pixels, settings.status_phrases)


def recover_pdf(pages: PdfPages, path: Path, settings: ExtractSettings) -> Recovered:
    """Given a PDF's pages, return its logical rows, what was set aside, its tables and the period's evidence.

    :raises NoTableFound: no page holds a monitoring table (with the reason any page was unreadable)
    """
    key: list[KeyEntry] = []
    tables, dropped = find_tables(pages, settings, key)
    if not any(t.kind != "other" for t in tables):
        unread = f"; {'; '.join(pages.warnings)}" if pages.warnings else ""
        others = f"; {len(tables)} other table(s) left out" if tables else ""
        raise NoTableFound(path, f"no monitoring table found in {pages.count} page(s) (no table with an item column "
                                 f"and a progress, status, owner, date or measure column){others}{unread}")
    titles = [d.text for d in dropped if d.reason == "outside any table"] + [t.caption_text for t in tables
                                                                             if t.caption]
    kind = Kind.PDF
    if pages.ocr_pages:
        kind = Kind.PDF_MIXED if pages.digital_pages else Kind.PDF_SCANNED
    return Recovered(recover_rows(tables), dropped, period_evidence(tables, titles), pages.count, kind, tables,
                     warnings=list(pages.warnings), ocr_pages=set(pages.ocr_pages), key=key,
                     turned_pages=set(pages.turned_pages), ocr_engine=pages.engine or None,
                     page_transforms=dict(pages.transforms))


def period_evidence(tables: list[RawTable], titles: list[str]) -> list[Evidence]:
    """Progress-column headings first (they date the progress), then other headings, titles."""
    first = next((t for t in tables if t.kind == "narrative"), next(t for t in tables if t.kind != "other"))
    progress = [h for h, r in zip(first.headings, first.roles) if r == "delivered"]
    # quarter columns ("Q1" .. "Q4") name columns, not the period the report is at
    others = [h for h, r in zip(first.headings, first.roles) if r not in ("delivered", *QUARTER_ROLES)]
    return ([Evidence(h, FROM_HEADING) for h in progress] + [Evidence(h, FROM_HEADING) for h in others]
            + [Evidence(t, FROM_TITLE) for t in titles])


__all__ = ["PdfPages", "looks_like_pdf", "read_pages", "recover_pdf"]
