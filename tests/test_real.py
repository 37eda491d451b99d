"""Real reports of other bodies (samples/real/), each against its hand-checked expectation.

Positives: at least 95 % of the rows that carry a status are found, each with the right status
(and named statuses) and the right group. Negatives: their commitments are read, and no status
is invented anywhere. The expectations were written row by row from the rendered pages
(samples/real/README.md says how).
"""

from __future__ import annotations

import pytest
from realcheck import REAL, expected_of, score

from trackrecord import document_to_dict, extract_document

BAR = 0.95
NAMES = sorted(p.stem for p in REAL.glob("*.pdf"))


@pytest.fixture(scope="module", params=NAMES)
def real(request: pytest.FixtureRequest) -> tuple[str, dict]:
    return request.param, document_to_dict(extract_document(REAL / f"{request.param}.pdf"))


def test_there_are_positives_and_negatives() -> None:
    polarities = {expected_of(n)["polarity"] for n in NAMES}
    assert polarities == {"positive", "negative"} and len(NAMES) >= 5


def test_status_rows_found_with_their_status_and_group(real: tuple[str, dict]) -> None:
    name, got = real
    want = expected_of(name)
    result = score(name, got)
    status_rows = [w for w in want["deliverables"] if w["status"] or w["statuses"]]
    assert result.share(result.found) >= BAR, result.missing
    assert result.share(result.status_right) >= BAR, result.wrong
    assert result.share(result.group_right) >= BAR, result.wrong
    if want["polarity"] == "positive":
        assert status_rows, "a positive has rows with a status"
    else:
        assert not status_rows and not result.invented, result.invented


def test_nothing_extra_and_no_status_invented(real: tuple[str, dict]) -> None:
    name, got = real
    result = score(name, got)
    assert result.extra == [] and result.invented == []


def test_legend_read_where_the_report_prints_one() -> None:
    """OMB's "Status Legend": five swatches, accomplished (dark blue) is Blue, not started no status."""
    got = document_to_dict(extract_document(REAL / "louisville-omb-progress-report-2015.pdf"))
    key = {e["label"].split(":")[0]: e["status"] for e in got["key"]}
    assert key == {"Not Started": None, "Off-track": "Red", "Slightly Off-track": "Amber", "On-track": "Green",
                   "Accomplished": "Blue"}
    assert any(t.get("left_out") == "a status key (legend)" for t in got["tables"])
