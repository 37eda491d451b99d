"""Scanned pages: pages per second, and accuracy against each scanned sample's digital twin, in one run.

    python bench/ocr.py

Makes the scanned samples (samples/scan.py), extracts each scanned sample and its digital
twin in this process, and prints for each: pages, seconds and pages per second for both, then
the issue's figures for the scan — deliverables recovered, statuses right, targets at least
97% similar to the twin's, rows exactly right, and rows not exactly right that carry no flag
beyond ``ocr``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from trackrecord import document_to_dict, extract_document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

from scan import SCANS, build_scans  # noqa: E402
from twins import score  # noqa: E402


def timed(path: Path) -> tuple[dict[str, object], float]:
    start = time.perf_counter()
    out = document_to_dict(extract_document(path))
    return out, time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        build_scans(Path(folder))
        print(f"{'sample':30} {'pages':>5} {'scan s':>7} {'pages/s':>7} {'digital s':>9} {'pages/s':>8}   "
              "recovered  status  target>=97%  exact  unflagged wrong  extra rows (flagged)")
        totals = [0, 0.0, 0.0]
        for sample in SCANS:
            scanned, seconds = timed(Path(folder) / f"{sample.doc_id}.pdf")
            _, digital_seconds = timed(ROOT / "samples" / f"{sample.twin}.pdf")
            want = json.loads((ROOT / "samples" / "expected" / f"{sample.twin}.json").read_text(encoding="utf-8"))
            r = score(scanned, want)
            pages = int(scanned["source"]["pages"])  # type: ignore[index]
            ocr_pages = len(sample.pages) if sample.pages else pages
            totals[0] += ocr_pages
            totals[1] += seconds
            totals[2] += digital_seconds
            print(f"{sample.doc_id:30} {pages:>5} {seconds:>7.1f} {pages / seconds:>7.2f} {digital_seconds:>9.2f} "
                  f"{pages / digital_seconds:>8.1f}   {r.recovered:>3}/{r.expected:<3}   {r.status_right:>3}   "
                  f"{r.target_similar:>5}       {r.exact:>3}    {len(r.unflagged_wrong):>3}              "
                  f"{len(r.extra)} ({len(r.extra) - len(r.unflagged_extra)})")
        print(f"\nscanned pages read: {totals[0]:.0f} in {totals[1]:.1f} s ({totals[0] / totals[1]:.2f} pages/s, "
              f"2 pages at a time); the same documents digital: {totals[2]:.1f} s")


if __name__ == "__main__":
    main()
