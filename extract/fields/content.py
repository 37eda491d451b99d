"""What a column holds, read from its cells: the other half of a column's role.

A heading names a column in one series' words; its cells say what it is in any series: a
column of status words or status colours is a status, of arrows or trend words a direction of
travel, of percentages a percent complete, of sentences a narrative, of short names an owner
or a code, of dates a timescale. :func:`profile` counts the kinds of a column's cells;
:func:`settle_roles` reconciles the heading's role with the profile, so a misread or unknown
heading still gets its role, and a heading that promised a narrative over a column of codes
does not get to call them progress.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import RGB
from .numbers import parse_cell_number
from .refs import parse_ref
from .roles import PLAN_ROLES, base_role
from .status import STATUS_PHRASES, status_from_colour, statuses_named
from .trend import trend_of

#: a column takes a role from its cells when at least this share of its filled cells are of that kind
CONTENT_SHARE = 0.6
SENTENCE_WORDS = 5  # a cell of this many words is a sentence ...
GARBLED_LETTERS = 2.5  # ... unless its words average fewer letters than this: OCR's junk
NAME_WORDS = 4  # a cell of at most this many words (and no sentence) is a name or a code
UNIQUE_REFS = 0.8  # a column read as refs by content has at least this share of unique values
PERCENT = re.compile(r"^\s*\d{1,3}(\.\d+)?\s*%\s*$")
YEAR = re.compile(r"\b(19|20)\d{2}\b")
MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
DATE_WORDS = re.compile(r"^\s*(ongoing|tbc|tbd|n/?a|start|end|complete by|by|q[1-4])\b", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")

Kind = str  # "empty", "status", "trend", "percent", "number", "date", "ref", "codes", "sentence", "name",
#             "garbled"


def cell_kind(text: str, fill: RGB | None = None,
              phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) -> Kind:
    """Given a cell's text and fill, return the kind of value it holds."""
    words = text.split()
    if not words:
        return "status" if status_from_colour(fill) is not None else "empty"
    if not any(ch.isalnum() for ch in text):
        # a symbol alone: a coloured mark is a status, an arrow a direction
        if trend_of(text) is not None:
            return "trend"
        return "status" if fill is not None and status_from_colour(fill) is not None else "name"
    lowered = " ".join(re.findall(r"[a-z]+", text.lower()))
    if len(statuses_named(text)) == 1 or lowered in dict(phrases):
        return "status"
    if trend_of(text) is not None:
        return "trend"
    if PERCENT.match(text):
        return "percent"
    if parse_ref(text) is not None and len(words) == 1 and not text.isdigit():
        return "ref"
    tokens = [t for t in re.split(r"[\s,;/&]+", text) if t]
    if len(tokens) > 1 and all(parse_ref(t) is not None and not t.isdigit() for t in tokens):
        return "codes"  # "SO1, SO3": labels of other things, not text
    if (MONTH.search(text) and (YEAR.search(text) or len(words) <= 3)) or NUMERIC_DATE.search(text) \
            or (DATE_WORDS.match(text) and len(words) <= 6):
        return "date"
    value, readable = parse_cell_number(text)
    if readable and value is not None:
        return "date" if YEAR.fullmatch(text.strip()) else "number"
    if len(words) >= SENTENCE_WORDS:
        # OCR's junk from a cell it could not read ("or Ey Teo al (SF v") is no sentence: its
        # tokens are a letter or two; a sentence's average four or five
        letters = sum(sum(ch.isalpha() for ch in w) for w in words) / len(words)
        return "garbled" if letters < GARBLED_LETTERS else "sentence"
    return "name"


@dataclass(frozen=True)
class Profile:
    """The kinds of a column's cells: counts by kind, the mean words of its filled cells."""

    kinds: Counter[str]
    mean_words: float
    distinct: float  # the share of its filled cells whose text no other cell has (refs are unique)

    @property
    def filled(self) -> int:
        return sum(n for k, n in self.kinds.items() if k != "empty")

    def share(self, kind: Kind) -> float:
        """The share of the filled cells that are of this kind (0 for an empty column)."""
        return self.kinds[kind] / self.filled if self.filled else 0.0

    def is_(self, kind: Kind) -> bool:
        """Are enough of the filled cells of this kind (and at least two of them)?"""
        return self.kinds[kind] >= 2 and self.share(kind) >= CONTENT_SHARE


def profile(cells: list[tuple[str, RGB | None]],
            phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) -> Profile:
    """Given a column's cells as (text, fill), return their profile."""
    kinds = Counter(cell_kind(text, fill, phrases) for text, fill in cells)
    texts = [" ".join(text.split()) for text, _ in cells if text.split()]
    counts = Counter(texts)
    return Profile(kinds, sum(len(t.split()) for t in texts) / len(texts) if texts else 0.0,
                   sum(1 for t in texts if counts[t] == 1) / len(texts) if texts else 0.0)


STATUS_FAMILY = ("status", "status_previous", "status_goal")


def settle_roles(roles: list[str], profiles: list[Profile], headings: list[str] | None = None) -> list[str]:
    """Given the roles read from a table's headings and its columns' profiles, return the roles.

    - a heading's role stands unless the cells contradict it: a "status" of percentages is a
      percent, a "progress" of percentages a percent and of status words a status, a
      "progress" of short codes is no narrative, a "target" of numbers is a KPI's target;
    - a column whose heading says nothing takes the role its cells show: status, direction,
      percent, ref, date, or a narrative;
    - of several item columns the one with the longest text is the item; with none, a
      measure or indicator column is the item, else the leftmost column of sentences;
    - a column of sentences becomes the progress narrative only when nothing names it (a blank
      heading): a heading the vocabulary does not know ("Why", "Risks") still says it is
      something else.
    """
    blank = [not h.strip() for h in headings] if headings is not None else [True] * len(roles)
    out = [base_role(r) if base_role(r) == "other" else r for r in roles]
    for i, (role, p) in enumerate(zip(out, profiles)):
        base = base_role(role)
        if base in STATUS_FAMILY and p.is_("percent"):
            out[i] = "percent"
        elif base in STATUS_FAMILY and p.filled and p.share("sentence") >= CONTENT_SHARE:
            out[i] = "delivered" if "delivered" not in out else "other"
        elif base == "delivered" and p.is_("percent"):
            out[i] = "percent"
        elif base == "delivered" and p.is_("status"):
            out[i] = "status" if "status" not in out else "other"
        elif base == "delivered" and p.filled and p.share("ref") + p.share("codes") >= CONTENT_SHARE:
            out[i] = "other"  # a column of codes is no narrative, whatever its heading says
        elif base == "target" and p.filled >= 2 and p.share("number") + p.share("percent") >= CONTENT_SHARE:
            out[i] = "kpi_target"  # a column of numbers named "Target" is a KPI's target, not the item
        elif base == "percent" and p.filled and not (p.is_("percent") or p.is_("number")):
            out[i] = "other"
    targets = [i for i, r in enumerate(out) if base_role(r) == "target"]
    if len(targets) > 1:
        keep = max(targets, key=lambda i: profiles[i].mean_words)
        for i in targets:
            out[i] = "target" if i == keep else "other"
    elif targets and out[targets[0]] != "target":
        out[targets[0]] = "target"
    for i, (role, p) in enumerate(zip(out, profiles)):
        if role != "other":
            continue
        for kind, wanted in (("status", "status"), ("trend", "trend"), ("percent", "percent"), ("ref", "ref"),
                             ("date", "date")):
            if kind == "ref" and (p.distinct < UNIQUE_REFS or i > _first_text_column(profiles)):
                continue  # refs are unique, and come before the text they label
            if p.is_(kind) and wanted not in out:
                out[i] = wanted
                break
    if "target" not in out:
        measures = [i for i, r in enumerate(out) if r == "measure"]
        sentences = [i for i, (r, p) in enumerate(zip(out, profiles))
                     if r == "other" and p.filled and p.share("sentence") >= CONTENT_SHARE / 2]
        pick = measures[:1] or sentences[:1]
        if pick:
            out[pick[0]] = "target"
    if "target" in out and "delivered" not in out:
        after = [i for i, (r, p) in enumerate(zip(out, profiles)) if r == "other" and p.filled and blank[i]
                 and p.share("sentence") >= CONTENT_SHARE and i > out.index("target")]
        if after:
            out[after[0]] = "delivered"
    return _numbered(out)


def _first_text_column(profiles: list[Profile]) -> int:
    return next((i for i, p in enumerate(profiles) if p.filled and p.mean_words >= NAME_WORDS), len(profiles))


def _numbered(roles: list[str]) -> list[str]:
    """Repeated roles numbered again (other, other_2), so every column keeps a field of its own."""
    out: list[str] = []
    for role in roles:
        name = base_role(role)
        out.append(name if name not in out else f"{name}_{sum(1 for r in out if base_role(r) == name) + 1}")
    return out


def is_plan(roles: list[str]) -> bool:
    """Do these roles make a table whose rows are records: an item, and progress, a status or a plan's
    columns (owner, date, measure, percent, KPI values)? A glossary, a key or a list of names is not."""
    return "target" in roles and any(base_role(r) in PLAN_ROLES for r in roles)
