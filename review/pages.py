"""The pages of a source document as images for the review site, in the frame the boxes are in.

Boxes in the output are in points from the page's top-left corner, on the page as it is shown
(pdfium applies a page's own rotation). A scanned page is straightened before it is read, and
one fed in sideways is turned upright, so its boxes are on the page so transformed: its image
is transformed the same way here, step by step as ``source.page_transforms`` lists them, so
that every box lands on its words. (Outputs from before 1.3 name only turns, in their
warnings: ``TURNED``.)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

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


def page_transforms(source: dict[str, Any], warnings: list[str]) -> dict[int, list[tuple[str, float]]]:
    """What was done to each scanned page's image before it was read, from a document's output:
    ``source.page_transforms`` (1.3), else the turns its warnings name (1.2)."""
    found: dict[int, list[tuple[str, float]]] = {}
    listed = source.get("page_transforms")
    if isinstance(listed, dict):
        for page, steps in listed.items():
            if str(page).isdigit() and isinstance(steps, list):
                found[int(page)] = [(name, float(value)) for step in steps if isinstance(step, dict)
                                    for name, value in step.items()
                                    if name in ("straighten", "turn") and isinstance(value, (int, float))]
        return found
    for line in warnings:
        match = TURNED.match(line) if isinstance(line, str) else None
        if match:
            found[int(match.group(1))] = [("turn", int(match.group(2)) % 360)]
    return found


def transform(image: Image.Image, size: tuple[float, float], steps: list[tuple[str, float]]
              ) -> tuple[Image.Image, tuple[float, float]]:
    """The page image (and its size in points) after the reader's steps, done as the reader did them."""
    width, height = size
    for name, value in steps:
        if name == "straighten":
            image = image.rotate(-value, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
        elif name == "turn" and round(value) % 360:
            image = image.rotate(-round(value), expand=True, fillcolor=(255, 255, 255))
            if round(value) % 180:
                width, height = height, width
    return image, (width, height)


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks (a source may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def render_pages(pdf_path: Path, folder: Path, dpi: int, transforms: dict[int, list[tuple[str, float]]]
                 ) -> Iterator[PageImage]:
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
            image, (width, height) = transform(image, (width, height), transforms.get(number, []))
            name = f"p{number:04d}.png"
            image.save(folder / name, optimize=False, compress_level=1)
            yield PageImage(number, name, width, height, image.size)
    finally:
        pdf.close()

