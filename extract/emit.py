"""Emit: a :class:`Document` → the contract's JSON and the two CSVs for people.

A document's files are written together or not at all (:mod:`.commit`): a crash, a kill or a
second writer never leaves a half-written file, a new JSON beside old CSVs, or the previous
good output destroyed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..contract import SCHEMA_VERSION
from .commit import write_together
from .model import DECIMALS, Deliverable, Document, QuarterlyRow, hex_colour
from .office.tables import grid_box

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: 1.2's columns come after 1.1's, so a reader that takes columns by position keeps working
DELIVERABLE_COLUMNS = ["id", "seq", "section", "subsection", "ref", "target", "delivered", "status",
                       "target_value", "delivered_value", "confidence", "flags", "page", "line", "source_path",
                       "group", "status_previous", "status_goal", "trend", "percent_complete", "actual_value",
                       "floor_value", "cell"]
GROUP_SEPARATOR = " › "  # the group path in one CSV cell, outermost first
QUARTERLY_COLUMNS = ["id", "seq", "theme", "deliverable", "target", "q1", "q2", "q3", "q4", "total",
                     "pct_achieved", "commentary", "matches_deliverable", "confidence", "flags", "page", "line",
                     "source_path", "cell"]  # (cell: 1.6, an Office file's cell where the record starts)


def deliverable_to_dict(d: Deliverable) -> dict[str, Any]:
    """Given a deliverable, return its contract JSON object."""
    return {"id": d.id, "seq": d.seq, "section": d.section, "subsection": d.subsection, "group": list(d.group),
            "ref": d.ref, "target": d.target, "delivered": d.delivered, "status": d.status,
            "statuses": dict(d.statuses), "target_value": d.target_value, "delivered_value": d.delivered_value,
            "percent_complete": d.percent_complete, "actual_value": d.actual_value, "floor_value": d.floor_value,
            "confidence": round(d.confidence, DECIMALS), "flags": d.flags,
            "fields": {k: v.to_dict() for k, v in d.fields.items()}}


def quarterly_to_dict(q: QuarterlyRow) -> dict[str, Any]:
    """Given a quarterly row, return its contract JSON object."""
    return {"id": q.id, "seq": q.seq, "theme": q.theme, "deliverable": q.deliverable, "target": q.target,
            "q1": q.q1, "q2": q.q2, "q3": q.q3, "q4": q.q4, "total": q.total,
            "pct_achieved": q.pct_achieved, "commentary": q.commentary,
            "matches_deliverable": q.matches_deliverable, "confidence": round(q.confidence, DECIMALS),
            "flags": q.flags, "fields": {k: v.to_dict() for k, v in q.fields.items()}}


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Given a document, return the contract's JSON object for it."""
    out = _document_dict(doc)
    if doc.cell_names:
        for record in [*out["deliverables"], *out["quarterly"]]:
            _name_cells(record, doc)
        for item in [*out["dropped"], *out["key"]]:
            _name_cell(item["source"], doc)
    return out


def _name_cells(record: dict[str, Any], doc: Document) -> None:
    for value in record["fields"].values():
        for source in [value["source"], *value.get("pieces", [])]:
            _name_cell(source, doc)


def _name_cell(source: dict[str, Any], doc: Document) -> None:
    """An Office file's source as the cell it is (``Tracker!C14``): its grid page and box, read
    back into the address its sheet or table gives that position; page, box and line null."""
    names = doc.cell_names.get(source["page"]) if source["page"] is not None else None
    if names is None:
        return
    box = source["bbox"]
    source["cell"] = names.name(*grid_box(box)) if box is not None else names.label  # no cell: its sheet or table
    source["page"] = source["bbox"] = source["line"] = None


def _document_dict(doc: Document) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "source": {"path": doc.path, "sha256": doc.sha256, "kind": doc.kind, "pages": doc.pages}
        | ({"ocr_engine": doc.ocr_engine} if doc.ocr_engine else {})
        | ({"page_transforms": {str(page): [{name: round(value, 2)} for name, value in steps]
                                for page, steps in sorted(doc.page_transforms.items())}}
           if doc.page_transforms else {}),
        "period": {"year": doc.period.year, "as_at": doc.period.as_at, "evidence": doc.period.evidence,
                   "confidence": round(doc.period.confidence, DECIMALS)},
        "deliverables": [deliverable_to_dict(d) for d in doc.deliverables],
        "quarterly": [quarterly_to_dict(q) for q in doc.quarterly],
        "dropped": [{"text": x.text, "reason": x.reason, "source": x.source.to_dict()} for x in doc.dropped],
        "warnings": list(doc.warnings),
        "tables": [t.report | {"kind": t.kind, "headings": t.headings, "roles": t.roles,
                               "header_repeated": t.header_repeated} for t in doc.tables],
        "key": [{"colour": hex_colour(e.colour) if e.colour is not None else None, "label": e.label,
                 "status": e.status, "source": e.source.to_dict()} for e in doc.key],
    }


def safe_cell(value: Any) -> Any:
    """Given a CSV cell value, return it so a spreadsheet cannot run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """Given columns and rows, return RFC 4180 CSV text (CRLF) with formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def record_start(fields: dict[str, Any], key: str) -> Any:
    """The page (PDFs), line (text extractions) or cell (Office files) where the record's text starts."""
    for name in ("target", "deliverable", "delivered"):
        if name in fields and fields[name]["source"].get(key) is not None:
            return fields[name]["source"][key]
    return None


def _records_csv(doc: Document, records: Sequence[Deliverable | QuarterlyRow], columns: list[str]) -> str:
    rows = []
    for record in records:
        data = deliverable_to_dict(record) if isinstance(record, Deliverable) else quarterly_to_dict(record)
        if doc.cell_names:
            _name_cells(data, doc)
        data["flags"] = ";".join(record.flags)
        if isinstance(record, Deliverable):
            data["group"] = GROUP_SEPARATOR.join(record.group)
            data |= {f"status_{k}" if k != "trend" else k: v for k, v in record.statuses.items()}
        data["page"] = record_start(data["fields"], "page")
        data["line"] = record_start(data["fields"], "line")
        data["cell"] = record_start(data["fields"], "cell")
        data["source_path"] = doc.path
        rows.append(data)
    return csv_text(columns, rows)


def deliverables_csv(doc: Document) -> str:
    """Given a document, return its deliverables as CSV text."""
    return _records_csv(doc, doc.deliverables, DELIVERABLE_COLUMNS)


def quarterly_csv(doc: Document) -> str:
    """Given a document, return its quarterly rows as CSV text."""
    return _records_csv(doc, doc.quarterly, QUARTERLY_COLUMNS)


def write_outputs(doc: Document, out_dir: str | Path) -> list[Path]:
    """Write ``<doc_id>.json``, ``.deliverables.csv`` and ``.quarterly.csv`` into out_dir.

    :param doc: the extracted document
    :param out_dir: the folder to write into (created if missing)
    :returns: the paths written
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_together({out / f"{doc.doc_id}{suffix}": text for suffix, text in output_texts(doc).items()})


def output_texts(doc: Document) -> dict[str, str]:
    """Given a document, return the text of each of its files, by suffix after the doc_id
    (``.json``, ``.deliverables.csv``, ``.quarterly.csv``)."""
    return {".json": json.dumps(document_to_dict(doc), indent=1, ensure_ascii=False) + "\n",
            ".deliverables.csv": deliverables_csv(doc), ".quarterly.csv": quarterly_csv(doc)}
