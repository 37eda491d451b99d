"""Benchmark: the review site of a long report — how long it takes to build, and whether its pages
stay responsive in a browser (Debian's Chromium through Playwright), beside the floor for the
build: bare pypdfium2 rendering the same pages at the same resolution, in the same run.

    python bench/review.py                 # the generated 240-page report (bench/run.py makes it)
    python bench/review.py --pages 480     # a longer one

Printed: extraction seconds (for scale), bare rendering and site build seconds, the site's size;
then in the browser the time from opening the document page to its first records, a pager step,
the flagged filter, a step through the flagged rows by key, the page view of a middle page with
every box, and the number of elements on the page (paging keeps it bounded, whatever the length).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from run import long_report  # noqa: E402


def _bare_render(pdf: Path, dpi: int) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    document = pdfium.PdfDocument(str(pdf))
    for i in range(len(document)):
        page = document[i]
        page.render(scale=dpi / 72).to_pil().convert("RGB")
        page.close()
    document.close()
    return time.perf_counter() - started


def _browser(site: Path, doc: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    out: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        started = time.perf_counter()
        page.goto((site / doc / "index.html").as_uri())
        page.wait_for_selector("article.record")
        out["first records (ms)"] = (time.perf_counter() - started) * 1000
        steps = []
        for _ in range(8):
            first = page.eval_on_selector("article.record", "e => e.dataset.id")
            started = time.perf_counter()
            page.click("#pager-top button:has-text('next')")
            page.wait_for_function("id => document.querySelector('article.record').dataset.id !== id", arg=first)
            steps.append(time.perf_counter() - started)
        out["pager step, median (ms)"] = median(steps) * 1000
        started = time.perf_counter()
        page.check("input[name=filter][value=flagged]")
        page.wait_for_function("() => !document.querySelector('article.record:not(.flagged)')")
        out["flagged filter (ms)"] = (time.perf_counter() - started) * 1000
        page.click("article.record .head")
        keys = []
        for _ in range(30):
            before = page.eval_on_selector("article.record.current", "e => e.dataset.id")
            started = time.perf_counter()
            page.keyboard.press("n")
            page.wait_for_function("id => { const c = document.querySelector('article.record.current');"
                                   " return c && c.dataset.id !== id; }", arg=before)
            keys.append(time.perf_counter() - started)
        out["next flagged by key, median (ms)"] = median(keys) * 1000
        pages = page.evaluate("() => document.querySelectorAll('*').length")
        out["elements on the page"] = pages
        page.evaluate("() => { window.scrollTo(0, 0); }")
        started = time.perf_counter()
        page.click("#view-pages")
        page.wait_for_selector("#page-box .page")
        out["page view (ms)"] = (time.perf_counter() - started) * 1000
        out["errors"] = len(errors)
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    from trackrecord import extract_document, write_outputs
    from trackrecord.review.site import build_site

    pdf, _ = long_report(args.pages)
    with tempfile.TemporaryDirectory() as folder:
        out, site = Path(folder) / "out", Path(folder) / "site"
        started = time.perf_counter()
        doc = extract_document(pdf)
        write_outputs(doc, out)
        extraction = time.perf_counter() - started
        bare = _bare_render(pdf, args.dpi)
        report = build_site(out, site, dpi=args.dpi)
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        rows = len(doc.deliverables) + len(doc.quarterly)
        print(f"{pdf.name}: {doc.pages} pages, {rows} rows (extraction {extraction:.1f}s, for scale)\n")
        print(f"{'':34} {'seconds':>8} {'s/page':>8}")
        print(f"{'bare pypdfium2 render, ' + str(args.dpi) + ' dpi':34} {bare:>8.1f} {bare / doc.pages:>8.3f}")
        print(f"{'review site build':34} {report.seconds:>8.1f} {report.seconds / doc.pages:>8.3f}"
              f"   ({report.seconds / bare:.1f}x bare; {size / 2**20:.0f} MiB)")
        print()
        for name, value in _browser(site, doc.doc_id).items():
            print(f"{name:34} {value:>8.0f}")


if __name__ == "__main__":
    main()
