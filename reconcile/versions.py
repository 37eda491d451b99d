"""One report in several forms: a PDF and an old text extraction of it, or a re-issued PDF.

Read apart, two forms of one report look like two documents of one period whose deliverables
are the same, and reconciliation would link them as one year "continuing" into the same year.
Documents of the same period (the same financial year and date reported at) whose deliverables
mostly read alike are versions of one report: reconciliation keeps the better-read one (the
higher mean confidence of its deliverables, then the more deliverables) and says which others
it set aside as versions of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .documents import Doc

#: two targets this similar (rapidfuzz ratio on the normalised text) are one deliverable read twice
SAME_TARGET = 90.0
#: two documents of one period are one report when this share of the smaller one's deliverables is in the other
SAME_REPORT_SHARE = 0.8


@dataclass(frozen=True)
class Version:
    """A document set aside as another form of the report ``report`` (a doc_id), and how alike they read."""

    doc_id: str
    report: str
    similarity: float  # the share of deliverables found in both, 0..100


def similarity(a: Doc, b: Doc) -> float:
    """The share (0..100) of the smaller document's deliverables that the other holds, read alike."""
    small, large = sorted((a, b), key=lambda d: len(d.items))
    if not small.items:
        return 0.0
    scores = cdist(small.match_texts, large.match_texts, scorer=fuzz.ratio, score_cutoff=SAME_TARGET, workers=1)
    return float(np.count_nonzero(scores.max(axis=1) >= SAME_TARGET) / len(small.items) * 100)


def find_versions(docs: list[Doc]) -> tuple[list[Doc], list[Version]]:
    """Given documents, return those to reconcile (one per report) and the versions set aside."""
    by_period: dict[tuple[str, str | None], list[Doc]] = {}
    for doc in docs:
        if doc.year:  # without a period there is no evidence they are one report
            by_period.setdefault((doc.year, doc.as_at), []).append(doc)
    aside: dict[str, Version] = {}
    for group in by_period.values():
        ranked = sorted(group, key=lambda d: (-d.quality, -len(d.items), d.doc_id))
        kept: list[Doc] = []
        for doc in ranked:
            best = max(((similarity(doc, k), k) for k in kept), key=lambda s: s[0], default=(0.0, None))
            if best[1] is not None and best[0] >= SAME_REPORT_SHARE * 100:
                aside[doc.doc_id] = Version(doc.doc_id, best[1].doc_id, round(best[0], 1))
            else:
                kept.append(doc)
    return [d for d in docs if d.doc_id not in aside], sorted(aside.values(), key=lambda v: v.doc_id)
