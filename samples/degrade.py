"""Degrade a digital sample as copiers, faxes and scanners do: a seeded matrix of damage.

Legacy reports reach us as copies: greyscale photocopies (colour lost, fills turned to grey
levels), faxes (200 dpi, one bit), hard JPEG at 150 dpi, pages skewed by a few degrees or fed
in turned 90° or 180°, yellowed paper with the page behind showing through, a stamp or a
handwritten tick over a cell. Each degradation here is a function of a page image and a seeded
random source, so a matrix cell is the same bytes on every run (the same seed, the same
libraries). The matrix is every single degradation and some pairs.

    python samples/degrade.py --all [FOLDER]          # every sample × every degradation
    python samples/degrade.py IN.pdf OUT.pdf grey+skew [--seed 1]

Two cells are renderings rather than damage: ``darkfills`` prints each coloured cell dark with
its text light (status words in light type on dark fills), and ``pasted`` lays the page's
picture on a page whose text layer holds only a title and a footer (a slide or a report page
with a screenshot of a spreadsheet pasted in).
"""

from __future__ import annotations

import argparse
import ctypes
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageFilter
from scan import save_fixed
from scipy import ndimage

HERE = Path(__file__).resolve().parent
PASTED_SHARE = 0.86  # a pasted picture fills this share of the page each way, centred under its title

Step = Callable[[Image.Image, random.Random, dict[str, object]], Image.Image]


