"""An Office file's zip archive, measured before anything reads it.

A ``.docx`` or ``.xlsx`` is a zip of XML parts; a hostile one is a zip bomb (a few kilobytes
that inflate to gigabytes) or a sheet of millions of cells. Each part's declared size is held
against ``max_stream_mb`` (Python's zip reader never inflates a part past its declared size, so
the declaration bounds what any reader gets), and a sheet's cells are counted by streaming its
XML, before openpyxl or python-docx build anything.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import LimitExceeded, UnreadableDocument

MAX_PARTS = 10_000  # an Office file of more parts than this is no report
CHUNK = 1 << 20
KEEP = 32  # bytes carried from one chunk to the next: longer than any tag counted
CELL_TAG = re.compile(rb"<(?:\w+:)?c[ >]")
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


class Archive:
    """An Office file's parts, checked against the limits."""

    def __init__(self, path: Path, max_part_mb: int) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableDocument(path, f"not a readable Office file (a damaged zip archive: {exc})") from None
        if len(infos) > MAX_PARTS:
            raise LimitExceeded(path, f"the archive holds {len(infos):,} parts (an Office file has at most "
                                      f"{MAX_PARTS:,})")
        limit = max_part_mb * 1024 * 1024
        for info in infos:
            if limit and info.file_size > limit:
                size = info.file_size / 1024 / 1024
                raise LimitExceeded(path, f"a part of the archive ({info.filename}) inflates to {size:,.0f} MB "
                                          f"(limit: max_stream_mb {max_part_mb})")
        self.names = {info.filename for info in infos}

    @property
    def kind(self) -> str | None:
        """"docx" or "xlsx" by the parts the archive holds; None for another zip."""
        if "word/document.xml" in self.names:
            return "docx"
        if "xl/workbook.xml" in self.names:
            return "xlsx"
        return None

    def _scan(self, name: str) -> tuple[int, int]:
        """A worksheet part's cell and formula tags, counted in one streaming pass (a tag cut by a
        chunk's end counted once)."""
        cells = formulas = 0
        tail = b""
        try:
            with self.zip.open(name) as part:
                while chunk := part.read(CHUNK):
                    data = tail + chunk
                    cut = max(0, len(data) - KEEP)  # a tag starting after here is counted with the next chunk
                    cells += sum(1 for m in CELL_TAG.finditer(data) if m.start() < cut)
                    formulas += sum(1 for m in FORMULA_TAG.finditer(data) if m.start() < cut)
                    tail = data[cut:]
            return cells + len(CELL_TAG.findall(tail)), formulas + len(FORMULA_TAG.findall(tail))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise UnreadableDocument(self.path, f"a part of the archive ({name}) cannot be read ({exc})") from None

    def sheet_tags(self) -> dict[str, tuple[int, int]]:
        """Each worksheet part's (cells, formulas)."""
        return {name: self._scan(name) for name in sorted(self.names)
                if name.startswith("xl/worksheets/") and name.endswith(".xml")}

    def close(self) -> None:
        self.zip.close()
