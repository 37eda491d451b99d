"""The auditor's review: a static site that shows every value beside its source, and the
corrections file it saves, which the next extraction applies.

- :mod:`.corrections` — the corrections file: load, apply to a document, save;
- :mod:`.pages` — page images of the source documents, for the site;
- :mod:`.site` — ``build_site``: the site itself (``trackrecord review``);
- :mod:`.audit` — the audit summary per document, and its CSV.
"""

from __future__ import annotations

from trackrecord.review.corrections import Correction, CorrectionsError, apply_corrections, load_corrections

__all__ = ["Correction", "CorrectionsError", "apply_corrections", "load_corrections"]
