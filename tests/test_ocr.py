"""Scanned PDFs: OCR'd samples against their digital twins, mixed PDFs, unreadable pages, the image steps.

These run Tesseract for real (scripts/setup.sh installs it); a machine without it fails
here rather than skipping. The scanned samples are made from the digital ones in the run.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from helpers import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from rapidfuzz import fuzz
from scan import SCANS, ScannedSample, build_scans, scan
from twins import TwinScore, score

from trackrecord import NoTableFound, document_to_dict, extract_document
from trackrecord.extract.model import Rule
from trackrecord.extract.normalise import case_suspect
from trackrecord.extract.pdf.engines import recognise
from trackrecord.extract.pdf.missed import missed_pieces, reread_missed
from trackrecord.extract.pdf.ocr import (
    _along_dark_cells,
    _area_opening,
    _between_stacked,
    _dark_text,
    _dilate,
    _opening,
    find_fills,
    find_rules,
    measure_skew,
    mend_lost_lines,
    pixel_kinds,
)

BY_ID = {s.doc_id: s for s in SCANS}


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every scanned sample, made and extracted once for the session."""
    folder = tmp_path_factory.mktemp("scanned")
    build_scans(folder)
    return {s.doc_id: document_to_dict(extract_document(folder / f"{s.doc_id}.pdf")) for s in SCANS}


def twin_score(scanned: dict[str, dict[str, Any]], sample: ScannedSample) -> TwinScore:
    want = json.loads((SAMPLES / "expected" / f"{sample.twin}.json").read_text(encoding="utf-8"))
    return score(scanned[sample.doc_id], want)


def test_tesseract_is_installed() -> None:
    assert shutil.which("tesseract"), "scripts/setup.sh installs tesseract-ocr; the OCR tests need it"


@pytest.mark.parametrize("sample", SCANS, ids=[s.doc_id for s in SCANS])
def test_scanned_sample_meets_the_issue_bar(scanned: dict[str, dict[str, Any]], sample: ScannedSample) -> None:
    """Deliverables recovered, statuses right, targets close to the twin's; and a row that is not
    exactly right says so with a flag beyond "ocr"."""
    result = twin_score(scanned, sample)
    assert result.share(result.recovered) >= 0.98, result.missing
    assert result.share(result.status_right) >= 0.99
    assert result.share(result.target_similar) >= 0.95
    assert result.unflagged_wrong == []
    assert result.unflagged_extra == []  # a row the twin does not have must at least say it is doubtful


def test_scanned_kinds_and_flags(scanned: dict[str, dict[str, Any]]) -> None:
    for doc_id, out in scanned.items():
        assert out["source"]["kind"] == ("pdf-mixed" if BY_ID[doc_id].pages else "pdf-scanned")
        scanned_pages = set(BY_ID[doc_id].pages or range(1, 100))
        for record in out["deliverables"]:
            for name, field in record["fields"].items():
                if field["source"]["page"] in scanned_pages:
                    assert "ocr" in field["flags"] and field["confidence"] < 0.8, (record["id"], name, field)
                    low = field.get("ocr_confidence")
                    if field.get("raw") and name in ("status", "target", "delivered"):
                        assert low is not None, (record["id"], name)  # a status word is read like any other
                    if low is not None and low < 0.9:
                        assert "ocr_low_confidence" in field["flags"], (record["id"], name)
                else:
                    assert "ocr" not in field["flags"], (record["id"], name)


def test_mixed_pdf_is_one_document_with_every_row(scanned: dict[str, dict[str, Any]]) -> None:
    out = scanned["lga-2017-18-q4-mixed"]
    want = json.loads((SAMPLES / "expected" / "lga-2017-18-q4.json").read_text(encoding="utf-8"))
    assert [d["ref"] for d in out["deliverables"]] == [d["ref"] for d in want["deliverables"]]
    assert [d["status"] for d in out["deliverables"]] == [d["status"] for d in want["deliverables"]]


