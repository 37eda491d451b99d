"""Status words in a fax's shading, spotted by their shape where OCR reads only noise.

A fax (or any one-bit copy) prints a tinted status cell as a scatter of dots, about as much
black as white, and the status word in it as solid strokes among the dots. Cleaning keeps
strokes as thick as a letter's, but dots touching a stroke stay with it: the engine reads
"Gieen", "@urer" or nothing. A reader still sees "Green": over the whole word, letters are
solid where the dots are half black, and that difference, summed over some thousand pixels,
is large even where no single stroke stands out.

So in a shaded cell the engine did not read, the word-sized patch that holds the most ink is
found, and each word of the status vocabulary (``STATUS_WORDS`` and ``STATUS_PHRASES``, as
title and upper case), drawn in the sans-serif font that ships with Pillow at about the
page's type size and blurred as the page is, is slid along the line it sits on. The word that
explains most of the line's ink (the square of the correlation between the word, placed at its
best, and the line) is taken when it explains enough (``MIN_FIT``: an empty line's best is
about 0.15, a word's 0.4 to 0.6) and clearly more than any other word (``MIN_MARGIN``). The
comparison is over the whole line, so a short word that matches part of a long one ("Red" in
"Green") leaves the rest unexplained and loses.

A spotted word is a reading, not a certainty: it carries an OCR confidence of at most
``SPOTTED_CONFIDENCE``, under the default ``ocr_low_confidence``, so its field is flagged
``ocr_low_confidence`` for an auditor to look at. Nothing is spotted outside a one-bit page's
shading, in a cell the engine read as a status or as confident words, or when no word of the
vocabulary clearly wins (then the cell's status stays unread, and flagged as such).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import fft, ndimage

from ..fields.status import MIN_FUZZY_LETTERS, STATUS_PHRASES, STATUS_WORDS, status_from_word
from ..model import Rule, Word

BLUR_POINTS = 0.36  # the page's ink and the drawn words are blurred this much (a fax pixel is 0.36 pt)
SIZE_SHARES = (0.8, 0.9, 1.0, 1.1, 1.25)  # a status word is drawn at these shares of the page's type size ...
SIZES_POINTS = (6.0, 7.0, 8.2, 9.5, 11.0, 12.8, 15.0)  # ... or at these sizes where the page's is not known
SURE_CONFIDENCE = 0.9  # the page's type size is measured on words read at this confidence, of at least ...
SURE_LETTERS = 4  # ... this many letters
REFINED = 4  # the words that fit best at a few sizes are tried at every size
LINE_PAD = 0.25  # the line a word is compared over reaches this share of the largest type size above and below it
MIN_FIT = 0.3  # a word is spotted when it explains at least this share of its line's ink variance ...
MIN_MARGIN = 0.03  # ... and this much more than the best other word, for a word drawn at a type size of ...
REFERENCE_EM_PIXELS = 33  # ... this many pixels or more (8 pt at 300 dpi); a smaller one needs a margin as much larger
SPOTTED_CONFIDENCE = 0.5  # a spotted word's OCR confidence is at most this (its field is flagged ocr_low_confidence)
READ_CONFIDENCE = 0.8  # a cell holding a word of 3+ letters read at this confidence holds text the engine can read
MIN_CELL_POINTS = (14.0, 6.0)  # a cell narrower or lower than this (points) holds no word to spot
WIDEST_SHARE = 0.3  # a shaded cell wider than this share of the page is a band (a section's title), not a status
MAX_CELLS = 40  # at most this many cells are looked at on a page (the work is bounded whatever the page holds)
FUZZY_MIN = 80.0  # a word the engine read this close to a status word is read, not spotted


@dataclass(frozen=True)
class Spotted:
    """A word spotted in a shaded cell: its text, box (pixels), and how well it fits."""

    text: str
    box: tuple[int, int, int, int]
    fit: float  # the share of the line's ink variance the word explains
    margin: float  # ... and how much more than the next best word


def vocabulary(phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) -> tuple[str, ...]:
    """The words a status cell may hold, as printed: title case and upper case. Words of one and
    two letters ("G", "R", "No") are too small to tell apart by shape and are left to the engine."""
    words = [w for w in [*STATUS_WORDS, *(p for p, _ in phrases)] if len(w) >= MIN_FUZZY_LETTERS]
    out: list[str] = []
    for w in words:
        for form in (w[:1].upper() + w[1:], w.upper()):
            if form not in out:
                out.append(form)
    return tuple(out)


@lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own font at ``size`` pixels, loaded once a size (every page asks again)."""
    return ImageFont.load_default(size)


def _font_available() -> bool:
    """Pillow draws a scalable font of its own only when built with FreeType."""
    return isinstance(_font(12), ImageFont.FreeTypeFont)


