"""Status, refs, numbers and period: exact cases from the reports, and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackrecord.extract.fields.numbers import delivered_headline, parse_cell_number, quantities, target_headline
from trackrecord.extract.fields.period import Evidence, financial_year, find_period
from trackrecord.extract.fields.refs import Ref, infer_missing, parse_ref
from trackrecord.extract.fields.status import read_status, status_from_colour, status_from_word
from trackrecord.extract.normalise import refs_out_of_step

GREEN, AMBER, RED = (0.40, 0.75, 0.35), (1.0, 0.75, 0.0), (0.9, 0.2, 0.15)


@pytest.mark.parametrize("text,status,fuzzy", [
    ("Green", "Green", False), ("GREEN", "Green", False), ("amber", "Amber", False), ("R", "Red", False),
    ("Croon", "Green", True), ("Amher", "Amber", True), ("C. 66", None, False), ("0,75,575", None, False),
    ("", None, False), ("A.", "Amber", False), ("(G)", "Green", False),
    ("a 4 4 '", None, False),  # a fax's specks around a scrap of a letter: no "A" for Amber
])
def test_status_words(text: str, status: str | None, fuzzy: bool) -> None:
    assert status_from_word(text, 70) == (status, fuzzy)


@pytest.mark.parametrize("text,status", [
    ("' Gran, ' 4 a ox", "Green"), ("i Gran i", "Green"), ("Graep hy ?", "Green"), (". Amher ,", "Amber"),
    # two words are a sentence, not a status word among specks; a lone scrap is no word; a word far
    # from any status is none
    ("Gran Sram", None), ("Gran team meets", None), ("Gr ' 4", None), ("Sram 4 ' 4 i", None),
])
def test_a_status_word_among_specks(text: str, status: str | None) -> None:
    """A scan's shading around a status word is read as specks and scraps beside the word; the one
    word there is read as the status it is close to, flagged fuzzy."""
    assert status_from_word(text, 70) == (status, status is not None)
    if status:
        assert read_status(text, None, 70).flags == ["status_fuzzy"]


@pytest.mark.parametrize("colour,status", [
    (GREEN, "Green"), (AMBER, "Amber"), (RED, "Red"), ((0, 0.69, 0.31), "Green"), ((1, 0.49, 0), "Amber"),
    ((1, 1, 1), None), ((0.9, 0.9, 0.9), None), ((0.16, 0.25, 0.45), None), (None, None),
    # printed dark (a copy's dark fills, 40 % of the colour): the hue is still there
    ((0.16, 0.30, 0.15), "Green"), ((0.4, 0.3, 0.0), "Amber"), ((0.3, 0.3, 0.28), None),
])
def test_status_colours(colour, status) -> None:
    assert status_from_colour(colour) == status


@pytest.mark.parametrize("text,status,flags", [
    ("Green - on track", "Green", []), ("Red (behind schedule)", "Red", []), ("AMBER: at risk", "Amber", []),
    ("Amber/Green", None, ["status_ambiguous"]), ("Red/Amber", None, ["status_ambiguous"]),
])
def test_status_cells_with_more_than_the_word(text: str, status: str | None, flags: list[str]) -> None:
    reading = read_status(text, None, 70)
    assert (reading.value, reading.flags) == (status, flags)


def test_word_and_colour_agree_is_clean() -> None:
    reading = read_status("Green", GREEN, 70)
    assert (reading.value, reading.flags) == ("Green", []) and reading.confidence >= 0.8


def test_word_and_colour_disagree_is_a_conflict() -> None:
    reading = read_status("Green", RED, 70)
    assert reading.value == "Green" and "status_conflict" in reading.flags and reading.confidence < 0.8


def test_colour_only_is_flagged() -> None:
    reading = read_status("", AMBER, 70)
    assert (reading.value, reading.flags) == ("Amber", ["status_from_colour"]) and reading.confidence < 0.8


def test_words_outside_the_vocabulary_are_unrecognised_not_garbage() -> None:
    for text in ["Ongoing", "Not started", "See note"]:
        reading = read_status(text, None, 70)
        assert (reading.value, reading.flags) == (None, ["status_unrecognised"]) and reading.confidence < 0.8
    for text in ["C. 66", "0,75,575"]:
        assert read_status(text, None, 70).flags == ["garbled_text"]
    # a symbol alone is a mark: with no colour behind it, there is no status
    assert read_status("_", None, 70).flags == ["status_missing"]
    assert read_status("■", (0.4, 0.75, 0.35), 70).flags == ["status_from_colour"]


def test_empty_status_is_missing_not_guessed() -> None:
    reading = read_status("", None, 70)
    assert (reading.value, reading.flags) == (None, ["status_missing"]) and reading.confidence < 0.8


@given(st.text(max_size=40), st.none() | st.tuples(*[st.floats(0, 1)] * 3))
def test_read_status_never_crashes_and_is_honest(text: str, colour) -> None:
    reading = read_status(text, colour, 70)
    assert reading.value in (None, "Green", "Amber", "Red", "Blue")  # Blue: contract 1.2 (BRAG)
    assert 0 <= reading.confidence <= 1
    assert (reading.confidence < 0.8) == bool(reading.flags)


@pytest.mark.parametrize("text,ref", [("E1", "E1"), ("EP11a", "EP11a"), ("LC3.", "LC3"), ("SC10:", "SC10"),
                                      ("12", "12"), ("E1.", "E1")])
def test_parse_ref(text: str, ref: str) -> None:
    assert str(parse_ref(text)) == ref


@pytest.mark.parametrize("text", ["≣4", "Ξ10", "<b>E</b> 8", "=9", "Deliver", "E 1 2", ""])
def test_garbage_is_not_a_ref(text: str) -> None:
    assert parse_ref(text) is None


def test_infer_missing_fills_only_what_the_sequence_implies() -> None:
    refs = [parse_ref(x) if x else None for x in ["E3", "", "E5", "", "", "LC1", "", "LC9"]]
    assert [str(r) if r else None for r in infer_missing(refs)] == ["E3", "E4", "E5", None, None, "LC1", None, "LC9"]


@given(st.lists(st.none() | st.builds(Ref, st.sampled_from(["", "E", "EP"]), st.integers(1, 30),
                                      st.sampled_from(["", "a", "b"])), max_size=30))
def test_infer_missing_keeps_known_refs_and_length(refs: list[Ref | None]) -> None:
    out = infer_missing(refs)
    assert len(out) == len(refs)
    assert all(o == r for o, r in zip(out, refs) if r is not None)


@pytest.mark.parametrize("text,value,readable", [
    ("65", 65, True), ("1,700", 1700, True), ("65%", 65, True), ("n/a", None, True), ("", None, True),
    ("-", None, True), ("12.5", 12.5, True), ("C. 66", None, False), ("10070", 10070, True),
])
def test_cell_numbers(text: str, value, readable: bool) -> None:
    assert parse_cell_number(text) == (value, readable)


@given(st.text(max_size=30))
def test_cell_numbers_never_crash(text: str) -> None:
    value, readable = parse_cell_number(text)
    assert value is None or isinstance(value, int | float)
    assert readable or value is None


@pytest.mark.parametrize("target,value", [
    ("Deliver at least 110 peer challenges over a range of subjects (at least 70 corporate)", 110),
    ("Provide change of control support to 20 councils.", 20),
    ("saving councils at least £10m a year", 10_000_000),
    ("Support at least 15% of local authorities", 15),
    ("Recruit a cohort in 2017/18 of up to 100 graduates", 100),
    ("Hold regular meetings with all councils", None),
    ("Run phase 2 with at least 12 senior councillors by 31 July 2018", 12),
    ("Run 120 or more peer challenges, of which at least 75 corporate", 120),
    ("Place 110+ graduates in councils, at least 20 of them in districts", 110),
])
def test_target_headline(target: str, value) -> None:
    assert target_headline(target).value == value


@pytest.mark.parametrize("target,delivered,value", [
    ("at least 10 councils", "We provided this support to 14 local authorities by March 2018.", 14),
    ("at least 60 ambitious and talented councillors", "65 councillors have now completed it.", 65),
    ("at least 150 councillors", "31 councillors attended. So far this year we have supported 71 councillors.", 71),
    ("at least 100 peer challenges", "We delivered 115 peer challenges; 64 were corporate.", 115),
    ("at least 20 councils", "See E6", None),
    ("at least £25m", "savings of £39.9m from 25 councils", 39_900_000),
    ("£12m of savings", "savings of £4.1m have been confirmed so far", 4_100_000),
    ("Run 120 or more peer challenges", "By the end of September 58 peer challenges have taken place", 58),
    ("at least 10 councils", "By 30 September 12 councils had joined", 12),
    ("Place 110 or more high calibre graduates", "A record 128 graduates started", 128),
])
def test_delivered_headline_counts_the_targets_unit(target: str, delivered: str, value) -> None:
    assert delivered_headline(delivered, target_headline(target)).value == value


@given(st.text(max_size=200))
def test_quantities_never_crash(text: str) -> None:
    for q in quantities(text):
        assert q.value == q.value  # not NaN
    target_headline(text)
    delivered_headline(text, target_headline("at least 10 councils"))


@pytest.mark.parametrize("heading,year,as_at", [
    ("What have we delivered by end of Dec 15", "2015/16", "2015-12-31"),
    ("What have we delivered by end of March 2018", "2017/18", "2018-03-31"),
    ("Progress at 31 December 2015", "2015/16", "2015-12-31"),
    ("Update at 30 September 2021", "2021/22", "2021-09-30"),
    ("Progress as at 30 Sep 2021", "2021/22", "2021-09-30"),
])
def test_period_from_headings(heading: str, year: str, as_at: str) -> None:
    period, warnings = find_period([Evidence(heading, 0.95)])
    assert (period.year, period.as_at, period.evidence) == (year, as_at, heading) and not warnings


def test_period_year_only_is_less_sure_and_missing_is_warned() -> None:
    period, _ = find_period([Evidence("Improvement plan 2017/18", 0.85)])
    assert (period.year, period.as_at) == ("2017/18", None) and period.confidence < 0.8
    period, warnings = find_period([Evidence("Target", 0.95)])
    assert period.year is None and warnings


def test_period_disagreement_is_warned() -> None:
    period, warnings = find_period([Evidence("Progress at 31 March 2018", 0.95), Evidence("Plan 2016/17", 0.85)])
    assert period.year == "2017/18" and warnings and period.confidence < 0.8


def test_period_a_mention_of_last_year_beside_this_years_title_is_no_disagreement() -> None:
    period, warnings = find_period([Evidence("Progress at end of September 2018", 0.95),
                                    Evidence("Programme 2018/19: mid-year", 0.85),
                                    Evidence("the commitments of 2017/18 in other words", 0.85)])
    assert (period.year, period.as_at, warnings, period.confidence) == ("2018/19", "2018-09-30", [], 0.95)


@given(st.integers(1990, 2060), st.integers(1, 12))
def test_financial_year_runs_april_to_march(year: int, month: int) -> None:
    fy = financial_year(year, month)
    start = int(fy[:4])
    assert start == (year if month >= 4 else year - 1) and fy[5:] == f"{(start + 1) % 100:02d}"


@given(st.lists(st.text(max_size=60), max_size=5))
def test_find_period_never_crashes(texts: list[str]) -> None:
    period, _ = find_period([Evidence(t, 0.9) for t in texts])
    assert period.year is None or len(period.year) == 7


@pytest.mark.parametrize("text,ref", [("≣4", "E4"), ("Ξ10", "E10"), ("ĒP1", "EP1"), ("<b>E</b> 8", "E8"),
                                      ("<b>=</b> 9", "E9"), ("E11", "E11"), ("12", "12")])
def test_fold_ref_reads_ocr_garbled_refs(text: str, ref: str) -> None:
    from trackrecord.extract.fields.refs import fold_ref

    assert str(fold_ref(text)) == ref


@pytest.mark.parametrize("text", ["000", "Deliver", "0,75,575", ""])
def test_fold_ref_refuses_what_is_no_ref(text: str) -> None:
    from trackrecord.extract.fields.refs import fold_ref

    assert fold_ref(text) is None


def test_bare_numbers_take_the_family_of_their_neighbours() -> None:
    from trackrecord.extract.fields.refs import assign_families

    refs = [parse_ref(x) for x in ["1", "2", "E4", "5", "E11", "12", "EP2", "3"]]
    assert [str(r) for r in assign_families(refs)] == ["E1", "E2", "E4", "E5", "E11", "E12", "EP2", "EP3"]


@pytest.mark.parametrize("text,ref", [("1.1", "1.1"), ("2.3a", "2.3a"), ("PS-01", "PS-01"), ("CP 3", "CP 3"),
                                      ("A1.2", "A1.2"), ("3.2.1", "3.2.1")])
def test_other_ref_schemes(text: str, ref: str) -> None:
    assert str(parse_ref(text)) == ref


@pytest.mark.parametrize("text", ["2015/16", "31.07.2018", "£10m", "100%"])
def test_dates_years_and_amounts_are_no_refs(text: str) -> None:
    assert parse_ref(text) is None


@pytest.mark.parametrize("refs,filled", [
    (["1.1", "1.2", "", "1.4"], ["1.1", "1.2", "1.3", "1.4"]),
    (["PS-01", "", "PS-03"], ["PS-01", "PS-02", "PS-03"]),
    (["2.9", "", "3.1"], ["2.9", None, "3.1"]),
])
def test_gaps_are_filled_in_the_neighbours_scheme(refs: list[str], filled: list[str | None]) -> None:
    got = infer_missing([parse_ref(r) if r else None for r in refs])
    assert [str(r) if r else None for r in got] == filled


@pytest.mark.parametrize("text,status", [("On track", "Green"), ("At risk", "Amber"), ("Off track", "Red"),
                                         ("Yes", "Green"), ("Partially", "Amber"), ("No", "Red"),
                                         ("Complete", "Green"), ("Achieved", "Green"), ("Not achieved", "Red")])
def test_status_phrases_are_mapped_and_flagged(text: str, status: str) -> None:
    reading = read_status(text, None, 70)
    assert (reading.value, reading.flags) == (status, ["status_mapped"]) and reading.confidence < 0.8


def test_status_phrases_are_data() -> None:
    from trackrecord.extract.settings import ExtractSettings

    settings = ExtractSettings.resolve({"status_phrases": (("blue", "Green"),)})
    assert read_status("Blue", None, 70, settings.status_phrases).value == "Green"
    assert read_status("On track", None, 70, settings.status_phrases).value is None


@pytest.mark.parametrize("title,year,as_at", [
    ("Quarter 3 performance report 2015/16", "2015/16", "2015-12-31"),
    ("Q4 2017/18 monitoring", "2017/18", "2018-03-31"),
    ("Improvement plan 2021/22: Q1 update", "2021/22", "2021-06-30"),
    ("End of year report 2017/18", "2017/18", "2018-03-31"),
    ("Half-year update 2021/22", "2021/22", "2021-09-30"),
])
def test_period_from_a_quarter_of_a_stated_year(title: str, year: str, as_at: str) -> None:
    period, _ = find_period([Evidence("Progress", 0.95), Evidence(title, 0.85)])
    assert (period.year, period.as_at) == (year, as_at)
    assert period.confidence < 0.85  # derived from a quarter, not read as a date


def _records(*texts: str) -> list:  # type: ignore[type-arg]
    from types import SimpleNamespace

    from trackrecord.extract.model import FieldValue, Source

    return [SimpleNamespace(fields={"target": FieldValue(t, 1.0, [], Source(1, (0, i * 10, 100, i * 10 + 8)))})
            for i, t in enumerate(texts)]


def test_a_word_printed_once_beside_a_common_spelling_is_a_likely_misread() -> None:
    from trackrecord.extract.normalise import Vocabulary

    vocabulary = Vocabulary(_records("Sector support and peer chailenge", "Target peer challenge at councils",
                                     "A peer challenge in every council", "Plans for councils"))
    assert vocabulary.misread("Sector support and peer chailenge") == ["chailenge"]
    assert vocabulary.misread("Target peer challenge at councils") == []  # the common spelling itself
    assert vocabulary.misread("Plans for councils") == []  # "Plans" beside "plan"s: an ending, not a slip
    # one heading repeated in every record under it is one printing, not many
    repeated = Vocabulary(_records(*["Sector support and peer chailenge"] * 1) * 4)
    assert repeated.counts["chailenge"] == 1


@given(st.lists(st.from_regex(r"[a-z]{4,9}", fullmatch=True), min_size=1, max_size=12))
def test_a_word_printed_twice_is_never_called_a_misread(words: list[str]) -> None:
    from trackrecord.extract.normalise import Vocabulary

    text = " ".join(words)
    vocabulary = Vocabulary(_records(text, text))
    assert vocabulary.misread(text) == []


def test_letters_ocr_runs_together_count_as_one_slip() -> None:
    from trackrecord.extract.normalise import Vocabulary

    vocabulary = Vocabulary(_records("Expand the e-leaming offer", "blended learning modules", "learning from peers"))
    assert vocabulary.misread("Expand the e-leaming offer") == ["leaming"]


def test_a_capital_slipped_into_mid_sentence_once_is_a_likely_misread() -> None:
    """"and Started" where the document prints "started" again and again: OCR's case slip. A name
    capitalised wherever it stands ("the Board", twice) and a word at a sentence's start are not."""
    from trackrecord.extract.normalise import Vocabulary

    vocabulary = Vocabulary(_records("Councils were approached and Started the work", "work started in May",
                                     "Five started. Started again in June", "work has started", "the Board agreed",
                                     "as the Board asked", "a board of six", "a board meets"))
    assert vocabulary.misread("Councils were approached and Started the work") == ["Started"]
    assert vocabulary.misread("Five started. Started again in June") == []
    assert vocabulary.misread("the Board agreed") == []
    # printed nowhere else: a capital of the small letter's shape, alone between small words, is doubtful
    alone = Vocabulary(_records("graduates were appointed and Started their posts", "with the Cabinet Office",
                                "across Social Care teams", "the Board met in July"))
    assert alone.misread("graduates were appointed and Started their posts") == ["Started"]
    assert alone.misread("with the Cabinet Office") == [] and alone.misread("across Social Care teams") == []
    assert alone.misread("the Board met in July") == []


