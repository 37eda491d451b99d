"""Measure candidate scorers for cross-year reconciliation on the hand labels, before trusting one.

    python bench/scorers.py

Labels: tests/labels/seed-2015-16-to-2017-18.csv (which 2015/16 seed deliverable continues as
which 2017/18 one). For each scorer it prints how often the labelled successor ranks first,
the spread of true-pair scores against the best score of rows with no successor, and how many
pairs a one-to-one assignment (with a "no match" option at a floor) gets right at several
floors. Needs the bench extras (scikit-learn, scipy).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from trackrecord.extract.fields.matchtext import normalise_for_matching

ROOT = Path(__file__).resolve().parents[1]
A_DOC = ROOT / "samples" / "expected" / "000_a697e2d45aa348d4.json"
B_DOC = ROOT / "samples" / "expected" / "002_372153f7c699848e.json"
LABELS = ROOT / "tests" / "labels" / "seed-2015-16-to-2017-18.csv"


def tfidf(left: list[str], right: list[str], analyzer: str, ngrams: tuple[int, int]) -> np.ndarray:
    """Cosine similarity (0..100) of TF-IDF vectors fitted on both sides' texts."""
    vectoriser = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True).fit(left + right)
    return np.asarray(100 * (vectoriser.transform(left) @ vectoriser.transform(right).T).todense())


def assign(scores: np.ndarray, floor: float) -> dict[int, int]:
    """One-to-one assignment maximising total score, where leaving a row unmatched is worth ``floor``."""
    n, m = scores.shape
    dummy = np.full((n, n), -1e9)
    np.fill_diagonal(dummy, floor)
    rows, cols = linear_sum_assignment(-np.hstack([scores, dummy]))
    return {int(i): int(j) for i, j in zip(rows, cols) if j < m}


def main() -> None:
    a = json.loads(A_DOC.read_text())["deliverables"]
    b = json.loads(B_DOC.read_text())["deliverables"]
    labels = {int(r["a_seq"]) - 1: r["b_ref"] for r in csv.DictReader(LABELS.open())}
    refs = [x["ref"] for x in b]
    targets_a, targets_b = [x["target"] for x in a], [x["target"] for x in b]
    norm_a, norm_b = [normalise_for_matching(t) for t in targets_a], [normalise_for_matching(t) for t in targets_b]
    full_a = [normalise_for_matching(f"{x['target']} {x['delivered'] or ''}") for x in a]
    full_b = [normalise_for_matching(f"{x['target']} {x['delivered'] or ''}") for x in b]
    scorers = {
        "WRatio, raw targets": process.cdist(targets_a, targets_b, scorer=fuzz.WRatio, workers=-1),
        "token_set, normalised": process.cdist(norm_a, norm_b, scorer=fuzz.token_set_ratio, workers=-1),
        "TF-IDF words 1-2": tfidf(norm_a, norm_b, "word", (1, 2)),
        "TF-IDF chars 3-5": tfidf(norm_a, norm_b, "char_wb", (3, 5)),
        "TF-IDF chars, target+progress": tfidf(full_a, full_b, "char_wb", (3, 5)),
    }
    scorers["blend: 0.5 chars t+p, 0.3 words t+p, 0.2 token_set"] = (
        0.5 * scorers["TF-IDF chars, target+progress"] + 0.3 * tfidf(full_a, full_b, "word", (1, 2))
        + 0.2 * scorers["token_set, normalised"])
    unmatched = [i for i in range(len(a)) if i not in labels]
    print(f"{len(labels)} labelled pairs, {len(unmatched)} rows with no successor, {len(b)} candidates\n")
    print(f"{'scorer':52} {'top-1':>6} {'true min/med':>13} {'no-succ max':>11} {'ties':>5}   "
          "correct/proposed by assignment at floor 10 20 30 40")
    for name, m in scorers.items():
        top1 = sum(refs[int(np.argmax(m[i]))] == r for i, r in labels.items())
        true = [m[i][refs.index(r)] for i, r in labels.items()]
        best_none = max(m[i].max() for i in unmatched)
        ties = sum(1 for i in labels if np.sort(m[i])[-1] - np.sort(m[i])[-2] < 1)
        cells = []
        for floor in (10, 20, 30, 40):
            links = assign(m, floor)
            correct = sum(1 for i, j in links.items() if labels.get(i) == refs[j])
            cells.append(f"{correct}/{len(links)}")
        print(f"{name:52} {top1:>3}/{len(labels)} {min(true):>6.0f}/{np.median(true):<6.0f} {best_none:>11.0f} "
              f"{ties:>5}   {' '.join(cells)}")


if __name__ == "__main__":
    main()
