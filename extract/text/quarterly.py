"""Numbers-per-quarter tables in text extractions: rows are where the numbers are.

What these tables do in old extractions, and the answer to each:

- **Theme lines**: a theme name alone, often split over the theme and deliverable cells
  ("Peer Work⇥in Local Authorities", "Strong Poli⇥itical Leadership"); sometimes carrying
  the numbers of a row whose text was lost (a row with an empty deliverable, flagged).
- **Text and numbers on different lines**: a line of numbers is one row. Text without numbers
  continues the row above when it starts in lower case; from a capitalised word on, it begins
  the next row (whose numbers come on a later line).
- **A garbled copy of a row's numbers** (the row above's target and quarters again, with a
  mangled percentage) is set aside; its text is kept as above.
- **A detached column**: "% achieved" printed as a separate list further down. When the list
  has as many values as the table has rows, each value goes to its row: it fills an empty
  cell, confirms an equal one, and where the row's own value is garbled, arithmetic decides.
- **Missing columns**: a row with fewer numbers than columns (the theme and an unreported
  quarter left no cell) is placed by arithmetic: the reading in which the quarters add up to
  the total and the percentage is total / target wins, flagged ``columns_inferred``.
"""

from __future__ import annotations

import itertools

from ...contract import Flag
from ..fields.numbers import parse_cell_number
from ..fields.roles import QUARTERLY, role_of
from ..fields.text import clean_cell
from ..model import Dropped, Source
from .cells import RowDraft, Vocabulary, text_cell
from .reader import TextLine

COUNTS = ("target", "q1", "q2", "q3", "q4", "total")
THEME_WORDS = 8
DETACHED_ROLES = {"pct_achieved", "commentary", "total"}
#: placing numbers by arithmetic: a reading earns this for quarters that add up to the total, as
#: much for a percentage that is total / target, and a little for each later quarter left empty
#: (a report in mid-year has not reported them yet)
ADDS_UP, PERCENT_AGREES, LATER_QUARTER_EMPTY = 2.0, 2.0, 0.5
SUM_TOLERANCE = 0.5  # counts: a total this close to the sum is the sum
PERCENT_TOLERANCE = 1.0  # percentage points: a printed percentage this close to total / target agrees
REPEATED_NUMBERS = 3  # a line repeating the row above's target and this many numbers in all is its copy


def quarterly_rows(body: list[TextLine], roles: list[str], vocab: Vocabulary, dropped: list[Dropped],
                   warnings: list[str]) -> list[RowDraft]:
    """Given the lines under a quarterly header and its roles, return theme and number rows."""
    rows: list[RowDraft] = []
    numbered: list[RowDraft] = []
    pending: list[tuple[str, int]] = []
    detached: tuple[str, list[tuple[str, int]]] | None = None
    text_roles = [r for r in roles if r in ("theme", "deliverable")]
    for line in body:
        cells = [clean_cell(c) for c in line.cells]
        source = Source(None, None, line.number)
        if not any(cells):
            if detached is not None:
                _apply_detached(detached, numbered, warnings, dropped)
                detached = None
            continue
        if detached is not None:
            detached[1].append((cells[0], line.number))
            continue
        list_role = _detached_header(cells)
        if list_role is not None:
            detached = (list_role, [])
            dropped.append(Dropped(clean_cell(line.text), f"header of a separate list of the {list_role} column",
                                   source))
            continue
        numbers = [(i, c) for i, c in enumerate(cells) if c and _numeric(c)]
        texts = [(i, c) for i, c in enumerate(cells) if c and not _numeric(c)]
        if not numbers:
            theme = _theme(texts, roles, vocab)
            if theme is not None:
                row = RowDraft("section", "quarterly", first_line=line.number)
                repaired = vocab.restore_first_letter(theme)
                row.add("heading", repaired, line.number)
                if repaired != theme:
                    row.field_flags["heading"] = [Flag.TEXT_REPAIRED]
                rows.append(row)
                continue
            for _, text in texts:
                _place_text(text, line.number, numbered, pending)
            continue
        values = _assign_numbers(numbers, roles)
        if numbered and _repeats_numbers(values, numbered[-1]):
            dropped.append(Dropped(" ".join(c for _, c in numbers), f"garbled copy of the numbers of the row "
                                   f"above (line {numbered[-1].first_line})", source))
            for _, text in texts:
                _place_text(text, line.number, numbered, pending)
            continue
        row = RowDraft("quarterly", "quarterly", first_line=line.number)
        theme = _theme(texts, roles, vocab) if len(texts) == 2 and texts[0][0] == roles.index("theme") else None
        for text, number in pending:  # the row's text began on the lines above its numbers
            row.add("deliverable", text, number)
        if theme is not None:
            heading = RowDraft("section", "quarterly", first_line=line.number)
            heading.add("heading", theme, line.number)
            rows.append(heading)
            if not pending:
                row.field_flags["deliverable"] = [Flag.TARGET_MISSING]
        else:
            for i, text in texts:
                role = roles[i] if i < len(roles) and roles[i] in text_roles else "deliverable"
                if role == "theme" and len(texts) == 1 and len(text.split()) > THEME_WORDS:
                    role = "deliverable"  # a shifted line: a sentence is no theme
                row.add(role, text, line.number)
            if not row.cells.get("deliverable"):
                row.field_flags["deliverable"] = [Flag.TARGET_MISSING]
        pending = []
        for role, (text, inferred) in values.items():
            row.cells.setdefault(role, []).append(text_cell(text, line.number))
            if inferred:
                row.field_flags.setdefault(role, []).append(Flag.COLUMNS_INFERRED)
        rows.append(row)
        numbered.append(row)
    if detached is not None:
        _apply_detached(detached, numbered, warnings, dropped)
    if pending and numbered:
        for text, number in pending:
            numbered[-1].add("deliverable", text, number)
    return rows