def grey(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """A greyscale photocopy: colour lost, contrast pushed (pale fills fade, dark ones go darker),
    a little blur and toner noise."""
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    pixels = 255 * np.clip((pixels / 255 - 0.08) / 0.84, 0, 1) ** 1.3
    gen = np.random.default_rng(rng.randrange(2**32))
    pixels += gen.normal(0, 5, pixels.shape)
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    return out.filter(ImageFilter.GaussianBlur(0.6)).convert("RGB")


def fax(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """A fax: one bit a pixel, thresholded (fills either vanish or go solid), with line noise."""
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    pixels += gen.normal(0, 18, pixels.shape)
    bits = pixels > 150
    dropouts = gen.random(bits.shape[0]) < 0.01  # a few scan lines lost
    bits[dropouts, :] = True
    return Image.fromarray((bits * 255).astype(np.uint8), "L").convert("1").convert("RGB")


def skew(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """A sheet fed askew: turned by 1.5–3°, either way."""
    angle = (1.5 + 1.5 * rng.random()) * (1 if rng.random() < 0.5 else -1)
    return image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))


def turn90(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """A sheet fed in sideways: the page comes out turned a quarter (the PDF page is landscape)."""
    return image.transpose(Image.Transpose.ROTATE_90)


def turn180(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """A sheet fed in upside down."""
    return image.transpose(Image.Transpose.ROTATE_180)


def yellowed(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """Old paper: a yellow cast, uneven, and the other side of the sheet showing through."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    behind = page.get("behind")
    if isinstance(behind, Image.Image):
        mirrored = np.asarray(behind.convert("L").resize(image.size).transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                              dtype=np.float32)
        pixels = np.minimum(pixels, (255 - 0.18 * (255 - mirrored))[:, :, None])
    height, width = pixels.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width]
    blotch = 0.85 + 0.1 * np.sin(xs / width * math.pi * (1 + rng.random())) * np.cos(ys / height * math.pi)
    tint = np.array([1.0, 0.94, 0.78], dtype=np.float32)
    pixels = pixels * (tint[None, None, :] * blotch[:, :, None] + (1 - blotch[:, :, None]))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def marks(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """A rubber stamp across the page and handwritten ticks over a few cells."""
    out = image.convert("RGB").copy()
    width, height = out.size
    stamp = Image.new("RGBA", (width // 3, height // 12), (0, 0, 0, 0))
    draw = ImageDraw.Draw(stamp)
    colour = (170, 30, 40, 200)
    draw.rectangle((2, 2, stamp.width - 3, stamp.height - 3), outline=colour, width=max(2, width // 300))
    draw.text((stamp.width // 8, stamp.height // 3), "RECEIVED", fill=colour, font_size=max(10, stamp.height // 3))
    stamp = stamp.rotate(rng.uniform(-20, 20), expand=True)
    out.paste(stamp, (int(rng.uniform(0.3, 0.6) * width), int(rng.uniform(0.2, 0.7) * height)), stamp)
    draw = ImageDraw.Draw(out)
    for _ in range(3):
        x, y = rng.uniform(0.5, 0.9) * width, rng.uniform(0.2, 0.9) * height
        size = width / 60
        draw.line([(x, y), (x + size * 0.4, y + size * 0.5), (x + size, y - size * 0.7)],
                  fill=(20, 40, 140), width=max(2, width // 400))
    return out


def darkfills(image: Image.Image, rng: random.Random, page: dict[str, object]) -> Image.Image:
    """Each coloured cell printed dark with its text light: the fill at 40 % of its colour, the
    ink on it near white (anti-aliased edges blended between the two)."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    saturation = rgb.max(axis=2) - rgb.min(axis=2)
    side = max(3, image.width // 200)
    solid = ndimage.binary_opening(saturation > 45, structure=np.ones((side, side), dtype=bool))
    # one region per colour: an amber cell touching a green one (the rule between them a pixel of
    # anti-aliased grey) is two cells, each darkened in its own colour
    hue = np.asarray(image.convert("HSV"), dtype=np.int16)[:, :, 0] * 12 // 256
    regions = []
    for family in np.unique(hue[solid]):
        labels, _ = ndimage.label(solid & (hue == family))
        regions += [(labels, index, found) for index, found in enumerate(ndimage.find_objects(labels), 1)]
    out = rgb.copy()
    for labels, index, found in regions:
        if found is None:
            continue
        region = labels[found] == index
        colour = np.median(rgb[found][region], axis=0)
        box = rgb[found]
        # how far each pixel is from the fill towards black ink: 0 on the fill, 1 on a glyph's core
        ink = np.clip(np.abs(box - colour).max(axis=2) / max(1.0, float(colour.max())), 0, 1)[:, :, None]
        out[found] = (1 - ink) * colour * 0.4 + ink * np.array([245.0, 245.0, 245.0])
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB")


STEPS: dict[str, Step] = {"grey": grey, "fax": fax, "skew": skew, "turn90": turn90, "turn180": turn180,
                          "yellowed": yellowed, "marks": marks, "darkfills": darkfills}


@dataclass(frozen=True)
class Degradation:
    """One cell of the matrix: the steps (in order), the resolution and the JPEG quality (None: lossless)."""

    name: str
    steps: tuple[str, ...]
    dpi: int
    quality: int | None
    pasted: bool = False  # the picture laid under a title and a footer in the text layer


MATRIX = [
    Degradation("grey", ("grey",), 200, 75),
    Degradation("fax", ("fax",), 200, None),
    Degradation("jpeg", (), 150, 45),
    Degradation("skew", ("skew",), 200, 70),
    Degradation("turn90", ("turn90",), 200, 70),
    Degradation("turn180", ("turn180",), 200, 70),
    Degradation("yellowed", ("yellowed",), 200, 70),
    Degradation("marks", ("marks",), 200, 70),
    Degradation("grey+skew", ("grey", "skew"), 200, 60),
    Degradation("fax+skew", ("fax", "skew"), 200, None),
    Degradation("grey+jpeg", ("grey",), 150, 50),
    Degradation("yellowed+marks", ("yellowed", "marks"), 200, 60),
    Degradation("fax+turn90", ("fax", "turn90"), 200, None),
    Degradation("darkfills", ("darkfills",), 200, 75),
    Degradation("darkfills+grey", ("darkfills", "grey"), 200, 70),
    Degradation("pasted", (), 150, 80, pasted=True),
]

#: the digital samples the matrix is made from (each is its cells' digital twin)
SOURCES = ("lga-2017-18-q4", "lga-2017-18-q4-unruled", "lga-2015-16-q3-colour", "lga-2018-19-q2")


def degrade(source: Path, target: Path, degradation: Degradation, seed: int = 1) -> Path:
    """Write ``target``: every page of ``source`` as an image put through ``degradation``, no text layer."""
    rng = random.Random(f"{seed}:{degradation.name}:{source.stem}")
    pdf = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    images = [pdf[i].render(scale=degradation.dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    for i, image in enumerate(images):
        width, height = pdf[i].get_size()
        context: dict[str, object] = {"behind": images[i + 1] if i + 1 < len(images) else None}
        for step in degradation.steps:
            image = STEPS[step](image, rng, context)
        if (image.width > image.height) != (width > height):
            width, height = height, width  # turned a quarter: the scanner's page takes the sheet's way round
        page = out.new_page(width, height)
        picture = pdfium.PdfImage.new(out)
        place = pdfium.PdfMatrix().scale(width, height)
        if degradation.pasted:
            place = pdfium.PdfMatrix().scale(width * PASTED_SHARE, height * PASTED_SHARE).translate(
                width * (1 - PASTED_SHARE) / 2, height * (1 - PASTED_SHARE) / 2)
            _text(out, page, "Appendix: monitoring table (pasted picture)", 36, height - 28, 11)
            _text(out, page, f"Page {i + 1} of {len(images)}", width - 110, 18, 8)
        if degradation.quality is None:
            bitmap = pdfium.PdfBitmap.from_pil(image.convert("L"))
            picture.set_bitmap(bitmap)
        else:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=degradation.quality)
            picture.load_jpeg(io.BytesIO(buffer.getvalue()), inline=False)
        picture.set_matrix(place)
        page.insert_obj(picture)
        page.gen_content()
    save_fixed(out, target)
    pdf.close()
    return target


def _text(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, text: str, x: float, y: float, size: float) -> None:
    """Write ``text`` into the page's text layer in Helvetica at (x, y) points from the bottom left."""
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(size))
    encoded = (text + "\0").encode("utf-16-le")
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(encoded, len(encoded)),
                                               ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def build_matrix(out_dir: Path, samples: Path = HERE, sources: tuple[str, ...] = SOURCES,
                 matrix: list[Degradation] = MATRIX) -> list[tuple[Path, str, Degradation]]:
    """Write every source × degradation into ``out_dir``; return (path, twin, degradation) for each."""
    made = []
    for twin in sources:
        for degradation in matrix:
            target = out_dir / f"{twin}--{degradation.name}.pdf"
            degrade(samples / f"{twin}.pdf", target, degradation)
            made.append((target, twin, degradation))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?")
    parser.add_argument("target", type=Path, nargs="?")
    parser.add_argument("name", nargs="?", help="a degradation of the matrix: " + ", ".join(d.name for d in MATRIX))
    parser.add_argument("--all", action="store_true", help="make the whole matrix (into SOURCE or samples/degraded)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.all:
        for path, _, _ in build_matrix(args.source or HERE / "degraded"):
            print(f"wrote {path}")
        return
    by_name = {d.name: d for d in MATRIX}
    if args.source is None or args.target is None or args.name not in by_name:
        parser.error("give IN.pdf OUT.pdf DEGRADATION, or --all")
    degrade(args.source, args.target, by_name[args.name], args.seed)


if __name__ == "__main__":
    main()
