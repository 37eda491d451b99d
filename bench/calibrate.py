"""Calibrate and check the reconciliation bands on the two hand-labelled sets.

    python bench/calibrate.py            # figures per band with the default settings
    python bench/calibrate.py --sweep    # ... and how they move with the band thresholds

The labelled sets (``tests/labels/``): the 2015/16 seed report → the 2017/18 seed report
(real rewording by the authors of the reports), and the 2017/18 PDF sample → the reworded
2018/19 sample (rewording done by hand: other verbs, order and numbers, merges and splits).
Documents are extracted from ``samples/`` in this run, so the figures are end to end.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path

from trackrecord import document_to_dict, extract_document
from trackrecord.reconcile.candidates import vectorise
from trackrecord.reconcile.crosswalk import Match, match_documents
from trackrecord.reconcile.documents import Doc, doc_from_dict
from trackrecord.reconcile.evaluation import BandFigures, evaluate, load_labels
from trackrecord.reconcile.settings import ReconcileSettings

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "labels"


def load_sets() -> list[tuple[str, Doc, Doc, set[tuple[str, str]]]]:
    """Extract both documents of every labelled set (``tests/labels/sets.csv``) and read its labels."""
    out = []
    with (LABELS / "sets.csv").open(encoding="utf-8", newline="") as f:
        sets = [(r["name"], r["a_sample"], r["b_sample"], r["labels"]) for r in csv.DictReader(f)]
    for name, a, b, labels in sets:
        doc_a = doc_from_dict(document_to_dict(extract_document(ROOT / "samples" / a)))
        doc_b = doc_from_dict(document_to_dict(extract_document(ROOT / "samples" / b)))
        out.append((name, doc_a, doc_b, load_labels(LABELS / labels, doc_a, doc_b)))
    return out


def run(doc_a: Doc, doc_b: Doc, settings: ReconcileSettings) -> list[Match]:
    return match_documents(doc_a, doc_b, vectorise([doc_a, doc_b]), settings)


def show(name: str, figures: list[BandFigures]) -> None:
    print(f"  {name}")
    for f in figures:
        print(f"    {f.band:12} proposed {f.proposed:3}  correct {f.correct:3}  precision {f.precision:5.2f}  "
              f"recall {f.recall:5.2f} (of {f.true_pairs})")


def main() -> None:
    settings = ReconcileSettings()
    sets = load_sets()
    print("default settings:")
    for name, a, b, truth in sets:
        matches = run(a, b, settings)
        show(name, evaluate(matches, truth))
        for m in matches:
            if m.a and m.b and (m.a.id, m.b.id) not in truth:
                print(f"      wrong {m.band:6} {m.score:5.1f} {m.kind:5} {m.a.ref or m.a.id} → {m.b.ref}: {m.reasons}")
        found = {(m.a.id, m.b.id) for m in matches if m.a and m.b and m.band in ("high", "medium")}
        for pair in sorted(truth - found):
            print(f"      missed (or low) {pair[0]} → {pair[1]}")
    if "--sweep" in sys.argv:
        print("\nhigh threshold → high precision per set; medium threshold → recall within high+medium per set")
        for high in (50, 55, 60, 65, 70):
            cells = []
            for _, a, b, truth in sets:
                f = evaluate(run(a, b, replace(settings, high=high, medium=min(settings.medium, high))), truth)
                cells.append(f"{f[0].precision:.2f} ({f[0].correct}/{f[0].proposed})")
            print(f"  high {high}: " + "  ".join(cells))
        for medium in (20, 24, 28, 32, 36, 40):
            cells = []
            for _, a, b, truth in sets:
                f = evaluate(run(a, b, replace(settings, medium=medium, floor=min(settings.floor, medium))), truth)
                cells.append(f"recall {f[3].recall:.2f} precision {f[3].precision:.2f}")
            print(f"  medium {medium}: " + "  ".join(cells))


if __name__ == "__main__":
    main()
