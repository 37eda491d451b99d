"""Render generated reports: ``python -m series --seed 7 --renderer html --out /tmp/series``.

Writes ``{renderer}-{seed}.pdf`` and its expected records ``{renderer}-{seed}.expected.json``
(run from ``samples/``, or with ``samples/`` on the path).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import RENDERERS, expected_records, make_report, renderer


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m series", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, nargs="+", default=[0])
    parser.add_argument("--renderer", choices=RENDERERS, default="pdf")
    parser.add_argument("--out", type=Path, default=Path("series-out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    render = renderer(args.renderer)
    for seed in args.seed:
        report = make_report(seed)
        pdf = render(report, args.out / f"{args.renderer}-{seed}.pdf")
        (args.out / f"{args.renderer}-{seed}.expected.json").write_text(
            json.dumps(expected_records(report), indent=1, ensure_ascii=False), encoding="utf-8")
        print(pdf, " ".join(sorted(report.features)))


if __name__ == "__main__":
    main()