def _numeric(text: str) -> bool:
    value, readable = parse_cell_number(text)
    return (readable and value is not None) or text.lower() in ("n/a", "-")


def _detached_header(cells: list[str]) -> str | None:
    """A line naming only number or commentary columns ("% achieved⇥Commentary") heads a list."""
    named = [c for c in cells if c]
    found = [role_of(c, QUARTERLY) for c in named]
    if not named or any(r not in DETACHED_ROLES for r in found):
        return None
    first = found[0]
    return first if first in ("pct_achieved", "total") else None


def _theme(texts: list[tuple[int, str]], roles: list[str], vocab: Vocabulary) -> str | None:
    """A theme name in the theme cell, maybe split into the next cell; None if it is not one."""
    if not texts or "theme" not in roles:
        return None
    theme_col = roles.index("theme")
    if texts[0][0] != theme_col and not (len(texts) == 1 and texts[0][0] == 0):
        return None
    if len(texts) == 1:
        return texts[0][1] if len(texts[0][1].split()) <= THEME_WORDS else None
    if len(texts) == 2 and texts[1][0] == texts[0][0] + 1:
        left, right = texts[0][1], texts[1][1]
        if not right[:1].isupper() or not left[-1:].isalpha() or len(left.split()) <= 2:
            joined = vocab.join(left, right)
            if len(joined.split()) <= THEME_WORDS:
                return joined
    return None


def _place_text(text: str, line: int, numbered: list[RowDraft], pending: list[tuple[str, int]]) -> None:
    """Text without numbers: its lower-case start continues the row above, a capitalised rest begins the next."""
    words = text.split()
    split = next((k for k, w in enumerate(words) if k > 0 and w[:1].isupper() and words[k - 1][:1].islower()),
                 None)
    head, tail = (words, []) if split is None else (words[:split], words[split:])
    if head and head[0][:1].islower() and numbered:
        numbered[-1].add("deliverable", " ".join(head), line)
    elif head:
        tail = head + tail
    if tail:
        pending.append((" ".join(tail), line))


