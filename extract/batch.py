"""Many files at once: the batch back-fill, with worker processes, one result per file.

A bad file gives an error result and the others carry on; two files with one doc id are
refused before any work is done (the second would overwrite the first's outputs); results
come in input order whichever worker finishes first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..review.corrections import Correction, apply_corrections
from .emit import write_outputs
from .errors import ExtractionError
from .pipeline import doc_id_for, extract_document
from .settings import ExtractSettings
from .sources import source_of


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: a summary when it worked, an error line when it did not."""

    path: Path
    summary: str | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()  # corrections that could not be applied, one line each


def extract_batch(paths: list[Path], out: Path, settings: ExtractSettings | None = None, kind: str | None = None,
                  debug_dir: Path | None = None, workers: int = 1,
                  corrections: list[Correction] | None = None) -> Iterator[FileResult]:
    """Extract each file into ``out``, yielding one result per file in input order.

    :param paths: the report files
    :param out: the folder the contract's files are written into
    :param settings: extraction settings (defaults if None)
    :param kind: force a reader instead of detecting one
    :param debug_dir: also write debug images there
    :param workers: files to extract at once, in worker processes
    :param corrections: an auditor's corrections (``review.corrections``), applied to the documents they name
    """
    jobs: list[Path] = []
    owners: dict[str, Path] = {}
    refused: dict[Path, FileResult] = {}
    for path in paths:
        ident = doc_id_for(path)
        if ident in owners:
            refused[path] = FileResult(path, error=f"error: {path}: doc_id {ident!r} is taken by {owners[ident]}; "
                                                   "rename one")
            continue
        owners[ident] = path
        jobs.append(path)
    work = partial(extract_one, out=out, settings=settings or ExtractSettings(), kind=kind, debug_dir=debug_dir,
                   corrections=corrections or [])
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = pool.map(work, jobs)  # lazily, in input order
            for path in paths:
                yield refused[path] if path in refused else next(done)
        return
    for path in paths:
        yield refused.get(path) or work(path)


def extract_one(path: Path, out: Path, settings: ExtractSettings, kind: str | None,
                debug_dir: Path | None, corrections: list[Correction] | None = None) -> FileResult:
    """Extract one file and write its outputs; errors are returned, never raised.

    Module-level so that worker processes can run it.
    """
    started = time.perf_counter()
    try:
        doc = extract_document(path, settings, kind=kind)
        notes = apply_corrections(doc, corrections or [])
        write_outputs(doc, out)
        draw = source_of(doc.kind).draw
        if debug_dir is not None and draw is not None:
            draw(doc, debug_dir)
    except ExtractionError as exc:
        return FileResult(path, error=f"error: {exc}")
    except OSError as exc:
        return FileResult(path, error=f"error: {path}: cannot write results to {out} ({exc.strerror or exc})")
    except Exception as exc:
        return FileResult(path, error=f"error: {path}: unexpected {type(exc).__name__}: {exc}")
    flagged = sum(1 for d in doc.deliverables if d.flags) + sum(1 for q in doc.quarterly if q.flags)
    seconds = time.perf_counter() - started
    corrected = sum(1 for r in [*doc.deliverables, *doc.quarterly] if any(f.correction for f in r.fields.values()))
    return FileResult(path, summary=f"{path}: {len(doc.deliverables)} deliverables, {len(doc.quarterly)} quarterly "
                                    f"rows, {flagged} flagged" + (f", {corrected} corrected" if corrected else "")
                                    + f", {seconds:.2f}s -> {out / (doc.doc_id + '.json')}",
                      notes=tuple(f"warning: {path}: {n}" for n in notes))
