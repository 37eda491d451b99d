"""The reporting period: financial year and as-at date, from column headings or titles.

"What have we delivered by end of Dec 15" → 2015/16, as at 2015-12-31. Column headings of
the progress column are the best evidence (they say when progress was measured); titles
come next. Financial years run April to March (UK public bodies); a date in January to
March belongs to the year that started the April before.
"""

from __future__ import annotations

import calendar
import re

from ..model import Evidence, Period

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE = re.compile(r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?" + MONTH + r"\s+(?P<year>\d{4}|\d{2})\b",
                  re.IGNORECASE)
FISCAL_YEAR = re.compile(r"\b(?P<start>20\d{2}|19\d{2})\s*[/-]\s*(?P<end>\d{2}|\d{4})\b")
FROM_HEADING = 0.95
FROM_TITLE = 0.85
FROM_QUARTER = 0.75  # the as-at date is the end of a named quarter of a stated year
YEAR_ONLY = 0.6
ORDINALS = {"1": 1, "2": 2, "3": 3, "4": 4, "one": 1, "two": 2, "three": 3, "four": 4,
            "first": 1, "second": 2, "third": 3, "fourth": 4}
QUARTER = re.compile(
    r"\b(?:q|quarter)\s*(?P<n>[1-4]|one|two|three|four)\b"
    r"|\b(?P<ord>first|second|third|fourth)\s+quarter\b"
    r"|(?P<year_end>\bend[- ]of[- ](?:the\s+)?(?:financial\s+)?year\b|\byear[- ]end\b)"
    r"|(?P<half>\bhalf[- ]year\b|\bmid[- ]year\b)",
    re.IGNORECASE)
QUARTER_END = {1: (6, 30), 2: (9, 30), 3: (12, 31), 4: (3, 31)}
DISAGREE = 0.5
FISCAL_START_MONTH = 4
#: "end of year" reports on the fourth quarter, "half-year" on the second
YEAR_END_QUARTER, HALF_YEAR_QUARTER = 4, 2
#: a year written with two digits ("Dec 15") is of this century
CENTURY = 2000


def financial_year(year: int, month: int) -> str:
    """Given a calendar year and month, return the UK financial year ("2015/16")."""
    start = year if month >= FISCAL_START_MONTH else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _quarter(text: str) -> int | None:
    """Given text, return the quarter of the financial year it names ("Q3", "end of year" → 4)."""
    m = QUARTER.search(text)
    if m is None:
        return None
    if m["n"] or m["ord"]:
        return ORDINALS[(m["n"] or m["ord"]).lower()]
    return YEAR_END_QUARTER if m["year_end"] else HALF_YEAR_QUARTER


def find_period(evidence: list[Evidence]) -> tuple[Period, list[str]]:
    """Given texts in order of trust, return the period they state and any warnings."""
    warnings: list[str] = []
    dated: tuple[str, str, Evidence] | None = None
    stated_years: list[tuple[str, Evidence]] = []
    for ev in evidence:
        for m in FISCAL_YEAR.finditer(ev.text):
            start = int(m["start"])
            end = int(m["end"]) % 100
            if end == (start + 1) % 100:
                stated_years.append((f"{start}/{end:02d}", ev))
        if dated is None:
            date = DATE.search(ev.text)
            if date:
                calendar_year = int(date["year"])
                calendar_year = calendar_year + CENTURY if calendar_year < 100 else calendar_year
                month = MONTHS[date["month"].lower().rstrip(".")]
                last_day = calendar.monthrange(calendar_year, month)[1]
                day = int(date["day"]) if date["day"] else last_day
                if 1 <= day <= last_day:
                    dated = (f"{calendar_year:04d}-{month:02d}-{day:02d}", financial_year(calendar_year, month), ev)
    if dated:
        as_at, fiscal, ev = dated
        confidence = ev.weight
        others = {y for y, _ in stated_years if y != fiscal}
        # a report may well mention last year ("the commitments of 2017/18"); that casts doubt
        # only when no title or heading names the year the progress date falls in
        if others and all(y != fiscal for y, _ in stated_years):
            warnings.append(f"period: the document also names {', '.join(sorted(others))}, "
                            f"but progress is dated {as_at} ({fiscal})")
            confidence = min(confidence, DISAGREE)
        return Period(fiscal, as_at, ev.text, confidence), warnings
    if stated_years:
        fiscal, ev = stated_years[0]
        quarter = next((q for e in evidence if (q := _quarter(e.text)) is not None), None)
        if quarter is not None:
            start = int(fiscal[:4])
            month, day = QUARTER_END[quarter]
            # the fourth quarter ends in the calendar year after the financial year starts
            as_at = f"{start + 1 if month < FISCAL_START_MONTH else start:04d}-{month:02d}-{day:02d}"
            return Period(fiscal, as_at, ev.text, min(FROM_QUARTER, ev.weight)), warnings
        return Period(fiscal, None, ev.text, YEAR_ONLY), warnings
    warnings.append("period: no financial year or as-at date found in headings or titles")
    return Period(None, None, None, 0.0), warnings
