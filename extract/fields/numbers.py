"""Numbers: cell values of quarterly tables, and the headline number of a commitment.

Headline values follow one rule, written down so that an auditor can check it:

- ``target_value`` is the first quantity in the target that a quantifier introduces ("at
  least 110 peer challenges", "up to 50 leaders", "a further 10 councils") or follows it
  ("120 or more peer challenges", "110+ graduates"); with no
  quantifier, the first quantity, flagged ``value_ambiguous`` when the target has several.
  Years, dates, labels ("Cohort 17", "phase 2") and fiscal years ("2015/16") are not quantities.
- ``delivered_value`` is the first quantity in the narrative counted in the target's unit
  (the words after the number: "115 peer challenges" for a target of peer challenges; "£39.9m"
  for a target in pounds), preferring one in a sentence that states a running total ("so far",
  "to date", "in total"). If the narrative never counts in that unit, it is null: a number of
  something else is not what was delivered.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
QUANTIFIERS = re.compile(
    r"(at least|up to|a further|further|over|more than|minimum of|a total of|in excess of|"
    r"around|approximately|approx\.?|about|some|nearly|almost|target of|an? ambition of)\s*$",
    re.IGNORECASE)
POSTFIX_QUANTIFIERS = re.compile(r"^\s*(\+|or more\b|or over\b|and over\b|plus\b)", re.IGNORECASE)
LABELS = re.compile(r"(cohort|phase|round|stage|tier|level|page|section|chapter|part|no\.?|number|"
                    r"version|year|quarter|q|wave|step)\s*$", re.IGNORECASE)
QUANTITY = re.compile(
    r"(?<![\w.,/£$€-])(?P<currency>[£$€])?\s?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<range>\s?[-–/]\s?\d+(?:\.\d+)?)?"
    r"\s?(?P<scale>bn|billion|m|million|k)?(?![\w])(?P<percent>\s?%)?")
SCALE = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3}
NULL_CELL = re.compile(r"^\s*(n/?a|-+|–|—|nil|none|tbc|tbd)?\s*$", re.IGNORECASE)
CELL_NUMBER = re.compile(r"^\s*[£$€]?\s*(-?\d{1,3}(?:,\d{3})+|-?\d+(?:\.\d+)?)\s*(%)?\s*$")
CUMULATIVE = re.compile(r"\b(so far|to date|in total|a total of|in all|overall|altogether|"
                        r"cumulative(ly)?|year to date)\b", re.IGNORECASE)
UNIT_SYNONYMS = {  # counted things a report names in more than one way
    "local authorities": "councils", "local authority": "council", "authorities": "councils",
    "authority": "council", "las": "councils",
}
#: a four-digit whole number in this range is a year, not a count (reports of these decades)
YEAR_RANGE = (1980, 2040)
#: the counted words of a number are read from at most this many characters after it ...
UNIT_LOOKAHEAD = 80
#: ... and are at most this many words ("peer challenges", "senior officer peers")
UNIT_WORDS = 4
#: the longest day of a month: a larger number after a month's name is a count, not a date
LAST_DAY = 31
STOP_UNITS = {"of", "the", "a", "an", "and", "or", "to", "in", "additional", "new", "more", "other",
              "such", "extra", "separate", "different", "individual"}


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with what it counts."""

    value: float
    unit: str  # "£", "%", or the first counted word, singular, lower case ("" if none)
    words: frozenset[str]  # the counted words after the number ("ambitious", "councillor")
    start: int
    quantified: bool  # introduced by "at least", "up to", ...
    ranged: bool  # part of a range or fraction ("3-5", "2/3")


def parse_cell_number(text: str) -> tuple[float | None, bool]:
    """Given a numeric cell's text, return (value, readable): "1,700" → 1700, "65%" → 65, "n/a" → None."""
    if NULL_CELL.match(text):
        return None, True
    m = CELL_NUMBER.match(text)
    if not m:
        return None, False
    return as_number(float(m.group(1).replace(",", ""))), True


def as_number(value: float) -> float:
    """Given a float, return it as an int when it is whole (65.0 → 65), for clean JSON."""
    return int(value) if float(value).is_integer() else value


