"""Which way a scanned page's lines of text run (``direction``), and a sideways page read once."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
from helpers import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import trackrecord.extract.pdf.ocr as ocr
from trackrecord.extract.pdf.direction import lines_run_down

DPI = 200


def _page(name: str, index: int) -> np.ndarray:
    pdf = pdfium.PdfDocument(str(SAMPLES / name))
    return np.asarray(pdf[index].render(scale=DPI / 72).to_pil().convert("L"))


@pytest.mark.parametrize("name,index", [("lga-2017-18-q4.pdf", 0), ("lga-2017-18-q4-unruled.pdf", 2),
                                        ("lga-2018-19-q2.pdf", 1), ("lga-2015-16-q3-colour.pdf", 0)])
def test_lines_run_across_an_upright_or_upside_down_page_and_down_a_sideways_one(name: str, index: int) -> None:
    grey = _page(name, index)
    scale = 72 / DPI
    assert not lines_run_down(grey, scale)
    assert not lines_run_down(np.rot90(grey, 2).copy(), scale)
    assert lines_run_down(np.rot90(grey, 1).copy(), scale)
    assert lines_run_down(np.rot90(grey, 3).copy(), scale)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 400), st.integers(1, 400), st.integers(0, 2**32 - 1))
def test_any_image_gives_an_answer(height: int, width: int, seed: int) -> None:
    """A blank, a tiny or a noisy image: an answer, never an error (and noise runs no way)."""
    noise = np.random.default_rng(seed).integers(0, 256, (height, width), dtype=np.uint8)
    assert lines_run_down(noise, 72 / DPI) in (True, False)
    assert not lines_run_down(np.full((height, width), 255, dtype=np.uint8), 72 / DPI)


def test_a_sideways_page_is_asked_which_way_up_and_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read as it came, a sideways page was read in vain before the orientation detector was
    asked (a reading of some 5 s); its lines run down, so it is asked first and read once."""
    upright = Image.fromarray(_page("lga-2017-18-q4.pdf", 0)).convert("RGB")
    sideways = upright.rotate(90, expand=True)
    readings = []
    real = ocr.read_words

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        readings.append(args[0].size)
        return real(*args, **kwargs)

    monkeypatch.setattr(ocr, "read_words", counted)
    width, height = sideways.width * 72 / DPI, sideways.height * 72 / DPI
    page = ocr.read_scanned(sideways, width, height, 1, DPI, engine="tesserocr")
    assert page.readable and page.turned == 90  # (PIL turns anticlockwise)
    assert readings == [upright.size]
