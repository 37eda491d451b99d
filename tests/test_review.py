"""The auditor's review site, in a real browser (Debian's Chromium driven by Playwright): it loads
from disk with no console error, the flagged filter shows exactly the flagged rows, each crop
draws the box the JSON gives, a value marked wrong becomes a corrections file that the next
extraction applies, and a report's text that looks like markup stays text."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import SAMPLES
from typer.testing import CliRunner

from trackrecord.cli import app
from trackrecord.review.audit import is_flagged
from trackrecord.review.site import build_site, folder_name, script_data

PDF = "lga-2017-18-q4"
TEXT = "000_a697e2d45aa348d4"
OFFICE = "lga-2018-19-q2"  # its Excel twin
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> Deliver </script> safely'


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three documents extracted as a data officer would (a digital PDF, a text extraction, an Excel
    workbook), one of them with a target that reads like markup, and their review site."""
    root = tmp_path_factory.mktemp("review")
    (root / "in").mkdir()
    for name in (f"{PDF}.pdf", f"{TEXT}.txt"):
        shutil.copy(SAMPLES / name, root / "in" / name)
    shutil.copy(SAMPLES / "office" / "xlsx" / f"{OFFICE}.xlsx", root / "in" / f"{OFFICE}.xlsx")
    result = CliRunner().invoke(app, ["extract", str(root / "in"), "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    text_json = root / "out" / f"{TEXT}.json"
    data = json.loads(text_json.read_text(encoding="utf-8"))
    data["deliverables"][1]["target"] = HOSTILE  # what a hostile or odd report could hold
    text_json.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(root / "out"), "--out", str(root / "site")])
    assert result.exit_code == 0, result.output
    docs = {d: json.loads((root / "out" / f"{d}.json").read_text(encoding="utf-8")) for d in (PDF, TEXT, OFFICE)}
    return {"root": root, "site": root / "site", "docs": docs}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (scripts/setup.sh test installs it)")
        pytest.skip("Chromium is not installed (scripts/setup.sh test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda m: opened.errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
              else None)
    opened.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))
    opened.on("requestfailed", lambda r: opened.errors.append(f"failed: {r.url}"))
    yield opened
    context.close()


def _open(page: Any, site: Path, doc: str) -> None:
    page.goto((site / folder_name(doc) / "index.html").as_uri())
    page.wait_for_selector("article.record")


def _shown_ids(page: Any) -> list[str]:
    """Every row the current filter shows, through all pages of the pager."""
    ids: list[str] = []
    while True:
        ids += page.eval_on_selector_all("article.record", "els => els.map(e => e.dataset.id)")
        following = page.locator("#pager-top button", has_text="next")
        if following.is_disabled():
            return ids
        first = ids[-1]
        following.click()
        page.wait_for_function("id => document.querySelector('article.record:last-of-type').dataset.id !== id",
                               arg=first)


def test_index_and_documents_load_with_no_console_error(made: dict[str, Any], page: Any) -> None:
    page.goto((made["site"] / "index.html").as_uri())
    rows = page.eval_on_selector_all("#documents tbody tr", "trs => trs.map(t => [t.dataset.doc, "
                                     "...[...t.cells].map(c => c.textContent)])")
    assert {r[0] for r in rows} == {PDF, TEXT, OFFICE}
    for row in rows:
        doc = made["docs"][row[0]]
        records = doc["deliverables"] + doc["quarterly"]
        assert int(row[5]) == len(records)
        assert int(row[6]) == sum(1 for r in records if is_flagged(r["flags"]))
    for doc in (PDF, TEXT, OFFICE):
        _open(page, made["site"], doc)
        page.click("#view-pages")
        page.wait_for_selector("#page-box .page, #page-box:has-text('text source'), #page-box:has-text('Excel source')")
        page.click("#view-records")
    assert page.errors == []


@pytest.mark.parametrize("doc", [PDF, TEXT])
def test_the_flagged_filter_shows_exactly_the_flagged_rows(made: dict[str, Any], page: Any, doc: str) -> None:
    _open(page, made["site"], doc)
    data = made["docs"][doc]
    records = data["deliverables"] + data["quarterly"]
    assert _shown_ids(page) == [r["id"] for r in records]
    page.check("input[name=filter][value=flagged]")
    page.wait_for_function("() => !document.querySelector('article.record:not(.flagged)')")
    flagged = [r["id"] for r in records if is_flagged(r["flags"])]
    assert flagged and len(flagged) < len(records)
    assert _shown_ids(page) == flagged


def test_a_crop_draws_the_box_the_json_gives(made: dict[str, Any], page: Any) -> None:
    _open(page, made["site"], PDF)
    record = made["docs"][PDF]["deliverables"][0]
    for name in ("target", "status", "delivered"):
        want = record["fields"][name]["source"]
        crop = page.locator(f"article[data-id='{record['id']}'] tr[data-field='{name}'] .crop").first
        crop.locator("img").evaluate("img => img.decode()")  # the page image is there and decodes
        scale = float(crop.get_attribute("data-scale"))
        x0, top = (float(v) for v in crop.get_attribute("data-origin").split(","))
        frame = crop.bounding_box()
        box = crop.locator(".box").bounding_box()
        assert frame and box
        got = [x0 + (box["x"] - frame["x"]) / scale, top + (box["y"] - frame["y"]) / scale]
        got += [got[0] + box["width"] / scale, got[1] + box["height"] / scale]
        assert got == pytest.approx(want["bbox"], abs=1.5), name  # within the frame's border
        assert crop.get_attribute("data-page") == str(want["page"])


def test_a_text_source_shows_the_numbered_lines(made: dict[str, Any], page: Any) -> None:
    _open(page, made["site"], TEXT)
    record = made["docs"][TEXT]["deliverables"][0]
    line = record["fields"]["status"]["source"]["line"]
    hit = page.locator(f"article[data-id='{record['id']}'] tr[data-field='status'] ol.lines li.hit")
    assert hit.get_attribute("data-line") == str(line)
    source = (made["root"] / "in" / f"{TEXT}.txt").read_text(encoding="utf-8").split("\n")
    assert hit.text_content() == source[line - 1]


def test_an_office_source_shows_each_values_cell_and_what_the_file_holds_there(made: dict[str, Any],
                                                                                page: Any) -> None:
    _open(page, made["site"], OFFICE)
    record = made["docs"][OFFICE]["deliverables"][0]
    for name in ("target", "status", "ref"):
        cell = record["fields"][name]["source"]["cell"]
        shown = page.locator(f"article[data-id='{record['id']}'] tr[data-field='{name}'] .cell")
        assert shown.get_attribute("data-cell") == cell and cell.startswith("Report!")
        assert shown.locator("code").text_content() == cell
        assert shown.locator("q").text_content() == record[name]  # the workbook's own cell, read again
    assert page.errors == []


def test_a_value_marked_wrong_is_applied_by_the_next_extraction(made: dict[str, Any], page: Any,
                                                                 tmp_path: Path) -> None:
    _open(page, made["site"], PDF)
    record = made["docs"][PDF]["deliverables"][2]
    assert record["status"] != "Red"
    page.fill("#auditor", "A. Auditor")
    page.dispatch_event("#auditor", "change")
    page.click(f"article[data-id='{record['id']}'] tr[data-field='status'] th")
    page.keyboard.press("w")
    page.fill("#correct-value", "Red")
    page.fill("#correct-note", "the printed copy shows red")
    page.click("#correct-save")
    page.wait_for_selector(f"article[data-id='{record['id']}'] tr[data-field='status'] .mark")
    page.click(f"article[data-id='{record['id']}'] tr[data-field='target'] th")
    page.keyboard.press("c")
    with page.expect_download() as got:
        page.click("#download")
    corrections = tmp_path / "corrections.json"
    got.value.save_as(corrections)
    entries = json.loads(corrections.read_text(encoding="utf-8"))["corrections"]
    assert sorted((e["field"], e["action"]) for e in entries) == [("status", "corrected"), ("target", "checked")]
    result = CliRunner().invoke(app, ["extract", str(made["root"] / "in" / f"{PDF}.pdf"), "--out",
                                      str(tmp_path / "out"), "--corrections", str(corrections)])
    assert result.exit_code == 0 and "not applied" not in result.output, result.output
    rerun = json.loads((tmp_path / "out" / f"{PDF}.json").read_text(encoding="utf-8"))
    row = next(r for r in rerun["deliverables"] if r["id"] == record["id"])
    assert row["status"] == "Red" and row["fields"]["status"]["raw"] == record["fields"]["status"]["raw"]
    assert row["fields"]["status"]["correction"]["by"] == "A. Auditor"
    assert row["fields"]["status"]["correction"]["note"] == "the printed copy shows red"
    assert row["fields"]["target"]["checked"]["by"] == "A. Auditor"
    # the rerun's own site shows the correction as applied, and the audit counts it
    build_site(tmp_path / "out", tmp_path / "site")
    with (tmp_path / "site" / "audit.csv").open(encoding="utf-8", newline="") as handle:
        audit = next(csv.DictReader(handle))
    assert (audit["doc_id"], audit["reviewed"], audit["corrected"], audit["pending"]) == (PDF, "1", "1", "0")
    assert page.errors == []


def test_a_target_holding_markup_shows_as_text(made: dict[str, Any], page: Any) -> None:
    _open(page, made["site"], TEXT)
    heading = page.locator("article.record .heading").nth(1)
    assert heading.text_content() == HOSTILE
    assert page.evaluate("window.pwned") is None
    assert page.locator("article.record img[src=x]").count() == 0
    assert page.errors == []


def test_keys_walk_the_flagged_rows_and_the_page_view_names_a_box(made: dict[str, Any], page: Any) -> None:
    _open(page, made["site"], PDF)
    records = made["docs"][PDF]["deliverables"] + made["docs"][PDF]["quarterly"]
    flagged = [r["id"] for r in records if is_flagged(r["flags"])]
    page.click("article.record .head")
    page.keyboard.press("n")
    current = page.locator("article.record.current").get_attribute("data-id")
    assert current == next(f for f in flagged if f != records[0]["id"])
    page.click("#view-pages")
    box = page.locator("#page-box .pbox").last  # the smallest: drawn last, over the cells around it
    box.evaluate("b => b.scrollIntoView({block: 'center'})")
    where = box.bounding_box()
    page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    row = records[int(box.get_attribute("data-row"))]
    assert page.locator("#tip").text_content().startswith(row["id"] + " · " + box.get_attribute("data-field"))


def test_data_files_cannot_close_a_script() -> None:
    text = script_data("TR.chunk", 0, [{"target": "</script><script>alert(1)</script>"}])
    assert "</script>" not in text and "<" not in text
    assert json.loads(text[len("TR.chunk(0, "):-3].replace("\\u003c", "<"))[0]["target"].startswith("</script>")


