"""Hostile sizes: does each stage's time grow in step with its input? Six corners, each at N and 2N.

    python bench/scaling.py [--quick]

Each corner builds a synthetic input in memory at size N, 2N (and 4N where it is cheap), runs
the real code path on it and prints the seconds side by side with the ratio of 2N to N. A
ratio up to 2.5 reads as linear (a doubling plus noise); anything above is a return of the
quadratic corners of the issue "Hostile input: bounded time and memory", and the bench exits 1.

- link: quarterly rows linked to the deliverables of one document. Every row is compared with
  every deliverable (the runner-up a link reports is over all of them), in rapidfuzz's C loop,
  so the size is the number of pairs: rows and deliverables each grow by √2.
- numbers: the quantities and headline numbers of one long narrative cell.
- text rows: row recovery of a long legacy text extraction (copies, repeats, continuation lines).
- header scan: the header search of one page of plain text, where every line is a candidate.
- headerless: the search for tables with no header by their column of status words, on a page
  whose status words stand at so many x positions that every few make a column spanning the page.
- reconcile: two generated documents of N deliverables each (``bench/reconcile_scale.py``'s
  generator), reconciled with lineages.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trackrecord.extract.fields.numbers import delivered_headline, quantities, target_headline
from trackrecord.extract.fields.status import STATUS_PHRASES
from trackrecord.extract.link import link_quarterly
from trackrecord.extract.model import Deliverable, PageContent, QuarterlyRow, Word
from trackrecord.extract.pdf.find import find_headers
from trackrecord.extract.pdf.headerless import find_headerless
from trackrecord.extract.pdf.lines import group_lines
from trackrecord.extract.settings import ExtractSettings
from trackrecord.extract.text.reader import TextLine
from trackrecord.extract.text.rows import recover_text_rows
from trackrecord.reconcile import doc_from_dict, reconcile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reconcile_scale import generate  # a sibling script, not a package

LINEAR = 2.5  # a ratio of 2N to N up to this reads as linear


def words(rng: random.Random, size: int) -> list[str]:
    return ["".join(rng.choice("abcdefghiklmnoprstuvw") for _ in range(rng.randint(4, 9))) for _ in range(size)]


def link_input(rows: int, seed: int = 3) -> tuple[list[Deliverable], list[QuarterlyRow]]:
    """A document's deliverables and as many quarterly rows, each restating one in fewer words."""
    rng = random.Random(seed)
    vocabulary = words(rng, 3000)
    deliverables, quarterly = [], []
    for k in range(rows):
        said = rng.choices(vocabulary, k=rng.randint(8, 16))
        number = rng.randint(2, 300)
        deliverables.append(Deliverable(id=f"d{k}", seq=k, section=None, subsection=None, ref=None,
                                        target=f"Deliver at least {number} {' '.join(said)}", delivered=None,
                                        status=None, target_value=number, delivered_value=None, fields={}))
        shorter = rng.sample(said, max(4, len(said) - 3))
        restated = f"Deliver {number} {' '.join(shorter)}"
        quarterly.append(QuarterlyRow(id=f"q{k}", seq=k, theme=None, deliverable=restated, target=number,
                                      q1=None, q2=None, q3=None, q4=None, total=None,
                                      pct_achieved=None, commentary=None, matches_deliverable=None, fields={}))
    return deliverables, quarterly


def long_cell(size: int, seed: int = 5) -> str:
    """A narrative cell of about ``size`` characters, counting things in many ways."""
    rng = random.Random(seed)
    forms = ["We supported {} councils so far", "In March {} we ran {} peer challenges", "£{}m was saved",
             "{}% of councils in total", "cohort {} had {} leaders", "{} or more councils took part",
             "at least {} sessions", "17/18 saw {} visits", "up to {} new graduates to date"]
    parts: list[str] = []
    length = 0
    while length < size:
        form = rng.choice(forms)
        part = form.format(*[rng.randint(1, 3000) for _ in range(form.count("{}"))])
        parts.append(part)
        length += len(part) + 2
    return ". ".join(parts)


def text_extraction(size: int, seed: int = 2) -> list[TextLine]:
    """A legacy text extraction of about ``size`` characters: a header, rows, continuation lines,
    flattened repeats of earlier rows and garbled copies of the row above."""
    rng = random.Random(seed)
    vocabulary = words(rng, 4000)
    texts = ["Ref\tDeliverable\tProgress to date\tStatus"]
    length = 0
    k = 0
    while length < size:
        k += 1
        target = "Deliver " + " ".join(rng.choices(vocabulary, k=rng.randint(6, 14))) + "."
        progress = "We " + " ".join(rng.choices(vocabulary, k=rng.randint(10, 30))) + "."
        line = f"E{k}\t{target}\t{progress}\t{rng.choice(['Green', 'Amber', 'Red'])}"
        texts.append(line)
        roll = rng.random()
        if roll < 0.3:
            texts.append("\tand " + " ".join(rng.choices(vocabulary, k=8)) + "\tthen "
                         + " ".join(rng.choices(vocabulary, k=12)) + "\t")
        elif roll < 0.35 and k > 3:
            texts.append("\t" + " ".join(t.split("\t")[1] for t in texts[-3:]) + "\t\t")  # a flattened repeat
        elif roll < 0.4:
            texts.append(line.replace("e", "c"))  # a garbled copy of the row above
        length += len(line)
    return [TextLine(i, tuple(t.split("\t")), t) for i, t in enumerate(texts, 1)]


