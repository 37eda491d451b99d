"""Status words spotted by shape in a fax's shading (extract/pdf/spotting.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackrecord.extract.model import Rule, Word
from trackrecord.extract.pdf.spotting import _Line, _template, shaded_cells, spot_in_shading, spot_word, vocabulary

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))

SCALE = 72 / 300
#: one column of shaded status cells: the word in each, and its fill (a mid green and a mid grey,
#: which a fax prints as about half black dots); "Pending" is no status word
CELLS = [("Green", (0.45, 0.7, 0.45)), ("Amber", (0.6, 0.6, 0.6)), ("Red", (0.45, 0.7, 0.45)),
         ("Complete", (0.6, 0.6, 0.6)), ("On track", (0.45, 0.7, 0.45)), ("Pending", (0.6, 0.6, 0.6)),
         ("Amber", (0.45, 0.7, 0.45)), ("Green", (0.6, 0.6, 0.6))]
TOP = 80.0  # points from the top of the page to the first cell
ROW = 40.0


@pytest.fixture(scope="module")
def faxed_cells(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """A page of shaded status cells (Helvetica Bold 9 pt, each beside a line of body text),
    faxed by the degradation matrix's seeded fax and rendered at 300 dpi, as grey levels."""
    return _faxed_page(tmp_path_factory, 9.0)


@pytest.fixture(scope="module")
def faxed_small_cells(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """The same page in 6 pt type: a word has half the pixels to be told by."""
    return _faxed_page(tmp_path_factory, 6.0)


def _faxed_page(tmp_path_factory: pytest.TempPathFactory, size: float) -> np.ndarray:
    from degrade import Degradation, degrade
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from trackrecord.extract.pdf.ocr import render

    folder = tmp_path_factory.mktemp(f"spotting{size:.0f}")
    source = folder / "cells.pdf"
    canvas = Canvas(str(source), pagesize=A4)
    y = A4[1] - TOP
    for i, (word, fill) in enumerate(CELLS):
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(60, y - 14, f"Deliverable {i + 1}: the council will report progress on this")
        canvas.setFillColorRGB(*fill)
        canvas.rect(380, y - ROW, 110, ROW, fill=1, stroke=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica-Bold", size)
        canvas.drawCentredString(435, y - 14, word)
        canvas.line(50, y, 490, y)
        y -= ROW
    canvas.line(50, y, 490, y)
    canvas.showPage()
    canvas.save()
    faxed = degrade(source, folder / "cells--fax.pdf", Degradation("fax", ("fax",), 200, None))
    import pypdfium2 as pdfium

    image, _, _ = render(pdfium.PdfDocument(str(faxed))[0], 300)
    return np.asarray(image.convert("L"))


def _cell(grey: np.ndarray, index: int) -> np.ndarray:
    top = TOP + index * ROW
    return grey[round((top + 2) / SCALE):round((top + ROW - 2) / SCALE), round(382 / SCALE):round(488 / SCALE)] < 150


def test_the_vocabulary_is_the_status_words_and_phrases_in_title_and_upper_case() -> None:
    words = vocabulary()
    assert {"Green", "GREEN", "Amber", "Red", "RED", "On track", "ON TRACK", "Complete"} <= set(words)
    assert all(len(w) >= 3 for w in words)  # "G", "R": too small to tell apart by shape
    assert len(words) == len(set(words))


def test_status_words_in_faxed_shading_are_spotted_and_no_other_word_is(faxed_cells: np.ndarray) -> None:
    """At the page's type size, the five cells whose word stands out are spotted right; "Complete"
    and "On track" fall short of the margin and are left unread (then flagged as such); "Pending",
    no status word, is never made one."""
    got = [spot_word(_cell(faxed_cells, i), vocabulary(), SCALE, 9.0) for i in range(len(CELLS))]
    assert [s.text if s else None for s in got] == ["Green", "Amber", "Red", None, None, None, "Amber", "Green"]
    assert all(s.fit >= 0.3 and s.margin >= 0.03 for s in got if s)


def test_without_the_page_type_size_the_range_of_sizes_is_searched(faxed_cells: np.ndarray) -> None:
    got = [spot_word(_cell(faxed_cells, i), vocabulary(), SCALE) for i in range(len(CELLS))]
    assert [s.text if s else None for s in got] == ["Green", "Amber", None, "Complete", None, None, "Amber", "Green"]


def test_small_type_needs_a_wider_margin_and_is_never_misread(faxed_small_cells: np.ndarray) -> None:
    """At 6 pt a word has half the pixels to be told by and chance moves the fits more: the margin
    asked for grows as the word shrinks (on the matrix's turned fax, a 5.7 pt "Green" was spotted
    as "RED" at the 8 pt margin: test_degrade). Here no word clears it: nothing is spotted."""
    got = [spot_word(_cell(faxed_small_cells, i), vocabulary(), SCALE, 6.0) for i in range(len(CELLS))]
    assert got == [None] * len(CELLS)


def test_a_cell_of_dots_with_no_word_spots_nothing(faxed_cells: np.ndarray) -> None:
    """The lower half of each cell is shading alone."""
    for i in range(len(CELLS)):
        top = TOP + i * ROW
        empty = faxed_cells[round((top + 20) / SCALE):round((top + ROW - 2) / SCALE),
                            round(382 / SCALE):round(488 / SCALE)] < 150
        assert spot_word(empty, vocabulary(), SCALE, 9.0) is None


def test_a_short_word_matching_part_of_a_long_one_loses() -> None:
    """The fit is over the whole line: "Red" laid on "Green"'s "re" leaves "G" and "en" unexplained."""
    green = _template("Green", 36, 1.5)
    line = np.zeros((green.shape[0] + 20, green.shape[1] + 80), dtype=np.float32)
    line[10:10 + green.shape[0], 40:40 + green.shape[1]] = green
    fit_green, y, x = _Line(line).fit(green)
    fit_red, _, _ = _Line(line).fit(_template("Red", 36, 1.5))
    assert (y, x) == (10, 40) and fit_green == pytest.approx(1.0, abs=1e-4)
    assert fit_red < fit_green - 0.3


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 30), st.integers(0, 120), st.sampled_from(["Green", "Amber", "Red", "On track"]),
       st.integers(0, 2**31 - 1))
