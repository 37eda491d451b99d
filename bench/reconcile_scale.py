"""Reconciliation at scale: 20 documents × 5,000 deliverables, ours against a naive pairwise loop.

    python bench/reconcile_scale.py [--docs 20] [--rows 5000]

The documents are generated (deterministically, seed 7): a base year of commitments written
from a Zipf-distributed vocabulary, and each next year continuing ~85% of the last one's
commitments reworded (verb forms, words swapped, dropped or added, numbers changed), ~7%
dropped, a few coming back after a gap, ~10% new, and the order shuffled. The truth is known,
so both methods are also scored.

Each method runs in its own process, so its wall time and peak memory (ru_maxrss) are its own:
- ours: :func:`trackrecord.reconcile.reconcile` over all documents (lineages included);
- naive: for each pair of consecutive documents, rapidfuzz token_set_ratio on the normalised
  targets for every pair of rows in a Python loop, each row taking its best partner. It is
  quadratic, so it is measured on the first document pair and the full run extrapolated
  (× pairs); ours is measured on that same pair too, side by side.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import time
from typing import Any

from trackrecord.extract.fields.matchtext import normalise_for_matching
from trackrecord.reconcile import Doc, doc_from_dict, reconcile

VERBS = ["Deliver", "Support", "Provide", "Help", "Develop", "Run", "Offer", "Work with", "Expand", "Publish"]
FORMS = {"Deliver": "Delivering", "Support": "Supporting", "Provide": "Providing", "Help": "Helping",
         "Develop": "Developing", "Run": "Running", "Offer": "Offering", "Work with": "Working with",
         "Expand": "Expanding", "Publish": "Publishing"}


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcdefghiklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)]


def generate(n_docs: int, rows: int, seed: int = 7) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Return the documents as contract JSON dicts, and the truth: item id → commitment key."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (r + 1) for r in range(len(words))]

    def phrase(k: int) -> list[str]:
        return rng.choices(words, weights, k=k)

    def commitment() -> dict[str, Any]:
        return {"verb": rng.choice(VERBS), "n": rng.randint(2, 200), "words": phrase(rng.randint(8, 18))}

    alive: dict[int, dict[str, Any]] = {k: commitment() for k in range(rows)}
    resting: dict[int, dict[str, Any]] = {}
    next_key = rows
    docs, truth = [], {}
    for year in range(n_docs):
        items = list(alive.items())
        rng.shuffle(items)
        deliverables = []
        for seq, (key, c) in enumerate(items, 1):
            verb = FORMS[c["verb"]] if rng.random() < 0.3 else c["verb"]
            target = f"{verb} at least {c['n']} {' '.join(c['words'])}"
            doc_id = f"y{2000 + year}"
            item_id = f"{doc_id}/{seq:05d}"
            truth[item_id] = f"c{key}"
            deliverables.append({"id": item_id, "ref": None, "section": f"Theme {key % 7}", "subsection": None,
                                 "target": target, "delivered": " ".join(phrase(rng.randint(15, 35))),
                                 "status": rng.choice(["Green", "Amber", "Red"]), "target_value": c["n"]})
        docs.append({"doc_id": f"y{2000 + year}", "period": {"year": f"{2000 + year}/{(year + 1) % 100:02d}",
                                                            "as_at": f"{2001 + year}-03-31"},
                     "deliverables": deliverables})
        following: dict[int, dict[str, Any]] = {}
        for key, c in alive.items():
            roll = rng.random()
            if roll < 0.05:
                continue  # ended
            if roll < 0.07:
                resting[key] = c  # absent next year, back the year after
                continue
            following[key] = reword(rng, c, phrase)
        for key in [k for k in resting if k not in alive]:
            following[key] = reword(rng, resting.pop(key), phrase)
        while len(following) < rows:
            following[next_key] = commitment()
            next_key += 1
        alive = following
    return docs, truth


def reword(rng: random.Random, c: dict[str, Any], phrase: Any) -> dict[str, Any]:
    """A commitment as next year's report words it."""
    w = list(c["words"])
    for _ in range(rng.randint(0, 3)):
        op = rng.random()
        if op < 0.4 and len(w) > 6:
            w.pop(rng.randrange(len(w)))
        elif op < 0.7:
            w.insert(rng.randrange(len(w) + 1), phrase(1)[0])
        else:
            w[rng.randrange(len(w))] = phrase(1)[0]
    if rng.random() < 0.3:
        cut = rng.randrange(1, len(w))
        w = w[cut:] + w[:cut]  # clauses in another order
    n = c["n"] if rng.random() < 0.5 else max(1, c["n"] + rng.randint(-20, 30))
    verb = c["verb"] if rng.random() < 0.6 else rng.choice(VERBS)
    return {"verb": verb, "n": n, "words": w}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(docs: list[dict[str, Any]], truth: dict[str, str], workers: int, queue: Any) -> None:
    parsed: list[Doc] = [doc_from_dict(d) for d in docs]
    before = peak_mb()
    start = time.perf_counter()
    result = reconcile(parsed, workers=workers)
    seconds = time.perf_counter() - start
    pairs = [(m.a.id, m.b.id, m.band or "") for m in result.matches if m.a and m.b and m.kind == "match"]
    queue.put({"seconds": seconds, "peak_mb": peak_mb(), "base_mb": before, "pairs": pairs,
               "lineages": len({r.lineage_id for r in result.lineage}),
               "gaps": _gap_accuracy([(m.a.id, m.b.id) for m in result.matches if m.kind == "gap" and m.a and m.b],
                                     truth)})


