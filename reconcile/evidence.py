"""Evidence for a candidate pair, the score it adds up to, and the reasons a person can check.

A person deciding whether two rows are one commitment reads the wording, then the other
clues: the same ref, a section that was renamed as a whole, the target number kept or
moved. The score is a weighted sum of four text similarities (0..100 each: TF-IDF cosine of
the target's character n-grams, of its words, of the words of target and progress together
— "context" — and rapidfuzz's token_set_ratio) plus small bonuses for those clues, capped at
100; the reasons name each part with its value, e.g. "chars 71, words 64, context 40,
token_set 80; target 100→110; same section".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .candidates import Vectors, pair_similarity
from .documents import Doc, Item
from .matchtext import normalise_for_matching
from .settings import ReconcileSettings


@dataclass(frozen=True)
class Evidence:
    """What is known about one candidate pair (indices into the two documents' items)."""

    a: int
    b: int
    chars: float
    words: float
    context: float
    token_set: float
    same_ref: bool
    section_share: float  # 1 for the same section, else the share of confident matches that moved a's → b's
    section_note: str


@dataclass(frozen=True)
class Sections:
    """How one document's sections correspond to the next one's, learnt from confident matches."""

    shares: dict[tuple[str, str], float]
    counts: dict[tuple[str, str], tuple[int, int]]

    def share(self, a: str, b: str) -> float:
        return self.shares.get((a, b), 0.0)


NO_SECTIONS = Sections({}, {})


def section_key(item: Item) -> str:
    """Given an item, return its section as compared: normalised words, "" when it has none."""
    return normalise_for_matching(item.section or "")


def learn_sections(doc_a: Doc, doc_b: Doc, anchors: list[tuple[int, int]]) -> Sections:
    """Given confident pairs, return for each (section of a, section of b) the share of a's pairs that went there.

    A section renamed between years ("Peer Work in Councils" → "Enabling Improvement in Local
    Government") shows as most of its confident matches landing in one section of the next
    report; that share, learnt from at least two matches, then counts for the other rows.
    """
    moved: Counter[tuple[str, str]] = Counter()
    out_of: Counter[str] = Counter()
    for i, j in anchors:
        sa, sb = section_key(doc_a.items[i]), section_key(doc_b.items[j])
        moved[sa, sb] += 1
        out_of[sa] += 1
    shares = {key: n / out_of[key[0]] for key, n in moved.items() if out_of[key[0]] >= 2}
    counts = {key: (n, out_of[key[0]]) for key, n in moved.items()}
    return Sections(shares, counts)


def gather(doc_a: Doc, doc_b: Doc, vectors: Vectors, pairs: list[tuple[int, int]],
           sections: Sections) -> list[Evidence]:
    """Given candidate pairs of two documents, return the evidence for each."""
    if not pairs:
        return []
    ii = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    jj = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    chars_a, words_a, context_a = vectors.rows(doc_a.doc_id)
    chars_b, words_b, context_b = vectors.rows(doc_b.doc_id)
    chars = pair_similarity(chars_a, chars_b, ii, jj)
    words = pair_similarity(words_a, words_b, ii, jj)
    context = pair_similarity(context_a, context_b, ii, jj)
    norm_a = [normalise_for_matching(doc_a.items[i].target) for i in ii]
    norm_b = [normalise_for_matching(doc_b.items[j].target) for j in jj]
    token_set = process.cpdist(norm_a, norm_b, scorer=fuzz.token_set_ratio, workers=-1)
    out = []
    for n, (i, j) in enumerate(pairs):
        a, b = doc_a.items[i], doc_b.items[j]
        sa, sb = section_key(a), section_key(b)
        if sa and sa == sb:
            share, note = 1.0, "same section"
        else:
            share = sections.share(sa, sb)
            moved, total = sections.counts.get((sa, sb), (0, 0))
            note = f"section {a.section or '-'} → {b.section or '-'} ({moved}/{total} confident)" if share else ""
        out.append(Evidence(i, j, float(chars[n]), float(words[n]), float(context[n]), float(token_set[n]),
                            bool(a.ref and a.ref == b.ref), share, note))
    return out


def combine(e: Evidence, a: Item, b: Item, settings: ReconcileSettings) -> float:
    """Given the evidence for a pair, return its score (0..100)."""
    text = (settings.weight_chars * e.chars + settings.weight_words * e.words + settings.weight_context * e.context
            + settings.weight_token_set * e.token_set)
    bonus = settings.same_ref_bonus * e.same_ref + settings.section_bonus * e.section_share
    if a.target_value is not None and a.target_value == b.target_value:
        bonus += settings.same_number_bonus
    return min(100.0, text + bonus)


def number_change(a: Item, b: Item) -> str:
    """Given a pair, return how the headline target moved ("target 100→110"), or "" when neither has one."""
    if a.target_value is None and b.target_value is None:
        return ""
    if a.target_value == b.target_value:
        return f"target {_number(a.target_value)} both"
    return f"target {_number(a.target_value)}→{_number(b.target_value)}"


def reasons(e: Evidence, a: Item, b: Item) -> str:
    """Given the evidence for a pair, return the short why a person can check against the two rows."""
    parts = [f"chars {e.chars:.0f}, words {e.words:.0f}, context {e.context:.0f}, token_set {e.token_set:.0f}"]
    change = number_change(a, b)
    if change:
        parts.append(change)
    if e.same_ref:
        parts.append(f"same ref {a.ref}")
    if e.section_note:
        parts.append(e.section_note)
    return "; ".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
