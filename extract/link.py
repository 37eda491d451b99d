"""Within one document: which narrative deliverable each quarterly numbers row reports on.

A quarterly row restates a deliverable in fewer words ("Deliver at least 100 peer challenges
(corporate, service specific, place based)" for "Delivering at least 100 peer challenges
involving councillor and senior officer peers …") and usually with the same target number.
The score is a text similarity on text normalised for matching, plus agreement of the
numbers; rows are paired one to one, best pairs first, and a pair below the threshold, or one
that does not clearly beat the row's next best candidate, stays unlinked rather than guessed.
The thresholds are settings (``link_*`` in :class:`~.settings.ExtractSettings`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ..contract import Flag
from .fields.matchtext import normalise_for_matching
from .fields.numbers import target_headline
from .model import Deliverable, FieldValue, QuarterlyRow
from .settings import ExtractSettings

#: confidence of a link that clearly beat the next candidate, and of a contested one
LINKED = 0.9
CONTESTED = 0.7


@dataclass(frozen=True)
class Link:
    """A quarterly row linked to a deliverable, with the evidence a person can check."""

    quarterly_id: str
    deliverable_id: str
    score: float
    runner_up: float
    contested: bool  # the next candidate scored within ``link_contested_margin``


def score(row: QuarterlyRow, deliverable: Deliverable, number_bonus: float) -> float:
    """Given a quarterly row and a deliverable, return how likely they are one commitment
    (0..100 for the text, plus ``number_bonus`` when the target numbers agree)."""
    if not row.deliverable:
        return 0.0
    text = fuzz.token_set_ratio(normalise_for_matching(row.deliverable), normalise_for_matching(deliverable.target))
    value = deliverable.target_value
    # the number may be in the target column (40) or only in the row's text ("15% of councils")
    agrees = value is not None and (row.target == value or target_headline(row.deliverable).value == value)
    return float(text) + (number_bonus if agrees else 0.0)


def scores(deliverables: list[Deliverable], quarterly: list[QuarterlyRow], number_bonus: float) -> np.ndarray:
    """Given a document's deliverables and quarterly rows, return :func:`score` of every pair
    (rows × deliverables).

    The same numbers as calling :func:`score` per pair, but each text is normalised and each
    row's headline read once, not once per pair, and the text similarities of all pairs are
    computed in one call of rapidfuzz's C loop: a document's pairs grow with the square of its
    length, so the per-pair cost is what has to be small.
    """
    out = np.zeros((len(quarterly), len(deliverables)), dtype=np.float64)
    rows = [k for k, q in enumerate(quarterly) if q.deliverable]  # a row without text scores 0 everywhere
    if not rows or not deliverables:
        return out
    texts = process.cdist([normalise_for_matching(quarterly[k].deliverable) for k in rows],
                          [normalise_for_matching(d.target) for d in deliverables],
                          scorer=fuzz.token_set_ratio, dtype=np.float64, workers=-1)
    by_value: dict[float, list[int]] = defaultdict(list)  # deliverables by target number
    for c, d in enumerate(deliverables):
        if d.target_value is not None:
            by_value[d.target_value].append(c)
    for n, k in enumerate(rows):
        row = quarterly[k]
        numbers = {row.target, target_headline(row.deliverable).value} - {None}
        agrees = sorted({c for v in numbers for c in by_value.get(v, ())})  # type: ignore[arg-type]
        texts[n, agrees] += number_bonus
    out[rows] = texts
    return out


class _Untaken:
    """One row's deliverables from best to worst score, read past those already taken.

    Taken deliverables stay taken, so each row's two read positions only move forward: finding
    a row's best and next best untaken candidates costs, over the whole linking, one pass over
    its candidates instead of one pass per decision.
    """

    def __init__(self, row_scores: np.ndarray) -> None:
        self.scores = row_scores
        self.order = np.argsort(-row_scores, kind="stable")
        self.first = 0  # no untaken deliverable before this position
        self.second = 1  # no untaken deliverable between first and this position

    def runner_up(self, chosen: int, taken: np.ndarray) -> float:
        """The best score among untaken deliverables other than ``chosen`` (0 when none is left)."""
        order = self.order
        while self.first < len(order) and taken[order[self.first]]:
            self.first += 1
        self.second = max(self.second, self.first + 1)
        while self.second < len(order) and taken[order[self.second]]:
            self.second += 1
        if self.first < len(order) and order[self.first] != chosen:
            return float(self.scores[order[self.first]])
        return float(self.scores[order[self.second]]) if self.second < len(order) else 0.0


def link_quarterly(deliverables: list[Deliverable], quarterly: list[QuarterlyRow],
                   settings: ExtractSettings | None = None) -> dict[str, Link]:
    """Given a document's deliverables and quarterly rows, return the links by quarterly id.

    Pairs are taken best first (ties in row, then deliverable order); a row's runner-up is its
    best score with a deliverable not yet taken.
    """
    settings = settings or ExtractSettings()
    matrix = scores(deliverables, quarterly, settings.link_number_bonus)
    flat = matrix.ravel()
    # pairs below the threshold are never linked, so only the others need ordering
    eligible = np.flatnonzero(flat >= settings.link_threshold)
    ordered = eligible[np.argsort(-flat[eligible], kind="stable")]
    links: dict[str, Link] = {}
    taken = np.zeros(len(deliverables), dtype=bool)
    untaken: dict[int, _Untaken] = {}
    width = max(len(deliverables), 1)
    for pair in ordered.tolist():
        k, c = divmod(pair, width)
        qid, did = quarterly[k].id, deliverables[c].id
        if qid in links or taken[c]:
            continue
        value = float(flat[pair])
        if k not in untaken:
            untaken[k] = _Untaken(matrix[k])
        runner_up = untaken[k].runner_up(c, taken)
        if value - runner_up < settings.link_margin:
            continue
        links[qid] = Link(qid, did, value, runner_up, value - runner_up < settings.link_contested_margin)
        taken[c] = True
    return links


def link_rows(deliverables: list[Deliverable], quarterly: list[QuarterlyRow], settings: ExtractSettings) -> None:
    """Fill each quarterly row's ``matches_deliverable``, its score kept as the field's evidence."""
    links = link_quarterly(deliverables, quarterly, settings)
    for row in quarterly:
        link = links.get(row.id)
        if link is None:
            continue
        row.matches_deliverable = link.deliverable_id
        raw = f"score {link.score:.0f}, next best {link.runner_up:.0f}"
        source = row.fields["deliverable"].source
        if link.contested:
            row.fields["matches_deliverable"] = FieldValue(raw, CONTESTED, [Flag.MATCH_CONTESTED], source)
        else:
            row.fields["matches_deliverable"] = FieldValue(raw, LINKED, [], source)
