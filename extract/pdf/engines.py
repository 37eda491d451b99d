"""OCR engines: a page image in, Tesseract's TSV rows out (line and word boxes, confidences).

Three ways to read a page, chosen by the ``ocr_engine`` setting and compared by
``bench/engines.py`` on the degradation matrix (the README gives the figures and the choice):

- ``tesserocr`` — Tesseract's API in this process (the ``tesserocr`` wheel, which carries its
  own Tesseract library; the language data is Debian's ``tesseract-ocr-eng``). No program is
  started and no model loaded per page, the image is handed over without a PNG round trip,
  and the lock is released while it reads, so two pages are read at once on two cores.
- ``tesseract`` — the ``tesseract`` program, one run per page (the fallback when the wheel is
  not installed: the Debian package alone is enough).
- ``rapidocr`` — RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``, models in its wheel),
  whose lines are split into words by the boxes it gives for them. Measured, not chosen.

Every engine's output is shaped as Tesseract's TSV (``TSV_FIELDS``, level 4 a line, level 5
a word, ``conf`` 0..100), so the rest of the OCR reading does not know which ran. Word
confidences are kept whatever the engine: they become ``ocr_conf`` and the
``ocr_low_confidence`` flag.
"""

from __future__ import annotations

import csv
import glob
import io
import os
import re
import shutil
import subprocess
import threading
from typing import Any

import numpy as np
from PIL import Image

from ..errors import UnreadableDocument
from ..settings import OCR_ENGINES as ENGINES

TSV_FIELDS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width",
              "height", "conf", "text")
TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata")
OSD_MIN_CONFIDENCE = 1.0  # Tesseract's orientation confidence under which "turned" is not believed

Row = dict[str, str]
_local = threading.local()  # one Tesseract API (or RapidOCR) per thread: neither is shared across threads


def check(engine: str) -> None:
    """Raise UnreadableDocument, saying how to install it, when ``engine`` cannot run here.

    Called once before the first scanned page, so a missing engine fails the document at once
    with one line rather than in a worker thread."""
    if engine == "tesseract":
        _program()
    elif engine == "tesserocr":
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            raise UnreadableDocument("tesserocr", "ocr_engine=tesserocr needs the tesserocr package "
                                                  "(pip install tesserocr; or -s ocr_engine=tesseract)") from None
        tessdata()
    elif engine == "rapidocr":
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except ImportError:
            raise UnreadableDocument("rapidocr", "ocr_engine=rapidocr needs the rapidocr-onnxruntime package") \
                from None
    else:
        raise UnreadableDocument(engine, f"unknown OCR engine {engine!r} (one of {', '.join(ENGINES)})")


def available() -> str:
    """The engine to use by default: Tesseract's API when its wheel is installed, else the program."""
    try:
        import tesserocr  # noqa: F401
        tessdata()
        return "tesserocr"
    except (ImportError, UnreadableDocument):
        return "tesseract"


def recognise(image: Image.Image, languages: str, engine: str, block: bool = False) -> list[Row]:
    """Given a prepared page image, return the engine's words and lines as Tesseract TSV rows.

    :param block: the image is one block of lines (Tesseract's ``--psm 6``), not a page whose
        layout the engine must find (``--psm 3``): a strip of pieces cut from a page
    """
    if engine == "tesserocr":
        import tesserocr

        api = _api(languages)
        if block:
            api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
        try:
            api.SetImage(image)
            text = api.GetTSVText(0)
            api.Clear()
        finally:
            if block:
                api.SetPageSegMode(tesserocr.PSM.AUTO)
    elif engine == "tesseract":
        text = _run(image, languages, "--psm", "6" if block else "3", "tsv")
    elif engine == "rapidocr":
        return _rapid_rows(image)
    else:
        raise UnreadableDocument(engine, f"unknown OCR engine {engine!r} (one of {', '.join(ENGINES)})")
    return [dict(zip(TSV_FIELDS, r)) for r in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)]


def orientation(image: Image.Image, engine: str) -> int:
    """How far (degrees clockwise: 90, 180, 270) Tesseract's orientation detection says a page
    that did not read must be turned to stand upright; 0 when upright or not sure. (RapidOCR
    has no orientation detection of its own; the Tesseract program answers for it.)"""
    rotate, confidence = orientation_guess(image, engine)
    return rotate if confidence >= OSD_MIN_CONFIDENCE else 0


