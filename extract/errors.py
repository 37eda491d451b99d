"""Named failures of extraction. The library raises them; only the CLI prints them.

A doubtful *value* is never an exception: it becomes a field flag. These are for inputs that
cannot be read at all, where emitting anything would mislead.
"""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """Base class: the input could not be turned into a document."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class UnreadableDocument(ExtractionError):
    """The file is not a readable document of any kind we know (or is damaged, or locked)."""


class LimitExceeded(ExtractionError):
    """A limit of the reading settings (``max_stream_mb``, ``max_page_objects``) stopped the file:
    unlike an unreadable file, the same file may read with the limit raised."""


class NoTableFound(ExtractionError):
    """The document was read, but no monitoring table was recognised in it."""


class SettingsError(ValueError):
    """A setting has a value it cannot take."""
