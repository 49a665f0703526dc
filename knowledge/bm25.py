"""Okapi BM25 over the events' terms: how well an event's text answers a query's words.

Our own code rather than bm25s or tantivy: the postings live in the same in-memory index as
the names, dates and roles (one build, one cache file, no numpy or scipy at start-up), and a
query of a few terms touches only their postings. Scores are the textbook formula (k1 = 1.2,
b = 0.75, Lucene's non-negative idf), precomputed per posting ("impacts") when the index is
built, so a query only adds numbers. A term's postings are kept best first and cut at
MAX_POSTINGS: a word in more events than that weighs little, and its weakest matches less.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field

K1, B = 1.2, 0.75
MAX_POSTINGS = 400


@dataclass
class Bm25:
    postings: dict[str, tuple[array, array]] = field(default_factory=dict)  # term → (pos, w)
    lengths: array = field(default_factory=lambda: array("i"))
    idf: dict[str, float] = field(default_factory=dict)
    max_idf: float = 1.0  # the idf of a term in one document: what an unknown word is worth

    def add(self, terms: Counter[str]) -> None:
        """Index the next document (its position is the number added before it); the second
        array holds term counts until `finish` turns them into impacts."""
        pos = len(self.lengths)
        self.lengths.append(sum(terms.values()))
        for term, count in terms.items():
            found = self.postings.get(term)
            if found is None:
                found = self.postings[term] = (array("i"), array("f"))
            found[0].append(pos)
            found[1].append(count)

    def finish(self) -> None:
        """Once all documents are in: idf of every term, and each posting's BM25 impact."""
        n = len(self.lengths) or 1
        average = (sum(self.lengths) / n) or 1.0
        norms = [K1 * (1 - B + B * length / average) for length in self.lengths]
        for term, (positions, counts) in self.postings.items():
            idf = math.log(1 + (n - len(positions) + 0.5) / (len(positions) + 0.5))
            self.idf[term] = idf
            impacts = sorted(((idf * tf * (K1 + 1) / (tf + norms[pos]), pos)
                              for pos, tf in zip(positions, counts, strict=True)),
                             reverse=True)[:MAX_POSTINGS]
            self.postings[term] = (array("i", (p for _, p in impacts)),
                                   array("f", (w for w, _ in impacts)))
        self.max_idf = max(self.idf.values(), default=1.0)
        self.lengths = array("i")  # only the impacts are needed from here on

    def known(self, term: str) -> bool:
        return term in self.postings

    def holding(self, term: str) -> array:
        """Positions of the documents that hold the term (the best MAX_POSTINGS of them)."""
        found = self.postings.get(term)
        return found[0] if found else array("i")

    def scores(self, terms: list[str]) -> dict[int, float]:
        """BM25 score of every document holding at least one of the terms."""
        out: dict[int, float] = {}
        get = out.get
        for term in terms:
            found = self.postings.get(term)
            if found is None:
                continue
            for pos, weight in zip(found[0], found[1], strict=True):
                out[pos] = get(pos, 0.0) + weight
        return out

    def full_match(self, terms: list[str]) -> float:
        """The score of a document of average length that holds each term once: sum of idf.

        Dividing by it puts a score on a scale where 1 means "every word is there"."""
        return sum(self.idf.get(t, 0.0) for t in terms) or 1.0
