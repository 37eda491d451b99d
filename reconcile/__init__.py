"""Reconciliation: the same deliverable across documents.

- :func:`reconcile` — two or more extracted documents → crosswalk (proposed matches with a
  score, a band and reasons) and lineages across the years.
- :func:`write_reconciliation` — crosswalk.csv, crosswalk.json and lineage.csv, atomically.
"""

from .crosswalk import Match, match_documents
from .documents import Doc, Item, ReconcileInputError, doc_from_dict, load_doc
from .emit import write_reconciliation
from .evaluation import evaluate, load_labels
from .lineage import LineageRow, ReconcileError, Reconciliation, reconcile
from .settings import ReconcileSettings

__all__ = ["Doc", "Item", "LineageRow", "Match", "ReconcileError", "ReconcileInputError", "ReconcileSettings",
           "Reconciliation", "doc_from_dict", "evaluate", "load_doc", "load_labels",
           "match_documents", "reconcile", "write_reconciliation"]
