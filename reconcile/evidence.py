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

from rapidfuzz import fuzz, process

from ..extract.fields.numbers import target_headline
from .candidates import Candidates
from .documents import Doc, Item
from .settings import ReconcileSettings

#: a section's move is learnt only from at least this many confident matches out of it
SECTION_MIN_MATCHES = 2


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
    section_a: str  # the sections as compared (normalised); "" for none
    section_b: str


@dataclass(frozen=True)
class Sections:
    """How one document's sections correspond to the next one's, learnt from confident matches."""

    shares: dict[tuple[str, str], float]
    counts: dict[tuple[str, str], tuple[int, int]]

    def share(self, a: str, b: str) -> float:
        """1 for the same section, else the share of a's confident matches that went to b."""
        if a and a == b:
            return 1.0
        return self.shares.get((a, b), 0.0)


NO_SECTIONS = Sections({}, {})


def learn_sections(doc_a: Doc, doc_b: Doc, anchors: list[tuple[int, int]]) -> Sections:
    """Given confident pairs, return for each (section of a, section of b) the share of a's pairs that went there.

    A section renamed between years ("Peer Work in Councils" → "Enabling Improvement in Local
    Government") shows as most of its confident matches landing in one section of the next
    report; that share, learnt from at least two matches, then counts for the other rows.
    """
    moved: Counter[tuple[str, str]] = Counter()
    out_of: Counter[str] = Counter()
    for i, j in anchors:
        sa, sb = doc_a.section_keys[i], doc_b.section_keys[j]
        moved[sa, sb] += 1
        out_of[sa] += 1
    shares = {key: n / out_of[key[0]] for key, n in moved.items() if out_of[key[0]] >= SECTION_MIN_MATCHES}
    counts = {key: (n, out_of[key[0]]) for key, n in moved.items()}
    return Sections(shares, counts)


def gather(doc_a: Doc, doc_b: Doc, found: Candidates) -> list[Evidence]:
    """Given two documents' candidate pairs with their TF-IDF similarities, return the evidence for each."""
    pairs = found.pairs
    if not pairs:
        return []
    ii = [i for i, _ in pairs]
    jj = [j for _, j in pairs]
    chars, words, context = found.chars, found.words, found.context
    texts_a, texts_b = doc_a.match_texts, doc_b.match_texts
    token_set = process.cpdist([texts_a[i] for i in ii], [texts_b[j] for j in jj], scorer=fuzz.token_set_ratio,
                               workers=-1)
    keys_a, keys_b = doc_a.section_keys, doc_b.section_keys
    out = []
    for n, (i, j) in enumerate(pairs):
        ref_a, ref_b = doc_a.items[i].ref, doc_b.items[j].ref
        out.append(Evidence(i, j, float(chars[n]), float(words[n]), float(context[n]), float(token_set[n]),
                            bool(ref_a and ref_a == ref_b), keys_a[i], keys_b[j]))
    return out


def combine(e: Evidence, a: Item, b: Item, settings: ReconcileSettings, sections: Sections) -> float:
    """Given the evidence for a pair and what is known of the sections, return its score (0..100)."""
    text = (settings.weight_chars * e.chars + settings.weight_words * e.words + settings.weight_context * e.context
            + settings.weight_token_set * e.token_set)
    bonus = settings.same_ref_bonus * e.same_ref + settings.section_bonus * sections.share(e.section_a, e.section_b)
    if a.target_value is not None and a.target_value == b.target_value:
        bonus += settings.same_number_bonus
    return min(100.0, text + bonus)


def number_change(a: Item, b: Item) -> str:
    """Given a pair, return how the headline target moved ("target 100→110"), or "" when neither has one.

    When the two headlines count different things (25 councils, then £30m) the units are
    named, so nobody reads it as a re-targeting.
    """
    if a.target_value is None and b.target_value is None:
        return ""
    if a.target_value is not None and b.target_value is not None:
        head_a, head_b = target_headline(a.target), target_headline(b.target)
        if head_a.unit != head_b.unit and not (head_a.words & head_b.words) - {""}:
            return (f"target {_number(a.target_value)} {head_a.unit}→{_number(b.target_value)} {head_b.unit} "
                    "(other units)")
    if a.target_value == b.target_value:
        return f"target {_number(a.target_value)} both"
    return f"target {_number(a.target_value)}→{_number(b.target_value)}"


def reasons(e: Evidence, a: Item, b: Item, sections: Sections) -> str:
    """Given the evidence for a pair, return the short why a person can check against the two rows."""
    parts = [f"chars {e.chars:.0f}, words {e.words:.0f}, context {e.context:.0f}, token_set {e.token_set:.0f}"]
    change = number_change(a, b)
    if change:
        parts.append(change)
    if e.same_ref:
        parts.append(f"same ref {a.ref}")
    if e.section_a and e.section_a == e.section_b:
        parts.append("same section")
    elif sections.share(e.section_a, e.section_b):
        moved, total = sections.counts[e.section_a, e.section_b]
        parts.append(f"section {a.section or '-'} → {b.section or '-'} ({moved}/{total} confident)")
    return "; ".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
