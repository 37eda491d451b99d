"""A corpus of hostile and odd inputs, small, made on demand (never committed).

Every case here is something a batch of legacy reports really holds, or something a careless
or malicious file can be: a name that ends in ``.pdf`` over bytes that are not one, a PDF cut
short, one with no pages or a page tree that loops, a content stream that inflates a
thousand-fold and again, a page three thousand points square with nothing but a picture on it,
a page of a hundred thousand specks of ink, a text extraction with one bad byte. The tests
(``tests/test_hostile.py``) run the whole corpus through ``trackrecord extract`` and
``trackrecord reconcile`` and require, for each, one clear line or a correct output, inside
the limits, with the rest of the batch written and no traceback.

    python samples/hostile.py OUT_FOLDER

writes the corpus into OUT_FOLDER: ``extract/`` (inputs for ``extract``) and ``reconcile/``
(inputs for ``reconcile``), and prints what each file is.
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of the given object bodies (object n is ``objects[n - 1]``), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", filters: int = 0) -> bytes:
    """A stream object's body: data compressed with FlateDecode ``filters`` times."""
    for _ in range(filters):
        data = zlib.compress(data, 9)
    names = b"[" + b" ".join([b"/FlateDecode"] * filters) + b"]" if filters else b""
    head = b"<< /Length %d" % len(data) + (b" /Filter " + names if filters else b"") + extra + b" >>"
    return head + b"\nstream\n" + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page(content: bytes, media: bytes = b"[0 0 595 842]", filters: int = 0, resources: bytes = b"") -> bytes:
    """A PDF of one page with the given content stream."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> " + resources + b" >> >>",
        stream(content, filters=filters),
        FONT,
    ])


def text_page(lines: list[str]) -> bytes:
    """A digital page of lines of text."""
    ops = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
    for line in lines:
        ops.append(b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '")
    ops.append(b"ET")
    return one_page(b"\n".join(ops))


def bomb(inflated_mb: int) -> bytes:
    """A page whose content stream, deflated twice, inflates to ``inflated_mb`` MB of spaces
    (a few KB on disk: deflate shrinks a run of one byte about a thousand-fold, twice)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    once = b"".join(compressor.compress(chunk) for _ in range(inflated_mb)) + compressor.flush()
    twice = zlib.compress(once, 9)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice) + twice + b"\nendstream",
    ])


def image_page(size: float) -> bytes:
    """A page ``size`` points square holding only a small grey picture stretched over it: a scan, to OCR."""
    pixels = bytes([200]) * (64 * 64)
    image = stream(pixels, b" /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray"
                           b" /BitsPerComponent 8", filters=1)
    content = b"q %g 0 0 %g 0 0 cm /Im0 Do Q" % (size, size)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R"
        b" /Resources << /XObject << /Im0 5 0 R >> >> >>" % (size, size),
        stream(content),
        image,
    ])


def specks(count: int) -> bytes:
    """A page of ``count`` tiny stroked paths (dust, a halftone, a chart's markers) and one line of text."""
    ops = [b"BT /F1 11 Tf 56 780 Td (Specks of ink) Tj ET", b"0.2 w"]
    for n in range(count):
        x, y = 50 + (n * 7) % 500, 50 + (n * 13) % 700
        ops.append(b"%d %d m %d.3 %d.3 l S" % (x, y, x, y))
    return one_page(b"\n".join(ops), filters=1)


