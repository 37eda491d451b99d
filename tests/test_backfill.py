"""The back-fill and its catalog, on a folder tree of good, duplicate, scanned and broken files:
everything recorded once; a rerun reads nothing; a changed setting reads again exactly the files
it touches; a back-fill killed (SIGKILL) and run again, and one on a Dask LocalCluster, end with
the same files and the same catalog as one run straight through."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import names_in
from typer.testing import CliRunner

from trackrecord.catalog.backfill import file_sha256, find_reports, prepare_backfill
from trackrecord.catalog.store import CatalogError, open_catalog
from trackrecord.cli import app
from trackrecord.extract import ExtractSettings
from trackrecord.extract.isolate import Job, Limits, run_isolated

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
from scan import scan  # noqa: E402

#: columns that differ between two runs of the same work (when, how long, which run)
VOLATILE = {"first_seen", "last_seen_run", "run_id", "seconds", "peak_memory_mb", "finished"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reports as an archive holds them: years in folders, one report twice, a scan, broken files."""
    root = tmp_path_factory.mktemp("archive")
    (root / "2017-18").mkdir()
    (root / "2018-19" / "copies").mkdir(parents=True)
    (root / "legacy").mkdir()
    (root / "broken").mkdir()
    shutil.copy(SAMPLES / "lga-2017-18-q4.pdf", root / "2017-18" / "lga-2017-18-q4.pdf")
    shutil.copy(SAMPLES / "lga-2018-19-q2.pdf", root / "2018-19" / "lga-2018-19-q2.pdf")
    shutil.copy(SAMPLES / "lga-2018-19-q2.pdf", root / "2018-19" / "copies" / "Q2 report (copy).pdf")
    shutil.copy(SAMPLES / "000_a697e2d45aa348d4.txt", root / "legacy" / "000_a697e2d45aa348d4.txt")
    scan(SAMPLES / "lga-2018-19-q2.pdf", root / "2018-19" / "scanned-q2.pdf", pages=[1])
    (root / "broken" / "not-a-report.pdf").write_bytes(b"hello, this is no PDF\n")
    (root / "broken" / "truncated.pdf").write_bytes((SAMPLES / "lga-2017-18-q4.pdf").read_bytes()[:3000])
    (root / "broken" / "notes.docx.bak").write_text("not a report kind: left out of the search")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "ignored.pdf").write_bytes((SAMPLES / "lga-2017-18-q4.pdf").read_bytes())
    return root


def backfill_cli(*args: str) -> Any:
    return CliRunner().invoke(app, ["backfill", *args])


def catalog_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a catalog, without the columns that say when and how long, sorted."""
    db = sqlite3.connect(path)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'runs'"):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[1] not in VOLATILE]
        out[table] = sorted(db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
    db.close()
    return out


def output_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if not p.name.startswith(("catalog.sqlite", ".trackrecord"))}


@pytest.fixture(scope="module")
def straight(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One back-fill of the tree straight through, with the default settings."""
    out = tmp_path_factory.mktemp("straight")
    result = backfill_cli(str(tree), "--out", str(out), "--workers", "2")
    assert result.exit_code == 1, result.output  # the two broken files
    return out


def test_find_reports_searches_folders_and_leaves_out_hidden_and_other_files(tree: Path) -> None:
    files, problems = find_reports([tree, tree / "missing.pdf"])
    assert [p.relative_to(tree).as_posix() for p in files] == [
        "2017-18/lga-2017-18-q4.pdf", "2018-19/copies/Q2 report (copy).pdf", "2018-19/lga-2018-19-q2.pdf",
        "2018-19/scanned-q2.pdf", "broken/not-a-report.pdf", "broken/truncated.pdf",
        "legacy/000_a697e2d45aa348d4.txt"]
    assert problems == [f"error: {tree / 'missing.pdf'}: no such file, or not a regular file"]


