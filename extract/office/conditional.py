"""Conditional formatting: the fill a sheet's rules give a cell, for the rules trackers use.

A tracker often colours its status column by rule ("cell value equals "Green" → green fill"),
so the file stores the word and the rule, and only Excel draws the colour; where the word is
hidden (a white font, a blank) the colour is all there is. The common rules are evaluated here:
cell value equal / not equal / between / greater or less than a constant, text contains / begins
with / ends with, and expressions of the two shapes trackers write (``$C2="Green"``,
``ISNUMBER(SEARCH("Green",C2))``). Any other rule is named in a warning, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import column_index_from_string, range_boundaries

from ..model import RGB
from .colours import resolve

EQUALS = re.compile(r'^\s*\$?([A-Z]{1,3})\$?(\d+)\s*=\s*"([^"]*)"\s*$', re.IGNORECASE)
SEARCH = re.compile(r'^\s*(?:ISNUMBER\(\s*)?(SEARCH|FIND)\(\s*"([^"]*)"\s*,\s*\$?([A-Z]{1,3})\$?(\d+)\s*\)\s*\)?\s*$',
                    re.IGNORECASE)


Test = Callable[[int, int, Any, Callable[[int, int], Any]], bool]  # row, column, value, value at (row, column)


@dataclass(frozen=True)
class _Rule:
    boxes: tuple[tuple[int, int, int, int], ...]  # min_col, min_row, max_col, max_row
    priority: int
    stop: bool
    fill: RGB | None
    test: Test


class ConditionalFills:
    """A sheet's conditional formats, ready to say which fill a cell takes."""

    def __init__(self, sheet: Any, theme: tuple[str, ...], indexed: tuple[str, ...]) -> None:
        self.rules: list[_Rule] = []
        self.unread: list[str] = []
        for formatting in sheet.conditional_formatting:
            boxes = tuple(range_boundaries(str(r)) for r in formatting.sqref.ranges)
            top_left = (min(b[1] for b in boxes), min(b[0] for b in boxes))
            for rule in formatting.rules:
                fill = _dxf_fill(rule, theme, indexed)
                test = _test(rule, top_left)
                if test is None:
                    if fill is not None:
                        self.unread.append(f"{formatting.sqref} ({rule.type}"
                                           f"{' ' + rule.operator if rule.operator else ''})")
                    continue
                self.rules.append(_Rule(boxes, int(rule.priority or 0), bool(rule.stopIfTrue), fill, test))
        self.rules.sort(key=lambda r: r.priority)

    def fill(self, row: int, column: int, value: Any, value_at: Callable[[int, int], Any]) -> RGB | None:
        """The fill the first rule that holds for the cell gives it (None: no rule fills it)."""
        for rule in self.rules:
            if not any(b[0] <= column <= b[2] and b[1] <= row <= b[3] for b in rule.boxes):
                continue
            if rule.test(row, column, value, value_at):
                if rule.fill is not None:
                    return rule.fill
                if rule.stop:
                    return None
        return None


def _dxf_fill(rule: Any, theme: tuple[str, ...], indexed: tuple[str, ...]) -> RGB | None:
    """The fill colour of a rule's format: a solid pattern's colour (a differential format keeps it
    as the background colour, where a cell's own fill keeps it as the foreground)."""
    fill = getattr(getattr(rule, "dxf", None), "fill", None)
    if fill is None:
        return None
    for color in (getattr(fill, "bgColor", None), getattr(fill, "fgColor", None), getattr(fill, "start_color", None)):
        rgb = resolve(color, theme, indexed)
        if rgb is not None:
            return rgb
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _constant(formula: str) -> Any:
    """A rule's operand: a quoted string, or a number; anything else (a reference, a function) is
    not a constant and the rule is not read."""
    formula = formula.strip()
    if len(formula) >= 2 and formula[0] == formula[-1] == '"':
        return formula[1:-1].replace('""', '"')
    number = _number(formula)
    if number is None:
        raise ValueError(formula)
    return number