def _assign_numbers(numbers: list[tuple[int, str]], roles: list[str]) -> dict[str, tuple[str, bool]]:
    """Given a line's numeric cells, return them by role: by position when they sit under their
    columns, else by the reading in which the arithmetic holds (flagged as inferred)."""
    positional = {roles[i]: (text, False) for i, text in numbers if i < len(roles) and roles[i] in (*COUNTS,
                                                                                                     "pct_achieved")}
    if len(positional) == len(numbers) and _positional_fits(numbers, roles):
        return positional
    pct = [t for _, t in numbers if t.endswith("%")]
    counts = [t for _, t in numbers if not t.endswith("%")]
    if len(counts) > len(COUNTS):
        return positional
    best: tuple[float, tuple[str, ...]] | None = None
    for chosen in itertools.combinations(COUNTS, len(counts)):
        score = _arithmetic_score(dict(zip(chosen, counts)), pct[0] if pct else None)
        score += LATER_QUARTER_EMPTY * sum(1 for r in COUNTS if r not in chosen and r.startswith("q") and r > max(
            (c for c in chosen if c.startswith("q")), default="q0"))
        if best is None or score > best[0]:
            best = (score, chosen)
    assert best is not None
    out = {role: (text, True) for role, text in zip(best[1], counts)}
    if pct:
        out["pct_achieved"] = (pct[0], True)
    return out


def _positional_fits(numbers: list[tuple[int, str]], roles: list[str]) -> bool:
    """Numbers sit under their columns when the line starts with the text columns it should."""
    return all(i < len(roles) and roles[i] in (*COUNTS, "pct_achieved") for i, _ in numbers) and \
        min(i for i, _ in numbers) >= sum(1 for r in roles if r in ("theme", "deliverable"))


def _arithmetic_score(values: dict[str, str], pct: str | None) -> float:
    nums = {k: parse_cell_number(v)[0] for k, v in values.items()}
    quarters = [v for k, v in nums.items() if k.startswith("q") and v is not None]
    score = 0.0
    total, target = nums.get("total"), nums.get("target")
    if total is not None and quarters and abs(sum(quarters) - total) < SUM_TOLERANCE:
        score += ADDS_UP
    p = parse_cell_number(pct)[0] if pct else None
    if p is not None and total is not None and target:
        if abs(100 * total / target - p) <= PERCENT_TOLERANCE:
            score += PERCENT_AGREES
    return score


def _repeats_numbers(values: dict[str, tuple[str, bool]], previous: RowDraft) -> bool:
    """Does a line's numbers repeat the row above's (its target and at least two more numbers)?"""
    same = [role for role, (text, _) in values.items()
            if role in COUNTS and previous.text(role) and previous.text(role) == text]
    return "target" in same and len(same) >= REPEATED_NUMBERS


def _apply_detached(detached: tuple[str, list[tuple[str, int]]], numbered: list[RowDraft], warnings: list[str],
                    dropped: list[Dropped]) -> None:
    """Give each row its value from a separate list of one column, when the counts agree."""
    role, values = detached
    if len(values) != len(numbered):
        warnings.append(f"a separate list of {len(values)} {role} values does not match the {len(numbered)} "
                        "rows of its table; it was not used")
        for text, line in values:
            dropped.append(Dropped(text, f"value of a separate {role} list that could not be matched to rows",
                                   Source(None, None, line)))
        return
    for row, (text, line) in zip(numbered, values):
        own = row.text(role)
        if own == text:
            dropped.append(Dropped(text, f"second reading of the {role} of the row at line {row.first_line} "
                                         "(agrees)", Source(None, None, line)))
            continue
        if not own:
            row.cells[role] = [text_cell(text, line)]
            row.field_flags.setdefault(role, []).append(Flag.REJOINED_LINES)
        elif _clean_percent(text) and not _clean_percent(own):
            row.cells[role] = [text_cell(text, line)]  # the list read the cell the row garbled
            row.field_flags.setdefault(role, []).append(Flag.NUMERIC_REPAIRED)
        else:
            row.field_flags.setdefault(role, []).append(Flag.ENGINE_DISAGREEMENT)
            dropped.append(Dropped(text, f"second reading of the {role} of the row at line {row.first_line} "
                                         f"(disagrees: {own})", Source(None, None, line)))


def _clean_percent(text: str) -> bool:
    return text.endswith("%") and parse_cell_number(text)[0] is not None
