"""Screenshots of the review site for the README: the index, a document's records beside their
sources, and the page view — made from the samples in Debian's Chromium (through Playwright).

    .venv/bin/python scripts/screenshots.py      # writes docs/review-*.png
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SHOWN = ("lga-2015-16-q3-colour.pdf", "scanned/lga-2015-16-q3-colour-scan.pdf", "000_a697e2d45aa348d4.txt")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from trackrecord.extract.batch import extract_batch
    from trackrecord.review.site import build_site, folder_name

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("error: chromium is not installed (scripts/setup.sh test installs it)")
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        out, site = Path(folder) / "out", Path(folder) / "site"
        os.chdir(ROOT)  # the sources as a user names them (samples/...), not by this machine's paths
        for result in extract_batch([Path("samples") / name for name in SHOWN], out):
            if result.error:
                sys.exit(result.error)
        build_site(out, site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto((site / "index.html").as_uri())
            page.screenshot(path=str(DOCS / "review-index.png"))
            page.goto((site / folder_name("lga-2015-16-q3-colour-scan") / "index.html").as_uri())
            page.wait_for_selector("article.record")
            page.check("input[name=filter][value=flagged]")
            page.wait_for_function("() => !document.querySelector('article.record:not(.flagged)')")
            page.click("article.record tr[data-field='status'] th")
            page.screenshot(path=str(DOCS / "review-document.png"))
            page.click("#view-pages")
            page.wait_for_selector("#page-box .page img")
            page.eval_on_selector("#page-box .page img", "img => img.decode()")
            box = page.locator("#page-box .pbox").nth(6)
            box.evaluate("b => b.scrollIntoView({block: 'center'})")
            where = box.bounding_box()
            if where:
                page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
            page.screenshot(path=str(DOCS / "review-page.png"))
            browser.close()
    for name in ("review-index.png", "review-document.png", "review-page.png"):
        print(DOCS / name)


if __name__ == "__main__":
    main()
