"""Candidate pairs: for every deliverable, the few rows of the other document worth scoring.

Scoring every pair is quadratic (25 million pairs for two documents of 5,000 rows), so the
candidates come from TF-IDF similarities computed as sparse matrix products block by block —
character n-grams of the target (robust to rewording and OCR damage) and words of target
plus progress (rare shared words such as "scrutiny" or "apprenticeships" carry the meaning)
— keeping the top few per row in both directions. Words of the target alone are a third
similarity, scored for the candidates only. IDF weighting is what makes a
rare word count for more than "councils", and what keeps a short row whose words all occur
in many long rows from tying with all of them.
"""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer

from ..extract.fields.matchtext import normalise_for_matching
from .documents import Doc

BLOCK_ROWS = 512  # rows of the left document per product: bounds memory at 512 × (rows of the right one)


@dataclass(frozen=True)
class Vectors:
    """TF-IDF rows of every deliverable of every document, and where each document's rows are."""

    chars: sparse.csr_matrix  # character n-grams of the target
    words: sparse.csr_matrix  # words of the target
    context: sparse.csr_matrix  # words of the target and the progress narrative
    offsets: dict[str, tuple[int, int]]

    def rows(self, doc_id: str) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
        """Given a document, return its character, word and context TF-IDF rows."""
        start, stop = self.offsets[doc_id]
        return self.chars[start:stop], self.words[start:stop], self.context[start:stop]


def vectorise(docs: list[Doc], workers: int = 1) -> Vectors:
    """Given the documents to reconcile, return TF-IDF rows fitted on all of them at once.

    Fitting on every document makes a word's rarity that of the whole series, so a term that
    a report repeats in every row ("councils") weighs little in any comparison. Character
    n-grams are counted by hashing into 2**20 buckets (no vocabulary to build, so large series
    can be counted in ``workers`` processes); collisions between the few tens of thousands of
    distinct n-grams of a series are rare and only ever add a little similarity.
    """
    targets: list[str] = []
    full: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    for doc in docs:
        start = len(targets)
        for item, target in zip(doc.items, doc.match_texts):
            targets.append(target)
            full.append(f"{target} {normalise_for_matching(item.delivered)}" if item.delivered else target)
        offsets[doc.doc_id] = (start, len(targets))
    if not targets:
        empty = sparse.csr_matrix((0, 1), dtype=np.float32)
        return Vectors(empty, empty, empty, offsets)
    chars = _char_tfidf(targets, workers)
    words = _fit(_word_vectoriser(), targets)
    context = _fit(_word_vectoriser(), full)
    return Vectors(chars, words, context, offsets)


CHAR_HASHER = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 4), n_features=2**20, alternate_sign=False,
                                norm=None, dtype=np.float32)
PARALLEL_FROM = 20000  # texts; below this, worker processes cost more than they save


def _char_tfidf(texts: list[str], workers: int) -> sparse.csr_matrix:
    """Character 3-4-gram TF-IDF rows (sublinear tf, l2-normalised) of the texts."""
    if workers > 1 and len(texts) >= PARALLEL_FROM and "fork" in mp.get_all_start_methods():
        size = -(-len(texts) // workers)
        chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
        with mp.get_context("fork").Pool(len(chunks)) as pool:
            counts = sparse.vstack(pool.map(CHAR_HASHER.transform, chunks), format="csr")
    else:
        counts = CHAR_HASHER.transform(texts)
    return sparse.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(counts), dtype=np.float32)


def _word_vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="word", token_pattern=r"[a-z]{2,}", sublinear_tf=True, dtype=np.float32)


def _fit(vectoriser: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    try:
        return sparse.csr_matrix(vectoriser.fit_transform(texts), dtype=np.float32)
    except ValueError:  # no term at all (every text empty after normalising)
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs (indices into the two row sets) with their three TF-IDF similarities (0..100)."""

    pairs: list[tuple[int, int]]
    chars: np.ndarray
    words: np.ndarray
    context: np.ndarray


def candidates(left: tuple[sparse.csr_matrix, ...], right: tuple[sparse.csr_matrix, ...], k: int) -> Candidates:
    """Given the (chars, words, context) rows of two row sets, return the candidate pairs and their similarities.

    A pair is a candidate when it is among the k most similar of either row, by the words of
    the target or by context, in either direction (so a new or split row of the later document
    has its candidates too). Word products are sparse and cheap; the character n-gram product
    is nearly dense (two unrelated texts share common n-grams), so it is computed only for the
    candidates. Word and context similarities are read off the block products that find the
    candidates, so no pair is computed twice; pairs with no similarity at all are left out.
    """
    n, m = left[0].shape[0], right[0].shape[0]
    if n == 0 or m == 0:
        return Candidates([], np.zeros(0), np.zeros(0), np.zeros(0))
    found: dict[tuple[int, int], tuple[float, float]] = {}
    rights = [r.T.tocsc() for r in right[1:]]
    kr, kl = min(k, m), min(k, n)
    columns = np.arange(m)[None, :]
    # per right row, its best left rows so far by words and by context, with both similarities
    col_vals = np.full((0, m, 2), -1.0, dtype=np.float32)
    col_rows = np.zeros((0, m), dtype=np.int64)
    for start in range(0, n, BLOCK_ROWS):
        words, context = ((lm[start:start + BLOCK_ROWS] @ rt).toarray() for lm, rt in zip(left[1:], rights))
        for sim in (words, context):
            best = np.argpartition(-sim, kr - 1, axis=1)[:, :kr]
            w = np.take_along_axis(words, best, axis=1)
            c = np.take_along_axis(context, best, axis=1)
            keep = (w > 0) | (c > 0)
            for r, col, wv, cv in zip(*np.nonzero(keep), w[keep], c[keep]):
                found[start + int(r), int(best[r, col])] = (float(wv), float(cv))
            take = min(kl, sim.shape[0])
            rows = np.argpartition(-np.ascontiguousarray(sim.T), take - 1, axis=1)[:, :take].T  # fast axis
            pair_vals = np.stack([words[rows, columns], context[rows, columns]], axis=-1)
            col_vals = np.concatenate([col_vals, pair_vals])
            col_rows = np.concatenate([col_rows, rows + start])
        if col_vals.shape[0] > 2 * kl:
            keep_rows = np.concatenate([np.argpartition(-col_vals[:, :, which], kl - 1, axis=0)[:kl]
                                        for which in (0, 1)])
            col_vals = np.take_along_axis(col_vals, keep_rows[:, :, None], axis=0)
            col_rows = np.take_along_axis(col_rows, keep_rows, axis=0)
    live = (col_vals[:, :, 0] > 0) | (col_vals[:, :, 1] > 0)
    for r, c in zip(*np.nonzero(live)):
        found.setdefault((int(col_rows[r, c]), int(c)), (float(col_vals[r, c, 0]), float(col_vals[r, c, 1])))
    pairs = sorted(found)
    values = np.asarray([found[p] for p in pairs], dtype=np.float64).reshape(-1, 2) * 100
    ii = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    jj = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    return Candidates(pairs, pair_similarity(left[0], right[0], ii, jj), values[:, 0], values[:, 1])


def pair_similarity(left: sparse.csr_matrix, right: sparse.csr_matrix, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """Given unit-length rows and index pairs, return the cosine similarity of each pair (0..100)."""
    if len(ii) == 0:
        return np.zeros(0)
    return 100 * np.asarray(left[ii].multiply(right[jj]).sum(axis=1), dtype=np.float64).ravel()
