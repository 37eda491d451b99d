"""Score an extracted scanned sample against its digital twin's expectation (the issue's bar).

A scanned sample has the content of a digital one, so the digital sample's expectation is
what a careful reader of the scan records too. The figures: the share of deliverables
recovered, of statuses right, of targets at least 97% similar (rapidfuzz ratio), and the
rows that are not exactly right yet carry no flag beyond ``ocr`` — those are the ones an
auditor would not be warned about — and the rows the twin does not have at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

FIELDS = ("section", "subsection", "ref", "status", "target", "delivered", "target_value", "delivered_value")
SIMILAR = 97.0


@dataclass
class TwinScore:
    """How a scanned sample's deliverables compare with its digital twin's expectation."""

    expected: int
    recovered: int = 0
    status_right: int = 0
    target_similar: int = 0
    exact: int = 0
    unflagged_wrong: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # rows the twin does not have (a heading read as a row)
    unflagged_extra: list[str] = field(default_factory=list)
    status_survives: int = 0  # recovered rows whose status the copy still shows, as a word or a colour
    status_right_surviving: int = 0  # ... of which the status read is the twin's
    status_guessed: list[str] = field(default_factory=list)  # a status that did not survive, yet not null and flagged

    def share(self, count: int, of: int | None = None) -> float:
        total = self.expected if of is None else of
        return count / total if total else 1.0


def colour_only_statuses(digital: dict[str, Any]) -> frozenset[str]:
    """Given the digital twin as extracted, the targets (first 40 characters) of its rows whose
    status was read from the cell's colour alone."""
    return frozenset(r["target"][:40] for r in digital["deliverables"]
                     if "status_from_colour" in r.get("fields", {}).get("status", {}).get("flags", []))


def _pair(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Pair each expected row with the extracted row it is: same ref, else the most similar target."""
    out: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    free = list(range(len(got)))
    scored = []
    for i, w in enumerate(want):
        for j in free:
            g = got[j]
            similarity = fuzz.ratio(g["target"] or "", w["target"] or "")
            same_ref = bool(w.get("ref")) and g.get("ref") == w.get("ref")
            scored.append((same_ref, similarity, i, j))
    taken_w: dict[int, int] = {}
    taken_g: set[int] = set()
    for same_ref, similarity, i, j in sorted(scored, reverse=True):
        if i in taken_w or j in taken_g or (not same_ref and similarity < 60):
            continue
        taken_w[i] = j
        taken_g.add(j)
    for i, w in enumerate(want):
        out.append((w, got[taken_w[i]] if i in taken_w else None))
    return out


def score(got: dict[str, Any], want: dict[str, Any], colour_only: frozenset[str] = frozenset(),
          colour_survives: bool = True) -> TwinScore:
    """Given an extracted document and the twin's expectation, return the figures.

    ``colour_only`` holds the targets (their first 40 characters) whose status the twin shows only
    as a colour; when the copy lost colour (``colour_survives`` false: greyscale, fax) those
    statuses no longer survive, and the right reading is null, flagged — never a guess."""
    result = TwinScore(expected=len(want["deliverables"]))
    pairs = _pair(got["deliverables"], want["deliverables"])
    paired = {id(g) for _, g in pairs if g is not None}
    for g in got["deliverables"]:
        if id(g) not in paired:
            result.extra.append(g["target"][:40])
            if not [f for f in g["flags"] if f != "ocr"]:
                result.unflagged_extra.append(g["target"][:40])
    for w, g in pairs:
        label = w.get("ref") or w["target"][:40]
        if g is None:
            result.missing.append(label)
            continue
        result.recovered += 1
        result.status_right += g["status"] == w["status"]
        if colour_survives or w["target"][:40] not in colour_only:
            result.status_survives += 1
            result.status_right_surviving += g["status"] == w["status"]
        else:  # a status named that the copy no longer shows, or a silent null, is a guess
            doubts = [f for f in g.get("fields", {}).get("status", {}).get("flags", []) if f != "ocr"]
            if (g["status"] is not None and g["status"] != w["status"]) or (g["status"] is None and not doubts):
                result.status_guessed.append(label)
        result.target_similar += fuzz.ratio(g["target"] or "", w["target"] or "") >= SIMILAR
        exact = all(g.get(k) == w.get(k) for k in FIELDS if k in w)
        result.exact += exact
        if not exact and not [f for f in g["flags"] if f != "ocr"]:
            wrong = ", ".join(k for k in FIELDS if k in w and g.get(k) != w.get(k))
            result.unflagged_wrong.append(f"{label}: {wrong}")
    return result
