"""Debug images: what the table finder saw, drawn over the rendered page.

Drawing never re-runs extraction: it uses the intermediates a :class:`Document` keeps
(``tables`` with their columns, row bands and cells; ``dropped`` with sources). Chainable,
like pdfplumber's ``PageImage``::

    doc = extract_document("report.pdf")
    page_image("report.pdf", 2).draw_tables(doc).draw_dropped(doc).save("p2.png")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from ..model import Document

TABLE = (30, 90, 220)
COLUMN = (30, 90, 220)
ROW = (240, 140, 0)
SPANNING = (150, 40, 170)
DROPPED = (130, 130, 130)


class PageImage:
    """A rendered page that boxes in PDF points (top-left origin) can be drawn onto."""

    def __init__(self, image: Any, page: int, scale: float) -> None:
        from PIL import ImageDraw

        self.image = image.convert("RGB")
        self.page = page
        self.scale = scale
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, top, x1, bottom = box
        s = self.scale
        return (x0 * s, top * s, x1 * s, bottom * s)

    def rect(self, box: tuple[float, float, float, float], colour: tuple[int, int, int], width: int = 1
             ) -> PageImage:
        self.draw.rectangle(self._xy(box), outline=colour, width=width)
        return self

    def draw_tables(self, doc: Document) -> PageImage:
        """Draw every table on this page: its box, column edges, row bands, spanning rows, fills."""
        for table in doc.tables:
            if table.page != self.page:
                continue
            self.rect(table.bbox, TABLE, 3)
            x_top, x_bottom = table.bbox[1], table.bbox[3]
            for x0, _ in table.columns[1:]:
                self.draw.line(self._xy((x0, x_top, x0, x_bottom)), fill=COLUMN, width=1)
            for row in table.rows:
                self.rect(row.bbox, SPANNING if row.kind == "spanning" else ROW, 2 if row.kind == "spanning" else 1)
                for cell in row.cells:
                    if cell.fill is not None and cell.bbox is not None:
                        colour = tuple(int(255 * c) for c in cell.fill)
                        inset = (cell.bbox[0] + 2, cell.bbox[1] + 2, cell.bbox[2] - 2, cell.bbox[3] - 2)
                        self.rect(inset, (0, 0, 0), 1).rect(inset, colour, 1)  # type: ignore[arg-type]
        return self

    def draw_dropped(self, doc: Document) -> PageImage:
        """Strike through what was read on this page and set aside (headers, footers, titles)."""
        for item in doc.dropped:
            if item.source.page == self.page and item.source.bbox is not None:
                x0, top, x1, bottom = self._xy(item.source.bbox)
                self.draw.rectangle((x0, top, x1, bottom), outline=DROPPED)
                self.draw.line((x0, (top + bottom) / 2, x1, (top + bottom) / 2), fill=DROPPED)
        return self

    def save(self, path: str | Path) -> Path:
        self.image.save(path)
        return Path(path)


def page_image(path: str | Path, page: int, resolution: float = 100) -> PageImage:
    """Render one page (1-based) of a PDF at a resolution in dots per inch."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        scale = resolution / 72
        image = pdf[page - 1].render(scale=scale).to_pil()
    finally:
        pdf.close()
    return PageImage(image, page, scale)


def write_debug_images(doc: Document, out_dir: str | Path, resolution: float = 100) -> list[Path]:
    """Write ``<doc_id>.p<N>.png`` for every page of a PDF document, showing what was found."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page in range(1, (doc.pages or 0) + 1):
        image = page_image(doc.path, page, resolution).draw_tables(doc).draw_dropped(doc)
        written.append(image.save(out / f"{doc.doc_id}.p{page}.png"))
    return written
