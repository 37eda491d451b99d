"""Character-level clean-up shared by every source: ligatures and invisible characters.

Word processors set "fi" as one glyph (U+FB01) and put soft hyphens and zero-width spaces in
text; a data officer searching for "financial" must find it.
"""

from __future__ import annotations

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}
INVISIBLE = {"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": ""}
TABLE = str.maketrans(LIGATURES | INVISIBLE)


def plain_characters(text: str) -> str:
    """Given text, return it with ligatures spelt out and invisible characters removed."""
    return text.translate(TABLE)
