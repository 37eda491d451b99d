"""Traffic-light status from a cell's word, its fill colour, or both.

The vocabulary is data (``STATUS_WORDS``), so a series that says "On track" or "Complete" is
described, not coded. A word that is not in the vocabulary but close to one ("Croon") is
read fuzzily and flagged; a colour is read by hue; when both are present they must agree.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ...contract import Flag
from ..model import RGB

if TYPE_CHECKING:
    from .key import StatusKey

Status = str  # "Green" | "Amber" | "Red" | "Blue"
#: the traffic lights a status is read as
STATUSES: tuple[Status, ...] = ("Green", "Amber", "Red", "Blue")

STATUS_WORDS: dict[str, Status] = {
    "green": "Green", "g": "Green", "amber": "Amber", "a": "Amber", "yellow": "Amber",
    "red": "Red", "r": "Red", "blue": "Blue", "b": "Blue",
}

#: what other series write instead of a colour, read as the traffic light it stands for (flagged
#: ``status_mapped``: an interpretation, if a common one); a setting, so a series can say otherwise
STATUS_PHRASES: tuple[tuple[str, Status], ...] = (
    ("on track", "Green"), ("on target", "Green"), ("achieved", "Green"), ("complete", "Green"),
    ("completed", "Green"), ("yes", "Green"), ("at risk", "Amber"), ("partially", "Amber"),
    ("partially achieved", "Amber"), ("delayed", "Amber"), ("off track", "Red"), ("not achieved", "Red"),
    ("no", "Red"), ("slightly off track", "Amber"), ("significantly off track", "Red"),
    ("significantly off target", "Red"), ("slightly off target", "Amber"), ("off target", "Red"),
)
MAPPED = 0.75
EXACT = 0.98
FROM_COLOUR = 0.75
FUZZY = 0.6
CONFLICT = 0.4
MISSING = 0.5
UNREADABLE = 0.3


@dataclass
class StatusReading:
    """The status decided for a cell, and how sure we are."""

    value: Status | None
    confidence: float
    flags: list[Flag] = field(default_factory=list)


#: a word of fewer letters is no status word read fuzzily ("G", "A", "R" count only exactly)
MIN_FUZZY_LETTERS = 3
#: OCR-folded spellings must be at least this similar (0..100), whatever the fuzzy setting
OCR_FOLDED_MIN = 80.0
#: a colour carries a status when its saturation (HLS) is at least this and its lightness inside
#: these bounds: paler is a tint or paper, darker is ink
COLOUR_SATURATION = 0.3  # HLS saturation: a fill printed dark (a 40 % green, (0.16, 0.3, 0.15)) still has its hue
COLOUR_LIGHTNESS = (0.15, 0.85)
#: hue ranges in degrees (start inclusive, end exclusive) of each status colour; orange and
#: yellow are Amber, the gap between Amber and Green is a yellow-green no series uses as either
HUES: tuple[tuple[Status, float, float], ...] = (("Red", 340.0, 360.0), ("Red", 0.0, 22.0), ("Amber", 22.0, 65.0),
                                                  ("Green", 75.0, 170.0))
#: blue means complete only in a series that says so (a key, or Blue among its status words): elsewhere
#: a navy band is decoration
BLUE_HUES = (190.0, 250.0)
#: a cell token is a word (not junk) when it has two characters or more, this share of them letters
WORDLIKE_LETTERS = 0.8

# OCR confuses glyphs of like shape; comparing words with each class folded to one letter
# lets "Croon" read as "green" without letting unrelated words in.
OCR_DIGRAPHS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("ii", "u"))
OCR_CLASSES = str.maketrans({"a": "o", "c": "o", "e": "o", "g": "o", "q": "o", "0": "o",
                             "i": "l", "1": "l", "j": "l", "|": "l", "!": "l", "5": "s", "8": "b"})


def ocr_fold(word: str) -> str:
    """Given a lower-case word, return it with OCR-confusable glyphs folded together."""
    for digraph, single in OCR_DIGRAPHS:
        word = word.replace(digraph, single)
    return word.translate(OCR_CLASSES)


def statuses_named(text: str) -> set[Status]:
    """Given a status cell's text, return the statuses its words name exactly ("Amber/Green" → both)."""
    tokens = re.findall(r"[a-z]+", text.lower())
    if len(tokens) == 1 and len(tokens[0]) < MIN_FUZZY_LETTERS and len(text.split()) > 1:
        return set()  # a lone letter among specks and digits ("a 4 4 '") is a scrap, not "A" for Amber
    if len(tokens) == 1 or "".join(tokens) in STATUS_WORDS:
        joined = "".join(tokens)
        return {STATUS_WORDS[joined]} if joined in STATUS_WORDS else set()
    # in longer text only whole words count: the "a" of "at a risk" is not Amber
    return {STATUS_WORDS[t] for t in tokens if len(t) >= MIN_FUZZY_LETTERS and t in STATUS_WORDS}


