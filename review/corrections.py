"""An auditor's corrections: what the review site saves, and how the next extraction applies them.

A corrections file is JSON (``FORMAT``): one entry per field an auditor marked, either
``checked`` (the value is right as read) or ``corrected`` (the value is wrong; here is the
right one, and why). Each entry names what it was made against — the document's ``sha256``,
the record's id, a fingerprint of the row as it was read (``row``) and the value shown
(``was``) — so that a correction is applied only to the reading it was made on. When the
source file changed, the row moved or reads differently now, or the value is no longer what
the auditor saw, the correction is reported and left alone, never applied to something else.

Applied, a correction changes the field's value; ``raw`` keeps what the document says, the
field gains the flag ``corrected`` and a ``correction`` entry (who, when, why, and the value as
read); a checked field gains a ``checked`` entry and a confidence of 1.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args, get_type_hints

from ..contract import Flag
from ..extract.errors import ExtractionError
from ..extract.fields.status import STATUSES
from ..extract.model import Deliverable, Document, QuarterlyRow, Record, ReviewMark

FORMAT = "trackrecord-corrections/1"
ACTIONS = ("checked", "corrected")
MAX_FILE_BYTES = 64 * 1024 * 1024  # a corrections file is typed by people: far smaller than this


class CorrectionsError(ExtractionError):
    """A corrections file that cannot be used: unreadable, not JSON, or not in the format."""


@dataclass(frozen=True)
class Correction:
    """One auditor's mark on one field of one record."""

    doc_id: str
    sha256: str  # of the source file the auditor reviewed
    record: str  # the record's id ("lga-2017-18-q4/007")
    row: str  # row_fingerprint() of the record as the auditor saw it
    field: str  # "status", "target_value", "q3", ...
    action: Literal["checked", "corrected"]
    was: Any  # the field's value as shown (JSON: a string, a number or null)
    value: Any = None  # the right value ("corrected" only)
    note: str = ""
    by: str = ""
    at: str = ""  # ISO 8601 time the auditor marked it

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def row_fingerprint(record: Deliverable | QuarterlyRow) -> str:
    """A short hash of what identifies a row as read: its ref and its commitment's raw text (a
    deliverable), or its theme's and deliverable's (a quarterly row). The same report read again
    gives the same fingerprint; a row that moved, or reads differently, does not."""
    return _fingerprint(isinstance(record, QuarterlyRow), lambda name: fv.raw if (fv := record.fields.get(name))
                        else None)


def row_fingerprint_of(record: dict[str, Any]) -> str:
    """``row_fingerprint`` of a record as the output JSON has it (what the review site reads)."""
    fields_ = record.get("fields", {})
    return _fingerprint(is_quarterly(record), lambda name: fv.get("raw") if isinstance(fv := fields_.get(name), dict)
                        else None)


def is_quarterly(record: dict[str, Any]) -> bool:
    """Is this output record a quarterly row (it has quarters and a deliverable), not a deliverable?"""
    return "q1" in record and "deliverable" in record