def orientation_guess(image: Image.Image, engine: str) -> tuple[int, float]:
    """The orientation detector's best guess, however unsure: (degrees clockwise to turn the page
    upright, 0 when upright; its confidence, 0 when it has none)."""
    rotate, confidence = 0, 0.0
    try:
        if engine == "tesserocr":
            api = _api("osd")
            api.SetImage(image)
            found = api.DetectOrientationScript()
            api.Clear()
            if found:
                rotate, confidence = (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])
        else:
            osd = _run(image, "osd", "--psm", "0")
            got_rotate = re.search(r"Rotate:\s*(\d+)", osd)
            got_confidence = re.search(r"Orientation confidence:\s*([\d.]+)", osd)
            if got_rotate and got_confidence:
                rotate, confidence = int(got_rotate.group(1)), float(got_confidence.group(1))
    except (UnreadableDocument, RuntimeError):
        return 0, 0.0
    return (rotate, confidence) if rotate in (90, 180, 270) else (0, 0.0)


def tessdata() -> str:
    """The folder holding Tesseract's language data (``TESSDATA_PREFIX``, else Debian's)."""
    candidates = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    for pattern in TESSDATA_GLOBS:
        candidates += sorted(glob.glob(pattern), reverse=True)
    for folder in candidates:
        if os.path.exists(os.path.join(folder, "eng.traineddata")):
            return folder.rstrip("/") + "/"
    raise UnreadableDocument("tesserocr", "no Tesseract language data found: apt-get install tesseract-ocr "
                                          "(scripts/setup.sh installs it), or set TESSDATA_PREFIX")


def _program() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise UnreadableDocument("tesseract", "scanned pages need Tesseract OCR: apt-get install tesseract-ocr "
                                              "(scripts/setup.sh installs it)")
    return found


def _run(image: Image.Image, languages: str, *args: str) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # its own threads made a page six times slower here
    done = subprocess.run([_program(), "stdin", "stdout", "-l", languages, *args], input=buffer.getvalue(),
                          capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise UnreadableDocument("tesseract", done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                                 [0] if done.stderr else f"exit status {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _api(languages: str) -> Any:
    """This thread's Tesseract API for ``languages`` (made once: loading a model costs ~0.3 s)."""
    apis = _local.__dict__.setdefault("apis", {})
    if languages not in apis:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        psm = tesserocr.PSM.OSD_ONLY if languages == "osd" else tesserocr.PSM.AUTO
        try:
            apis[languages] = tesserocr.PyTessBaseAPI(path=tessdata(), lang=languages, psm=psm)
        except RuntimeError as error:
            raise UnreadableDocument("tesserocr", f"Tesseract could not load languages {languages!r}: {error}") \
                from None
    return apis[languages]


def _rapid_rows(image: Image.Image) -> list[Row]:
    """RapidOCR's lines as TSV rows: each line a level-4 row, each word a level-5 row whose box is
    the line's box cut at the word's share of the line's characters (RapidOCR gives lines)."""
    if not hasattr(_local, "rapid"):
        from rapidocr_onnxruntime import RapidOCR

        _local.rapid = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    found, _ = _local.rapid(np.asarray(image.convert("RGB")))
    rows: list[Row] = []
    for block, (box, text, score) in enumerate(found or [], start=1):
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        common = {"page_num": "1", "block_num": str(block), "par_num": "1", "line_num": "1"}
        rows.append({**common, "level": "4", "word_num": "0", "left": str(int(left)), "top": str(int(top)),
                     "width": str(int(right - left)), "height": str(int(bottom - top)), "conf": "-1", "text": ""})
        per_char = (right - left) / max(1, len(text))
        start = 0
        for number, word in enumerate(text.split(), start=1):
            at = text.index(word, start)
            start = at + len(word)
            rows.append({**common, "level": "5", "word_num": str(number), "left": str(int(left + at * per_char)),
                         "top": str(int(top)), "width": str(max(1, int(len(word) * per_char))),
                         "height": str(int(bottom - top)), "conf": f"{100 * float(score):.2f}", "text": word})
    return rows
