"""Render a report as HTML and print it to PDF with Chromium (Debian's ``chromium``, headless).

Tables are real HTML tables: goal-level columns are ``rowspan`` cells over their group's rows
(split over page breaks as Chromium splits them), the header row is a ``thead`` that Chromium
repeats on every page, status cells are filled with their colour, symbols are coloured, and a
hidden status word is text in its cell's own colour.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from .spec import CellSpec, LegendSpec, RecordBlocksSpec, Report, TableSpec

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer"]
FONTS = {"sans": "'Liberation Sans', Arial, sans-serif", "serif": "'Liberation Serif', 'Times New Roman', serif"}
HEADER = {"bold": "", "fill": "background:#d9e1f2;", "dark": "background:#1f3864;color:#ffffff;"}
SECTION = {"section": "background:#bfbfbf;font-weight:bold;", "subsection": "font-weight:bold;font-style:italic;"}
ZEBRA = ("#dae3f3", "#eef2fa")


def chromium() -> str:
    """The Chromium program, or an error saying how to install it."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("rendering HTML needs Chromium: apt-get install chromium (scripts/setup.sh installs it)")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(cell: CellSpec, tag: str = "td", extra: str = "", span: str = "") -> str:
    style = extra + (f"background:{cell.fill};" if cell.fill else "") + ("font-weight:bold;" if cell.bold else "")
    inner = _e(cell.text)
    if cell.symbol:
        inner = (inner + " " if inner else "") + f'<span style="color:{cell.symbol_colour}">{_e(cell.symbol)}</span>'
    if cell.hidden and cell.fill:
        inner += f'<span style="color:{cell.fill};font-size:6pt"> {_e(cell.hidden)}</span>'
    return f'<{tag}{span} style="{style}">{inner}</{tag}>'


def _table(table: TableSpec) -> str:
    n = len(table.columns)
    border = {"grid": "border:0.75pt solid #000;", "zebra": "border:1.5pt solid #ffffff;",
              "horizontal": "border-bottom:0.75pt solid #000;", "none": ""}[table.rules]
    out = []
    if table.caption:
        out.append(f'<p class="caption"><b>{_e(table.caption)}</b></p>')
    out.append(f'<table style="font-size:{table.font_size}pt">')
    out.append("<colgroup>" + "".join(f'<col style="width:{100 * c.width / sum(x.width for x in table.columns):.1f}%">'
                                      for c in table.columns) + "</colgroup>")
    head_style = HEADER[table.header] + border + "font-weight:bold;text-align:left;vertical-align:bottom;"
    out.append("<thead><tr>" + "".join(f'<th style="{head_style}">{_e(c.heading)}</th>' for c in table.columns)
               + "</tr></thead><tbody>")
    spans = _spans(table)
    data_index = 0
    for i, row in enumerate(table.rows):
        if row.kind != "data":
            out.append(f'<tr><td colspan="{n}" style="{border}{SECTION[row.kind]}">{_e(row.text)}</td></tr>')
            continue
        fill = ZEBRA[data_index % 2] if table.rules == "zebra" else None
        data_index += 1
        cells = []
        for c in table.columns:
            cell = row.cells.get(c.role, CellSpec())
            if c.goal_level:
                span = spans.get((i, c.role))
                if span is None:
                    continue  # covered by the merged cell above
                middle = "vertical-align:middle;" if table.rules in ("grid", "zebra") else ""
                attrs = f' rowspan="{span}"' if span > 1 else ""
                cells.append(_cell(cell, extra=border + middle + (f"background:{fill};" if fill else ""), span=attrs))
                continue
            cells.append(_cell(cell, extra=border + (f"background:{fill};" if fill and not cell.fill else "")))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _spans(table: TableSpec) -> dict[tuple[int, str], int]:
    """(row index, role) of each goal-level cell that starts a merge → how many rows it spans."""
    spans: dict[tuple[int, str], int] = {}
    for c in (c for c in table.columns if c.goal_level):
        start: int | None = None
        for i, row in enumerate(table.rows):
            same = start is not None and row.kind == "data" and row.group_key == table.rows[start].group_key
            if same and start is not None:
                spans[start, c.role] += 1
            elif row.kind == "data":
                start = i
                spans[i, c.role] = 1
            else:
                start = None
    return spans


def _legend(legend: LegendSpec) -> str:
    if legend.style == "text":
        parts = "; ".join(f"{_e(status if status != 'Amber' else 'Amber')} – {_e(label)}"
                          for _, label, status in legend.entries)
        return f"<p><b>{_e(legend.title)}:</b> {parts}</p>"
    rows = "".join(f'<tr><td style="background:{colour};width:28pt;border:0.5pt solid #000"></td>'
                   f'<td style="padding-left:6pt">{_e(label)}</td></tr>' for colour, label, _ in legend.entries)
    return f'<p><b>{_e(legend.title)}</b></p><table class="legend" style="width:auto">{rows}</table>'


def _records(blocks: RecordBlocksSpec) -> str:
    out = []
    for item in blocks.items:
        if blocks.ruled:
            rows = "".join(f'<tr><td style="border:0.75pt solid #000;width:22%;font-weight:bold">{_e(label)}</td>'
                           f'<td style="border:0.75pt solid #000">{_e(value)}</td></tr>' for label, value in item)
            out.append(f'<div class="record"><table class="record">{rows}</table></div>')
        else:
            out.append('<div class="record">' + "".join(f"<p><b>{_e(label)}:</b> {_e(value)}</p>"
                                                         for label, value in item) + "</div>")
    return "\n".join(out)


def to_html(report: Report) -> str:
    """Given a report, return it as one HTML page."""
    body = []
    for kind, block in report.blocks:
        if kind == "heading":
            body.append(f"<h1>{_e(block)}</h1>")
        elif kind == "paragraph":
            body.append(f"<p>{_e(block)}</p>")
        elif kind == "legend":
            body.append(_legend(block))
        elif kind == "table":
            body.append(_table(block))
        elif kind == "records":
            body.append(_records(block))
        elif kind == "page_break":
            body.append('<div style="break-after:page"></div>')
    size = "A4 landscape" if report.orientation == "landscape" else "A4"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(report.title)}</title><style>
@page {{ size: {size}; margin: 14mm 12mm; }}
body {{ font-family: {FONTS[report.font]}; font-size: 9pt; }}
h1 {{ font-size: 15pt; margin: 0 0 8pt 0; }}
p {{ margin: 4pt 0; }}
p.caption {{ margin: 10pt 0 2pt 0; }}
table {{ border-collapse: collapse; width: 100%; table-layout: auto; margin: 4pt 0 8pt 0; }}
table.legend, table.record {{ table-layout: auto; }}
th, td {{ padding: 2pt 4pt; vertical-align: top; text-align: left; word-break: keep-all; hyphens: manual; }}
div.record {{ margin-bottom: 10pt; }}
tr {{ break-inside: auto; }}
</style></head><body>
{chr(10).join(body)}
</body></html>
"""


def render(report: Report, path: Path) -> Path:
    """Render a report to a PDF at path through Chromium; return the path."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(to_html(report), encoding="utf-8")
        done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                               f"--print-to-pdf={path.resolve()}", page.as_uri()],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 or not path.exists():
            raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    return path