#: the look-behind patterns (QUANTIFIERS, LABELS) end in a word of at most this many characters
#: followed by spaces; a number's context is read from that far before its run of spaces only
LOOKBEHIND = 32
_WHITESPACE_RUN = re.compile(r"\s*")
_ORDINAL = re.compile(r"(st|nd|rd|th)\b")
_POSTFIX_AT = re.compile(POSTFIX_QUANTIFIERS.pattern.removeprefix("^"), re.IGNORECASE)  # matched at a position
_COUNTED = re.compile(r"\s*([a-z][a-z'-]*)", re.IGNORECASE)


def quantities(text: str) -> list[Quantity]:
    """Given text, return the quantities in it, in order, without years, dates and labels.

    Each number's context is read where it is (the spaces and the word before it, the words
    after it), never by copying or searching the text before or after it as a whole: a long
    cell holds many numbers, and rereading it for each made the cost grow with the square of
    its length.
    """
    out: list[Quantity] = []
    context = _Context(text)
    for m in QUANTITY.finditer(text):
        raw = m["number"]
        value = float(raw.replace(",", ""))
        before = context.before(m.start())
        if _is_year(raw, m) or context.is_date(m.start(), m.end(), raw) or LABELS.search(before):
            continue
        if _ORDINAL.match(text, m.end()):
            continue
        words = _words_after(text[m.end():m.end() + UNIT_LOOKAHEAD])
        if m["currency"]:
            unit = m["currency"]
        elif m["percent"]:
            unit = "%"
        else:
            unit = words[0] if words else ""
        if m["scale"]:
            value = round(value * SCALE[m["scale"].lower()], 2)  # £4.1m is 4100000, not 4099999.9999999995
            if not unit:
                unit = "£" if "£" in before[-2:] else ""
        out.append(Quantity(as_number(value), unit, frozenset(words) | {unit}, m.start(),
                            bool(QUANTIFIERS.search(before) or _POSTFIX_AT.match(text, m.end())), bool(m["range"])))
    return out


class _Context:
    """What lies around a position of one text, found without rereading the text for each position.

    Positions are asked for in increasing order (the numbers of one text, first to last), so
    the last space before a position is found by searching only the stretch since the previous
    one asked for.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.first = len(text) - len(text.lstrip())  # where the text's first non-space character is
        self.searched = 0  # spaces before this position have been looked for ...
        self.last_space = -1  # ... and this is the last of them (-1: none)

    def spaces_before(self, position: int) -> int:
        """Where the run of white space that ends at ``position`` starts."""
        start = position
        while start > 0 and self.text[start - 1].isspace():
            start -= 1
        return start

    def before(self, position: int) -> str:
        """The end of the text before ``position``: its trailing spaces and the LOOKBEHIND characters
        before them, which is all that a pattern anchored at the end of the text before a number sees."""
        return self.text[max(self.spaces_before(position) - LOOKBEHIND, 0):position]

    def word_before(self, position: int) -> str:
        """The first three characters, lower-cased, of the last space-separated word before
        ``position`` ("" when only spaces come before it)."""
        end = self.spaces_before(position)
        if end <= self.first:
            return ""
        if end > self.searched:
            found = self.text.rfind(" ", self.searched, end)
            self.last_space = found if found >= 0 else self.last_space
            self.searched = end
        start = max(self.first, self.last_space + 1 if self.last_space < end else self.text.rfind(" ", 0, end) + 1)
        return _head(self.text[start:min(end, start + len(MONTHS[0]))])

    def word_after(self, position: int) -> str:
        """The first three characters, lower-cased, of the first space-separated word after ``position``."""
        start = _WHITESPACE_RUN.match(self.text, position).end()  # type: ignore[union-attr]
        word = self.text[start:start + len(MONTHS[0])]
        return _head(word.split(" ")[0])

    def is_date(self, start: int, end: int, raw: str) -> bool:
        """A number is part of a date when a month follows it ("30 September"), or when a month comes
        just before it and it could be a day that nothing is counted by ("March 31, 2018", but not
        "September 58 peer challenges" or "September 12 councils")."""
        if self.word_after(end) in MONTHS:
            return True
        if self.word_before(start) not in MONTHS:
            return False
        if "," in raw or "." in raw or int(raw) > LAST_DAY:
            return False
        counted = _COUNTED.match(self.text, end)
        return counted is None or counted.group(1).lower() in STOP_UNITS


def _head(word: str) -> str:
    """A word's first three characters, lower-cased, as a month's name is compared."""
    return word.lower()[:3]


def _is_year(raw: str, m: re.Match[str]) -> bool:
    if "," in raw or "." in raw or m["currency"] or m["percent"]:
        return False
    value = int(raw)
    if len(raw) == 4 and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return True
    # fiscal years written short: 17/18, 2017-18
    short = re.match(r"\s?[-/]\s?(\d{2})$", m["range"] or "")
    return short is not None and len(raw) == 2 and int(short.group(1)) == (value + 1) % 100


def _words_after(after: str) -> list[str]:
    """Given the text after a number, return the words it counts: up to four, to punctuation or the next number."""
    clause = re.split(r"[.,;:()]|\d", after[:UNIT_LOOKAHEAD], maxsplit=1)[0]
    text = " ".join(clause.lower().split())
    for phrase, canonical in UNIT_SYNONYMS.items():
        text = re.sub(rf"\b{phrase}\b", canonical, text)
    text = POSTFIX_QUANTIFIERS.sub("", text)
    words = [singular(w) for w in re.findall(r"[a-z][a-z'-]*", text)[:UNIT_WORDS] if w not in STOP_UNITS]
    return words


def singular(word: str) -> str:
    """Given an English noun, return a crude singular for matching units (councils → council)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class Headline:
    """A headline value and how it was chosen."""

    value: float | None
    unit: str
    words: frozenset[str]
    raw: str | None
    ambiguous: bool


