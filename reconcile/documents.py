"""Documents to reconcile: the parts of an extracted document's JSON that matching uses.

Reconciliation reads the contract's JSON (``output/<doc_id>.json``), not the source reports,
so a data officer can reconcile years extracted at different times or by different versions.
Each deliverable becomes an :class:`Item`; anything that is not a contract document is
refused with one clear line.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..extract.fields.matchtext import normalise_for_matching


class ReconcileInputError(ValueError):
    """The file is not an extracted document this tool can reconcile."""


@dataclass(frozen=True)
class Item:
    """One deliverable as matching sees it; ``index`` is its position in its document."""

    doc_id: str
    index: int
    id: str
    ref: str | None
    section: str | None
    subsection: str | None
    target: str
    delivered: str | None
    status: str | None
    target_value: float | None


@dataclass(frozen=True)
class Doc:
    """An extracted document: its period and its deliverables in document order."""

    doc_id: str
    year: str | None
    as_at: str | None
    items: tuple[Item, ...]
    quality: float = 0.0  # the mean confidence of its deliverables: how well it was read


    @cached_property
    def match_texts(self) -> tuple[str, ...]:
        """Each deliverable's target normalised for matching, computed once per document."""
        return tuple(normalise_for_matching(item.target) for item in self.items)

    @cached_property
    def section_keys(self) -> tuple[str, ...]:
        """Each deliverable's section normalised for comparing ("" when it has none)."""
        cache: dict[str | None, str] = {}
        return tuple(cache.setdefault(i.section, normalise_for_matching(i.section or "")) for i in self.items)

    @property
    def period(self) -> str:
        """The label a person reads in a lineage: the financial year and the date reported at."""
        parts = [p for p in (self.year, self.as_at) if p]
        return " at ".join(parts) if parts else ""


#: a deliverable's fields that matching reads, each text or null in the contract
TEXT_FIELDS = ("ref", "section", "subsection", "delivered", "status")


def doc_from_dict(data: Any, where: str = "input") -> Doc:
    """Given a document's contract JSON, return it as a :class:`Doc`; refuse anything else.

    Every field matching reads is checked for the contract's type (a period that is a list, a
    year that is a number, a section that is an object), so a file that is not what it claims
    is refused with one line naming the field, never carried into matching to fail there.
    """
    if not isinstance(data, dict) or not isinstance(data.get("deliverables"), list) or "doc_id" not in data:
        raise ReconcileInputError(f"{where}: not an extracted document (no doc_id and deliverables)")
    doc_id = data["doc_id"]
    if not isinstance(doc_id, str) or not doc_id:
        raise ReconcileInputError(f"{where}: doc_id must be text, not {_kind(doc_id)}")
    period = data.get("period")
    if period is None:
        period = {}
    if not isinstance(period, dict):
        raise ReconcileInputError(f"{where}: period must be an object, not {_kind(period)}")
    for name in ("year", "as_at"):
        _text_or_null(period.get(name), f"period.{name}", where)
    items = []
    for index, d in enumerate(data["deliverables"]):
        if not isinstance(d, dict) or not isinstance(d.get("target"), str) or "id" not in d:
            raise ReconcileInputError(f"{where}: deliverable {index + 1} has no id or target")
        if not isinstance(d["id"], (str, int)) or isinstance(d["id"], bool):
            raise ReconcileInputError(f"{where}: deliverable {index + 1}: id must be text, not {_kind(d['id'])}")
        for name in TEXT_FIELDS:
            _text_or_null(d.get(name), f"deliverable {index + 1}: {name}", where)
        value = d.get("target_value")
        items.append(Item(doc_id=doc_id, index=index, id=str(d["id"]), ref=d.get("ref"), section=d.get("section"),
                          subsection=d.get("subsection"), target=d["target"], delivered=d.get("delivered"),
                          status=d.get("status"),
                          target_value=_number(value)))
    confidences = [float(d["confidence"]) for d in data["deliverables"]
                   if _number(d.get("confidence")) is not None]
    quality = float(sum(confidences) / len(confidences)) if confidences else 0.0
    return Doc(doc_id=doc_id, year=period.get("year"), as_at=period.get("as_at"), items=tuple(items), quality=quality)


def _number(value: Any) -> float | None:
    """A finite number as a float; None for anything else (true and false are no numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text_or_null(value: Any, name: str, where: str) -> None:
    if value is not None and not isinstance(value, str):
        raise ReconcileInputError(f"{where}: {name} must be text or null, not {_kind(value)}")


def _kind(value: Any) -> str:
    """What a JSON value is, in the words of JSON (a list is an array, a dict an object)."""
    names = {dict: "an object", list: "an array", str: "text", bool: "true or false", type(None): "null",
             int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def load_doc(path: str | Path) -> Doc:
    """Given the path of an extracted document's JSON, return it as a :class:`Doc`.

    :raises ReconcileInputError: one line naming the file: missing, a folder, unreadable, not
        JSON (or nested past what a parser can follow), or not an extracted document
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReconcileInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReconcileInputError(f"{path}: a folder, not an extracted document") from None
    except OSError as exc:
        raise ReconcileInputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReconcileInputError(f"{path}: not JSON ({exc})") from None
    except RecursionError:
        raise ReconcileInputError(f"{path}: not an extracted document (JSON nested too deep to read)") from None
    return doc_from_dict(data, str(path))


def in_period_order(docs: list[Doc]) -> list[Doc]:
    """Given documents, return them oldest first: by date reported at, then year, then doc_id.

    A document with neither date nor year sorts after the dated ones, in doc_id order, so the
    result never depends on the order the files were named on the command line.
    """
    def key(doc: Doc) -> tuple[int, str, str, str]:
        known = doc.as_at or (f"{doc.year[:4]}-99" if doc.year else None)
        return (0 if known else 1, known or "", doc.year or "", doc.doc_id)
    return sorted(docs, key=key)