@given(st.lists(st.from_regex(r"[A-Za-z][a-z]{3,8}", fullmatch=True), min_size=1, max_size=12))
def test_a_capital_printed_twice_in_mid_sentence_is_never_a_slip(words: list[str]) -> None:
    from trackrecord.extract.normalise import Vocabulary

    text = "and " + " ".join(words)
    vocabulary = Vocabulary(_records(text, text, text.lower(), text.lower()))
    assert not [w for w in vocabulary.misread(text) if w[0].isupper()]


def test_a_ref_of_a_shape_no_other_ref_has_is_doubtful_on_an_ocr_page() -> None:
    """"41" among "4.2", "4.3", "4.4": OCR lost the dot. Flagged, never changed."""
    from types import SimpleNamespace

    from trackrecord.contract import Flag
    from trackrecord.extract.model import FieldValue, Source
    from trackrecord.extract.normalise import mark_ocr

    records = [SimpleNamespace(ref=ref, fields={"ref": FieldValue(ref, 1.0, [], Source(1, (0, i, 9, i + 8)))})
               for i, ref in enumerate(["41", "4.2", "4.3", "4.4"])]
    mark_ocr(records, {1}, 0.9)  # type: ignore[arg-type]
    assert [Flag.OCR_SUSPECT in r.fields["ref"].flags for r in records] == [True, False, False, False]


