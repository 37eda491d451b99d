"""Deliverable references: recognise them, split a bold prefix off a target, infer gaps.

A ref is a short family prefix and a number with an optional letter (E1, EP11a, LC3, SC10,
or a bare 12). The pattern is the only thing known about refs; families and numbers come
from the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REF = re.compile(r"^(?P<family>[A-Z]{0,4})(?P<number>\d{1,4})(?P<suffix>[a-z]?)$")
PREFIX_PUNCT = ".:)-–"


@dataclass(frozen=True)
class Ref:
    family: str
    number: int
    suffix: str

    def __str__(self) -> str:
        return f"{self.family}{self.number}{self.suffix}"


def parse_ref(text: str) -> Ref | None:
    """Given text, return the ref it is (trailing punctuation allowed), or None."""
    m = REF.match(text.strip().rstrip(PREFIX_PUNCT).strip())
    if not m:
        return None
    return Ref(m["family"], int(m["number"]), m["suffix"])


def infer_missing(refs: list[Ref | None]) -> list[Ref | None]:
    """Given refs in document order with gaps, return them with the gaps their neighbours imply.

    A run of k missing refs is filled only when the refs on both sides are of one family and
    leave room for exactly k: E3, _, E5 → E4; EP4, six gaps, EP11a → EP5..EP10; EP11a, _, EP11c
    → EP11b; or, at the start, _, _, E3 → E1, E2. Anything else stays None: a guess is worse
    than a gap.
    """
    out = list(refs)
    i = 0
    while i < len(out):
        if out[i] is not None:
            i += 1
            continue
        j = i
        while j < len(out) and out[j] is None:
            j += 1
        before = out[i - 1] if i > 0 else None
        after = out[j] if j < len(out) else None
        out[i:j] = _fill(before, after, j - i)
        i = j
    return out


def _fill(before: Ref | None, after: Ref | None, length: int) -> list[Ref | None]:
    gap: list[Ref | None] = [None] * length
    if after is None or (before is not None and before.family != after.family):
        return gap
    if before is None:
        if after.number - length == 1 and after.suffix in ("", "a"):
            return [Ref(after.family, k + 1, "") for k in range(length)]
        return gap
    if before.number == after.number and before.suffix and after.suffix:
        if ord(after.suffix) - ord(before.suffix) == length + 1:
            return [Ref(before.family, before.number, chr(ord(before.suffix) + k + 1))
                    for k in range(length)]
        return gap
    if after.number - before.number == length + 1 and after.suffix in ("", "a"):
        return [Ref(before.family, before.number + k + 1, "") for k in range(length)]
    return gap
