"""Reconciliation: the same deliverable across documents, and rows linked within one.

- :func:`reconcile` — two or more extracted documents → crosswalk (proposed matches with a
  score, a band and reasons) and lineages across the years.
- :func:`write_reconciliation` — crosswalk.csv, crosswalk.json and lineage.csv, atomically.
- :func:`link_quarterly` — within one document, quarterly numbers rows → narrative deliverables.
"""

from .crosswalk import Match, match_documents
from .documents import Doc, Item, ReconcileInputError, doc_from_dict, load_doc
from .emit import write_reconciliation
from .evaluation import evaluate, load_labels
from .lineage import LineageRow, ReconcileError, Reconciliation, reconcile
from .link import link_quarterly
from .settings import ReconcileSettings

__all__ = ["Doc", "Item", "LineageRow", "Match", "ReconcileError", "ReconcileInputError", "ReconcileSettings",
           "Reconciliation", "doc_from_dict", "evaluate", "link_quarterly", "load_doc", "load_labels",
           "match_documents", "reconcile", "write_reconciliation"]