def _same(value: Any, constant: Any) -> bool:
    if isinstance(constant, str):
        return str(value if value is not None else "").strip().lower() == constant.lower()
    number = _number(value)
    return number is not None and number == constant


def _test(rule: Any, top_left: tuple[int, int]) -> Test | None:
    """The rule as a test of a cell, or None when it is not one of the rules read here."""
    kind, operator = rule.type, rule.operator
    formulas = list(rule.formula or [])
    text = (rule.text or "").lower()
    try:
        if kind == "cellIs" and formulas:
            operands = [_constant(f) for f in formulas]
            return _cell_is(operator, operands)
    except ValueError:
        return None
    if kind in ("containsText", "notContainsText", "beginsWith", "endsWith") and text:
        def contains(row: int, column: int, value: Any, at: Callable[[int, int], Any]) -> bool:
            cell = str(value if value is not None else "").lower()
            found = {"containsText": text in cell, "notContainsText": text not in cell,
                     "beginsWith": cell.startswith(text), "endsWith": cell.endswith(text)}
            return found[kind]
        return contains
    if kind == "expression" and len(formulas) == 1:
        return _expression(formulas[0], top_left)
    return None


def _cell_is(operator: str | None, operands: list[Any]) -> Test | None:
    first = operands[0]
    if operator == "equal":
        return lambda r, c, v, at: _same(v, first)
    if operator == "notEqual":
        return lambda r, c, v, at: not _same(v, first)
    if operator in ("between", "notBetween") and len(operands) == 2 and all(isinstance(o, float) for o in operands):
        low, high = sorted(operands)

        def between(r: int, c: int, v: Any, at: Callable[[int, int], Any]) -> bool:
            number = _number(v)
            inside = number is not None and low <= number <= high
            return inside if operator == "between" else (number is not None and not inside)
        return between
    compare: dict[str, Callable[[float, float], bool]] = {
        "greaterThan": lambda a, b: a > b, "lessThan": lambda a, b: a < b,
        "greaterThanOrEqual": lambda a, b: a >= b, "lessThanOrEqual": lambda a, b: a <= b}
    if operator in compare and isinstance(first, float):
        op = compare[operator]

        def compared(r: int, c: int, v: Any, at: Callable[[int, int], Any]) -> bool:
            number = _number(v)
            return number is not None and bool(op(number, first))
        return compared
    return None


def _expression(formula: str, top_left: tuple[int, int]) -> Test | None:
    """``$C2="Green"`` or ``ISNUMBER(SEARCH("Green",C2))``, the reference relative to the range's
    top-left cell unless anchored with $ (a rule over C2:C40 reads C3 for the cell in row 3)."""
    match = EQUALS.match(formula)
    if match:
        column_text, row_text, wanted = match.groups()
        refer = _reference(formula, column_text, row_text, top_left)
        return lambda r, c, v, at: _same(at(*refer(r, c)), wanted)
    match = SEARCH.match(formula)
    if match:
        function, wanted, column_text, row_text = match.groups()
        refer = _reference(formula, column_text, row_text, top_left)

        def searched(r: int, c: int, v: Any, at: Callable[[int, int], Any]) -> bool:
            cell = str(at(*refer(r, c)) or "")
            return wanted.lower() in cell.lower() if function.upper() == "SEARCH" else wanted in cell
        return searched
    return None


def _reference(formula: str, column_text: str, row_text: str, top_left: tuple[int, int]
               ) -> Callable[[int, int], tuple[int, int]]:
    """How a reference in a rule moves with the cell the rule is tested on."""
    column, row = column_index_from_string(column_text.upper()), int(row_text)
    anchored_column = f"${column_text}" in formula
    anchored_row = f"{column_text}${row_text}" in formula or f"${column_text}${row_text}" in formula
    first_row, first_column = top_left

    def refer(r: int, c: int) -> tuple[int, int]:
        return (row if anchored_row else row + r - first_row, column if anchored_column else column + c - first_column)
    return refer
