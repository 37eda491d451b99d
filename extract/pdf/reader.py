"""Digital PDF reader: positioned words, ruling lines and filled rectangles, via pdfium.

Why pypdfium2 and not pdfplumber for reading: on the samples pdfium reads characters many
times faster than pdfminer (see ``bench/``), and it gives everything the table finder needs
(character boxes, font names, path objects with fill colours). Coordinates are converted to
pdfplumber's top-left origin, which the output contract uses.
"""

from __future__ import annotations

import ctypes
import dataclasses
import math
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import ExtractionError, LimitExceeded, UnreadableDocument
from ..fields.status import STATUS_PHRASES
from ..model import RGB, Fill, PageContent, Rule, Word
from ..settings import MAX_PAGE_OBJECTS, MAX_PAGE_PIXELS, MAX_STREAM_MB, OCR_DPI
from .limits import MB, oversized_stream

if TYPE_CHECKING:
    from PIL import Image

    from .ocr import OcrPage

PDF_MAGIC = b"%PDF-"
RULE_MAX_THICKNESS = 2.5  # a filled or stroked path thinner than this is a ruling line
FILL_MIN_SIZE = 4.0  # a filled path smaller than this in both directions is decoration
WORD_GAP_FACTOR = 0.12  # × font size: a wider gap starts a new word (a word's glyphs touch; a space is 0.2-0.3 em)
FLAG_ITALIC = 0x40
MAX_FORM_DEPTH = 3
MIN_TEXT_LAYER_CHARS = 20  # a page with fewer characters in its text layer is treated as a scan
THIN_TEXT_LAYER_WORDS = 40  # a page with fewer words (a title, a footer) may hold its table as a picture
PICTURE_MIN_SHARE = 0.25  # ... in an image covering at least this share of the page
POINTS_PER_INCH = 72.0
OCR_THREADS = 2  # scanned pages read at once
WORD = re.compile(r"\S+")
SAME_LINE = 0.5  # × type size: glyphs whose tops differ by more are on different lines
EOF_TAIL = 2048  # bytes: a whole PDF ends with %%EOF within this much of its end
FONT_NAME_BYTES = 256  # room for a font's name as pdfium writes it
#: pdfium's marks for a hyphen that ends a line (U+FFFE in page text, 0x02 per character); the page shows "-"
PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})
OCR_LAYER_SHARE = 0.9  # a page with this share of its words invisible carries an OCR layer over a scan
DARK_INK = 0.25  # ink darker than this in every channel is seen on any light fill (no need to look behind)
CLIP_SLACK = 1.0  # points: a glyph this far outside its clip box still shows
TOUCH_GAP = 0.05  # × type size: glyphs this close are one word whatever space pdfium put between them
SPLIT_MIN_WORDS = 20  # a page with at least this many words, ...
SPLIT_SHARE = 0.6  # ... more than this share of them one glyph long, is read glyph by glyph
INK_LIKE_BACKGROUND = 0.06  # ink within this of what lies behind it (each channel, 0..1) cannot be seen
PAPER: RGB = (1.0, 1.0, 1.0)
FLAG_FORCE_BOLD = 0x40000


def looks_like_pdf(head: bytes) -> bool:
    """Given the first bytes of a file, is it a PDF (its magic number, after any white space)?"""
    return head.lstrip().startswith(PDF_MAGIC)


