"""Digital PDF reader: positioned words, ruling lines and filled rectangles, via pdfium.

Why pypdfium2 and not pdfplumber for reading: on the samples pdfium reads characters many
times faster than pdfminer (see ``bench/``), and it gives everything the table finder needs
(character boxes, font names, path objects with fill colours). Coordinates are converted to
pdfplumber's top-left origin, which the output contract uses.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import UnreadableDocument
from ..model import Fill, PageContent, Rule, Word

PDF_MAGIC = b"%PDF-"
RULE_MAX_THICKNESS = 2.5  # a filled or stroked path thinner than this is a ruling line
FILL_MIN_SIZE = 4.0  # a filled path smaller than this in both directions is decoration
WORD_GAP_FACTOR = 0.22  # a gap wider than this share of the font size starts a new word
FLAG_ITALIC = 0x40
FLAG_FORCE_BOLD = 0x40000


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Given a path, return the open pdfium document, or raise UnreadableDocument saying why."""
    data = path.read_bytes()
    if not data.lstrip()[:5].startswith(PDF_MAGIC):
        raise UnreadableDocument(path, f"not a PDF (starts with {data[:8]!r})")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableDocument(path, "encrypted PDF (a password is needed to read it)") from exc
        detail = message.split("pdfium:")[-1].strip(" .)") if "pdfium:" in message else message
        raise UnreadableDocument(path, f"damaged or truncated PDF (pdfium: {detail})") from exc
    if len(pdf) == 0:
        raise UnreadableDocument(path, "PDF has no pages")
    if b"%%EOF" not in data[-2048:]:
        # pdfium rebuilds a missing cross-reference table silently; a file cut short may still
        # open, with its last pages or objects gone. Refuse rather than emit part of a report.
        raise UnreadableDocument(path, "truncated PDF (no end-of-file marker)")
    return pdf


def read_pdf(path: Path) -> list[PageContent]:
    """Given a PDF path, return its pages as positioned words, rules and fills."""
    pdf = open_pdf(path)
    try:
        return [read_page(pdf[i], i + 1) for i in range(len(pdf))]
    finally:
        pdf.close()


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    """Given a pdfium page, return its content in top-left coordinates."""
    height = page.get_height()
    width = page.get_width()
    words = _words(page, number, height)
    rules, fills = _paths(page, height)
    return PageContent(number=number, width=width, height=height, words=words, rules=rules,
                       fills=fills)


def _words(page: pdfium.PdfPage, number: int, height: float) -> list[Word]:
    textpage = page.get_textpage()
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    rect = pdfium_c.FS_RECTF()
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    font_cache: dict[int, tuple[bool, bool]] = {}
    words: list[Word] = []
    chars: list[tuple[str, float, float, float, float, float, bool, bool]] = []

    def flush() -> None:
        if chars:
            text = "".join(c[0] for c in chars)
            words.append(Word(text=text, x0=min(c[1] for c in chars), top=min(c[2] for c in chars),
                              x1=max(c[3] for c in chars), bottom=max(c[4] for c in chars),
                              page=number, size=max(c[5] for c in chars),
                              bold=sum(c[6] for c in chars) * 2 > len(chars),
                              italic=sum(c[7] for c in chars) * 2 > len(chars)))
            chars.clear()

    for i in range(n):
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        ch = chr(code) if code else ""
        if not ch or ch.isspace():
            flush()
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
        x0, x1 = rect.left, rect.right
        top, bottom = height - rect.top, height - rect.bottom
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        obj = pdfium_c.FPDFText_GetTextObject(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        style = font_cache.get(key)
        if style is None:
            pdfium_c.FPDFText_GetFontInfo(tp, i, buf, len(buf), ctypes.byref(flags))
            name = buf.value.decode("latin-1").lower()
            style = (any(s in name for s in ("bold", "black", "heavy", "semibold")) or
                     bool(flags.value & FLAG_FORCE_BOLD),
                     "italic" in name or "oblique" in name or bool(flags.value & FLAG_ITALIC))
            font_cache[key] = style
        if chars:
            prev = chars[-1]
            gap = x0 - prev[3]
            if gap > WORD_GAP_FACTOR * max(size, prev[5]) or gap < -size or abs(top - prev[2]) > 0.5 * size:
                flush()
        chars.append((ch, x0, top, x1, bottom, size, style[0], style[1]))
    flush()
    textpage.close()
    return words


def _paths(page: pdfium.PdfPage, height: float) -> tuple[list[Rule], list[Fill]]:
    rules: list[Rule] = []
    fills: list[Fill] = []
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        x0, x1, t, btm = left, right, height - top, height - bottom
        w, h = x1 - x0, btm - t
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
        filled = fill_mode.value != 0
        if min(w, h) <= RULE_MAX_THICKNESS and max(w, h) > FILL_MIN_SIZE:
            if stroke.value or filled:
                rules.append(Rule(x0, t, x1, btm))
            continue
        if filled and w >= FILL_MIN_SIZE and h >= FILL_MIN_SIZE:
            pdfium_c.FPDFPageObj_GetFillColor(obj.raw, ctypes.byref(r), ctypes.byref(g),
                                              ctypes.byref(b), ctypes.byref(a))
            if a.value > 0:
                fills.append(Fill(x0, t, x1, btm, (r.value / 255, g.value / 255, b.value / 255)))
        elif stroke.value and not filled:
            # a stroked rectangle: its four edges are rules
            rules.extend([Rule(x0, t, x1, t), Rule(x0, btm, x1, btm), Rule(x0, t, x0, btm),
                          Rule(x1, t, x1, btm)])
    return rules, fills
