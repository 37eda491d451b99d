"""Benchmark: this pipeline against bare camelot lattice, pdfplumber and pypdfium2, one run.

    python bench/run.py                # samples + a generated 240-page report
    python bench/run.py --pages 400    # a longer generated report
    python bench/run.py --skip camelot # leave an engine out

Each engine runs in its own subprocess over the same files, so its peak memory is its own.
For each engine and data set it prints pages per second, peak memory (RSS, and its growth
over the engine's imports) and how many expected records it recovers exactly. The table
engines (camelot, pdfplumber) return cells, not records, so a record counts as recovered
when one of their rows holds the record's target, progress and status text as whole cells
(white space folded; generous to them). pdfplumber runs twice: with its defaults, and with
``text_x_tolerance=1`` so that its words are not glued together. Bare pypdfium2 reads characters only: it is the
floor for reading cost, and recovers no records.

The long report is generated into bench/data/ (git-ignored) from the 2017/18 sample content,
repeated with new refs, so that cost per page can be seen to stay flat as documents grow.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = ROOT / "bench" / "data"
ENGINES = ("trackrecord", "camelot-lattice", "pdfplumber", "pdfplumber-x1", "pypdfium2-chars")


# -- data sets -------------------------------------------------------------------------------
def long_report(pages: int) -> tuple[Path, list[dict[str, Any]]]:
    """Build (once) a report of at least `pages` pages and return it with its expected records."""
    sys.path.insert(0, str(SAMPLES))
    import build
    from render import Document, TableStyle

    content = build.load("lga-2017-18.narrative")
    path = DATA / f"long-{pages}.pdf"
    expected_path = DATA / f"long-{pages}.expected.json"
    if path.exists() and expected_path.exists():
        return path, json.loads(expected_path.read_text())
    DATA.mkdir(parents=True, exist_ok=True)
    repeats = 1
    while True:
        rows = []
        for r in range(repeats):
            for item in content:
                family = re.match(r"[A-Z]+", item["ref"]).group()  # type: ignore[union-attr]
                number = int(item["ref"][len(family):]) + 100 * r
                rows.append(item | {"ref": f"{family}{number}", "section": f"{item['section']} ({r + 1})"})
        doc = Document(path, "Long generated report 2017/18")
        doc.new_page("portrait")
        doc.heading("Generated long monitoring report 2017/18")
        doc.table(build.NARRATIVE_2017, build.narrative_rows(rows), TableStyle(rules="grid"))
        doc.save()
        import pypdfium2

        count = len(pypdfium2.PdfDocument(path))
        if count >= pages:
            break
        repeats = max(repeats + 1, int(repeats * pages / max(count, 1)) + 1)
    expected = [{k: r[k] for k in ("ref", "target", "delivered", "status")} | {"status": r["status"].capitalize()
                if r["status"] else None} for r in rows]
    expected_path.write_text(json.dumps(expected))
    return path, expected


def sample_set() -> tuple[list[Path], list[dict[str, Any]]]:
    files, expected = [], []
    for exp in sorted((SAMPLES / "expected").glob("*.json")):
        data = json.loads(exp.read_text())
        pdf = SAMPLES / f"{data['doc_id']}.pdf"
        if not pdf.exists():  # the text extractions are not PDFs: no table engine reads them
            continue
        files.append(pdf)
        for d in data["deliverables"]:
            expected.append({k: d[k] for k in ("ref", "target", "delivered", "status")} | {"doc": data["doc_id"]})
    return files, expected


# -- engines (run inside a child process) --------------------------------------------------------
def run_engine(engine: str, files: list[Path]) -> dict[str, Any]:
    base_rss = _rss_mb()
    if engine == "trackrecord":
        from trackrecord import extract_document

        imported = _rss_mb()
        started = time.perf_counter()
        records, pages = [], 0
        for f in files:
            doc = extract_document(f)
            pages += doc.pages or 0
            records += [{"doc": doc.doc_id, "ref": d.ref, "target": d.target, "delivered": d.delivered,
                         "status": d.status} for d in doc.deliverables]
        return _result(started, pages, imported, base_rss, records=records)
    if engine == "camelot-lattice":
        import warnings

        import camelot

        warnings.filterwarnings("ignore")
        imported = _rss_mb()
        started = time.perf_counter()
        rows, pages = [], 0
        for f in files:
            tables = camelot.read_pdf(str(f), pages="all", flavor="lattice")
            pages += _page_count(f)
            for t in tables:
                rows += [[_fold(c) for c in row] for row in t.df.values.tolist()]
        return _result(started, pages, imported, base_rss, rows=rows)
    if engine in ("pdfplumber", "pdfplumber-x1"):
        import pdfplumber

        # bare: the defaults. x1: text_x_tolerance=1, because the default of 3 points joins words
        # whose spaces are narrower (8-point Helvetica's is 2.2), so no cell would ever match.
        settings = {"text_x_tolerance": 1} if engine == "pdfplumber-x1" else {}
        imported = _rss_mb()
        started = time.perf_counter()
        rows, pages = [], 0
        for f in files:
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    pages += 1
                    for table in page.extract_tables(settings):
                        rows += [[_fold(c or "") for c in row] for row in table]
                    page.flush_cache()
        return _result(started, pages, imported, base_rss, rows=rows)
    if engine == "pypdfium2-chars":
        import ctypes

        import pypdfium2
        import pypdfium2.raw as raw

        imported = _rss_mb()
        started = time.perf_counter()
        pages = chars = 0
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        for f in files:
            pdf = pypdfium2.PdfDocument(f)
            for page in pdf:
                pages += 1
                tp = page.get_textpage()
                n = tp.count_chars()
                tp.get_text_range(0, n)
                for i in range(n):
                    raw.FPDFText_GetCharBox(tp.raw, i, left, right, bottom, top)
                chars += n
                tp.close()
                page.close()
            pdf.close()
        return _result(started, pages, imported, base_rss, chars=chars)
    raise SystemExit(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")


def _fold(text: str) -> str:
    return " ".join(str(text).split())


def _page_count(path: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(path))


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child would report its parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _result(started: float, pages: int, imported: float, base: float, **extra: Any) -> dict[str, Any]:
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": pages, "peak_mb": _rss_mb(), "import_mb": imported,
            "base_mb": base} | extra


# -- scoring and report (parent process) --------------------------------------------------------------
def recovered(result: dict[str, Any], expected: list[dict[str, Any]]) -> int | None:
    """Given an engine's result, return how many expected records it recovered exactly."""
    if "records" in result:
        got = [(r["ref"], r["target"], r["delivered"], r["status"]) for r in result["records"]]
        pool: dict[tuple[Any, ...], int] = {}
        for g in got:
            pool[g] = pool.get(g, 0) + 1
        hits = 0
        for e in expected:
            key = (e["ref"], e["target"], e["delivered"], e["status"])
            if pool.get(key, 0) > 0:
                pool[key] -= 1
                hits += 1
        return hits
    if "rows" in result:
        rows = [set(r) for r in result["rows"]]
        hits = 0
        for e in expected:
            need = {e["target"], e["delivered"] or ""} | ({e["status"]} if e["status"] else set())
            if any(need <= r for r in rows):
                hits += 1
        return hits
    return None


