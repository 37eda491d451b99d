"""Deliverable references: recognise them, split a bold prefix off a target, infer gaps.

A ref is a family and a number with an optional letter: E1, EP11a, LC3, SC10, a bare 12, and
the other schemes reports use — 1.1, 2.3a, A1.2, PS-01, CP 3. The family is everything before
the last number (letters with an optional separator, and dotted levels of at most two digits,
so that 2015/16 or a date is no ref); zero padding is kept, so inferred refs are written the
way their neighbours are. Families and numbers come from the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Word
from .text import strip_markup

REF = re.compile(r"^(?P<family>(?:[A-Z]{1,4}[-/ ]?)?(?:\d{1,2}\.){0,2})(?P<number>\d{1,4})(?P<suffix>[a-z]?)$")
PREFIX_PUNCT = ".:)-–"
#: the last level of a dotted scheme ("2.3", "A1.12") has at most this many digits; more is a date
DOTTED_LEVEL_DIGITS = 3


@dataclass(frozen=True)
class Ref:
    family: str  # everything before the last number: "EP", "PS-", "1.", "A1."
    number: int
    suffix: str
    width: int = 0  # digits of a zero-padded number ("PS-01": 2)

    def __str__(self) -> str:
        number = f"{self.number:0{self.width}d}" if self.width else str(self.number)
        return f"{self.family}{number}{self.suffix}"

    def sibling(self, number: int, suffix: str = "") -> Ref:
        """The ref of the same family and scheme with another number."""
        return Ref(self.family, number, suffix, self.width)


def parse_ref(text: str) -> Ref | None:
    """Given text, return the ref it is (trailing punctuation allowed), or None."""
    m = REF.match(" ".join(text.split()).rstrip(PREFIX_PUNCT).strip())
    if not m:
        return None
    digits = m["number"]
    if int(digits) == 0 or ("." in m["family"] and len(digits) > DOTTED_LEVEL_DIGITS):
        return None  # "000" is garbage, "31.07.2018" a date: no scheme numbers so
    width = len(digits) if len(digits) > 1 and digits.startswith("0") else 0
    return Ref(m["family"], int(digits), m["suffix"], width)


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
            return [after.sibling(k + 1) for k in range(length)]
        return gap
    if before.number == after.number and before.suffix and after.suffix:
        if ord(after.suffix) - ord(before.suffix) == length + 1:
            return [before.sibling(before.number, chr(ord(before.suffix) + k + 1)) for k in range(length)]
        return gap
    if after.number - before.number == length + 1 and after.suffix in ("", "a"):
        return [before.sibling(before.number + k + 1) for k in range(length)]
    return gap


# OCR reads a bold capital E as any of these; only their shape is known, not the family
LOOKALIKE_E = "≣ΞΕ€Σ=≡"


def fold_ref(text: str, lookalikes: bool = True) -> Ref | None:
    """Given a garbled ref ("≣4", "Ξ10", "ĒP1", "<b>E</b> 8", "=9"), return what it reads as, or None.

    Markup and spaces go, accents come off ("Ē" → "E"), and glyphs OCR confuses with a capital E
    become E — or, with ``lookalikes=False``, are left out, so that the family can come from the
    neighbours instead (``assign_families``). A bare number stays bare.
    """
    import unicodedata

    plain = strip_markup(text, "")
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    damaged = plain != text or any(ch in LOOKALIKE_E for ch in plain)
    plain = "".join(("E" if lookalikes else "") if ch in LOOKALIKE_E else ch for ch in plain)
    # a space left where markup or a misread glyph stood is no separator of the scheme ("CP 3" is)
    squeezed = parse_ref(re.sub(r"\s+", "", plain))
    ref = squeezed if damaged else (parse_ref(plain) or squeezed)
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
            out[i] = Ref(continues.pop(), ref.number, ref.suffix, ref.width)
            continue
        families = {r.family for r in (before, after) if r is not None}
        if len(families) != 1:
            continue
        low = before.number if before is not None else 0
        high = after.number if after is not None else float("inf")
        if low <= ref.number <= high:
            out[i] = Ref(families.pop(), ref.number, ref.suffix, ref.width)
    return out


OCR_LEAD = "\u2018\u2019'\"_`"  # marks a scan adds before a word (a speck read as a quote)


def ref_prefix(word: Word) -> str | None:
    """Given the first word of a target, return it as a ref prefix ("E1.") if it is one, else None.

    A prefix is a ref followed by ".", ":" or ")" in bold type. Boldness cannot be read reliably
    from a scan, so an OCR'd word needs only the ref shape and the punctuation (and loses any
    quote mark a speck put before it).
    """
    text = word.text.lstrip(OCR_LEAD) if word.ocr_conf is not None else word.text
    if not (word.bold or word.ocr_conf is not None) or not text:
        return None
    if parse_ref(text) is not None and text.rstrip()[-1:] in ".:)":
        return text
    return None
