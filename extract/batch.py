"""Many files at once: the batch, each file read in a process of its own, one result per file.

A bad file gives an error result and the others carry on; two files with one doc id are
refused before any work is done (the second would overwrite the first's outputs); results
come in input order whichever file finishes first. Each file is read in a child process
inside its limits (:mod:`.isolate`): a file that inflates to gigabytes, crashes a C library or
never ends costs its own line and nothing more. The child only reads; this process writes each
document's files together (:mod:`.commit`).
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..review.corrections import Correction
from .commit import write_together
from .isolate import Job, Limits, Outcome, extract_job, run_isolated
from .pipeline import doc_id_for
from .settings import ExtractSettings

DEFAULT_LIMITS = Limits()
#: files read ahead of the one being written, per worker (results come in input order)
READ_AHEAD = 4


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: a summary when it worked, an error line when it did not."""

    path: Path
    summary: str | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()  # corrections that could not be applied, one line each


def extract_batch(paths: list[Path], out: Path, settings: ExtractSettings | None = None, kind: str | None = None,
                  debug_dir: Path | None = None, workers: int = 1,
                  corrections: list[Correction] | None = None,
                  limits: Limits | None = DEFAULT_LIMITS) -> Iterator[FileResult]:
    """Extract each file into ``out``, yielding one result per file in input order.

    :param paths: the report files
    :param out: the folder the contract's files are written into
    :param settings: extraction settings (defaults if None)
    :param kind: force a reader instead of detecting one
    :param debug_dir: also write debug images there
    :param workers: files to extract at once, each in its own process
    :param corrections: an auditor's corrections (``review.corrections``), applied to the documents they name
    :param limits: seconds and memory each file may take, in a child process of its own; None reads
        each file in this process with no limits (for a debugger; a crash then ends the batch)
    """
    jobs: dict[Path, Job] = {}
    owners: dict[str, Path] = {}
    refused: dict[Path, FileResult] = {}
    for path in paths:
        ident = doc_id_for(path)
        problem = _not_a_file(path)
        if problem:
            refused[path] = FileResult(path, error=f"error: {path}: {problem}")
        elif ident in owners:
            refused[path] = FileResult(path, error=f"error: {path}: doc_id {ident!r} is taken by {owners[ident]}; "
                                                   "rename one")
        else:
            owners[ident] = path
            jobs[path] = Job(str(path), None, ident, settings or ExtractSettings(), kind, tuple(corrections or ()),
                             str(debug_dir) if debug_dir is not None else None)

    def read(job: Job) -> Outcome:
        return run_isolated(job, limits) if limits is not None else extract_job(job)

    ahead = max(1, workers) * READ_AHEAD  # files read but not yet written are held in memory: a few only
    order = list(jobs)  # the files to read, in input order
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pending: dict[Path, Future[Outcome]] = {}
        submitted = 0
        for path in paths:
            if path in refused:
                yield refused[path]
                continue
            while submitted < len(order) and len(pending) < ahead:
                pending[order[submitted]] = pool.submit(read, jobs[order[submitted]])
                submitted += 1
            yield _written(path, pending.pop(path).result(), out)


def _not_a_file(path: Path) -> str | None:
    """Why a path cannot be read as a report before any process is started (a FIFO would hang
    its reader; a device never ends), or None for a regular file (or one to be reported missing)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # the reader says what is wrong (no such file, no permission)
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device); give a file"
    return None


def _written(path: Path, outcome: Outcome, out: Path) -> FileResult:
    """Write a read document's files together; return what happened as one result."""
    if outcome.error is not None:
        return FileResult(path, error=outcome.error)
    doc_id = outcome.job.doc_id
    target = out / f"{doc_id}.json"
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_together({out / f"{doc_id}{suffix}": text for suffix, text in outcome.files.items()})
    except OSError as exc:
        return FileResult(path, error=f"error: {path}: cannot write results to {out} ({exc.strerror or exc})")
    n = outcome.counts
    corrected = f", {n['corrected']} corrected" if n.get("corrected") else ""
    return FileResult(path, summary=f"{path}: {n['deliverables']} deliverables, {n['quarterly']} quarterly rows, "
                                    f"{n['flagged']} flagged{corrected}, {outcome.seconds:.2f}s -> {target}",
                      notes=outcome.notes)
