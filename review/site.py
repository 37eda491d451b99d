"""The review site: a static site in which an auditor walks the records of extracted documents,
sees each value beside the place on the source page it came from, and marks it checked or wrong.

``build_site(output_dir, site_dir)`` reads the documents an extraction wrote (``<doc_id>.json``),
finds each one's source file (where the output says it was read from, or in ``sources``, and
only when its sha256 is the one read), and writes::

    SITE/index.html                 documents: rows, flagged rows, reviewed share; audit CSV
    SITE/audit.csv                  the audit summary as the outputs (and pending corrections) stand
    SITE/assets/review.{js,css}     the page script and style (no network: nothing else is loaded)
    SITE/<doc>/index.html           one document's records, paged; the page view
    SITE/<doc>/doc.js               the document: pages, one line per record (for filters and keys)
    SITE/<doc>/records-0000.js …    the records in chunks, loaded as the auditor pages through
    SITE/<doc>/boxes-0001.js …      every box on a page, loaded when the page view shows it
    SITE/<doc>/p0001.png …          page images (PDF sources); source-lines.js (text sources)

Data travels as JavaScript files that call a loader (``TR.chunk(...)``), not as JSON fetched:
a page opened from disk may not fetch files beside it, but it may load scripts. Every value is
put on the page as text by the script (never as markup), so a report's text cannot run as script;
the JSON inside the data files has its ``<`` escaped so no text can close a script tag either.

The site is built in a temporary folder beside ``SITE`` and swapped in whole: a site half
written is never what the auditor opens, and a failed build leaves the last one as it was.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..extract.commit import settle
from ..extract.errors import ExtractionError
from ..extract.office import cell_texts
from ..extract.text.reader import read_text
from .audit import QUIET_FLAGS, applied_marks, audit_csv, audit_line, is_flagged, records
from .corrections import Correction, is_quarterly, row_fingerprint_of
from .pages import PageImage, page_transforms, render_pages, sha256_of

DEFAULT_DPI = 100  # page images: small type stays legible, a 200-page report stays small
CHUNK = 100  # records per data file
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024  # an output JSON larger than this is not a document we wrote
ASSETS = ("review.js", "review.css")
MARKER = ".trackrecord-review"  # in every site built: only a folder holding it is ever replaced
DOCUMENT_KEYS = ("schema_version", "doc_id", "source", "deliverables", "quarterly")


class ReviewError(Exception):
    """The site cannot be built at all (no documents, or the folder cannot be written)."""


@dataclass
class SiteReport:
    """What a build did: the site's index, the documents in it, one line per problem."""

    index: Path
    documents: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{len(self.documents)} document(s), {self.pages} page image(s) in {self.seconds:.1f}s -> "
                f"{self.index}")


def build_site(output_dir: Path, site_dir: Path | None = None, sources: list[Path] | None = None,
               corrections: list[Correction] | None = None, dpi: int = DEFAULT_DPI) -> SiteReport:
    """Build the review site of the documents in ``output_dir`` into ``site_dir`` (default
    ``output_dir/review``) and return what was built.

    :param output_dir: a folder an extraction wrote (``<doc_id>.json`` per document)
    :param site_dir: where the site goes; replaced whole when the build succeeds
    :param sources: folders to look in for source files not found where the output says
    :param corrections: marks not yet applied by an extraction (a corrections file): counted
        in the audit summary as pending
    :param dpi: resolution of the page images
    """
    started = time.perf_counter()
    site_dir = site_dir or output_dir / "review"
    if not output_dir.is_dir():
        raise ReviewError(f"{output_dir}: not a folder of extracted documents")
    _check_replaceable(site_dir, output_dir)
    report = SiteReport(site_dir / "index.html")
    report.problems += settle(output_dir)  # a write a killed extract left half done, finished first
    documents = []
    for path in sorted(output_dir.glob("*.json")):
        loaded = _load_document(path, report.problems)
        if loaded is not None:
            documents.append(loaded)
    if not documents:
        raise ReviewError(f"{output_dir}: no extracted documents (<doc_id>.json) to review")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", dir=site_dir.parent))
    try:
        (building / "assets").mkdir()
        for name in ASSETS:
            (building / "assets" / name).write_bytes(resources.files(__package__).joinpath("assets", name)
                                                      .read_bytes())
        entries = []
        for doc in documents:
            entry = _build_document(doc, building, output_dir, sources or [], dpi, report)
            entries.append(entry)
            report.documents.append(doc["doc_id"])
        lines = [audit_line(doc, corrections or []) for doc in documents]
        (building / "audit.csv").write_text(audit_csv(lines), encoding="utf-8", newline="")
        (building / "index.html").write_text(_index_html(entries, lines), encoding="utf-8")
        (building / MARKER).write_text("a review site built by trackrecord; replaced whole by the next build\n",
                                       encoding="utf-8")
        os.chmod(building, 0o777 & ~_umask())
        _swap(building, site_dir)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