def _fingerprint(quarterly: bool, raw: Callable[[str], Any]) -> str:
    names = ("quarterly", "theme", "deliverable") if quarterly else ("deliverable", "ref", "target")
    parts = [names[0], *(str(raw(n) or "") for n in names[1:])]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def load_corrections(path: Path) -> list[Correction]:
    """Read a corrections file; raise CorrectionsError (one line, naming the file) when it cannot be used.

    Later entries for the same field replace earlier ones: an auditor who changes their mind
    leaves both in the file, in the order made."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CorrectionsError(path, f"corrections file larger than {MAX_FILE_BYTES // 2**20} MiB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorrectionsError(path, f"cannot read corrections file ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CorrectionsError(path, f"corrections file is not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("corrections"), list):
        raise CorrectionsError(path, f"not a corrections file (expected an object with format {FORMAT!r} "
                                     "and a list of corrections)")
    latest: dict[tuple[str, str, str], Correction] = {}
    for number, entry in enumerate(data["corrections"], start=1):
        correction = _correction(entry)
        if correction is None:
            raise CorrectionsError(path, f"correction {number} is malformed (it needs doc_id, sha256, record, row, "
                                         f"field as strings and action one of {', '.join(ACTIONS)})")
        latest[correction.doc_id, correction.record, correction.field] = correction
    return list(latest.values())


def save_corrections(corrections: list[Correction], path: Path) -> None:
    """Write corrections in the file format (what the review site downloads)."""
    text = json.dumps({"format": FORMAT, "corrections": [c.to_dict() for c in corrections]}, indent=1,
                      ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def apply_corrections(doc: Document, corrections: list[Correction]) -> list[str]:
    """Apply the corrections made on this document to its records, in place; return one line per
    correction that could not be applied (also added to the document's warnings).

    :param doc: the document as just extracted
    :param corrections: any corrections; those of other documents are ignored
    """
    problems: list[str] = []
    records: dict[str, Deliverable | QuarterlyRow] = {d.id: d for d in doc.deliverables}
    records.update((q.id, q) for q in doc.quarterly)
    fingerprints = {rid: row_fingerprint(r) for rid, r in records.items()}  # before any correction changes a row
    for c in (c for c in corrections if c.doc_id == doc.doc_id):
        where = f"correction of {c.record} {c.field} by {c.by or 'an auditor'}"
        record = records.get(c.record)
        problem: str | None
        if c.sha256 != doc.sha256:
            problem = f"{where} not applied: the source file changed since it was reviewed"
        elif record is None:
            problem = f"{where} not applied: the document has no such record now"
        elif fingerprints[c.record] != c.row:
            problem = f"{where} not applied: the row reads differently now (re-review it)"
        elif c.field not in record.fields or c.field not in _value_fields(record):
            problem = f"{where} not applied: the record has no field {c.field!r}"
        elif not _same(getattr(record, c.field), c.was):
            problem = f"{where} not applied: the value is {_shown(getattr(record, c.field))} now, " \
                      f"not {_shown(c.was)} as reviewed"
        else:
            problem = _apply(record, c)
            if problem:
                problem = f"{where} not applied: {problem}"
        if problem:
            problems.append(problem)
    doc.warnings.extend(problems)
    return problems


def _apply(record: Record, c: Correction) -> str | None:
    fv = record.fields[c.field]
    if c.action == "checked":
        record.fields[c.field] = replace(fv, confidence=1.0, checked=ReviewMark(c.by, c.at, c.note))
        return None
    value, problem = _coerce(record, c.field, c.value)
    if problem:
        return problem
    was = getattr(record, c.field)
    setattr(record, c.field, value)
    flags = [*fv.flags, Flag.CORRECTED] if Flag.CORRECTED not in fv.flags else list(fv.flags)
    record.fields[c.field] = replace(fv, confidence=1.0, flags=flags, correction=ReviewMark(c.by, c.at, c.note, was))
    return None


def _value_fields(record: Record) -> set[str]:
    """The record's fields whose value is an attribute of its own (what a correction may set)."""
    return {f.name for f in fields(record) if f.name in record.fields}  # type: ignore[arg-type]


def _coerce(record: Record, name: str, value: Any) -> tuple[Any, str | None]:
    """The correction's value as the field's type: a number for a number, a status by its name."""
    hint = get_type_hints(type(record))[name]
    kinds = set(get_args(hint)) or {hint}
    if value is None or (isinstance(value, str) and not value.strip()):
        return (None, None) if type(None) in kinds else (None, f"{name} cannot be empty")
    if name == "status":
        found = [s for s in STATUSES if s.lower() == str(value).strip().lower()]
        return (found[0], None) if found else (None, f"{value!r} is not a status ({', '.join(STATUSES)})")
    if float in kinds:
        try:
            number = float(str(value).replace(",", "").replace("%", "").strip())
        except ValueError:
            return None, f"{value!r} is not a number"
        return (number, None) if math.isfinite(number) else (None, f"{value!r} is not a number")
    return str(value), None


def _same(current: Any, was: Any) -> bool:
    if isinstance(current, (int, float)) and isinstance(was, (int, float)):
        return math.isclose(float(current), float(was), rel_tol=1e-9, abs_tol=1e-9)
    return bool(current == was)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "...\""


def _correction(entry: Any) -> Correction | None:
    if not isinstance(entry, dict):
        return None
    names = ("doc_id", "sha256", "record", "row", "field")
    if not all(isinstance(entry.get(n), str) and entry[n] for n in names) or entry.get("action") not in ACTIONS:
        return None
    for n in ("note", "by", "at"):
        if not isinstance(entry.get(n, ""), str):
            return None
    for n in ("was", "value"):
        if not isinstance(entry.get(n), (str, int, float, type(None))) or isinstance(entry.get(n), bool):
            return None
    return Correction(entry["doc_id"], entry["sha256"], entry["record"], entry["row"], entry["field"],
                      entry["action"], entry.get("was"), entry.get("value"), entry.get("note", ""),
                      entry.get("by", ""), entry.get("at", ""))
