"""The catalog's tables, as SQL, and the migrations that bring an older catalog up to date.

The catalog is one SQLite file a data officer can open with any SQLite tool. It is written with
the standard library's ``sqlite3`` and a schema spelled out here, not through a helper library:
the back-fill's guarantees (a file's result and its records land in one transaction, or not at
all; a kill leaves the database as it was at the last commit) are SQLite's own, and explicit
tables with keys and foreign keys are what other tools read best.

A catalog says which version of this schema it holds (``PRAGMA user_version``). Opening an older
one applies the missing migrations in order, each in its own transaction; a newer one is refused.
"""

from __future__ import annotations

#: each migration takes the catalog from version i to i + 1; append, never edit a released one
MIGRATIONS: list[str] = [
    """
    CREATE TABLE inputs (              -- each distinct file content met, by its bytes
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        kind TEXT,                     -- source.kind once read: pdf, pdf-scanned, pdf-mixed, text
        pages INTEGER,
        reading TEXT,                  -- how far reading went: unopened (no report), digital (no OCR), ocr
        first_seen TEXT NOT NULL
    );
    CREATE TABLE input_paths (         -- every path met; several paths may hold one content
        path TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES inputs (sha256),
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,     -- with size, tells an unchanged file without reading it again
        last_seen_run INTEGER NOT NULL REFERENCES runs (run_id)
    );
    CREATE INDEX input_paths_sha256 ON input_paths (sha256);
    CREATE TABLE runs (                -- each back-fill started
        run_id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        ended TEXT,                    -- NULL: still running, or killed
        code_version TEXT NOT NULL,
        settings TEXT NOT NULL,        -- JSON: every extraction setting of the run
        executor TEXT NOT NULL,
        roots TEXT NOT NULL,           -- JSON: the paths the run was given
        found INTEGER,
        skipped INTEGER,
        extracted INTEGER,
        failed INTEGER
    );
    CREATE TABLE results (             -- one per content × settings it depends on × code version
        sha256 TEXT NOT NULL REFERENCES inputs (sha256),
        settings_key TEXT NOT NULL,    -- digest of the settings the content's kind reads
        code_version TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs (run_id),
        path TEXT NOT NULL,            -- the path it was read from
        status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error TEXT,                    -- the one-line error when status is 'error'
        seconds REAL,
        peak_memory_mb REAL,
        doc_id TEXT,
        deliverables INTEGER,
        quarterly INTEGER,
        flagged INTEGER,
        finished TEXT NOT NULL,
        PRIMARY KEY (sha256, settings_key, code_version)
    );
    CREATE TABLE documents (           -- the latest good reading of each content
        doc_id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE REFERENCES inputs (sha256),
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        pages INTEGER,
        year TEXT,                     -- period.year, e.g. 2017/18
        as_at TEXT,
        period_confidence REAL,
        schema_version TEXT NOT NULL,
        deliverables INTEGER NOT NULL,
        quarterly INTEGER NOT NULL,
        flagged INTEGER NOT NULL,
        warnings TEXT NOT NULL,        -- JSON list
        document TEXT NOT NULL         -- the contract's whole JSON document
    );
    CREATE TABLE deliverables (
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        section TEXT, subsection TEXT, group_path TEXT, ref TEXT, target TEXT, delivered TEXT,
        status TEXT, status_previous TEXT, status_goal TEXT, trend TEXT,
        target_value REAL, delivered_value REAL, percent_complete REAL, actual_value REAL, floor_value REAL,
        confidence REAL NOT NULL,
        flags TEXT NOT NULL,           -- ;-separated, as in the CSV
        page INTEGER, line INTEGER,
        PRIMARY KEY (doc_id, id)
    );
    CREATE TABLE quarterly (
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        theme TEXT, deliverable TEXT, target REAL, q1 REAL, q2 REAL, q3 REAL, q4 REAL, total REAL,
        pct_achieved REAL, commentary TEXT, matches_deliverable TEXT,
        confidence REAL NOT NULL,
        flags TEXT NOT NULL,
        page INTEGER, line INTEGER,
        PRIMARY KEY (doc_id, id)
    );
    CREATE TABLE flags (               -- one row per flag, on a record or on one of its fields
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
        record_id TEXT NOT NULL,
        field TEXT NOT NULL,           -- '' for the record's own flags
        flag TEXT NOT NULL,
        PRIMARY KEY (doc_id, record_id, field, flag)
    );
    CREATE INDEX flags_flag ON flags (flag);
    CREATE TABLE crosswalk (           -- written by `reconcile --catalog`: crosswalk.csv's rows
        a_doc TEXT, a_id TEXT, a_ref TEXT, a_target TEXT,
        b_doc TEXT, b_id TEXT, b_ref TEXT, b_target TEXT,
        score REAL, band TEXT, reasons TEXT, kind TEXT,
        a_status TEXT, b_status TEXT, a_period TEXT, b_period TEXT
    );
    CREATE TABLE lineage (             -- written by `reconcile --catalog`: lineage.csv's rows, in order
        lineage_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        period TEXT, id TEXT NOT NULL, ref TEXT, target TEXT, status TEXT, event TEXT, band TEXT, score REAL,
        PRIMARY KEY (lineage_id, doc_id, id)
    );
    CREATE TABLE versions (            -- written by `reconcile --catalog`: one report read in several forms
        doc_id TEXT PRIMARY KEY,       -- (a PDF and an old text extraction of it, a re-issued PDF)
        report TEXT NOT NULL,          -- the doc_id of the reading reconciliation used for the report
        similarity REAL NOT NULL       -- how alike the two readings' deliverables are (0..100)
    );
    """,
    """
    ALTER TABLE deliverables ADD COLUMN cell TEXT;   -- a Word or Excel file's cell where the record starts
    ALTER TABLE quarterly ADD COLUMN cell TEXT;      -- (contract 1.6: "Tracker!C14"; page and line null)
    """,
]

#: the schema version this code writes
SCHEMA_VERSION = len(MIGRATIONS)
