"""Benchmark: a back-fill of many reports — serial, two processes, a two-worker Dask LocalCluster.

    python bench/backfill.py                 # 500 reports: 400 digital PDFs, 80 text extractions, 20 scans
    python bench/backfill.py --files 100     # a smaller archive, same mix

The archive is made in bench/data/archive-N/ (git-ignored) from the samples: each report a
distinct file (bytes added after the end of the PDF, or a trailing blank line of a text
extraction: new content digests, the same reading), the scans one-page copies made by
samples/scan.py. Each configuration back-fills the whole archive into a fresh output folder
and catalog, beside the baseline of `trackrecord extract --workers 2` over the same files (no
catalog, no process per file); then a back-fill is killed half-way (SIGKILL) and run again ("resume": the time
of the run that finishes the work), and run once more with nothing to do ("rerun"). Printed
side by side: files per minute, seconds, and the peak memory of one file's reading process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = ROOT / "bench" / "data"
DIGITAL = ["lga-2015-16-q3.pdf", "lga-2015-16-q3-colour.pdf", "lga-2017-18-q4.pdf", "lga-2017-18-q4-unruled.pdf",
           "lga-2018-19-q2.pdf"]
TEXT = ["000_a697e2d45aa348d4.txt", "002_372153f7c699848e.txt"]


def archive(files: int) -> Path:
    """Build (once) an archive of `files` distinct reports: 80 % digital, 16 % text, 4 % scans."""
    folder = DATA / f"archive-{files}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    sys.path.insert(0, str(SAMPLES))
    from scan import scan

    scans, texts = max(1, files * 4 // 100), max(1, files * 16 // 100)
    digital = files - scans - texts
    for n in range(digital):
        source = SAMPLES / DIGITAL[n % len(DIGITAL)]
        target = folder / f"year-{n % 10:02d}" / f"{source.stem}-{n:04d}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    for n in range(texts):
        source = SAMPLES / TEXT[n % len(TEXT)]
        target = folder / "legacy" / f"{source.stem}-{n:04d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes() + b"\n" * (n + 1))
    one_page = DATA / "scan-source.pdf"
    if not one_page.exists():
        import pypdfium2 as pdfium

        src = pdfium.PdfDocument(str(SAMPLES / "lga-2018-19-q2.pdf"))
        out = pdfium.PdfDocument.new()
        out.import_pages(src, [0])
        out.save(str(one_page))
    for n in range(scans):
        target = folder / "scans" / f"scan-{n:04d}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        scan(one_page, target, seed=n + 1)
    done.write_text("")
    return folder


def command(folder: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "from trackrecord.cli import app; app()", "backfill", str(folder), "--out", str(out),
            *extra]


def catalog_figures(out: Path) -> tuple[int, float]:
    db = sqlite3.connect(out / "catalog.sqlite")
    done, peak = db.execute("SELECT count(*), max(peak_memory_mb) FROM results").fetchone()
    db.close()
    return int(done), float(peak or 0)


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--skip", nargs="*", default=[],
                        help="configurations to leave out (extract, serial, processes, dask)")
    args = parser.parse_args()
    folder = archive(args.files)
    runs = DATA / "backfill-runs"
    shutil.rmtree(runs, ignore_errors=True)
    rows: list[tuple[str, int, float, float]] = []

    def measure(name: str, *extra: str) -> float:
        out = runs / name
        seconds = timed(command(folder, out, *extra))
        done, peak = catalog_figures(out)
        rows.append((name, done, seconds, peak))
        return seconds

    if "extract" not in args.skip:  # the baseline: the same files through `extract`, no catalog, no isolation
        files = sorted(str(p) for p in folder.rglob("*") if p.suffix in (".pdf", ".txt"))
        seconds = timed([sys.executable, "-c", "from trackrecord.cli import app; app()", "extract", *files, "--out",
                         str(runs / "extract"), "--workers", "2"])
        rows.append(("baseline: extract --workers 2 (no catalog)", len(files), seconds, 0.0))
    if "serial" not in args.skip:
        measure("serial", "--workers", "1")
    if "processes" not in args.skip:
        full = measure("processes", "--workers", "2")
    if "dask" not in args.skip:
        import dask
        from distributed import LocalCluster

        with dask.config.set({"distributed.worker.daemon": False}), \
                LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            measure("dask", "--executor", "dask", "--scheduler", cluster.scheduler_address)
    # killed half-way, then resumed
    out = runs / "killed"
    process = subprocess.Popen(command(folder, out, "--workers", "2"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    half = full / 2 if "processes" not in args.skip else 30.0
    time.sleep(half)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before, _ = catalog_figures(out)
    seconds = timed(command(folder, out, "--workers", "2"))
    done, peak = catalog_figures(out)
    rows.append((f"resume (killed after {half:.0f} s, {before} done)", done - before, seconds, peak))
    seconds = timed(command(folder, out, "--workers", "2"))
    rows.append(("rerun, nothing changed", 0, seconds, 0.0))

    print(f"\nback-fill of {args.files} reports ({folder.relative_to(ROOT)}), 2 cores")
    print(f"{'configuration':<44} {'files read':>10} {'seconds':>8} {'files/min':>10} {'peak MB/file':>13}")
    for name, done, seconds, peak in rows:
        rate = done / seconds * 60 if seconds and done else 0.0
        print(f"{name:<44} {done:>10} {seconds:>8.1f} {rate:>10.1f} {peak:>13.0f}")


if __name__ == "__main__":
    main()
