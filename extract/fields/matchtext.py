"""Text normalised for matching: what two wordings of one commitment still have in common.

Reports reword a commitment from year to year ("Supporting at least 10 councils" → "Support
10 councils"), so matching compares lower-cased words with numbers masked (the numbers are
compared on their own, as evidence of re-targeting), common synonyms folded, stop words
dropped and verb and plural endings cut back to a shared stem.
"""

from __future__ import annotations

import re
from functools import lru_cache

STOP = frozenset({
    "the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "at", "by", "their", "them", "least",
    "up", "our", "we", "will", "be", "as", "from", "that", "this", "is", "are", "more", "most", "its", "it",
    "into", "through", "including", "include", "such", "e", "g", "eg", "ie", "etc", "which", "who", "have",
    "has", "been", "all", "other", "over", "per", "via"})
SYNONYMS = {"local authorities": "councils", "local authority": "council", "authorities": "councils",
            "authority": "council", "la": "council", "las": "councils"}
NUMBER = "#"
_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_SYNONYM = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Given a lower-case word, return a stem shared by its verb and plural forms.

    Deliberately light (no dictionary): "supporting", "supports" and "support" → "support";
    "providing" and "provide" → "provid"; "opportunities" and "opportunity" → "opportunit".
    A stem keeps at least four letters, so short words are left alone.
    """
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    for ending in ("ing", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    if word.endswith("y") and len(word) > 5:
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def normalise_for_matching(text: str) -> str:
    """Given text, return it lower-cased, numbers masked, synonyms folded, stop words off, words stemmed."""
    text = _SYNONYM.sub(lambda m: SYNONYMS[m.group(1)], text.lower())
    words = []
    for word in _WORD.findall(text):
        if word[0].isdigit():
            words.append(NUMBER)
        elif word not in STOP:
            words.append(stem(word))
    return " ".join(words)