def test_a_run_together_word_is_doubtful_however_often_it_is_printed() -> None:
    from trackrecord.extract.normalise import Vocabulary

    vocabulary = Vocabulary(_records("the e-leaming offer", "e-leaming modules", "learning from peers",
                                     "blended learning"))
    assert vocabulary.misread("the e-leaming offer") == ["leaming"]
    assert vocabulary.misread("blended learning") == []  # the word it was read for is not in doubt


@pytest.mark.parametrize("text,kind", [
    ("or Ey Teo al (SF v", "garbled"),  # a fax's shaded status cell, OCR'd
    ("t t i j i we Pen)", "garbled"),
    ("We have delivered 65 peer challenges", "sentence"),
    ("Work is under way in 5 councils", "sentence"),
])
def test_ocr_junk_is_not_a_sentence(text: str, kind: str) -> None:
    """A status column whose cells OCR could not read keeps its role (its statuses are then null
    and flagged garbled_text): junk counted as sentences turned it into a narrative column."""
    from trackrecord.extract.fields.content import cell_kind

    assert cell_kind(text) == kind


def test_a_fiscal_year_split_over_white_space_is_a_year_not_a_crash() -> None:
    """Found by the hostile corpus: "17" then a line break, a dash and a tab, then "18"."""
    assert quantities("17\n-\t18") == []
    assert quantities("Deliver 17\n-\t18 workshops") == []


