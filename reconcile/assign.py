"""One-to-one assignment with a real "no match", runner-ups, and the merges and splits it leaves.

Greedy best-first pairing lets an early, slightly better pair steal a row's only good
partner; plain Hungarian assignment pairs everything it can, however poor. Here each row may
instead stay unmatched, which is worth ``floor`` per pair, and the assignment maximises the
total score over the sparse candidate graph (scipy's LAPJVsp, so 5,000 × 5,000 rows with a
few candidates each solve in well under a second).

A commitment that was merged into another ("matchmaking" and "good practice in shared
services" → one shared-services row) cannot be one-to-one: after the assignment, a row left
without a partner whose best candidate is taken, and who scores nearly as well there as the
pair that took it, is proposed as a merge (or, seen from the later document, a split).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

BASE = 1000.0  # costs are BASE - gain, so every edge of the sparse graph is positive and kept


@dataclass(frozen=True)
class Secondary:
    """A second partner for a row that is already matched: a merge (two a-rows → one b-row) or a split."""

    kind: str  # "merge" or "split"
    a: int
    b: int
    score: float


def one_to_one(n: int, m: int, scores: dict[tuple[int, int], float], floor: float) -> dict[int, int]:
    """Given candidate scores between n left and m right rows, return the best one-to-one pairs.

    A pair is only worth taking when it scores above ``floor``: leaving both its rows unmatched
    is worth ``floor`` (half on each side), so the best pairs are those of most total
    (score - floor). The matching runs on the left rows against the right rows plus one
    stand-in per left row (a row matched to its own stand-in is "unmatched"); every left row is
    matched, and a right row nobody takes is simply unmatched. (Stand-ins on both sides, with
    stand-in pairs wherever two rows were candidates, pose the same problem on twice the rows
    and three times the edges, and the solver's time grew faster than the rows did.)
    """
    keys = [key for key, value in scores.items() if value > floor]
    if not keys:
        return {}
    ii = np.fromiter((i for i, _ in keys), dtype=np.int64, count=len(keys))
    jj = np.fromiter((j for _, j in keys), dtype=np.int64, count=len(keys))
    gain = np.fromiter((scores[key] - floor for key in keys), dtype=np.float64, count=len(keys))
    rows = np.concatenate([ii, np.arange(n)])
    cols = np.concatenate([jj, m + np.arange(n)])
    costs = np.concatenate([BASE - gain, np.full(n, BASE)])  # every row is matched once: only differences count
    graph = sparse.csr_matrix((costs, (rows, cols)), shape=(n, m + n))
    left, right = min_weight_full_bipartite_matching(graph)
    return {int(i): int(j) for i, j in zip(left, right) if j < m}


@dataclass(frozen=True)
class Rival:
    """The best competitor of a chosen pair (i, j): the best other candidate of i or claimant of j."""

    score: float
    other_a: int | None  # the competing left row, when the competitor is another claimant of j
    other_b: int | None  # the competing right row, when the competitor is another candidate of i
    first_choice: bool  # j is i's best candidate, or i is j's: at least one row would pick the other


def runner_ups(scores: dict[tuple[int, int], float], pairs: dict[int, int]) -> dict[int, Rival]:
    """Given scores and the chosen pairs, return per left row its pair's best competitor.

    A pair that neither of its rows ranks first was left over by the assignment (the rows'
    favourites went to others); that is weaker evidence than any score says.
    """
    by_left: dict[int, list[tuple[float, int]]] = defaultdict(list)
    by_right: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), value in scores.items():
        by_left[i].append((value, j))
        by_right[j].append((value, i))
    out: dict[int, Rival] = {}
    for i, j in pairs.items():
        own = scores[i, j]
        best_b = max(((v, o) for v, o in by_left[i] if o != j), default=(0.0, -1))
        best_a = max(((v, o) for v, o in by_right[j] if o != i), default=(0.0, -1))
        first = best_b[0] <= own or best_a[0] <= own
        if best_a[0] > best_b[0]:
            out[i] = Rival(best_a[0], best_a[1], None, first)
        else:
            out[i] = Rival(best_b[0], None, best_b[1] if best_b[1] >= 0 else None, first)
    return out


def secondaries(scores: dict[tuple[int, int], float], pairs: dict[int, int], merge_floor: float,
                merge_gap: float, margin: float) -> list[Secondary]:
    """Given scores and one-to-one pairs, return the merges and splits worth proposing.

    A left row i whose best candidate j went to another row becomes a merge into j when it
    scores at least ``merge_floor``, no more than ``merge_gap`` below j's own pair, and clearly
    more (by ``margin``) than whatever i was paired with instead — the assignment may have
    given i a poor partner rather than none. The same from the right side gives a split.
    Each row takes part in at most one such proposal; a row that becomes a second partner
    loses its poorer one-to-one pair (the caller drops it).
    """
    taken_by = {j: i for i, j in pairs.items()}
    best_left: dict[int, tuple[float, int]] = {}
    best_right: dict[int, tuple[float, int]] = {}
    for (i, j), value in scores.items():
        if value > best_left.get(i, (-1.0, -1))[0]:
            best_left[i] = (value, j)
        if value > best_right.get(j, (-1.0, -1))[0]:
            best_right[j] = (value, i)
    out: list[Secondary] = []
    used: set[tuple[str, int]] = set()
    for i, (value, j) in sorted(best_left.items()):
        owner = taken_by.get(j)
        if owner is None or owner == i or value < merge_floor or value < scores[owner, j] - merge_gap:
            continue
        if i in pairs and value - scores[i, pairs[i]] < margin:
            continue
        out.append(Secondary("merge", i, j, value))
        used.add(("a", i))
    for j, (value, i) in sorted(best_right.items()):
        if ("a", i) in used or i not in pairs or pairs[i] == j:
            continue
        if value < merge_floor or value < scores[i, pairs[i]] - merge_gap:
            continue
        if j in taken_by and value - scores[taken_by[j], j] < margin:
            continue
        out.append(Secondary("split", i, j, value))
    return out
