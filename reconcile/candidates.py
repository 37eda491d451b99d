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

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .documents import Doc
from .matchtext import normalise_for_matching

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


def vectorise(docs: list[Doc]) -> Vectors:
    """Given the documents to reconcile, return TF-IDF rows fitted on all of them at once.

    Fitting on every document makes a word's rarity that of the whole series, so a term that
    a report repeats in every row ("councils") weighs little in any comparison.
    """
    targets: list[str] = []
    full: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    for doc in docs:
        start = len(targets)
        for item in doc.items:
            target = normalise_for_matching(item.target)
            targets.append(target)
            full.append(f"{target} {normalise_for_matching(item.delivered)}" if item.delivered else target)
        offsets[doc.doc_id] = (start, len(targets))
    if not targets:
        empty = sparse.csr_matrix((0, 1), dtype=np.float32)
        return Vectors(empty, empty, empty, offsets)
    chars = _fit(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32), targets)
    words = _fit(_word_vectoriser(), targets)
    context = _fit(_word_vectoriser(), full)
    return Vectors(chars, words, context, offsets)


def _word_vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="word", token_pattern=r"[a-z]{2,}", sublinear_tf=True, dtype=np.float32)


def _fit(vectoriser: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    try:
        return sparse.csr_matrix(vectoriser.fit_transform(texts), dtype=np.float32)
    except ValueError:  # no term at all (every text empty after normalising)
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def top_pairs(left: sparse.csr_matrix, right: sparse.csr_matrix, k: int) -> set[tuple[int, int]]:
    """Given two sets of unit-length rows, return (left, right) index pairs among each row's k most similar.

    Both directions: the k best right rows of every left row, and the k best left rows of
    every right row, so a new or split row of the later document has its candidates too.
    Pairs with no similarity at all are left out.
    """
    n, m = left.shape[0], right.shape[0]
    pairs: set[tuple[int, int]] = set()
    if n == 0 or m == 0:
        return pairs
    right_t = right.T.tocsc()
    kr, kl = min(k, m), min(k, n)
    col_vals = np.full((0, m), -1.0, dtype=np.float32)
    col_idx = np.zeros((0, m), dtype=np.int64)
    for start in range(0, n, BLOCK_ROWS):
        block = (left[start:start + BLOCK_ROWS] @ right_t).toarray()
        best = np.argpartition(-block, kr - 1, axis=1)[:, :kr]
        for r, cols in enumerate(best):
            pairs.update((start + r, int(c)) for c in cols if block[r, c] > 0)
        take = min(kl, block.shape[0])
        rows = np.argpartition(-block, take - 1, axis=0)[:take]
        col_vals = np.vstack([col_vals, np.take_along_axis(block, rows, axis=0)])
        col_idx = np.vstack([col_idx, rows + start])
        if col_vals.shape[0] > kl:
            keep = np.argpartition(-col_vals, kl - 1, axis=0)[:kl]
            col_vals = np.take_along_axis(col_vals, keep, axis=0)
            col_idx = np.take_along_axis(col_idx, keep, axis=0)
    for c in range(m):
        pairs.update((int(i), c) for i, v in zip(col_idx[:, c], col_vals[:, c]) if v > 0)
    return pairs


def pair_similarity(left: sparse.csr_matrix, right: sparse.csr_matrix, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """Given unit-length rows and index pairs, return the cosine similarity of each pair (0..100)."""
    if len(ii) == 0:
        return np.zeros(0)
    return 100 * np.asarray(left[ii].multiply(right[jj]).sum(axis=1)).ravel()
