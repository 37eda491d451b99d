"""Column roles found by meaning: which heading means ref, target, progress, status, quarter.

Report series name their columns differently ("Traffic light: did we deliver what we said
we would deliver?", "Has the target been achieved?", "RAG", "Status"). The vocabulary is
data: an ordered list of (role, pattern) per table kind, the first match wins, so the more
specific meanings (a status question that mentions "target") come before the general ones.
"""

from __future__ import annotations

import re

Vocabulary = list[tuple[str, re.Pattern[str]]]


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


NARRATIVE: Vocabulary = [
    ("status", _p(r"traffic\s*light|\brag\b|\bstatus\b|\brating\b|has the target been achieved"
                  r"|achieved\s*\?|did we deliver|on track\s*\?")),
    ("ref", _p(r"^\s*(ref(erence)?\.?|no\.?|#|id|item)\s*$")),
    ("delivered", _p(r"\bdelivered\b|\bprogress\b|\bupdate\b|\bachieved to date\b|\boutcome|"
                     r"\bcomments?\b|\bcommentary\b|\bperformance\b")),
    ("target", _p(r"\btargets?\b|\bdeliverables?\b|\bcommitments?\b|\bobjectives?\b|\bactions?\b|"
                  r"\bmilestones?\b|what we (said we )?(will|would) do|\bpledges?\b|\bactivit(y|ies)\b|"
                  r"\bprojects?\b|\bdescription\b|\binitiatives?\b|\baims?\b")),
]

QUARTERLY: Vocabulary = [
    ("q1", _p(r"^\s*q(uarter)?\s*1\b|\bapr(il)?\s*-\s*jun")),
    ("q2", _p(r"^\s*q(uarter)?\s*2\b|\bjul(y)?\s*-\s*sep")),
    ("q3", _p(r"^\s*q(uarter)?\s*3\b|\boct(ober)?\s*-\s*dec")),
    ("q4", _p(r"^\s*q(uarter)?\s*4\b|\bjan(uary)?\s*-\s*mar")),
    ("pct_achieved", _p(r"%|\bper\s*cent\b|\bpercentage\b")),
    ("total", _p(r"^\s*(total|cumulative|year to date|ytd)\b")),
    ("theme", _p(r"^\s*(theme|area|priority|section)\b")),
    ("commentary", _p(r"\bcomment|\bforecast\b|\bnotes?\b")),
    ("target", _p(r"\btarget\b")),
    ("deliverable", _p(r"\bdeliverables?\b|\bmeasures?\b|\bindicators?\b|\bcommitments?\b")),
]

NARRATIVE_REQUIRED = {"target"}
QUARTERLY_REQUIRED = {"deliverable"}
QUARTER_ROLES = ("q1", "q2", "q3", "q4")


def role_of(heading: str, vocabulary: Vocabulary) -> str | None:
    """Given a column heading, return its role in the vocabulary, or None."""
    text = " ".join(heading.split())
    for role, pattern in vocabulary:
        if pattern.search(text):
            return role
    return None


def classify_header(headings: list[str]) -> tuple[str, list[str]] | None:
    """Given column headings, return (table kind, role per column), or None if not a header.

    A header of a quarterly table names at least two quarters; a narrative header needs a
    target column and one more known role. Unknown columns get the role "other".
    """
    quarterly = [role_of(h, QUARTERLY) for h in headings]
    if sum(r in QUARTER_ROLES for r in quarterly) >= 2 and QUARTERLY_REQUIRED <= set(quarterly):
        return "quarterly", _dedupe(quarterly)
    narrative = [role_of(h, NARRATIVE) for h in headings]
    known = {r for r in narrative if r}
    if NARRATIVE_REQUIRED <= known and len(known) >= 2:
        return "narrative", _dedupe(narrative)
    return None


def _dedupe(roles: list[str | None]) -> list[str]:
    """Given roles per column, return them with unknowns as "other" and repeats numbered."""
    out: list[str] = []
    for role in roles:
        name = role or "other"
        if name in out:
            name = f"{name}_{sum(1 for r in out if r.startswith(name))+1}"
        out.append(name)
    return out
