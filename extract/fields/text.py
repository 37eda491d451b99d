"""Text clean-up shared by every source: characters, markup, white space, hyphenated breaks.

Word processors set "fi" as one glyph (U+FB01) and put soft hyphens and zero-width spaces in
text; old extractions keep HTML-ish markup ("<b>E</b> 8", "<li>"); a word hyphenated at the end
of a line or page ("develop-" / "ment") is one word. A data officer searching for "financial"
or "development" must find it, so every source's text passes through these, written once.
"""

from __future__ import annotations

import re

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}
INVISIBLE = {"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": ""}
TABLE = str.maketrans(LIGATURES | INVISIBLE)
#: the markup old extractions carry (HTML-ish tags of type and lists), removed from text
MARKUP = re.compile(r"</?(b|i|u|ul|li|p|br|span|strong|em)\b[^>]*>", re.IGNORECASE)
_SPACE_BEFORE_CLOSING = re.compile(r"\s+([.,;:!?)])(?=\s|$)")


def plain_characters(text: str) -> str:
    """Given text, return it with ligatures spelt out and invisible characters removed."""
    return text.translate(TABLE)


def strip_markup(text: str, replacement: str = " ") -> str:
    """Given text, return it with markup tags replaced (by a space, so words stay apart)."""
    return MARKUP.sub(replacement, text)


def clean_cell(text: str) -> str:
    """Given a raw cell, return it without markup, with plain characters and white space folded."""
    return " ".join(strip_markup(plain_characters(text)).split())


def clean_text(text: str) -> str:
    """Given cell text, return it clean (:func:`clean_cell`) and with no space before closing
    punctuation ("£25m ." after "<b>£25m</b> ." reads "£25m.")."""
    return _SPACE_BEFORE_CLOSING.sub(r"\1", clean_cell(text))


def hyphenated_break(word: str, following: str) -> bool:
    """Is ``word`` the first half of a word hyphenated at a break, ``following`` its rest?

    "develop-" + "ment" is one word; a free-standing dash ("permission -") is punctuation, and a
    capital after the hyphen ("Anglo-" + "Saxon") keeps the hyphen's word apart only where the
    source set it so — we join only before a lower-case letter.
    """
    return len(word) > 1 and word.endswith("-") and word[-2].isalpha() and following[:1].islower()
