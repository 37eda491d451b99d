"""Weights and thresholds of reconciliation, as one frozen dataclass.

The bands were calibrated on the two labelled sets under ``tests/labels/`` (see
``bench/calibrate.py``): ``high`` is meant to be almost never wrong, ``medium`` to hold most
of the remaining true pairs, ``low`` to be a lead worth a person's look, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..extract.errors import SettingsError
from ..extract.settings import check_types, resolve_settings

#: words in more rows than this do not make candidates (the setting ``candidate_common_rows``)
CANDIDATE_COMMON_ROWS = 300
WEIGHTS_SUM_TOLERANCE = 1e-6  # the weights sum to 1 up to floating-point error


@dataclass(frozen=True)
class ReconcileSettings:
    """Settings of candidate search, scoring, assignment, bands and lineage."""

    #: candidates kept per row from each similarity (character and word TF-IDF)
    candidates: int = 8
    #: a word in more rows than this, in either document, does not by itself make two rows
    #: candidates (it still counts in their similarity); 0: every word does. Such words made
    #: nearly every pair of two long documents a candidate, and the work the square of their rows
    candidate_common_rows: int = CANDIDATE_COMMON_ROWS
    #: weights of the four text similarities in the score (they sum to 1)
    weight_chars: float = 0.30
    weight_words: float = 0.20
    weight_context: float = 0.40
    weight_token_set: float = 0.10
    #: points added when both rows carry the same ref
    same_ref_bonus: float = 6.0
    #: points added, at most, when the rows' sections correspond (same name, or renamed as a whole)
    section_bonus: float = 6.0
    #: points added when the headline target number is unchanged
    same_number_bonus: float = 3.0
    #: below this score a pair is not proposed at all ("no match" is worth more)
    floor: float = 20.0
    #: a match scoring this or more, clear of its runner-up, is ``high``
    high: float = 55.0
    #: a match scoring this or more is ``medium`` (below it, ``low``)
    medium: float = 24.0
    #: a match must beat its runner-up by this many points to be more than ``medium``
    margin: float = 6.0
    #: a second predecessor (merge) or successor (split) must score this much ...
    merge_floor: float = 28.0
    #: ... and be within this many points of the row's one-to-one match
    merge_gap: float = 15.0
    #: a deliverable absent from this many documents in a row can still be picked up again
    gap_documents: int = 2

    def __post_init__(self) -> None:
        check_types(self)
        weights = {"weight_chars": self.weight_chars, "weight_words": self.weight_words,
                   "weight_context": self.weight_context, "weight_token_set": self.weight_token_set}
        if abs(sum(weights.values()) - 1) > WEIGHTS_SUM_TOLERANCE or min(weights.values()) < 0:
            given = ", ".join(f"{k} {v:g}" for k, v in weights.items())
            raise SettingsError(f"the weight_* settings must be >= 0 and sum to 1, not {sum(weights.values()):g} "
                                f"({given})")
        if not 1 <= self.candidates <= 100:
            raise SettingsError(f"candidates must be 1..100, not {self.candidates!r}")
        if not 0 <= self.floor <= self.medium <= self.high <= 100:
            raise SettingsError(f"need 0 <= floor <= medium <= high <= 100, not floor {self.floor:g}, "
                                f"medium {self.medium:g}, high {self.high:g}")
        if self.candidate_common_rows < 0:
            raise SettingsError(f"candidate_common_rows must be >= 0, not {self.candidate_common_rows!r}")
        if self.gap_documents < 0:
            raise SettingsError(f"gap_documents must be >= 0, not {self.gap_documents!r}")

    @classmethod
    def resolve(cls, value: ReconcileSettings | dict[str, Any] | None) -> ReconcileSettings:
        """Given settings, a dict of overrides or None, return settings."""
        return resolve_settings(cls, value)