def test_review_through_the_cli_reports_what_it_could_not_show(made: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(made["root"] / "out", out)
    moved = json.loads((out / f"{PDF}.json").read_text(encoding="utf-8"))
    moved["source"]["path"] = str(tmp_path / "gone" / f"{PDF}.pdf")
    (out / f"{PDF}.json").write_text(json.dumps(moved), encoding="utf-8")
    (out / "broken.json").write_text("{", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(out), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "broken.json: not readable as JSON" in result.output
    assert f"{PDF}: the source file" in result.output and "was not found" in result.output
    # found again where the auditor says the sources are
    again = CliRunner().invoke(app, ["review", str(out), "--out", str(tmp_path / "site"), "--sources",
                                     str(made["root"] / "in")])
    assert again.exit_code == 0 and "was not found" not in again.output
    assert (tmp_path / "site" / folder_name(PDF) / "p0001.png").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]  # no half-built site left behind
    empty = CliRunner().invoke(app, ["review", str(tmp_path / "gone"), "--out", str(tmp_path / "x")])
    assert empty.exit_code == 1 and len(empty.output.strip().splitlines()) == 1


def test_a_value_joined_across_pages_shows_each_piece(made: dict[str, Any], page: Any) -> None:
    _open(page, made["site"], PDF)
    records = made["docs"][PDF]["deliverables"]
    index, record, name = next((i, r, n) for i, r in enumerate(records) for n, f in r["fields"].items()
                               if "pieces" in f)
    page.check("input[name=filter][value=all]")
    page.click("article.record .head")
    for _ in range(index):
        page.keyboard.press("j")
    crops = page.locator(f"article[data-id='{record['id']}'] tr[data-field='{name}'] .crop")
    pieces = record["fields"][name]["pieces"]
    assert crops.count() == len(pieces) >= 2
    assert [crops.nth(i).get_attribute("data-page") for i in range(len(pieces))] == [str(p["page"]) for p in pieces]
    assert [[float(v) for v in crops.nth(i).locator(".box").get_attribute("data-bbox").split(",")]
            for i in range(len(pieces))] == [p["bbox"] for p in pieces]


@pytest.mark.parametrize("cell", ["skew", "turn90"])
def test_a_scan_straightened_or_turned_to_be_read_is_shown_so_its_boxes_land_on_their_words(
        tmp_path: Path, cell: str) -> None:
    """The boxes of a scanned page are on the page as the reader straightened (or turned) it; the
    site's page image is transformed the same way, so each value's box lies on ink."""
    import numpy as np
    import pypdfium2 as pdfium
    from degrade import MATRIX, degrade
    from PIL import Image

    from trackrecord import extract_document, write_outputs

    whole = pdfium.PdfDocument(str(SAMPLES / "lga-2015-16-q3-colour.pdf"))
    one = pdfium.PdfDocument.new()
    one.import_pages(whole, [0])
    one.save(str(tmp_path / "one.pdf"))
    scan = degrade(tmp_path / "one.pdf", tmp_path / f"one--{cell}.pdf", next(d for d in MATRIX if d.name == cell))
    doc = extract_document(scan)
    write_outputs(doc, tmp_path / "out")
    data = json.loads((tmp_path / "out" / f"{doc.doc_id}.json").read_text(encoding="utf-8"))
    steps = data["source"]["page_transforms"]["1"]
    assert [next(iter(s)) for s in steps][:1] == (["straighten"] if cell == "skew" else ["turn"])

    def on_ink(site: Path) -> float:
        build_site(tmp_path / "out", site)
        image = np.asarray(Image.open(site / folder_name(doc.doc_id) / "p0001.png").convert("L")) < 128
        page = json.loads((site / folder_name(doc.doc_id) / "doc.js").read_text(encoding="utf-8")
                          [len("TR.doc("):-3].replace("\\u003c", "<"))["pages"][0]
        k = page["px"][0] / page["w"]
        boxes = [f["source"]["bbox"] for r in data["deliverables"] for f in r["fields"].values()
                 if f["raw"] and f["source"]["page"] == 1 and f["source"]["bbox"]]
        inside = [image[int((y0 + 1) * k):int((y1 - 1) * k), int((x0 + 1) * k):int((x1 - 1) * k)]
                  for x0, y0, x1, y1 in boxes]
        inked = [bool(box.size) and box.mean() > 0.03 for box in inside]
        return sum(inked) / len(inked)

    right = on_ink(tmp_path / "site")
    data["source"].pop("page_transforms")
    data["warnings"] = []  # (a 1.2 output names its turns there)
    (tmp_path / "out" / f"{doc.doc_id}.json").write_text(json.dumps(data), encoding="utf-8")
    assert right >= 0.95 and on_ink(tmp_path / "site-untransformed") < right


def test_the_site_never_replaces_what_it_did_not_build(made: dict[str, Any], tmp_path: Path) -> None:
    out = made["root"] / "out"
    before = sorted(p.name for p in out.iterdir())
    for site in (out, out.parent):
        result = CliRunner().invoke(app, ["review", str(out), "--out", str(site)])
        assert result.exit_code == 1 and "would replace the folder of documents" in result.output
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "mine.txt").write_text("an auditor's own notes", encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(out), "--out", str(keep)])
    assert result.exit_code == 1 and "is not a review site" in result.output
    assert (keep / "mine.txt").read_text(encoding="utf-8") == "an auditor's own notes"
    assert sorted(p.name for p in out.iterdir()) == before
