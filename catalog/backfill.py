"""A back-fill: every report under some folders, read once, recorded in the catalog, resumable.

``prepare_backfill`` finds the reports (folders recursively), hashes them, and plans: a content
already read with the same settings (those its reading depends on) and the same code is skipped;
a content met at several paths is read once; the rest become jobs. ``Backfill.run`` reads the
jobs — each in its own process, inside its limits (:mod:`.isolate`) — on local processes or on a
Dask cluster, and as each comes back the coordinating process writes its three files (all or
none) and then records it in the catalog (one transaction). Killed at any moment, a back-fill
run again redoes only the files whose record had not been committed: their files are written
again with the same content.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..extract.commit import settle, write_together
from ..extract.isolate import Job, Limits, Outcome, extract_job, run_isolated
from ..extract.pipeline import doc_id_for
from ..extract.settings import ExtractSettings
from ..extract.sources import SOURCES
from .keys import code_version, settings_dict, settings_key
from .store import Catalog, CatalogError, file_identity, open_catalog

EXECUTORS = ("processes", "dask")
#: names of files the back-fill and reconciliation write beside the documents: no document takes them
CATALOG_NAME = "catalog.sqlite"
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileDone:
    """One planned file finished: its job and outcome (``outcome.error`` set when it failed)."""

    job: Job
    outcome: Outcome
    written: tuple[Path, ...] = ()


@dataclass
class Plan:
    """What a back-fill will do: the jobs, and what it leaves alone and why."""

    files: list[Path]
    jobs: list[Job] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # read before: same content, settings and code
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)  # (path, the path of the same bytes read)
    unreadable: list[str] = field(default_factory=list)  # one line per file that could not even be hashed


@dataclass
class Summary:
    """The counts of a finished (or stopped) run, for the table printed at its end."""

    run_id: int
    found: int
    skipped: int
    duplicates: int
    extracted: int = 0
    failed: int = 0
    seconds: float = 0.0
    rows: int = 0
    flagged: int = 0
    errors: list[str] = field(default_factory=list)

    def table(self) -> str:
        """The summary as a small aligned table."""
        rate = self.extracted / self.seconds * 60 if self.seconds else 0.0
        lines = [("reports found", str(self.found)), ("already done (skipped)", str(self.skipped)),
                 ("same bytes as another path", str(self.duplicates)), ("extracted", str(self.extracted)),
                 ("failed", str(self.failed)), ("rows (flagged)", f"{self.rows} ({self.flagged})"),
                 ("time", f"{self.seconds:.1f} s ({rate:.1f} files/min)")]
        width = max(len(k) for k, _ in lines)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)


def find_reports(roots: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Given files and folders, return the report files under them (folders recursively, hidden
    folders and files left out, symbolic links to folders not followed), sorted and once each,
    and one line for each named path that is no regular file (a FIFO would hang the hashing)."""
    suffixes = {s for source in SOURCES.values() for s in source.suffixes}
    found: set[Path] = set()
    problems: list[str] = []
    for root in roots:
        if root.is_dir():
            for folder, dirs, names in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    path = Path(folder) / name
                    if not name.startswith(".") and path.suffix.lower() in suffixes and _regular(path):
                        found.add(path)
        elif _regular(root):
            found.add(root)
        else:
            problems.append(f"error: {root}: no such file, or not a regular file")
    return sorted(found), problems


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    """The file's sha256, read in chunks (a large file costs no memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class Backfill:
    """A prepared back-fill: its catalog (locked), run and plan. Run it, then finish it."""

    def __init__(self, catalog: Catalog, out: Path, run_id: int, plan: Plan, settings: dict[str, Any],
                 code: str, limits: Limits, workers: int, executor: str, scheduler: str | None) -> None:
        self.catalog, self.out, self.run_id, self.plan = catalog, out, run_id, plan
        self.settings, self.code, self.limits = settings, code, limits
        self.workers, self.executor, self.scheduler = workers, executor, scheduler
        self.summary = Summary(run_id, len(plan.files), len(plan.skipped), len(plan.duplicates),
                               errors=list(plan.unreadable), failed=len(plan.unreadable))
        self._started = time.perf_counter()

    def __enter__(self) -> Backfill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the catalog (and its lock)."""
        self.catalog.close()

    def run(self) -> Iterator[FileDone]:
        """Read every planned job and record it; yield each as it finishes (in finishing order)."""
        outcomes = self._dask() if self.executor == "dask" else self._processes()
        for outcome in outcomes:
            yield self._record(outcome)

    def finish(self) -> Summary:
        """Record the run's end; return its summary."""
        self.summary.seconds = time.perf_counter() - self._started
        self.catalog.finish_run(self.run_id, self.summary.found, self.summary.skipped, self.summary.extracted,
                                self.summary.failed)
        return self.summary

    def _processes(self) -> Iterator[Outcome]:
        if not self.plan.jobs:
            return
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(run_isolated, job, self.limits) for job in self.plan.jobs]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()

    def _dask(self) -> Iterator[Outcome]:
        try:
            from distributed import Client
            from distributed import as_completed as dask_completed
        except ImportError:
            raise CatalogError("--executor dask needs Dask: pip install 'trackrecord[dask]'") from None
        if not self.plan.jobs:
            return
        try:
            client = Client(self.scheduler, timeout="20s")
        except OSError as exc:
            raise CatalogError(f"cannot reach the Dask scheduler at {self.scheduler} ({exc})") from None
        try:
            futures = client.map(run_in_worker, self.plan.jobs, limits=self.limits, pure=False)
            jobs = {future.key: job for future, job in zip(futures, self.plan.jobs)}
            for future in dask_completed(futures):
                try:
                    yield future.result()
                except Exception as exc:  # a worker lost with the task: the file's error, the rest go on
                    job = jobs[future.key]
                    yield Outcome(job, error=f"error: {job.path}: lost on the Dask cluster "
                                             f"({type(exc).__name__}: {exc})", transient=True)
        finally:
            client.close()

    def _record(self, outcome: Outcome) -> FileDone:
        job = outcome.job
        written: list[Path] = []
        document = None
        if outcome.error is None:
            try:
                self.out.mkdir(parents=True, exist_ok=True)
                written = write_together({self.out / f"{job.doc_id}{suffix}": text
                                            for suffix, text in outcome.files.items()})
                document = json.loads(outcome.files[".json"])
            except OSError as exc:
                outcome.error = f"error: {job.path}: cannot write results to {self.out} ({exc.strerror or exc})"
                outcome.transient = True
        if not outcome.transient:  # a full disk or a lost worker says nothing of the file: it stays to do
            key = settings_key(self.settings, outcome.reading)
            assert job.sha256 is not None  # a back-fill's jobs are made from the contents it hashed
            self.catalog.record_result(self.run_id, job.sha256, key, self.code, job.path, job.doc_id,
                                       outcome.seconds, outcome.peak_memory_mb, outcome.error, document,
                                       outcome.reading)
        if outcome.error is not None:
            self.summary.failed += 1
            self.summary.errors.append(outcome.error)
        else:
            self.summary.extracted += 1
            assert document is not None
            records = [*document["deliverables"], *document["quarterly"]]
            self.summary.rows += len(records)
            self.summary.flagged += sum(1 for r in records if r["flags"])
        return FileDone(job, outcome, tuple(written))


def run_in_worker(job: Job, limits: Limits) -> Outcome:
    """A Dask task: one job, isolated in a child process where the worker may have children.

    A Dask worker runs as a daemon process by default, and a daemon may not start processes;
    there the file is read in the worker itself and only the cluster's own limits hold (start
    workers with ``distributed.worker.daemon: false`` for the per-file limits)."""
    if multiprocessing.current_process().daemon:
        return extract_job(job, limits)
    return run_isolated(job, limits)


def prepare_backfill(roots: list[Path], out: Path, catalog: Path | None = None,
                     settings: ExtractSettings | None = None, kind: str | None = None, workers: int = 2,
                     executor: str = "processes", scheduler: str | None = None, limits: Limits | None = None,
                     retry_failed: bool = False, on_hash: Callable[[Path], None] | None = None) -> Backfill:
    """Open and lock the catalog, find and plan the work, and record the run's start.

    :param roots: report files and folders (searched recursively)
    :param out: the folder the documents' files are written into
    :param catalog: the catalog file (default ``OUT/catalog.sqlite``)
    :param settings: extraction settings; a changed setting redoes the files whose reading it touches
    :param kind: force a reader for every file
    :param workers: files read at once (local processes)
    :param executor: "processes" (this machine) or "dask" (a cluster; ``scheduler`` is its address)
    :param limits: seconds and memory per file
    :param retry_failed: read again files whose earlier reading failed (by default a failure is a result)
    :param on_hash: called with each file as it is hashed (for a progress display)
    :raises CatalogError: the catalog cannot be used, or another back-fill holds it
    """
    if executor not in EXECUTORS:
        raise CatalogError(f"unknown executor {executor!r} (known: {', '.join(EXECUTORS)})")
    if executor == "dask" and not scheduler:
        raise CatalogError("--executor dask needs --scheduler ADDRESS (the Dask scheduler, tcp://host:8786)")
    store = open_catalog(catalog or out / CATALOG_NAME)
    try:
        store.lock()
        problems = settle(out)  # a commit a killed writer left: finished before anything is read or written
        if problems:
            raise CatalogError(problems[0])
        reading = settings or ExtractSettings()
        data = settings_dict(reading, kind)
        code = code_version()
        run_id = store.start_run(code, data, executor, [str(r) for r in roots])
        plan = _plan(store, roots, reading, kind, code, retry_failed, run_id, on_hash)
    except BaseException:
        store.close()
        raise
    return Backfill(store, out, run_id, plan, data, code, limits or Limits(), workers, executor, scheduler)


