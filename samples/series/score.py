"""Score an extraction of a generated report against what went into it.

Records are paired in order by their target text (a record whose target is not found is
missing; an extracted row nobody expected is extra). A paired record is exactly right when
every compared field equals the expectation; a wrong field is flagged when the extracted
field carries a flag (an auditor would look at it) — the bar is that no wrong field is
unflagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from .expected import COMPARED, KPI_COMPARED, expected_records
from .spec import Report

PAIR_SIMILARITY = 85.0
#: where a compared value's flags are, in the extracted record's fields
FIELD_OF = {"statuses": ("status_previous", "status_goal", "trend"), "group": ("group", "section", "subsection"),
            "percent_complete": ("percent_complete",)}


@dataclass
class SeriesScore:
    """One report's records: expected, found, exactly right, wrong fields (and which were flagged)."""

    expected: int
    found: int = 0
    exact: int = 0
    wrong: list[str] = field(default_factory=list)  # "field: got ≠ want"
    unflagged: list[str] = field(default_factory=list)
    extra: int = 0


def _flagged(got: dict[str, Any], name: str) -> bool:
    fields = got.get("fields", {})
    return any(fields.get(f, {}).get("flags") for f in FIELD_OF.get(name, (name,)))


def score(report: Report, got: dict[str, Any]) -> SeriesScore:
    """Given a report and its extraction (contract JSON), return the score of its records."""
    want = expected_records(report)
    rows = list(got.get("deliverables", []))
    result = SeriesScore(len(want))
    start = 0
    for w in want:
        match = next((i for i in range(start, len(rows))
                      if fuzz.ratio(" ".join(w["target"].split()), rows[i]["target"]) >= PAIR_SIMILARITY), None)
        if match is None:
            result.wrong.append(f"missing: {w['target'][:50]}")
            result.unflagged.append(f"missing: {w['target'][:50]}")
            continue
        result.extra += match - start
        start = match + 1
        g = rows[match]
        result.found += 1
        names = COMPARED + (KPI_COMPARED if "actual_value" in w else ())
        bad = [n for n in names if _norm(g.get(n)) != _norm(w.get(n))]
        if not bad:
            result.exact += 1
        for n in bad:
            line = f"{n}: {str(g.get(n))[:40]!r} ≠ {str(w.get(n))[:40]!r}"
            result.wrong.append(line)
            if not _flagged(g, n):
                result.unflagged.append(line)
    result.extra += len(rows) - start
    return result


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if v is not None}
    return value
