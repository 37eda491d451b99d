"""Write a reconciliation: ``crosswalk.csv``, ``crosswalk.json`` and ``lineage.csv``.

The CSVs are for people in a spreadsheet: the contract's columns first, one row per proposed
match (or per row left without a partner, its other side empty), the kind of link and the
statuses beside them; lineage rows grouped by lineage and in period order, so a
commitment's history reads top to bottom. The JSON holds the same plus the lineages as
lists, for programs. All three files are written together or not at all, and cells that a
spreadsheet would run as formulas are made safe, as for the extraction outputs.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from ..contract import SCHEMA_VERSION
from ..extract.commit import write_together
from ..extract.emit import csv_text
from .crosswalk import Match
from .lineage import LineageRow, Reconciliation
from .settings import ReconcileSettings

CROSSWALK_COLUMNS = ["a_doc", "a_id", "a_ref", "a_target", "b_doc", "b_id", "b_ref", "b_target", "score", "band",
                     "reasons", "kind", "a_status", "b_status", "a_period", "b_period"]
CROSSWALK_CSV, CROSSWALK_JSON, LINEAGE_CSV = "crosswalk.csv", "crosswalk.json", "lineage.csv"
LINEAGE_COLUMNS = ["lineage_id", "doc_id", "period", "id", "ref", "target", "status", "event", "band", "score"]


def match_to_dict(m: Match, periods: dict[str, str]) -> dict[str, Any]:
    """Given a crosswalk row, return it as a flat dict of the crosswalk columns."""
    return {
        "a_doc": m.a_doc, "a_id": m.a.id if m.a else None, "a_ref": m.a.ref if m.a else None,
        "a_target": m.a.target if m.a else None,
        "b_doc": m.b_doc, "b_id": m.b.id if m.b else None, "b_ref": m.b.ref if m.b else None,
        "b_target": m.b.target if m.b else None,
        "score": m.score, "band": m.band, "reasons": m.reasons, "kind": m.kind,
        "a_status": m.a.status if m.a else None, "b_status": m.b.status if m.b else None,
        "a_period": periods[m.a_doc], "b_period": periods[m.b_doc],
    }


def lineage_to_dict(row: LineageRow) -> dict[str, Any]:
    """Given a lineage row, return it as a flat dict of the lineage columns."""
    return {"lineage_id": row.lineage_id, "doc_id": row.doc.doc_id, "period": row.doc.period, "id": row.item.id,
            "ref": row.item.ref, "target": row.item.target, "status": row.item.status, "event": row.event,
            "band": row.link.band if row.link else None, "score": row.link.score if row.link else None}


def reconciliation_to_dict(result: Reconciliation, settings: ReconcileSettings | None = None) -> dict[str, Any]:
    """Given a reconciliation, return the JSON object of ``crosswalk.json``."""
    periods = {d.doc_id: d.period for d in result.documents}
    lineages: dict[str, list[dict[str, Any]]] = {}
    for row in result.lineage:
        entry = lineage_to_dict(row)
        lineages.setdefault(entry.pop("lineage_id"), []).append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": [{"doc_id": d.doc_id, "year": d.year, "as_at": d.as_at, "deliverables": len(d.items)}
                      for d in result.documents],
        "settings": dataclasses.asdict(settings or ReconcileSettings()),
        "matches": [match_to_dict(m, periods) for m in result.matches],
        "lineages": [{"lineage_id": key, "rows": rows} for key, rows in lineages.items()],
        "versions": [{"doc_id": v.doc_id, "report": v.report, "similarity": v.similarity} for v in result.versions],
    }


def write_reconciliation(result: Reconciliation, out_dir: str | Path,
                         settings: ReconcileSettings | None = None) -> list[Path]:
    """Write ``crosswalk.csv``, ``crosswalk.json`` and ``lineage.csv`` into out_dir; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    periods = {d.doc_id: d.period for d in result.documents}
    return write_together({
        out / CROSSWALK_CSV: csv_text(CROSSWALK_COLUMNS, [match_to_dict(m, periods) for m in result.matches]),
        out / CROSSWALK_JSON: json.dumps(reconciliation_to_dict(result, settings), indent=1,
                                           ensure_ascii=False) + "\n",
        out / LINEAGE_CSV: csv_text(LINEAGE_COLUMNS, [lineage_to_dict(r) for r in result.lineage]),
    })
