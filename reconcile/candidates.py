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
from .settings import CANDIDATE_COMMON_ROWS

BLOCK_ROWS = 512  # rows of the left document per product, at most ...
BLOCK_PAIRS = 2**22  # ... and at most this many pairs (rows × rows of the right one): bounds a block's memory
#: a word in more rows than this, on either side, does not by itself make two rows candidates
COMMON_ROWS = CANDIDATE_COMMON_ROWS
#: a block of products with at least this share of its pairs non-zero is ranked as a dense array
DENSE_SHARE = 0.25


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


def candidates(left: tuple[sparse.csr_matrix, ...], right: tuple[sparse.csr_matrix, ...], k: int,
               common_rows: int = COMMON_ROWS) -> Candidates:
    """Given the (chars, words, context) rows of two row sets, return the candidate pairs and their similarities.

    A pair is a candidate when it is among the k most similar of either row, by the words of
    the target or by context, in either direction (so a new or split row of the later document
    has its candidates too); pairs with no similarity by a measure are no candidates by it, and
    ties go to the earlier row. The character n-gram product is nearly dense (two unrelated
    texts share common n-grams), so it is computed only for the candidates.

    Word products are kept sparse, block by block, and only their non-zero entries ranked: a
    dense block of every pair made time grow with the product of the two documents' lengths.
    Words in more than ``common_rows`` rows of either set ("councils" in a series of 50,000
    rows) would still make nearly every pair non-zero, so they do not make a pair a candidate
    (they still count in the similarity of the candidates found); a row that shares no other
    word with the other set is compared with all of its rows. Below ``common_rows`` rows no
    word is left out; ``common_rows`` 0 leaves none out at all (the setting
    ``candidate_common_rows``).
    """
    n, m = left[0].shape[0], right[0].shape[0]
    if n == 0 or m == 0:
        return Candidates([], np.zeros(0), np.zeros(0), np.zeros(0))
    full_left, full_right = left[1:], right[1:]
    kept = [_without_common(a, b, common_rows) for a, b in zip(full_left, full_right)]
    partial = any(dropped for _, _, dropped in kept)
    lefts = [a for a, _, _ in kept]
    rights = [b.T.tocsc() for _, b, _ in kept]
    kr, kl = min(k, m), min(k, n)
    found = _Found(m)
    columns = _ColumnBest(kl)
    block = max(1, min(BLOCK_ROWS, BLOCK_PAIRS // m))
    for start in range(0, n, block):
        words, context = (lm[start:start + block] @ rt for lm, rt in zip(lefts, rights))
        if words.nnz + context.nnz >= DENSE_SHARE * words.shape[0] * m:
            _add_dense(found, columns, words.toarray(), context.toarray(), start, kr, kl)
            continue
        rows, cols, w, c = _entries(words, context)
        found.add_best(rows + start, cols, w, c, rows, kr)
        columns.add(rows + start, cols, w, c)
    found.add(*columns.pairs())
    if partial:
        _compare_whole(found, full_left, full_right, n, m, kr, kl)
    pairs, ii, jj, w, c = found.pairs()
    if partial:  # the pairs were ranked without the common words; their similarities are on all words
        words, context = (pair_similarity(a, b, ii, jj) for a, b in zip(full_left, full_right))
    else:
        words, context = w.astype(np.float64) * 100, c.astype(np.float64) * 100
    return Candidates(pairs, pair_similarity(left[0], right[0], ii, jj), words, context)


def _without_common(a: sparse.csr_matrix, b: sparse.csr_matrix, common_rows: int
                    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix, bool]:
    """Given two row sets over one vocabulary, return them without the terms in more than
    ``common_rows`` rows of either, and whether any term was left out."""
    width = max(a.shape[1], b.shape[1])
    rows_with = np.bincount(a.indices, minlength=width)[:width], np.bincount(b.indices, minlength=width)[:width]
    common = (rows_with[0] > common_rows) | (rows_with[1] > common_rows)
    if not common_rows or not common.any():  # 0: every word makes candidates
        return a, b, False
    out = []
    for x in (a, b):
        x = x.copy()
        x.data[common[x.indices]] = 0
        x.eliminate_zeros()
        out.append(x)
    return out[0], out[1], True


def _add_dense(found: _Found, columns: _ColumnBest, words: np.ndarray, context: np.ndarray, start: int,
               kr: int, kl: int) -> None:
    """A block whose products are mostly non-zero: each row's and each column's best, picked on
    the dense arrays (cheaper than ranking nearly every pair as a sparse entry)."""
    chosen = _dense_best(words, kr) | _dense_best(context, kr)
    rows, cols = np.nonzero(chosen)
    found.add(rows + start, cols, words[rows, cols], context[rows, cols])
    chosen = (_dense_best(np.ascontiguousarray(words.T), kl) | _dense_best(np.ascontiguousarray(context.T), kl)).T
    rows, cols = np.nonzero(chosen)
    columns.add(rows + start, cols, words[rows, cols], context[rows, cols])


def _dense_best(values: np.ndarray, k: int) -> np.ndarray:
    """A mask of each row's k highest positive values; of equal values, the leftmost win (as :func:`_best`)."""
    k = min(k, values.shape[1])
    kth = -np.partition(-values, k - 1, axis=1)[:, k - 1:k]  # each row's k-th highest value
    positive = values > 0
    above = values > kth
    tied = (values == kth) & positive
    room = k - above.sum(axis=1, keepdims=True)
    chosen: np.ndarray = (above & positive) | (tied & (np.cumsum(tied, axis=1, dtype=np.int32) <= room))
    return chosen


def _entries(words: sparse.spmatrix, context: sparse.spmatrix) -> tuple[np.ndarray, ...]:
    """The pairs where either product is non-zero, in row then column order, with both values.

    The two products are added as the real and imaginary parts of one matrix, so their union
    is formed in one sparse sum and each entry carries both values.
    """
    both = (words.astype(np.complex64) + 1j * context.astype(np.complex64)).tocsr()
    both.sum_duplicates()  # canonical: rows, then columns, in order
    both = both.tocoo()
    w, c = both.data.real.astype(np.float32), both.data.imag.astype(np.float32)
    live = (w > 0) | (c > 0)
    return both.row[live].astype(np.int64), both.col[live].astype(np.int64), w[live], c[live]


def _best(group: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Given entries by group (a row, or a column), return a mask of each group's k entries of
    highest positive value; of equal values, the one that comes first wins.

    One sort of a whole-number key (the group, then the value's bits: for positive floats they
    order as the values do), so the entries of a block are ranked without a loop over groups.
    """
    positive = np.flatnonzero(values > 0)
    bits = values[positive].astype(np.float32).view(np.int32).astype(np.int64)
    key = (group[positive].astype(np.int64) << 31) | (np.int64(0x7FFFFFFF) - bits)
    order = positive[np.argsort(key, kind="stable")]
    ranked = group[order]
    rank = np.arange(len(order)) - np.searchsorted(ranked, ranked, side="left")
    mask = np.zeros(len(group), dtype=bool)
    mask[order[rank < k]] = True
    return mask


class _Found:
    """Candidate pairs found so far (left index, right index) with their word and context similarity."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # keys, words, context

    def add(self, rows: np.ndarray, cols: np.ndarray, w: np.ndarray, c: np.ndarray) -> None:
        self.parts.append((rows.astype(np.int64) * self.width + cols, w, c))

    def add_best(self, rows: np.ndarray, cols: np.ndarray, w: np.ndarray, c: np.ndarray, group: np.ndarray,
                 k: int) -> None:
        """Add each row's k best entries by words and k best by context."""
        mask = _best(group, w, k) | _best(group, c, k)
        self.add(rows[mask], cols[mask], w[mask], c[mask])

    def pairs(self) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs in order, their indices, and their word and context similarities."""
        if not self.parts:
            empty = np.zeros(0, dtype=np.int64)
            return [], empty, empty, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        keys = np.concatenate([p[0] for p in self.parts])
        keys, first = np.unique(keys, return_index=True)
        w = np.concatenate([p[1] for p in self.parts])[first]
        c = np.concatenate([p[2] for p in self.parts])[first]
        ii, jj = keys // self.width, keys % self.width
        return list(zip(ii.tolist(), jj.tolist())), ii, jj, w, c


class _ColumnBest:
    """Per right row, its k best left rows by words and by context so far (the blocks of left
    rows come one after another; the best of all are among the best of each)."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.rows = np.zeros(0, dtype=np.int64)
        self.cols = np.zeros(0, dtype=np.int64)
        self.w = np.zeros(0, dtype=np.float32)
        self.c = np.zeros(0, dtype=np.float32)

    def add(self, rows: np.ndarray, cols: np.ndarray, w: np.ndarray, c: np.ndarray) -> None:
        rows, cols = np.concatenate([self.rows, rows]), np.concatenate([self.cols, cols])
        w, c = np.concatenate([self.w, w]), np.concatenate([self.c, c])
        mask = _best(cols, w, self.k) | _best(cols, c, self.k)
        self.rows, self.cols, self.w, self.c = rows[mask], cols[mask], w[mask], c[mask]

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return self.rows, self.cols, self.w, self.c


def _compare_whole(found: _Found, left: tuple[sparse.csr_matrix, ...], right: tuple[sparse.csr_matrix, ...],
                   n: int, m: int, kr: int, kl: int) -> None:
    """Rows of either set that no uncommon word made a candidate of anything are compared with
    every row of the other set on all their words, and take their k best from that."""
    _, ii, jj, _, _ = found.pairs()
    lonely_left = np.setdiff1d(np.arange(n), ii)
    lonely_right = np.setdiff1d(np.arange(m), jj)
    for lonely, mine, theirs, k, flip in ((lonely_left, left, right, kr, False),
                                          (lonely_right, right, left, kl, True)):
        others = [t.T.tocsc() for t in theirs]
        block = max(1, min(BLOCK_ROWS, BLOCK_PAIRS // max(theirs[0].shape[0], 1)))
        for start in range(0, len(lonely), block):
            chunk = lonely[start:start + block]
            words, context = (x[chunk] @ t for x, t in zip(mine, others))
            rows, cols, w, c = _entries(words, context)
            mask = _best(rows, w, k) | _best(rows, c, k)
            rows, cols, w, c = chunk[rows[mask]], cols[mask], w[mask], c[mask]
            found.add(*((cols, rows) if flip else (rows, cols)), w, c)


PAIR_CHUNK = 20000  # pairs whose rows are gathered at once: bounds the memory of the gathered rows


def pair_similarity(left: sparse.csr_matrix, right: sparse.csr_matrix, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """Given unit-length rows and index pairs, return the cosine similarity of each pair (0..100).

    The pairs' rows are gathered a chunk at a time: gathering every pair's character n-grams at
    once took memory in proportion to all pairs' n-grams (gigabytes for 50,000 rows a side).
    """
    if len(ii) == 0:
        return np.zeros(0)
    out = np.empty(len(ii), dtype=np.float64)
    for start in range(0, len(ii), PAIR_CHUNK):
        a, b = ii[start:start + PAIR_CHUNK], jj[start:start + PAIR_CHUNK]
        out[start:start + len(a)] = 100 * np.asarray(left[a].multiply(right[b]).sum(axis=1), dtype=np.float64).ravel()
    return out
