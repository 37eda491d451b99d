"""The Office path: Word and Excel files → grids of declared cells → raw tables → logical rows.

``archive`` measures the zip before anything reads it; ``docx`` and ``xlsx`` read the file's
tables as grids (:mod:`.grid`) with their merges, fills, styles and addresses; ``tables`` finds
each grid's header and makes the raw tables the PDF path makes, so column roles, headings and
merged group cells are settled by the same steps (:mod:`..pdf.find`, :mod:`..pdf.structure`);
``legacy`` converts ``.doc`` and ``.xls`` with LibreOffice where it is installed.

Provenance is the cell: a box on the grid (a table's number as its page) that :mod:`..emit`
writes as the address an auditor opens (``Tracker!C14``; ``table 2, row 5, column 3``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import NoTableFound, UnreadableDocument
from ..model import Recovered
from ..pdf import period_evidence
from ..pdf.find import settle_table_roles
from ..pdf.structure import recover_rows
from ..settings import ExtractSettings
from .archive import Archive
from .docx import read_docx
from .grid import OfficeBook
from .legacy import OLE2, convert, legacy_kind
from .tables import office_tables
from .xlsx import read_xlsx

ZIP = b"PK\x03\x04"


def looks_like_office(head: bytes) -> bool:
    """Given the first bytes of a file, is it an Office file: a zip (``.docx``, ``.xlsx``) or an OLE2
    compound file (``.doc``, ``.xls``)? Which one it is, its parts say (:func:`read_office`)."""
    return head.startswith(ZIP) or head.startswith(OLE2)


def read_office(path: Path, settings: ExtractSettings) -> OfficeBook:
    """Given a Word or Excel file, return its tables as grids; a ``.doc`` or ``.xls`` is converted
    with LibreOffice first (a warning says so).

    :raises UnreadableDocument: not a Word or Excel file, damaged, or a legacy one with no LibreOffice
    :raises LimitExceeded: a part inflates past ``max_stream_mb``, a sheet holds more than
        ``max_page_objects`` cells
    """
    with path.open("rb") as handle:
        head = handle.read(len(OLE2))
    legacy = legacy_kind(path, head)
    if legacy is not None:
        with tempfile.TemporaryDirectory(prefix="trackrecord-office-") as folder:
            book = _read(convert(path, legacy, Path(folder)), settings, path)
        book.warnings.insert(0, f"a legacy .{legacy} file, converted to .{legacy}x by LibreOffice to be read")
        return book
    if head.startswith(OLE2):
        raise UnreadableDocument(path, "an OLE2 compound file that is neither a Word document nor a workbook")
    return _read(path, settings, path)


def _read(path: Path, settings: ExtractSettings, named: Path) -> OfficeBook:
    archive = Archive(path, settings.max_stream_mb)
    try:
        if archive.kind == "docx":
            return read_docx(path, archive)
        if archive.kind == "xlsx":
            return read_xlsx(path, archive, settings.max_page_objects)
        raise UnreadableDocument(named, "a zip archive that is neither a Word document nor an Excel workbook")
    finally:
        archive.close()


def cell_texts(path: Path, settings: ExtractSettings | None = None) -> dict[str, str]:
    """Given a Word or Excel file, return what it holds in each cell and paragraph, by the address
    provenance names it with (a merged cell both by its top-left cell and by its range): what the
    review shows an auditor beside each value."""
    book = read_office(path, settings or ExtractSettings())
    out: dict[str, str] = {}
    for table in book.tables:
        seen: set[int] = set()
        for row in table.grid:
            for cell in row:
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                text = " ".join(cell.text.split())
                names = table.addresses
                out[names.name(cell.row, cell.column)] = text
                out[names.name(cell.row, cell.column, cell.row + cell.rows - 1, cell.column + cell.columns - 1)] = text
        for paragraph in table.before:
            out[paragraph.label] = paragraph.text
    for paragraph in book.after:
        out[paragraph.label] = paragraph.text
    return out


def recover_office(book: OfficeBook, path: Path, settings: ExtractSettings) -> Recovered:
    """Given an Office file's grids, return its logical rows, what was set aside, its tables and the
    period's evidence, as the PDF path does.

    :raises NoTableFound: no table of the file is a monitoring table
    """
    tables, dropped, titles, names = office_tables(book)
    settle_table_roles(tables, settings)
    if not any(t.kind != "other" for t in tables):
        others = f"; {len(tables)} other table(s) left out" if tables else ""
        raise NoTableFound(path, f"no monitoring table found in {len(book.tables)} table(s) or sheet(s) "
                                 f"(no table with an item column and a progress, status, owner, date or "
                                 f"measure column){others}")
    rows = recover_rows(tables)
    doubts = {id(cell): cell.doubts for table in tables for raw in table.rows for cell in raw.cells if cell.doubts}
    for row in rows:
        for role, cells in row.cells.items():
            for cell in cells:
                for flag in doubts.get(id(cell), []):
                    if flag not in row.field_flags.setdefault(role, []):
                        row.field_flags[role].append(flag)
    return Recovered(rows, dropped, period_evidence(tables, titles), None, book.kind, tables,
                     warnings=list(book.warnings), cell_names=dict(names))


__all__ = ["cell_texts", "looks_like_office", "read_office", "recover_office"]