@lru_cache(maxsize=512)
def _template(word: str, em: int, blur: float) -> np.ndarray:
    """``word`` drawn at ``em`` pixels a type size, bold-ish (a status is often bold; blurred, the
    difference hardly matters), cropped to its ink and blurred: ink 1, paper 0."""
    font = _font(em)
    left, top, right, bottom = (int(v) for v in font.getbbox(word))
    stroke = max(1, round(em / 40))
    image = Image.new("L", (right - left + 2 * stroke + 2, bottom - top + 2 * stroke + 2), 0)
    ImageDraw.Draw(image).text((stroke + 1 - left, stroke + 1 - top), word, font=font, fill=255,
                               stroke_width=stroke, stroke_fill=255)
    drawn: np.ndarray = ndimage.gaussian_filter((np.asarray(image) > 127).astype(np.float32), blur)
    return drawn


class _Line:
    """A line of a cell, kept as its spectrum: each word laid on it then costs one transform each
    way. The transform is of the line's own size — the template's wrap-around lands only on the
    places where it would stick out of the line, which are not looked at."""

    def __init__(self, line: np.ndarray) -> None:
        self.height, self.width = line.shape
        self.n = line.size
        self.mean, self.sd = float(line.mean()), float(line.std())
        self.shape = (fft.next_fast_len(self.height, real=True), fft.next_fast_len(self.width, real=True))
        self.spectrum = fft.rfft2(line, self.shape)

    def fit(self, template: np.ndarray) -> tuple[float, int, int]:
        """How much of the line's variance ``template`` explains at its best place on it (the
        correlation between the line and the template laid on paper there, zero elsewhere), and where."""
        t_height, t_width = template.shape
        if t_height > self.height or t_width > self.width:
            return 0.0, 0, 0
        t_sum = float(template.sum())
        t_sd = np.sqrt(max(0.0, float((template * template).sum()) / self.n - (t_sum / self.n) ** 2))
        if self.sd == 0 or t_sd == 0:
            return 0.0, 0, 0
        full = fft.irfft2(self.spectrum * fft.rfft2(template[::-1, ::-1], self.shape), self.shape)
        cross = full[t_height - 1:self.height, t_width - 1:self.width]
        r = (cross / self.n - self.mean * t_sum / self.n) / (self.sd * t_sd)
        y, x = np.unravel_index(int(np.argmax(r)), r.shape)
        return float(r[y, x]), int(y), int(x)


