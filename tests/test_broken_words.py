"""Words a narrow ruled cell broke without a hyphen, joined only where geometry and words agree."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES  # noqa: F401  (puts samples/ on the path)
from series import make_report, renderer
from series.score import score

from trackrecord import document_to_dict, extract_document
from trackrecord.extract.model import Rule, Word
from trackrecord.extract.pdf.broken_words import Vocabulary, join_broken_words

CHAR = 5.0  # every character 5 points wide
PAD = 4.0  # the cell's padding on each side


def cell(lines: list[str], left: float = 100.0, width_chars: int = 10, top: float = 50.0
         ) -> tuple[list[Word], list[Rule]]:
    """A ruled cell ``width_chars`` characters wide holding the given lines, left aligned."""
    right = left + 2 * PAD + width_chars * CHAR
    words = []
    for i, line in enumerate(lines):
        x = left + PAD
        for text in line.split():
            words.append(Word(text, x, top + 12 * i, x + CHAR * len(text), top + 12 * i + 9, 1, size=8))
            x += CHAR * (len(text) + 1)
    rules = [Rule(x - 0.25, top - 3, x + 0.25, top + 12 * len(lines) + 3) for x in (left, right)]
    return words, rules


def known(*words: str) -> Vocabulary:
    seen = Vocabulary()
    seen.add(list(words))
    return seen


def texts(words: list[Word]) -> list[str]:
    return [w.text for w in words]


def test_a_word_broken_where_the_line_was_full_is_joined_and_marked() -> None:
    words, rules = cell(["Procuremen", "t has been", "done."])
    out = join_broken_words(words, rules, Vocabulary())
    assert texts(out) == ["Procurement", "has", "been", "done."]
    assert out[0].repaired and out[0].bbox == words[0].bbox
    assert not any(w.repaired for w in out[1:])


def test_digits_broken_at_the_line_end_are_joined() -> None:
    words, rules = cell(["31/03/202", "5"], width_chars=9)
    assert texts(join_broken_words(words, rules, Vocabulary())) == ["31/03/2025"]


def test_a_wrap_at_a_space_in_a_column_as_wide_as_its_longest_word_is_kept() -> None:
    """A table laid out to its content: "Procurement" fills its line, "has" wraps at a space."""
    words, rules = cell(["Procurement", "has been", "done."], width_chars=11)
    assert texts(join_broken_words(words, rules, Vocabulary())) == texts(words)


def test_a_one_letter_word_the_document_uses_is_not_taken_for_the_rest() -> None:
    words, rules = cell(["evaluated", "a new plan"], width_chars=9)
    elsewhere, _ = cell(["a plan"], left=300.0)
    assert texts(join_broken_words(words + elsewhere, rules, Vocabulary())) == texts(words + elsewhere)


def test_a_longer_rest_is_joined_only_when_the_document_knows_the_whole_word() -> None:
    words, rules = cell(["procure", "ment done"], width_chars=7)
    assert texts(join_broken_words(words, rules, Vocabulary())) == texts(words)
    assert texts(join_broken_words(words, rules, known("procurement"))) == ["procurement", "done"]
    both, rules = cell(["work", "force plan"], width_chars=4)
    assert texts(join_broken_words(both, rules, known("workforce", "work", "force"))) == texts(both)


def test_a_line_that_is_not_full_or_not_alone_is_kept() -> None:
    short, rules = cell(["Procure", "t has"], width_chars=10)  # room left for more on its line
    assert texts(join_broken_words(short, rules, Vocabulary())) == texts(short)
    shared, rules = cell(["on Procurem", "t has"], width_chars=11)  # not alone on its line
    assert texts(join_broken_words(shared, rules, Vocabulary())) == texts(shared)
    unruled, _ = cell(["Procuremen", "t has"])
    assert texts(join_broken_words(unruled, [], Vocabulary())) == texts(unruled)


def test_the_page_vocabulary_is_carried_to_the_next_page() -> None:
    seen = Vocabulary()
    words, rules = cell(["Procurement", "has"], width_chars=11)
    join_broken_words(words, rules, seen)
    assert "procurement" in seen and "has" in seen and "procure" not in seen
    broken, rules = cell(["procure", "ment done"], width_chars=7)
    assert texts(join_broken_words(broken, rules, seen)) == ["procurement", "done"]


def test_a_narrow_word_processor_table_reads_exactly_and_says_what_it_joined(tmp_path: Path) -> None:
    """A LibreOffice table whose columns are narrower than their words ("Septembe" / "r 2024",
    "Objectiv" / "e RAG", "achieve" / "d"): the headings keep their roles, the statuses read."""
    report = make_report(601)
    pdf = renderer("docx")(report, tmp_path / "docx-601.pdf")
    got = document_to_dict(extract_document(pdf))
    result = score(report, got)
    assert result.wrong == []
    row = next(r for r in got["deliverables"] if r["fields"].get("date", {}).get("raw") == "31/03/2025")
    assert "text_repaired" in row["fields"]["date"]["flags"]