def folder_name(doc_id: str) -> str:
    """The site folder of a document: its doc_id, with anything unsafe in a path replaced."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", doc_id).lstrip(".")
    return name or "_"


def script_data(call: str, *args: Any) -> str:
    """A data file's text: ``call(args…);`` with the JSON's ``<`` escaped (no text closes a script)."""
    body = ", ".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{call}({body.replace('<', chr(92) + 'u003c')});\n"


def _load_document(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """An output JSON that is a document (not a crosswalk), or None (a line in problems when broken)."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            problems.append(f"{path}: larger than {MAX_DOCUMENT_BYTES // 2**20} MiB; left out")
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        problems.append(f"{path}: not readable as JSON ({exc}); left out")
        return None
    if not isinstance(data, dict) or ("matches" in data and "lineages" in data):  # the crosswalk
        return None
    if not all(k in data for k in DOCUMENT_KEYS) or not isinstance(data["source"], dict) \
            or not isinstance(data["deliverables"], list) or not isinstance(data["quarterly"], list) \
            or not isinstance(data["doc_id"], str):
        problems.append(f"{path}: not an extracted document (no doc_id, source and records); left out")
        return None
    return data


def _find_source(doc: dict[str, Any], output_dir: Path, sources: list[Path]) -> Path | None:
    """The source file the document was read from, only if its sha256 is the one read."""
    given = Path(str(doc["source"].get("path") or ""))
    candidates = [given, output_dir.parent / given, *(folder / given.name for folder in sources)]
    for candidate in candidates:
        try:
            if candidate.is_file() and sha256_of(candidate) == doc["source"].get("sha256"):
                return candidate
        except OSError:
            continue
    return None


def _build_document(doc: dict[str, Any], site: Path, output_dir: Path, sources: list[Path], dpi: int,
                    report: SiteReport) -> dict[str, Any]:
    folder = site / folder_name(doc["doc_id"])
    folder.mkdir()
    kind = str(doc["source"].get("kind", ""))
    source = _find_source(doc, output_dir, sources)
    pages: list[PageImage] = []
    note = ""
    if source is None:
        note = (f"the source file ({doc['source'].get('path')}) was not found with the sha256 it was read with; "
                "values are shown without their place on the page")
        report.problems.append(f"{doc['doc_id']}: {note}")
    elif kind == "text":
        lines = [line.text for line in read_text(source)]
        (folder / "source-lines.js").write_text(script_data("TR.lines", lines), encoding="utf-8")
    elif kind in ("docx", "xlsx"):
        try:
            held = cell_texts(source)
        except ExtractionError as error:
            held = {}
            note = f"the source file could not be read again ({error.reason}); cells are named, not shown"
            report.problems.append(f"{doc['doc_id']}: {note}")
        (folder / "source-cells.js").write_text(script_data("TR.cells", held), encoding="utf-8")
    else:
        warnings = doc.get("warnings")
        steps = page_transforms(doc["source"], warnings if isinstance(warnings, list) else [])
        pages = list(render_pages(source, folder, dpi, steps))
        report.pages += len(pages)
    rows = records(doc)
    summary = []
    by_page: dict[int, list[list[Any]]] = {}
    for index, r in enumerate(rows):
        doubtful = [n for n, fv in r.get("fields", {}).items() if is_flagged(fv.get("flags", []))]
        summary.append([r["id"], is_flagged(r.get("flags", [])), dict(applied_marks(r)), index // CHUNK, doubtful])
        for name, fv in r.get("fields", {}).items():
            for piece in fv.get("pieces") or [fv.get("source") or {}]:
                if piece.get("page") and piece.get("bbox"):
                    by_page.setdefault(piece["page"], []).append([index, name, piece["bbox"], _short(r.get(name))])
    for start in range(0, len(rows), CHUNK):
        chunk = [_record_view(r) for r in rows[start:start + CHUNK]]
        (folder / f"records-{start // CHUNK:04d}.js").write_text(script_data("TR.chunk", start // CHUNK, chunk),
                                                                encoding="utf-8")
    for page, boxes in by_page.items():
        (folder / f"boxes-{page:04d}.js").write_text(script_data("TR.boxes", page, boxes), encoding="utf-8")
    meta = {"doc_id": doc["doc_id"], "sha256": doc["source"].get("sha256"), "path": doc["source"].get("path"),
            "kind": kind, "period": doc.get("period"), "pages": [p.to_dict() for p in pages],
            "text": kind == "text" and source is not None, "cells": kind in ("docx", "xlsx") and source is not None,
            "note": note, "chunk": CHUNK, "rows": summary,
            "box_pages": sorted(by_page), "quiet_flags": sorted(QUIET_FLAGS)}
    (folder / "doc.js").write_text(script_data("TR.doc", meta), encoding="utf-8")
    (folder / "index.html").write_text(_document_html(doc["doc_id"]), encoding="utf-8")
    flagged = sum(1 for s in summary if s[1])
    reviewed = sum(1 for s in summary if s[2])
    return {"doc_id": doc["doc_id"], "folder": folder.name, "kind": kind, "path": doc["source"].get("path"),
            "pages": doc["source"].get("pages"), "rows": len(rows), "flagged": flagged, "reviewed": reviewed,
            "note": note, "period": (doc.get("period") or {}).get("year")}


def _record_view(r: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a record: its values by field beside their provenance."""
    fields = {}
    for name, fv in r.get("fields", {}).items():
        view = {k: fv.get(k) for k in ("raw", "confidence", "flags", "source", "pieces", "ocr_confidence",
                                       "colour", "checked", "correction") if fv.get(k) is not None}
        view["value"] = r.get(name, fv.get("raw"))
        fields[name] = view
    heading = r.get("deliverable") if is_quarterly(r) else r.get("target")
    return {"id": r["id"], "row": row_fingerprint_of(r), "ref": r.get("ref"), "section": r.get("section"),
            "heading": heading, "flags": r.get("flags", []), "confidence": r.get("confidence"), "fields": fields}


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _index_html(entries: list[dict[str, Any]], lines: list[Any]) -> str:
    rows = []
    for e in entries:
        share = f"{e['reviewed'] / e['rows']:.0%}" if e["rows"] else "–"
        rows.append(
            "<tr data-doc=\"{doc}\"><td><a href=\"{folder}/index.html\">{doc}</a></td><td>{period}</td><td>{kind}</td>"
            "<td class=num>{pages}</td><td class=num>{rows}</td><td class=num>{flagged}</td>"
            "<td class=num data-reviewed=\"{reviewed}\">{share}</td><td>{note}</td></tr>".format(
                doc=html.escape(e["doc_id"]), folder=html.escape(e["folder"]),
                period=html.escape(str(e["period"] or "")),
                kind=html.escape(e["kind"]), pages=html.escape(str(e["pages"] if e["pages"] is not None else "–")),
                rows=e["rows"], flagged=e["flagged"], reviewed=e["reviewed"], share=share,
                note=html.escape("source not found" if e["note"] else "")))
    total = sum(e["rows"] for e in entries)
    return _PAGE.format(title="trackrecord review", root="", body=f"""
<header><h1>Review</h1><p>{len(entries)} document(s), {total} rows. Reviewed share counts rows with a mark
applied by an extraction (<code>--corrections</code>); marks made in this browser and not yet applied show on
each document's page.</p></header>
<main>
<table id=documents><thead><tr><th>document</th><th>period</th><th>kind</th><th>pages</th><th>rows</th>
<th>flagged rows</th><th>reviewed</th><th></th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<p><a href="audit.csv" download>Audit summary (CSV)</a>: rows reviewed, corrected and still flagged per
document, as the outputs stand.</p>
</main>""", script="")


def _document_html(doc_id: str) -> str:
    return _PAGE.format(title=f"{html.escape(doc_id)} · trackrecord review", root="../", body="""
<header>
 <nav><a href="../index.html">← all documents</a></nav>
 <h1 id=title></h1>
 <p id=summary></p>
 <p id=note class=note hidden></p>
 <div class=toolbar>
  <span role=group aria-label=view>
   <button id=view-records class=on>Records</button><button id=view-pages>Pages</button>
  </span>
  <span role=group aria-label=filter id=filters>
   <label><input type=radio name=filter value=all checked> all</label>
   <label><input type=radio name=filter value=flagged> flagged</label>
   <label><input type=radio name=filter value=unreviewed> unreviewed</label>
  </span>
  <label>auditor <input id=auditor size=14 placeholder="your name"></label>
  <button id=download>Download corrections</button>
  <button id=audit>Audit CSV</button>
  <button id=help-button aria-keyshortcuts="?">Keys</button>
 </div>
 <div id=help hidden><b>j</b>/<b>k</b> next/previous row · <b>n</b>/<b>p</b> next/previous flagged row ·
  <b>f</b>/<b>F</b> next/previous field · <b>c</b> mark field checked · <b>w</b> mark field wrong (correct it) ·
  <b>a</b> mark every field of the row checked · <b>u</b> undo the field's mark · <b>g</b> page view of the field</div>
</header>
<main>
 <section id=records-view><div class=pager id=pager-top></div><div id=records></div>
  <div class=pager id=pager-bottom></div></section>
 <section id=pages-view hidden><div class=pager id=page-pager></div><div id=page-box></div></section>
</main>
<dialog id=correct><form method=dialog>
 <h2>Correct <span id=correct-field></span></h2>
 <p>As read: <q id=correct-was></q></p>
 <label>Right value <input id=correct-value size=50></label>
 <label>Why <input id=correct-note size=50 placeholder="what you checked it against"></label>
 <menu><button value=cancel>Cancel</button> <button id=correct-save value=save>Save correction</button></menu>
</form></dialog>
<div id=tip hidden></div>""", script='<script src="doc.js"></script><script src="../assets/review.js"></script>')


_PAGE = """<!doctype html>
<html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
<title>{title}</title><link rel=icon href="data:,"><link rel=stylesheet href="{root}assets/review.css"></head>
<body>{body}
<script>window.TR = window.TR || {{queue: []}}; ["doc", "chunk", "boxes", "lines"].forEach(function (k) {{
  TR[k] = TR[k] || function () {{ TR.queue.push([k, arguments]); }}; }});</script>
{script}</body></html>
"""


def _check_replaceable(site: Path, output_dir: Path) -> None:
    """Refuse a site folder whose replacement would lose anything: the output folder itself (or
    one holding it), or an existing folder with files that no build of ours wrote."""
    target, documents = site.resolve(), output_dir.resolve()
    if target == documents or target in documents.parents:
        raise ReviewError(f"{site}: the site would replace the folder of documents; give --out a folder of its own")
    if site.exists() and (not site.is_dir() or (any(site.iterdir()) and not (site / MARKER).exists())):
        raise ReviewError(f"{site}: exists and is not a review site; give --out a new or empty folder")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(building: Path, site: Path) -> None:
    """Put the built site in place of the old one (renames only: the old stays until the new is whole)."""
    if site.exists() and not site.is_dir():
        raise ReviewError(f"{site}: exists and is not a folder")
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old.", dir=site.parent))
        os.replace(site, old / "site")
    os.replace(building, site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