def _gap_accuracy(pairs: list[tuple[str, str]], truth: dict[str, str]) -> str:
    return f"{sum(1 for a, b in pairs if truth[a] == truth[b])}/{len(pairs)} right"


def run_naive(docs: list[dict[str, Any]], queue: Any) -> None:
    from rapidfuzz import fuzz

    before = peak_mb()
    start = time.perf_counter()
    a = [(d["id"], normalise_for_matching(d["target"])) for d in docs[0]["deliverables"]]
    b = [(d["id"], normalise_for_matching(d["target"])) for d in docs[1]["deliverables"]]
    pairs = []
    for a_id, a_text in a:
        best, best_id = -1.0, None
        for b_id, b_text in b:
            score = fuzz.token_set_ratio(a_text, b_text)
            if score > best:
                best, best_id = score, b_id
        if best >= 62:
            pairs.append((a_id, best_id, "naive"))
    queue.put({"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "base_mb": before, "pairs": pairs})


def in_process(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def accuracy(pairs: list[tuple[str, str, str]], truth: dict[str, str], docs: list[dict[str, Any]]) -> str:
    """Precision (all proposals, and the high band) and recall of consecutive-document pairs against the truth."""
    ids = [{d["id"] for d in doc["deliverables"]} for doc in docs]
    true = 0
    for k in range(1, len(docs)):
        keys = {truth[i] for i in ids[k - 1]}
        true += sum(1 for i in ids[k] if truth[i] in keys)
    correct = sum(1 for a, b, _ in pairs if truth[a] == truth[b])
    high = [(a, b) for a, b, band in pairs if band == "high"]
    high_text = ""
    if high:
        high_text = f", high band {sum(1 for a, b in high if truth[a] == truth[b]) / len(high):.3f} of {len(high):,}"
    return f"precision {correct / max(len(pairs), 1):.3f}{high_text}, recall {correct / max(true, 1):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="processes for ours on the full run")
    args = parser.parse_args()
    start = time.perf_counter()
    docs, truth = generate(args.docs, args.rows)
    total = sum(len(d["deliverables"]) for d in docs)
    print(f"generated {len(docs)} documents, {total:,} deliverables in {time.perf_counter() - start:.1f} s\n")
    first_pair = docs[:2]
    ours_pair = in_process(run_ours, first_pair, truth, 1)
    naive_pair = in_process(run_naive, first_pair)
    ours = in_process(run_ours, docs, truth, args.workers)
    pairs = len(docs) - 1
    print(f"{'':44} {'time':>9} {'peak RSS':>9}  accuracy on consecutive pairs")
    print(f"{'naive loop, first pair (measured)':44} {naive_pair['seconds']:8.1f}s {naive_pair['peak_mb']:7.0f}MB  "
          f"{accuracy(naive_pair['pairs'], truth, first_pair)}")
    print(f"{'ours, first pair (measured)':44} {ours_pair['seconds']:8.1f}s {ours_pair['peak_mb']:7.0f}MB  "
          f"{accuracy(ours_pair['pairs'], truth, first_pair)}")
    print(f"{f'naive loop, all {pairs} pairs (extrapolated)':44} {naive_pair['seconds'] * pairs:8.1f}s "
          f"{naive_pair['peak_mb']:7.0f}MB")
    print(f"{f'ours, all {len(docs)} documents with lineages (measured)':44} {ours['seconds']:8.1f}s "
          f"{ours['peak_mb']:7.0f}MB  {accuracy(ours['pairs'], truth, docs)}")
    print(f"\nours: {ours['lineages']:,} lineages, {args.workers} worker(s); memory before reconciling "
          f"{ours['base_mb']:.0f} MB (documents loaded); gap links {ours['gaps']}")
    print(f"speed-up on the first pair: {naive_pair['seconds'] / ours_pair['seconds']:.0f}x")


if __name__ == "__main__":
    main()