@given(st.text(alphabet=st.sampled_from("0123456789 \n\t-/.,£%£$kmbn()toaprJuneMarch"), max_size=60))
def test_any_text_gives_quantities_or_none_never_an_error(text: str) -> None:
    for q in quantities(text):
        assert 0 <= q.start < len(text)
    target_headline(text)
    delivered_headline(text, target_headline(text))


@pytest.mark.parametrize("refs,out", [
    (["3.9", "4.1", "1.2", "1.3"], {1}),            # a section's first ref with a digit misread
    (["E6", "X7", "E8"], {1}),                       # a family letter misread mid-run
    (["E6", "E7", "E8", "EP1", "EP2"], set()),       # a new family starts a run of its own
    (["1.1", "1.2", "2.1", "2.2", "3.1"], set()),
    (["4.1", "1.2", "1.3"], {0}),
    (["E1", None, "E3"], set()), ([], set()), (["E1"], set()),
])
def test_a_ref_out_of_step_with_its_neighbours(refs: list[str | None], out: set[int]) -> None:
    assert refs_out_of_step(refs) == out


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(["E", "EP", "LC", "1.", "2.", "3.", "A-"]), st.integers(1, 6)),
                min_size=1, max_size=8, unique_by=lambda t: t[0]))
def test_refs_counting_on_in_their_families_are_never_out_of_step(runs: list[tuple[str, int]]) -> None:
    """A report's refs as printed: runs of families, each counting 1, 2, 3 …: none is out of step."""
    refs = [f"{family}{n}" for family, length in runs for n in range(1, length + 1)]
    assert refs_out_of_step(refs) == set()


