"""Within one document: which narrative deliverable each quarterly numbers row reports on.

A quarterly row restates a deliverable in fewer words ("Deliver at least 100 peer challenges
(corporate, service specific, place based)" for "Delivering at least 100 peer challenges
involving councillor and senior officer peers …") and usually with the same target number.
The score is a text similarity on text normalised for matching, plus agreement of the
numbers; rows are paired one to one, best pairs first, and a pair below the threshold, or one
that does not clearly beat the row's next best candidate, stays unlinked rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..extract.model import Deliverable, QuarterlyRow
from ..extract.numbers import target_headline
from .matchtext import normalise_for_matching

NUMBER_AGREES = 15.0  # points added when the quarterly target is the deliverable's target value
THRESHOLD = 62.0
MARGIN = 3.0  # a best candidate this close to the next is no answer
CLEAR_MARGIN = 10.0  # ... and one closer than this is a contested answer


@dataclass(frozen=True)
class Link:
    """A quarterly row linked to a deliverable, with the evidence a person can check."""

    quarterly_id: str
    deliverable_id: str
    score: float
    runner_up: float

    @property
    def contested(self) -> bool:
        return self.score - self.runner_up < CLEAR_MARGIN


def score(row: QuarterlyRow, deliverable: Deliverable) -> float:
    """Given a quarterly row and a deliverable, return how likely they are one commitment (0..115)."""
    if not row.deliverable:
        return 0.0
    text = fuzz.token_set_ratio(normalise_for_matching(row.deliverable), normalise_for_matching(deliverable.target))
    value = deliverable.target_value
    # the number may be in the target column (40) or only in the row's text ("15% of councils")
    agrees = value is not None and (row.target == value or target_headline(row.deliverable).value == value)
    return float(text) + (NUMBER_AGREES if agrees else 0.0)


def link_quarterly(deliverables: list[Deliverable], quarterly: list[QuarterlyRow]) -> dict[str, Link]:
    """Given a document's deliverables and quarterly rows, return the links by quarterly id."""
    scores = {(q.id, d.id): score(q, d) for q in quarterly for d in deliverables}
    links: dict[str, Link] = {}
    taken: set[str] = set()
    for (qid, did), value in sorted(scores.items(), key=lambda kv: -kv[1]):
        if value < THRESHOLD or qid in links or did in taken:
            continue
        runner_up = max((v for (q, d), v in scores.items() if q == qid and d != did and d not in taken), default=0.0)
        if value - runner_up < MARGIN:
            continue
        links[qid] = Link(qid, did, value, runner_up)
        taken.add(did)
    return links
