"""OCR engines side by side on the degradation matrix: accuracy and seconds per page, in one run.

    python bench/engines.py [--engines tesserocr tesseract rapidocr] [--dpi 200 300]
                            [--sources ...] [--only grey fax ...]

For each engine × OCR resolution, every document of the chosen matrix cells (cached PDFs of
``samples/degrade.py``, made as ``bench/degradation.py`` makes them) is extracted with
``ocr_engine`` and ``ocr_dpi`` set, and scored against its digital twin: deliverables
recovered, statuses right (of those that survive the copy), targets ≥ 97 % similar, rows
exact, rows wrong with no flag beyond ``ocr``. Beside our seconds per page, the bare engine is
timed on the same page images (the page rendered at that resolution and handed to the engine,
two pages at once as the pipeline reads them), so "ours ÷ bare" is the cost of everything we
do around the engine.

Documents run one at a time (the pipeline reads two scanned pages at once on its own), so the
timings are not disturbed by each other; run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))
sys.path.insert(0, str(ROOT / "bench"))

from degradation import _cache, _make, colour_survives, read_cell  # noqa: E402
from degrade import MATRIX  # noqa: E402

DEFAULT_SOURCES = ("lga-2017-18-q4", "lga-2015-16-q3-colour")
DEFAULT_CELLS = ("grey", "fax", "jpeg", "skew", "yellowed", "grey+jpeg")


def _bare(path: Path, engine: str, dpi: int) -> float:
    """Seconds the bare engine spends on the document's page images at ``dpi``, two pages at once."""
    import pypdfium2 as pdfium

    from trackrecord.extract.pdf import engines

    pdf = pdfium.PdfDocument(str(path))
    images = [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    pdf.close()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i, image in enumerate(images):
            files.append(Path(folder) / f"{i}.png")
            image.save(files[-1])

        def one(i: int) -> None:
            if engine == "tesseract":  # the program reads the file, as a user would run it
                subprocess.run(["tesseract", str(files[i]), "-", "--psm", "3", "tsv"], check=True,
                               capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
            else:
                engines.recognise(images[i], "eng", engine)

        if engine != "tesseract":
            with ThreadPoolExecutor(2) as pool:  # load each thread's model before the clock starts
                list(pool.map(lambda i: engines.recognise(images[0].resize((200, 100)), "eng", engine), [0, 1]))
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(one, range(len(images))))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["tesserocr", "tesseract", "rapidocr"])
    parser.add_argument("--dpi", nargs="+", type=int, default=[200, 300])
    parser.add_argument("--sources", nargs="+", default=list(DEFAULT_SOURCES))
    parser.add_argument("--only", nargs="+", default=list(DEFAULT_CELLS), help="matrix cells to read")
    args = parser.parse_args()
    cells = [d for d in MATRIX if d.name in args.only]
    _cache().mkdir(parents=True, exist_ok=True)
    docs = [(_make((twin, d)), twin, d) for twin in args.sources for d in cells]
    print(f"{len(docs)} documents ({len(args.sources)} samples × {len(cells)} cells: {', '.join(args.only)}), "
          f"one at a time\n")
    header = (f"{'engine':10} {'dpi':>4} {'recovered':>10} {'status':>7} {'target':>7} {'exact':>7} {'unflagged':>9} "
              f"{'s/page':>7} {'bare s/page':>11} {'ours/bare':>9}")
    print(header)
    print("-" * len(header))
    for engine in args.engines:
        for dpi in args.dpi:
            sums: dict[str, float] = dict.fromkeys(("expected", "recovered", "survives", "status", "target", "exact",
                                                    "unflagged", "seconds", "pages", "bare"), 0.0)
            errors = 0
            for path, twin, cell in docs:
                r = read_cell(path, twin, colour_survives(cell), {"ocr_engine": engine, "ocr_dpi": dpi})
                errors += "error" in r
                for key in sums:
                    sums[key] += r.get(key, 0)
                sums["bare"] += _bare(path, engine, dpi)
            expected, recovered, pages = sums["expected"] or 1, sums["recovered"] or 1, sums["pages"] or 1
            surviving = sums["survives"] or 1
            print(f"{engine:10} {dpi:>4} {sums['recovered'] / expected:>10.1%} {sums['status'] / surviving:>7.1%} "
                  f"{sums['target'] / recovered:>7.1%} {sums['exact'] / expected:>7.1%} {sums['unflagged']:>9.0f} "
                  f"{sums['seconds'] / pages:>7.2f} {sums['bare'] / pages:>11.2f} "
                  f"{sums['seconds'] / (sums['bare'] or 1):>9.2f}" + (f"  ({errors} not read)" if errors else ""),
                  flush=True)


if __name__ == "__main__":
    main()