def _drafts(raws: list[str]) -> list:  # type: ignore[type-arg]
    from trackrecord.extract.model import FieldValue, Source
    from trackrecord.extract.normalise import Draft

    out = []
    for raw in raws:
        reading = read_status(raw, None, 70)
        field = FieldValue(raw, reading.confidence, list(reading.flags), Source(1, None))
        out.append(Draft(None, None, None, Source(1, None), "t", None, reading.value, None, None, {"status": field}))
    return out


def test_a_lone_letter_in_a_column_of_words_is_doubted_and_in_a_column_of_letters_is_not() -> None:
    from trackrecord.extract.normalise import _doubt_lone_letters

    words = _drafts(["Green"] * 9 + ["Amber"] * 3 + ["a"])  # a fax's scrap among words
    _doubt_lone_letters(words)
    assert words[-1].status == "Amber" and words[-1].fields["status"].flags == ["status_fuzzy"]
    assert all(d.fields["status"].flags == [] for d in words[:-1])
    letters = _drafts(["G", "A", "R", "G", "Green"])  # a RAG-letter column (one cell written out)
    _doubt_lone_letters(letters)
    assert all(d.fields["status"].flags == [] for d in letters)


def _status_drafts(statuses: list[tuple[str | None, list[str]]]) -> list:  # type: ignore[type-arg]
    from types import SimpleNamespace

    from trackrecord.contract import Flag
    from trackrecord.extract.model import FieldValue, Source

    return [SimpleNamespace(status=value, fields={"status": FieldValue(value, 1.0, [Flag(f) for f in flags],
                                                                       Source(1, None))})
            for value, flags in statuses]


