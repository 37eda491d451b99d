"""Scanned pages: words by Tesseract OCR, ruling lines and fills from the page image.

A page whose text layer is empty (a scan) is rendered with pdfium at ``ocr_dpi``, turned
straight (the skew a scanner adds is measured from the image), and read into the same
:class:`PageContent` a digital page gives — so the table finder runs unchanged:

- **rules**: dark runs at least ``RULE_MIN_SHARE`` of the page long and at most a few pixels
  thick, kept by a morphological opening along each axis;
- **fills**: coloured regions (status cells, section bands) and large dark bands, with the
  median colour of their pixels, so a status shown only as colour is read from the pixels;
- **words**: Tesseract's TSV output (word boxes and confidences), read from a copy of the
  image with the rules erased and dark bands inverted (white-on-navy section titles read
  like the rest); a word is bold when its strokes survive an erosion that regular strokes
  do not. Ink that the engine's page layout passed over (a short word alone in a column) is
  read again (``missed.py``).

The engine (``engines.py``: Tesseract's API in process by default, the Tesseract program, or
RapidOCR) reads one page at a time, with one thread each. A page that cannot be read — blank,
or noise — is reported, not guessed; a page fed in turned is turned upright and read.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from scipy import ndimage

from ..fields.status import STATUS_PHRASES
from ..model import Fill, PageContent, Rule, Word
from .direction import lines_run_down
from .engines import OSD_MIN_CONFIDENCE, orientation_guess, recognise
from .marks import doubt_marked_words, marks_over_text
from .missed import reread_missed
from .spotting import spot_in_shading

RULE_MIN_SHARE = 0.04  # a horizontal rule is at least this share of the page width long
VERTICAL_RULE_MIN_POINTS = 14.0  # a vertical rule at least this long
RULE_MAX_POINTS = 2.0  # ... and at most this thick
SEGMENT_MIN_POINTS = 6.0  # a piece of a rule between two dark bands is kept when at least this long
FILL_MIN_POINTS = (14.0, 6.0)  # a fill is at least this wide and tall (points)
COLOURFUL = 45  # max - min channel (0..255) above which a pixel is coloured, not grey
DARK = 110  # grey level under which a pixel is dark ink or a dark band
SHADE_LIGHT = 200  # grey level under which an uncoloured area (not a line, not a glyph) is a shaded fill
BAND_RULE_SHARE = 0.3  # a dark band this share of the page wide is bounded by rules at its edges
BAND_SATURATION = 110  # a dark band is less coloured than this (navy is; a red status cell is not)
INK = 150  # grey level under which a pixel counts as ink
SPECK_POINTS = 0.55  # a dark spot no wider than this (squared, as an area) is dust, not a full stop
BAND_TEXT_CONTRAST = 60  # on a dark band, light text is at least this much lighter than the band ...
BAND_DARK_TEXT_CONTRAST = 20  # ... and dark text (black on a dark red cell, copied grey) this much darker
BAND_DARK_TEXT_NOISE = 4.0  # ... and darker than the band's own grain by this many times its spread
BAND_INNER = 3  # pixels: a dark band's edge (its rules) left out when telling which way its text goes ...
BAND_EDGE_SHARE = 0.15  # ... or this share of its height, if more (a straightened copy's rules are blurred thick)
THRESHOLD = 170  # grey level under which a pixel of the cleaned page is black for OCR
BLANK_INK_SHARE = 0.0005  # a page with less ink than this share of its pixels is blank
SKEW_LIMIT = 3.0  # degrees either way searched for the scanner's skew
SKEW_WIDTH = 800  # pixels: the skew is measured on the page reduced to about this width
BILEVEL_DARK, BILEVEL_LIGHT = 60, 195  # grey levels between these are mid-grey ...
BILEVEL_FLAT = 40  # ... in an area whose 3 × 3 pixels differ by less than this is a smooth grey;
BILEVEL_MID_SHARE = 0.002  # ... and a page with at most this share of smooth grey is one-bit (a fax)
BILEVEL_MID_MOST = 0.2  # a one-bit page rendered has at most this share of mid-grey pixels at all (edges)
LOST_LINE_POINTS = 0.75  # a fax's lost scan line is a white streak at most this high (two lines at 200 dpi) ...
LOST_LINE_STRAY = 0.001  # ... with at most this share of its width inked (specks) ...
LOST_LINE_INK = 0.02  # ... between rows with at least this share of theirs inked ...
LOST_LINE_CARRY = 0.4  # ... at least this share of which go on across it (strokes cut, not a gap between lines)
HALFTONE_WINDOW_POINTS = 5.0  # ink-paper changes are counted over squares this wide ...
HALFTONE_CHANGES = 0.45  # ... and where there are more than this many a pixel, the area is shading (text: < 0.4)
HALFTONE_STROKE_POINTS = 0.7  # strokes at least this thick are kept in a shaded area (letters, not dots)
HALFTONE_CLUMP_POINTS = 2.0  # ... in pieces at least this big (squared, as an area)
BOLD_DENSITY = 1.25  # a word whose strokes survive erosion this much more than the page's median is bold
BOLD_STROKE = 0.15  # ... and at least this share of its ink survives (regular strokes mostly vanish)
BOLD_EROSION = 1
RULE_GLYPHS = re.compile(r"^[^\w]*[|¦][^\w]*$|^_+$")  # a ruling line's remains, read as characters
# a scan cannot tell curly from straight quotes; the text layer of a digital twin has either
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
JUNK_CONFIDENCE = 0.5  # punctuation-only words under this confidence are specks, not text
SPECK_CONFIDENCE = 0.2  # ... and one-character words under this (a speck read as "7" made a column)
MIN_PAGE_CONFIDENCE = 0.45  # mean word confidence under which a page is unreadable
MIN_READABLE_WORDS = 5
POINTS_PER_INCH = 72.0
SKEW_MIN = 0.05  # degrees: a smaller skew is left alone (turning costs a resampling blur)
SKEW_STEPS = (0.5, 0.1)  # degrees: the skew is searched coarse then fine, the fine search around the coarse best
BAND_EDGE = 0.5  # points: the thickness of the rules a dark band's edges make
CELL_EDGE_NEAR = 2.0  # points: a rule this near a dark cell's edge and side runs on along the edge
FILL_COLOUR_NEAR = 70  # channel difference (0..255) within which a pixel is the fill's own colour
RULE_ERASE = 5  # pixels: a rule is erased with this much of its blurred edge around it
SKEW_FILL_OPENING = 9  # pixels: dark areas that survive an opening this wide are filled bands, not text
DARK_LINE = 40  # a line may be this much lighter (0..255) than a dark band and still be dark ink
ROW_CUT = 2  # pixels either side of a row rule cut across the page between fills
SOLID_SHARE = 0.6  # a fill region is solid for at least this share of its bounding box
STACKED_GAP = 2.0  # points: dark fills at most this far apart, one over the other, are two cells of a column
STACKED_OVERLAP = 0.9  # ... when they overlap across at least this share of the narrower one's width
SPLIT_DEPTH = 4  # a region that is not solid is split into solid rectangles at most this many times over
OPENING_SHARE = 0.6  # an opening this share of the smallest fill's height keeps fills and drops strokes
MIN_OPENING = 3  # pixels: the smallest opening worth making
BOX_TO_TYPE = 0.8  # a word box's height is about this share of its type size


@dataclass
class OcrPage:
    """A scanned page as read: its content, whether it could be read, and what to tell the user."""

    content: PageContent
    readable: bool
    warnings: list[str] = field(default_factory=list)
    turned: int = 0  # degrees (clockwise) the page image was turned to be read: a sheet fed in sideways or upside down
    # what was done to the page image before its words were read, in order: ("straighten", degrees
    # anticlockwise the scan was skewed, undone about the image's centre) or ("turn", degrees
    # clockwise, the page size swapped); the words' boxes are on the image so transformed
    transforms: list[tuple[str, float]] = field(default_factory=list)


def capped_dpi(page: pdfium.PdfPage, dpi: int, max_pixels: int) -> int:
    """The resolution to render a page at: ``dpi``, or less when the page would then be more than
    ``max_pixels`` (0: no cap). A page 3,000 points square at 300 dpi is 156 million pixels and
    half a gigabyte per copy; read at fewer dots it is read, and says so."""
    width, height = page.get_size()
    pixels = (width * dpi / POINTS_PER_INCH) * (height * dpi / POINTS_PER_INCH)
    if not max_pixels or pixels <= max_pixels:
        return dpi
    return max(1, math.floor(dpi * math.sqrt(max_pixels / pixels)))


def render(page: pdfium.PdfPage, dpi: int) -> tuple[Image.Image, float, float]:
    """Given a page, return its image at dpi and its size in points as displayed (pdfium: one thread)."""
    width, height = page.get_size()
    if page.get_rotation() % 180:
        width, height = height, width
    return page.render(scale=dpi / POINTS_PER_INCH).to_pil().convert("RGB"), width, height


def read_scanned(image: Image.Image, width: float, height: float, number: int, dpi: int,
                 languages: str = "eng", engine: str = "tesseract", turn: bool = True,
                 phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) -> OcrPage:
    """Given a page's image, return what OCR and the image show on it (safe to run in a thread).

    A page whose lines of text run down it (a sheet fed in sideways, :mod:`direction`) is first
    asked which way up it is and read turned upright; a page that does not read, and that
    Tesseract's orientation detection says is turned (sideways or upside down), is turned
    upright and read again (``turn``). A turned page's boxes are on the page as turned upright,
    and the page says so (``turned``)."""
    scale = POINTS_PER_INCH / dpi
    rgb = np.asarray(image)
    grey = np.asarray(image.convert("L"))
    if (grey < INK).mean() < BLANK_INK_SHARE:
        return OcrPage(PageContent(number, width, height, []), False,
                       [f"page {number}: blank scanned page (no ink), not read"])
    guess: tuple[int, float] | None = None  # the orientation detector's answer, once asked
    if turn and lines_run_down(grey, scale):
        # a sheet fed in sideways: asked first which way up it is, it is read once (read as it
        # came, it would be read in vain first, then asked); where neither quarter turn reads, it
        # is read as it came, and not turned again
        guess = orientation_guess(image, engine)
        rotate = guess[0]
        if rotate in (90, 270):
            found = _read_turned(image, width, height, number, dpi, languages, engine, phrases, [],
                                 [rotate, (rotate + 180) % 360])
            if found is not None:
                return found
            turn = False
    skew = measure_skew(grey, rgb)
    steps: list[tuple[str, float]] = []
    if abs(skew) >= SKEW_MIN:
        steps.append(("straighten", skew))
        image = image.rotate(-skew, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
        rgb = np.asarray(image)
        grey = np.asarray(image.convert("L"))
    grey = mend_lost_lines(grey, scale)
    shading = halftone_areas(grey, scale)
    shaded_ink = None
    if shading is not None:
        shaded_ink = grey < INK  # the dots as they are, for spotting words
        grey = clear_halftone(grey, scale, shading)
    colourful, band = pixel_kinds(rgb, grey)
    colourful = colourful | shaded_areas(grey, colourful | band, scale)  # a grey fill is no line either
    rules, rule_mask = find_rules(grey, scale, colourful, band)
    fills, dark_boxes = find_fills(rgb, colourful, band, scale, rule_mask, [r for r in rules if r.horizontal])
    # a ruled table's line along a dark band merges with the band in the image; its edges are the rules
    for x0, y0, x1, y1 in dark_boxes:
        if (x1 - x0) * scale > BAND_RULE_SHARE * width:
            rules += [Rule(x0 * scale, y0 * scale, x1 * scale, y0 * scale + BAND_EDGE),
                      Rule(x0 * scale, y1 * scale - BAND_EDGE, x1 * scale, y1 * scale)]
    rules += _between_stacked(dark_boxes, scale)
    rules += _along_dark_cells(dark_boxes, [r for r in rules if r.horizontal], scale)
    prepared = prepare_for_ocr(rgb, grey, rule_mask, fills, dark_boxes, scale)
    words = read_words(Image.fromarray(prepared), number, scale, languages, engine, ink=prepared < INK)
    spotted = 0
    if shading is not None and shaded_ink is not None:  # (None together: the second for the type checker)
        words, spotted = spot_in_shading(shaded_ink, shading, rules, words, scale, number, phrases)
    confident = [w.ocr_conf for w in words if w.ocr_conf is not None and any(c.isalnum() for c in w.text)]
    mean = float(np.mean(confident)) if confident else 0.0
    if len(confident) < MIN_READABLE_WORDS or mean < MIN_PAGE_CONFIDENCE:
        # the detector's best guess, however unsure (a fax's noise leaves it unsure), and where it
        # names a quarter turn the other one too: a sideways sheet is one or the other, and reading
        # is what tells them apart (at most two more readings, only of a page that did not read)
        rotate, sure = (guess or orientation_guess(image, engine)) if turn else (0, 0.0)
        tries = [rotate, (rotate + 180) % 360] if rotate in (90, 270) else [rotate] if rotate else []
        found = _read_turned(image, width, height, number, dpi, languages, engine, phrases, steps, tries)
        if found is not None:
            return found
        rotate = tries[0] if tries and sure >= OSD_MIN_CONFIDENCE else 0
        why = f"page appears turned {rotate} degrees" if rotate else "no readable text (noise or an unreadable scan)"
        return OcrPage(PageContent(number, width, height, []), False,
                       [f"page {number}: {why} (OCR read {len(confident)} words, mean confidence "
                        f"{mean:.2f}), not read"])
    # (after the page is known to read: the engine's own confidences say that, not the doubts added here)
    words, marked = doubt_marked_words(words, marks_over_text(rgb, grey, rule_mask, fills, scale), scale)
    content = PageContent(number, width, height, words, rules, fills)
    notes = [f"page {number}: {spotted} status word{'s' if spotted > 1 else ''} in one-bit shading spotted by "
             "shape, not read (flagged ocr_low_confidence)"] if spotted else []
    if marked:
        notes.append(f"page {number}: {marked} word{'s' if marked > 1 else ''} crossed by a stamp or pen mark "
                     "(flagged ocr_low_confidence)")
    return OcrPage(content, True, notes, transforms=steps)


def _read_turned(image: Image.Image, width: float, height: float, number: int, dpi: int, languages: str,
                 engine: str, phrases: tuple[tuple[str, str], ...], steps: list[tuple[str, float]],
                 tries: list[int]) -> OcrPage | None:
    """Given a page image and the turns (degrees clockwise) to try, return the page read at the
    first turn that reads, or None when none does."""
    for rotate in tries:
        upright = image.rotate(-rotate, expand=True, fillcolor=(255, 255, 255))
        size = (height, width) if rotate in (90, 270) else (width, height)
        again = read_scanned(upright, *size, number, dpi, languages, engine, turn=False, phrases=phrases)
        if again.readable:
            return OcrPage(again.content, True, [f"page {number}: fed in turned; read turned {rotate} degrees "
                                                 "clockwise (boxes are on the page turned upright)"], rotate,
                           [*steps, ("turn", rotate), *again.transforms])
    return None


def prepare_for_ocr(rgb: np.ndarray, grey: np.ndarray, rules: np.ndarray, fills: list[Fill],
                    dark_boxes: list[tuple[int, int, int, int]], scale: float) -> np.ndarray:
    """Given a page image and what was found on it, return a clean black-on-white image for Tesseract.

    Rules are erased (with their blurred edges, or OCR reads them as "|"), a fill's own colour
    becomes paper (so "Green" in a green cell is black on white), light text on a dark band
    becomes black on white (white-on-navy titles read like the rest), as does black text on a
    dark cell ("Red" on a red cell copied to dark grey), and the result is
    thresholded, which also drops light grey shading, and cleared of dust.
    """
    prepared = grey.astype(np.int16)
    channels = rgb.astype(np.int16)
    for f in fills:
        x0, y0, x1, y1 = (round(v / scale) for v in (f.x0, f.top, f.x1, f.bottom))
        colour = np.asarray(f.colour) * 255
        near = np.abs(channels[y0:y1, x0:x1] - colour).max(axis=2) < FILL_COLOUR_NEAR
        prepared[y0:y1, x0:x1][near] = 255
    erase = rules.copy()
    for x0, y0, x1, y1 in dark_boxes:
        box = grey[y0:y1, x0:x1]
        if _dark_text(box):
            # black text on a dark cell (a red status cell copied grey): the ink below the cell's shade
            median = float(np.median(box))
            spread = float(np.median(np.abs(box - median)))
            prepared[y0:y1, x0:x1] = np.where(
                box < median - max(BAND_DARK_TEXT_CONTRAST, BAND_DARK_TEXT_NOISE * spread), 0, 255)
            continue
        # light text on the band is what stands out from the band's own shade; a column rule
        # drawn across the band (a shade lighter) is no text, and erasing it would cut a word
        prepared[y0:y1, x0:x1] = np.where(box > np.median(box) + BAND_TEXT_CONTRAST, 0, 255)
        erase[y0:y1, x0:x1] = False
    prepared[erase] = 255
    black = prepared < THRESHOLD
    # specks: a scanner's dust, far smaller than any full stop at this resolution, read as "'" or "."
    labels, count = ndimage.label(black)
    if count:
        sizes = np.bincount(labels.ravel())
        small = sizes <= max(2, int(SPECK_POINTS / scale) ** 2)
        small[0] = False
        black &= ~small[labels]
    return np.where(black, 0, 255).astype(np.uint8)


def _dark_text(box: np.ndarray) -> bool:
    """Is the text on a dark box darker than the box (black on a dark fill) rather than lighter
    (white on navy)? Whichever stands out from the box's shade in more pixels, inside its edges
    (a band's rules are darker than the band and say nothing of its text)."""
    edge = max(BAND_INNER, round(BAND_EDGE_SHARE * min(box.shape)))
    inner = box[edge:-edge, edge:-edge]
    if inner.size == 0:
        return False
    median = float(np.median(inner))
    spread = float(np.median(np.abs(inner - median)))
    light = int((inner > median + BAND_TEXT_CONTRAST).sum())
    dark = int((inner < median - max(BAND_DARK_TEXT_CONTRAST, BAND_DARK_TEXT_NOISE * spread)).sum())
    return dark > light


def mend_lost_lines(grey: np.ndarray, scale: float) -> np.ndarray:
    """Given a page image, return it with the scan lines a fax lost put back: a fax machine that
    drops a line leaves a white streak across the whole sheet, through rules and through the middle
    of a line of text ("Ref Target What have we delivered" read as "andD Linc"). A streak is at most
    ``LOST_LINE_POINTS`` high, has (next to) no ink across the page while the rows either side of it
    have plenty, and the strokes above it go on below it (``LOST_LINE_CARRY``); it is filled where
    the rows either side are both ink. A white space between two lines of text carries no strokes
    across, and inside a ruled table it is never white all across: its rules cross it."""
    ink = grey < INK
    per_row = ink.sum(axis=1)
    width = ink.shape[1]
    empty = per_row <= LOST_LINE_STRAY * width
    tallest = max(1, round(LOST_LINE_POINTS / scale))
    out = None
    row = 1
    while row < len(per_row) - 1:
        if not empty[row] or empty[row - 1]:
            row += 1
            continue
        end = row
        while end < len(per_row) and empty[end]:
            end += 1
        if end - row <= tallest and end < len(per_row):
            above, below = ink[row - 1], ink[end]
            inked = min(int(per_row[row - 1]), int(per_row[end]))
            # a stroke that crosses slightly aslant lands a pixel aside below the streak
            carried = above & (below | np.roll(below, 1) | np.roll(below, -1))
            if inked >= LOST_LINE_INK * width and carried.sum() >= LOST_LINE_CARRY * inked:
                if out is None:
                    out = grey.copy()
                both = above & below
                out[row:end, both] = np.minimum(grey[row - 1, both], grey[end, both])
        row = end
    return grey if out is None else out


def halftone_areas(grey: np.ndarray, scale: float) -> np.ndarray | None:
    """Given a page image, return where it holds one-bit shading (a fax or a one-bit scan prints
    a tinted cell as a scatter of dots): the areas where ink and paper change places far more
    often than in the densest text; None when there is none.

    Only a one-bit page has any: its mid-grey pixels are the edges of black and white, put
    there by rendering, never a smooth area of grey. On a greyscale or colour page a tint is
    smooth and read as a fill.
    """
    mid = (grey > BILEVEL_DARK) & (grey < BILEVEL_LIGHT)
    if mid.mean() > BILEVEL_MID_MOST:
        return None  # (more mid-grey than the edges of any one-bit page make: no need to look closer)
    sample = grey[::2, ::2]  # every other pixel each way tells smooth grey from edges as well, at a quarter the cost
    flat = (ndimage.maximum_filter(sample, 3).astype(np.int16) - ndimage.minimum_filter(sample, 3)) < BILEVEL_FLAT
    if (mid[::2, ::2] & flat).mean() > BILEVEL_MID_SHARE:
        return None
    ink = grey < INK
    changes = np.zeros(ink.shape, dtype=np.float32)  # ink to paper or back, along and across
    changes[:, 1:] += ink[:, 1:] != ink[:, :-1]
    changes[1:, :] += ink[1:, :] != ink[:-1, :]
    density = ndimage.uniform_filter(changes, max(3, int(HALFTONE_WINDOW_POINTS / scale)))
    side = max(MIN_OPENING, int(FILL_MIN_POINTS[1] / scale * OPENING_SHARE))
    areas = _area_opening(density > HALFTONE_CHANGES, side)
    return areas if areas.any() else None


def clear_halftone(grey: np.ndarray, scale: float, areas: np.ndarray | None = None) -> np.ndarray:
    """Given a page image (and its one-bit shading, if already found), return it with the grain
    of the shading cleared, through which OCR reads nothing (a status word in a green cell is
    lost): there only strokes as thick as a letter's are kept, black on white paper. A page
    with no one-bit shading (:func:`halftone_areas`) is returned as it is.
    """
    if areas is None:
        areas = halftone_areas(grey, scale)
        if areas is None:
            return grey
    ink = grey < INK
    stroke = max(2, round(HALFTONE_STROKE_POINTS / scale))
    strokes = _opening(ink, (stroke, stroke)) & areas
    labels, count = ndimage.label(strokes)
    if count:  # clumps of dots thick enough to pass, but far smaller than a letter
        small = np.bincount(labels.ravel()) < int((HALFTONE_CLUMP_POINTS / scale) ** 2)
        small[0] = False
        strokes &= ~small[labels]
    out = grey.copy()
    out[areas] = np.where(strokes[areas], 0, 255)
    return out


def measure_skew(grey: np.ndarray, rgb: np.ndarray | None = None) -> float:
    """Given a page image, return its skew in degrees (positive: turned anticlockwise).

    Text lines and rules of a straight page make the row sums of ink as uneven as they can
    be; the angle that maximises their variance on a reduced image is the skew. Filled areas
    (status cells, dark bands) are left out: their row sums hardly change with the angle and
    would drown the lines. Each angle tried shears the ink pixels' row numbers rather than
    turning the image: a count per row of the ink points, not a resampled page.
    """
    factor = max(1, grey.shape[1] // SKEW_WIDTH)
    small = np.asarray(Image.fromarray(grey).reduce(factor))
    ink = small < INK
    if rgb is not None:
        colourful, band = pixel_kinds(np.asarray(Image.fromarray(rgb).reduce(factor)), small)
        side = max(MIN_OPENING - 1, round(SKEW_FILL_OPENING / factor))
        ink &= ~colourful & ~_opening(band, (side, side))
    ys, xs = np.nonzero(ink)
    if not len(ys):
        return 0.0
    across = xs - ink.shape[1] / 2
    best, best_score = 0.0, -1.0
    coarse, fine = SKEW_STEPS
    for step, reach in ((coarse, SKEW_LIMIT), (fine, coarse)):
        centre = best
        for angle in np.arange(centre - reach, centre + reach + step / 2, step):
            rows = np.round(ys + across * np.tan(np.radians(angle))).astype(np.int64)
            score = float(np.bincount(rows - rows.min()).var())
            if score > best_score:
                best, best_score = float(angle), score
    return round(best, 2)


def pixel_kinds(rgb: np.ndarray, grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Given a page image, return (status-coloured pixels, dark-band pixels).

    A dark band is dark and not strongly coloured (black, dark grey, navy: its white text is
    inverted for OCR); a status colour is coloured and not that dark (green, amber, red).
    """
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]  # channel by channel: a reduction along
    # the last axis of a whole page is several times slower
    saturation = np.maximum(np.maximum(red, green), blue) - np.minimum(np.minimum(red, green), blue)
    band = (grey < DARK) & (saturation < BAND_SATURATION)
    return (saturation > COLOURFUL) & ~band, band


def shaded_areas(grey: np.ndarray, colourful: np.ndarray, scale: float) -> np.ndarray:
    """Given a page image, return the pixels of its mid-grey areas: a greyscale copy's status cells
    and shaded rows, their colour turned to a grey level. Only areas count (an opening drops the
    grey edges of glyphs and rules); their grey names no status."""
    shaded = (grey >= DARK) & (grey < SHADE_LIGHT) & ~colourful
    side = max(MIN_OPENING, int(FILL_MIN_POINTS[1] / scale * OPENING_SHARE))
    return _area_opening(shaded, side)


def find_rules(grey: np.ndarray, scale: float, colourful: np.ndarray,
               band: np.ndarray) -> tuple[list[Rule], np.ndarray]:
    """Given a straightened page image, return its ruling lines (points) and their pixels with
    the blurred edges around them (``RULE_ERASE``): what is erased for OCR and cut between fills.

    Coloured pixels are not ink (a green cell is as dark as a grey line), and solid dark bands
    (a section row's fill) are cut out of the lines found: a column rule that stops at a band
    above and starts again below it must not read as one line through it.
    """
    side = max(MIN_OPENING, int(FILL_MIN_POINTS[1] / scale * OPENING_SHARE))
    bands = _dilate(_area_opening(band, side), MIN_OPENING)
    dark = (grey < DARK + DARK_LINE) & ~colourful
    width = grey.shape[1]
    mask = np.zeros_like(dark)
    rules: list[Rule] = []
    thick = max(2, round(RULE_MAX_POINTS / scale) + 2)
    shortest = SEGMENT_MIN_POINTS / scale
    # a vertical rule may be as short as one header row; no letter is that tall
    for axis, length in ((1, int(width * RULE_MIN_SHARE)), (0, int(VERTICAL_RULE_MIN_POINTS / scale))):
        # long lines first (a band is part of them), then cut where they cross a dark band, and a
        # rule's width back from it along the line: the band's blurred edge (or a row's line
        # along a dark cell's top) runs beside the band and would join a line to it, and the
        # line would be dropped with the band as "a filled cell"
        whole = _opening(dark, (1, length) if axis == 1 else (length, 1)) & ~bands
        lines = whole & ~ndimage.maximum_filter1d(bands, thick, axis=axis)
        labels, _ = ndimage.label(lines)
        for found in ndimage.find_objects(labels):
            if found is None:
                continue
            rows, cols = found
            across = (rows.stop - rows.start) if axis == 1 else (cols.stop - cols.start)
            along = (cols.stop - cols.start) if axis == 1 else (rows.stop - rows.start)
            if across > thick or along < shortest:
                continue  # a dark band or a filled cell, not a line; or a stub left by a band
            # the line found, with the ends cut back from a band given back (up to the band), so
            # that it is drawn and erased whole
            if axis == 1:
                cols = slice(max(0, cols.start - thick), cols.stop + thick)
            else:
                rows = slice(max(0, rows.start - thick), rows.stop + thick)
            piece = whole[rows, cols]
            along_pixels = np.flatnonzero(piece.any(axis=0 if axis == 1 else 1))
            if axis == 1:
                cols = slice(cols.start + along_pixels[0], cols.start + along_pixels[-1] + 1)
            else:
                rows = slice(rows.start + along_pixels[0], rows.start + along_pixels[-1] + 1)
            mask[rows, cols] |= whole[rows, cols]
            rules.append(Rule(cols.start * scale, rows.start * scale, cols.stop * scale, rows.stop * scale))
    return rules, _dilate(mask, RULE_ERASE)


def find_fills(rgb: np.ndarray, colourful: np.ndarray, band: np.ndarray, scale: float, rules: np.ndarray,
               row_rules: list[Rule]) -> tuple[list[Fill], list[tuple[int, int, int, int]]]:
    """Given a page image and its rules' pixels (with their edges), return its coloured and dark fills (points) and
    the dark bands' pixel boxes.

    JPEG compression smears a cell's colour over the thin rule between two filled cells, so
    the rules (with their edges) are cut out of the masks before regions are found, and each
    horizontal rule is cut right across the page: where the smear hid it between two
    coloured cells, the rest of the line still shows where one row ends.
    """
    cut = rules.copy()
    for rule in row_rules:
        middle = int((rule.top + rule.bottom) / 2 / scale)
        cut[max(0, middle - ROW_CUT):middle + ROW_CUT + 1, :] = True
    apart = ~cut
    colourful = colourful & apart
    dark = band & apart
    min_w, min_h = FILL_MIN_POINTS[0] / scale, FILL_MIN_POINTS[1] / scale
    fills: list[Fill] = []
    dark_boxes: list[tuple[int, int, int, int]] = []
    for mask, is_dark in ((colourful, False), (dark, True)):
        # an opening keeps solid regions and drops text strokes; the rules between two filled
        # cells are not part of either, so neighbouring cells stay apart
        side = max(MIN_OPENING, int(min_h * OPENING_SHARE))
        labels, _ = ndimage.label(_area_opening(mask, side))
        for index, found in enumerate(ndimage.find_objects(labels), 1):
            if found is None:
                continue
            for rows, cols in _solid_parts(labels[found] == index, found):
                h, w = rows.stop - rows.start, cols.stop - cols.start
                if w < min_w or h < min_h:
                    continue
                pixels = rgb[rows, cols][mask[rows, cols]]
                if len(pixels) == 0:
                    continue
                colour = tuple(float(v) / 255 for v in np.median(pixels, axis=0))
                fills.append(Fill(cols.start * scale, rows.start * scale, cols.stop * scale, rows.stop * scale,
                                  (colour[0], colour[1], colour[2])))
                if is_dark:
                    dark_boxes.append((cols.start, rows.start, cols.stop, rows.stop))
    return fills, dark_boxes


def _along_dark_cells(boxes: list[tuple[int, int, int, int]], rules: list[Rule], scale: float) -> list[Rule]:
    """A row's rule that runs into a dark cell (a red status cell copied to dark grey) is lost
    along the cell's edge, as dark as the cell; without it the column reads as one cell merged
    over the rows above and below. Where a horizontal rule ends at a dark box's side (or starts at
    it) level with the box's top or bottom edge, the rule goes on along that edge."""
    out = []
    near = CELL_EDGE_NEAR
    for x0, y0, x1, y1 in boxes:
        left, right = x0 * scale, x1 * scale
        for edge in (y0 * scale, y1 * scale):
            meets = any(abs((r.top + r.bottom) / 2 - edge) <= near
                        and (abs(r.x1 - left) <= near or abs(r.x0 - right) <= near) for r in rules)
            if meets:
                out.append(Rule(left, edge - BAND_EDGE / 2, right, edge + BAND_EDGE / 2))
    return out


def _between_stacked(boxes: list[tuple[int, int, int, int]], scale: float) -> list[Rule]:
    """Rules between dark fills stacked one on another (dark status cells down a column): the line
    between two such cells is as dark as they are, so it is lost with them, and without it the
    column would read as one cell merged over all their rows."""
    rules = []
    by_top = sorted(boxes, key=lambda b: b[1])
    tops = [b[1] for b in by_top]
    for x0, _, x1, y1 in boxes:  # only the boxes whose tops lie just under this one's bottom
        start = bisect.bisect_left(tops, y1)
        for u0, v0, u1, _ in by_top[start:bisect.bisect_right(tops, y1 + STACKED_GAP / scale)]:
            overlap = min(x1, u1) - max(x0, u0)
            if 0 <= v0 - y1 <= STACKED_GAP / scale and overlap >= STACKED_OVERLAP * min(x1 - x0, u1 - u0):
                middle = (y1 + v0) / 2 * scale
                rules.append(Rule(max(x0, u0) * scale, middle - BAND_EDGE / 2, min(x1, u1) * scale,
                                  middle + BAND_EDGE / 2))
    return rules


def _solid_parts(region: np.ndarray, where: tuple[slice, slice], depth: int = 0) -> list[tuple[slice, slice]]:
    """Given a region of fill (its mask within its bounding box, and where that box is), return
    its solid rectangles: the region itself when solid; else its runs of rows (or columns) that
    fill the region's width (height), each a rectangle, and the rest split again. Two fills
    that touch with no rule found between them (a dark section band over the first row's dark
    status cell) make one region shaped like an L or a T; each of its rectangles is a fill,
    light text on it notwithstanding (a row of the band with a word in it is still mostly band).
    """
    if region.mean() >= SOLID_SHARE:
        return [where]
    if depth >= SPLIT_DEPTH:
        return []
    for axis in (1, 0):  # rows first: bands and cells stack more often than they stand side by side
        full = region.mean(axis=axis) >= SOLID_SHARE
        if not full.any() or full.all():
            continue
        parts: list[tuple[slice, slice]] = []
        edges = np.flatnonzero(np.diff(full.astype(np.int8))) + 1
        for a, b in zip([0, *edges], [*edges, len(full)]):
            run = slice(where[1 - axis].start + a, where[1 - axis].start + b)
            if full[a]:
                parts.append((run, where[1]) if axis == 1 else (where[0], run))
                continue
            rest = region[a:b] if axis == 1 else region[:, a:b]
            ys, xs = np.flatnonzero(rest.any(axis=1)), np.flatnonzero(rest.any(axis=0))
            if not len(ys):
                continue
            inner = rest[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1]
            top = (run.start if axis == 1 else where[0].start) + ys[0]
            left = (where[1].start if axis == 1 else run.start) + xs[0]
            parts += _solid_parts(inner, (slice(top, top + inner.shape[0]), slice(left, left + inner.shape[1])),
                                  depth + 1)
        return parts
    return []


def _area_opening(mask: np.ndarray, side: int) -> np.ndarray:
    """Binary opening by a square, for areas (fills, bands, shading), exactly as ``_opening``
    but mostly on a quarter of the pixels. Any square of ``side`` pixels in the mask holds a
    square of nearly ``side // 2`` of its every-other pixels, so an opening of those finds
    every place a full-size square can be (text strokes, the bulk of a page's ink, never
    pass); the full-size opening is then made only around those places."""
    half_side = side // 2 - 1  # (one less: an even window is off centre by a pixel, at either scale)
    if half_side < MIN_OPENING:
        return _opening(mask, (side, side))
    candidates = _opening(mask[::2, ::2], (half_side, half_side))
    out = np.zeros_like(mask)
    if not candidates.any():
        return out
    margin = 2 * side + 2  # a crop's opening is exact this far in from where the crop cuts the page
    height, width = mask.shape
    labels, _ = ndimage.label(_dilate(candidates, 5))
    for rows, cols in (f for f in ndimage.find_objects(labels) if f is not None):
        top, bottom, left, right = 2 * rows.start, min(height, 2 * rows.stop), 2 * cols.start, min(width, 2 * cols.stop)
        y0, y1 = max(0, top - margin), min(height, bottom + margin)
        x0, x1 = max(0, left - margin), min(width, right + margin)
        opened = _opening(mask[y0:y1, x0:x1], (side, side))
        out[top:bottom, left:right] |= opened[top - y0:bottom - y0, left - x0:right - x0]
    return out


def _dilate(mask: np.ndarray, size: int) -> np.ndarray:
    """Binary dilation by a square of ``size`` pixels (odd), exactly as
    ``ndimage.maximum_filter(mask, size)``, as shifted ORs: for the few pixels a rule is widened
    by, several times faster than the filter on a whole page."""
    out = mask.copy()
    for d in range(1, size // 2 + 1):
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    across = out.copy()
    for d in range(1, size // 2 + 1):
        out[d:] |= across[:-d]
        out[:-d] |= across[d:]
    return out


def _opening(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Binary opening by a rectangle, as separable running minima then maxima (fast for long rules)."""
    out = mask.astype(np.uint8)
    for axis, length in enumerate(size):
        if length > 1:
            out = ndimage.minimum_filter1d(out, length, axis=axis)
    for axis, length in enumerate(size):
        if length > 1:
            out = ndimage.maximum_filter1d(out, length, axis=axis)
    return out.astype(bool)


def read_words(image: Image.Image, number: int, scale: float, languages: str, engine: str,
               ink: np.ndarray) -> list[Word]:
    """Given a prepared page image, return its words as the engine read them (Tesseract's TSV
    rows, whatever the engine), in points, with confidences; words the page layout passed over
    are read again from the ink no word covers."""
    rows = recognise(image, languages, engine)
    rows += reread_missed(image, ink, rows, languages, engine)
    thick_ink = ndimage.binary_erosion(ink, structure=np.ones((3, 3), dtype=bool), iterations=BOLD_EROSION)
    found: list[tuple[Word, float]] = []
    heights = []
    middles: dict[tuple[str, str, str], float] = {}  # Tesseract's line: the middle of all its words' ink
    for r in rows:
        if r.get("level") == "4":
            middles[r["block_num"], r["par_num"], r["line_num"]] = (int(r["top"]) + int(r["height"]) / 2) * scale
        if r.get("level") != "5" or not (r.get("text") or "").strip():
            continue
        text, conf = r["text"].strip().translate(QUOTES), max(0.0, min(1.0, float(r["conf"]) / 100))
        if text == "\u2014":
            text = "\u2013"  # a dash standing alone between words is a spaced en dash (British usage)
        if (conf < JUNK_CONFIDENCE and not any(c.isalnum() for c in text)) or RULE_GLYPHS.match(text) \
                or (len(text) == 1 and conf < SPECK_CONFIDENCE):
            continue  # specks and rule ends read as punctuation, or as one letter the engine hardly believes
        left, top, w, h = int(r["left"]), int(r["top"]), int(r["width"]), int(r["height"])
        ink_here = ink[top:top + h, left:left + w].sum()
        stroke = float(thick_ink[top:top + h, left:left + w].sum()) / ink_here if ink_here else 0.0
        heights.append(h)
        middle = middles.get((r["block_num"], r["par_num"], r["line_num"]), (top + h / 2) * scale)
        found.append((Word(text, left * scale, middle, (left + w) * scale, middle,
                           page=number, ocr_conf=conf), stroke))
    if not found:
        return []
    # Tesseract's boxes hug the glyphs, so sizes vary with the letters; one body size per page
    # (a word box is about 0.8 of its type size) serves the finder's gap rules better
    typical_h = float(np.median(heights)) * scale
    size = float(int(typical_h / BOX_TO_TYPE + 0.5))  # whole points: the estimate wavers by half a point
    strokes = sorted(d for _, d in found)
    typical = strokes[len(strokes) // 2]
    # a word's box hugs its letters ("and", "support" sit lower than "Target"), which scatters the
    # words of one line over several tops; a box of the page's typical height around the middle of
    # the line Tesseract read the word in keeps a line together and its lines apart
    return [Word(w.text, w.x0, w.top - typical_h / 2, w.x1, w.top + typical_h / 2,
                 page=w.page, size=size, bold=d > max(BOLD_STROKE, BOLD_DENSITY * typical), ocr_conf=w.ocr_conf)
            for w, d in found]
