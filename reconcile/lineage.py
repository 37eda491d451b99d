"""Lineage across N documents: each commitment's history, year by year.

Documents are put in period order and each is matched with the one before it
(:func:`~.crosswalk.match_documents`). A row of a later document with no predecessor is then
offered to the rows that ended a lineage in the documents before that (up to
``gap_documents`` back), so a deliverable absent one year and back the next keeps its
lineage, with the gap said in the event. Only a ``high`` proposal makes such a link: on
generated series, weaker gap proposals were nearly all a new commitment paired with an
ended one. Merges and splits are kept as events, not forced
into one chain: a merged row's lineage ends "merged into" the lineage it joined; a split-off
row starts a lineage "split from" the one it came from.
"""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import dataclass, field
from typing import Any

from .candidates import Vectors, vectorise
from .crosswalk import Match, match_documents
from .documents import Doc, Item, in_period_order
from .settings import ReconcileSettings
from .versions import Version, find_versions


class ReconcileError(ValueError):
    """The documents cannot be reconciled as given (e.g. the same doc_id twice)."""


@dataclass(frozen=True)
class LineageRow:
    """One (lineage, document) row: the deliverable as that document states it, and how it got there."""

    lineage_id: str
    doc: Doc
    item: Item
    link: Match | None  # the match from the previous row of the lineage; None for its first row
    event: str


@dataclass
class Reconciliation:
    """The result: documents in period order, the crosswalk rows, and the lineages' rows."""

    documents: list[Doc]
    matches: list[Match] = field(default_factory=list)
    lineage: list[LineageRow] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)  # documents set aside as other forms of a report


def reconcile(docs: list[Doc], settings: ReconcileSettings | dict[str, Any] | None = None,
              workers: int = 1) -> Reconciliation:
    """Given two or more extracted documents, return their crosswalk and lineages.

    ``workers`` > 1 matches the pairs of consecutive documents in that many processes (the
    result is the same; each pair is independent of the others).

    Example::

        from trackrecord.reconcile import load_doc, reconcile
        result = reconcile([load_doc("output/lga-2015-16-q3.json"), load_doc("output/lga-2017-18-q4.json")])
    """
    settings = ReconcileSettings.resolve(settings)
    seen: set[str] = set()
    for doc in docs:
        if doc.doc_id in seen:
            raise ReconcileError(f"doc_id {doc.doc_id!r} given twice; reconcile each document once")
        seen.add(doc.doc_id)
    docs, versions = find_versions(docs)
    docs = in_period_order(docs)
    vectors = vectorise(docs, workers)
    result = Reconciliation(docs, versions=versions)
    predecessor: dict[str, Match] = {}  # item id → the primary match (match or gap) that leads to it
    successor: dict[str, Match] = {}
    merged_into: dict[str, Match] = {}
    split_from: dict[str, Match] = {}
    consecutive = _match_consecutive(docs, vectors, settings, workers)
    for k in range(1, len(docs)):
        before, now = docs[k - 1], docs[k]
        proposals = consecutive[k - 1]
        for m in proposals:
            assert m.a is not None and m.b is not None
            if m.kind == "match":
                predecessor[m.b.id], successor[m.a.id] = m, m
            elif m.kind == "merge":
                merged_into[m.a.id] = m
            else:
                split_from[m.b.id] = m
        result.matches.extend(sorted(proposals, key=lambda m: (m.a.index if m.a else 0, m.b.index if m.b else 0)))
        result.matches.extend(Match(before.doc_id, a, now.doc_id, None, "unmatched") for a in before.items
                              if a.id not in successor and a.id not in merged_into)
        result.matches.extend(Match(before.doc_id, None, now.doc_id, b, "unmatched") for b in now.items
                              if b.id not in predecessor and b.id not in split_from)
        for back in range(2, settings.gap_documents + 2):
            if k - back < 0:
                break
            earlier = docs[k - back]
            heads = [b.index for b in now.items if b.id not in predecessor and b.id not in split_from]
            tails = [a.index for a in earlier.items if a.id not in successor and a.id not in merged_into]
            for m in match_documents(earlier, now, vectors, settings, tails, heads, kind="gap"):
                # a link across a gap claims more than one across a year, so only strong evidence makes one
                if m.kind == "gap" and m.band == "high" and m.a is not None and m.b is not None:
                    absent = ", ".join(d.doc_id for d in docs[k - back + 1:k])
                    gap = Match(m.a_doc, m.a, m.b_doc, m.b, "gap", m.score, m.band,
                                f"gap: absent from {absent}; {m.reasons}", m.runner_up)
                    predecessor[m.b.id], successor[m.a.id] = gap, gap
                    result.matches.append(gap)
    result.lineage = _lineage(docs, predecessor, merged_into, split_from)
    return result


