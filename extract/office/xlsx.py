"""Excel workbooks (``.xlsx``, ``.xlsm``) read with openpyxl: each visible sheet a grid.

What a sheet declares is read as declared: merged ranges are one cell over the positions they
cover; a cell's fill is its solid pattern's colour, theme colours and tints resolved to RGB
(:mod:`.colours`), or the fill a conditional format's rule gives it (:mod:`.conditional`); its
text is its value as shown — a percentage as "25%", a date as 2018-03-31, a number with the
thousands separators its format asks for — in runs keeping bold and italic (a rich-text cell's
bold "E1." prefix is a ref, as in a PDF). Hidden sheets, rows and columns never become fields.
A formula is read from the value Excel saved with it; one saved without a value is empty and
flagged ``formula_not_cached``. Nothing is fetched (external links) and nothing runs (macros).
"""

from __future__ import annotations

import datetime as dt
import warnings as python_warnings
from pathlib import Path
from typing import Any

from ...contract import Flag, Kind
from ..errors import LimitExceeded, UnreadableDocument
from ..model import RGB
from .archive import Archive
from .colours import resolve, theme_colours
from .conditional import ConditionalFills
from .grid import Addresses, OfficeBook, OfficeCell, OfficeTable, Run


def read_xlsx(path: Path, archive: Archive, max_cells: int) -> OfficeBook:
    """Given a workbook (its archive already checked against the limits), return its visible sheets
    as grids, in the workbook's order.

    :raises LimitExceeded: a sheet declares more than ``max_cells`` cells (0: no limit)
    :raises UnreadableDocument: openpyxl cannot read it
    """
    import openpyxl
    from openpyxl.styles.colors import COLOR_INDEX

    tags = archive.sheet_tags()
    for name, (cells, _) in tags.items():
        if max_cells and cells > max_cells:
            raise LimitExceeded(path, f"a sheet ({name}) holds {cells:,} cells (limit: max_page_objects "
                                      f"{max_cells:,})")
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            book = openpyxl.load_workbook(path, data_only=True, rich_text=True, keep_links=False)
            formulas = (openpyxl.load_workbook(path, data_only=False, keep_links=False)
                        if any(formulas for _, formulas in tags.values()) else None)
    except Exception as exc:  # openpyxl raises anything on a damaged file
        raise UnreadableDocument(path, f"not a readable Excel workbook ({type(exc).__name__}: "
                                       f"{str(exc).splitlines()[0][:120] if str(exc) else ''})") from None
    theme = theme_colours(getattr(book, "loaded_theme", None))
    indexed = tuple(COLOR_INDEX)
    out = OfficeBook(Kind.XLSX, [])
    number = 0
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            out.warnings.append(f"sheet {sheet.title!r} is hidden: not read")
            continue
        number += 1
        formula_sheet = formulas[sheet.title] if formulas is not None else None
        table, notes = _sheet(sheet, formula_sheet, number, theme, indexed)
        out.tables.append(table)
        out.warnings += notes
    return out


