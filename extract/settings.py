"""Tolerances and thresholds of extraction, as one frozen dataclass passed down the stages.

Every number that decides something lives here with its reason, so a report series that
needs other values is described by data (``ExtractSettings.resolve({"row_gap": 2.0})``),
not by changing code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from .errors import SettingsError
from .status import STATUS_PHRASES

HEADER_MAX_LINES = 6
COLUMN_GAP = 0.6
ROW_GAP = 0.5
RULE_COVERAGE = 0.5
STATUS_FUZZY_MIN = 70.0
FOOTER_MARGIN = 0.07
S = TypeVar("S")
OCR_DPI = 300
OCR_LOW_CONFIDENCE = 0.9


@dataclass(frozen=True)
class ExtractSettings:
    """Settings of the PDF table finder and the normalisers."""

    #: a header may wrap over at most this many lines
    header_max_lines: int = HEADER_MAX_LINES
    #: in a header, a horizontal gap wider than this × font size separates two columns
    column_gap: float = COLUMN_GAP
    #: in a table with no row rules, a vertical gap wider than this × line height starts a row
    row_gap: float = ROW_GAP
    #: a horizontal rule bounds a row when it covers this share of the table's width
    rule_coverage: float = RULE_COVERAGE
    #: a status word this similar (rapidfuzz ratio, 0..100) to a vocabulary word is read as it
    status_fuzzy_min: float = STATUS_FUZZY_MIN
    #: lines this share of the page height from the bottom edge may be page furniture
    footer_margin: float = FOOTER_MARGIN
    #: status phrases read as a traffic light ("On track" → Green), flagged status_mapped
    status_phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES
    #: scanned pages are rendered at this resolution for OCR
    ocr_dpi: int = OCR_DPI
    #: Tesseract languages for OCR ("eng", "eng+fra"), as installed
    ocr_languages: str = "eng"
    #: a field with an OCR word less confident than this (0..1) is flagged ocr_low_confidence
    ocr_low_confidence: float = OCR_LOW_CONFIDENCE

    def __post_init__(self) -> None:
        if not 1 <= self.header_max_lines <= 20:
            raise SettingsError(f"header_max_lines must be 1..20, not {self.header_max_lines!r}")
        for name in ("column_gap", "row_gap"):
            value = getattr(self, name)
            if not 0 < value <= 10:
                raise SettingsError(f"{name} must be in (0, 10], not {value!r}")
        if not 0 < self.rule_coverage <= 1:
            raise SettingsError(f"rule_coverage must be in (0, 1], not {self.rule_coverage!r}")
        if not 0 <= self.status_fuzzy_min <= 100:
            raise SettingsError(f"status_fuzzy_min must be 0..100, not {self.status_fuzzy_min!r}")
        if not 0 <= self.footer_margin < 0.5:
            raise SettingsError(f"footer_margin must be in [0, 0.5), not {self.footer_margin!r}")
        if not 100 <= self.ocr_dpi <= 600:
            raise SettingsError(f"ocr_dpi must be 100..600, not {self.ocr_dpi!r}")
        if not 0 <= self.ocr_low_confidence <= 1:
            raise SettingsError(f"ocr_low_confidence must be 0..1, not {self.ocr_low_confidence!r}")
        bad = [s for _, s in self.status_phrases if s not in ("Green", "Amber", "Red")]
        if bad:
            raise SettingsError(f"status_phrases map to Green, Amber or Red, not {bad[0]!r}")

    @classmethod
    def resolve(cls, value: ExtractSettings | dict[str, Any] | None) -> ExtractSettings:
        """Given settings, a dict of overrides or None, return settings."""
        return resolve_settings(cls, value)


def resolve_settings(cls: type[S], value: S | dict[str, Any] | None) -> S:
    """Given a settings dataclass and settings, a dict of overrides or None, return settings of
    that class; an unknown name or a value of the wrong kind is refused with the reason."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(value) - known)
        if unknown:
            raise SettingsError(f"unknown setting(s) {', '.join(map(repr, unknown))}; "
                                f"known: {', '.join(sorted(known))}")
        return cls(**value)
    raise SettingsError(f"settings must be {cls.__name__}, dict or None, not {type(value).__name__}")
