"""The sample reports are made by a deterministic script: rebuilding gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import build
from helpers import SAMPLE_IDS, SAMPLES


def test_rebuilding_the_samples_gives_identical_files(tmp_path: Path) -> None:
    build.main(tmp_path)
    for doc_id in SAMPLE_IDS:
        assert (tmp_path / f"{doc_id}.pdf").read_bytes() == (SAMPLES / f"{doc_id}.pdf").read_bytes(), doc_id
        assert (tmp_path / "expected" / f"{doc_id}.json").read_text() == \
            (SAMPLES / "expected" / f"{doc_id}.json").read_text(), doc_id