def _plan(store: Catalog, roots: list[Path], reading: ExtractSettings, kind: str | None, code: str,
          retry_failed: bool, run_id: int, on_hash: Callable[[Path], None] | None) -> Plan:
    settings = settings_dict(reading, kind)
    files, problems = find_reports(roots)
    plan = Plan(files, unreadable=problems)
    seen: list[tuple[str, str, int, int]] = []
    first: dict[str, Path] = {}
    for path in files:
        if on_hash:
            on_hash(path)
        try:
            size, mtime = file_identity(path)
            sha = store.sha_of_unchanged(str(path), size, mtime) or file_sha256(path)
        except OSError as exc:
            plan.unreadable.append(f"error: {path}: cannot be read ({exc.strerror or exc})")
            continue
        seen.append((str(path), sha, size, mtime))
        if sha not in first or _preferred(path) < _preferred(first[sha]):
            first[sha] = path
    plan.duplicates = [(Path(p), first[sha]) for p, sha, _, _ in seen if Path(p) != first[sha]]
    store.note_inputs(run_id, seen)
    taken = store.doc_ids()
    owner = {sha: doc for doc, sha in taken.items()}
    for sha, path in first.items():
        status = store.has_result(sha, settings_key(settings, store.reading_of(sha)), code)
        if status == "ok" or (status == "error" and not retry_failed):
            plan.skipped.append(path)
            continue
        doc_id = owner.get(sha) or _new_doc_id(path, sha, taken)
        taken[doc_id], owner[sha] = sha, doc_id
        plan.jobs.append(Job(str(path), sha, doc_id, reading, kind))
    return plan


def _preferred(path: Path) -> tuple[int, str]:
    """Of several paths holding the same bytes, the one read is the least deep (a copy is usually
    filed further down), then the first in order."""
    return len(path.parts), str(path)


def _new_doc_id(path: Path, sha: str, taken: dict[str, str]) -> str:
    """The file's document id (:func:`doc_id_for`: never a name the folder's own files take), or,
    when another content has that id, it and the start of its digest: reports of one name in two
    folders stay apart."""
    base = doc_id_for(path)
    if base not in taken:
        return base
    return f"{base}-{sha[:8]}"
