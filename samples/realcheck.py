"""Score an extraction of a real report against its hand-checked expectation (samples/real/expected/).

A row is found when an extracted deliverable's target reads as the expected one (text folded
the way the contract cleans it: white space, no space before closing punctuation; at least
90 % similar, so a slip in one word still finds its row). For each found row: is the status
right (``status`` and ``statuses``), is the group right. For every document: how many
statuses were given where the expectation has none (invented).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
FOUND_SIMILARITY = 90.0


def fold(text: str | None) -> str:
    """Text as compared: white space folded, no space before closing punctuation, hyphen marks plain."""
    text = " ".join((text or "").replace("\ufffe", "-").split())
    return re.sub(r"\s+([.,;:!?)])(?=\s|$)", r"\1", text)


@dataclass
class RealScore:
    """How an extraction of one real report compares with its expectation."""

    name: str
    expected: int
    found: int = 0
    status_right: int = 0
    group_right: int = 0
    exact: int = 0  # found, status, group, target and delivered all right
    invented: list[str] = field(default_factory=list)  # statuses where the expectation has none
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def share(self, n: int) -> float:
        return n / self.expected if self.expected else 1.0


def expected_of(name: str) -> dict[str, Any]:
    return json.loads((REAL / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def score(name: str, got: dict[str, Any]) -> RealScore:
    """Given a real report's name and its extraction (contract JSON), return the score."""
    want = expected_of(name)["deliverables"]
    rows = got["deliverables"]
    result = RealScore(name, len(want))
    used: set[int] = set()
    for w in want:
        target = fold(w["target"])
        best, best_score = None, FOUND_SIMILARITY - 1e-9
        for i, g in enumerate(rows):  # the first of equally good rows: a report may print one text twice
            if i in used:
                continue
            s = fuzz.ratio(target, fold(g["target"]))
            if s > best_score:
                best, best_score = i, s
        if best is None:
            result.missing.append(target[:60])
            continue
        used.add(best)
        g = rows[best]
        result.found += 1
        status_ok = g["status"] == w["status"] and (g.get("statuses") or {}) == w["statuses"]
        group_ok = [fold(x) for x in g.get("group", [])] == [fold(x) for x in w["group"]]
        result.status_right += status_ok
        result.group_right += group_ok
        text_ok = fold(g["target"]) == target and fold(g["delivered"]) == fold(w["delivered"])
        pct_ok = g.get("percent_complete") == w.get("percent_complete")
        result.exact += status_ok and group_ok and text_ok and pct_ok
        if not (status_ok and group_ok and text_ok and pct_ok):
            what = [k for k, ok in (("status", status_ok), ("group", group_ok), ("text", text_ok),
                                    ("percent", pct_ok)) if not ok]
            result.wrong.append(f"{target[:50]}: {', '.join(what)}")
        if w["status"] is None and not w["statuses"] and (g["status"] or g.get("statuses")):
            result.invented.append(target[:50])
    result.extra = [fold(g["target"])[:60] for i, g in enumerate(rows) if i not in used]
    result.invented += [t for i, g in enumerate(rows) if i not in used and (g["status"] or g.get("statuses"))
                        for t in [fold(g["target"])[:50]]]
    return result