def open_pdf(path: Path, max_stream_mb: int = MAX_STREAM_MB) -> pdfium.PdfDocument:
    """Given a path, return the open pdfium document, or raise UnreadableDocument saying why.

    Its compressed streams are measured before pdfium sees them (:mod:`.limits`): one that
    inflates beyond ``max_stream_mb`` refuses the file (0: no limit).
    """
    data = path.read_bytes()
    if not looks_like_pdf(data):
        raise UnreadableDocument(path, f"not a PDF (starts with {data[:8]!r})")
    if max_stream_mb:
        oversized = oversized_stream(data, max_stream_mb * MB)
        if oversized:
            raise LimitExceeded(path, f"a compressed stream (at byte {oversized[0]}) inflates beyond "
                                           f"{max_stream_mb} MB (limit: max_stream_mb)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableDocument(path, "encrypted PDF (a password is needed to read it)") from exc
        detail = message.split("pdfium:")[-1].strip(" .)") if "pdfium:" in message else message
        if detail == "success":  # pdfium refuses a document with no page tree it can follow, and says no more
            raise UnreadableDocument(path, "PDF has no pages (no page tree pdfium can follow)") from exc
        raise UnreadableDocument(path, f"damaged or truncated PDF (pdfium: {detail})") from exc
    if len(pdf) == 0:
        raise UnreadableDocument(path, "PDF has no pages")
    if b"%%EOF" not in data[-EOF_TAIL:]:
        # pdfium rebuilds a missing cross-reference table silently; a file cut short may still
        # open, with its last pages or objects gone. Refuse rather than emit part of a report.
        raise UnreadableDocument(path, "truncated PDF (no end-of-file marker)")
    return pdf


class PdfPages:
    """A PDF's pages, read one at a time: digital pages by pdfium, scanned ones by OCR.

    Iterate to get each page's :class:`PageContent`; as it goes it records which pages were
    OCR'd (``ocr_pages``), which were digital, and what could not be read
    (``warnings``), for the document's provenance. ``count`` is the number of pages.
    """

    def __init__(self, pdf: pdfium.PdfDocument, ocr_dpi: int, languages: str, engine: str = "",
                 path: Path | None = None, max_page_objects: int = MAX_PAGE_OBJECTS,
                 max_page_pixels: int = MAX_PAGE_PIXELS, phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) -> None:
        self.pdf = pdf
        self.phrases = phrases  # status phrases, spotted by shape in a fax's shading as the status words are
        self.path = path or Path("<pdf>")
        self.max_page_objects = max_page_objects
        self.max_page_pixels = max_page_pixels
        self.count = len(pdf)
        self.ocr_dpi = ocr_dpi
        self.languages = languages
        self.engine = engine  # "" until a scanned page needs one: then the setting, or the best installed
        self.ocr_pages: list[int] = []
        self.turned_pages: list[int] = []  # scanned pages fed in turned, read turned upright
        self.transforms: dict[int, list[tuple[str, float]]] = {}  # scanned pages straightened or turned to be read
        self.digital_pages: list[int] = []
        self.warnings: list[str] = []

    def __iter__(self) -> Iterator[PageContent]:
        """Pages in order. Scanned pages are rendered here (pdfium is single-threaded) and read in
        worker threads a few pages ahead: the OCR engine releases the lock (or runs as a program)
        and numpy does too, so two scanned pages are read at once on two cores."""
        pending: deque[tuple[int, PageContent | _Scanning]] = deque()
        try:
            with ThreadPoolExecutor(max_workers=OCR_THREADS) as pool:
                for i in range(len(self.pdf)):
                    pending.append((i + 1, self._read(i, pool)))
                    while len(pending) > OCR_THREADS or (pending and isinstance(pending[0][1], PageContent)):
                        yield self._settle(*pending.popleft())
                while pending:
                    yield self._settle(*pending.popleft())
        finally:
            self.pdf.close()

    def _read(self, index: int, pool: ThreadPoolExecutor) -> PageContent | _Scanning:
        """A page's content now (digital), or its OCR under way: a scan, or a page whose text layer
        is thin (a title, a footer) beside a large picture with no text of its own (a pasted
        table), whose picture is read by OCR and merged with the text layer around it."""
        try:
            page = self.pdf[index]
        except pdfium.PdfiumError:
            raise UnreadableDocument(self.path, f"page {index + 1} cannot be loaded (a damaged or looping "
                                                "page tree)") from None
        try:
            try:
                content = read_page(page, index + 1, self.max_page_objects)
            except OverLimit as exc:
                raise LimitExceeded(self.path, str(exc)) from None
            pictures = _pictures(page, Display(page)) if len(content.words) < THIN_TEXT_LAYER_WORDS else []
            if sum(len(w.text) for w in content.words) < MIN_TEXT_LAYER_CHARS and _has_image(page):
                kept = None  # a scan: the whole page is read by OCR
            else:
                inside = [w for w in content.words if _within(w, pictures)]
                if not pictures or sum(len(w.text) for w in inside) >= MIN_TEXT_LAYER_CHARS:
                    if content.words:
                        self.digital_pages.append(index + 1)
                    return content  # a digital page, or an empty one with nothing to OCR
                kept = PageContent(content.number, content.width, content.height,
                                   [w for w in content.words if not _within(w, pictures)],
                                   [r for r in content.rules if not _within(r, pictures)],
                                   [f for f in content.fills if not _within(f, pictures)])
            from . import engines  # only when a page needs OCR
            from .ocr import capped_dpi, read_scanned, render

            self.engine = self.engine or engines.available()
            try:
                engines.check(self.engine)  # fail at once, with how to install it, rather than in a thread
            except UnreadableDocument as exc:  # a setting's engine missing: the file is not at fault
                raise ExtractionError(self.path, exc.reason) from None
            dpi = capped_dpi(page, self.ocr_dpi, self.max_page_pixels)
            if dpi < self.ocr_dpi:
                self.warnings.append(f"page {index + 1}: read by OCR at {dpi} dpi, not {self.ocr_dpi}: at "
                                     f"{self.ocr_dpi} dpi the page would be over {self.max_page_pixels:,} pixels "
                                     "(limit: max_page_pixels)")
            image, width, height = render(page, dpi)
            if kept is not None:
                image = _only(image, pictures, dpi / POINTS_PER_INCH)
            return _Scanning(pool.submit(read_scanned, image, width, height, index + 1, dpi,
                                         self.languages, self.engine, phrases=self.phrases), kept)
        finally:
            page.close()

    def _settle(self, number: int, item: PageContent | _Scanning) -> PageContent:
        if isinstance(item, PageContent):
            return item
        try:
            scanned = item.future.result()
        except ExtractionError as exc:
            raise ExtractionError(self.path, f"page {number}: {exc.reason}") from None
        except (OSError, RuntimeError, ValueError) as exc:  # the OCR engine failed (a program, a library)
            raise ExtractionError(self.path, f"page {number}: OCR failed ({type(exc).__name__}: "
                                                f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''})"
                                     ) from None
        if item.kept is not None:
            if not scanned.readable:
                self.warnings.append(f"page {number}: a picture on the page was read by OCR and held no "
                                     "readable text")
                self.digital_pages.append(number)
                return item.kept
            self.digital_pages.append(number)
            self.ocr_pages.append(number)
            self.warnings.append(f"page {number}: the table is a picture on a digital page; read by OCR "
                                 "and merged with the page's text layer")
            return PageContent(number, item.kept.width, item.kept.height,
                               sorted([*item.kept.words, *scanned.content.words], key=lambda w: (w.top, w.x0)),
                               [*item.kept.rules, *scanned.content.rules], [*item.kept.fills, *scanned.content.fills])
        self.warnings += scanned.warnings
        if scanned.readable:
            self.ocr_pages.append(number)
            if scanned.turned:
                self.turned_pages.append(number)
            if scanned.transforms:
                self.transforms[number] = scanned.transforms
        return scanned.content


