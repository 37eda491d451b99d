"""Word and Excel reports against their PDF twins, and a tracker sheet as it grows, in one run.

    python bench/office.py [--repeat 3] [--rows 2000]

For each sample report: its PDF, Word and Excel forms read side by side — deliverables and
quarterly rows found, rows exactly as the sample's expectation, seconds (best of ``--repeat``).
Then a tracker workbook of N and 2N rows (and a Word table of as many): seconds and the ratio,
which says whether the cost per row stays flat as a sheet grows.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
NARRATIVE = ("ref", "section", "subsection", "status", "target", "delivered", "target_value", "delivered_value")


def _best(path: Path, repeat: int) -> tuple[float, dict]:
    from trackrecord import document_to_dict, extract_document

    best, out = float("inf"), {}
    for _ in range(repeat):
        started = time.perf_counter()
        out = document_to_dict(extract_document(path))
        best = min(best, time.perf_counter() - started)
    return best, out


def _tracker(path: Path, rows: int) -> None:
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Target", "Progress", "Status"])
    fills = {"Green": "66BF59", "Amber": "FFBF00", "Red": "E6331F"}
    for i in range(rows):
        if i % 25 == 0:
            sheet.append([f"Section {i // 25 + 1}"])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
        status = ("Green", "Amber", "Red")[i % 3]
        sheet.append([f"T{i + 1}", f"Deliver the {i + 1}th commitment to at least {i % 90 + 10} councils",
                      f"Delivered to {i % 80 + 5} councils by the end of the quarter", status])
        sheet.cell(row=sheet.max_row, column=4).fill = PatternFill("solid", fgColor=fills[status])
    book.save(path)


def _word_table(path: Path, rows: int) -> None:
    from docx import Document

    document = Document()
    document.add_heading("Delivery plan: progress", level=1)
    table = document.add_table(rows=1, cols=4)
    for cell, heading in zip(table.rows[0].cells, ["Ref", "Target", "Progress", "Status"]):
        cell.text = heading
    for i in range(rows):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = f"T{i + 1}", f"Deliver the {i + 1}th commitment to {i % 90 + 10} councils"
        cells[2].text, cells[3].text = f"Delivered to {i % 80 + 5} councils", ("Green", "Amber", "Red")[i % 3]
    document.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'sample':26} {'form':5} {'deliverables':>12} {'quarterly':>9} {'exact':>9} {'seconds':>8}")
    for expected in sorted((SAMPLES / "expected").glob("*.json")):
        if not (SAMPLES / f"{expected.stem}.pdf").exists():
            continue
        want = json.loads(expected.read_text(encoding="utf-8"))
        forms = [("pdf", SAMPLES / f"{expected.stem}.pdf")] + [
            (form, SAMPLES / "office" / form / f"{expected.stem}.{form}") for form in ("docx", "xlsx")]
        for form, path in forms:
            seconds, out = _best(path, args.repeat)
            exact = sum({k: d[k] for k in NARRATIVE} == w for d, w in zip(out["deliverables"], want["deliverables"]))
            print(f"{expected.stem:26} {form:5} {len(out['deliverables']):>12} {len(out['quarterly']):>9} "
                  f"{exact:>4}/{len(want['deliverables']):<4} {seconds:>8.3f}")
    print(f"\n{'grown file':26} {'rows':>7} {'seconds':>8} {'ms/row':>7} {'2N/N':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in (("tracker sheet (.xlsx)", _tracker), ("Word table (.docx)", _word_table)):
            previous = None
            for rows in (args.rows, 2 * args.rows):
                path = Path(folder) / f"grown-{rows}{'.xlsx' if make is _tracker else '.docx'}"
                make(path, rows)
                seconds, out = _best(path, 1)
                assert len(out["deliverables"]) == rows, (name, rows, len(out["deliverables"]))
                ratio = f"{seconds / previous:6.2f}" if previous else ""
                print(f"{name:26} {rows:>7} {seconds:>8.2f} {1000 * seconds / rows:>7.2f} {ratio}")
                previous = seconds


if __name__ == "__main__":
    sys.exit(main())
