"""Helpers shared by the tests: where the samples are, and checking output against the shipped schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_IDS = sorted(p.stem for p in (SAMPLES / "expected").glob("*.json"))

if str(SAMPLES) not in sys.path:
    sys.path.insert(0, str(SAMPLES))  # the sample builder (render.py, build.py) for new layouts


# words for inventing reports the extractor has never seen (other sections, refs and wording)
VERBS = ["Deliver", "Commission", "Publish", "Expand", "Pilot", "Reduce", "Train", "Open", "Review"]
THINGS = ["cycle lanes", "air quality sensors", "tenancy audits", "school meals", "flood barriers",
          "library hubs", "apprenticeships", "heat pumps", "bus shelters", "food inspections"]
WORDS = ("the scheme progressed across three wards while suppliers reported delays in spring but officers "
         "secured extra funding from partners and residents responded well to consultation events held in "
         "community venues with further work planned after the summer review").split()


def validate(validator: jsonschema.Draft202012Validator, data: dict[str, Any]) -> None:
    """Assert data validates against the contract, listing every error if not."""
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def sample_path(doc_id: str) -> Path:
    """The sample report with this id: a PDF, or a legacy text extraction."""
    (path,) = [p for p in SAMPLES.iterdir() if p.stem == doc_id and p.suffix in (".pdf", ".txt")]
    return path


def expected(doc_id: str) -> dict[str, Any]:
    """The hand-checked expected output of a sample."""
    return json.loads((SAMPLES / "expected" / f"{doc_id}.json").read_text(encoding="utf-8"))


def names_in(folder: Path) -> list[str]:
    """The names of a folder's files, sorted, leaving out the writers' lock (``.trackrecord.lock``)."""
    from trackrecord.extract.commit import LOCK_NAME

    return sorted(p.name for p in folder.iterdir() if p.name != LOCK_NAME)
