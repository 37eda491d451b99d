"""Reconciliation from the catalog: its documents in, crosswalk, lineage and versions back as tables.

The same matching as ``trackrecord reconcile`` on files (:mod:`trackrecord.reconcile`), over the
documents a back-fill recorded; the three tables are replaced whole in one transaction, so a
reader sees the last reconciliation or the one before, never a mixture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..reconcile.batch import TooFewDocuments
from ..reconcile.documents import Doc, ReconcileInputError, doc_from_dict
from ..reconcile.emit import CROSSWALK_COLUMNS, LINEAGE_COLUMNS, lineage_to_dict, match_to_dict
from ..reconcile.lineage import Reconciliation, reconcile
from ..reconcile.settings import ReconcileSettings
from .store import open_catalog


def reconcile_catalog(path: Path, settings: ReconcileSettings | dict[str, Any] | None = None,
                      workers: int = 1) -> tuple[Reconciliation, list[str]]:
    """Reconcile every document in the catalog at path and write the result into it.

    :returns: the reconciliation, and one line per stored document that could not be read
    :raises TooFewDocuments: the catalog holds fewer than two readable documents
    :raises CatalogError: the catalog cannot be opened
    """
    resolved = ReconcileSettings.resolve(settings)
    with open_catalog(path) as store:
        docs: list[Doc] = []
        failures: list[str] = []
        for doc_id, text in store.db.execute("SELECT doc_id, document FROM documents ORDER BY doc_id"):
            try:
                docs.append(doc_from_dict(json.loads(text), f"{path}: document {doc_id}"))
            except (ReconcileInputError, json.JSONDecodeError, RecursionError) as exc:
                failures.append(f"error: {exc}")
        if len(docs) < 2:
            raise TooFewDocuments(len(docs), failures)
        result = reconcile(docs, resolved, workers=workers)
        periods = {d.doc_id: d.period for d in result.documents}
        crosswalk = [match_to_dict(m, periods) for m in result.matches]
        lineage = [lineage_to_dict(r) for r in result.lineage]
        with store.transaction() as db:
            db.execute("DELETE FROM crosswalk")
            db.execute("DELETE FROM lineage")
            db.execute("DELETE FROM versions")
            db.executemany(f"INSERT INTO crosswalk ({', '.join(CROSSWALK_COLUMNS)}) "
                           f"VALUES ({', '.join('?' * len(CROSSWALK_COLUMNS))})",
                           [tuple(row[c] for c in CROSSWALK_COLUMNS) for row in crosswalk])
            db.executemany(f"INSERT INTO lineage ({', '.join(LINEAGE_COLUMNS)}) "
                           f"VALUES ({', '.join('?' * len(LINEAGE_COLUMNS))})",
                           [tuple(row[c] for c in LINEAGE_COLUMNS) for row in lineage])
            db.executemany("INSERT INTO versions (doc_id, report, similarity) VALUES (?, ?, ?)",
                           [(v.doc_id, v.report, v.similarity) for v in result.versions])
    return result, failures