@dataclass
class _Scanning:
    """A page being read by OCR, and what its text layer keeps beside the OCR'd picture (None: a scan)."""

    future: Future[OcrPage]
    kept: PageContent | None


def read_pdf(path: Path, ocr_dpi: int = OCR_DPI, languages: str = "eng", engine: str = "",
             max_stream_mb: int = MAX_STREAM_MB, max_page_objects: int = MAX_PAGE_OBJECTS,
             max_page_pixels: int = MAX_PAGE_PIXELS,
             phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES) -> PdfPages:
    """Given a PDF path, return its pages, to be read one at a time as positioned words, rules and fills.

    The file is opened and checked before the first page is asked for, so a bad file fails at
    once; pages are read lazily so that a long report never holds every page's drawing at once.
    A page without a text layer but with an image (a scan) is read by OCR at ``ocr_dpi``, by
    ``engine`` (one of ``engines.ENGINES``; "" for the best one installed). The limits are the
    settings of the same names (:class:`~..settings.ExtractSettings`); 0 is no limit. ``phrases``
    is the setting ``status_phrases``: what a scan's shaded status cells may say.
    """
    pdf = open_pdf(path, max_stream_mb)
    return PdfPages(pdf, ocr_dpi, languages, engine, path, max_page_objects, max_page_pixels, phrases)


def _pictures(page: pdfium.PdfPage, display: Display) -> list[Box]:
    """The boxes (as shown) of the page's images that cover at least ``PICTURE_MIN_SHARE`` of it."""
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    area = display.width * display.height
    boxes = []
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, t, x1, b = display.box(left.value, bottom.value, right.value, top.value)
        x0, t, x1, b = max(0.0, x0), max(0.0, t), min(display.width, x1), min(display.height, b)
        if x1 > x0 and b > t and (x1 - x0) * (b - t) >= PICTURE_MIN_SHARE * area:
            boxes.append((x0, t, x1, b))
    return boxes


