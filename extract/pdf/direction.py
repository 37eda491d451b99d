"""Which way a scanned page's lines of text run: across the page, or down it (a sheet fed in sideways).

A page read the wrong way round costs a full reading that fails (Tesseract works hardest on
what it cannot read: 5.5 s on a sideways page it reads upright in 3.5), then the orientation
detector, then the reading that counts. Lines of text tell the way round before any of that:
between two lines of text runs a strip of bare paper, while across the lines the words of one
line and of the next never leave one bare together. So in every patch of the page about an
inch square that holds some ink, the bare rows and the bare columns between its ink are
counted; on an upright (or upside-down) page bare rows are the many, on a sideways page bare
columns. Measured on the page at a quarter of its resolution (a letter of 8 pt is still some
8 pixels high), this is a few milliseconds a page.

It says only which way the lines run, not which end is up: the orientation detector does that,
once it is known to be worth asking.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

REDUCE = 4  # the page is looked at reduced this many times each way (a block's mean)
BLOCK_INK = 200  # a reduced pixel darker than this holds ink
PATCH_POINTS = 64.0  # patches this many points square (about an inch) ...
PATCH_INK = (0.03, 0.5)  # ... holding this share of ink, low to high (text, not a blank margin or a dark band)
MIN_PATCHES = 12  # at least this many patches with text, else the page says nothing (a title page)
DOWN_MARGIN = 5.0  # lines run down when bare columns outnumber bare rows this many times (a sideways
# page: 6 to 100 times; an upright page of large type: up to 3)


def lines_run_down(grey: np.ndarray, scale: float) -> bool:
    """Given a page image (grey levels) and its scale (points a pixel), return whether its lines
    of text run down the page (a sheet fed in sideways) rather than across it; False when it
    cannot tell."""
    small = np.asarray(Image.fromarray(grey).reduce(REDUCE)) < BLOCK_INK
    side = max(8, round(PATCH_POINTS / scale / REDUCE))
    rows, cols = small.shape[0] // side, small.shape[1] // side
    if not rows or not cols:
        return False
    patches = small[:rows * side, :cols * side].reshape(rows, side, cols, side).transpose(0, 2, 1, 3)
    ink = patches.mean(axis=(2, 3))
    chosen = patches[(ink >= PATCH_INK[0]) & (ink <= PATCH_INK[1])]
    if len(chosen) < MIN_PATCHES:
        return False
    bare_rows = _bare_between(chosen.any(axis=2))
    bare_cols = _bare_between(chosen.any(axis=1))
    return bare_cols > DOWN_MARGIN * max(bare_rows, 1)


def _bare_between(inked: np.ndarray) -> int:
    """Given, for each patch, which of its lines (rows or columns) hold ink, return how many bare
    lines lie between each patch's first and last inked one, over all patches."""
    first = np.argmax(inked, axis=1)
    last = inked.shape[1] - 1 - np.argmax(inked[:, ::-1], axis=1)
    held = inked.sum(axis=1)
    return int(np.sum(np.maximum(0, last - first + 1 - held)))
