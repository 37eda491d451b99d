"""Scans as copiers and faxes leave them: the degradation matrix, read and scored, in one run.

    python bench/degradation.py [--workers 2] [--sources lga-2017-18-q4 ...] [--only grey fax ...]

Makes every digital sample × degradation of ``samples/degrade.py`` (cached in
bench/data/degraded/<generator hash>/, git-ignored), extracts each, and prints per cell and per
degradation the issue's figures against the digital twin's expectation: deliverables
recovered, statuses right (of the recovered rows whose status survives the copy: a status shown
only as colour does not survive greyscale or fax), statuses guessed where they did not survive
(anything but null and flagged), targets at least 97 % similar, rows exactly
right, rows not exactly right with no flag beyond ``ocr`` (what an auditor is not warned
about), and seconds per page. Bare Tesseract on the same page images is measured beside, per
degradation, so the cost of our reading shows against the engine's own.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))

from degrade import MATRIX, SOURCES, Degradation, degrade  # noqa: E402
from twins import colour_only_statuses, score  # noqa: E402

COLOUR_LOST = ("grey", "fax")  # steps after which a status shown only as colour no longer survives


def _cache() -> Path:
    digest = hashlib.sha256((SAMPLES / "degrade.py").read_bytes()).hexdigest()[:12]
    return ROOT / "bench" / "data" / "degraded" / digest


def _make(job: tuple[str, Degradation]) -> Path:
    twin, degradation = job
    target = _cache() / f"{twin}--{degradation.name}.pdf"
    if not target.exists():
        partial = target.with_suffix(".part")
        degrade(SAMPLES / f"{twin}.pdf", partial, degradation)
        partial.replace(target)
    return target


def colour_survives(degradation: Degradation) -> bool:
    """Does a status shown only as colour survive this copy (not after greyscale or fax)?"""
    return not set(degradation.steps) & set(COLOUR_LOST)


@functools.cache
def _colour_only(twin: str) -> frozenset[str]:
    from trackrecord import document_to_dict, extract_document

    return colour_only_statuses(document_to_dict(extract_document(SAMPLES / f"{twin}.pdf")))


def read_cell(path: Path, twin: str, survives: bool, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Extract one degraded copy (with ``settings``) and score it against its digital twin: the
    figures both benches print, with the seconds the extraction took."""
    from trackrecord import document_to_dict, extract_document
    from trackrecord.extract.errors import ExtractionError

    started = time.perf_counter()
    try:
        got = document_to_dict(extract_document(path, settings))
    except ExtractionError as error:
        return {"error": str(error).splitlines()[0][:100], "seconds": time.perf_counter() - started, "pages": 0}
    seconds = time.perf_counter() - started
    want = json.loads((SAMPLES / "expected" / f"{twin}.json").read_text(encoding="utf-8"))
    r = score(got, want, _colour_only(twin), survives)
    return {"seconds": seconds, "pages": got["source"]["pages"], "expected": r.expected, "recovered": r.recovered,
            "survives": r.status_survives, "status": r.status_right_surviving, "guessed": len(r.status_guessed),
            "target": r.target_similar, "exact": r.exact, "unflagged": len(r.unflagged_wrong), "extra": len(r.extra)}


def _read(job: tuple[Path, str, bool]) -> dict[str, Any]:
    return read_cell(*job)


def _tesseract_seconds(path: Path, dpi: int) -> float:
    """Bare Tesseract over the page images of ``path`` at ``dpi``: render, then one tesseract run a page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    total = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for i in range(len(pdf)):
            image = Path(folder) / f"{i}.png"
            pdf[i].render(scale=dpi / 72).to_pil().save(image)
            started = time.perf_counter()
            subprocess.run(["tesseract", str(image), "-", "--psm", "3", "tsv"], check=True, capture_output=True,
                           env=dict(os.environ, OMP_THREAD_LIMIT="1"))  # as the pipeline runs it
            total += time.perf_counter() - started
    return total / len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sources", nargs="+", default=list(SOURCES))
    parser.add_argument("--only", nargs="+", help="degradations to run (default: the whole matrix)")
    args = parser.parse_args()
    matrix = [d for d in MATRIX if not args.only or d.name in args.only]
    jobs = [(twin, d) for twin in args.sources for d in matrix]
    _cache().mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        paths = list(pool.map(_make, jobs))
        results = list(pool.map(_read, [(p, twin, colour_survives(d)) for p, (twin, d) in zip(paths, jobs)]))
    wall = time.perf_counter() - started
    print(f"{len(jobs)} documents ({len(args.sources)} samples × {len(matrix)} degradations) in {wall:.0f} s, "
          f"{args.workers} workers; PDFs in {_cache().relative_to(ROOT)}\n")
    header = (f"{'sample':24} {'degradation':16} {'recovered':>10} {'status':>9} {'guessed':>7} {'target':>7} "
              f"{'exact':>6} {'unflagged':>9} {'extra':>5} {'s/page':>7}")
    print(header)
    print("-" * len(header))
    per: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (twin, d), r in zip(jobs, results):
        per[d.name].append(r)
        if "error" in r:
            print(f"{twin:24} {d.name:16} not read: {r['error']}")
            continue
        print(f"{twin:24} {d.name:16} {r['recovered']:>4}/{r['expected']:<5} {r['status']:>4}/{r['survives']:<4} "
              f"{r['guessed']:>7} {r['target']:>7} {r['exact']:>6} {r['unflagged']:>9} {r['extra']:>5} "
              f"{r['seconds'] / r['pages']:>7.2f}")
    print("\n== per degradation (all samples) " + "=" * 60)
    print(f"{'degradation':16} {'recovered':>10} {'status':>8} {'guessed':>7} {'target':>8} {'exact':>8} "
          f"{'unflagged':>9} {'s/page':>7} {'tesseract s/page':>17}")
    totals: dict[str, float] = defaultdict(float)
    for d in matrix:
        rows = [r for r in per[d.name] if "error" not in r]
        unread = len(per[d.name]) - len(rows)
        bare = _tesseract_seconds(_cache() / f"{args.sources[0]}--{d.name}.pdf", d.dpi)
        sums = {key: sum(r[key] for r in rows) for key in ("expected", "recovered", "survives", "status", "guessed",
                                                           "target", "exact", "unflagged", "seconds", "pages")}
        for key, value in sums.items():
            totals[key] += value
        print(_figures(d.name, sums) + f" {bare:>17.2f}" + (f"   ({unread} not read)" if unread else ""))
    print()
    print(_figures("whole matrix", totals))
    print("bars: recovered ≥ 98 %; status right ≥ 99 % of those whose word or colour survives (status: of the "
          "recovered rows whose status the copy still shows); none guessed where it does not survive; target ≥ 97 % "
          "similar for ≥ 95 %; no row wrong without a flag beyond ocr")


def _figures(name: str, sums: dict[str, float]) -> str:
    expected, recovered = sums["expected"] or 1, sums["recovered"] or 1
    return (f"{name:16} {sums['recovered'] / expected:>9.1%} {sums['status'] / (sums['survives'] or 1):>8.1%} "
            f"{sums['guessed']:>7.0f} {sums['target'] / recovered:>8.1%} {sums['exact'] / expected:>8.1%} "
            f"{sums['unflagged']:>9.0f} "
            f"{sums['seconds'] / (sums['pages'] or 1):>7.2f}")

if __name__ == "__main__":
    main()