def test_backfill_records_every_input_result_document_and_record(tree: Path, straight: Path) -> None:
    db = sqlite3.connect(straight / "catalog.sqlite")
    assert db.execute("SELECT count(*) FROM input_paths").fetchone()[0] == 7
    assert db.execute("SELECT count(*) FROM inputs").fetchone()[0] == 6  # the copy is the same bytes
    results = dict(db.execute("SELECT path, status FROM results").fetchall())
    assert sorted(results.values()) == ["error", "error", "ok", "ok", "ok", "ok"]
    assert results[str(tree / "broken" / "not-a-report.pdf")] == "error"
    errors = [e for (e,) in db.execute("SELECT error FROM results WHERE status = 'error' ORDER BY path")]
    assert errors[0].startswith(f"error: {tree / 'broken' / 'not-a-report.pdf'}: not a document")
    assert str(tree / "broken" / "truncated.pdf") in errors[1]
    kinds = dict(db.execute("SELECT doc_id, kind FROM documents").fetchall())
    assert kinds == {"lga-2017-18-q4": "pdf", "lga-2018-19-q2": "pdf", "scanned-q2": "pdf-mixed",
                     "000_a697e2d45aa348d4": "text"}
    assert dict(db.execute("SELECT path, reading FROM results JOIN inputs USING (sha256)").fetchall()) == {
        str(tree / "2017-18" / "lga-2017-18-q4.pdf"): "digital", str(tree / "2018-19" / "lga-2018-19-q2.pdf"):
        "digital", str(tree / "2018-19" / "scanned-q2.pdf"): "ocr", str(tree / "legacy" / "000_a697e2d45aa348d4.txt"):
        "digital", str(tree / "broken" / "not-a-report.pdf"): "unopened", str(tree / "broken" / "truncated.pdf"):
        "unopened"}
    for doc_id in kinds:
        data = json.loads((straight / f"{doc_id}.json").read_text(encoding="utf-8"))
        stored = json.loads(db.execute("SELECT document FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()[0])
        assert stored == data
        assert db.execute("SELECT count(*) FROM deliverables WHERE doc_id = ?", (doc_id,)).fetchone()[0] == len(
            data["deliverables"])
        assert db.execute("SELECT count(*) FROM quarterly WHERE doc_id = ?", (doc_id,)).fetchone()[0] == len(
            data["quarterly"])
        flags = sum(len(r["flags"]) + sum(len(f["flags"]) for f in r["fields"].values())
                    for r in [*data["deliverables"], *data["quarterly"]])
        assert db.execute("SELECT count(*) FROM flags WHERE doc_id = ?", (doc_id,)).fetchone()[0] == flags
    first = db.execute("SELECT status, ref FROM deliverables WHERE doc_id = 'lga-2017-18-q4' AND seq = 1").fetchone()
    assert first == ("Amber", "E1")
    run = db.execute("SELECT ended IS NOT NULL, found, skipped, extracted, failed FROM runs").fetchall()
    assert run == [(1, 7, 0, 4, 2)]


def test_backfill_writes_the_files_extract_writes(tree: Path, straight: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(tree / "2017-18" / "lga-2017-18-q4.pdf"), "--out",
                                      str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("lga-2017-18-q4.json", "lga-2017-18-q4.deliverables.csv", "lga-2017-18-q4.quarterly.csv"):
        assert (tmp_path / name).read_bytes() == (straight / name).read_bytes()


def test_a_rerun_with_nothing_changed_reads_nothing(tree: Path, straight: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(straight, out)
    before = catalog_rows(out / "catalog.sqlite")
    with prepare_backfill([tree], out) as job:
        assert job.plan.jobs == [] and len(job.plan.skipped) == 6 and len(job.plan.duplicates) == 1
        assert list(job.run()) == []
        summary = job.finish()
    assert (summary.extracted, summary.failed, summary.skipped) == (0, 0, 6)
    assert catalog_rows(out / "catalog.sqlite") == before
    assert output_files(out) == output_files(straight)


def test_a_changed_setting_reads_again_exactly_the_files_it_touches(tree: Path, straight: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(straight, out)
    with prepare_backfill([tree], out, settings=ExtractSettings(ocr_dpi=200)) as job:
        # OCR's resolution touches the scan only; the broken files were never opened as reports
        assert [Path(j.path).name for j in job.plan.jobs] == ["scanned-q2.pdf"]
    with prepare_backfill([tree], out, settings=ExtractSettings(row_gap=0.6)) as job:
        assert sorted(Path(j.path).name for j in job.plan.jobs) == [
            "000_a697e2d45aa348d4.txt", "lga-2017-18-q4.pdf", "lga-2018-19-q2.pdf", "scanned-q2.pdf"]
    with prepare_backfill([tree], out, kind="pdf") as job:  # a forced reader touches every file
        assert len(job.plan.jobs) == 6


def test_a_killed_backfill_run_again_ends_as_one_run_straight_through(tree: Path, straight: Path,
                                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from trackrecord.cli import app; app()", "backfill", str(tree), "--out",
               str(out), "--workers", "2"]
    for wait_for_results in (0, 1, 3):  # killed while planning, after the first file, after three
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if _results(out / "catalog.sqlite") >= wait_for_results:
                break
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # 1 when the last run met the broken files itself, 0 when a killed run had recorded them already
    assert finished.returncode in (0, 1), finished.stderr
    assert catalog_rows(out / "catalog.sqlite") == catalog_rows(straight / "catalog.sqlite")
    assert output_files(out) == output_files(straight)
    db = sqlite3.connect(out / "catalog.sqlite")
    # the killed runs never ended (one killed while opening the catalog may not have begun), the last did
    runs = [ended for (ended,) in db.execute("SELECT ended IS NOT NULL FROM runs ORDER BY run_id")]
    assert runs[-1] == 1 and set(runs[:-1]) == {0} and len(runs) >= 3
    last = db.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    earlier = db.execute("SELECT count(*) FROM results WHERE run_id < ?", (last,)).fetchone()[0]
    assert earlier >= 3  # the last run resumed: it did not read again what the killed ones recorded


def _results(catalog: Path) -> int:
    if not catalog.exists():
        return -1
    try:
        db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=1)
        try:
            return int(db.execute("SELECT count(*) FROM results").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def test_the_same_backfill_on_a_dask_local_cluster_gives_the_same_catalog(tree: Path, straight: Path,
                                                                          tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = backfill_cli(str(tree), "--out", str(tmp_path), "--executor", "dask", "--scheduler",
                              cluster.scheduler_address)
    assert result.exit_code == 1, result.output
    assert catalog_rows(tmp_path / "catalog.sqlite") == catalog_rows(straight / "catalog.sqlite")
    assert output_files(tmp_path) == output_files(straight)
    db = sqlite3.connect(tmp_path / "catalog.sqlite")
    assert db.execute("SELECT executor FROM runs").fetchall() == [("dask",)]


def test_a_second_backfill_on_one_catalog_is_refused(tmp_path: Path) -> None:
    with prepare_backfill([tmp_path / "none"], tmp_path):
        with pytest.raises(CatalogError, match="another back-fill is writing this catalog"):
            prepare_backfill([tmp_path / "none"], tmp_path)
    result = backfill_cli(str(tmp_path / "none"), "--out", str(tmp_path), "--executor", "dask")
    assert result.exit_code == 2 and "needs --scheduler" in result.output


def test_a_file_over_its_limits_is_one_line_and_the_process_goes_on(tmp_path: Path) -> None:
    job = Job(str(SAMPLES / "002_372153f7c699848e.txt"), "0" * 64, "x", ExtractSettings())
    changed = run_isolated(job, Limits())
    assert changed.error == f"error: {job.path}: the file changed while the back-fill ran; run it again"
    long = tmp_path / "long.txt"  # a long report: many seconds of work
    long.write_text((SAMPLES / "002_372153f7c699848e.txt").read_text(encoding="utf-8") * 40, encoding="utf-8")
    slow = run_isolated(Job(str(long), "0" * 64, "x", ExtractSettings()), Limits(seconds=0.01, memory_mb=0))
    assert slow.error == f"error: {long}: stopped after the time limit of 0.01 s (limit: seconds per file)"
    pdf = SAMPLES / "lga-2017-18-q4.pdf"
    small = run_isolated(Job(str(pdf), file_sha256(pdf), "x", ExtractSettings()), Limits(seconds=60, memory_mb=48))
    assert small.error is not None and small.error.startswith(f"error: {pdf}: "), small.error
    assert "memory limit per file" in small.error


def test_a_catalog_of_another_kind_or_a_newer_version_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(CatalogError, match="not a trackrecord catalog"):
        open_catalog(other)
    newer = tmp_path / "newer.sqlite"
    open_catalog(newer).close()
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(CatalogError, match="newer than this trackrecord"):
        open_catalog(newer)


def test_reconcile_from_the_catalog_and_export_its_tables(straight: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.sqlite"
    shutil.copy(straight / "catalog.sqlite", catalog)
    result = CliRunner().invoke(app, ["reconcile", "--catalog", str(catalog)])
    assert result.exit_code == 0, result.output
    # the scan is another form of lga-2018-19-q2 (one page read by OCR): one report, not two years
    assert result.output.startswith("3 documents (1 other forms set aside): ")
    db = sqlite3.connect(catalog)
    versions = db.execute("SELECT doc_id, report FROM versions").fetchall()
    assert versions == [("scanned-q2", "lga-2018-19-q2")]
    lineage = db.execute("SELECT DISTINCT doc_id FROM lineage ORDER BY doc_id").fetchall()
    assert lineage == [("000_a697e2d45aa348d4",), ("lga-2017-18-q4",), ("lga-2018-19-q2",)]
    # a data officer's question: the statuses of one commitment, year by year
    history = db.execute("SELECT period, ref, status FROM lineage WHERE lineage_id = "
                         "(SELECT lineage_id FROM lineage WHERE doc_id = 'lga-2017-18-q4' AND ref = 'E1') "
                         "ORDER BY period").fetchall()
    assert history == [("2015/16 at 2015-12-31", None, "Amber"), ("2017/18 at 2018-03-31", "E1", "Amber"),
                       ("2018/19 at 2018-09-30", "1.1", "Green")]
    files = CliRunner().invoke(app, ["reconcile", str(straight), "--out", str(tmp_path / "files")])
    assert files.exit_code == 0, files.output
    on_disk = json.loads((tmp_path / "files" / "crosswalk.json").read_text(encoding="utf-8"))
    assert on_disk["versions"] == [{"doc_id": "scanned-q2", "report": "lga-2018-19-q2", "similarity": 100.0}]
    assert len(on_disk["matches"]) == db.execute("SELECT count(*) FROM crosswalk").fetchone()[0]

    import pyarrow.parquet as pq

    exported = CliRunner().invoke(app, ["export", "--catalog", str(catalog), "--out", str(tmp_path / "pq")])
    assert exported.exit_code == 0, exported.output
    deliverables = pq.read_table(tmp_path / "pq" / "deliverables.parquet")
    assert deliverables.num_rows == db.execute("SELECT count(*) FROM deliverables").fetchone()[0]
    assert str(deliverables.schema.field("target_value").type) == "double"
    assert "document" not in pq.read_table(tmp_path / "pq" / "documents.parquet").column_names
    csv = CliRunner().invoke(app, ["export", "--catalog", str(catalog), "--out", str(tmp_path / "csv"), "--format",
                                   "csv", "--table", "lineage"])
    assert csv.exit_code == 0 and names_in(tmp_path / "csv") == ["lineage.csv"]
    bad = CliRunner().invoke(app, ["export", "--catalog", str(catalog), "--format", "xlsx"])
    assert bad.exit_code == 2 and "unknown format 'xlsx'" in bad.output
    missing = CliRunner().invoke(app, ["reconcile", "--catalog", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no such catalog" in missing.output


def test_document_ids_stay_apart_and_clear_of_the_folders_own_files() -> None:
    from trackrecord.catalog.backfill import _new_doc_id

    taken = {"q2": "a" * 64}
    assert _new_doc_id(Path("2019/q2.pdf"), "b" * 64, taken) == "q2-bbbbbbbb"  # q2.pdf of another year
    assert _new_doc_id(Path("crosswalk.pdf"), "c" * 64, {}) == "crosswalk-document"
    assert _new_doc_id(Path("2019/Q3 Report.pdf"), "d" * 64, taken) == "q3-report"


def test_a_file_that_could_not_be_written_stays_to_do(tmp_path: Path) -> None:
    """A full disk or an output folder that cannot be made says nothing of the report: the next
    run reads it again (a failure of the file itself would be a result, kept)."""
    report = tmp_path / "in" / "q.txt"
    report.parent.mkdir()
    shutil.copy(SAMPLES / "000_a697e2d45aa348d4.txt", report)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the output folder should be")
    catalog = tmp_path / "catalog.sqlite"
    first = backfill_cli(str(report.parent), "--out", str(blocked), "--catalog", str(catalog))
    assert first.exit_code == 1 and f"error: {report}: cannot write results to {blocked}" in first.output
    assert catalog_rows(catalog)["results"] == []
    second = backfill_cli(str(report.parent), "--out", str(tmp_path / "out"), "--catalog", str(catalog))
    assert second.exit_code == 0, second.output
    assert (tmp_path / "out" / "q.json").exists()
