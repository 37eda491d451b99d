"""The audit summary of a document: how many rows were reviewed, corrected, and are still flagged.

A row is *flagged* when it carries a flag that asks for a look: every flag but those that
only say where a value came from (``ocr``: every row of a scan has it; ``continued_across_pages``:
a join, not a doubt; ``corrected``: the auditor's own mark). A row is *reviewed* when an auditor
marked at least one of its fields (checked or corrected), in the output (applied at extraction)
or in a corrections file not yet applied (pending); *still flagged* when a field that carries a
flag asking for a look has no mark.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..extract.emit import csv_text
from .corrections import Correction

QUIET_FLAGS = frozenset({"ocr", "continued_across_pages", "corrected"})
COLUMNS = ["doc_id", "source", "sha256", "rows", "flagged", "reviewed", "corrected", "still_flagged", "pending"]


@dataclass(frozen=True)
class AuditLine:
    """One document's line of the audit summary."""

    doc_id: str
    source: str
    sha256: str
    rows: int
    flagged: int
    reviewed: int
    corrected: int
    still_flagged: int
    pending: int  # marks in the corrections file that the output does not carry yet


def records(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """A document's rows, deliverables then quarterly, as the output lists them."""
    return [*doc.get("deliverables", []), *doc.get("quarterly", [])]


def is_flagged(flags: list[str]) -> bool:
    """Do these flags ask an auditor to look (anything beyond where the value came from)?"""
    return any(f not in QUIET_FLAGS for f in flags)


def applied_marks(record: dict[str, Any]) -> dict[str, str]:
    """The record's fields an auditor marked, as applied in the output: field -> checked / corrected."""
    out = {}
    for name, fv in record.get("fields", {}).items():
        if "correction" in fv:
            out[name] = "corrected"
        elif "checked" in fv:
            out[name] = "checked"
    return out


def audit_line(doc: dict[str, Any], pending: list[Correction]) -> AuditLine:
    """The document's audit summary, from its output and the corrections not yet applied to it."""
    waiting: dict[tuple[str, str], str] = {}
    for c in pending:
        if c.doc_id == doc["doc_id"] and c.sha256 == doc["source"]["sha256"]:
            waiting[c.record, c.field] = c.action
    rows = records(doc)
    flagged = reviewed = corrected = still = 0
    pending_count = 0
    for r in rows:
        marks = applied_marks(r)
        for (rid, field), action in waiting.items():
            if rid == r["id"] and marks.get(field) != action:
                marks[field] = action
                pending_count += 1
        if is_flagged(r.get("flags", [])):
            flagged += 1
            doubtful = [n for n, fv in r.get("fields", {}).items() if is_flagged(fv.get("flags", []))]
            still += any(n not in marks for n in doubtful)
        reviewed += bool(marks)
        corrected += "corrected" in marks.values()
    return AuditLine(doc["doc_id"], str(doc["source"].get("path", "")), str(doc["source"].get("sha256", "")),
                     len(rows), flagged, reviewed, corrected, still, pending_count)


def audit_csv(lines: list[AuditLine]) -> str:
    """The audit summary as CSV for an audit file (formula-safe cells)."""
    return csv_text(COLUMNS, [asdict(line) for line in lines])
