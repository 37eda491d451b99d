"""The CLI through typer's runner: the main job, batches with bad files, nothing half-written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLE_IDS, SAMPLES, names_in, validate
from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from trackrecord.cli import app
from trackrecord.extract import commit

runner = CliRunner()


def make_bad_inputs(folder: Path) -> dict[str, Path]:
    """Inputs that cannot be extracted, one of each kind a batch meets."""
    good = (SAMPLES / "lga-2017-18-q4.pdf").read_bytes()
    names = ("not-a-pdf", "truncated", "encrypted", "no-table", "empty", "text-header-only")
    paths = {name: folder / f"{name}.pdf" for name in names}
    paths["text-header-only"] = folder / "text-header-only.txt"
    paths["text-header-only"].write_text("Target\tProgress\tStatus\n", encoding="utf-8")
    paths["not-a-pdf"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    paths["truncated"].write_bytes(good[: len(good) // 2])
    paths["empty"].write_bytes(b"")
    canvas = Canvas(str(paths["encrypted"]), encrypt=pdfencrypt.StandardEncryption("secret"))
    canvas.drawString(72, 720, "Target   Progress   Status")
    canvas.showPage()
    canvas.save()
    canvas = Canvas(str(paths["no-table"]))
    canvas.drawString(72, 720, "Minutes of the meeting held on 3 May. No report tables here.")
    canvas.showPage()
    canvas.save()
    return paths


def test_main_job_writes_contract_files_for_every_sample(tmp_path: Path, schema_validator) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLES), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for doc_id in SAMPLE_IDS:
        data = json.loads((tmp_path / f"{doc_id}.json").read_text(encoding="utf-8"))
        validate(schema_validator, data)
        assert (tmp_path / f"{doc_id}.deliverables.csv").exists()
        assert (tmp_path / f"{doc_id}.quarterly.csv").exists()
        assert f"{doc_id}.json" in result.stdout
    assert len(result.stdout.strip().splitlines()) == len(SAMPLE_IDS)


@pytest.mark.parametrize("name,reason", [
    ("not-a-pdf", "not a document this tool reads"),
    ("truncated", "damaged or truncated PDF"),
    ("encrypted", "encrypted PDF"),
    ("no-table", "no monitoring table found"),
    ("empty", "empty file"),
    ("text-header-only", "a table header was found but no rows under it"),
])
def test_bad_input_gives_one_clear_line_and_nonzero_exit(tmp_path: Path, name: str, reason: str) -> None:
    bad = make_bad_inputs(tmp_path)[name]
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {bad}: {errors[0].split(': ', 2)[2]}"]
    assert reason in errors[0]
    assert not out.exists() or not any(out.iterdir()), "nothing may be written for a bad input"


def test_batch_carries_on_past_bad_files(tmp_path: Path) -> None:
    bad = make_bad_inputs(tmp_path)
    good = SAMPLES / "lga-2015-16-q3.pdf"
    out = tmp_path / "out"
    args = ["extract", str(bad["truncated"]), str(good), str(bad["not-a-pdf"]), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert names_in(out) == [
        "lga-2015-16-q3.deliverables.csv", "lga-2015-16-q3.json", "lga-2015-16-q3.quarterly.csv"]
    assert sum(line.startswith("error:") for line in result.stderr.splitlines()) == 2
    assert "2 of 3 file(s) failed" in result.stderr


def test_failed_write_keeps_previous_output_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    sample = SAMPLES / "lga-2015-16-q3.pdf"
    assert runner.invoke(app, ["extract", str(sample), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:  # the disk fills while the second file is written
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(commit.os, "fsync", failing_fsync)
    result = runner.invoke(app, ["extract", str(sample), "--out", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before, "the previous files stay as they were, and no temporary file is left behind"


def test_two_inputs_with_one_doc_id_do_not_overwrite_each_other(tmp_path: Path) -> None:
    other = tmp_path / "copy"
    other.mkdir()
    shutil.copy(SAMPLES / "lga-2017-18-q4.pdf", other / "lga-2017-18-q4.pdf")
    result = runner.invoke(app, ["extract", str(SAMPLES / "lga-2017-18-q4.pdf"),
                                 str(other / "lga-2017-18-q4.pdf"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "doc_id 'lga-2017-18-q4' is taken by" in result.stderr


def test_settings_are_validated(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLES), "--setting", "row_gap=0", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "row_gap must be in (0, 10]" in result.output
    result = runner.invoke(app, ["extract", str(SAMPLES), "-s", "no_such=1", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown setting" in result.output


def test_no_files_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    assert "no report files found" in result.stderr


@pytest.mark.parametrize("command", [[], ["extract"], ["reconcile"], ["schema"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    if command:
        assert "Example" in result.output


def test_debug_images_show_each_page(tmp_path: Path) -> None:
    from PIL import Image

    debug = tmp_path / "debug"
    result = runner.invoke(app, ["extract", str(SAMPLES / "lga-2015-16-q3.pdf"), "--out", str(tmp_path / "out"),
                                 "--debug-dir", str(debug)])
    assert result.exit_code == 0, result.output
    pngs = sorted(debug.glob("*.png"))
    assert [p.name for p in pngs] == [f"lga-2015-16-q3.p{n}.png" for n in range(1, 6)]
    portrait, landscape = Image.open(pngs[0]), Image.open(pngs[4])
    assert portrait.size == (827, 1170) and landscape.size == (1170, 827)  # A4 at 100 dpi, rounded up
    colours = {c for _, c in portrait.getcolors(1 << 20)}
    assert (30, 90, 220) in colours and (150, 40, 170) in colours  # a table box and a section row


def test_workers_give_the_same_files_and_errors(tmp_path: Path) -> None:
    bad = make_bad_inputs(tmp_path)
    inputs = [str(SAMPLES), str(bad["truncated"])]
    one = runner.invoke(app, ["extract", *inputs, "--out", str(tmp_path / "one")])
    two = runner.invoke(app, ["extract", *inputs, "--out", str(tmp_path / "two"), "--workers", "2"])
    assert one.exit_code == two.exit_code == 1
    names = names_in(tmp_path / "one")
    assert names == names_in(tmp_path / "two") and len(names) == 3 * len(SAMPLE_IDS)
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert [ln for ln in two.stderr.splitlines() if ln.startswith("error:")] == \
        [ln for ln in one.stderr.splitlines() if ln.startswith("error:")]
