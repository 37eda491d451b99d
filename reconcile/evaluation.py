"""Measure proposals against hand labels: precision and recall per band.

A labels file is a CSV with one row per true pair: the earlier deliverable as ``a_ref`` (or
``a_seq``, its 1-based order, for a report without refs), the later as ``b_ref`` (or
``b_seq``), and a ``why``. Every pair not listed is a non-match. A data officer can label a
few dozen pairs of their own series and see how far each band can be trusted there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .crosswalk import BANDS, Match
from .documents import Doc, Item


@dataclass(frozen=True)
class BandFigures:
    """How one band (or bands taken together) did against the labels."""

    band: str
    proposed: int
    correct: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true_pairs if self.true_pairs else 1.0


def _find(doc: Doc, row: dict[str, str], side: str) -> Item:
    if row.get(f"{side}_ref"):
        found = [item for item in doc.items if item.ref == row[f"{side}_ref"]]
        if len(found) != 1:
            raise ValueError(f"{doc.doc_id}: {len(found)} deliverables with ref {row[f'{side}_ref']!r}")
        return found[0]
    return doc.items[int(row[f"{side}_seq"]) - 1]


def load_labels(path: str | Path, doc_a: Doc, doc_b: Doc) -> set[tuple[str, str]]:
    """Given a labels CSV and its two documents, return the true pairs as (a id, b id)."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        return {(_find(doc_a, row, "a").id, _find(doc_b, row, "b").id) for row in csv.DictReader(f)}


def evaluate(matches: list[Match], truth: set[tuple[str, str]]) -> list[BandFigures]:
    """Given proposals between two documents and the true pairs, return figures per band and cumulated.

    Rows: "high", "medium", "low", then "high+medium" and "all". Recall is of all true pairs.
    """
    proposed = [(m.band, (m.a.id, m.b.id)) for m in matches if m.a is not None and m.b is not None]
    out = []
    for name, bands in [(b, {b}) for b in BANDS] + [("high+medium", {"high", "medium"}), ("all", set(BANDS))]:
        pairs = [p for band, p in proposed if band in bands]
        out.append(BandFigures(name, len(pairs), sum(1 for p in pairs if p in truth), len(truth)))
    return out
