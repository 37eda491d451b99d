"""Benchmark: accuracy over generated report series, per renderer and per feature, in one run.

    python bench/series.py                   # 100 seeds × 3 renderers = 300 reports
    python bench/series.py --seeds 20        # a quicker look
    python bench/series.py --renderers pdf html --start 100

Each seed draws a report (samples/series: body, vocabulary, status scheme, hierarchy, rules,
layouts); each renderer turns it into a PDF (reportlab directly, LibreOffice from DOCX,
Chromium from HTML); the extractor reads it and the records are compared with what went in
(:func:`series.score.score`). Rendered PDFs are kept in bench/data/series/ (git-ignored), in a
folder named by a hash of the generator's source, so a changed generator renders afresh.

Printed, side by side for the renderers: records expected / found / exactly right / wrong
fields left unflagged and extraction seconds per page; then, for every feature the generator
draws, the share of its reports' records exactly right; then which fields were wrong. The
issue's bar: ≥ 99 % of records exactly right, and no wrong field unflagged.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

from series import RENDERERS, expected_records, make_report, renderer  # noqa: E402
from series.score import score  # noqa: E402

DATA = ROOT / "bench" / "data" / "series"
TARGET = 0.99


@dataclass
class Outcome:
    """One report through one renderer."""

    renderer: str
    seed: int
    features: set[str]
    expected: int = 0
    found: int = 0
    exact: int = 0
    unflagged: int = 0
    extra: int = 0
    pages: int = 0
    seconds: float = 0.0
    wrong: list[str] = field(default_factory=list)
    error: str = ""


def generator_version() -> str:
    """A short hash of the generator's source: rendered PDFs are reused only while it is unchanged."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "samples" / "series").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def run_one(name: str, seed: int, folder: Path) -> Outcome:
    """Render (unless kept from an earlier run), extract and score one report."""
    import pypdfium2 as pdfium

    from trackrecord import document_to_dict, extract_document
    from trackrecord.extract.errors import ExtractionError

    report = make_report(seed)
    outcome = Outcome(name, seed, set(report.features))
    pdf = folder / f"{name}-{seed}.pdf"
    try:
        if not pdf.exists():
            partial = folder / f"{name}-{seed}.part.pdf"
            renderer(name)(report, partial)
            partial.replace(pdf)
        outcome.pages = len(pdfium.PdfDocument(str(pdf)))
        start = time.perf_counter()
        got = document_to_dict(extract_document(pdf))
        outcome.seconds = time.perf_counter() - start
    except (ExtractionError, RuntimeError) as error:
        outcome.error = str(error).splitlines()[0][:120]
        outcome.expected = len(expected_records(report))
        return outcome
    result = score(report, got)
    outcome.expected, outcome.found, outcome.exact = result.expected, result.found, result.exact
    outcome.unflagged, outcome.extra, outcome.wrong = len(result.unflagged), result.extra, result.wrong
    return outcome


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f}%" if whole else "     – "


def print_report(outcomes: list[Outcome], names: list[str]) -> None:
    by = {n: [o for o in outcomes if o.renderer == n] for n in names}
    width = 22
    print("\n== per renderer " + "=" * 60)
    print(f"{'':26}" + "".join(f"{n:>{width}}" for n in names) + f"{'all':>{width}}")
    groups = [*by.values(), outcomes]

    def row(label: str, value: object) -> None:
        print(f"{label:26}" + "".join(f"{value(g):>{width}}" for g in groups))  # type: ignore[operator]

    row("reports", lambda g: len(g))
    row("reports not read", lambda g: sum(1 for o in g if o.error))
    row("records expected", lambda g: sum(o.expected for o in g))
    row("records found", lambda g: share(sum(o.found for o in g), sum(o.expected for o in g)))
    row("records exactly right", lambda g: share(sum(o.exact for o in g), sum(o.expected for o in g)))
    row("wrong fields unflagged", lambda g: sum(o.unflagged for o in g))
    row("extra rows", lambda g: sum(o.extra for o in g))
    row("extract s/page", lambda g: f"{sum(o.seconds for o in g) / max(1, sum(o.pages for o in g)):.3f}")

    print("\n== records exactly right, per feature " + "=" * 38)
    print(f"{'feature':26}" + "".join(f"{n:>{width}}" for n in names) + f"{'all':>{width}}")
    features = sorted(set().union(*(o.features for o in outcomes)))
    for feature in features:
        cells = []
        for g in groups:
            having = [o for o in g if feature in o.features]
            expected = sum(o.expected for o in having)
            cells.append(f"{share(sum(o.exact for o in having), expected)} of {expected:<5}" if expected else "–")
        flag = "" if all(o.exact == o.expected and not o.error for o in outcomes if feature in o.features) else "  <"
        print(f"{feature:26}" + "".join(f"{c:>{width}}" for c in cells) + flag)

    print("\n== wrong fields (all renderers) " + "=" * 44)
    fields = Counter(w.split(":")[0] for o in outcomes for w in o.wrong)
    for name, count in fields.most_common():
        print(f"  {name:24} {count}")
    worst = sorted((o for o in outcomes if o.exact < o.expected or o.error), key=lambda o: o.exact - o.expected)
    if worst:
        print("\n== reports not exactly right " + "=" * 47)
        for o in worst[:30]:
            print(f"  {o.renderer:5} seed {o.seed:4}: {o.exact}/{o.expected} exact  "
                  f"{o.error or '; '.join(o.wrong[:2])[:110]}")
    total = sum(o.expected for o in outcomes)
    exact = sum(o.exact for o in outcomes)
    unflagged = sum(o.unflagged for o in outcomes)
    met = total and exact / total >= TARGET and unflagged == 0
    print(f"\nbar (≥ {TARGET:.0%} exactly right, no wrong field unflagged): {'met' if met else 'NOT met'} "
          f"({share(exact, total).strip()}, {unflagged} unflagged)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100, help="seeds per renderer (default 100)")
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--renderers", nargs="+", choices=RENDERERS, default=list(RENDERERS))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = DATA / generator_version()
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(n, s) for s in range(args.start, args.start + args.seeds) for n in args.renderers]
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(run_one, n, s, folder) for n, s in jobs]
        for k, future in enumerate(futures, 1):
            outcomes.append(future.result())
            if k % 25 == 0:
                print(f"  {k}/{len(jobs)} reports, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"{len(outcomes)} reports (seeds {args.start}–{args.start + args.seeds - 1}) in "
          f"{time.perf_counter() - started:.0f} s; PDFs in {folder.relative_to(ROOT)}")
    print_report(outcomes, args.renderers)


if __name__ == "__main__":
    main()