def child_run(engine: str, files: list[Path]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", engine, *map(str, files)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=240, help="size of the generated long report (>= 200)")
    parser.add_argument("--skip", action="append", default=[], choices=ENGINES, help="leave an engine out")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, *files = args.child
        print(json.dumps(run_engine(engine, [Path(f) for f in files])))
        return
    sample_files, sample_expected = sample_set()
    long_path, long_expected = long_report(args.pages)
    double_path, double_expected = long_report(2 * args.pages)
    datasets = {"samples": (sample_files, sample_expected), f"long ({long_path.name})": ([long_path], long_expected),
                f"long ({double_path.name})": ([double_path], double_expected)}
    # the doubled report only shows how cost per page grows; the slow engines are not re-run on it
    growth_only = {f"long ({double_path.name})": ("trackrecord", "pypdfium2-chars")}
    results: dict[tuple[str, str], dict[str, Any]] = {}
    header = (f"{'data set':<22} {'engine':<17} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'ms/page':>8} "
              f"{'peak MB':>8} {'+MB':>6} {'records exact':>15}")
    print(header)
    print("-" * len(header))
    for name, (files, expected) in datasets.items():
        for engine in ENGINES:
            if engine in args.skip or (name in growth_only and engine not in growth_only[name]):
                continue
            r = child_run(engine, files)
            results[(name, engine)] = r
            if "error" in r:
                print(f"{name:<22} {engine:<17} failed: {r['error']}")
                continue
            hits = recovered(r, expected)
            score = "-" if hits is None else f"{hits}/{len(expected)}"
            rate = r["pages"] / r["seconds"] if r["seconds"] else float("inf")
            print(f"{name:<22} {engine:<17} {r['pages']:>5} {r['seconds']:>8.2f} {rate:>8.1f} "
                  f"{1000 * r['seconds'] / max(r['pages'], 1):>8.1f} {r['peak_mb']:>8.0f} "
                  f"{r['peak_mb'] - r['import_mb']:>6.0f} {score:>15}")
    print()
    for name in datasets:
        ours = results.get((name, "trackrecord"), {})
        if "seconds" not in ours:
            continue
        ours_rate = ours["pages"] / ours["seconds"]
        for other, label, aim in (("camelot-lattice", "pages/s vs camelot lattice", ">= 10x"),
                                  ("pypdfium2-chars", "time vs bare pypdfium2 chars", "<= 2x"),
                                  ("pdfplumber", "pages/s vs pdfplumber extract_tables", ""),
                                  ("pdfplumber-x1", "pages/s vs pdfplumber, x tolerance 1", "")):
            o = results.get((name, other), {})
            if "seconds" not in o:
                continue
            if other == "pypdfium2-chars":
                ratio = ours["seconds"] / o["seconds"]
            else:
                ratio = ours_rate / (o["pages"] / o["seconds"])
            print(f"{name:<22} {label:<38} {ratio:6.1f}x   (aim {aim or 'n/a'})")
    for engine in ("trackrecord", "pypdfium2-chars"):
        one = results.get((f"long ({long_path.name})", engine), {})
        two = results.get((f"long ({double_path.name})", engine), {})
        if "seconds" in one and "seconds" in two:
            per_1, per_2 = one["seconds"] / one["pages"], two["seconds"] / two["pages"]
            label = f"{engine} {one['pages']} -> {two['pages']} pages"
            print(f"{'cost per page':<22} {label:<38} {1000 * per_1:.1f} -> {1000 * per_2:.1f} ms/page "
                  f"({per_2 / per_1:.2f}x; flat is 1.00x)")


if __name__ == "__main__":
    main()