def plain_page(n_words: int, seed: int = 4) -> PageContent:
    """A page of plain body text in loose columns, with a column of refs at the left: every line
    is a header candidate, and every candidate asks for the words left of it."""
    rng = random.Random(seed)
    vocabulary = ["target", "progress", "status", "Deliver", "councils", "peer", "support", "the", "of", "review"]
    out: list[Word] = []
    y = 10.0
    while len(out) < n_words:
        if rng.random() < 0.5:
            out.append(Word(f"E{len(out)}", 2.0, y, 14.0, y + 9.0, 1, size=9.0))
        x = 30.0
        for _ in range(rng.randint(2, 5)):
            for _ in range(rng.randint(1, 4)):
                text = rng.choice(vocabulary)
                out.append(Word(text, x, y, x + 4.5 * len(text), y + 9.0, 1, size=9.0))
                x += 4.5 * len(text) + 3
            x += 40
        y += 11.0
    return PageContent(1, 800.0, y + 20, out)


def status_column_page(n_lines: int) -> tuple[PageContent, list[Any]]:
    """A page of lines each ending in a status word set apart, the status words at so many
    x positions that each few make a column of their own, spread down the whole page: the
    header-less table search's worst case (every column spans the page)."""
    out: list[Word] = []
    columns = max(n_lines // 4, 1)
    for i in range(n_lines):
        y = 10.0 + 11.0 * i
        out.append(Word("Reduce", 30.0, y, 60.0, y + 9.0, 1, size=9.0))
        out.append(Word("risk", 63.0, y, 80.0, y + 9.0, 1, size=9.0))
        x = 200.0 + 13.0 * (i % columns)
        out.append(Word("Stable", x, y, x + 27.0, y + 9.0, 1, size=9.0))
    page = PageContent(1, 200.0 + 13.0 * columns + 100, 11.0 * n_lines + 20, out)
    return page, group_lines(page.words)


@dataclass(frozen=True)
class Corner:
    name: str
    unit: str
    sizes: tuple[int, ...]  # N, 2N (, 4N)
    build: Callable[[int], Any]
    run: Callable[[Any], object]


def _link(size: int) -> tuple[list[Deliverable], list[QuarterlyRow]]:
    return link_input(round(math.sqrt(size)))


def _numbers(text: str) -> object:
    return quantities(text), delivered_headline(text, target_headline("Support at least 100 councils"))


def _header(page: PageContent) -> object:
    return find_headers(page, group_lines(page.words), ExtractSettings())


def _reconcile(size: int) -> list[Any]:
    return [doc_from_dict(d) for d in generate(2, size)[0]]


CORNERS = [
    Corner("link", "pairs", (160_000, 320_000, 640_000), _link,
           lambda built: link_quarterly(built[0], built[1], ExtractSettings())),
    Corner("numbers", "characters", (100_000, 200_000, 400_000), long_cell, _numbers),
    Corner("text rows", "characters", (150_000, 300_000), text_extraction,
           lambda lines: recover_text_rows(lines, ExtractSettings())),
    Corner("header scan", "words", (5_000, 10_000, 20_000), plain_page, _header),
    Corner("headerless", "lines", (4_000, 8_000, 16_000), status_column_page,
           lambda built: find_headerless(built[0], built[1], STATUS_PHRASES)),
    Corner("reconcile", "rows a side", (6_000, 12_000), _reconcile, reconcile),
]


def timed(corner: Corner, size: int, repeats: int) -> float:
    """The least of ``repeats`` runs, in seconds (the input is built once, outside the timing)."""
    built = corner.build(size)
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        corner.run(built)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="N and 2N only, one run each")
    args = parser.parse_args()
    print(f"{'corner':12} {'N':>18} {'N time':>8} {'2N time':>8} {'4N time':>8} {'2N/N':>6}  verdict")
    failed = []
    for corner in CORNERS:
        sizes = corner.sizes[:2] if args.quick else corner.sizes
        repeats = 1 if args.quick or corner.name == "reconcile" else 3
        seconds = [timed(corner, size, repeats) for size in sizes]
        ratio = seconds[1] / max(seconds[0], 1e-9)
        later = f"{seconds[2]:7.2f}s" if len(seconds) > 2 else f"{'-':>8}"
        verdict = "linear" if ratio <= LINEAR else "NOT LINEAR"
        if ratio > LINEAR:
            failed.append(corner.name)
        print(f"{corner.name:12} {f'{sizes[0]:,} {corner.unit}':>18} {seconds[0]:7.2f}s {seconds[1]:7.2f}s {later} "
              f"{ratio:6.2f}  {verdict}", flush=True)
    if failed:
        print(f"\ngrows faster than linearly: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
