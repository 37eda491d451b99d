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

    def _scan(self, name: str, pattern: re.Pattern[bytes], first_only: bool = False) -> int:
        """Occurrences of a tag in a part, counted streaming (a tag cut by a chunk's end counted once)."""
        found, tail = 0, b""
        try:
            with self.zip.open(name) as part:
                while chunk := part.read(CHUNK):
                    data = tail + chunk
                    cut = max(0, len(data) - KEEP)  # a tag starting after here is counted with the next chunk
                    found += sum(1 for m in pattern.finditer(data) if m.start() < cut)
                    if first_only and found:
                        return found
                    tail = data[cut:]
            return found + len(pattern.findall(tail))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise UnreadableDocument(self.path, f"a part of the archive ({name}) cannot be read ({exc})") from None

    def sheet_cells(self) -> dict[str, int]:
        """Each worksheet part's cell count."""
        return {name: self._scan(name, CELL_TAG) for name in sorted(self.names)
                if name.startswith("xl/worksheets/") and name.endswith(".xml")}

    def has_formulas(self) -> bool:
        return any(self._scan(name, FORMULA_TAG, first_only=True) for name in sorted(self.names)
                   if name.startswith("xl/worksheets/") and name.endswith(".xml"))

    def close(self) -> None:
        self.zip.close()