def status_from_word(text: str, fuzzy_min: float) -> tuple[Status | None, bool]:
    """Given a status cell's text, return (status, was it fuzzy); (None, False) if unreadable.

    "Green - on track" is Green; a cell naming two statuses ("Amber/Green") is no one status.
    """
    word = "".join(ch for ch in text.lower() if ch.isalpha())
    if not word:
        return None, False
    named = statuses_named(text)
    if len(named) == 1:
        return next(iter(named)), False
    if named or len(word) < MIN_FUZZY_LETTERS:
        return None, False
    candidates = [w for w in STATUS_WORDS if len(w) >= MIN_FUZZY_LETTERS]
    best = process.extractOne(word, candidates, scorer=fuzz.ratio)
    if best is not None and best[1] >= fuzzy_min:
        return STATUS_WORDS[best[0]], True
    status = _close_to_status(word, candidates, fuzzy_min)
    if status is None:
        status = _word_among_specks(text, candidates, fuzzy_min)
    return status, status is not None


def _close_to_status(word: str, candidates: list[str], fuzzy_min: float) -> Status | None:
    """The status whose word ``word`` is once OCR's confusable glyphs are folded together, if any."""
    folded = ocr_fold(word)
    for candidate in candidates:
        target = ocr_fold(candidate)
        if abs(len(folded) - len(target)) <= 1 and fuzz.ratio(folded, target) >= max(fuzzy_min, OCR_FOLDED_MIN):
            return STATUS_WORDS[candidate]
    return None


def _word_among_specks(text: str, candidates: list[str], fuzzy_min: float) -> Status | None:
    """The status of the one word in a cell otherwise of specks ("' Gran, ' 4 a ox"), if it is close
    to a status word: a scan's shading or dirt around a status word is read as stray marks and
    scraps of letters, which hide the word from a reading of the cell as a whole.

    Only a cell of exactly one word (three letters or more, mostly letters) among scraps (fewer
    than three letters, or mostly not letters) is read so; two words are a sentence, not a status."""
    words = [t for t in text.split() if _letters(t) >= MIN_FUZZY_LETTERS
             and _letters(t) >= WORDLIKE_LETTERS * len(t)]
    if len(words) != 1 or len(text.split()) == 1:
        return None
    word = "".join(ch for ch in words[0].lower() if ch.isalpha())
    best = process.extractOne(word, candidates, scorer=fuzz.ratio)
    if best is not None and best[1] >= fuzzy_min:
        return STATUS_WORDS[best[0]]
    return _close_to_status(word, candidates, fuzzy_min)


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