def _sheet(sheet: Any, formula_sheet: Any, number: int, theme: tuple[str, ...], indexed: tuple[str, ...]
           ) -> tuple[OfficeTable, list[str]]:
    from openpyxl.utils import get_column_letter

    hidden_columns: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min and dimension.max:
            hidden_columns.update(range(dimension.min, dimension.max + 1))
    hidden_rows = {r for r, dimension in sheet.row_dimensions.items() if dimension.hidden}
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for merge in sheet.merged_cells.ranges:
        merged[(merge.min_row, merge.min_col)] = (merge.min_row, merge.min_col, merge.max_row, merge.max_col)
    # the rows and columns the sheet declares cells in (a sheet formatted to row 1,048,576 with
    # ten cells in it is a grid of ten cells, not of a million empty rows): its cell store's keys
    declared = set(getattr(sheet, "_cells", {}) or ((r, c) for r in range(1, (sheet.max_row or 0) + 1)
                                                     for c in range(1, (sheet.max_column or 0) + 1)))
    for (r0, c0, r1, c1) in merged.values():
        declared.update(((r0, c0), (r1, c1)))
    columns = sorted({c for _, c in declared} - hidden_columns)
    rows = sorted({r for r, _ in declared} - hidden_rows)
    place = {c: i for i, c in enumerate(columns)}
    line = {r: i for i, r in enumerate(rows)}
    conditional = ConditionalFills(sheet, theme, indexed)
    notes = [f"sheet {sheet.title!r}: a conditional format's rule was not evaluated: {u}" for u in conditional.unread]
    grid: list[list[OfficeCell | None]] = [[None] * len(columns) for _ in rows]

    def value_at(r: int, c: int) -> Any:
        return sheet.cell(row=r, column=c).value

    covered: set[tuple[int, int]] = set()
    for (r0, c0, r1, c1) in merged.values():
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    # a merged range's value is its top-left cell's, shown wherever the range shows (a hidden
    # first row leaves the rest showing it); every other declared cell stands for itself
    starts = [(r0, c0) for (r0, c0) in merged] + sorted(p for p in declared if p not in covered
                                                        and p[0] in line and p[1] in place)
    for r, c in starts:
        cell = sheet.cell(row=r, column=c)
        span = merged.get((r, c), (r, c, r, c))
        shown_rows = [x for x in range(span[0], span[2] + 1) if x in line]
        shown_columns = [x for x in range(span[1], span[3] + 1) if x in place]
        if not shown_rows or not shown_columns:
            continue  # a merged range all hidden
        office = OfficeCell(_runs(cell), line[shown_rows[0]], place[shown_columns[0]], len(shown_rows),
                            len(shown_columns))
        office.fill = (conditional.fill(r, c, cell.value, value_at) or _fill(cell, theme, indexed))
        if formula_sheet is not None and cell.value is None and _is_formula(formula_sheet.cell(row=r, column=c)):
            office.flags.append(Flag.FORMULA_NOT_CACHED)
        _hide_runs_in_fill(office, cell, theme, indexed)
        for x in shown_rows:
            for y in shown_columns:
                grid[line[x]][place[y]] = office
    addresses = Addresses(sheet.title, [get_column_letter(c) for c in columns], rows)
    return OfficeTable(number, grid, addresses), notes


def _is_formula(cell: Any) -> bool:
    value = cell.value
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in ("ArrayFormula",
                                                                                           "DataTableFormula")


def _runs(cell: Any) -> list[Run]:
    """A cell's value as it shows, in runs of one style each."""
    value = cell.value
    font = cell.font
    size = float(font.sz) if font is not None and font.sz else 0.0
    bold, italic = bool(font is not None and font.b), bool(font is not None and font.i)
    if value is None:
        return []
    if type(value).__name__ == "CellRichText":
        out = []
        for block in value:
            if isinstance(block, str):
                out.append(Run(block, bold, italic, size))
            else:
                inline = block.font
                out.append(Run(block.text, bool(inline.b) if inline.b is not None else bold,
                               bool(inline.i) if inline.i is not None else italic,
                               float(inline.sz) if inline.sz else size))
        return out
    number_format = cell.number_format or "General"
    hidden = len(number_format.split(";")) >= 3 and not number_format.replace(";", "").strip()  # ";;;" shows nothing
    return [Run(shown(value, number_format), bold, italic, size, hidden=hidden)]


def shown(value: Any, number_format: str) -> str:
    """A cell's value as Excel shows it, near enough to be read back: "25%" for 0.25 in a percent
    format, 2018-03-31 for a date, "1,700" where the format groups thousands, 1700 otherwise."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        shape = number_format.split(";")[0]
        if "%" in shape:
            value = value * 100
        grouping = "," if "," in shape else ""
        number = format(value, f"{grouping}.10g")
        if "e" in number and abs(value) < 1e15:  # no exponent where Excel shows none
            number = format(value, f"{grouping}.10f").rstrip("0").rstrip(".")
        return number + ("%" if "%" in shape else "")
    return str(value)


def _fill(cell: Any, theme: tuple[str, ...], indexed: tuple[str, ...]) -> RGB | None:
    fill = cell.fill
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    return resolve(fill.fgColor, theme, indexed)


def _hide_runs_in_fill(office: OfficeCell, cell: Any, theme: tuple[str, ...], indexed: tuple[str, ...]) -> None:
    """Text in the colour of its cell's fill (white on white included) does not show: its runs are
    hidden text, evidence for the status but not what the sheet shows."""
    font = cell.font
    colour = resolve(getattr(font, "color", None), theme, indexed) if font is not None else None
    ground = office.fill or (1.0, 1.0, 1.0)
    if colour is not None and max(abs(a - b) for a, b in zip(colour, ground)) < 0.02:
        office.runs = [Run(r.text, r.bold, r.italic, r.size, hidden=True) for r in office.runs]
