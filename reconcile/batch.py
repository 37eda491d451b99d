"""Reconcile files: extracted documents on disk → crosswalk and lineage files, in one call.

What ``trackrecord reconcile`` does, as a function a notebook or a back-fill calls: folders
stand for the documents in them, a file that is not an extracted document is reported and
the others go on, and the three result files are written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..extract.commit import settle
from .documents import Doc, ReconcileInputError, load_doc
from .emit import CROSSWALK_JSON, write_reconciliation
from .lineage import ReconcileError, Reconciliation, reconcile
from .settings import ReconcileSettings

#: what reconciliation itself writes into a folder of documents, so never read back as one
OWN_OUTPUTS = {CROSSWALK_JSON}
BANDS = ("high", "medium", "low")


class TooFewDocuments(ReconcileError):
    """Fewer than two documents could be read; ``failures`` says why the others could not."""

    def __init__(self, found: int, failures: list[str]) -> None:
        super().__init__(f"reconcile needs at least two extracted documents, found {found}")
        self.failures = failures


@dataclass
class ReconcileRun:
    """What one run did: the files it was given, the lines for those it could not read, the
    result and the files written."""

    files: list[Path]
    failures: list[str]
    result: Reconciliation
    written: list[Path]

    def summary(self) -> str:
        """One line for a person: documents, matches by band, lineages, and where they went."""
        proposed = [m for m in self.result.matches if m.band]
        bands = {b: sum(1 for m in proposed if m.band == b) for b in BANDS}
        lineages = len({row.lineage_id for row in self.result.lineage})
        versions = (f" (and {len(self.result.versions)} other form(s) of these reports set aside: "
                    f"{', '.join(v.doc_id + ' = ' + v.report for v in self.result.versions)})"
                    if self.result.versions else "")
        return (f"{len(self.result.documents)} documents{versions}: {len(proposed)} matches ({bands['high']} high, "
                f"{bands['medium']} medium, {bands['low']} low), {lineages} lineages -> "
                f"{', '.join(str(p) for p in self.written)}")


def document_files(paths: list[Path], problems: list[str] | None = None) -> list[Path]:
    """Given files and folders, return the files: a folder stands for its ``*.json`` documents
    (sorted), leaving out what reconciliation wrote there itself.

    Each folder (and the folder of each file) is settled first (:func:`~..extract.commit.settle`):
    a write that a killed ``extract`` left half done is finished, so no document is read beside
    CSVs of another run. A folder that cannot be settled adds a line to ``problems``.
    """
    files: list[Path] = []
    settled: set[Path] = set()
    for path in paths:
        folder = path if path.is_dir() else path.parent
        if folder not in settled:
            settled.add(folder)
            for line in settle(folder):
                if problems is not None:
                    problems.append(f"error: {line}")
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json") if p.name not in OWN_OUTPUTS))
        else:
            files.append(path)
    return files


def reconcile_files(paths: list[Path], out: str | Path,
                    settings: ReconcileSettings | dict[str, Any] | None = None, workers: int = 1) -> ReconcileRun:
    """Reconcile the extracted documents in ``paths`` and write crosswalk and lineage into ``out``.

    :param paths: extracted documents (``<doc_id>.json``), or folders of them
    :param out: the folder to write ``crosswalk.csv``, ``crosswalk.json`` and ``lineage.csv`` into
    :param settings: :class:`ReconcileSettings`, a dict of overrides, or None for the defaults
    :param workers: processes for matching pairs of documents (the result is the same)
    :returns: the run; files that could not be read are in its ``failures``, one line each
    :raises TooFewDocuments: fewer than two documents could be read
    :raises ReconcileError: the documents cannot be reconciled as given (one doc_id twice)
    """
    resolved = ReconcileSettings.resolve(settings)
    failures: list[str] = []
    files = document_files(paths, failures)
    docs: list[Doc] = []
    for file in files:
        try:
            docs.append(load_doc(file))
        except ReconcileInputError as exc:
            failures.append(f"error: {exc}")
    if len(docs) < 2:
        raise TooFewDocuments(len(docs), failures)
    result = reconcile(docs, resolved, workers=workers)
    return ReconcileRun(files, failures, result, write_results(result, out, resolved))


class ReconcileOutputError(ReconcileError):
    """The results could not be written (nothing in the folder has changed)."""


def write_results(result: Reconciliation, out: str | Path, settings: ReconcileSettings) -> list[Path]:
    """:func:`~.emit.write_reconciliation`, with a failure to write as one line naming the folder.

    :raises ReconcileOutputError: the folder cannot be made or written (a file in the way, no
        permission, a full disk); the three files are written together, so none of them changed
    """
    try:
        return write_reconciliation(result, out, settings)
    except OSError as exc:
        where = exc.filename or out
        raise ReconcileOutputError(f"{where}: cannot write the reconciliation ({exc.strerror or exc})") from None