def _image_pdf(path: Path, images: list[Image.Image], before: Path | None = None) -> Path:
    """A PDF of image-only pages (after the pages of ``before``, if given)."""
    out = pdfium.PdfDocument(str(before)) if before else pdfium.PdfDocument.new()
    for image in images:
        width, height = (842, 595) if image.width > image.height else (595, 842)  # a sheet fed in sideways
        page = out.new_page(width, height)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=80)
        picture = pdfium.PdfImage.new(out)
        picture.load_jpeg(io.BytesIO(buffer.getvalue()), inline=False)
        picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(picture)
        page.gen_content()
    out.save(str(path))
    return path


def _sample_page_image(dpi: int = 150) -> Image.Image:
    pdf = pdfium.PdfDocument(str(SAMPLES / "lga-2017-18-q4.pdf"))
    return pdf[0].render(scale=dpi / 72).to_pil()


@pytest.mark.parametrize("kind,image,says", [
    ("blank", Image.new("RGB", (1240, 1754), "white"), "blank scanned page"),
    ("noise", Image.fromarray(np.random.default_rng(1).integers(0, 256, (1754, 1240, 3), dtype=np.uint8)),
     "not read"),
])
def test_an_unreadable_page_is_reported_not_guessed(tmp_path: Path, kind: str, image: Image.Image,
                                                    says: str) -> None:
    with pytest.raises(NoTableFound, match=says):
        extract_document(_image_pdf(tmp_path / "bad.pdf", [image]))


def test_an_unreadable_page_among_good_ones_is_a_warning(tmp_path: Path) -> None:
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 256, (1754, 1240, 3), dtype=np.uint8))
    path = _image_pdf(tmp_path / "mixed.pdf", [noise], before=SAMPLES / "lga-2017-18-q4.pdf")
    out = document_to_dict(extract_document(path))
    assert len(out["deliverables"]) == 39
    assert any("page 7" in w and "not read" in w for w in out["warnings"])


@pytest.mark.parametrize("degrees", [180, 90])
def test_a_page_fed_in_turned_is_read_upright_and_says_so(tmp_path: Path, degrees: int) -> None:
    """The sample's first page, turned as a sheet fed in upside down or sideways: its rows are those
    of the same page scanned upright, every field flagged page_turned, and the warnings say how
    it was turned."""
    upright = _sample_page_image(200)
    out = document_to_dict(extract_document(_image_pdf(tmp_path / "turned.pdf",
                                                       [upright.rotate(degrees, expand=True)])))
    want = document_to_dict(extract_document(_image_pdf(tmp_path / "upright.pdf", [upright])))
    assert len(out["deliverables"]) == len(want["deliverables"]) == 11
    assert [r["status"] for r in out["deliverables"]] == [r["status"] for r in want["deliverables"]]
    # the turned image is resampled: a ref the upright read missed may be read, or the other way
    refs = [(r["ref"], w["ref"]) for r, w in zip(out["deliverables"], want["deliverables"])]
    assert sum(a != b for a, b in refs) <= 1 and all(a is None or b is None or a == b for a, b in refs)
    # (the JPEG of a turned image compresses differently: a stray mark may read differently)
    assert all(fuzz.ratio(a["target"], b["target"]) >= 97 for a, b in zip(out["deliverables"], want["deliverables"]))
    assert all("page_turned" in f["flags"] for r in out["deliverables"] for f in r["fields"].values()
               if f["source"]["page"] == 1 and f["raw"] is not None)
    assert any(f"read turned {degrees} degrees clockwise" in w for w in out["warnings"])  # (PIL turns anticlockwise)


def _grid(angle: float = 0.0) -> Image.Image:
    image = Image.new("RGB", (1200, 900), "white")
    draw = ImageDraw.Draw(image)
    for y in (100, 300, 500, 700):
        draw.line([(100, y), (1100, y)], fill=(0, 0, 0), width=3)
    for x in (100, 600, 1100):
        draw.line([(x, 100), (x, 700)], fill=(0, 0, 0), width=3)
    draw.rectangle([603, 103, 1097, 297], fill=(90, 180, 80))  # a green cell
    draw.rectangle([603, 303, 1097, 497], fill=(90, 180, 80))  # and one below it
    draw.rectangle([103, 503, 1097, 697], fill=(30, 50, 100))  # a navy band
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))


@pytest.mark.parametrize("angle", [-1.2, -0.5, 0.0, 0.4, 1.0])
def test_skew_is_measured(angle: float) -> None:
    image = _grid(angle)
    assert measure_skew(np.asarray(image.convert("L")), np.asarray(image)) == pytest.approx(angle, abs=0.15)


def test_rules_and_fills_come_from_the_image() -> None:
    image, scale = _grid(), 72 / 300  # the grid as a 300 dpi scan
    rgb, grey = np.asarray(image), np.asarray(image.convert("L"))
    colourful, band = pixel_kinds(rgb, grey)
    rules, mask = find_rules(grey, scale, colourful, band)
    horizontal = sorted(round(r.top / scale / 10) for r in rules if r.horizontal)
    assert horizontal == [10, 30, 50, 70]
    vertical = {round(r.x0 / scale / 10) for r in rules if not r.horizontal}
    assert vertical == {10, 60, 110}
    middle = [r for r in rules if not r.horizontal and round(r.x0 / scale / 10) == 60]
    assert middle and all(not (r.top / scale < 600 < r.bottom / scale) for r in middle)  # cut at the band
    fills, dark = find_fills(rgb, colourful, band, scale, mask, [r for r in rules if r.horizontal])
    greens = [f for f in fills if f.colour[1] > 0.6]
    assert len(greens) == 2, fills  # two cells, not one: the rule between them keeps them apart
    assert len(dark) == 1 and dark[0][2] - dark[0][0] > 900


def test_dark_fills_that_touch_are_split_into_their_cells() -> None:
    """A dark section band across the table with a dark status cell right under it, and a second dark
    cell under that with only a line as dark as they are between: one region of dark pixels, shaped
    like a T. It is three fills (not none, as a region too hollow to be one fill), and the two
    stacked cells, cut apart where the row's rule runs in the other columns, are kept apart by a
    rule of their own (the finder would read one cell merged over both rows)."""
    scale = 72 / 300
    image = Image.new("RGB", (1200, 900), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([100, 100, 1100, 170], fill=(20, 20, 20))  # the band
    draw.text((120, 120), "Section one", fill=(250, 250, 250), font_size=40)
    draw.rectangle([600, 171, 800, 300], fill=(40, 40, 40))  # a dark cell under it
    draw.rectangle([600, 303, 800, 430], fill=(40, 40, 40))  # and another, a dark line between
    draw.line([(100, 301), (1100, 301)], fill=(60, 60, 60), width=2)  # the row's rule, in every column
    rgb, grey = np.asarray(image), np.asarray(image.convert("L"))
    colourful, band = pixel_kinds(rgb, grey)
    row_rule = Rule(100 * scale, 300 * scale, 590 * scale, 302 * scale)  # found where it is not on the dark cells
    fills, dark = find_fills(rgb, colourful, band, scale, np.zeros_like(band), [row_rule])
    boxes = sorted((round(f.x0 / scale), round(f.top / scale), round(f.x1 / scale), round(f.bottom / scale))
                   for f in fills)
    assert len(boxes) == 3, boxes
    assert boxes[0][0] == 100 and boxes[0][2] >= 1095 and boxes[0][3] <= 175  # the band, alone
    assert [(b[0] >= 595 and b[2] <= 805) for b in boxes[1:]] == [True, True]
    stacked = _between_stacked(dark, scale)
    assert any(abs(r.top / scale - 301) < 4 and r.x0 / scale < 610 and r.x1 / scale > 790 for r in stacked)


def test_a_scanned_copy_has_no_text_layer(tmp_path: Path) -> None:
    target = tmp_path / "s.pdf"
    scan(SAMPLES / "lga-2018-19-q2.pdf", target, dpi=150, angle=0.5, seed=9)
    pdf = pdfium.PdfDocument(str(target))
    assert len(pdf) == 3 and all(pdf[i].get_textpage().get_text_range() == "" for i in range(len(pdf)))


@pytest.mark.parametrize("text,heading,suspect", [
    ("Enabling improvement in Local Authorities - Peer Support", True, True),
    ("Enabling Improvement in Local Authorities - Peer Support", True, False),
    ("joint political and senior officer leadership:", True, False),
    ("Political leadership:", True, False),
    ("Sector Support and peer challenge", True, True),
    ("Sector support and peer challenge", True, False),
    ("Strong senior leadership and effective officer development:", True, False),
    ("have been added to the database. in the past 12 months", False, True),
    ("one to one support e.g. for individual councillors", False, False),
    ("We delivered 115 peer challenges. These include corporate", False, False),
])
def test_case_slips_of_ocr_are_suspected(text: str, heading: bool, suspect: bool) -> None:
    assert case_suspect(text, heading) is suspect


@settings(max_examples=150, deadline=None)
@given(st.integers(20, 90), st.integers(20, 90), st.integers(6, 21), st.integers(0, 2**32 - 1),
       st.lists(st.tuples(st.integers(0, 89), st.integers(0, 89), st.integers(1, 45), st.integers(1, 45)),
                min_size=1, max_size=8))
def test_area_opening_is_the_opening(height: int, width: int, side: int, seed: int,
                                     boxes: list[tuple[int, int, int, int]]) -> None:
    """The quarter-size search for places a square fits loses none: fills, bands at the page's
    edges, speckled ones and shapes thinner than the square open exactly as the full opening."""
    mask = np.zeros((height, width), dtype=bool)
    for y, x, h, w in boxes:
        mask[y:y + h, x:x + w] = True
    mask ^= np.random.default_rng(seed).random(mask.shape) < 0.03
    assert np.array_equal(_area_opening(mask, side), _opening(mask, (side, side)))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 60), st.integers(1, 60), st.sampled_from([1, 3, 5, 7]), st.integers(0, 2**32 - 1),
       st.floats(0.0, 0.5))
