"""The output contract, shipped with the code: what data officers and auditors build on.

- ``output-contract.md``: the contract in words — every field, its meaning, the flag
  vocabulary, and what each ``schema_version`` added;
- ``output.schema.json``: its JSON Schema (``trackrecord schema`` prints it; the tests
  validate every document they produce against it);
- :class:`Flag` and :class:`Kind`: the vocabularies of ``flags`` and ``source.kind``, defined
  once here. The schema lists exactly these values, and a test holds the two equal, so a flag
  the code can emit is never missing from the contract.

The files are package data: they travel with an installed copy, so a user's clone or wheel
validates against the contract of the version that wrote the output.
"""

from __future__ import annotations

import json
from enum import StrEnum
from importlib import resources
from typing import Any

#: the ``schema_version`` every document and crosswalk carries; additions only within 1.x
SCHEMA_VERSION = "1.6"
SCHEMA_FILE = "output.schema.json"
CONTRACT_FILE = "output-contract.md"


class Flag(StrEnum):
    """Every reason for doubt or repair a field can carry (the contract's flag vocabulary).

    A flag is a place for an auditor to look: a field that carries one is below 0.8
    confidence, a clean field carries none (``continued_across_pages`` records a join, not a
    doubt). Meanings are in ``output-contract.md``.
    """

    # the contract as first written (1.0)
    REF_INFERRED = "ref_inferred"
    REF_REPAIRED = "ref_repaired"
    STATUS_FUZZY = "status_fuzzy"
    STATUS_FROM_COLOUR = "status_from_colour"
    STATUS_MISSING = "status_missing"
    STATUS_CONFLICT = "status_conflict"
    CONTINUED_ACROSS_PAGES = "continued_across_pages"
    REJOINED_LINES = "rejoined_lines"
    OCR = "ocr"
    OCR_LOW_CONFIDENCE = "ocr_low_confidence"
    GARBLED_TEXT = "garbled_text"
    TRUNCATED = "truncated"
    NUMERIC_INCONSISTENT = "numeric_inconsistent"
    NUMERIC_REPAIRED = "numeric_repaired"
    ENGINE_DISAGREEMENT = "engine_disagreement"
    # added in 1.1
    VALUE_AMBIGUOUS = "value_ambiguous"
    TARGET_MISSING = "target_missing"
    REF_MISSING = "ref_missing"
    MATCH_CONTESTED = "match_contested"
    COLUMNS_INFERRED = "columns_inferred"
    TEXT_REPAIRED = "text_repaired"
    STATUS_MAPPED = "status_mapped"
    STATUS_AMBIGUOUS = "status_ambiguous"
    STATUS_UNRECOGNISED = "status_unrecognised"
    OCR_SUSPECT = "ocr_suspect"
    # added in 1.2
    HIDDEN_TEXT = "hidden_text"
    PAGE_TURNED = "page_turned"
    # added in 1.3
    CORRECTED = "corrected"
    # added in 1.5
    ENCODING_GUESSED = "encoding_guessed"
    # added in 1.6
    FORMULA_NOT_CACHED = "formula_not_cached"


class Kind(StrEnum):
    """What a document was read from (``source.kind``)."""

    PDF = "pdf"  # every page read from its text layer
    PDF_SCANNED = "pdf-scanned"  # every page that carries text was read by OCR
    PDF_MIXED = "pdf-mixed"  # some pages from the text layer, some by OCR
    TEXT = "text"  # a legacy text extraction (tab-separated lines)
    DOCX = "docx"  # a Word document's tables (a .doc converted by LibreOffice first) (1.6)
    XLSX = "xlsx"  # an Excel workbook's visible sheets (a .xls converted by LibreOffice first) (1.6)


def schema_text() -> str:
    """Return the output contract's JSON Schema as shipped, exactly as the file reads."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """Return the output contract's JSON Schema as a dict (Draft 2020-12)."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def contract_text() -> str:
    """Return the output contract in words (Markdown), as shipped."""
    return resources.files(__package__).joinpath(CONTRACT_FILE).read_text(encoding="utf-8")


__all__ = ["SCHEMA_VERSION", "Flag", "Kind", "contract_text", "schema", "schema_text"]
