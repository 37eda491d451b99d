"""One file's extraction in a process of its own, inside limits of time and memory.

A hostile file (a content stream that inflates to gigabytes, a page that takes forever) must not
stall or sink a back-fill. Each file is read in a child process forked from a server process that
has the extraction code loaded already (multiprocessing's "forkserver": about 15 ms a file, the
imports paid once); the child caps its own address space, and the parent kills it when its time
is up. Whatever happens in the child — an exception, a crash in a C library, the memory limit,
the kill — comes back as one :class:`Outcome` with a one-line error.

The same function runs under any executor: a thread of ``extract``'s batch or of the local
back-fill, or a task on a Dask worker, which forks its own children the same way. The child only
reads; the parent writes the files it sends back, so a child that dies cannot leave one half-written.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..review.corrections import Correction
from .settings import ExtractSettings

#: what the server process loads before it forks a child for each file
PRELOAD = ["trackrecord.extract.isolate", "trackrecord.extract.pipeline", "trackrecord.extract.emit",
           "trackrecord.review.corrections"]
#: the child's own start-up and the result's transfer, beyond the file's time limit
GRACE_SECONDS = 1.0
MB = 1024 * 1024

_context_lock = threading.Lock()
_context: Any = None


@dataclass(frozen=True)
class Limits:
    """What one file may take: wall-clock seconds and address space (MB); 0 is no limit."""

    seconds: float = 600.0
    memory_mb: int = 4096


@dataclass(frozen=True)
class Job:
    """One file to extract: where it is, the id its document takes, and how to read it.

    ``sha256`` (when known) is checked against what was read; ``corrections`` are an auditor's,
    applied to the document; ``debug_dir`` also gets the table finder's drawings."""

    path: str
    sha256: str | None
    doc_id: str
    settings: ExtractSettings
    kind: str | None = None
    corrections: tuple[Correction, ...] = ()
    debug_dir: str | None = None


@dataclass
class Outcome:
    """What became of a job: the contract's three files (by suffix) when it worked, else a one-line error."""

    job: Job
    error: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # ".json", ".deliverables.csv", ".quarterly.csv"
    reading: str | None = None  # how far reading went (keys.READINGS); None when it stopped before it could tell
    seconds: float = 0.0
    peak_memory_mb: float | None = None
    transient: bool = False  # the failure was the machine's (a full disk, a lost worker): not a result
    counts: dict[str, int] = field(default_factory=dict)  # deliverables, quarterly, flagged, corrected
    notes: tuple[str, ...] = ()  # corrections that could not be applied, one line each


def _mp_context() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        return _context


def run_isolated(job: Job, limits: Limits) -> Outcome:
    """Given a job and its limits, extract the file in a child process and return the outcome.

    Never raises for anything the file does; the error line names the file and what happened.
    """
    started = time.perf_counter()
    ctx = _mp_context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(job, limits, send), daemon=True)
    child.start()
    send.close()
    timeout = limits.seconds + GRACE_SECONDS if limits.seconds else None
    result: Outcome | None = None
    try:
        answered = receive.poll(timeout)  # an answer, or the pipe closed by the child's death
        if answered:
            try:
                result = receive.recv()
            except (EOFError, OSError):
                result = None  # the child died before it could answer
    finally:
        receive.close()
    if not answered:
        child.kill()
        child.join()
        return Outcome(job, error=f"error: {job.path}: stopped after the time limit of {limits.seconds:g} s "
                                 "(limit: seconds per file)", seconds=time.perf_counter() - started)
    child.join()
    if result is None:
        code = child.exitcode
        why = (f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}")
        return Outcome(job, error=f"error: {job.path}: the reading process died, {why}{_memory_hint(limits)}",
                       seconds=time.perf_counter() - started)
    return result


def _memory_hint(limits: Limits | None) -> str:
    """What an error line adds when the memory limit may be why: the limit, named."""
    return f" (at most {limits.memory_mb} MB: the memory limit per file)" if limits and limits.memory_mb else ""


def _child(job: Job, limits: Limits, send: Connection) -> None:
    """The child: cap memory, extract, send the outcome (errors as lines, never raised)."""
    if limits.memory_mb:
        cap = limits.memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: one file, one core (files run side by side)
    send.send(extract_job(job, limits))
    send.close()


def extract_job(job: Job, limits: Limits | None = None) -> Outcome:
    """Extract one job in this process and return its outcome (errors as one line, never raised)."""
    from ..review.corrections import apply_corrections
    from .emit import output_texts
    from .errors import ExtractionError, UnreadableDocument
    from .pipeline import extract_document
    from .sources import source_of

    started = time.perf_counter()
    try:
        doc = extract_document(Path(job.path), job.settings, doc_id=job.doc_id, kind=job.kind)
        if job.sha256 is not None and doc.sha256 != job.sha256:
            raise ExtractionError(job.path, "the file changed while the back-fill ran; run it again")
        notes = apply_corrections(doc, list(job.corrections)) if job.corrections else []
        draw = source_of(doc.kind).draw
        if job.debug_dir is not None and draw is not None:
            try:
                draw(doc, Path(job.debug_dir))
            except OSError as exc:
                raise ExtractionError(job.path, f"cannot write debug images to {job.debug_dir} "
                                                f"({exc.strerror or exc})") from None
        records = [*doc.deliverables, *doc.quarterly]
        counts = {"deliverables": len(doc.deliverables), "quarterly": len(doc.quarterly),
                  "flagged": sum(1 for r in records if r.flags),
                  "corrected": sum(1 for r in records if any(f.correction for f in r.fields.values()))}
        outcome = Outcome(job, files=output_texts(doc), reading="ocr" if doc.ocr_engine else "digital",
                          counts=counts, notes=tuple(f"warning: {job.path}: {n}" for n in notes))
    except UnreadableDocument as exc:  # not opened at all: no setting of the reading changes that
        outcome = Outcome(job, error=f"error: {exc}", reading="unopened")
    except ExtractionError as exc:
        outcome = Outcome(job, error=f"error: {exc}")
    except MemoryError:
        outcome = Outcome(job, error=f"error: {job.path}: ran out of memory{_memory_hint(limits)}")
    except RecursionError:
        outcome = Outcome(job, error=f"error: {job.path}: nested too deeply to read")
    except Exception as exc:
        outcome = Outcome(job, error=f"error: {job.path}: unexpected {type(exc).__name__}: {exc}")
    outcome.seconds = time.perf_counter() - started
    outcome.peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome
