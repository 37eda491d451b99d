"""A report as data: blocks of headings, prose, keys, tables and record blocks, drawn from a seed.

Everything a renderer draws is here, and so is everything a reader records (each data row
carries its expected record), so the three renderers draw one report three ways and the
tests compare what comes back with what went in. Each report lists its ``features``
("scheme:brag", "group:merged", "rules:none", ...), so a benchmark can say where it fails.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

from . import vocab

Role = str


@dataclass
class CellSpec:
    """What one cell shows."""

    text: str = ""
    fill: str | None = None  # background, "#rrggbb"
    bold: bool = False
    symbol: str | None = None  # a symbol drawn in ``symbol_colour`` ("●")
    symbol_colour: str | None = None
    hidden: str | None = None  # text drawn in the cell's own fill colour: in the text layer, not on the page


@dataclass
class ColumnSpec:
    """One column: what it holds, its heading, its share of the width."""

    role: Role
    heading: str
    width: float
    goal_level: bool = False  # one value per group of rows, drawn as a merged cell


@dataclass
class RowSpec:
    """A data row (cells by role, its expected record) or a heading row spanning the table."""

    kind: Literal["data", "section", "subsection"]
    cells: dict[Role, CellSpec] = field(default_factory=dict)
    text: str = ""
    record: dict[str, Any] | None = None
    group_key: str | None = None  # rows with one key share the goal-level columns' merged cells


@dataclass
class TableSpec:
    """A table: monitoring (rows are records) or another kind a reader leaves out."""

    kind: Literal["monitoring", "kpi", "glossary", "finance"]
    columns: list[ColumnSpec]
    rows: list[RowSpec]
    rules: Literal["grid", "horizontal", "none", "zebra"] = "grid"
    header: Literal["bold", "fill", "dark"] = "bold"
    caption: str | None = None  # a line just above the table, in bold
    super_header: list[tuple[str, int]] | None = None  # a first header row of headings over column spans
    font_size: float = 8.5


@dataclass
class LegendSpec:
    """A key to the status colours: swatches with labels, or a line of text."""

    entries: list[tuple[str, str, str]]  # (colour, label, status)
    style: Literal["swatches", "text"] = "swatches"
    title: str = "Status key"


@dataclass
class RecordBlocksSpec:
    """Items laid out label by label, one block each ("Objective: …", "Progress: …", "Status: …")."""

    items: list[list[tuple[str, str]]]  # per item: (label, value) in order
    records: list[dict[str, Any]]
    ruled: bool = True


Block = tuple[Literal["heading", "paragraph", "table", "legend", "records", "page_break"], Any]


@dataclass
class Report:
    """One report: its blocks in order and what it is made of."""

    seed: int
    body: str
    title: str
    orientation: Literal["portrait", "landscape"]
    font: Literal["sans", "serif"]
    blocks: list[Block]
    features: set[str] = field(default_factory=set)

    def tables(self) -> list[TableSpec]:
        return [b[1] for b in self.blocks if b[0] == "table"]


# -- drawing a report ---------------------------------------------------------------------

def make_report(seed: int) -> Report:
    """Given a seed, return a report: the same seed always gives the same report."""
    rnd = random.Random(seed)
    body = rnd.choice(vocab.BODIES)
    period = rnd.choice(vocab.PERIODS)
    title = rnd.choice(vocab.TITLES).format(body=body, period=period)
    orientation: Literal["portrait", "landscape"] = rnd.choice(["portrait", "landscape"])
    report = Report(seed, body, title, orientation, rnd.choice(["sans", "serif"]), [("heading", title)])
    report.features |= {f"orientation:{orientation}"}
    if rnd.random() < 0.6:
        report.blocks.append(("paragraph", rnd.choice(vocab.PROSE)))
    scheme = vocab.SCHEMES[rnd.choice(sorted(vocab.SCHEMES))] if rnd.random() < 0.88 else None
    report.features.add(f"scheme:{scheme.name if scheme else 'none'}")
    legend = _legend(rnd, scheme) if scheme is not None and (scheme.legend or rnd.random() < 0.25) else None
    if legend is not None:
        report.blocks.append(("legend", legend))
        report.features.add(f"legend:{legend.style}")
    layout = rnd.choice(["narrative", "narrative", "narrative", "kpi", "records"])
    if layout == "records":
        report.blocks.append(("records", _record_blocks(rnd, scheme)))
        report.features.add("layout:records")
    else:
        tables = rnd.choice([1, 1, 2, 3]) if layout == "narrative" else 1
        captioned = tables > 1 and rnd.random() < 0.5
        style = _table_style(rnd, report)
        for k in range(tables):
            if k and rnd.random() < 0.7:
                report.blocks.append(("paragraph", rnd.choice(vocab.PROSE)))
            table = _monitoring_table(rnd, scheme, style, captioned, report) if layout == "narrative" \
                else _kpi_table(rnd, scheme, style, report)
            report.blocks.append(("table", table))
        report.features.add(f"layout:{layout}" + (f"x{tables}" if tables > 1 else ""))
    if rnd.random() < 0.35:
        distractor = rnd.choice(["glossary", "finance"])
        report.blocks.append(("paragraph", rnd.choice(vocab.PROSE)))
        report.blocks.append(("table", _glossary(rnd) if distractor == "glossary" else _finance(rnd)))
        report.features.add(f"distractor:{distractor}")
    return report


def _table_style(rnd: random.Random, report: Report) -> dict[str, Any]:
    rules = rnd.choice(["grid", "grid", "horizontal", "none", "zebra"])
    header = rnd.choice(["bold", "fill", "dark"]) if rules != "none" else "bold"
    report.features |= {f"rules:{rules}", f"header:{header}"}
    return {"rules": rules, "header": header, "font_size": rnd.choice([8.0, 8.5, 9.0, 10.0])}


def _heading(rnd: random.Random, role: Role, taken: set[str]) -> str:
    options = [h for h in vocab.HEADINGS[role] if h not in taken]
    choice = rnd.choice(options)
    taken.add(choice)
    return choice


def _legend(rnd: random.Random, scheme: vocab.StatusScheme) -> LegendSpec:
    entries = [(vocab.COLOURS[s][0], rnd.choice(vocab.LEGEND_WORDS[s]), s) for s in scheme.values]
    style: Literal["swatches", "text"] = "swatches" if scheme.legend or rnd.random() < 0.5 else "text"
    return LegendSpec(entries, style, rnd.choice(["Status key", "Key", "Status Legend", "RAG key"]))


def _sentence(rnd: random.Random) -> str:
    n = rnd.randint(2, 400)
    when = rnd.choice(["by March 2024", "by the end of the year", "during 2023/24", "", "by Q4"])
    text = f"{rnd.choice(vocab.VERBS)} {n} {rnd.choice(vocab.THINGS)} {rnd.choice(vocab.PLACES)}"
    return f"{text} {when}".strip() + "."


def _progress(rnd: random.Random) -> str:
    parts = rnd.sample(vocab.PROGRESS, rnd.randint(1, 4))
    if rnd.random() < 0.5:
        parts.insert(1, f"{rnd.randint(2, 300)} {rnd.choice(vocab.THINGS)} have been delivered so far")
    return ". ".join(parts) + "."


def _status_cell(rnd: random.Random, scheme: vocab.StatusScheme, status: str, hidden: bool) -> CellSpec:
    colour = "#ffff00" if scheme.name == "yellow" and status == "Amber" else rnd.choice(vocab.COLOURS[status][:2])
    cell = CellSpec(text=scheme.shows[status])
    if scheme.fill:
        cell.fill = colour
        if hidden and not cell.text:
            cell.hidden = f"{vocab.LEGEND_WORDS[status][0]} ({'yellow' if colour == '#ffff00' else status.lower()})"
    if scheme.symbol:
        cell.symbol, cell.symbol_colour = "●", colour
    return cell


def _ref(scheme: str, section: int, k: int) -> str | None:
    if scheme == "letters":
        return f"{'EFGHJK'[section % 6]}{k}"
    if scheme == "dotted":
        return f"{section + 1}.{k}"
    if scheme == "padded":
        return f"PS-{(section * 20 + k):02d}"
    return None


def _monitoring_table(rnd: random.Random, scheme: vocab.StatusScheme | None, style: dict[str, Any],
                      captioned: bool, report: Report) -> TableSpec:
    taken: set[str] = set()
    grouping = rnd.choice(["none", "sections", "subsections", "merged", "merged"])
    if captioned:
        grouping = rnd.choice(["none", "merged"])
    report.features.add(f"group:{'caption+' if captioned else ''}{grouping}")
    ref_scheme = rnd.choice(["none", "none", "letters", "dotted", "padded"])
    report.features.add(f"refs:{ref_scheme}")
    columns: list[ColumnSpec] = []
    if grouping == "merged":
        columns.append(ColumnSpec("group", _heading(rnd, "group", taken), 0.2, goal_level=True))
    if ref_scheme != "none":
        columns.append(ColumnSpec("ref", _heading(rnd, "ref", taken), 0.06))
    columns.append(ColumnSpec("target", _heading(rnd, "target", taken), 0.3))
    status_cols: list[str] = []
    has_progress = (scheme is None and rnd.random() < 0.5) or (scheme is not None and rnd.random() < 0.9)
    if has_progress:
        columns.append(ColumnSpec("delivered", _heading(rnd, "delivered", taken), 0.36))
    if rnd.random() < 0.25:
        columns.append(ColumnSpec("percent", _heading(rnd, "percent", taken), 0.08))
        report.features.add("percent")
    if scheme is not None:
        columns.append(ColumnSpec("status", _heading(rnd, "status", taken), 0.1))
        status_cols.append("status")
        extra = rnd.random()
        if extra < 0.2:
            columns.append(ColumnSpec("status_previous", _heading(rnd, "status_previous", taken), 0.1))
            status_cols.append("status_previous")
        if grouping == "merged" and extra > 0.6:
            columns.append(ColumnSpec("status_goal", _heading(rnd, "status_goal", taken), 0.1, goal_level=True))
            status_cols.append("status_goal")
        if rnd.random() < 0.2:
            columns.append(ColumnSpec("trend", _heading(rnd, "trend", taken), 0.08))
            status_cols.append("trend")
        report.features.add(f"status_columns:{len(status_cols)}")
    for role in ("owner", "date", "measure"):
        if rnd.random() < (0.5 if scheme is None else 0.25):
            columns.append(ColumnSpec(role, _heading(rnd, role, taken), 0.12))
    if scheme is None and not has_progress and not any(c.role in ("owner", "date", "measure") for c in columns):
        columns.append(ColumnSpec("date", _heading(rnd, "date", taken), 0.12))  # a list of bare items is no plan
    if rnd.random() < 0.15:
        columns.append(ColumnSpec("other", _heading(rnd, "other", taken), 0.12))
    if rnd.random() < 0.3:  # the status first, as some series print it
        moved = [c for c in columns if c.role == "status"]
        columns = moved + [c for c in columns if c.role != "status"]
    trend_scheme = rnd.choice(sorted(vocab.TRENDS))
    hidden = scheme is not None and scheme.fill and not any(scheme.shows.values()) and rnd.random() < 0.5
    if hidden:
        report.features.add("hidden_text")
    rows: list[RowSpec] = []
    n_groups = rnd.randint(2, 4)
    sections = rnd.sample(vocab.THEMES, n_groups)
    goals = rnd.sample(vocab.GOALS, n_groups)
    caption = f"Goal {rnd.randint(1, 5)}.{rnd.randint(1, 9)} – {rnd.choice(vocab.GOALS)}" if captioned else None
    k = 0
    for g in range(n_groups):
        group: list[str] = [caption] if caption else []
        if grouping in ("sections", "subsections"):
            rows.append(RowSpec("section", text=sections[g]))
            group = [*group, sections[g]]
        goal_text = f"{g + 1}. {goals[g]}"
        goal_status = rnd.choice(scheme.values) if scheme is not None else None
        subsections = rnd.sample(["Political leadership:", "Service delivery:", "Partnerships:", "Resources:"], 2)
        for sub in subsections if grouping == "subsections" else [None]:
            sub_group = group
            if sub is not None:
                rows.append(RowSpec("subsection", text=sub))
                sub_group = [*group, sub]
            for _ in range(rnd.randint(1, 4)):
                k += 1
                record: dict[str, Any] = {"target": _sentence(rnd), "group": list(sub_group),
                                          "section": sections[g] if grouping in ("sections", "subsections") else None,
                                          "subsection": sub}
                if grouping == "merged":
                    record["group"] = [*sub_group, goal_text]
                cells: dict[Role, CellSpec] = {"target": CellSpec(record["target"])}
                ref = _ref(ref_scheme, g, k)
                record["ref"] = ref
                if ref:
                    cells["ref"] = CellSpec(ref)
                record["delivered"] = None
                if has_progress:
                    text = _progress(rnd) if rnd.random() < 0.93 else ""
                    cells["delivered"] = CellSpec(text)
                    record["delivered"] = text or None
                record["status"] = None
                record["statuses"] = {}
                if scheme is not None:
                    status = rnd.choice(scheme.values)
                    cells["status"] = _status_cell(rnd, scheme, status, hidden)
                    record["status"] = status
                    if "status_previous" in status_cols:
                        previous = rnd.choice(scheme.values)
                        cells["status_previous"] = _status_cell(rnd, scheme, previous, hidden)
                        record["statuses"]["previous"] = previous
                    if "status_goal" in status_cols:
                        assert goal_status is not None
                        cells["status_goal"] = _status_cell(rnd, scheme, goal_status, hidden)
                        record["statuses"]["goal"] = goal_status
                    if "trend" in status_cols:
                        trend = rnd.choice(sorted(vocab.TRENDS[trend_scheme]))
                        cells["trend"] = CellSpec(vocab.TRENDS[trend_scheme][trend])
                        record["statuses"]["trend"] = trend
                record["percent_complete"] = None
                if any(c.role == "percent" for c in columns):
                    pct = rnd.choice([0, 10, 25, 40, 50, 75, 90, 100])
                    cells["percent"] = CellSpec(f"{pct}%")
                    record["percent_complete"] = pct
                for role in ("owner", "date", "measure", "other"):
                    if any(c.role == role for c in columns):
                        value = {"owner": vocab.NAMES, "date": vocab.DATES, "measure": vocab.PROGRESS,
                                 "other": vocab.PROGRESS}[role]
                        cells[role] = CellSpec(rnd.choice(value))
                if grouping == "merged":
                    cells["group"] = CellSpec(goal_text)
                rows.append(RowSpec("data", cells, record=record, group_key=goal_text if grouping == "merged"
                                    else None))
    return TableSpec("monitoring", columns, rows, caption=caption, **style)


def _kpi_table(rnd: random.Random, scheme: vocab.StatusScheme | None, style: dict[str, Any],
               report: Report) -> TableSpec:
    taken: set[str] = set()
    columns = [ColumnSpec("target", _heading(rnd, "kpi", taken), 0.34),
               ColumnSpec("kpi_target", _heading(rnd, "kpi_target", taken), 0.09),
               ColumnSpec("actual", _heading(rnd, "actual", taken), 0.09)]
    floor = rnd.random() < 0.5
    if floor:
        columns.append(ColumnSpec("floor", _heading(rnd, "floor", taken), 0.09))
    if scheme is not None:
        columns.append(ColumnSpec("status", _heading(rnd, "status", taken), 0.1))
    trend = rnd.random() < 0.5
    trend_scheme = rnd.choice(sorted(vocab.TRENDS))
    if trend:
        columns.append(ColumnSpec("trend", _heading(rnd, "trend", taken), 0.09))
    columns.append(ColumnSpec("delivered", _heading(rnd, "delivered", taken), 0.3))
    report.features |= {"kpi", *(["kpi:floor"] if floor else [])}
    rows: list[RowSpec] = []
    themes = rnd.sample(vocab.THEMES, rnd.randint(1, 3))
    for theme in themes:
        if len(themes) > 1:
            rows.append(RowSpec("section", text=theme))
        for kpi in rnd.sample(vocab.KPIS, rnd.randint(2, 5)):
            percent = kpi.startswith("Percentage")
            target = rnd.randint(60, 98) if percent else rnd.randint(20, 900)
            actual = round(target * rnd.uniform(0.7, 1.2), 1 if percent else 0)
            actual = int(actual) if float(actual).is_integer() else actual
            floor_value = round(target * 0.8) if floor else None
            unit = "%" if percent else ""
            cells = {"target": CellSpec(kpi), "kpi_target": CellSpec(f"{target}{unit}"),
                     "actual": CellSpec(f"{actual}{unit}"), "delivered": CellSpec(_progress(rnd))}
            record: dict[str, Any] = {"target": kpi, "ref": None, "delivered": cells["delivered"].text,
                                      "group": [theme] if len(themes) > 1 else [], "status": None, "statuses": {},
                                      "section": theme if len(themes) > 1 else None, "subsection": None,
                                      "percent_complete": None, "target_value": target, "actual_value": actual,
                                      "floor_value": floor_value}
            if floor:
                cells["floor"] = CellSpec(f"{floor_value}{unit}")
            if scheme is not None:
                status = rnd.choice(scheme.values)
                cells["status"] = _status_cell(rnd, scheme, status, False)
                record["status"] = status
            if trend:
                direction = rnd.choice(sorted(vocab.TRENDS[trend_scheme]))
                cells["trend"] = CellSpec(vocab.TRENDS[trend_scheme][direction])
                record["statuses"]["trend"] = direction
            rows.append(RowSpec("data", cells, record=record))
    return TableSpec("kpi", columns, rows, **style)


def _record_blocks(rnd: random.Random, scheme: vocab.StatusScheme | None) -> RecordBlocksSpec:
    labels = rnd.choice([("Objective", "Progress", "Status"), ("Criterion", "Evidence", "Result"),
                         ("Commitment", "Update", "RAG rating")])
    items, records = [], []
    for _ in range(rnd.randint(3, 7)):
        target, progress = _sentence(rnd), _progress(rnd)
        pairs = [(labels[0], target), ("Lead", rnd.choice(vocab.NAMES)), (labels[1], progress)]
        record: dict[str, Any] = {"target": target, "delivered": progress, "ref": None, "group": [],
                                  "section": None, "subsection": None,
                                  "status": None, "statuses": {}, "percent_complete": None}
        if scheme is not None and any(scheme.shows.values()):
            status = rnd.choice(scheme.values)
            pairs.append((labels[2], scheme.shows[status]))
            record["status"] = status
        items.append(pairs)
        records.append(record)
    return RecordBlocksSpec(items, records, ruled=rnd.random() < 0.6)


def _glossary(rnd: random.Random) -> TableSpec:
    rows = [RowSpec("data", {"term": CellSpec(t, bold=True), "definition": CellSpec(d)})
            for t, d in rnd.sample(vocab.GLOSSARY, 4)]
    return TableSpec("glossary", [ColumnSpec("term", "Term", 0.25), ColumnSpec("definition", "Definition", 0.75)],
                     rows, rules=rnd.choice(["grid", "none"]))


def _finance(rnd: random.Random) -> TableSpec:
    columns = [ColumnSpec("line", "Budget line", 0.4), ColumnSpec("budget", "Budget £000", 0.2),
               ColumnSpec("forecast", "Forecast £000", 0.2), ColumnSpec("variance", "Variance £000", 0.2)]
    rows = [RowSpec("data", dict(zip(("line", "budget", "forecast", "variance"), map(CellSpec, r))))
            for r in vocab.FINANCE]
    return TableSpec("finance", columns, rows, rules="grid")
