"""A generator of monitoring report series: random bodies' reports, rendered three ways.

Each report is drawn from a seed (:func:`.spec.make_report`): a body, a heading vocabulary, a
status scheme (words, letters, colour only with or without a key, coloured symbols, BRAG,
phrases, none), one to three status columns, a hierarchy (section rows, merged group cells,
table captions), rules and fills, landscape pages, several tables with prose between them,
tables that are not monitoring tables, KPI tables and record blocks. The records a careful
reader takes from it are derived from the same spec (:func:`.expected.expected_records`), so a
renderer's PDF can be extracted and compared exactly.

Renderers (:data:`RENDERERS`, each a module with ``render(report, path)``): ``pdf`` (reportlab,
drawn directly), ``docx`` (python-docx, then LibreOffice), ``html`` (Chromium). Usage::

    python -m series --seed 7 --renderer html --out /tmp/series
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from .expected import expected_records
from .spec import Report, make_report

__all__ = ["RENDERERS", "Report", "expected_records", "make_report", "renderer"]

RENDERERS = ("pdf", "docx", "html")


def renderer(name: str) -> Callable[[Report, Path], Path]:
    """The render function of a renderer by name (imported when asked for: each needs its own tools)."""
    if name not in RENDERERS:
        raise ValueError(f"unknown renderer {name!r}: one of {', '.join(RENDERERS)}")
    render: Callable[[Report, Path], Path] = importlib.import_module(f".{name}", __name__).render
    return render