def status_from_colour(colour: RGB | None, blue: bool = False) -> Status | None:
    """Given a fill colour, return the status it shows, or None for white, grey or other hues.

    :param blue: the series uses Blue (complete): a blue fill reads as Blue rather than nothing
    """
    if colour is None:
        return None
    h, lightness, s = colorsys.rgb_to_hls(*colour)
    darkest, palest = COLOUR_LIGHTNESS
    if s < COLOUR_SATURATION or not darkest <= lightness <= palest:
        return None
    degrees = h * 360
    if blue and BLUE_HUES[0] <= degrees < BLUE_HUES[1]:
        return "Blue"
    return next((status for status, start, end in HUES if start <= degrees < end), None)


def hue_family(colour: RGB) -> float | None:
    """Given a colour, return its hue in degrees, or None when it is too grey, pale or dark to have one."""
    h, lightness, s = colorsys.rgb_to_hls(*colour)
    darkest, palest = COLOUR_LIGHTNESS
    return h * 360 if s >= COLOUR_SATURATION and darkest <= lightness <= palest else None


def read_status(text: str, colour: RGB | None, fuzzy_min: float,
                phrases: tuple[tuple[str, Status], ...] = STATUS_PHRASES, key: StatusKey | None = None
                ) -> StatusReading:
    """Given a status cell's text and fill, return the status with confidence and flags.

    :param key: the document's own key: its colours and labels mean what it says they mean
    """
    keyed, painted = key.colour(colour) if key is not None else (False, None)
    if not keyed:
        painted = status_from_colour(colour, blue=key is not None and key.blue)
    elif painted is None and not text.strip() and colour is not None:
        # the key names this colour, and not as a traffic light ("Not started")
        return StatusReading(None, MISSING, [Flag.STATUS_FROM_COLOUR, Flag.STATUS_UNRECOGNISED])
    if key is not None:
        phrases = phrases + key.phrases()
    phrase = dict(phrases).get(" ".join(re.findall(r"[a-z]+", text.lower())))
    if phrase is not None:
        if painted and painted != phrase:
            return StatusReading(phrase, CONFLICT, [Flag.STATUS_MAPPED, Flag.STATUS_CONFLICT])
        return StatusReading(phrase, MAPPED, [Flag.STATUS_MAPPED])
    named = statuses_named(text)
    if len(named) > 1:
        # "Amber/Green": the cell itself does not choose; its colour may, and says so
        if painted in named:
            return StatusReading(painted, FUZZY, [Flag.STATUS_AMBIGUOUS, Flag.STATUS_FROM_COLOUR])
        return StatusReading(None, CONFLICT, [Flag.STATUS_AMBIGUOUS])
    if not any(ch.isalnum() for ch in text):
        text = ""  # a symbol ("●", "■") is a mark: its colour speaks, not its shape
    word, fuzzy = status_from_word(text, fuzzy_min)
    if word and painted and word != painted:
        return StatusReading(word, CONFLICT, [Flag.STATUS_CONFLICT] + ([Flag.STATUS_FUZZY] if fuzzy else []))
    if word:
        if fuzzy:
            return StatusReading(word, FUZZY if not painted else FROM_COLOUR, [Flag.STATUS_FUZZY])
        return StatusReading(word, EXACT)
    if painted:
        flags = [Flag.STATUS_FROM_COLOUR]
        if text.strip():
            flags.append(_unread_flag(text))
        return StatusReading(painted, FROM_COLOUR, flags)
    if text.strip():
        return StatusReading(None, UNREADABLE, [_unread_flag(text)])
    return StatusReading(None, MISSING, [Flag.STATUS_MISSING])


def _unread_flag(text: str) -> Flag:
    """Words outside the vocabulary ("Complete", "On track") are unrecognised; junk is garbled."""
    tokens = text.split()
    wordlike = [t for t in tokens if len(t) >= 2 and sum(ch.isalpha() for ch in t) >= WORDLIKE_LETTERS * len(t)]
    return Flag.STATUS_UNRECOGNISED if tokens and len(wordlike) == len(tokens) else Flag.GARBLED_TEXT
