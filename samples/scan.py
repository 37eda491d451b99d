"""Make a "scanned" copy of a PDF: pages as noisy, slightly rotated JPEG images, no text layer.

What a careless office scanner does to a printed report: rasterise at 150–200 dpi, turn the
sheet a little, add sensor noise, compress hard. Deterministic for a given seed, so the
scanned samples and their expectations stay stable.

    python samples/scan.py IN.pdf OUT.pdf [--dpi 200] [--angle 0.6] [--seed 1]
    python samples/scan.py --all [FOLDER]     # every scanned sample (SCANS), into samples/scanned/

The scanned samples are not committed (megabytes of JPEG): the main job and the tests make
them from the digital samples, and each is checked against its digital twin's expectation.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def scan_page(image: Image.Image, angle: float, noise: float, quality: int, rng: random.Random) -> bytes:
    """Given a rendered page, return it as a scanner would: turned, noisy, JPEG-compressed (the JPEG bytes)."""
    turned = image.convert("RGB").rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    pixels = np.asarray(turned, dtype=np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    pixels = pixels + gen.normal(0.0, noise, pixels.shape[:2])[:, :, None]
    speckle = gen.random(pixels.shape[:2]) < 0.0005  # a few dark specks
    pixels[speckle] = 40
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


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
        jpeg = scan_page(page.render(scale=dpi / 72).to_pil(), turn, noise, quality, rng)
        new_page = out.new_page(width, height)
        picture = pdfium.PdfImage.new(out)
        picture.load_jpeg(io.BytesIO(jpeg), inline=False)
        picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page.insert_obj(picture)
        new_page.gen_content()
        page.close()
    save_fixed(out, target)
    pdf.close()


#: pdfium stamps a new document with the time it was made and a random file ID; a fixed stamp and
#: an ID made from the content, each of the same length, keep a made sample the same bytes on
#: every run (and the file's offsets where they were)
_CREATED = re.compile(rb"/CreationDate\(D:\d{14}[^)]*\)")
_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def save_fixed(pdf: pdfium.PdfDocument, target: Path) -> None:
    """Save a made PDF with its creation stamp and file ID fixed, so that the same inputs give the same bytes."""
    buffer = io.BytesIO()
    pdf.save(buffer)
    data = _CREATED.sub(lambda m: m.group()[:17] + b"20000101000000" + m.group()[31:], buffer.getvalue())
    digest = hashlib.md5(_FILE_ID.sub(b"", data)).hexdigest().upper().encode()

    def fixed(m: re.Match[bytes]) -> bytes:
        return m.group().replace(m.group(1), digest[:len(m.group(1))]).replace(m.group(2), digest[:len(m.group(2))])

    data = _FILE_ID.sub(fixed, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ScannedSample:
    """A scanned copy of a digital sample: which, how, and which pages (None: all)."""

    doc_id: str
    twin: str  # the digital sample it is a scan of; its expectation is this one's
    dpi: int
    angle: float
    seed: int
    pages: tuple[int, ...] | None = None


SCANS = [
    ScannedSample("lga-2017-18-q4-scan", "lga-2017-18-q4", 200, 0.6, 1),
    ScannedSample("lga-2017-18-q4-unruled-scan", "lga-2017-18-q4-unruled", 150, 0.8, 2),
    ScannedSample("lga-2015-16-q3-colour-scan", "lga-2015-16-q3-colour", 200, 0.5, 3),
    ScannedSample("lga-2018-19-q2-scan", "lga-2018-19-q2", 150, 0.7, 4),
    ScannedSample("lga-2017-18-q4-mixed", "lga-2017-18-q4", 200, 0.6, 5, pages=(2, 4, 5)),
]


def build_scans(out_dir: Path = HERE / "scanned", samples: Path = HERE) -> list[Path]:
    """Write every scanned sample into out_dir (made from the digital samples in samples/)."""
    written = []
    for sample in SCANS:
        target = out_dir / f"{sample.doc_id}.pdf"
        scan(samples / f"{sample.twin}.pdf", target, sample.dpi, sample.angle, seed=sample.seed, pages=sample.pages)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?")
    parser.add_argument("target", type=Path, nargs="?")
    parser.add_argument("--all", action="store_true", help="make every scanned sample (into TARGET or samples/scanned)")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--angle", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.all:
        for path in build_scans(args.source or HERE / "scanned"):
            print(f"wrote {path}")
        return
    if args.source is None or args.target is None:
        parser.error("give IN.pdf OUT.pdf, or --all")
    scan(args.source, args.target, args.dpi, args.angle, seed=args.seed)


if __name__ == "__main__":
    main()
