"""Ink the engine passed over: letters on a scanned page that no word box covers, read again.

Tesseract's page layout (``--psm 3``) sorts a page into blocks before it reads, and a short word
standing alone — a status column's "Amber", a ref, a heading on a shaded band — is at times
sorted as picture or noise and never read (one engine left out five of a page's thirteen status
words; the other engine, one). The page's cleaned image still shows it. So after the first
reading, the ink no word box touches is looked at: connected pieces the height of letters,
gathered into words, are cut out, stacked one under another on a small strip (so the engine's
layout has nothing to misjudge and its cost is that of a few lines, not a page) and read as a
single block; what reads with confidence is put back where it was cut from.

Specks, rule ends, stamps' frames and tick marks are mostly too small, too thin or too tall to
be letters; what is left and reads poorly is dropped by ``REREAD_MIN_CONFIDENCE``. Ink closer to
a read word on its line than a word space is that word's own letter, which the engine's box fell
short of (on a yellowed copy "100" was boxed as its "00"), and is left alone: read again, it made
the target "at least 1 100".
"""

from __future__ import annotations

import bisect

import numpy as np
from PIL import Image
from scipy import ndimage

from .engines import Row, recognise

COVER_PAD = 3  # pixels around a word box that count as read (its letters' anti-aliased edges)
LETTER_HEIGHTS = (0.4, 1.5)  # a letter is this share of the page's typical word box height, low to high ...
LETTER_WIDEST = 8.0  # ... and at most this many box heights wide (bold letters run together)
WORD_GAP = 0.6  # letters closer than this share of the box height are one word
STRIP_PAD = 8  # pixels of paper around each piece on the strip
MAX_PIECES = 200  # at most this many pieces read again on a page ...
MAX_LETTERS = 5000  # ... and none where more letter-sized pieces than this were passed over (noise, not words)
REREAD_MIN_CONFIDENCE = 0.7  # a word read again is kept only at this confidence (the first reading had its chance)


def missed_pieces(ink: np.ndarray, rows: list[Row]) -> list[tuple[int, int, int, int]]:
    """Given a prepared page's ink and the engine's first reading, return the boxes (x0, y0, x1,
    y1 in pixels) of word-like ink that no word box touches, top to bottom.

    The ink is looked at in 2 × 2 blocks (a letter at OCR resolution is some 25 pixels high: at
    half it is still a letter), which makes the look a quarter of the work."""
    words = [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]
    if not words or not ink.any():
        return []
    rows_, cols = (ink.shape[0] + 1) // 2 * 2, (ink.shape[1] + 1) // 2 * 2
    padded = np.zeros((rows_, cols), dtype=bool)
    padded[:ink.shape[0], :ink.shape[1]] = ink
    small = padded[::2, ::2] | padded[1::2, ::2] | padded[::2, 1::2] | padded[1::2, 1::2]
    covered = np.zeros(small.shape, dtype=bool)
    heights = []
    read = []  # the words' boxes, at half resolution
    for r in words:
        left, top, width, height = int(r["left"]), int(r["top"]), int(r["width"]), int(r["height"])
        covered[max(0, top - COVER_PAD) // 2:(top + height + COVER_PAD) // 2 + 1,
                max(0, left - COVER_PAD) // 2:(left + width + COVER_PAD) // 2 + 1] = True
        heights.append(height)
        read.append((left / 2, top / 2, (left + width) / 2, (top + height) / 2))
    typical = float(np.median(heights)) / 2
    labels, count = ndimage.label(small)
    touched = np.zeros(count + 1, dtype=bool)
    touched[np.unique(labels[covered & small])] = True
    labels, count = ndimage.label(small & ~touched[labels])  # the untouched ink: little, looked at piece by piece
    letters = []
    for found in ndimage.find_objects(labels):
        if found is None:
            continue
        height, width = found[0].stop - found[0].start, found[1].stop - found[1].start
        if LETTER_HEIGHTS[0] * typical <= height <= LETTER_HEIGHTS[1] * typical and width <= LETTER_WIDEST * typical:
            letters.append([found[1].start, found[0].start, found[1].stop, found[0].stop])
    if len(letters) > MAX_LETTERS:
        return []
    gap = WORD_GAP * typical
    words_found: list[list[int]] = []
    for box in sorted(letters):  # left to right: a letter joins the word it sits beside
        for word in words_found:
            if box[0] - word[2] <= gap and box[1] < word[3] and word[1] < box[3]:
                word[1], word[2], word[3] = min(word[1], box[1]), max(word[2], box[2]), max(word[3], box[3])
                break
        else:
            words_found.append(box)
        if len(words_found) > MAX_PIECES:
            break
    # ink closer to a read word on its line than a word space is that word's own letter, which
    # its box fell short of ("100" boxed as its "00"), not a word passed over
    alone = [w for w in words_found[:MAX_PIECES] if not any(
        b[1] < w[3] and w[1] < b[3] and (0 <= b[0] - w[2] <= gap or 0 <= w[0] - b[2] <= gap) for b in read)]
    return sorted(((2 * x0, 2 * y0, 2 * x1, 2 * y1) for x0, y0, x1, y1 in alone), key=lambda b: (b[1], b[0]))


def reread_missed(image: Image.Image, ink: np.ndarray, rows: list[Row], languages: str, engine: str) -> list[Row]:
    """Given a prepared page image (black on white), its ink and the engine's first reading,
    return the words read from ink the first reading passed over, as TSV rows on the page
    (level 5, each its own line), confident ones only."""
    pieces = missed_pieces(ink, rows)
    if not pieces:
        return []
    pixels = np.asarray(image.convert("L"))
    slots = []  # (top on the strip, box on the page)
    top = STRIP_PAD
    for x0, y0, x1, y1 in pieces:
        slots.append((top, (x0, y0, x1, y1)))
        top += (y1 - y0) + 2 * STRIP_PAD
    width = max(x1 - x0 for x0, _, x1, _ in pieces) + 2 * STRIP_PAD
    strip = np.full((top, width), 255, dtype=np.uint8)
    for at, (x0, y0, x1, y1) in slots:
        strip[at:at + y1 - y0, STRIP_PAD:STRIP_PAD + x1 - x0] = pixels[y0:y1, x0:x1]
    starts = [at for at, _ in slots]
    out: list[Row] = []
    for r in recognise(Image.fromarray(strip), languages, engine, block=True):
        text = (r.get("text") or "").strip()
        if r.get("level") != "5" or not text or not any(c.isalnum() for c in text) \
                or float(r["conf"]) / 100 < REREAD_MIN_CONFIDENCE:
            continue
        middle = int(r["top"]) + int(r["height"]) // 2
        slot = max(0, bisect.bisect_right(starts, middle) - 1)
        at, (x0, y0, x1, y1) = slots[slot]
        if not at - STRIP_PAD <= middle < at + (y1 - y0) + STRIP_PAD:
            continue
        out.append({**r, "block_num": f"missed{slot}", "par_num": "1", "line_num": "1",
                    "left": str(int(r["left"]) - STRIP_PAD + x0), "top": str(int(r["top"]) - at + y0)})
    return out
