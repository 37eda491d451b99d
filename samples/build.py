"""Build the sample PDF reports and their expected outputs, deterministically.

The content (``samples/content/*.json``) is the text of the two seed reports as a person
reads the original, without the extraction damage; see ``samples/README.md`` for how it was
recovered. Each sample is one layout of that content, chosen to exercise what real report
series do differently. The expected output of each sample is written from the same content,
so it states what a careful reader of the PDF would record, independent of the extractor.

Run: ``python samples/build.py`` (rewrites ``samples/*.pdf`` and ``samples/expected/``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render import Column, Document, Row, TableStyle
from word_excel import DocxDocument, XlsxDocument

HERE = Path(__file__).resolve().parent
#: what draws a sample: the PDF renderer, or one of its Office twins (same calls, same content)
Maker = Callable[..., Any]
OFFICE_TWINS: dict[str, Maker] = {".docx": DocxDocument, ".xlsx": XlsxDocument}
CONTENT = HERE / "content"

NARRATIVE_FIELDS = ("ref", "section", "subsection", "status", "target", "delivered",
                    "target_value", "delivered_value")
QUARTERLY_FIELDS = ("theme", "deliverable", "target", "q1", "q2", "q3", "q4", "total",
                    "pct_achieved", "commentary")


def load(name: str) -> list[dict[str, Any]]:
    """Given a content file stem, return its rows."""
    return json.loads((CONTENT / f"{name}.json").read_text(encoding="utf-8"))


def narrative_rows(items: list[dict[str, Any]], hide_word: Callable[[int], bool] = lambda i: False
                   ) -> list[Row]:
    """Given content rows, return renderer rows with section and sub-section rows interleaved."""
    out: list[Row] = []
    section = subsection = None
    for i, item in enumerate(items):
        if item["section"] != section:
            section, subsection = item["section"], None
            out.append(Row("section", text=section))
        if item["subsection"] and item["subsection"] != subsection:
            subsection = item["subsection"]
            out.append(Row("subsection", text=subsection))
        status = item["status"]
        out.append(Row("row", cells={"ref": item["ref"] or "", "target": item["target"],
                                     "delivered": item["delivered"] or "", "status": status or ""},
                       status=status, show_status_word=not hide_word(i)))
    return out


def quarterly_rows(items: list[dict[str, Any]]) -> list[Row]:
    """Given quarterly content rows, return renderer rows; the theme shows on a group's first row."""
    out: list[Row] = []
    theme = None
    for item in items:
        raw = item.get("raw", {})
        cells = {"theme": item["theme"] if item["theme"] != theme else "",
                 "deliverable": item["deliverable"], "commentary": item["commentary"] or ""}
        theme = item["theme"]
        for key in ("target", "q1", "q2", "q3", "q4", "total"):
            cells[key] = raw.get(key, "" if item[key] is None else f"{item[key]:,}")
        pct = item["pct_achieved"]
        cells["pct_achieved"] = raw.get("pct_achieved", "" if pct is None else f"{pct}%")
        out.append(Row("row", cells=cells))
    return out


def expected(items: list[dict[str, Any]], fields: tuple[str, ...], doc_id: str = "") -> list[dict[str, Any]]:
    """Given content rows, return the expected records: the fields a reader would record."""
    out = []
    for item in items:
        record = {k: item.get(k) for k in fields}
        if record.get("status"):
            record["status"] = record["status"].capitalize()
        if "matches_deliverable_seq" in item:
            seq = item["matches_deliverable_seq"]
            record["matches_deliverable"] = None if seq is None else f"{doc_id}/{seq:03d}"
        out.append(record)
    return out


@dataclass(frozen=True)
class Sample:
    """One sample report: how to draw it and what a reader expects from it."""

    doc_id: str
    description: str
    build: Callable[[Path, Maker], None]
    period: dict[str, str]
    narrative: str
    quarterly: str | None = None


NARRATIVE_2017 = [
    Column("Ref", 0.07, "ref"),
    Column("Target", 0.33, "target"),
    Column("What have we delivered by end of March 2018", 0.45, "delivered"),
    Column("Has the target been achieved?", 0.15, "status", align="centre"),
]


def build_2017_ruled(path: Path, maker: Maker = Document) -> None:
    doc = maker(path, "LGA Improvement Programme 2017/18: end of year report")
    doc.new_page("portrait")
    doc.heading("Sector-led improvement 2017/18: end of year monitoring report")
    doc.paragraph("Progress against the deliverables in the improvement programme, as reported to the "
                  "Improvement and Innovation Board.")
    doc.table(NARRATIVE_2017, narrative_rows(load("lga-2017-18.narrative")), TableStyle(rules="grid"))
    doc.save()


def build_2017_unruled(path: Path, maker: Maker = Document) -> None:
    doc = maker(path, "Improvement plan 2017/18 - progress", footer="{page}")
    doc.new_page("portrait")
    doc.heading("Improvement plan 2017/18: progress report")
    columns = [
        Column("Deliverable", 0.38, "target"),
        Column("RAG", 0.08, "status"),
        Column("Progress to date (end of March 2018)", 0.54, "delivered"),
    ]
    style = TableStyle(rules="horizontal", header_fill=None, section_fill=None, subsection_fill=None,
                       status_fill=False, ref_prefix=True, section_text=(0, 0, 0), font_size=8.5)
    doc.table(columns, narrative_rows(load("lga-2017-18.narrative")), style)
    doc.save()


NARRATIVE_2015 = [
    Column("Target", 0.36, "target"),
    Column("What have we delivered by end of Dec 15", 0.48, "delivered"),
    Column("Traffic light: did we deliver what we said we would deliver?", 0.16, "status",
           align="centre"),
]

