"""Stamps and pen strokes over a scanned page's text: the words they cross are doubted."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from trackrecord.extract.model import Fill, Word
from trackrecord.extract.pdf.marks import MARKED_CONFIDENCE, STEP, doubt_marked_words, marks_over_text

SCALE = 72 / 300  # points a pixel at 300 dpi


def _word(text: str, x: int, y: int, draw: ImageDraw.ImageDraw) -> Word:
    """Draw a word at pixel (x, y) and return it as read, in points, at confidence 0.96."""
    x0, y0, x1, y1 = draw.textbbox((x, y), text, font_size=40)
    draw.text((x, y), text, fill=(0, 0, 0), font_size=40)
    return Word(text, x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE, 1, ocr_conf=0.96)


def _page() -> tuple[Image.Image, list[Word], list[Fill]]:
    """Black words on a line, one crossed by a red stroke; a word in red ink standing alone; a
    green fill holding a black word; a blue tick in the margin touching nothing."""
    image = Image.new("RGB", (1400, 700), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    fill = (100, 520, 500, 620)
    draw.rectangle(fill, fill=(120, 200, 120))
    words = [_word("office", 100, 100, draw), _word("withdrawing", 300, 100, draw), _word("support", 700, 100, draw),
             _word("Overdue", 100, 300, draw), _word("Green", 150, 540, draw)]
    draw.text((700, 300), "Overdue", fill=(200, 20, 30), font_size=40)  # coloured text, not a mark
    draw.line([(380, 60), (470, 180)], fill=(170, 30, 40), width=8)  # the stamp's frame across "withdrawing"
    draw.line([(1200, 400), (1230, 440), (1290, 360)], fill=(20, 40, 140), width=6)  # a tick on blank paper
    fills = [Fill(*(v * SCALE for v in fill), (120 / 255, 200 / 255, 120 / 255))]
    return image, words, fills


def test_a_word_a_stamp_crosses_is_doubted_and_coloured_text_is_not_a_mark() -> None:
    image, words, fills = _page()
    rgb = np.asarray(image)
    grey = np.asarray(image.convert("L"))
    marks = marks_over_text(rgb, grey, np.zeros(grey.shape, dtype=bool), fills, SCALE)
    assert marks is not None
    out, doubted = doubt_marked_words(words, marks, SCALE)
    assert doubted == 1
    assert [w.text for w in out if w.ocr_conf == MARKED_CONFIDENCE] == ["withdrawing"]
    assert [w.text for w in out] == [w.text for w in words]  # words are doubted, never changed


def test_a_page_without_marks_doubts_nothing() -> None:
    """The same page without the stroke: red text standing alone, a fill, a tick on blank paper."""
    image, words, fills = _page()
    draw = ImageDraw.Draw(image)
    draw.line([(380, 60), (470, 180)], fill=(255, 255, 255), width=8)
    _word("withdrawing", 300, 100, draw)  # (the letters the white line cut, drawn again)
    rgb = np.asarray(image)
    grey = np.asarray(image.convert("L"))
    assert marks_over_text(rgb, grey, np.zeros(grey.shape, dtype=bool), fills, SCALE) is None
    assert doubt_marked_words(words, None, SCALE) == (words, 0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 380), st.integers(0, 180), st.integers(1, 60), st.integers(1, 60),
                          st.sampled_from([(0, 0, 0), (200, 20, 30), (20, 40, 140), (255, 240, 200)])),
                max_size=15))
def test_marks_lie_on_coloured_ink_only(blots: list[tuple[int, int, int, int, tuple[int, int, int]]]) -> None:
    """Whatever is drawn, a mark is coloured ink (never black ink, paper or a yellowed tint)."""
    image = Image.new("RGB", (400, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for x, y, w, h, colour in blots:
        draw.rectangle((x, y, x + w, y + h), fill=colour)
    rgb = np.asarray(image)
    grey = np.asarray(image.convert("L"))
    marks = marks_over_text(rgb, grey, np.zeros(grey.shape, dtype=bool), [], SCALE)
    if marks is not None:
        small = rgb[::STEP, ::STEP].astype(int)
        assert (small.max(axis=2) - small.min(axis=2))[marks].min() > 45
        assert grey[::STEP, ::STEP][marks].max() < 150