def _within(item: Word | Rule | Fill, boxes: list[Box]) -> bool:
    x, y = (item.x0 + item.x1) / 2, (item.top + item.bottom) / 2
    return any(x0 <= x <= x1 and t <= y <= b for x0, t, x1, b in boxes)


def _only(image: Image.Image, boxes: list[Box], scale: float) -> Image.Image:
    """The page image with everything outside ``boxes`` (points) made paper: the text layer's own
    words there are read from the layer, not again by OCR."""
    from PIL import Image

    out = Image.new("RGB", image.size, (255, 255, 255))
    for x0, t, x1, b in boxes:
        left, top = round(x0 * scale), round(t * scale)
        out.paste(image.crop((left, top, round(x1 * scale), round(b * scale))), (left, top))
    return out


def _has_image(page: pdfium.PdfPage) -> bool:
    raw = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for i in range(pdfium_c.FPDFPage_CountObjects(raw)))


Box = tuple[float, float, float, float]


class Display:
    """Maps page-space boxes (PDF points, origin bottom-left, unrotated) to the page as shown.

    The output contract's boxes are as a person sees the page: origin at the top-left of the
    crop box, after the page's /Rotate. pdfium reports characters and paths in unrotated
    page space, so a landscape table on a portrait page turned by /Rotate 90 needs this.
    """

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom = left, bottom
        self.w, self.h = right - left, top - bottom
        self.rotation = page.get_rotation() % 360
        turned = self.rotation in (90, 270)
        self.width, self.height = (self.h, self.w) if turned else (self.w, self.h)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """Given a page-space box (left, bottom, right, top), return (x0, top, x1, bottom) as shown."""
        x0, x1, y0, y1 = x0 - self.left, x1 - self.left, y0 - self.bottom, y1 - self.bottom
        if self.rotation == 90:
            return (y0, x0, y1, x1)
        if self.rotation == 180:
            return (self.w - x1, y0, self.w - x0, y1)
        if self.rotation == 270:
            return (self.h - y1, self.w - x1, self.h - y0, self.w - x0)
        return (x0, self.h - y1, x1, self.h - y0)


class OverLimit(Exception):
    """A page holds more than a limit allows; the message names the page and the limit."""


def read_page(page: pdfium.PdfPage, number: int, max_objects: int = 0) -> PageContent:
    """Given a pdfium page, return its content as shown: top-left origin, rotation applied.

    :param max_objects: the most objects (text, paths, pictures, inside forms too) the page may
        hold, 0 for no limit
    :raises OverLimit: the page holds more
    """
    display = Display(page)
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if max_objects and count > max_objects:
        raise OverLimit(f"page {number} holds {count:,} objects, more than {max_objects:,} (limit: max_page_objects)")
    inked = _words(page, number, display)
    rules, fills = _paths(page, display, number, max_objects)
    return PageContent(number=number, width=display.width, height=display.height,
                       words=_mark_hidden(inked, fills), rules=rules, fills=fills)


Inked = tuple[Word, RGB | None, bool]  # a word, its ink colour, and whether it is drawn invisibly


def _mark_hidden(inked: list[Inked], fills: list[Fill]) -> list[Word]:
    """Given words with their ink, return them with ``hidden`` set where the page does not show them.

    A word is hidden when it is drawn in invisible mode, or in the colour of what lies behind it
    (the topmost fill under it, else white paper): text kept in the layer for some other reader,
    such as "On Track (green)" written in green on a green status cell. A page where nearly every
    word is invisible is a scan with a text layer over its image: that text is the page's own.
    """
    invisible = sum(mode for _, _, mode in inked)
    if inked and invisible >= OCR_LAYER_SHARE * len(inked):
        return [w for w, _, _ in inked]
    out = []
    for word, ink, mode in inked:
        hidden = mode
        if not hidden and ink is not None and max(ink) > DARK_INK:  # black ink is seen on any light fill
            x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
            behind = next((f.colour for f in reversed(fills) if f.x0 <= x <= f.x1 and f.top <= y <= f.bottom), PAPER)
            hidden = max(abs(a - b) for a, b in zip(ink, behind)) <= INK_LIKE_BACKGROUND
        out.append(dataclasses.replace(word, hidden=True) if hidden else word)
    return out


