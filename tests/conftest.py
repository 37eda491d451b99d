"""Shared fixtures: the contract's JSON schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from helpers import SCHEMA_PATH


@pytest.fixture(scope="session")
def schema_validator() -> jsonschema.Draft202012Validator:
    """The output contract's schema; a missing schema fails the run rather than skipping."""
    assert SCHEMA_PATH.exists(), f"output contract schema not found at {SCHEMA_PATH}"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
