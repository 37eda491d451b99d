"""What a PDF may cost before it is read: compressed streams measured before pdfium inflates them.

A PDF's streams are compressed, and compression has no honest upper ratio: deflate shrinks a
run of one byte about a thousand-fold, and a stream may be deflated twice or more, so a 4 KB
file can hold a content stream of a gigabyte. pdfium inflates a page's content whole before it
parses it, so such a file drives the reading process to its memory limit and it dies with
nothing said. Here the file's streams are measured first, by inflating them a piece at a
time into nothing, and a stream over the limit refuses the document with one line naming it.

Only what can be large is measured: a stream deflated once can grow about a thousand-fold
(:data:`DEFLATE_MAX_RATIO`), so one whose compressed size cannot reach the limit is passed
without inflating it, and a digital report costs a scan of its bytes and no inflating at all.
Pictures are left to the pixel limit (their size is declared: width × height), and filters
other than deflate (LZW, run length, ASCII encodings) are not measured: the reading process's
memory and time limits bound what they do.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

#: deflate's largest ratio of output to input is about 1032 : 1 (a run of one byte)
DEFLATE_MAX_RATIO = 1032
#: how far before a ``stream`` keyword its dictionary may start
DICTIONARY_REACH = 4096
CHUNK = 1 << 16
MB = 1 << 20

_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_FLATE = {b"FlateDecode", b"Fl"}
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def oversized_stream(data: bytes, max_bytes: int) -> tuple[int, int] | None:
    """Given a PDF's bytes, return (the offset of the first stream that inflates beyond
    ``max_bytes``, its inflated size so far) or None when none does.

    Streams are found by their keyword, each with the dictionary before it; a stream whose
    deflate layers could not reach ``max_bytes`` from its compressed size is not inflated.
    """
    for keyword, start in _streams(data):
        head = data[max(0, keyword - DICTIONARY_REACH):keyword]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head
        if _IMAGE.search(head):
            continue
        layers = _flate_layers(head)
        if not layers:
            continue
        end = data.find(b"endstream", start)
        raw = (end if end >= 0 else len(data)) - start
        if raw * DEFLATE_MAX_RATIO ** layers <= max_bytes:
            continue
        size = _inflated_size(data, start, layers, max_bytes)
        if size > max_bytes:
            return keyword, size
    return None


def _streams(data: bytes) -> Iterator[tuple[int, int]]:
    """Each ``stream`` keyword that opens a stream: its offset and where the stream's data starts.

    Found with ``bytes.find``, not a pattern: a pattern with a look-behind tried at every
    position costs a scanned report's megabytes dearly.
    """
    at = data.find(b"stream")
    while at >= 0:
        after = at + len(b"stream")
        opening = at == 0 or not data[at - 1:at].isalpha()  # not the end of "endstream"
        if opening and data[after:after + 1] == b"\n":
            yield at, after + 1
        elif opening and data[after:after + 2] == b"\r\n":
            yield at, after + 2
        at = data.find(b"stream", after)


def _flate_layers(dictionary: bytes) -> int:
    """How many deflate filters a stream's dictionary applies first (0 when the first is another)."""
    found = _FILTER.search(dictionary)
    if not found:
        return 0
    layers = 0
    for name in _NAME.findall(found.group(1)):
        if name not in _FLATE:
            break
        layers += 1
    return layers


def _inflated_size(data: bytes, start: int, layers: int, limit: int) -> int:
    """The size of the stream at ``start`` after its deflate layers, counted up to just past
    ``limit`` (never held in memory: each layer's output is passed on a chunk at a time)."""
    pieces: Iterator[bytes] = (data[p:p + CHUNK] for p in range(start, len(data), CHUNK))
    for _ in range(layers):
        pieces = _inflate(pieces)
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > limit:
            break
    return total


def _inflate(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """Inflate a deflate stream given in pieces, a bounded chunk of output at a time; stop at its
    end or at damage (pdfium makes what it can of a damaged stream: that is not a size question)."""
    decoder = zlib.decompressobj()
    for piece in pieces:
        while piece:
            try:
                out = decoder.decompress(piece, CHUNK)
            except zlib.error:
                return
            piece = decoder.unconsumed_tail
            if out:
                yield out
            if decoder.eof:
                return
