"""The catalog of a back-fill: what was read, with which settings and code, and what came of it.

An embedded SQLite database (``OUT/catalog.sqlite`` by default) a data officer queries with any
SQLite tool: inputs and their paths, runs, one result per file, the documents and their
deliverables, quarterly rows and flags, and (after ``reconcile --catalog``) the crosswalk and
lineages. :func:`~.backfill.backfill` fills it; :func:`~.export.export_tables` writes its tables
as Parquet or CSV.
"""

from .store import Catalog, CatalogError, open_catalog

__all__ = ["Catalog", "CatalogError", "open_catalog"]