def _words(page: pdfium.PdfPage, number: int, display: Display) -> list[Inked]:
    """Given a page, return its words.

    The page text comes in one call and is split at white space (pdfium inserts a space or
    line break wherever glyphs are apart); pdfium is then asked only for each word's first and
    last character box and its font, not for every character: a few calls per word instead of
    several per character, which is most of the reading cost.
    """
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = pdfium_c.FPDFText_CountChars(tp)
        text = textpage.get_text_range(0, n) if n > 0 else ""
        reader = _TextStyle(tp)
        if len(text) != n:  # characters outside the BMP: indices and text do not line up
            return _words_by_char(tp, range(n), number, display, reader)
        words: list[Inked] = []
        first, last = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
        first_ref, last_ref, handle = ctypes.addressof(first), ctypes.addressof(last), reader.handle
        upright = display.rotation == 0 and display.left == 0 and display.bottom == 0
        h = display.h
        for m in WORD.finditer(text):
            start, end = m.start(), m.end() - 1
            _LOOSE_BOX(handle, start, first_ref)
            _LOOSE_BOX(handle, end, last_ref)
            style = reader.read(start)
            size = _FONT_SIZE(handle, start) * style.scale
            if upright:  # the common page: only the origin moves to the top
                a = (first.left, h - first.top, first.right, h - first.bottom)
                b = (last.left, h - last.top, last.right, h - last.bottom)
            else:
                a = display.box(first.left, first.bottom, first.right, first.top)
                b = display.box(last.left, last.bottom, last.right, last.top)
            if abs(a[1] - b[1]) > SAME_LINE * size or b[2] < a[0]:
                # one "word" whose glyphs are not on one line: read it glyph by glyph
                words.extend(_words_by_char(tp, range(start, end + 1), number, display, reader))
                continue
            word = m.group().translate(PDFIUM_HYPHENS)
            # a symbol alone ("●") may be a status shown by its colour
            colour = None if _HAS_ALNUM(word) else style.ink
            unseen = style.invisible or style.clipped((first.left + last.right) / 2, (first.bottom + first.top) / 2)
            words.append((Word(text=word, x0=min(a[0], b[0]), top=min(a[1], b[1]), x1=max(a[2], b[2]),
                               bottom=max(a[3], b[3]), page=number, size=size, bold=style.bold, italic=style.italic,
                               colour=colour), style.ink, unseen))
        if len(words) >= SPLIT_MIN_WORDS and sum(len(w[0].text) == 1 for w in words) > SPLIT_SHARE * len(words):
            # pdfium broke the text after every glyph (it does for some producers' pages): read the
            # glyphs and let their places, not its line breaks, make the words
            return _words_by_char(tp, range(n), number, display, reader, by_geometry=True)
        return _join_set_apart(_join_touching(words))
    finally:
        textpage.close()


def _join_touching(words: list[Inked]) -> list[Inked]:
    """Join the pieces of a word that pdfium split with a space of its own making where the glyphs
    touch ("measur" + "e": a producer that draws a word's last glyph as an object of its own)."""
    out: list[Inked] = []
    for item in words:
        word = item[0]
        if out:
            prev = out[-1][0]
            if abs(word.x0 - prev.x1) <= TOUCH_GAP * word.size and prev.text[-1:].isalpha() and _touches(prev, word):
                joined = dataclasses.replace(prev, text=prev.text + word.text, top=min(prev.top, word.top),
                                             x1=word.x1, bottom=max(prev.bottom, word.bottom))
                out[-1] = (joined, out[-1][1], out[-1][2] and item[2])
                continue
        out.append(item)
    return out


