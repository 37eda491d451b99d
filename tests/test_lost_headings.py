"""Rows whose section a heading lost on a scan may have left wrong (``lost_headings``)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from trackrecord.extract.lost_headings import rows_under_lost_headings


@dataclass
class Row:
    section: str | None
    ref: str | None
    target: str = "Deliver 20 reviews by March"
    delivered: str | None = "Done: 21 reviews."
    status: str | None = "Green"
    subsection: str | None = None


def _numbered(sections: list[str | None]) -> list[Row]:
    """Three rows a series, "1.1" … "4.3", each series under the section given for it."""
    return [Row(section, f"{n}.{i}") for n, section in enumerate(sections, 1) for i in (1, 2, 3)]


def test_a_series_that_opens_with_no_heading_is_under_a_lost_heading() -> None:
    """"4.1" after "3.3", still under section 3: section 4's heading was lost on the copy."""
    rows = _numbered(["Support", "Efficiency", "Leadership", "Leadership"])
    assert rows_under_lost_headings(rows) == {9, 10, 11}


def test_series_read_under_their_headings_are_left_alone() -> None:
    assert rows_under_lost_headings(_numbered(["Support", "Efficiency", "Leadership", "Places"])) == set()


def test_a_report_whose_series_do_not_open_under_headings_is_left_alone() -> None:
    """One section over every series: that is how this report is laid out, not a loss."""
    assert rows_under_lost_headings(_numbered(["All", "All", "All", "All"])) == set()


def test_rows_under_a_heading_read_as_a_row_are_flagged_down_to_the_next_heading() -> None:
    rows = [Row(None, None, "Efficiency and Productivity", None, None), Row(None, "E1"), Row(None, "E2"),
            Row("Leadership", "L1"), Row("Leadership", "L2"), Row("Leadership", "L3"),
            Row("Leadership", "L4"), Row("Leadership", "L5"), Row("Leadership", "L6")]
    assert rows_under_lost_headings(rows) == {1, 2}


def test_a_row_with_figures_or_progress_is_no_heading() -> None:
    rows = [Row(None, "E1"), Row(None, None, "Deliver 20 reviews", None, None), Row(None, "E2"),
            Row(None, None, "Peer support", "Reviews held.", None), Row(None, "E3")]
    rows += [Row(None, f"E{n}") for n in range(4, 20)]
    assert rows_under_lost_headings(rows) == set()


@given(st.lists(st.tuples(st.sampled_from(["A", "B", None]), st.sampled_from(["1.1", "1.2", "2.1", "E3", None])),
                max_size=30))
def test_only_rows_of_the_document_are_named(cells: list[tuple[str | None, str | None]]) -> None:
    rows = [Row(section, ref) for section, ref in cells]
    assert rows_under_lost_headings(rows) <= set(range(len(rows)))