def target_headline(text: str) -> Headline:
    """Given a target's text, return its headline number (see the module docstring)."""
    found = quantities(text)
    if not found:
        return Headline(None, "", frozenset(), None, False)
    quantified = [q for q in found if q.quantified]
    chosen = quantified[0] if quantified else found[0]
    ambiguous = chosen.ranged or (not quantified and len({q.value for q in found}) > 1)
    return Headline(chosen.value, chosen.unit, chosen.words, _raw_at(text, chosen), ambiguous)


def delivered_headline(text: str, target: Headline) -> Headline:
    """Given a narrative and the target's headline, return the number delivered in its unit."""
    if target.value is None or not target.unit or not text:
        return Headline(None, "", frozenset(), None, False)
    same = [q for q in quantities(text) if _same_unit(q, target)]
    if not same:
        return Headline(None, target.unit, target.words, None, False)
    sentences = _Sentences(text)
    chosen = next((q for q in same if sentences.cumulative(q.start)), same[0])
    return Headline(chosen.value, chosen.unit, chosen.words, _raw_at(text, chosen), chosen.ranged)


class _Sentences:
    """The sentences of one text (split at ". "), each searched for a running total at most once.

    A long narrative may count many things in one sentence; finding the sentence's ends and
    searching it again for each number would grow with the square of its length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.stops = [m.start() for m in re.finditer(re.escape(". "), text)]
        self.seen: dict[tuple[int, int], bool] = {}  # by the indices of the stops around the sentence

    def cumulative(self, position: int) -> bool:
        """Does the sentence at ``position`` state a running total ("so far", "to date")?

        A sentence runs from the ". " that ends the one before (or the text's start) to the next
        ". " at or after ``position`` (or the text's end).
        """
        after = bisect.bisect_left(self.stops, position)  # the first stop at or after position
        before = bisect.bisect_right(self.stops, position - len(". ")) - 1  # the last stop ending by position
        if (before, after) not in self.seen:
            start = self.stops[before] if before >= 0 else 0
            end = self.stops[after] if after < len(self.stops) else len(self.text)
            self.seen[before, after] = CUMULATIVE.search(self.text[start:end]) is not None
        return self.seen[before, after]


def _raw_at(text: str, q: Quantity) -> str:
    m = QUANTITY.match(text, q.start)
    assert m is not None  # q was found by this very pattern at q.start
    return m.group(0).strip()


def _same_unit(q: Quantity, target: Headline) -> bool:
    """A delivered quantity counts the target's thing when the units are the same symbol, or
    the first counted word of either is among the counted words of the other."""
    if target.unit in ("£", "$", "€", "%") or q.unit in ("£", "$", "€", "%"):
        return q.unit == target.unit
    return bool(q.unit) and (q.unit in target.words or target.unit in q.words)
