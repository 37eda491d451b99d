"""The text path: legacy text extractions (tab-separated lines) → logical rows.

``reader`` splits lines into cells; ``rows`` recovers narrative rows (headings, rows spread
over lines, garbled copies, cut cells) and hands quarterly tables to ``quarterly``; ``cells``
holds what both share (row drafts, the document's own vocabulary). Provenance is by line.
"""

from __future__ import annotations

from pathlib import Path

from ...contract import Flag, Kind
from ..errors import NoTableFound
from ..fields.period import FROM_HEADING, FROM_TITLE
from ..model import Evidence, LogicalRow, Recovered
from ..settings import ExtractSettings
from .reader import TextLine, decoding_warning, looks_like_text, read_text
from .rows import recover_text_rows


def read_lines(path: Path, settings: ExtractSettings) -> list[TextLine]:
    """Given a text extraction, return its numbered lines split into cells (settings unused)."""
    return read_text(path)


def recover_text(lines: list[TextLine], path: Path, settings: ExtractSettings) -> Recovered:
    """Given a text extraction's lines, return its logical rows, what was set aside, and the period's evidence.

    :raises NoTableFound: no line names the columns of a monitoring table, and none can be inferred
    """
    found = recover_text_rows(lines, settings)
    if not found.headings and not found.rows:
        raise NoTableFound(path, f"no monitoring table found in {len(lines)} line(s) "
                                 "(no line names a target and a progress or status column)")
    evidence = [Evidence(h, FROM_HEADING) for h in found.headings] + [Evidence(t, FROM_TITLE) for t in found.titles]
    dropped = sorted(found.dropped, key=lambda d: d.source.line or 0)  # read top to bottom
    guessed = {line.number for line in lines if line.decoded}
    warning = decoding_warning(lines)
    if guessed:
        _flag_guessed(found.rows, guessed)
    return Recovered(found.rows, dropped, evidence, None, Kind.TEXT,
                     warnings=found.warnings + ([warning] if warning else []), guessed_lines=guessed)


def _flag_guessed(rows: list[LogicalRow], guessed: set[int]) -> None:
    """Flag ``encoding_guessed`` on each role of a row any of whose words is on a guessed line
    (a cell spread over lines is flagged when any one of them was guessed)."""
    for row in rows:
        for role, cells in row.cells.items():
            if any(w.line in guessed for cell in cells for w in cell.words):
                flags = row.field_flags.setdefault(role, [])
                if Flag.ENCODING_GUESSED not in flags:
                    flags.append(Flag.ENCODING_GUESSED)


__all__ = ["TextLine", "looks_like_text", "read_lines", "recover_text"]
