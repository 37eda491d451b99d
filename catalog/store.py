"""The catalog database: open (and migrate) it, and record inputs, runs, results and records.

Every change a back-fill makes for one file — its result, its document, its records and flags —
is one transaction: a kill at any moment leaves the catalog as it was at the last whole file.
Only the coordinating process writes; workers return what they read.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..extract.emit import GROUP_SEPARATOR, record_start
from .schema import MIGRATIONS, SCHEMA_VERSION

DELIVERABLE_COLUMNS = ["section", "subsection", "ref", "target", "delivered", "status", "target_value",
                       "delivered_value", "percent_complete", "actual_value", "floor_value"]
QUARTERLY_COLUMNS = ["theme", "deliverable", "target", "q1", "q2", "q3", "q4", "total", "pct_achieved",
                     "commentary", "matches_deliverable"]


class CatalogError(Exception):
    """The catalog cannot be opened or written: one line for the user."""


def now() -> str:
    """The time now, UTC, to the second, as the catalog writes times."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Catalog:
    """An open catalog. Use :func:`open_catalog`; close it (or use it as a context manager)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection
        self._lock: TextIO | None = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database and let go of the writer's lock."""
        self.db.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def lock(self) -> None:
        """Take the writer's lock (a file beside the catalog), or raise CatalogError: two back-fills
        writing one catalog (and one output folder) would redo and overwrite each other's work."""
        handle = open(str(self.path) + ".lock", "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise CatalogError(f"{self.path}: another back-fill is writing this catalog; wait for it, "
                               "or give another --catalog") from None
        self._lock = handle

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed whole when the block ends, rolled back if it raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # runs ---------------------------------------------------------------------------------------

    def start_run(self, code_version: str, settings: dict[str, Any], executor: str, roots: list[str]) -> int:
        """Record a run's start; return its id."""
        with self.transaction() as db:
            cursor = db.execute("INSERT INTO runs (started, code_version, settings, executor, roots) "
                                "VALUES (?, ?, ?, ?, ?)", (now(), code_version, json.dumps(settings, sort_keys=True),
                                                           executor, json.dumps(roots)))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, found: int, skipped: int, extracted: int, failed: int) -> None:
        """Record a run's end and its counts."""
        with self.transaction() as db:
            db.execute("UPDATE runs SET ended = ?, found = ?, skipped = ?, extracted = ?, failed = ? "
                       "WHERE run_id = ?", (now(), found, skipped, extracted, failed, run_id))

    # inputs -------------------------------------------------------------------------------------

    def sha_of_unchanged(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The content digest recorded for a path whose size and modification time are unchanged."""
        row = self.db.execute("SELECT sha256 FROM input_paths WHERE path = ? AND size = ? AND mtime_ns = ?",
                              (path, size, mtime_ns)).fetchone()
        return str(row[0]) if row else None

    def note_inputs(self, run_id: int, seen: list[tuple[str, str, int, int]]) -> None:
        """Record the files a run found, as (path, sha256, size, mtime_ns), in one transaction."""
        with self.transaction() as db:
            stamp = now()
            db.executemany("INSERT OR IGNORE INTO inputs (sha256, size, first_seen) VALUES (?, ?, ?)",
                           [(sha, size, stamp) for _, sha, size, _ in seen])
            db.executemany("INSERT INTO input_paths (path, sha256, size, mtime_ns, last_seen_run) "
                           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, "
                           "size = excluded.size, mtime_ns = excluded.mtime_ns, "
                           "last_seen_run = excluded.last_seen_run",
                           [(path, sha, size, mtime, run_id) for path, sha, size, mtime in seen])

    def reading_of(self, sha256: str) -> str | None:
        """How far the reading of a content went when it was last read (None: never read, or not known)."""
        row = self.db.execute("SELECT reading FROM inputs WHERE sha256 = ?", (sha256,)).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    def doc_ids(self) -> dict[str, str]:
        """Every document id the catalog has given (each document has its result), to its content's sha256."""
        rows = self.db.execute("SELECT doc_id, sha256 FROM results WHERE doc_id IS NOT NULL").fetchall()
        return {str(doc_id): str(sha) for doc_id, sha in rows}

    def has_result(self, sha256: str, settings_key: str, code_version: str) -> str | None:
        """The status ('ok' or 'error') of the result for this content, settings and code, if any."""
        row = self.db.execute("SELECT status FROM results WHERE sha256 = ? AND settings_key = ? AND code_version = ?",
                              (sha256, settings_key, code_version)).fetchone()
        return str(row[0]) if row else None

    # results ------------------------------------------------------------------------------------

    def record_result(self, run_id: int, sha256: str, settings_key: str, code_version: str, path: str,
                      doc_id: str, seconds: float, peak_memory_mb: float | None, error: str | None = None,
                      document: dict[str, Any] | None = None, reading: str | None = None) -> None:
        """Record what became of one content, with its document and records when it was read: one
        transaction, so a kill leaves either all of it or none."""
        with self.transaction() as db:
            counts: tuple[int | None, int | None, int | None] = (None, None, None)
            if document is not None:
                counts = self._store_document(db, document, reading)
            elif reading is not None:
                db.execute("UPDATE inputs SET reading = ? WHERE sha256 = ?", (reading, sha256))
            db.execute("INSERT OR REPLACE INTO results (sha256, settings_key, code_version, run_id, path, status, "
                       "error, seconds, peak_memory_mb, doc_id, deliverables, quarterly, flagged, finished) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (sha256, settings_key, code_version, run_id, path, "error" if error else "ok", error,
                        round(seconds, 3), None if peak_memory_mb is None else round(peak_memory_mb, 1),
                        doc_id, *counts, now()))

    def _store_document(self, db: sqlite3.Connection, doc: dict[str, Any], reading: str | None
                        ) -> tuple[int, int, int]:
        source, period = doc["source"], doc["period"]
        doc_id = doc["doc_id"]
        db.execute("DELETE FROM documents WHERE doc_id = ? OR sha256 = ?", (doc_id, source["sha256"]))
        db.execute("UPDATE inputs SET kind = ?, pages = ?, reading = ? WHERE sha256 = ?",
                   (source["kind"], source.get("pages"), reading, source["sha256"]))
        records = [*doc["deliverables"], *doc["quarterly"]]
        flagged = sum(1 for r in records if r["flags"])
        db.execute("INSERT INTO documents (doc_id, sha256, path, kind, pages, year, as_at, period_confidence, "
                   "schema_version, deliverables, quarterly, flagged, warnings, document) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (doc_id, source["sha256"], source["path"], source["kind"], source.get("pages"), period["year"],
                    period["as_at"], period["confidence"], doc["schema_version"], len(doc["deliverables"]),
                    len(doc["quarterly"]), flagged, json.dumps(doc["warnings"], ensure_ascii=False),
                    json.dumps(doc, ensure_ascii=False, separators=(",", ":"))))
        db.executemany(
            f"INSERT INTO deliverables (doc_id, id, seq, group_path, status_previous, status_goal, trend, "
            f"confidence, flags, page, line, cell, {', '.join(DELIVERABLE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * (12 + len(DELIVERABLE_COLUMNS)))})",
            [(doc_id, d["id"], d["seq"], GROUP_SEPARATOR.join(d["group"]), d["statuses"].get("previous"),
              d["statuses"].get("goal"), d["statuses"].get("trend"), d["confidence"], ";".join(d["flags"]),
              *_start(d), *(d[c] for c in DELIVERABLE_COLUMNS)) for d in doc["deliverables"]])
        db.executemany(
            f"INSERT INTO quarterly (doc_id, id, seq, confidence, flags, page, line, cell, "
            f"{', '.join(QUARTERLY_COLUMNS)}) VALUES ({', '.join('?' * (8 + len(QUARTERLY_COLUMNS)))})",
            [(doc_id, q["id"], q["seq"], q["confidence"], ";".join(q["flags"]), *_start(q),
              *(q[c] for c in QUARTERLY_COLUMNS)) for q in doc["quarterly"]])
        flags = {(doc_id, r["id"], "", f) for r in records for f in r["flags"]}
        flags |= {(doc_id, r["id"], name, f) for r in records for name, field in r["fields"].items()
                  for f in field["flags"]}
        db.executemany("INSERT INTO flags (doc_id, record_id, field, flag) VALUES (?, ?, ?, ?)", sorted(flags))
        return len(doc["deliverables"]), len(doc["quarterly"]), flagged