def test_dilate_is_the_maximum_filter(height: int, width: int, size: int, seed: int, share: float) -> None:
    """The shifted ORs widen a mask exactly as the filter does, at the page's edges too."""
    from scipy import ndimage

    mask = np.random.default_rng(seed).random((height, width)) < share
    assert np.array_equal(_dilate(mask, size), ndimage.maximum_filter(mask, size=size))


def _lines(*lines: str, spacing: int = 50) -> np.ndarray:
    """Lines of 9 pt text at 300 dpi in one bit, ``spacing`` pixels apart."""
    image = Image.new("L", (1100, 40 + spacing * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 20 + spacing * i), line, fill=0, font_size=36)
    return np.where(np.asarray(image) < 128, 0, 255).astype(np.uint8)


def _read(image: np.ndarray) -> str:
    return " ".join(r["text"] for r in recognise(Image.fromarray(image), "eng", "tesserocr")
                    if r.get("level") == "5" and r["text"].strip())


def test_a_fax_lost_scan_line_is_put_back() -> None:
    """A fax that drops a scan line leaves a white streak through a line of text, which then reads
    as nothing (the fax copies' header rows were lost so, and with them a page's table); the streak
    is filled where strokes cross it, and the line reads again. The white rows between lines of
    text are left alone: no stroke goes on across them."""
    line = "Ref Target What have we delivered by end"
    page = _lines(line)
    top = int(np.nonzero((page < 128).any(axis=1))[0][0])
    cut = page.copy()
    cut[top + 13:top + 16, :] = 255  # two scan lines of a 200 dpi fax, through the lower-case letters
    assert _read(cut) != line
    mended = mend_lost_lines(cut, 72 / 300)
    assert _read(mended) == line
    assert np.array_equal(mended[top + 16:], page[top + 16:]) and np.array_equal(mended[:top + 13], page[:top + 13])
    paragraph = _lines(line, "Provide support to councils to", "manage and resolve issues quickly", spacing=36)
    white = (paragraph < 128).sum(axis=1) == 0
    assert white[60:100].any() and not white[60:100].all(), "set so tight that two white rows part the lines"
    assert mend_lost_lines(paragraph, 72 / 300) is paragraph  # nothing lost, nothing changed


