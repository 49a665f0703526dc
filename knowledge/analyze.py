"""Turning text into search terms, alike for the event index and for queries.

English: Snowball stems (PyStemmer, the C build of the Snowball stemmers Lucene and Xapian use)
without stop words. Chinese: overlapping character bigrams, as Lucene's CJK analyzer makes them
(measured against rjieba with the base's names in its dictionary on the golden set: see
knowledge/README.md, "Search"). Each Chinese bigram is also indexed by its toneless pinyin, so
a question typed in pinyin ("xin lingshou") finds 新零售 without knowing the characters.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from itertools import pairwise

import Stemmer

from knowledge.readings import reading, syllables
from knowledge.text import CJK_RUN, fold_words, normalize
from knowledge.vocabulary import FILLER_EN

PINYIN_MARK = "~"  # pinyin bigram terms: "~xin|ling", never equal to an English stem
_STEMMER = Stemmer.Stemmer("english")
_LATIN_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one folded English word ('retired' → 'retir')."""
    return _STEMMER.stemWord(word)


def english_terms(text: str) -> list[str]:
    """Stems of the English words in `text`, filler and bare numbers left out ("new" and
    "group" stay: they are parts of names and topics such as "new retail"), then each pair of
    neighbouring stems ("new+retail"), so that a phrase outranks its words scattered apart."""
    stems = [stem(w) for w in fold_words(text)
             if w not in FILLER_EN and len(w) > 1 and not w.isdigit()]
    return stems + [f"{a}+{b}" for a, b in pairwise(stems)]


def cjk_terms(text: str) -> list[str]:
    """Bigrams of each Chinese run (a run of one character is its own term).

    `text` is Simplified already: the base stores it so, and queries are normalised first
    (OpenCC over 50,000 summaries would take minutes)."""
    out: list[str] = []
    for run in CJK_RUN.findall(text):
        out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def pinyin_terms_of_cjk(text: str) -> list[str]:
    """The pinyin of every Chinese bigram of (Simplified) text: 新零售 → ~xin|ling, ~ling|shou."""
    out: list[str] = []
    for run in CJK_RUN.findall(text):
        said = [reading(ch) or "" for ch in run]
        out += [f"{PINYIN_MARK}{a}|{b}" for a, b in pairwise(said)
                if a and b]
    return out


@cache
def _syllable_set() -> frozenset[str]:
    # The table keeps one reading a character; "shei" (谁) is the spoken one people type.
    return frozenset(syllables() | {"shei", "lve", "nve"})


@lru_cache(maxsize=16384)
def split_pinyin(word: str) -> tuple[str, ...] | None:
    """'lingshou' → ('ling', 'shou'); None when the word is not pinyin at all.

    Of all splits, the one with the fewest syllables wins ('xian' is one syllable, not xi+an).
    """
    known = _syllable_set()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and word[start:end] in known:
                candidate = (*head, word[start:end])
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[len(word)] if word else None


def pinyin_terms_of_latin(words: list[str]) -> list[str]:
    """Pinyin bigram terms of Latin words typed as pinyin ('xin lingshou')."""
    said: list[str] = []
    for word in words:
        split = split_pinyin(word)
        if split:
            said += split
    return [f"{PINYIN_MARK}{a}|{b}" for a, b in pairwise(said)]


def event_terms(title_en: str, summary_en: str, title_zh: str, summary_zh: str,
                names_en: str = "", names_zh: str = "") -> Counter[str]:
    """An event's terms with their counts; the title counts twice, being what it is about.

    Pinyin is indexed for the title and the names only: a pinyin question names a topic or a
    unit, which the title carries, and pinyin of every summary would double the index."""
    terms: Counter[str] = Counter()
    for text, weight in ((title_en, 2), (summary_en, 1), (names_en, 1)):
        for term in english_terms(text):
            terms[term] += weight
    for text, weight, pinyin in ((title_zh, 2, True), (summary_zh, 1, False),
                                 (names_zh, 1, True)):
        for term in cjk_terms(text) + (pinyin_terms_of_cjk(text) if pinyin else []):
            terms[term] += weight
    return terms


def query_terms(text: str, pinyin: bool) -> list[str]:
    """A query's terms, once each; with `pinyin`, Latin words are also read as pinyin."""
    text = normalize(text)
    words = _LATIN_WORD.findall(" ".join(fold_words(text)))
    terms = english_terms(text) + cjk_terms(text) + pinyin_terms_of_cjk(text)
    if pinyin:
        terms += pinyin_terms_of_latin(words)
    return list(dict.fromkeys(terms))