def _start(record: dict[str, Any]) -> tuple[int | None, int | None, str | None]:
    """The page, line and cell where a record's text starts, as the CSVs give them."""
    return (record_start(record["fields"], "page"), record_start(record["fields"], "line"),
            record_start(record["fields"], "cell"))


def open_catalog(path: str | Path) -> Catalog:
    """Open the catalog at path, creating it or bringing its schema up to date.

    :raises CatalogError: it is not a catalog, is newer than this code, or cannot be opened
    """
    where = Path(path)
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(where, isolation_level=None, timeout=30)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")  # a commit is on disk before the next file starts
        db.execute("PRAGMA foreign_keys = ON")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
    except (sqlite3.Error, OSError) as exc:
        raise CatalogError(f"{where}: cannot open the catalog ({exc})") from None
    if version > SCHEMA_VERSION:
        db.close()
        raise CatalogError(f"{where}: the catalog has schema version {version}, newer than this trackrecord "
                           f"({SCHEMA_VERSION}); upgrade trackrecord")
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        db.close()
        raise CatalogError(f"{where}: a SQLite database that is not a trackrecord catalog")
    for number in range(version, SCHEMA_VERSION):
        try:
            db.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]};\nPRAGMA user_version = {number + 1};\nCOMMIT;")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.close()
            raise CatalogError(f"{where}: cannot bring the catalog to schema version {number + 1} ({exc})") from None
    return Catalog(where, db)


def file_identity(path: Path) -> tuple[int, int]:
    """A file's size and modification time (ns): unchanged, its digest need not be read again."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns
