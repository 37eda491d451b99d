"""The quadratic corners of "Hostile input: bounded time and memory" stay closed.

Each test counts work (calls, characters searched, entries ranked) at a size N and 2N and
checks it grows at most 2.5 times, or checks a faster mechanism against the plain definition it
replaced; none of them times anything. ``bench/scaling.py`` measures the seconds.
"""

from __future__ import annotations

import itertools
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trackrecord.extract import link
from trackrecord.extract.fields import numbers
from trackrecord.extract.model import Deliverable, PageContent, QuarterlyRow, Word
from trackrecord.extract.pdf import find, headerless
from trackrecord.extract.pdf.lines import group_lines
from trackrecord.extract.settings import ExtractSettings
from trackrecord.extract.text import rows as text_rows
from trackrecord.extract.text.reader import TextLine
from trackrecord.reconcile import assign, candidates, doc_from_dict

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from reconcile_scale import generate  # a sibling script of the benches, not a package

GROWTH = 2.5  # work may grow this much when the input doubles


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    return ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(3, 6))) for _ in range(size)]


def _link_input(n: int, seed: int) -> tuple[list[Deliverable], list[QuarterlyRow]]:
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 12)
    deliverables = []
    for k in range(n):
        number = rng.choice([None, 5, 10])
        said = " ".join(rng.choices(vocabulary, k=rng.randint(2, 6)))
        deliverables.append(Deliverable(id=f"d{k}", seq=k, section=None, subsection=None, ref=None,
                                        target=f"Deliver at least {number} {said}" if number else f"Deliver {said}",
                                        delivered=None, status=None, target_value=number, delivered_value=None,
                                        fields={}))
    quarterly = []
    for k in range(n):
        words = rng.choice(deliverables).target.split()
        rng.shuffle(words)
        quarterly.append(QuarterlyRow(id=f"q{k}", seq=k, theme=None, deliverable=" ".join(words[:rng.randint(0, 6)]),
                                      target=rng.choice([None, 5, 10]), q1=None, q2=None, q3=None, q4=None,
                                      total=None, pct_achieved=None, commentary=None, matches_deliverable=None,
                                      fields={}))
    return deliverables, quarterly


def _links_by_definition(deliverables: list[Deliverable], quarterly: list[QuarterlyRow],
                         settings: ExtractSettings) -> dict[str, tuple[str, float, float, bool]]:
    """Linking as the settings' docstring defines it: every pair scored with link.score, best
    first, a row's runner-up its best other untaken deliverable."""
    scores = {(q.id, d.id): link.score(q, d, settings.link_number_bonus) for q in quarterly for d in deliverables}
    out: dict[str, tuple[str, float, float, bool]] = {}
    taken: set[str] = set()
    for (qid, did), value in sorted(scores.items(), key=lambda kv: -kv[1]):
        if value < settings.link_threshold or qid in out or did in taken:
            continue
        runner_up = max((v for (q, d), v in scores.items() if q == qid and d != did and d not in taken), default=0.0)
        if value - runner_up < settings.link_margin:
            continue
        out[qid] = (did, value, runner_up, value - runner_up < settings.link_contested_margin)
        taken.add(did)
    return out


def test_links_are_those_of_the_definition() -> None:
    settings = ExtractSettings()
    checked = 0
    for seed in range(60):
        deliverables, quarterly = _link_input(random.Random(seed).randint(1, 9), seed)
        found = link.link_quarterly(deliverables, quarterly, settings)
        assert {k: (v.deliverable_id, v.score, v.runner_up, v.contested) for k, v in found.items()} == \
            _links_by_definition(deliverables, quarterly, settings)
        checked += len(found)
    assert checked > 50  # the inputs do link


def test_link_reads_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {"normalised": 0, "headlines": 0}
    normalise, headline = link.normalise_for_matching, link.target_headline

    def counting_normalise(text: str) -> str:
        counts["normalised"] += 1
        return normalise(text)

    def counting_headline(text: str) -> Any:
        counts["headlines"] += 1
        return headline(text)

    monkeypatch.setattr(link, "normalise_for_matching", counting_normalise)
    monkeypatch.setattr(link, "target_headline", counting_headline)
    for n in (100, 200):
        counts.update(normalised=0, headlines=0)
        deliverables, quarterly = _link_input(n, 1)
        link.link_quarterly(deliverables, quarterly)
        with_text = sum(1 for q in quarterly if q.deliverable)
        assert counts == {"normalised": with_text + n, "headlines": with_text}


class _CountingPattern:
    """A compiled pattern that adds up how many characters it was asked to search."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.searched = 0
        self.longest = 0

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        self.searched += len(text)
        self.longest = max(self.longest, len(text))
        return self.pattern.search(text, *args)


def _counted(monkeypatch: pytest.MonkeyPatch, name: str) -> _CountingPattern:
    counting = _CountingPattern(getattr(numbers, name))
    monkeypatch.setattr(numbers, name, counting)
    return counting


def _cell(n: int) -> str:
    return ", ".join(f"{i} councils in March {i % 28 + 1}" for i in range(n)) + ". So far in total 7 councils."


def test_a_number_reads_only_the_text_near_it(monkeypatch: pytest.MonkeyPatch) -> None:
    labels, quantifiers, cumulative = (_counted(monkeypatch, name) for name in ("LABELS", "QUANTIFIERS", "CUMULATIVE"))
    searched = []
    for n in (400, 800):
        for pattern in (labels, quantifiers, cumulative):
            pattern.searched = 0
        found = numbers.quantities(_cell(n))
        headline = numbers.delivered_headline(_cell(n), numbers.target_headline("at least 10 councils"))
        # the dates ("March 3") are no quantities; the count in the running-total sentence wins
        assert len(found) == n + 1 and headline.value == 7
        searched.append((labels.searched, quantifiers.searched, cumulative.searched))
    for small, large in zip(*searched):
        assert large <= GROWTH * small
    # the look-behind sees its window and the spaces before the number, never the text before that
    assert labels.longest <= numbers.LOOKBEHIND + len(" ") and quantifiers.longest <= numbers.LOOKBEHIND + len(" ")


def test_the_look_behind_window_holds_every_quantifier_and_label() -> None:
    for pattern in (numbers.LABELS, numbers.QUANTIFIERS):
        alternatives = re.match(r"\((.*)\)\\s\*\$$", pattern.pattern)
        assert alternatives is not None
        assert max(len(a) for a in alternatives.group(1).split("|")) <= numbers.LOOKBEHIND


def _extraction(rows: int, seed: int = 2) -> list[TextLine]:
    """Rows with continuation lines, flattened repeats of earlier rows and garbled copies."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 400)
    texts = ["Ref\tDeliverable\tProgress to date\tStatus"]
    for k in range(1, rows + 1):
        target, progress = " ".join(rng.choices(vocabulary, k=10)), " ".join(rng.choices(vocabulary, k=20))
        line = f"E{k}\tDeliver {target}.\tWe {progress}.\t{rng.choice(['Green', 'Amber', 'Red'])}"
        texts.append(line)
        roll = rng.random()
        if roll < 0.3:
            more, further = " ".join(rng.choices(vocabulary, k=8)), " ".join(rng.choices(vocabulary, k=12))
            texts.append(f"\tand {more}\tthen {further}\t")
        elif roll < 0.4 and k > 3:
            texts.append("\tand " + " ".join(t.split("\t")[1] for t in texts[-3:]) + "\t\t")  # a flattened repeat
        elif roll < 0.5:
            texts.append(line.replace("e", "c"))
    return [TextLine(i, tuple(t.split("\t")), t) for i, t in enumerate(texts, 1)]


def test_copies_and_repeats_are_found_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"grams": 0, "similarity": 0}
    grams, similarity = text_rows._grams, text_rows._similarity

    def counting_grams(text: str) -> set[tuple[str, ...]]:
        calls["grams"] += 1
        return grams(text)

    def counting_similarity(a: str, b: str) -> float:
        calls["similarity"] += 1
        return similarity(a, b)

    monkeypatch.setattr(text_rows, "_grams", counting_grams)
    monkeypatch.setattr(text_rows, "_similarity", counting_similarity)
    seen = []
    for n in (150, 300):
        calls.update(grams=0, similarity=0)
        lines = _extraction(n)
        found = text_rows.recover_text_rows(lines, ExtractSettings())
        reasons = {d.reason.split(" (")[0].split(" of row")[0] for d in found.dropped}
        assert {"repeats the text of earlier rows", "garbled copy"} <= reasons
        assert calls["grams"] <= 2 * len(lines)  # each target and progress piece once
        seen.append(dict(calls))
    assert seen[1]["grams"] <= GROWTH * seen[0]["grams"]
    assert seen[1]["similarity"] <= GROWTH * seen[0]["similarity"]


def _page(rng: random.Random, lines: int) -> PageContent:
    out = []
    y = 10.0
    for _ in range(lines):
        if rng.random() < 0.5:
            out.append(Word("E1", rng.uniform(0, 10), y + rng.choice([0.0, 0.5, 0.49]), 14.0, y + 9, 1, size=9.0))
        x = rng.choice([20.0, 60.0, 200.0])
        for _ in range(rng.randint(1, 6)):
            text = rng.choice(["Target", "Progress", "Status", "Ref", "the", "councils"])
            out.append(Word(text, x, y, x + 4.5 * len(text), y + 9, 1, size=9.0))
            x += 4.5 * len(text) + rng.choice([3, 40])
        y += rng.choice([0.0, 4.0, 11.0])
    return PageContent(1, 600.0, y + 20, out)


def test_the_words_below_and_left_are_those_of_the_definition() -> None:
    rng = random.Random(4)
    for _ in range(200):
        page = _page(rng, rng.randint(1, 30))
        index = find._PageWords(page.words)
        for _ in range(10):
            below, left_of = rng.uniform(0, page.height), rng.uniform(0, 300)
            inside = [w for w in page.words if w.top > below and w.x1 < left_of]
            assert index.below_left(below, left_of) == (min((w.top for w in inside), default=np.inf),
                                                        min((w.x0 for w in inside), default=np.inf))
            assert index.lines_below_left(below, left_of, 3) == min(len({round(w.top) for w in inside}), 3)
        assert index.right() == max(w.x1 for w in page.words)


def test_the_header_scan_indexes_a_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    original = find._PageWords.__init__

    def counting_init(self: find._PageWords, words: list[Word]) -> None:
        made.append(len(words))
        original(self, words)

    monkeypatch.setattr(find._PageWords, "__init__", counting_init)
    page = _page(random.Random(1), 300)
    find.find_headers(page, group_lines(page.words), ExtractSettings())
    assert made == [len(page.words)]


def _two_documents(rows: int, seed: int = 7) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    parsed = [doc_from_dict(d) for d in generate(2, rows, seed=seed)[0]]
    vectors = candidates.vectorise(parsed)
    return vectors.rows(parsed[0].doc_id), vectors.rows(parsed[1].doc_id)


def _counting(monkeypatch: pytest.MonkeyPatch, name: str, size: Callable[[Any], int]) -> list[int]:
    seen: list[int] = []
    original = getattr(candidates, name)

    def counted(*args: Any) -> Any:
        out = original(*args)
        seen.append(size(out))
        return out

    monkeypatch.setattr(candidates, name, counted)
    return seen


def test_candidates_rank_work_in_step_with_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    ranked = _counting(monkeypatch, "_entries", lambda out: len(out[0]))
    dense = _counting(monkeypatch, "_dense_best", lambda out: out.size)
    work, k = [], 8
    for rows in (350, 700):
        ranked.clear()
        dense.clear()
        left, right = _two_documents(rows)
        found = candidates.candidates(left, right, k, common_rows=12)
        assert len(found.pairs) <= 2 * 2 * k * rows  # k by words and k by context, from each side
        work.append(sum(ranked) + sum(dense))
    assert work[1] <= GROWTH * work[0]


@pytest.mark.parametrize("common_rows", [3, 50, 10_000])
def test_dense_and_sparse_blocks_pick_the_same_candidates(monkeypatch: pytest.MonkeyPatch, common_rows: int) -> None:
    left, right = _two_documents(300, seed=3)
    picked = []
    for share in (0.0, 2.0):  # every block dense, then every block sparse
        monkeypatch.setattr(candidates, "DENSE_SHARE", share)
        picked.append(candidates.candidates(left, right, 8, common_rows=common_rows))
    assert picked[0].pairs == picked[1].pairs and len(picked[0].pairs) > 300
    assert np.array_equal(picked[0].words, picked[1].words) and np.array_equal(picked[0].context, picked[1].context)


def test_one_to_one_takes_the_most_gain_over_the_floor() -> None:
    rng = random.Random(5)
    floor = 20.0
    for _ in range(150):
        n, m = rng.randint(1, 5), rng.randint(1, 5)
        scores = {(i, j): rng.uniform(0, 100) for i in range(n) for j in range(m) if rng.random() < 0.6}
        pairs = assign.one_to_one(n, m, scores, floor)
        assert len(set(pairs.values())) == len(pairs)
        best = 0.0
        for chosen in itertools.product([None, *range(m)], repeat=n):
            taken = [j for j in chosen if j is not None]
            if len(taken) == len(set(taken)):
                best = max(best, sum(max(scores.get((i, j), 0.0) - floor, 0.0)
                                     for i, j in enumerate(chosen) if j is not None))
        assert sum(scores[i, j] - floor for i, j in pairs.items()) == pytest.approx(best)


def _columns_by_definition(anchors: list[tuple[int, float, float]]) -> list[list[tuple[int, float, float]]]:
    """The header-less search's grouping as first written: a pass over what is left per column."""
    out = []
    while anchors:
        x = anchors[0][1]
        out.append([a for a in anchors if abs(a[1] - x) <= headerless.ALIGN])
        anchors = [a for a in anchors if abs(a[1] - x) > headerless.ALIGN]
    return out


@pytest.mark.parametrize("seed", range(20))
def test_status_columns_are_those_of_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    anchors = [(i, rng.choice([100.0, 103.0, 110.0, 250.0]) + rng.uniform(0, 8) * rng.random(), 0.0)
               for i in range(rng.randint(0, 60))]
    assert headerless._columns(anchors) == _columns_by_definition(anchors)
    values = [rng.uniform(0, 100) for _ in range(rng.randint(1, 40))]
    table = headerless._RangeMin(values)
    for first in range(len(values)):
        for last in range(first, len(values)):
            assert table.between(first, last) == min(values[first:last + 1])


def test_common_rows_zero_leaves_every_word_in() -> None:
    """The setting ``candidate_common_rows`` 0 turns the leaving out off: the candidates are
    those of a limit no word reaches."""
    from trackrecord.extract.errors import SettingsError
    from trackrecord.reconcile.settings import ReconcileSettings

    left, right = _two_documents(300, seed=5)
    every = candidates.candidates(left, right, 8, common_rows=0)
    assert every.pairs == candidates.candidates(left, right, 8, common_rows=10**9).pairs
    assert every.pairs != candidates.candidates(left, right, 8, common_rows=3).pairs
    assert ReconcileSettings().candidate_common_rows == candidates.COMMON_ROWS
    with pytest.raises(SettingsError, match="candidate_common_rows must be >= 0"):
        ReconcileSettings(candidate_common_rows=-1)
