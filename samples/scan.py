"""Make a "scanned" copy of a PDF: pages as noisy, slightly rotated JPEG images, no text layer.

What a careless office scanner does to a printed report: rasterise at 150–200 dpi, turn the
sheet a little, add sensor noise, compress hard. Deterministic for a given seed, so the
scanned samples and their expectations stay stable.

    python samples/scan.py IN.pdf OUT.pdf [--dpi 200] [--angle 0.6] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def scan_page(image: Image.Image, angle: float, noise: float, quality: int, rng: random.Random) -> Image.Image:
    """Given a rendered page, return it as a scanner would: turned, noisy, JPEG-compressed."""
    turned = image.convert("RGB").rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    pixels = np.asarray(turned, dtype=np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    pixels = pixels + gen.normal(0.0, noise, pixels.shape[:2])[:, :, None]
    speckle = gen.random(pixels.shape[:2]) < 0.0005  # a few dark specks
    pixels[speckle] = 40
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan(source: Path, target: Path, dpi: int = 200, angle: float = 0.6, noise: float = 6.0, quality: int = 55,
         seed: int = 1, pages: Sequence[int] | None = None) -> None:
    """Write target as a scanned copy of source; ``pages`` (1-based) limits which pages are scanned,
    the others copied as they are (a mixed PDF: some pages digital, some scanned)."""
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    for i in range(len(pdf)):
        if pages is not None and i + 1 not in pages:
            out.import_pages(pdf, [i])
            continue
        page = pdf[i]
        width, height = page.get_size()
        turn = angle * (1 if rng.random() < 0.5 else -1) * (0.6 + 0.4 * rng.random())
        image = scan_page(page.render(scale=dpi / 72).to_pil(), turn, noise, quality, rng)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95)
        new_page = out.new_page(width, height)
        picture = pdfium.PdfImage.new(out)
        picture.load_jpeg(io.BytesIO(buffer.getvalue()), inline=False)
        picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page.insert_obj(picture)
        new_page.gen_content()
        page.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(str(target))
    pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--angle", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scan(args.source, args.target, args.dpi, args.angle, seed=args.seed)


if __name__ == "__main__":
    main()
