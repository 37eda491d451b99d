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

from dataclasses import dataclass

from rapidfuzz import fuzz

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


def link_quarterly(deliverables: list[Deliverable], quarterly: list[QuarterlyRow],
                   settings: ExtractSettings | None = None) -> dict[str, Link]:
    """Given a document's deliverables and quarterly rows, return the links by quarterly id."""
    settings = settings or ExtractSettings()
    scores = {(q.id, d.id): score(q, d, settings.link_number_bonus) for q in quarterly for d in deliverables}
    links: dict[str, Link] = {}
    taken: set[str] = set()
    for (qid, did), value in sorted(scores.items(), key=lambda kv: -kv[1]):
        if value < settings.link_threshold or qid in links or did in taken:
            continue
        runner_up = max((v for (q, d), v in scores.items() if q == qid and d != did and d not in taken), default=0.0)
        if value - runner_up < settings.link_margin:
            continue
        links[qid] = Link(qid, did, value, runner_up, value - runner_up < settings.link_contested_margin)
        taken.add(did)
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
