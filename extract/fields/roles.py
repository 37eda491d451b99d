"""Column roles by meaning: which heading means ref, item, progress, status, quarter, owner, date…

Report series name their columns differently ("Traffic light: did we deliver what we said
we would deliver?", "Has the target been achieved?", "RAG", "Initiative Health", "What we
have committed to", "Led by", "Timescale", "Direction of travel", "% Complete"). The
vocabulary is data: an ordered list of (role, pattern) per table kind, the first match wins,
so the more specific meanings come first (a goal's health before any status; a percent
complete before any progress; a status question that mentions "target" before the item).

A heading is only half the evidence: :mod:`.content` reads what a column holds, and a table's
roles are settled from both (:func:`settle_roles`).

Narrative roles:

- ``target`` — the item: commitment, action, initiative, milestone, indicator (the record's text)
- ``delivered`` — the progress narrative; ``status`` — the row's own traffic light
- ``status_previous``, ``status_goal`` — the row's other statuses; ``trend`` — direction of travel
- ``percent`` — percent complete (a number, never a status); ``percent_goal`` — the goal's
- ``ref``, ``owner``, ``date``, ``measure``, ``actual``, ``floor``, ``kpi_target`` (a KPI's target number)
- ``group`` — a column that groups rows (a goal over its initiatives, often merged cells)
- ``other`` — anything else, kept as a field of its own
"""

from __future__ import annotations

import re

Vocabulary = list[tuple[str, re.Pattern[str]]]


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_STATUSISH = r"(health|status|rag|rating|traffic\s*light|colou?r)"
NARRATIVE: Vocabulary = [
    ("status_goal", _p(rf"\b(goal|objective|priority|outcome)\b.*\b{_STATUSISH}\b")),
    ("percent_goal", _p(r"\bgoal\b.*(%|\bper\s*cent|\bpercent|\bpercentage)")),
    ("group", _p(r"^\s*(goals?|themes?|priorit(y|ies)|strategic (aims?|priorit(y|ies)|objectives?|themes?)|"
                 r"outcomes?|programmes?|pillars?|ambitions?|goal description|description of (dept\.? |department )?"
                 r"goals?)\s*:?\s*$")),
    ("status_previous", _p(rf"^\W*(previous|prior|last (quarter|period|month|year))\W*$|"
                           rf"\b(previous|prior|last (quarter|period|month|year))\b.*\b{_STATUSISH}\b|"
                           rf"\b{_STATUSISH}\b.*\b(previous|prior|last (quarter|period|month|year))\b")),
    ("trend", _p(r"direction of travel|\bdot\b|\btrend\b|^\s*direction\s*$")),
    ("percent", _p(r"%|\bper\s*cent|\bpercent|\bpercentage\b|\bcompletion\b(?!\s*date)")),
    ("status", _p(r"traffic\s*light|\brag\b|\bstatus\b|\brating\b|has the target been achieved|\bhealth\b"
                  r"|achieved\s*\?|did we deliver|on track\s*\?|\bassessment\b|^\s*result\s*:?\s*$")),
    ("ref", _p(r"^\s*(ref(erence)?\.?|no\.?|#|id|item)\s*$")),
    ("owner", _p(r"\blead\b|\bled by\b|\bowners?\b|\bresponsib|^\s*who\b|\baccountable\b|\bofficer\b"
                 r"|portfolio holder")),
    # the date a row was written or changed (a log's), not when its work is due
    ("other", _p(r"\bdates?\s*(added|changed|created|updated|modified|amended|edited|raised|logged|opened)\b"
                 r"|\b(added|changed|created|updated|modified|raised|logged)\b.*\bdates?\b")),
    ("date", _p(r"(?<!to )\bdates?\b|\bdeadline\b|\btimescales?\b|^\s*when\s*:?\s*$|\bby when\b|\btime\s*(line|frame)\b"
                r"|^\s*due\b|\bfrequency\b|\bhow often\b")),
    ("floor", _p(r"\bfloor\b|\bthreshold\b|\btolerance\b|minimum standard")),
    ("actual", _p(r"\bactual\b|^\s*latest\b|\bout-?turn\b|current value")),
    ("measure", _p(r"\bmeasures?\b|\bmeasure of success\b|check-?step|\bkpis?\b|\bindicators?\b")),
    ("delivered", _p(r"\bdelivered\b|\bprogress\b|\bupdate\b|\bachieved to date\b|\boutcome|\bnarrative\b|"
                     r"\bcomments?\b|\bcommentary\b|\bperformance\b|what we have achieved|\bevidence\b")),
    ("target", _p(r"\btargets?\b|\bdeliverables?\b|\bcommitments?\b|\bcommitted\b|\bobjectives?\b|\bactions?\b|"
                  r"\bmilestones?\b|what we (said we )?(will|would) do|\bpledges?\b|\bactivit(y|ies)\b|"
                  r"\bprojects?\b|\bdescription\b|\binitiatives?\b|\baims?\b|^\s*what\b|\bcriteri(on|a)\b")),
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
#: roles a row's own status may be read from, and the names its other statuses go under
STATUS_ROLES = {"status": None, "status_previous": "previous", "status_goal": "goal", "trend": "trend"}
#: a table whose rows are records has an item column and one of these (else it is a list, a key, a glossary)
PLAN_ROLES = {"delivered", "status", "owner", "date", "measure", "percent", "trend", "actual", "kpi_target"}
#: the original roles of the sample series, for telling a header of that kind (see classify_header)
CLASSIC_ROLES = {"target", "delivered", "status", "ref"}


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
        return "quarterly", dedupe(quarterly)
    narrative = [role_of(h, NARRATIVE) for h in headings]
    known = {r for r in narrative if r}
    if NARRATIVE_REQUIRED <= known and len(known) >= 2:
        return "narrative", dedupe(narrative)
    return None


def header_roles(headings: list[str]) -> tuple[str, list[str]]:
    """Given column headings, return (table kind, role per column) whatever they name.

    A quarterly header (two quarters and a deliverable) is quarterly; anything else is read
    as a narrative table whose roles may be unknown ("other") — the table's content and
    :func:`settle_roles` decide what it is.
    """
    classified = classify_header(headings)
    if classified is not None and classified[0] == "quarterly":
        return classified
    return "narrative", dedupe([role_of(h, NARRATIVE) for h in headings])


def dedupe(roles: list[str | None]) -> list[str]:
    """Given roles per column, return them with unknowns as "other" and repeats numbered."""
    out: list[str] = []
    for role in roles:
        name = role or "other"
        if name in out:
            name = f"{name}_{sum(1 for r in out if r.startswith(name))+1}"
        out.append(name)
    return out


def base_role(role: str) -> str:
    """Given a role as numbered by :func:`dedupe` ("target_2"), return the role it repeats ("target")."""
    return re.sub(r"_\d+$", "", role)