def many_objects(count: int) -> bytes:
    """A page of ``count`` separate text objects: more than any report page holds."""
    ops = [b"BT /F1 1 Tf %d %d Td (x) Tj ET" % (10 + n % 570, 10 + (n // 570) % 820) for n in range(count)]
    return one_page(b"\n".join(ops), filters=1)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def office_bomb(inflated_mb: int) -> bytes:
    """A Word document whose body inflates to ``inflated_mb`` MB of spaces (a few hundred KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(inflated_mb):
                part.write(b" " * (1 << 20))
    return buffer.getvalue()


def _good() -> bytes:
    return text_page(["Monitoring report 2016/17", "Ref  Target  Status", "A1  Deliver ten workshops  Green"])


JAVASCRIPT = [b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
              b" /Resources << /Font << /F1 5 0 R >> >> >>",
              stream(b"BT /F1 11 Tf 56 780 Td (Report) Tj ET"), FONT,
              b"<< /S /JavaScript /JS (app.alert\\('hello'\\);) >>"]

#: the inputs for ``extract``: by file name, what each must give ("error": one line naming the
#: file; "ok-or-error": that or its outputs) and how it is made (only when the corpus is written:
#: the bomb and the page of 600,000 objects take seconds to make)
EXTRACT_INPUTS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "not-a-pdf.pdf": ("error", lambda: b"Dear colleague, please find the report attached.\n" * 20),
    "empty.pdf": ("error", lambda: b""),
    "truncated.pdf": ("ok-or-error", lambda: _good()[: len(_good()) // 2]),
    "header-only.pdf": ("error", lambda: b"%PDF-1.4\n"),
    "zero-pages.pdf": ("error", lambda: pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                              b"<< /Type /Pages /Kids [] /Count 0 >>"])),
    "cyclic-pages.pdf": ("error", lambda: pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                                                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])),
    "bomb.pdf": ("error", lambda: bomb(1024)),
    "javascript.pdf": ("ok-or-error", lambda: pdf(JAVASCRIPT)),
    "huge-page.pdf": ("ok-or-error", lambda: image_page(3000)),
    "enormous-page.pdf": ("ok-or-error", lambda: image_page(14400)),
    "specks.pdf": ("ok-or-error", lambda: specks(100_000)),
    "many-objects.pdf": ("error", lambda: many_objects(600_000)),
    "binary.txt": ("error", lambda: bytes(range(256)) * 64),
    "office-bomb.docx": ("error", lambda: office_bomb(300)),
    "truncated.xlsx": ("error", lambda: (HERE / "office" / "xlsx" / "lga-2018-19-q2.xlsx").read_bytes()[:6000]),
    "not-office.docx": ("error", lambda: _zip({"readme.txt": b"a zip of something else"})),
    "ole-nothing.doc": ("error", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)),
    "good.pdf": ("ok-or-error", _good),
}
#: what each extract case must give, by file name
EXTRACT_CASES = {name: expected for name, (expected, _) in EXTRACT_INPUTS.items()}


def extract_corpus() -> dict[str, bytes]:
    """The inputs for ``extract``, by file name, made (what each must give: :data:`EXTRACT_CASES`)."""
    return {name: make() for name, (_, make) in EXTRACT_INPUTS.items()}


def _document(**changes: object) -> bytes:
    """An extracted document's JSON with some of its parts changed (``item_x``: its deliverable's x)."""
    doc: dict[str, object] = {"doc_id": "d", "period": {"year": "2016/17", "as_at": "2017-03-31"},
                              "deliverables": [{"id": "d-1", "target": "Deliver ten workshops",
                                                "status": "green", "section": "Skills"}]}
    for key, value in changes.items():
        if key.startswith("item_"):
            doc["deliverables"][0][key.removeprefix("item_")] = value  # type: ignore[index]
        else:
            doc[key] = value
    return json.dumps(doc).encode()


def reconcile_corpus() -> dict[str, bytes]:
    """The inputs for ``reconcile`` that are not extracted documents, by file name (each one error line)."""
    return {
        "period-list.json": _document(period=["2016/17"]),
        "year-number.json": _document(period={"year": 2016, "as_at": None}),
        "as-at-object.json": _document(period={"year": "2016/17", "as_at": {"d": 1}}),
        "section-object.json": _document(item_section={"name": "Skills"}),
        "target-number.json": _document(item_target=10),
        "status-list.json": _document(item_status=["green"]),
        "deliverables-object.json": _document(deliverables={"a": 1}),
        "doc-id-list.json": _document(doc_id=["d"]),
        "deep.json": b"[" * 200_000 + b"]" * 200_000,
        "not-json.json": b"\xff\xfe garbage",
        "top-list.json": b"[1, 2, 3]",
    }


#: the reconcile cases, by file name (each must give one error line)
RECONCILE_CASES = {name: "error" for name in reconcile_corpus()}


def write_corpus(folder: Path) -> tuple[Path, Path]:
    """Write the corpus into ``folder``; return its extract and reconcile folders."""
    made = []
    for name, corpus in (("extract", extract_corpus()), ("reconcile", reconcile_corpus())):
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        for file, data in corpus.items():
            (target / file).write_bytes(data)
        made.append(target)
    (folder / "reconcile" / "folder.json").mkdir(exist_ok=True)  # a directory that looks like a document
    return made[0], made[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    extract_dir, reconcile_dir = write_corpus(args.out)
    for name, expected in EXTRACT_CASES.items():
        print(f"{extract_dir / name}: {expected}")
    for name in RECONCILE_CASES:
        print(f"{reconcile_dir / name}: error")


if __name__ == "__main__":
    main()
