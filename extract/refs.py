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


# OCR reads a bold capital E as any of these; only their shape is known, not the family
LOOKALIKE_E = "≣ΞΕ€Σ=≡"
MARKUP = re.compile(r"</?[a-z]+\b[^>]*>", re.IGNORECASE)


def fold_ref(text: str, lookalikes: bool = True) -> Ref | None:
    """Given a garbled ref ("≣4", "Ξ10", "ĒP1", "<b>E</b> 8", "=9"), return what it reads as, or None.

    Markup and spaces go, accents come off ("Ē" → "E"), and glyphs OCR confuses with a capital E
    become E — or, with ``lookalikes=False``, are left out, so that the family can come from the
    neighbours instead (``assign_families``). A bare number stays bare.
    """
    import unicodedata

    plain = MARKUP.sub("", text)
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    plain = "".join(("E" if lookalikes else "") if ch in LOOKALIKE_E else ch for ch in plain)
    plain = re.sub(r"\s+", "", plain)
    ref = parse_ref(plain)
    if ref is None or ref.number == 0:
        return None
    return ref


def assign_families(refs: list[Ref | None]) -> list[Ref | None]:
    """Given refs in order, give a bare number the family of the family refs around it.

    In a run such as 1, 2, 3, E4, 5, E11, 12, EP1 the bare numbers are E refs that lost their
    letters. A bare ref takes the family of the nearest family ref before or after it whose
    numbering it continues exactly (12 is one row after E11: E12); failing that, the family
    both neighbours share, when its number fits between theirs.
    """
    out = list(refs)
    for i, ref in enumerate(refs):
        if ref is None or ref.family:
            continue
        j_before = next((j for j in range(i - 1, -1, -1) if refs[j] is not None and refs[j].family), None)  # type: ignore[union-attr]
        j_after = next((j for j in range(i + 1, len(refs)) if refs[j] is not None and refs[j].family), None)  # type: ignore[union-attr]
        before = refs[j_before] if j_before is not None else None
        after = refs[j_after] if j_after is not None else None
        continues = {r.family for r, steps in ((before, i - (j_before or 0)), (after, (j_after or 0) - i))
                     if r is not None and abs(ref.number - r.number) == steps}
        if len(continues) == 1:
            out[i] = Ref(continues.pop(), ref.number, ref.suffix)
            continue
        families = {r.family for r in (before, after) if r is not None}
        if len(families) != 1:
            continue
        low = before.number if before is not None else 0
        high = after.number if after is not None else 10 ** 4
        if low <= ref.number <= high:
            out[i] = Ref(families.pop(), ref.number, ref.suffix)
    return out
