"""The catalog's tables as files for other tools: Parquet (with pyarrow) or CSV.

Each table becomes ``<table>.parquet`` or ``<table>.csv`` in the folder, written whole or not at
all; the documents' whole JSON (``documents.document``) stays in the catalog and the JSON files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..extract.commit import write_together
from ..extract.emit import csv_text
from .store import CatalogError, open_catalog

FORMATS = ("parquet", "csv")
#: the tables exported, in the order a reader meets them
TABLES = ("documents", "deliverables", "quarterly", "flags", "inputs", "input_paths", "runs", "results",
          "crosswalk", "lineage", "versions")
LEFT_OUT = {("documents", "document")}


def export_tables(catalog: Path, out: Path, fmt: str = "parquet", tables: tuple[str, ...] = TABLES) -> list[Path]:
    """Write the catalog's tables into out as Parquet or CSV files; return their paths.

    :raises CatalogError: unknown format or table, or the catalog cannot be opened
    """
    if fmt not in FORMATS:
        raise CatalogError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise CatalogError(f"unknown table {unknown[0]!r} (known: {', '.join(TABLES)})")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with open_catalog(catalog) as store:
        for table in tables:
            info = store.db.execute(f"PRAGMA table_info({table})").fetchall()
            columns = [row[1] for row in info if (table, row[1]) not in LEFT_OUT]
            types = {row[1]: row[2].upper() for row in info}
            rows = store.db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
            target = out / f"{table}.{fmt}"
            if fmt == "csv":
                written += write_together({target: csv_text(columns, [dict(zip(columns, r)) for r in rows])})
            else:
                _write_parquet(target, columns, [types[c] for c in columns], rows)
                written.append(target)
    return written


def _write_parquet(target: Path, columns: list[str], types: list[str], rows: list[tuple[object, ...]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    schema = pa.schema([(c, kinds.get(t, pa.string())) for c, t in zip(columns, types)])
    data = pa.Table.from_arrays([pa.array([r[i] for r in rows], type=schema.field(i).type)
                                 for i in range(len(columns))], schema=schema)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(data, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