def test_a_row_whose_status_column_was_lost_is_flagged_where_the_others_have_one() -> None:
    """A page whose status column was lost (its border faded on a copy) gives rows with no status
    column among rows that have one: their null is "not found", flagged. A report whose tables
    have no status column, or a second table without one beside a first with, is left alone."""
    from trackrecord.extract.normalise import _doubt_lost_status_columns

    drafts = _status_drafts([("Green", [])] * 6 + [(None, ["status_missing"])] + [(None, [])] * 2)
    _doubt_lost_status_columns(drafts)
    assert [[str(f) for f in d.fields["status"].flags] for d in drafts[-3:]] == [["status_missing"]] * 3
    assert drafts[-1].fields["status"].confidence == 0.5 and drafts[0].fields["status"].flags == []
    for statuses in ([(None, [])] * 5, [("Green", [])] * 3 + [(None, [])] * 3):
        drafts = _status_drafts(statuses)
        _doubt_lost_status_columns(drafts)
        assert all(d.fields["status"].flags == [] for d in drafts if d.status is None)


def test_a_sentence_whose_full_stop_ocr_lost_is_doubtful_where_the_document_ends_every_one() -> None:
    """OCR leaves off a final full stop (a few pixels) even where the cleaned page shows it. In a
    document that ends nine in ten of a field's texts with one, a text on an OCR'd page that ends
    in a letter or a digit is flagged ocr_suspect; where the document does not, nothing is."""
    from types import SimpleNamespace

    from trackrecord.contract import Flag
    from trackrecord.extract.model import FieldValue, Source
    from trackrecord.extract.normalise import mark_ocr

    def records(*texts: str) -> list:  # type: ignore[type-arg]
        return [SimpleNamespace(fields={"delivered": FieldValue(t, 1.0, [], Source(1, (0, i * 10, 100, i * 10 + 8)))})
                for i, t in enumerate(texts)]

    stops = records("Work began in May.", "Ten councils took part.", "The guide is out.", "Done in June.",
                    "Sixty studies were added", "Five more are booked.", "The course is full.",
                    "Nine sessions ran.", "All councils were met.", "The offer is (now) live.")
    mark_ocr(stops, {1}, 0.9)  # type: ignore[arg-type]
    assert [Flag.OCR_SUSPECT in r.fields["delivered"].flags for r in stops] == [False] * 4 + [True] + [False] * 5
    plain = records("Work began in May", "Ten councils took part", "The guide is out.", "Done in June",
                    "Sixty studies were added")
    mark_ocr(plain, {1}, 0.9)  # type: ignore[arg-type]
    assert not any(Flag.OCR_SUSPECT in r.fields["delivered"].flags for r in plain)


