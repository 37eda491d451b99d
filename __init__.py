"""trackrecord: trustworthy data out of legacy performance monitoring reports.

The Python API is what the CLI calls::

    from trackrecord import extract_document, write_outputs
    doc = extract_document("samples/lga-2017-18-q4.pdf")
    doc.deliverables[0].status        # "Amber"
    write_outputs(doc, "output")      # the contract's JSON and CSVs
    to_dataframe(doc)                 # the deliverables as a pandas DataFrame

An auditor's review (``trackrecord review``) saves a corrections file; the next extraction
applies it::

    from trackrecord import apply_corrections, build_site, load_corrections
    build_site(Path("output"), Path("output/review"))   # the static review site
    apply_corrections(doc, load_corrections(Path("corrections.json")))  # -> lines not applied

A back-fill of an archive into a catalog, resumable (``trackrecord backfill``)::

    from trackrecord import prepare_backfill
    with prepare_backfill([Path("archive")], Path("output"), workers=2) as job:
        for done in job.run():            # one per file read, as each finishes
            print(done.job.path, done.outcome.error or "ok")
        print(job.finish().table())       # the counts; output/catalog.sqlite holds the rest
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

# Absolute imports: this file is also the checkout folder's __init__.py, and test runners that
# import it under the folder's own name (any name: "trackrecord-main") must still find the package.
from trackrecord.catalog.backfill import prepare_backfill
from trackrecord.catalog.store import open_catalog
from trackrecord.extract import (
    ExtractionError,
    ExtractSettings,
    LimitExceeded,
    NoTableFound,
    SettingsError,
    UnreadableDocument,
    document_to_dict,
    extract_document,
    write_outputs,
)
from trackrecord.extract.model import Deliverable, Document, QuarterlyRow
from trackrecord.review.corrections import Correction, CorrectionsError, apply_corrections, load_corrections
from trackrecord.review.site import build_site

if TYPE_CHECKING:
    import pandas

__all__ = ["Correction", "CorrectionsError", "Deliverable", "Document", "ExtractSettings", "ExtractionError",
           "LimitExceeded", "NoTableFound", "QuarterlyRow", "SettingsError", "UnreadableDocument", "apply_corrections",
           "build_site", "document_to_dict", "extract_document", "load_corrections", "open_catalog", "prepare_backfill",
           "to_dataframe", "write_outputs"]


def to_dataframe(doc: Document, table: Literal["deliverables", "quarterly"] = "deliverables"
                 ) -> pandas.DataFrame:
    """Return a document's deliverables (or quarterly rows) as a pandas DataFrame.

    :param doc: an extracted document
    :param table: "deliverables" or "quarterly"
    """
    import pandas as pd

    from trackrecord.extract.emit import deliverable_to_dict, quarterly_to_dict

    if table == "deliverables":
        records = [deliverable_to_dict(d) for d in doc.deliverables]
    elif table == "quarterly":
        records = [quarterly_to_dict(q) for q in doc.quarterly]
    else:
        raise SettingsError(f"table must be 'deliverables' or 'quarterly', not {table!r}")
    for r in records:
        r["flags"] = ";".join(r["flags"])
        r.pop("fields")
    return pd.DataFrame.from_records(records)
