"""Tolerances and thresholds of extraction, as one frozen dataclass passed down the stages.

Every number that decides something and that a report series may need otherwise lives here
with its reason, so a series is described by data (``ExtractSettings.resolve({"row_gap": 2.0})``,
``--setting row_gap=2``), not by changing code. Numbers that describe the world rather than a
series (a point is 1/72 inch) are named constants in the module that uses them.

Each setting has a declared type, and every value is checked against it: from Python a value
of the wrong type is refused (``{"row_gap": "0.5"}``), from the command line the text is parsed
by the type (``-s ocr_languages=eng+fra`` is text, ``-s header_max_lines=2.5`` is refused: it
needs a whole number). Either way the error is a :class:`SettingsError` naming the setting.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import SettingsError
from .fields.status import STATUS_PHRASES, STATUSES

S = TypeVar("S")

HEADER_MAX_LINES = 6
COLUMN_GAP = 0.6
ROW_GAP = 0.5
RULE_COVERAGE = 0.5
STATUS_FUZZY_MIN = 70.0
FOOTER_MARGIN = 0.07
OCR_DPI = 300
OCR_ENGINES = ("tesserocr", "tesseract", "rapidocr")  # extract/pdf/engines.py
OCR_LOW_CONFIDENCE = 0.9
LINK_THRESHOLD = 62.0
LINK_MARGIN = 3.0
LINK_CONTESTED_MARGIN = 10.0
LINK_NUMBER_BONUS = 15.0
MAX_STREAM_MB = 256
MAX_PAGE_OBJECTS = 500_000
MAX_PAGE_PIXELS = 60_000_000


#: the settings only OCR reads: a document none of whose pages was OCR'd reads the same
#: whatever they are (a back-fill that changes one redoes only the scanned documents)
OCR_ONLY_SETTINGS = ("ocr_dpi", "ocr_languages", "ocr_engine", "ocr_low_confidence", "max_page_pixels")


@dataclass(frozen=True)
class ExtractSettings:
    """Settings of the table finder, the normalisers and the links between a report's rows."""

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
    #: OCR engine: "tesserocr" (Tesseract's API in process), "tesseract" (the program), "rapidocr";
    #: "" takes tesserocr when installed, else the program (bench/engines.py compares them)
    ocr_engine: str = ""
    #: a field with an OCR word less confident than this (0..1) is flagged ocr_low_confidence
    ocr_low_confidence: float = OCR_LOW_CONFIDENCE
    #: a quarterly row is linked to a deliverable scoring at least this (text 0..100, plus the number bonus)
    link_threshold: float = LINK_THRESHOLD
    #: ... and at least this many points above the row's next candidate (closer is no answer)
    link_margin: float = LINK_MARGIN
    #: a link less than this many points above the next candidate is flagged match_contested
    link_contested_margin: float = LINK_CONTESTED_MARGIN
    #: points added to a link's score when the row's target number is the deliverable's
    link_number_bonus: float = LINK_NUMBER_BONUS
    #: a PDF stream that inflates beyond this many MB refuses the file (0: no limit); a page's
    #: content in a large report is a few MB, a picture is bounded by max_page_pixels instead
    max_stream_mb: int = MAX_STREAM_MB
    #: a PDF page holding more objects than this (text runs, paths, pictures, inside forms too)
    #: refuses the file (0: no limit); a dense page of a report holds tens of thousands
    max_page_objects: int = MAX_PAGE_OBJECTS
    #: a scanned page is rendered for OCR at fewer dots per inch when at ocr_dpi it would be more
    #: pixels than this (0: no cap), and says so; A3 at 300 dpi is 17 million, A1 70 million
    max_page_pixels: int = MAX_PAGE_PIXELS

    def __post_init__(self) -> None:
        check_types(self)
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
        if not re.fullmatch(r"[A-Za-z_]+(\+[A-Za-z_]+)*", self.ocr_languages):
            raise SettingsError(f"ocr_languages must be Tesseract language names joined by '+', "
                                f"not {self.ocr_languages!r}")
        if self.ocr_engine not in ("", *OCR_ENGINES):
            raise SettingsError(f"ocr_engine must be one of {', '.join(OCR_ENGINES)} (or empty for the best "
                                f"installed), not {self.ocr_engine!r}")
        for name in ("link_threshold", "link_margin", "link_contested_margin", "link_number_bonus"):
            if not 0 <= getattr(self, name) <= 200:
                raise SettingsError(f"{name} must be 0..200, not {getattr(self, name)!r}")
        for name in ("max_stream_mb", "max_page_objects", "max_page_pixels"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must be 0 (no limit) or more, not {getattr(self, name)!r}")
        bad = [s for _, s in self.status_phrases if s not in STATUSES]
        if bad:
            raise SettingsError(f"status_phrases map to {', '.join(STATUSES)}, not {bad[0]!r}")

    @classmethod
    def resolve(cls, value: ExtractSettings | dict[str, Any] | None) -> ExtractSettings:
        """Given settings, a dict of overrides or None, return settings."""
        return resolve_settings(cls, value)


def resolve_settings(cls: type[S], value: S | dict[str, Any] | None) -> S:
    """Given a settings dataclass and settings, a dict of overrides or None, return settings of
    that class; an unknown name or a value of the wrong type is refused with the reason."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(value) - known)
        if unknown:
            raise SettingsError(f"unknown setting(s) {', '.join(map(repr, unknown))}; "
                                f"known: {', '.join(sorted(known))}")
        types = typing.get_type_hints(cls)
        return cls(**{name: _as_declared(name, v, types[name]) for name, v in value.items()})
    raise SettingsError(f"settings must be {cls.__name__}, dict or None, not {type(value).__name__}")


def parse_settings(cls: type[S], items: list[str]) -> S:
    """Given ``NAME=VALUE`` texts (the command line's ``--setting``), return settings of cls, each
    value parsed by its setting's declared type."""
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    types = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            raise SettingsError(f"setting {item!r} is not NAME=VALUE")
        if name not in known:
            raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
        values[name] = _parse(name, text.strip(), types[name])
    return resolve_settings(cls, values)


def check_types(settings: object) -> None:
    """Given a settings object, raise SettingsError naming the first setting whose value is not of
    its declared type (an int is a float; a bool is not a number)."""
    types = typing.get_type_hints(type(settings))
    for f in dataclasses.fields(settings):  # type: ignore[arg-type]
        value = getattr(settings, f.name)
        if not _conforms(value, types[f.name]):
            raise SettingsError(f"setting {f.name!r} needs {_type_name(types[f.name])}, not {value!r}")


def _conforms(value: Any, declared: Any) -> bool:
    if declared is bool:
        return isinstance(value, bool)
    if declared is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if declared is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if declared is str:
        return isinstance(value, str)
    if typing.get_origin(declared) is tuple:
        args = typing.get_args(declared)
        if len(args) == 2 and args[1] is Ellipsis:
            return isinstance(value, tuple) and all(_conforms(v, args[0]) for v in value)
        return isinstance(value, tuple) and len(value) == len(args) and all(map(_conforms, value, args))
    return isinstance(value, declared)


def _as_declared(name: str, value: Any, declared: Any) -> Any:
    """A Python value as its setting's type where the two are one thing written two ways (1 for 1.0,
    a list for a tuple); anything else is left for the type check to refuse."""
    if declared is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typing.get_origin(declared) is tuple and isinstance(value, list):
        args = typing.get_args(declared)
        inner = args[0] if len(args) == 2 and args[1] is Ellipsis else None
        return tuple(_as_declared(name, v, inner) if inner is not None else v for v in value)
    return value


def _parse(name: str, text: str, declared: Any) -> Any:
    """A command line's text as its setting's type, or SettingsError saying the type it needs."""
    try:
        if declared is int and re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if declared is float:
            return float(text)
        if declared is str:
            return text
        if declared is bool and text.lower() in BOOLEANS:
            return BOOLEANS[text.lower()]
        if declared == tuple[tuple[str, str], ...]:
            pairs = [p.rsplit(":", 1) for p in text.split(";") if p.strip()]
            if all(len(p) == 2 for p in pairs):
                return tuple((phrase.strip(), value.strip()) for phrase, value in pairs)
    except ValueError:
        pass
    raise SettingsError(f"setting {name!r} needs {_type_name(declared)}, not {text!r}")


BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _type_name(declared: Any) -> str:
    names = {int: "a whole number (int)", float: "a number (float)", str: "text (str)", bool: "true or false"}
    if declared in names:
        return names[declared]
    if declared == tuple[tuple[str, str], ...]:
        return "phrase:Status pairs separated by ';' (e.g. 'on track:Green;behind:Amber')"
    return str(declared)