def _series_rows(page: int) -> list:  # type: ignore[type-arg]
    """Rows "1.1" … "4.3" on ``page``, series 4 left under section 3 (its heading lost), series 1
    with no section field at all."""
    from types import SimpleNamespace

    from trackrecord.extract.model import FieldValue, Source

    rows = []
    for n, section in enumerate(["Support", "Efficiency", "Leadership", "Leadership"], 1):
        for i in (1, 2, 3):
            source = Source(page, (0, 10 * len(rows), 100, 10 * len(rows) + 8))
            fields = {"target": FieldValue(f"Deliver {n}{i} reviews", 1.0, [], source),
                      "section": FieldValue(section, 1.0, [], source)}
            rows.append(SimpleNamespace(fields=fields, section=section, subsection=None, ref=f"{n}.{i}",
                                        target=f"Deliver {n}{i} reviews", delivered="Done.", status="Green"))
    return rows


def test_a_section_a_lost_heading_left_is_flagged_on_a_scanned_page_only() -> None:
    from trackrecord.contract import Flag
    from trackrecord.extract.normalise import mark_ocr

    scanned = _series_rows(1)
    mark_ocr(scanned, {1}, 0.9)  # type: ignore[arg-type]
    assert [i for i, r in enumerate(scanned) if Flag.OCR_SUSPECT in r.fields["section"].flags] == [9, 10, 11]
    digital = _series_rows(1)
    for r in digital[9:]:
        del r.fields["section"]  # (a null section: no field)
    mark_ocr(digital, set(), 0.9)  # type: ignore[arg-type]
    assert all("section" not in r.fields for r in digital[9:])  # a digital page's headings do not fade
    mark_ocr(digital, {1}, 0.9)  # type: ignore[arg-type]
    assert all(r.fields["section"].raw is None and Flag.OCR_SUSPECT in r.fields["section"].flags
               for r in digital[9:])
