"""The pages of a source document as images for the review site, in the frame the boxes are in.

Boxes in the output are in points from the page's top-left corner, on the page as it is shown
(pdfium applies a page's own rotation). A scanned page that was fed in turned was read turned
upright, so its boxes are on the upright page: its image is turned the same way here, by the
angle the document's warnings give (``TURNED``), so that every box lands on its words.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

POINTS_PER_INCH = 72.0
MAX_PAGE_PIXELS = 4000 * 4000  # a page image larger than this is rendered smaller (a poster, not a report page)
TURNED = re.compile(r"^page (\d+): fed in turned; read turned (\d+) degrees clockwise")


@dataclass(frozen=True)
class PageImage:
    """One page image written for the site: its file name, its size in points and in pixels."""

    number: int
    file: str
    width: float
    height: float
    pixels: tuple[int, int]

    def to_dict(self) -> dict[str, object]:
        return {"n": self.number, "img": self.file, "w": round(self.width, 2), "h": round(self.height, 2),
                "px": list(self.pixels)}


def turned_pages(warnings: list[str]) -> dict[int, int]:
    """The pages read turned upright, and by how many degrees clockwise, from a document's warnings."""
    found: dict[int, int] = {}
    for line in warnings:
        match = TURNED.match(line)
        if match:
            found[int(match.group(1))] = int(match.group(2)) % 360
    return found


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks (a source may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def render_pages(pdf_path: Path, folder: Path, dpi: int, turned: dict[int, int]) -> Iterator[PageImage]:
    """Render every page of a PDF into ``folder`` as ``p0001.png``…, one at a time (a long report
    never holds more than one page image), yielding each page's image record."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                if page.get_rotation() % 180:
                    width, height = height, width
                scale = dpi / POINTS_PER_INCH
                if width * height * scale * scale > MAX_PAGE_PIXELS:
                    scale = (MAX_PAGE_PIXELS / (width * height)) ** 0.5
                image = page.render(scale=scale).to_pil().convert("RGB")
            finally:
                page.close()
            number = index + 1
            if number in turned:
                image = image.rotate(-turned[number], expand=True, fillcolor=(255, 255, 255))
                if turned[number] in (90, 270):
                    width, height = height, width
            name = f"p{number:04d}.png"
            image.save(folder / name, optimize=False, compress_level=1)
            yield PageImage(number, name, width, height, image.size)
    finally:
        pdf.close()