QUARTERLY_2015 = [
    Column("Theme", 0.10, "theme"),
    Column("Deliverables", 0.30, "deliverable"),
    Column("2015/16 Target", 0.06, "target", align="right"),
    Column("Q1 Apr - June", 0.06, "q1", align="right"),
    Column("Q2 July - Sept", 0.06, "q2", align="right"),
    Column("Q3 Oct - Dec", 0.06, "q3", align="right"),
    Column("Q4 Jan - Mar", 0.06, "q4", align="right"),
    Column("Total", 0.06, "total", align="right"),
    Column("% achieved", 0.07, "pct_achieved", align="right"),
    Column("Commentary/ forecast", 0.17, "commentary"),
]


def build_2015_with_quarterly(path: Path, maker: Maker = Document) -> None:
    doc = maker(path, "LGA Improvement Programme 2015/16: quarter 3 report")
    doc.new_page("portrait")
    doc.heading("Improvement programme 2015/16: performance to end of December 2015")
    doc.table(NARRATIVE_2015, narrative_rows(load("lga-2015-16.narrative")), TableStyle(rules="grid"))
    doc.new_page("landscape")
    doc.heading("Numbers delivered per quarter", size=11)
    doc.table(QUARTERLY_2015, quarterly_rows(load("lga-2015-16.quarterly")),
              TableStyle(rules="grid", merge_roles=("theme",), font_size=7.5))
    doc.save()


def colour_only(i: int) -> bool:
    """Which rows of the colour sample show their status by fill colour alone."""
    return i % 3 == 1


def build_2015_colour(path: Path, maker: Maker = Document) -> None:
    doc = maker(path, "Improvement programme 2015/16 - Q3", footer="- {page} -")
    doc.new_page("portrait")
    doc.heading("Quarter 3 performance report 2015/16")
    columns = [
        Column("Status", 0.10, "status", align="centre"),
        Column("Commitment", 0.38, "target"),
        Column("Progress at 31 December 2015", 0.52, "delivered"),
    ]
    style = TableStyle(rules="grid", section_fill=(0.75, 0.82, 0.92), section_text=(0, 0, 0),
                       header_fill=(0.95, 0.95, 0.95))
    doc.table(columns, narrative_rows(load("lga-2015-16.narrative"), hide_word=colour_only), style)
    doc.save()


def build_2018_midyear(path: Path, maker: Maker = Document) -> None:
    doc = maker(path, "Sector support programme 2018/19: mid-year report", footer="Page {page}")
    doc.new_page("landscape")
    doc.heading("Sector support programme 2018/19: progress at the end of September 2018")
    doc.paragraph("A reworded, renumbered year written for reconciliation: the commitments of 2017/18 in other "
                  "words, other order and with new targets, some merged, some split, some new.")
    columns = [
        Column("No.", 0.06, "ref"),
        Column("Commitment", 0.38, "target"),
        Column("RAG", 0.08, "status", align="centre"),
        Column("Progress at end of September 2018", 0.48, "delivered"),
    ]
    style = TableStyle(rules="grid", header_fill=(0.88, 0.93, 0.88),
                       section_fill=(0.20, 0.40, 0.25), font_size=8.5)
    doc.table(columns, narrative_rows(load("lga-2018-19.narrative")), style)
    doc.save()


SAMPLES = [
    Sample("lga-2017-18-q4", "ruled A4 portrait, repeated header, rows split across pages, "
           "section and sub-section rows, status word in a filled cell",
           build_2017_ruled, {"year": "2017/18", "as_at": "2018-03-31"}, "lga-2017-18.narrative"),
    Sample("lga-2015-16-q3", "ruled narrative table without refs, then a quarterly numbers table "
           "on landscape pages", build_2015_with_quarterly, {"year": "2015/16", "as_at": "2015-12-31"},
           "lga-2015-16.narrative", "lga-2015-16.quarterly"),
    Sample("lga-2017-18-q4-unruled", "thin horizontal rules only, columns in another order, ref as "
           "a bold prefix of the target", build_2017_unruled, {"year": "2017/18", "as_at": "2018-03-31"},
           "lga-2017-18.narrative"),
    Sample("lga-2015-16-q3-colour", "status column first; every third status shown by fill colour "
           "alone", build_2015_colour, {"year": "2015/16", "as_at": "2015-12-31"},
           "lga-2015-16.narrative"),
    Sample("lga-2018-19-q2", "the 2017/18 commitments reworded by hand for reconciliation (see "
           "tests/labels/): landscape, numbered refs 1.1 / 3.10, green section rows",
           build_2018_midyear, {"year": "2018/19", "as_at": "2018-09-30"}, "lga-2018-19.narrative"),
]


def main(out_dir: Path = HERE) -> None:
    """Write every sample PDF into out_dir and its expected output into out_dir/expected."""
    expected_dir = out_dir / "expected"
    expected_dir.mkdir(parents=True, exist_ok=True)
    for suffix in OFFICE_TWINS:  # a folder each: a report's twins share its document id
        (out_dir / "office" / suffix[1:]).mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES:
        sample.build(out_dir / f"{sample.doc_id}.pdf", Document)
        for suffix, maker in OFFICE_TWINS.items():  # the same report as Word and Excel keep it
            sample.build(out_dir / "office" / suffix[1:] / f"{sample.doc_id}{suffix}", maker)
        data = {
            "doc_id": sample.doc_id,
            "description": sample.description,
            "period": sample.period,
            "deliverables": expected(load(sample.narrative), NARRATIVE_FIELDS),
            "quarterly": expected(load(sample.quarterly), QUARTERLY_FIELDS, sample.doc_id) if sample.quarterly else [],
        }
        (expected_dir / f"{sample.doc_id}.json").write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out_dir / sample.doc_id}.pdf")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