def test_a_page_the_detector_is_unsure_of_is_tried_both_ways_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fax's noise leaves the orientation detector unsure, and its guess for a sheet fed in
    sideways can be the wrong quarter turn: the guess is tried, then the other quarter, and the
    one that reads is kept (before, an unsure guess was not tried at all and the page was lost)."""
    from trackrecord.extract.pdf import ocr

    lines = ["Ref Target What have we delivered by end", "E1 Provide support to councils to",
             "E2 manage and resolve issues quickly", "E3 Deliver at least 110 peer challenges"]
    image = Image.fromarray(_lines(*lines)).convert("RGB").rotate(90, expand=True)  # fed in sideways
    monkeypatch.setattr(ocr, "orientation_guess", lambda image, engine: (270, 0.4))  # unsure, and wrong
    page = ocr.read_scanned(image, image.width * 72 / 300, image.height * 72 / 300, 1, 300, engine="tesserocr")
    assert page.readable and page.turned == 90  # clockwise: PIL turned it anticlockwise
    assert [w.text for w in page.content.words[:3]] == ["Ref", "Target", "What"]
    monkeypatch.setattr(ocr, "orientation_guess", lambda image, engine: (0, 0.0))  # no guess at all: not read
    assert not ocr.read_scanned(image, 100, 300, 1, 300, engine="tesserocr").readable


def _tsv_word(text: str, box: tuple[int, int, int, int]) -> dict[str, str]:
    x0, y0, x1, y1 = box
    return {"level": "5", "block_num": "1", "par_num": "1", "line_num": "1", "left": str(x0), "top": str(y0),
            "width": str(x1 - x0), "height": str(y1 - y0), "conf": "95", "text": text}


def _page_of_words(words: list[tuple[str, tuple[int, int]]]) -> Image.Image:
    image = Image.new("L", (1200, 500), 255)
    draw = ImageDraw.Draw(image)
    for text, at in words:
        draw.text(at, text, fill=0, font_size=36)
    return image


def test_ink_no_word_box_touches_is_found_and_read_again() -> None:
    """The engine's first reading covered "Target" and "progress"; "Amber", alone in its column,
    was passed over: its ink is the one piece found, and reading it again puts it where it stands."""
    image = _page_of_words([("Target", (40, 40)), ("progress", (40, 200)), ("Amber", (900, 200))])
    ink = np.asarray(image) < 128
    first = [r for r in recognise(image, "eng", "tesserocr") if r.get("level") == "5" and r["text"].strip()]
    first = [r for r in first if r["text"] != "Amber"]  # as if the page layout had passed it over
    (piece,) = missed_pieces(ink, first)
    assert 890 <= piece[0] < 910 and 195 <= piece[1] < 215 and piece[2] < 1020
    (again,) = reread_missed(image, ink, first, "eng", "tesserocr")
    assert again["text"] == "Amber" and abs(int(again["left"]) - piece[0]) <= 3
    assert abs(int(again["top"]) - piece[1]) <= 3
    assert reread_missed(image, ink, recognise(image, "eng", "tesserocr"), "eng", "tesserocr") == []


def test_a_word_box_that_falls_short_of_its_first_letter_is_not_a_missed_word() -> None:
    """The engine read "100" but boxed only its "00" (a yellowed JPEG copy): the "1" left out of
    the box is part of the word it stands against, not a word passed over — read again alone, it
    made the target "at least 1 100" (read with confidence, no flag). A word standing a word
    space or more away from every read word is still found."""
    image = _page_of_words([("least", (40, 40)), ("100", (160, 40)), ("Amber", (900, 40))])
    ink = np.asarray(image) < 128
    first = {r["text"]: r for r in recognise(image, "eng", "tesserocr") if r.get("level") == "5" and r["text"].strip()}
    hundred = first["100"]
    cut = int(hundred["width"]) // 3 + 2  # the box begins after the "1"
    short = {**hundred, "left": str(int(hundred["left"]) + cut), "width": str(int(hundred["width"]) - cut)}
    (piece,) = missed_pieces(ink, [first["least"], short])
    assert piece[0] >= 890
    assert reread_missed(image, ink, [first["least"], short, first["Amber"]], "eng", "tesserocr") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1100), st.integers(0, 440), st.integers(4, 90), st.integers(2, 60)),
                max_size=12),
       st.lists(st.tuples(st.integers(0, 1100), st.integers(0, 440), st.integers(10, 200), st.integers(10, 40)),
                min_size=1, max_size=6))
def test_pieces_found_again_lie_on_the_page_and_clear_of_every_word(
        blots: list[tuple[int, int, int, int]], boxes: list[tuple[int, int, int, int]]) -> None:
    ink = np.zeros((500, 1200), dtype=bool)
    for x, y, w, h in blots:
        ink[y:y + h, x:x + w] = True
    words = [_tsv_word("w", (x, y, x + w, y + h)) for x, y, w, h in boxes]
    for x0, y0, x1, y1 in missed_pieces(ink, words):
        assert 0 <= x0 < x1 <= 1200 and 0 <= y0 < y1 <= 500
        assert ink[y0:y1, x0:x1].any()
        for x, y, w, h in boxes:  # no piece holds ink a word box touches
            assert x1 <= x - 1 or x0 >= x + w + 1 or y1 <= y - 1 or y0 >= y + h + 1 or \
                not (ink[max(y0, y):min(y1, y + h), max(x0, x):min(x1, x + w)]).any()


def test_text_on_a_dark_cell_is_told_lighter_or_darker() -> None:
    """White on navy is light text; black on a red cell copied to dark grey is dark text; the
    band's own darker rules at its edges say nothing either way."""
    box = np.full((60, 200), 70, dtype=np.uint8)
    box[:2, :] = box[-2:, :] = 10  # the rules along its edges
    dark = box.copy()
    dark[20:40, 40:160:6] = 20  # strokes of a word, darker than the cell
    light = box.copy()
    light[20:40, 40:160:6] = 240
    assert _dark_text(dark) and not _dark_text(light) and not _dark_text(box)
    # a section band on a straightened copy: its rules blurred six pixels thick along a long band
    # outnumber its title's light strokes; the edges are left out by their share of the height
    band = np.full((75, 3000), 82, dtype=np.uint8)
    band[:6, :] = band[-6:, :] = 10
    band[25:50, 100:1200:9] = 240
    assert not _dark_text(band)


def test_a_row_rule_runs_on_along_a_dark_cells_edges() -> None:
    """Row rules end at a dark cell's sides level with its top and bottom: the rule goes on along
    both edges. A dark box no rule meets (a logo, a redaction) gains none."""
    cell = (400, 200, 480, 260)  # pixels at 72 dpi: points
    rules = [Rule(36, 199.5, 400, 200.5), Rule(480, 259.5, 560, 260.5)]
    got = _along_dark_cells([cell, (100, 600, 200, 640)], rules, 1.0)
    assert [(r.x0, r.x1, round((r.top + r.bottom) / 2)) for r in got] == [(400, 480, 200), (400, 480, 260)]


def test_a_page_of_letter_sized_noise_is_not_read_twice() -> None:
    """Thousands of letter-sized blots no word covers are noise, not words passed over: nothing
    is cut out to read again (the look is bounded, whatever the page holds)."""
    ink = np.zeros((3000, 2400), dtype=bool)
    ink[::12, ::5] = True
    ink[1::12, ::5] = True
    ink[2::12, ::5] = True  # 3-pixel-high dots, the height of letters in 6-pixel word boxes
    words = [_tsv_word("w", (0, 0, 30, 6))]
    assert missed_pieces(ink, words) == []