_SHARED: tuple[list[Doc], Vectors, ReconcileSettings] | None = None  # what forked workers inherit


def _match_pair(k: int) -> list[tuple[str, int, int, float | None, str | None, str, float | None]]:
    """In a worker: match documents k-1 and k, returned compactly (indices, not items) for the parent."""
    assert _SHARED is not None
    docs, vectors, settings = _SHARED
    return [(m.kind, m.a.index, m.b.index, m.score, m.band, m.reasons, m.runner_up)
            for m in match_documents(docs[k - 1], docs[k], vectors, settings) if m.a and m.b]


def _match_consecutive(docs: list[Doc], vectors: Vectors, settings: ReconcileSettings,
                       workers: int) -> list[list[Match]]:
    """Match every document with the one before it, in worker processes when asked and possible."""
    pairs = list(range(1, len(docs)))
    if workers <= 1 or len(pairs) <= 1 or "fork" not in mp.get_all_start_methods():
        return [match_documents(docs[k - 1], docs[k], vectors, settings) for k in pairs]
    global _SHARED
    _SHARED = (docs, vectors, settings)
    try:
        with mp.get_context("fork").Pool(min(workers, len(pairs))) as pool:
            compact = pool.map(_match_pair, pairs, chunksize=1)
    finally:
        _SHARED = None
    return [[Match(docs[k - 1].doc_id, docs[k - 1].items[i], docs[k].doc_id, docs[k].items[j], kind, score, band,
                   why, rival) for kind, i, j, score, band, why, rival in rows] for k, rows in zip(pairs, compact)]


def _lineage(docs: list[Doc], predecessor: dict[str, Match], merged_into: dict[str, Match],
             split_from: dict[str, Match]) -> list[LineageRow]:
    """Number the lineages in order of first appearance and say what happened at each row."""
    lineage_of: dict[str, str] = {}
    rows: list[LineageRow] = []
    count = 0
    for doc in docs:
        for item in doc.items:
            link = predecessor.get(item.id)
            if link is not None and link.a is not None:
                lineage_of[item.id] = lineage_of[link.a.id]
                event = (f"back after a gap ({link.band} {link.score:g})" if link.kind == "gap"
                         else f"continues ({link.band} {link.score:g})")
            else:
                count += 1
                lineage_of[item.id] = f"L{count:04d}"
                split = split_from.get(item.id)
                event = (f"split from {lineage_of[split.a.id]} ({split.band} {split.score:g})"
                         if split is not None and split.a is not None else "first seen")
            rows.append(LineageRow(lineage_of[item.id], doc, item, link, event))
    by_id = {row.item.id: row for row in rows}
    for a_id, m in merged_into.items():
        assert m.b is not None
        row = by_id[a_id]
        into = lineage_of[m.b.id]
        by_id[a_id] = LineageRow(row.lineage_id, row.doc, row.item, row.link,
                                 f"{row.event}; then merged into {into} ({m.band} {m.score:g})")
        target = by_id[m.b.id]
        by_id[m.b.id] = LineageRow(target.lineage_id, target.doc, target.item, target.link,
                                   f"{target.event}; merged with {row.lineage_id}")
    order = {doc.doc_id: n for n, doc in enumerate(docs)}
    return sorted(by_id.values(), key=lambda r: (r.lineage_id, order[r.doc.doc_id], r.item.index))
