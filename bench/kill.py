"""Kill ``trackrecord extract`` at random moments, fifty times, and check that a document's
files never come from two different runs.

Two versions of one report (the same name in two folders, one word of a target changed) are
extracted in turn into one ``--out``; each run is killed (SIGKILL, its whole process group)
after a random time within a run's length, and the folder is then read as a reader would
(``reconcile``'s :func:`document_files` settles a folder before reading it). The document's
JSON and its deliverables CSV must then hold the same targets and progress texts: both from one run.

    python bench/kill.py [--tries 50]

Prints one line per try and the count of mixed folders at the end (it must be 0); exits 1
when any folder mixed two runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "samples" / "002_372153f7c699848e.txt"
CLI = [sys.executable, "-c", "from trackrecord.cli import run; run()"]


def versions(folder: Path) -> list[Path]:
    """Two versions of one report under one name: as published, and with one target reworded."""
    text = REPORT.read_text(encoding="utf-8")
    made = []
    for name, body in (("a", text), ("b", text.replace("councils", "authorities", 1))):
        (folder / name).mkdir()
        path = folder / name / "report.txt"
        path.write_text(body, encoding="utf-8")
        made.append(path)
    return made


def start(path: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*CLI, "extract", str(path), "--out", str(out)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def consistent(out: Path) -> str:
    """"empty", "one run", or "MIXED" for the document's files in out, read as a reader would."""
    from trackrecord.reconcile.batch import document_files

    problems: list[str] = []
    document_files([out], problems)  # settles the folder, as reconcile does before reading it
    document = out / "report.json"
    table = out / "report.deliverables.csv"
    if not document.exists() and not table.exists():
        return "empty"
    if not (document.exists() and table.exists()) or problems:
        return "MIXED"
    deliverables = json.loads(document.read_text(encoding="utf-8"))["deliverables"]
    texts = [(d["target"], d["delivered"] or "") for d in deliverables]
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    return "one run" if texts == [(r["target"], r["delivered"]) for r in rows] else "MIXED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as folder:
        inputs = versions(Path(folder))
        out = Path(folder) / "out"
        started = time.perf_counter()
        subprocess.run([*CLI, "extract", str(inputs[0]), "--out", str(out)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        length = time.perf_counter() - started
        print(f"one whole run: {length:.2f} s; killing each try within {1.2 * length:.2f} s")
        mixed = 0
        finished = 0
        for n in range(args.tries):
            process = start(inputs[n % 2], out)
            time.sleep(rng.uniform(0.3 * length, 1.2 * length))
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                finished += 1
            process.wait()
            state = consistent(out)
            mixed += state == "MIXED"
            print(f"try {n + 1:2d}: {'finished' if process.returncode == 0 else 'killed'}, files: {state}")
        print(f"{args.tries} tries, {args.tries - finished} killed mid-run, {mixed} folder(s) mixing two runs")
        sys.exit(1 if mixed else 0)


if __name__ == "__main__":
    main()
