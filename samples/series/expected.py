"""What a careful reader records from a generated report: its records, in document order.

Monitoring and KPI tables give one record per data row; record blocks one per block; tables
of another kind (a glossary, a budget) give none. ``section`` and ``subsection`` are the
section and sub-section rows the record sits under; ``group`` is its whole path (a table's
caption, sections, the merged goal cell over it).
"""

from __future__ import annotations

from typing import Any

from .spec import RecordBlocksSpec, Report, TableSpec

#: the fields compared with an extraction, per record
COMPARED = ("ref", "target", "delivered", "status", "statuses", "group", "section", "subsection",
            "percent_complete")
KPI_COMPARED = ("target_value", "actual_value", "floor_value")


def expected_records(report: Report) -> list[dict[str, Any]]:
    """Given a report, return its records as a reader writes them down, in document order."""
    out: list[dict[str, Any]] = []
    for kind, block in report.blocks:
        if kind == "table" and isinstance(block, TableSpec) and block.kind in ("monitoring", "kpi"):
            out += [dict(row.record) for row in block.rows if row.record is not None]
        elif kind == "records" and isinstance(block, RecordBlocksSpec):
            out += [dict(r) for r in block.records]
    return out
