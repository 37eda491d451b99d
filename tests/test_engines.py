"""OCR engines (extract/pdf/engines.py): each reads a page into the same TSV rows, with confidences.

Tesseract's API in process (tesserocr) and the Tesseract program are both installed by
scripts/setup.sh and both run here for real; RapidOCR is a benchmark extra, so only its
"not installed" path is tested. The engines' accuracy and speed side by side are measured by
``bench/engines.py``, not here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from helpers import SAMPLES
from PIL import Image

from trackrecord import SettingsError, UnreadableDocument, extract_document
from trackrecord.extract.batch import extract_batch
from trackrecord.extract.pdf import engines
from trackrecord.extract.settings import ExtractSettings

INSTALLED = ("tesserocr", "tesseract")


def _page(dpi: int = 200) -> Image.Image:
    pdf = pdfium.PdfDocument(str(SAMPLES / "lga-2018-19-q2.pdf"))
    return pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")


def _scan(path: Path, image: Image.Image) -> Path:
    """A one-page PDF holding only ``image`` (a scan of the sample's landscape page)."""
    out = pdfium.PdfDocument.new()
    page = out.new_page(842, 595)
    picture = pdfium.PdfImage.new(out)
    picture.set_bitmap(pdfium.PdfBitmap.from_pil(image))
    picture.set_matrix(pdfium.PdfMatrix().scale(842, 595))
    page.insert_obj(picture)
    page.gen_content()
    out.save(str(path))
    return path


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return _page()


@pytest.mark.parametrize("engine", INSTALLED)
def test_an_engine_gives_words_and_lines_with_confidences(page: Image.Image, engine: str) -> None:
    rows = engines.recognise(page, "eng", engine)
    words = [r for r in rows if r["level"] == "5" and r["text"].strip()]
    lines = [r for r in rows if r["level"] == "4"]
    assert len(words) > 300 and len(lines) > 30
    assert {"Commitment", "Progress", "councils", "September"} <= {w["text"] for w in words}
    assert all(0 <= float(w["conf"]) <= 100 for w in words)
    assert all(int(w["width"]) > 0 and int(w["height"]) > 0 for w in words)


def test_the_two_tesseracts_read_the_same_words(page: Image.Image) -> None:
    """The API (the wheel's own Tesseract) and the program (Debian's) may be different releases;
    on a clean page they agree on nearly every word."""
    api, program = ([r["text"] for r in engines.recognise(page, "eng", e) if r["level"] == "5" and r["text"].strip()]
                    for e in INSTALLED)
    same = len(set(api) & set(program)) / len(set(api) | set(program))
    assert same >= 0.95


@pytest.mark.parametrize("engine", INSTALLED)
@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_each_engine_says_how_far_a_turned_page_must_be_turned(page: Image.Image, engine: str, degrees: int) -> None:
    # PIL turns anticlockwise; the page must then be turned back as far clockwise
    assert engines.orientation(page.rotate(degrees, expand=True), engine) == degrees
    assert engines.orientation(page, engine) == 0


def test_the_best_installed_engine_is_the_default() -> None:
    assert engines.available() == "tesserocr"


def test_an_engine_that_is_not_installed_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # as if not installed
    with pytest.raises(UnreadableDocument, match="needs the rapidocr-onnxruntime package"):
        engines.check("rapidocr")
    scan = _scan(tmp_path / "scan.pdf", _page(100))
    # in this process (limits=None): a reading process of its own would not see the package gone
    (result,) = extract_batch([scan], tmp_path / "out", ExtractSettings(ocr_engine="rapidocr"), limits=None)
    assert result.error is not None and "\n" not in result.error
    assert result.error.startswith(f"error: {scan}: ") and "needs the rapidocr-onnxruntime package" in result.error


def test_an_unknown_engine_is_refused_as_a_setting() -> None:
    with pytest.raises(SettingsError, match="ocr_engine must be one of tesserocr, tesseract, rapidocr"):
        ExtractSettings(ocr_engine="abbyy")


def test_the_engine_that_read_a_document_is_in_its_provenance(tmp_path: Path) -> None:
    digital = extract_document(SAMPLES / "lga-2018-19-q2.pdf")
    assert digital.ocr_engine is None
    scan = _scan(tmp_path / "scan.pdf", _page(200))
    for engine in INSTALLED:
        assert extract_document(scan, {"ocr_engine": engine}).ocr_engine == engine