def _join_set_apart(words: list[Inked]) -> list[Inked]:
    """Join the pieces of a word that touch on the page though pdfium's text order sets them apart
    ("R" read with the text object before it, "educe" after): where one piece ends, the next begins.
    Only a piece that ends a run of pdfium's text and one that starts another can be such pieces."""
    def follows(a: Word, b: Word) -> bool:  # b carries on a's line, to its right, in pdfium's order
        return abs(b.top - a.top) <= SAME_LINE * a.size and b.x0 >= a.x1 - TOUCH_GAP * a.size

    ends = [i for i in range(len(words)) if words[i][0].text[-1:].isalpha()
            and (i + 1 == len(words) or not follows(words[i][0], words[i + 1][0]))]
    starts: dict[int, list[int]] = {}
    for i in range(len(words)):
        if words[i][0].text[:1].isalpha() and (i == 0 or not follows(words[i - 1][0], words[i][0])):
            starts.setdefault(int(words[i][0].x0), []).append(i)
    if not ends or not starts:
        return words
    gone: set[int] = set()
    out = list(words)
    for i in ends:
        if i in gone:
            continue
        word = out[i][0]
        while word.text[-1:].isalpha():
            reach = TOUCH_GAP * word.size
            near = [j for x in range(int(word.x1 - reach), int(word.x1 + reach) + 1) for j in starts.get(x, ())]
            nxt = next((j for j in near if j != i and j not in gone and abs(out[j][0].x0 - word.x1) <= reach
                        and _touches(word, out[j][0])), None)
            if nxt is None:
                break
            other = out[nxt][0]
            word = dataclasses.replace(word, text=word.text + other.text, top=min(word.top, other.top), x1=other.x1,
                                       bottom=max(word.bottom, other.bottom))
            out[i] = (word, out[i][1], out[i][2] and out[nxt][2])
            gone.add(nxt)
    return [w for k, w in enumerate(out) if k not in gone] if gone else words


def _touches(word: Word, other: Word) -> bool:
    """Does ``other`` carry on ``word`` on its line, in its type, with a letter?"""
    return (abs(other.top - word.top) <= SAME_LINE * word.size and other.text[:1].isalpha()
            and other.size == word.size and other.bold == word.bold)


@dataclass(frozen=True)
class _Style:
    """How a text object draws its characters."""

    bold: bool
    italic: bool
    scale: float  # the text matrix's vertical scale: the font size as drawn is the font's size × this
    ink: RGB | None  # the fill colour of its glyphs
    invisible: bool  # drawn in invisible mode (3)
    clip: tuple[float, float, float, float] | None  # the box its clip path leaves visible (page space)

    def clipped(self, x: float, y: float) -> bool:
        """Is a point of this object's text outside what its clip path lets the page show?"""
        if self.clip is None:
            return False
        left, bottom, right, top = self.clip
        return not (left <= x <= right and bottom <= y <= top)


