"""Stamps and pen strokes over the text of a scanned page: the words they cross are doubted.

A rubber stamp or a handwritten tick laid over a cell's text cuts its words: the engine reads
what is left, with confidence ("the Cabinet office wi ing support", "Further discuss ns ha
uently"), and nothing says a word was lost. Such a mark is ink of a colour (a red stamp, a blue
pen) crossing the page's black text. Coloured text is not: it stands apart from the black text,
and a status colour is a fill, not ink. So coloured ink outside every fill that touches black
ink is a mark over the text, and every word it crosses or stands beside (within half a line's
height: a word cut by the mark is read as pieces either side of it) is given an OCR confidence
of at most ``MARKED_CONFIDENCE``, under the default ``ocr_low_confidence``: its field is flagged
for an auditor to read beside the page. The words are not changed: what is under the ink is
not known.

A mark on a greyscale copy is grey like the text and is not told apart here.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import ndimage

from ..model import Fill, Word

STEP = 4  # the page is looked at every this many pixels each way (a stamp's stroke is some 3 points wide)
MARK_SATURATION = 45  # a pixel whose channels differ by more than this (0..255) is coloured ink ...
MARK_INK = 150  # ... when darker than this grey level (paper tinted yellow is coloured, not ink)
FILL_MARGIN_POINTS = 1.5  # a fill's edge (a scan blurs its colour this far) is the fill's, not a mark
MIN_MARK_POINTS = 2.0  # a coloured piece smaller than this each way is a speck, not a mark
TOUCH_POINTS = 0.75  # a coloured piece this close to black ink crosses the text
MIN_TOUCH_PIXELS = 3  # ... at this many samples at least: a stroke, not an edge's fringe
BESIDE_SHARE = 0.5  # a word this share of its height from a mark stands beside it (cut by it)
MARKED_CONFIDENCE = 0.5  # a word crossed by a mark has at most this OCR confidence
MAX_MARKS = 300  # at most this many coloured pieces are looked at on a page (the work is bounded)


def marks_over_text(rgb: np.ndarray, grey: np.ndarray, rules: np.ndarray, fills: list[Fill],
                    scale: float) -> np.ndarray | None:
    """Given a page image (RGB and grey), its rules' pixels, its fills (points) and its scale
    (points a pixel), return where coloured ink crosses its black text, one sample every ``STEP`` pixels
    (None when nowhere: the common case, a page with no coloured ink outside its fills)."""
    red, green, blue = rgb[::STEP, ::STEP, 0], rgb[::STEP, ::STEP, 1], rgb[::STEP, ::STEP, 2]
    saturation = np.maximum(np.maximum(red, green), blue) - np.minimum(np.minimum(red, green), blue)
    dark = grey[::STEP, ::STEP] < MARK_INK
    coloured = dark & (saturation > MARK_SATURATION)
    if not coloured.any():
        return None
    margin = FILL_MARGIN_POINTS / scale
    for f in fills:
        x0, y0 = (max(0, round((v / scale - margin) / STEP)) for v in (f.x0, f.top))
        x1, y1 = (round((v / scale + margin) / STEP) + 1 for v in (f.x1, f.bottom))
        coloured[y0:y1, x0:x1] = False
    if not coloured.any():
        return None
    black = dark & (saturation <= MARK_SATURATION) & ~rules[::STEP, ::STEP]
    labels, count = ndimage.label(coloured, structure=np.ones((3, 3), dtype=bool))
    reach = max(1, round(TOUCH_POINTS / scale / STEP))
    smallest = MIN_MARK_POINTS / scale / STEP
    keep = np.zeros(count + 1, dtype=bool)
    looked = 0
    for index, found in enumerate(ndimage.find_objects(labels), 1):
        if found is None or max(s.stop - s.start for s in found) < smallest:
            continue
        looked += 1
        if looked > MAX_MARKS:
            break
        around = tuple(slice(max(0, s.start - reach), s.stop + reach) for s in found)
        piece = ndimage.binary_dilation(labels[around] == index, iterations=reach)
        keep[index] = int((piece & black[around]).sum()) >= MIN_TOUCH_PIXELS
    marks = keep[labels]
    return marks if marks.any() else None


def doubt_marked_words(words: list[Word], marks: np.ndarray | None, scale: float) -> tuple[list[Word], int]:
    """Given a page's words (points), where marks cross its text (sampled every ``STEP`` pixels, from
    :func:`marks_over_text`) and its scale, return the words with those a mark crosses or stands
    beside given at most ``MARKED_CONFIDENCE``, and how many were."""
    if marks is None:
        return words, 0
    out, doubted = [], 0
    rows, cols = marks.shape
    for w in words:
        pad = BESIDE_SHARE * (w.bottom - w.top)
        x0, x1 = (max(0, min(cols, round(v / scale / STEP))) for v in (w.x0 - pad, w.x1 + pad))
        y0, y1 = (max(0, min(rows, round(v / scale / STEP))) for v in (w.top, w.bottom))
        if x1 > x0 and y1 > y0 and marks[y0:y1, x0:x1].any():
            out.append(replace(w, ocr_conf=min(w.ocr_conf if w.ocr_conf is not None else 1.0, MARKED_CONFIDENCE)))
            doubted += 1
        else:
            out.append(w)
    return out, doubted
