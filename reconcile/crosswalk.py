"""Crosswalk between two documents: which deliverables of the later one continue those of the earlier.

One function, :func:`match_documents`, over plain data: candidates (``candidates.py``),
evidence and score (``evidence.py``), assignment with "no match" (``assign.py``), then a
band per proposal. It runs twice: the first pass finds the confident pairs, from which the
correspondence of renamed sections is learnt; the second scores again with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .assign import one_to_one, runner_ups, secondaries
from .candidates import Candidates, Vectors, candidates
from .documents import Doc, Item
from .evidence import NO_SECTIONS, Sections, combine, gather, learn_sections, reasons
from .settings import ReconcileSettings

BANDS = ("high", "medium", "low")


@dataclass(frozen=True)
class Match:
    """One row of the crosswalk: a proposed pair, or a row of either side left without a partner.

    ``kind`` is "match" (one to one), "merge" (a second earlier row continuing into ``b``),
    "split" (a second later row continuing ``a``), "gap" (``a`` comes back in ``b`` after
    being absent from the documents between) or "unmatched" (then ``a`` or ``b`` is None
    and there is no score).
    """

    a_doc: str
    a: Item | None
    b_doc: str
    b: Item | None
    kind: str
    score: float | None = None
    band: str | None = None
    reasons: str = ""
    runner_up: float | None = None


def band(score: float, runner_up: float, kind: str, settings: ReconcileSettings,
         first_choice: bool = True) -> tuple[str, bool]:
    """Given a proposal's score, its runner-up's and its kind, return its band and whether it is contested.

    ``high`` needs the score, a clear margin and a one-to-one kind; ``medium`` needs the score
    and at least one of the two rows ranking the other first (a pair left over once both rows'
    favourites were taken is only ever ``low``).
    """
    contested = score - runner_up < settings.margin
    if score >= settings.high and not contested and kind in ("match", "gap"):
        return "high", contested
    if score >= settings.medium and first_choice:
        return "medium", contested
    return "low", contested


def match_documents(doc_a: Doc, doc_b: Doc, vectors: Vectors, settings: ReconcileSettings,
                    a_rows: Sequence[int] | None = None, b_rows: Sequence[int] | None = None,
                    kind: str = "match") -> list[Match]:
    """Given two documents (or some rows of each), return their proposed matches in a-row order, then merges and splits.

    Only proposals are returned; rows left without a partner are the caller's to report, as
    the same row may still find a partner in another document (a gap).
    """
    a_rows = list(range(len(doc_a.items))) if a_rows is None else list(a_rows)
    b_rows = list(range(len(doc_b.items))) if b_rows is None else list(b_rows)
    if not a_rows or not b_rows:
        return []
    every_a, every_b = len(a_rows) == len(doc_a.items), len(b_rows) == len(doc_b.items)
    left = tuple(x if every_a else x[a_rows] for x in vectors.rows(doc_a.doc_id))
    right = tuple(x if every_b else x[b_rows] for x in vectors.rows(doc_b.doc_id))
    found = candidates(left, right, settings.candidates, settings.candidate_common_rows)
    found = Candidates([(a_rows[i], b_rows[j]) for i, j in found.pairs], found.chars, found.words, found.context)
    evidence = {(e.a, e.b): e for e in gather(doc_a, doc_b, found)}

    def solve(sections: Sections) -> tuple[dict[tuple[int, int], float], dict[int, int]]:
        scores = {key: combine(e, doc_a.items[key[0]], doc_b.items[key[1]], settings, sections)
                  for key, e in evidence.items()}
        return scores, _assign(scores, settings.floor)

    sections = NO_SECTIONS
    scores, chosen = solve(sections)
    rivals = runner_ups(scores, chosen)
    anchors = [(i, j) for i, j in chosen.items() if scores[i, j] >= settings.high
               and scores[i, j] - rivals[i].score >= settings.margin]
    if anchors:
        sections = learn_sections(doc_a, doc_b, anchors)
        scores, chosen = solve(sections)
        rivals = runner_ups(scores, chosen)
    extras = secondaries(scores, chosen, settings.merge_floor, settings.merge_gap, settings.margin)
    merged = {e.a for e in extras if e.kind == "merge"}
    split = {e.b for e in extras if e.kind == "split"}
    out = []
    for i, j in sorted(chosen.items()):
        if i in merged or j in split:
            continue
        a, b = doc_a.items[i], doc_b.items[j]
        rival = rivals[i]
        value, rival_a, rival_b = rival.score, rival.other_a, rival.other_b
        level, contested = band(scores[i, j], value, kind, settings, rival.first_choice)
        why = reasons(evidence[i, j], a, b, sections)
        if not rival.first_choice:
            why += "; neither row's first choice"
        if contested and (rival_a is not None or rival_b is not None):
            who = doc_a.items[rival_a] if rival_a is not None else doc_b.items[rival_b]  # type: ignore[index]
            why += f"; contested: {_label(who)} scores {value:.0f}"
        out.append(Match(doc_a.doc_id, a, doc_b.doc_id, b, kind, round(scores[i, j], 1), level, why, round(value, 1)))
    for extra in extras:
        a, b = doc_a.items[extra.a], doc_b.items[extra.b]
        level, _ = band(extra.score, 0.0, extra.kind, settings)
        partner = (doc_a.items[next(i for i, j in chosen.items() if j == extra.b)] if extra.kind == "merge"
                   else doc_b.items[chosen[extra.a]])
        why = (f"{extra.kind}: {'also continues as' if extra.kind == 'split' else 'continues together with'} "
               f"{_label(partner)}; " + reasons(evidence[extra.a, extra.b], a, b, sections))
        out.append(Match(doc_a.doc_id, a, doc_b.doc_id, b, extra.kind, round(extra.score, 1), level, why))
    return out


def _assign(scores: dict[tuple[int, int], float], floor: float) -> dict[int, int]:
    """One-to-one on local indices: the matching works on compact row numbers."""
    lefts = sorted({i for i, _ in scores})
    rights = sorted({j for _, j in scores})
    li = {i: n for n, i in enumerate(lefts)}
    ri = {j: n for n, j in enumerate(rights)}
    local = one_to_one(len(lefts), len(rights), {(li[i], ri[j]): v for (i, j), v in scores.items()}, floor)
    return {lefts[i]: rights[j] for i, j in local.items()}


def _label(item: Item) -> str:
    return item.ref or item.id