def _by_handle(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A pdfium function called with and returning object handles as plain integers: no pointer
    object made per call, and a handle is its own dictionary key (no cast per word)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise RuntimeError(f"pdfium has no {function.__name__}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_HANDLE = ctypes.c_void_p
_TEXT_OBJECT = _by_handle(pdfium_c.FPDFText_GetTextObject, _HANDLE, _HANDLE, ctypes.c_int)
_FONT = _by_handle(pdfium_c.FPDFTextObj_GetFont, _HANDLE, _HANDLE)
_MATRIX = _by_handle(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int, _HANDLE, _HANDLE)
_FILL = _by_handle(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int, _HANDLE, _HANDLE, _HANDLE, _HANDLE, _HANDLE)
_RENDER_MODE = _by_handle(pdfium_c.FPDFTextObj_GetTextRenderMode, ctypes.c_int, _HANDLE)
_CLIP = _by_handle(pdfium_c.FPDFPageObj_GetClipPath, _HANDLE, _HANDLE)
_LOOSE_BOX = _by_handle(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, _HANDLE, ctypes.c_int, _HANDLE)
_FONT_SIZE = _by_handle(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _HANDLE, ctypes.c_int)
_HAS_ALNUM = re.compile(r"[^\W_]").search  # a letter or a digit anywhere in a word
_CLIP_PATHS = _by_handle(pdfium_c.FPDFClipPath_CountPaths, ctypes.c_int, _HANDLE)
_CLIP_SEGMENTS = _by_handle(pdfium_c.FPDFClipPath_CountPathSegments, ctypes.c_int, _HANDLE, ctypes.c_int)
_CLIP_SEGMENT = _by_handle(pdfium_c.FPDFClipPath_GetPathSegment, _HANDLE, _HANDLE, ctypes.c_int, ctypes.c_int)
_POINT = _by_handle(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int, _HANDLE, _HANDLE, _HANDLE)


class _TextStyle:
    """The style of a character's text object, asked of pdfium once per object and once per font.

    Keyed by the font for bold and italic (many producers write each word as a text object of
    its own, and one font lookup per word was a fifth of the reading time), by the object for
    the rest: its matrix (presentation software sets text at size 1 and scales it), its colour
    and its render mode. Objects and fonts are asked for by handle (:func:`_by_handle`): with one
    object per word, pointer objects and casts were most of the reading time.
    """

    def __init__(self, textpage: pdfium_c.FPDF_TEXTPAGE) -> None:
        self.tp = textpage
        self.handle = ctypes.cast(textpage, ctypes.c_void_p).value
        self.fonts: dict[int, tuple[bool, bool]] = {}
        self.objects: dict[int, _Style] = {}
        self.buf = ctypes.create_string_buffer(FONT_NAME_BYTES)
        self.flags = ctypes.c_int()
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.addressof(self.matrix)
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rgba_refs = [ctypes.addressof(c) for c in self.rgba]
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.x_ref, self.y_ref = ctypes.addressof(self.x), ctypes.addressof(self.y)

    def read(self, index: int) -> _Style:
        obj = _TEXT_OBJECT(self.handle, index) or 0
        style = self.objects.get(obj)
        if style is None:
            bold, italic = self._font(obj, index)
            scale = 1.0
            if _MATRIX(obj, self.matrix_ref):
                scale = math.hypot(self.matrix.c, self.matrix.d) or 1.0
            ink = None
            if _FILL(obj, *self.rgba_refs) and self.rgba[3].value:
                r, g, b, _ = self.rgba
                ink = (r.value / 255, g.value / 255, b.value / 255)
            invisible = _RENDER_MODE(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
            clip = _CLIP(obj) if obj else None
            style = _Style(bold, italic, scale, ink, invisible, self._clip(clip) if clip else None)
            self.objects[obj] = style
        return style

    def _clip(self, handle: int) -> tuple[float, float, float, float] | None:
        """The box a text object's clip path leaves visible: the intersection of its paths' boxes.

        Spreadsheets clip a cell's text to the cell; what overflows is in the text layer but
        not on the page (and lies in the next row's cell).
        """
        box: list[float] | None = None
        x, y, xa, ya = self.x, self.y, self.x_ref, self.y_ref
        for k in range(_CLIP_PATHS(handle)):
            points = []
            for j in range(_CLIP_SEGMENTS(handle, k)):
                segment = _CLIP_SEGMENT(handle, k, j)
                if segment and _POINT(segment, xa, ya):
                    points.append((x.value, y.value))
            if not points:
                continue
            path = [min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points),
                    max(p[1] for p in points)]
            box = path if box is None else [max(box[0], path[0]), max(box[1], path[1]), min(box[2], path[2]),
                                            min(box[3], path[3])]
        return (box[0] - CLIP_SLACK, box[1] - CLIP_SLACK, box[2] + CLIP_SLACK, box[3] + CLIP_SLACK) if box else None

    def _font(self, obj: int, index: int) -> tuple[bool, bool]:
        key = (_FONT(obj) if obj else 0) or 0
        style = self.fonts.get(key)
        if style is None:
            pdfium_c.FPDFText_GetFontInfo(self.tp, index, self.buf, len(self.buf), ctypes.byref(self.flags))
            name = self.buf.value.decode("latin-1").lower()
            style = (any(s in name for s in ("bold", "black", "heavy", "semibold")) or
                     bool(self.flags.value & FLAG_FORCE_BOLD),
                     "italic" in name or "oblique" in name or bool(self.flags.value & FLAG_ITALIC))
            self.fonts[key] = style
        return style


def _words_by_char(tp: pdfium_c.FPDF_TEXTPAGE, indices: range, number: int, display: Display,
                   reader: _TextStyle, by_geometry: bool = False) -> list[Inked]:
    """Given character indices, return their words, splitting at spaces and at gaps or line changes
    (``by_geometry``: at the spaces in the text only, not at those pdfium put in)."""
    rect = pdfium_c.FS_RECTF()
    words: list[Inked] = []
    chars: list[tuple[str, float, float, float, float, float, _Style]] = []

    def flush() -> None:
        if chars:
            text = "".join(c[0] for c in chars)
            styles = [c[6] for c in chars]
            first = styles[0]
            words.append((Word(text=text, x0=min(c[1] for c in chars), top=min(c[2] for c in chars),
                               x1=max(c[3] for c in chars), bottom=max(c[4] for c in chars), page=number,
                               size=max(c[5] for c in chars), bold=sum(st.bold for st in styles) * 2 > len(chars),
                               italic=sum(st.italic for st in styles) * 2 > len(chars),
                               colour=None if any(ch.isalnum() for ch in text) else first.ink),
                          first.ink, all(st.invisible for st in styles)))
            chars.clear()

    for i in indices:
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        ch = chr(code) if code else ""
        if by_geometry and ch.isspace() and pdfium_c.FPDFText_IsGenerated(tp, i):
            continue  # pdfium's guess of a break: the glyphs' places decide instead
        if not ch or ch.isspace():
            flush()
            continue
        ch = ch.translate(PDFIUM_HYPHENS)
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
        style = reader.read(i)
        size = pdfium_c.FPDFText_GetFontSize(tp, i) * style.scale
        x0, top, x1, bottom = display.box(rect.left, rect.bottom, rect.right, rect.top)
        if chars:
            prev = chars[-1]
            gap = x0 - prev[3]
            if gap > WORD_GAP_FACTOR * max(size, prev[5]) or gap < -size or abs(top - prev[2]) > SAME_LINE * size:
                flush()
        chars.append((ch, x0, top, x1, bottom, size, style))
    flush()
    return words


def _paths(page: pdfium.PdfPage, display: Display, number: int = 0, max_objects: int = 0
           ) -> tuple[list[Rule], list[Fill]]:
    """Given a page, return its ruling lines and filled rectangles (inside form XObjects too).

    :raises OverLimit: with the objects inside forms, the page holds more than ``max_objects`` (0: no limit)
    """
    rules: list[Rule] = []
    fills: list[Fill] = []
    raw_page = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw_page)
    objects = (pdfium_c.FPDFPage_GetObject(raw_page, i) for i in range(count))
    budget = [max_objects - count if max_objects else math.inf]
    _collect(objects, display, rules, fills, IDENTITY, depth=0, budget=budget)
    if budget[0] < 0:
        raise OverLimit(f"page {number} holds more than {max_objects:,} objects with those inside its forms "
                        "(limit: max_page_objects)")
    return rules, fills


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """Given a form's matrix and its parent's, return the matrix from the form to the page."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform_box(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    if m == IDENTITY:
        return x0, y0, x1, y1
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def _collect(objects: Iterator[Any], display: Display, rules: list[Rule], fills: list[Fill], matrix: Matrix,
             depth: int, budget: list[float]) -> None:
    """Add the rules and fills among objects; objects inside a form are in the form's space.

    ``budget`` holds how many more objects inside forms may be read; below 0 reading stops (a
    form may be drawn many times over, each time with all of its objects).
    """
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    width = ctypes.c_float()
    own = pdfium_c.FS_MATRIX()
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            form = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFPageObj_GetMatrix(obj, form)
            inner = _compose((form.a, form.b, form.c, form.d, form.e, form.f), matrix)
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            budget[0] -= n
            if budget[0] < 0:
                return
            _collect((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(n)), display, rules, fills, inner,
                     depth + 1, budget)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
        bounds = [left.value, bottom.value, right.value, top.value]
        if stroke.value and pdfium_c.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width)):
            # the bounds take in the pen's width: a 3-point line is one rule along its middle, not
            # a rectangle with two edges (a thick white line between striped cells)
            pdfium_c.FPDFPageObj_GetMatrix(obj, own)
            half = width.value * abs(own.a * own.d - own.b * own.c) ** 0.5 / 2
            if right.value - left.value > 2 * half:
                bounds[0], bounds[2] = bounds[0] + half, bounds[2] - half
            if top.value - bottom.value > 2 * half:
                bounds[1], bounds[3] = bounds[1] + half, bounds[3] - half
        x0, t, x1, btm = display.box(*_transform_box(matrix, *bounds))
        w, h = x1 - x0, btm - t
        filled = fill_mode.value != 0
        if min(w, h) <= RULE_MAX_THICKNESS and max(w, h) > FILL_MIN_SIZE:
            if stroke.value or filled:
                rules.append(Rule(x0, t, x1, btm))
            continue
        if filled and w >= FILL_MIN_SIZE and h >= FILL_MIN_SIZE:
            pdfium_c.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b),
                                              ctypes.byref(a))
            if a.value > 0:
                fills.append(Fill(x0, t, x1, btm, (r.value / 255, g.value / 255, b.value / 255)))
        elif stroke.value and not filled and max(w, h) > FILL_MIN_SIZE:
            # a stroked rectangle: its four edges are rules (not a speck: a dot, a chart's marker)
            rules.extend([Rule(x0, t, x1, t), Rule(x0, btm, x1, btm), Rule(x0, t, x0, btm), Rule(x1, t, x1, btm)])