def spot_word(ink: np.ndarray, words: tuple[str, ...], scale: float, size: float | None = None) -> Spotted | None:
    """Given a shaded cell's ink (one-bit, before cleaning), the words a status may be and the
    page's type size in points if known, return the word spotted in it, if one clearly is (box
    in the cell's pixels).

    Words are drawn at sizes about the page's type size (``SIZE_SHARES``) or, when it is not
    known, over the range a status is set in (``SIZES_POINTS``). The cell is compared at the
    page's own resolution: at half of it (a quarter of the work) the words' fits differed by
    half as much, and the margins fell under ``MIN_MARGIN``."""
    blur = BLUR_POINTS / scale
    density = ndimage.gaussian_filter(ink.astype(np.float32), blur)
    sizes = [size * share for share in SIZE_SHARES] if size else SIZES_POINTS
    ems = sorted({round(points / scale) for points in sizes})
    pad = round(LINE_PAD * ems[-1])
    drawn = ((w, em, _template(w, em, blur)) for w in words for em in ems)
    cell_height, cell_width = density.shape
    fitting = {(w, em): t for w, em, t in drawn if t.shape[0] + 2 * pad <= cell_height and t.shape[1] <= cell_width}
    if not fitting:
        return None
    tallest = max(t.shape[0] for t in fitting.values())
    middle = ems[len(ems) // 2]
    # the line: where a patch the size of a short word holds the most ink (letters are solid among dots)
    patch = ndimage.uniform_filter(density, (max(3, round(middle * 0.7)), max(3, round(middle * 2))))
    row = int(np.argmax(patch.max(axis=1)))
    y0 = max(0, min(density.shape[0] - tallest - 2 * pad, row - tallest // 2 - pad))
    line = _Line(density[y0:y0 + tallest + 2 * pad])
    best: dict[str, tuple[float, str, int, int, int, int, int]] = {}

    def score(word: str, em: int) -> None:
        template = fitting[word, em]
        fit, y, x = line.fit(template)
        key = word.lower()
        if key not in best or fit > best[key][0]:
            best[key] = (fit, word, x, y0 + y, template.shape[1], template.shape[0], em)

    # every word at the page's type size (or a few sizes of the range), then the likeliest few at
    # every size: a third of the work of every word at every size (the same words won on the pages checked)
    probes = {middle} if size else set(ems[1::2])
    for word, em in fitting:
        if em in probes:
            score(word, em)
    likeliest = {key for _, key in sorted(((v[0], k) for k, v in best.items()), reverse=True)[:REFINED]}
    for word, em in fitting:
        if word.lower() in likeliest and em not in probes:
            score(word, em)
    ranked = sorted(best.values(), reverse=True)
    fit, word, x, y, width, height, em = ranked[0]
    margin = fit - (ranked[1][0] if len(ranked) > 1 else 0.0)
    # a smaller word has fewer pixels to tell it by, and chance moves its fits more (as one over its size)
    if fit < MIN_FIT or margin < MIN_MARGIN * max(1.0, REFERENCE_EM_PIXELS / em):
        return None
    return Spotted(word, (x, y, x + width, y + height), fit, margin)


def type_size(words: list[Word]) -> float | None:
    """The page's type size in points, from the widths of the words the engine was sure of
    (as wide as Pillow's font sets them at that size): on a fax, noise read as words makes the
    engine's word heights, and the sizes drawn from them, unreliable. None when no word is sure."""
    font = _font(100)
    ratios = []
    for w in words:
        if (w.ocr_conf or 0.0) >= SURE_CONFIDENCE and sum(c.isalpha() for c in w.text) >= SURE_LETTERS:
            drawn = font.getlength(w.text)
            if drawn > 0:
                ratios.append((w.x1 - w.x0) / drawn * 100)
    return float(np.median(ratios)) if ratios else None


def shaded_cells(areas: np.ndarray, rules: list[Rule], scale: float) -> list[tuple[int, int, int, int]]:
    """The cells of a page's one-bit shading (x0, y0, x1, y1 in pixels): each shaded area's box,
    cut at the rules that cross it (a shaded status column is one area over many rows). A cell
    across much of the page is a band — a section's title — where no status word is looked for."""
    labels, _ = ndimage.label(areas)
    min_w, min_h = (round(p / scale) for p in MIN_CELL_POINTS)
    cells: list[tuple[int, int, int, int]] = []
    for found in ndimage.find_objects(labels):
        if found is None:
            continue
        y0, y1, x0, x1 = found[0].start, found[0].stop, found[1].start, found[1].stop
        middle_x, middle_y = (x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale
        across = sorted({round((r.top + r.bottom) / 2 / scale) for r in rules if r.horizontal
                         and r.x0 <= middle_x <= r.x1 and y0 < (r.top + r.bottom) / 2 / scale < y1})
        down = sorted({round((r.x0 + r.x1) / 2 / scale) for r in rules if not r.horizontal
                       and r.top <= middle_y <= r.bottom and x0 < (r.x0 + r.x1) / 2 / scale < x1})
        ys, xs = [y0, *across, y1], [x0, *down, x1]
        for top, bottom in pairwise(ys):
            for left, right in pairwise(xs):
                if bottom - top >= min_h and min_w <= right - left <= WIDEST_SHARE * areas.shape[1]:
                    cells.append((left, top, right, bottom))
    return sorted(cells, key=lambda c: (c[1], c[0]))[:MAX_CELLS]


def _read_already(words: list[Word]) -> bool:
    """Did the engine read this cell: a status word, or words of three letters and more it is sure of?"""
    text = " ".join(w.text for w in words)
    status, fuzzy = status_from_word(text, FUZZY_MIN)
    if status is not None and not fuzzy:
        return True
    return any((w.ocr_conf or 0.0) >= READ_CONFIDENCE and sum(c.isalpha() for c in w.text) >= MIN_FUZZY_LETTERS
               and status_from_word(w.text, FUZZY_MIN)[0] is None for w in words)


def spot_in_shading(ink: np.ndarray, areas: np.ndarray, rules: list[Rule], words: list[Word],
                    scale: float, number: int, phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) \
        -> tuple[list[Word], int]:
    """Given a one-bit page's ink (before its shading was cleared), its shaded areas, rules and
    the words the engine read, return the words with status words spotted in shaded cells the
    engine could not read (the noise it read where a word was spotted dropped), and how many."""
    if not words or not areas.any() or not _font_available():
        return words, 0
    height = float(np.median([w.bottom - w.top for w in words]))
    size = type_size(words)
    candidates = vocabulary(phrases)
    kept = list(words)
    spotted = 0
    for x0, y0, x1, y1 in shaded_cells(areas, rules, scale):
        inside = [w for w in kept if x0 * scale <= (w.x0 + w.x1) / 2 <= x1 * scale
                  and y0 * scale <= (w.top + w.bottom) / 2 <= y1 * scale]
        if _read_already(inside):
            continue
        found = spot_word(ink[y0:y1, x0:x1], candidates, scale, size)
        if found is None:
            continue
        bx0, by0, bx1, by1 = ((found.box[0] + x0) * scale, (found.box[1] + y0) * scale,
                              (found.box[2] + x0) * scale, (found.box[3] + y0) * scale)
        noise = {id(w) for w in inside if w.x0 < bx1 and bx0 < w.x1 and w.top < by1 and by0 < w.bottom}
        kept = [w for w in kept if id(w) not in noise]
        middle = (by0 + by1) / 2  # a box of the page's word height about the word's middle, as the engine's words have
        kept.append(Word(found.text, bx0, middle - height / 2, bx1, middle + height / 2, page=number,
                         size=words[0].size, ocr_conf=min(SPOTTED_CONFIDENCE, found.fit)))
        spotted += 1
    return kept, spotted
