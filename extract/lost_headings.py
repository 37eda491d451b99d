"""Rows whose section a heading lost on a scan may have left wrong.

A section heading on a copy can fade past reading as one: a faxed band whose title the engine
did not read, or a bold heading a greyscale JPEG no longer shows as bold, read as an ordinary
row. Its rows then take the section above it (or none), with nothing to say so. Two things a
report says of itself tell where:

- **A ref series opened with no heading.** Where a report numbers its rows in series ("1.1",
  "1.2" … "2.1"; "E1" … "EP1"), and its series nearly all open under a heading of their own, a
  series that opens with none above it has likely lost its heading: "4.1" after "3.16" under
  "Graduates and secondments".
- **A heading read as a row.** In a report whose rows nearly all carry a ref, a row with no ref,
  no status, no progress and a short title of no figures ("Efficiency and Productivity") is a
  heading read as a row; the rows under it, down to the next heading, have lost it.

Only OCR'd pages are looked at (a digital page's headings do not fade), and the rows are only
flagged (``ocr_suspect`` on their section): a guess at the lost title would be worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from .fields.refs import parse_ref

HEADED_SHARE = 2.0  # series openings under a heading outnumber those without by at least this much ...
MIN_HEADED = 2  # ... and number at least this many, for an opening without one to be a lost heading
REF_SHARE = 0.8  # a report whose rows this share carry a ref marks each of its rows with one
HEADING_MAX_WORDS = 12  # a heading read as a row is this many words at most, and holds no digit
ROW_FIELDS = ("section", "subsection", "ref", "target", "delivered", "status")  # a deliverable's (not a quarter's)


def rows_under_lost_headings(records: Sequence[Any]) -> set[int]:
    """Given a document's records in order, return the positions of the deliverables whose
    section a lost heading may have left wrong (see the module's docstring)."""
    rows = [(i, r) for i, r in enumerate(records) if all(hasattr(r, name) for name in ROW_FIELDS)]
    return _series_without_heading(rows) | _under_headings_read_as_rows(rows) if rows else set()


def _place(record: Any) -> tuple[str | None, str | None]:
    return record.section, record.subsection


def _series_without_heading(rows: list[tuple[int, Any]]) -> set[int]:
    runs: list[list[tuple[int, Any]]] = []
    family: str | None = None
    for i, r in rows:
        ref = parse_ref(r.ref) if r.ref else None
        if ref is not None and ref.family != family:
            runs.append([])
            family = ref.family
        if runs:
            runs[-1].append((i, r))
    if len(runs) < 2:
        return set()
    headed = [runs[0][0][1].section is not None]
    for before, run in pairwise(runs):
        headed.append(_place(run[0][1]) != _place(before[-1][1]))
    opened = headed[1:]
    if sum(opened) < MIN_HEADED or sum(opened) < HEADED_SHARE * (len(opened) - sum(opened)):
        return set()
    return {i for run, ok in zip(runs, headed) if not ok for i, _ in run}


def _under_headings_read_as_rows(rows: list[tuple[int, Any]]) -> set[int]:
    if sum(r.ref is not None for _, r in rows) < REF_SHARE * len(rows):
        return set()
    out: set[int] = set()
    lost: tuple[str | None, str | None] | None = None  # the place of the rows under a heading read as a row
    for i, r in rows:
        if _heading_read_as_row(r):
            lost = _place(r)
            continue
        if lost is not None and _place(r) != lost:
            lost = None  # a heading that was read: the rows below it are under it
        if lost is not None:
            out.add(i)
    return out


def _heading_read_as_row(record: Any) -> bool:
    words = (record.target or "").split()
    return (record.ref is None and record.status is None and not (record.delivered or "").strip()
            and 0 < len(words) <= HEADING_MAX_WORDS and not any(c.isdigit() for c in record.target))
