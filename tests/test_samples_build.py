"""The sample reports (PDFs and their Word and Excel twins) are made by a deterministic script:
rebuilding gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import build
from helpers import SAMPLES


def test_rebuilding_the_samples_gives_identical_files(tmp_path: Path) -> None:
    build.main(tmp_path)
    for doc_id in [s.doc_id for s in build.SAMPLES]:
        assert (tmp_path / f"{doc_id}.pdf").read_bytes() == (SAMPLES / f"{doc_id}.pdf").read_bytes(), doc_id
        assert (tmp_path / "expected" / f"{doc_id}.json").read_text() == \
            (SAMPLES / "expected" / f"{doc_id}.json").read_text(), doc_id
        for suffix in build.OFFICE_TWINS:  # its Word and Excel twins, made by the same script
            office = Path("office") / suffix[1:] / f"{doc_id}{suffix}"
            assert (tmp_path / office).read_bytes() == (SAMPLES / office).read_bytes(), office
