"""What makes a result still good: the file's bytes, the settings its reading depends on, the code.

A back-fill skips a file when the catalog holds a result for the same content (sha256), the same
settings *that this content's reading depends on*, and the same code version. Settings only OCR
reads (:data:`~trackrecord.extract.settings.OCR_ONLY_SETTINGS`) do not count for a document none
of whose pages was OCR'd, so raising ``ocr_dpi`` redoes the scanned reports and nothing else; a
file that could not be opened as a report at all depends on no setting but a forced reader.

The code version is the package version and a digest of the code and contract that make the
records (``extract/`` and ``contract/``): a back-fill run after an upgrade redoes everything,
one run after a change to the review site or the CLI redoes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from ..extract.settings import OCR_ONLY_SETTINGS, ExtractSettings

#: the folders of the package whose files decide what a reading gives
READING_CODE = ("extract", "contract")


def settings_dict(settings: ExtractSettings, kind: str | None = None) -> dict[str, Any]:
    """Given settings (and a forced reader), return them as JSON-ready data, as the catalog records them."""
    return dataclasses.asdict(settings) | {"kind": kind}


#: how far a content's reading went, as the catalog records it (``inputs.reading``)
READINGS = ("unopened", "digital", "ocr")


def settings_key(settings: dict[str, Any], reading: str | None) -> str:
    """Given the settings (as :func:`settings_dict`) and how far the content's reading went
    (None: not known), return the digest of the settings its reading depends on: a file that
    could not be opened as a report depends on the forced reader alone, one read without OCR
    on all but the OCR settings, anything else on them all."""
    if reading == "unopened":
        relevant = {"kind": settings.get("kind")}
    else:
        relevant = {k: v for k, v in settings.items() if reading != "digital" or k not in OCR_ONLY_SETTINGS}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


@cache
def code_version() -> str:
    """The package version and a digest of the reading code: ``0.1.0+3f2a9c1d04be``."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __name__ as package

    try:
        number = version(package)
    except PackageNotFoundError:
        number = "0"
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in READING_CODE:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".md") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{number}+{digest.hexdigest()[:12]}"