def test_a_word_among_dots_is_found_where_it_was_laid(dy: int, dx: int, word: str, seed: int) -> None:
    """Any word, anywhere on a line of half-black dots, solid: the best place is where it lies."""
    template = _template(word, 36, 1.5)
    rng = np.random.default_rng(seed)
    line = (rng.random((template.shape[0] + 30, template.shape[1] + 120)) < 0.5).astype(np.float32)
    line[dy:dy + template.shape[0], dx:dx + template.shape[1]] = np.maximum(
        line[dy:dy + template.shape[0], dx:dx + template.shape[1]], template > 0.5)
    _, y, x = _Line(line).fit(template)
    assert abs(y - dy) <= 2 and abs(x - dx) <= 2


def test_shaded_cells_are_cut_at_the_rules_that_cross_them_and_a_band_is_no_cell() -> None:
    areas = np.zeros((700, 1000), dtype=bool)
    areas[10:390, 100:250] = True  # a shaded status column over two rows
    areas[500:600, 50:950] = True  # a shaded band across the page: a section's title
    rules = [Rule(0, 200 * SCALE - 0.25, 1000 * SCALE, 200 * SCALE + 0.25),  # across the column: a row's rule
             Rule(0, 395 * SCALE, 1000 * SCALE, 395 * SCALE + 0.5)]  # below it: nothing to cut
    assert shaded_cells(areas, rules, SCALE) == [(100, 10, 250, 200), (100, 200, 250, 390)]


def test_a_cell_the_engine_read_is_left_as_read(faxed_cells: np.ndarray) -> None:
    """Spotting is for cells the engine could not read: a status word read, or a confident word of
    three letters and more, keeps the cell as the engine read it."""
    ink = faxed_cells < 150
    top = TOP + 0 * ROW
    areas = np.zeros(ink.shape, dtype=bool)
    areas[round((top + 1) / SCALE):round((top + ROW - 1) / SCALE), round(381 / SCALE):round(489 / SCALE)] = True
    body = Word("Deliverable", 60, top + 9, 110, top + 17, page=1, size=9.0, ocr_conf=0.96)
    read = Word("Green", 420, top + 9, 450, top + 17, page=1, size=9.0, ocr_conf=0.6)
    noise = Word("Gieen", 420, top + 9, 450, top + 17, page=1, size=9.0, ocr_conf=0.6)
    text = Word("Partnership", 400, top + 9, 470, top + 17, page=1, size=9.0, ocr_conf=0.93)
    assert spot_in_shading(ink, areas, [], [body, read], SCALE, 1) == ([body, read], 0)
    assert spot_in_shading(ink, areas, [], [body, text], SCALE, 1) == ([body, text], 0)
    words, count = spot_in_shading(ink, areas, [], [body, noise], SCALE, 1)
    assert count == 1 and [w.text for w in words] == ["Deliverable", "Green"]  # the noise read there is gone
    spotted = words[1]
    assert spotted.ocr_conf is not None and spotted.ocr_conf <= 0.5  # flagged ocr_low_confidence downstream
    assert 400 < spotted.x0 < spotted.x1 < 475 and top < spotted.top < spotted.bottom < top + ROW


@settings(max_examples=30, deadline=None)
@given(st.integers(20, 90), st.integers(60, 400), st.sampled_from(["Red", "Green", "On track"]),
       st.integers(0, 2**31 - 1))
def test_the_fit_is_the_correlation_at_every_place(height: int, width: int, word: str, seed: int) -> None:
    """The line's spectrum is of its own size: the template's wrap-around must not reach a place
    looked at. Checked against a plain linear correlation."""
    from scipy import signal

    template = _template(word, 24, 1.5)
    line = np.random.default_rng(seed).random((height, width)).astype(np.float32)
    fit, y, x = _Line(line).fit(template)
    if template.shape[0] > height or template.shape[1] > width:
        assert (fit, y, x) == (0.0, 0, 0)
        return
    n = line.size
    t_sd = np.sqrt(float((template * template).sum()) / n - (float(template.sum()) / n) ** 2)
    cross = signal.correlate(line, template, mode="valid")
    r = (cross / n - float(line.mean()) * float(template.sum()) / n) / (float(line.std()) * t_sd)
    assert fit == pytest.approx(float(r.max()), abs=1e-4)
    assert r[y, x] == pytest.approx(float(r.max()), abs=1e-4)


def test_the_status_phrases_setting_is_what_is_spotted() -> None:
    """A series that writes "Behind" for Red says so in ``status_phrases``; the scan's reader
    passes the setting down, and the spotter looks for "Behind" as it does for "Green"."""
    from trackrecord.extract.pdf import read_pages
    from trackrecord.extract.settings import ExtractSettings

    phrases = (("behind", "Red"), ("on track", "Green"))
    pages = read_pages(SAMPLES / "lga-2017-18-q4.pdf", ExtractSettings(status_phrases=phrases))
    assert pages.phrases == phrases
    assert {"Behind", "BEHIND", "On track"} <= set(vocabulary(pages.phrases))
    assert "Complete" not in vocabulary(pages.phrases)
