"""Settings are read by their declared types: the command line's text is parsed, Python values are
checked, and anything else is one SettingsError naming the setting and the type it needs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers import SAMPLES
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from trackrecord import ExtractSettings, SettingsError, extract_document
from trackrecord.cli import app
from trackrecord.extract.settings import parse_settings
from trackrecord.reconcile import ReconcileSettings

runner = CliRunner()
SAMPLE = SAMPLES / "lga-2017-18-q4.pdf"


def said(output: str) -> str:
    """The CLI's words without the error box's frame and line wrapping."""
    return " ".join(output.replace("│", " ").split())


def test_text_settings_are_text(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "-s", "ocr_languages=eng+fra", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert parse_settings(ExtractSettings, ["ocr_languages=eng+fra"]).ocr_languages == "eng+fra"


def test_a_whole_number_setting_refuses_a_fraction(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "-s", "header_max_lines=2.5", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "setting 'header_max_lines' needs a whole number (int), not '2.5'" in said(result.output)
    with pytest.raises(SettingsError, match="'header_max_lines' needs a whole number"):
        ExtractSettings.resolve({"header_max_lines": 2.0})


def test_python_values_are_checked_not_coerced() -> None:
    with pytest.raises(SettingsError, match=r"setting 'row_gap' needs a number \(float\), not '0.5'"):
        extract_document(SAMPLE, {"row_gap": "0.5"})
    with pytest.raises(SettingsError, match="'row_gap' needs a number"):
        ExtractSettings(row_gap="0.5")  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match="'ocr_dpi' needs a whole number"):
        ExtractSettings.resolve({"ocr_dpi": True})
    assert ExtractSettings.resolve({"row_gap": 1}).row_gap == 1.0  # an int is a float written without a point


def test_status_phrases_from_the_command_line() -> None:
    settings = parse_settings(ExtractSettings, ["status_phrases=on track:Green; behind:Amber"])
    assert settings.status_phrases == (("on track", "Green"), ("behind", "Amber"))
    with pytest.raises(SettingsError, match="status_phrases map to Green, Amber, Red, Blue, not 'Purple'"):
        parse_settings(ExtractSettings, ["status_phrases=on track:Purple"])
    with pytest.raises(SettingsError, match="phrase:Status pairs"):
        parse_settings(ExtractSettings, ["status_phrases=on track"])
    assert ExtractSettings.resolve({"status_phrases": [["done", "Green"]]}).status_phrases == (("done", "Green"),)


def test_reconcile_settings_by_type(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="'high' needs a number"):
        ReconcileSettings.resolve({"high": "60"})
    with pytest.raises(SettingsError, match="'gap_documents' needs a whole number"):
        parse_settings(ReconcileSettings, ["gap_documents=1.5"])
    result = runner.invoke(app, ["reconcile", str(tmp_path), "-s", "high=sixty"])
    assert result.exit_code == 2
    assert "setting 'high' needs a number (float), not 'sixty'" in said(result.output)


def test_link_thresholds_are_settings() -> None:
    """The links between a report's quarterly rows and deliverables follow the settings."""
    path = SAMPLES / "lga-2015-16-q3.pdf"
    linked = [q.matches_deliverable for q in extract_document(path).quarterly]
    assert sum(m is not None for m in linked) >= 10
    strict = [q.matches_deliverable for q in extract_document(path, {"link_threshold": 200.0}).quarterly]
    assert strict == [None] * len(strict)


@pytest.mark.parametrize("cls", [ExtractSettings, ReconcileSettings])
@given(data=st.data())
def test_any_text_for_any_setting_is_settings_or_a_settings_error(cls: type, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([f.name for f in dataclasses.fields(cls)]))
    text = data.draw(st.text(max_size=30))
    try:
        parse_settings(cls, [f"{name}={text}"])
    except SettingsError as exc:
        assert name in str(exc)
