"""Reading a query: which people and units it names, which kinds of event, which other words.

Scores are on a 0–100 scale: exact names > nicknames > pinyin > homophones > fuzzy > partial.
Anything under `MENTION_THRESHOLD` is not a match (it may still be offered as a suggestion).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.analyze import stem
from knowledge.index import SearchIndex
from knowledge.names import SPELLING_WEIGHT
from knowledge.records import ROOT_ID
from knowledge.text import CJK_RUN, fold_words, normalize, pinyin_syllables
from knowledge.vocabulary import (
    FILLER_EN,
    ROLE_TITLE_WORDS,
    STOPWORDS_EN,
    TITLE_PHRASES,
    kind_of_word,
    strip_cjk_filler,
)

MENTION_THRESHOLD = 70.0
HOMOPHONE_SCORE = 88.0
NEAR_PINYIN_SCORE = 80.0
PARTIAL_SCORE, PARTIAL_SHARED_SCORE = 78.0, 72.0
FUZZY_FACTOR = 0.9


def fuzzy_cutoff(length: int) -> float:
    """Short keys need closer spellings: one slip in 5 letters is another name."""
    return 82.0 if length >= 9 else 85.0 if length >= 6 else 88.0


@dataclass
class Mention:
    entity_id: str
    score: float
    how: str  # name | en | alias | former | nickname | pinyin | homophone | fuzzy | partial
    typed: str


@dataclass
class Reading:
    mentions: list[Mention] = field(default_factory=list)  # best per entity, best first
    kinds: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # ceo, chairman, head …
    terms: list[str] = field(default_factory=list)  # words found in event text
    unknown: list[str] = field(default_factory=list)  # words that match nothing
    root: bool = False  # the query names Alibaba itself

    def add(self, mention: Mention) -> None:
        if mention.entity_id == ROOT_ID:
            self.root = True
            return
        for i, old in enumerate(self.mentions):
            if old.entity_id == mention.entity_id:
                if mention.score > old.score:
                    self.mentions[i] = mention
                return
        self.mentions.append(mention)


def _exact(index: SearchIndex, key: str, typed: str, reading: Reading) -> bool:
    owners = index.exact.get(key)
    if not owners:
        return False
    for entity_id, kind in owners:
        reading.add(Mention(entity_id, SPELLING_WEIGHT.get(kind, 90.0), kind, typed))
    return True


def _pinyin_match(index: SearchIndex, piece: str, reading: Reading) -> bool:
    """Homophones (张永 → 张勇) and, for 3+ syllables, one wrong syllable."""
    syllables = pinyin_syllables(piece)
    candidates = index.pinyin.get(len(syllables), [])
    exact = [(i, k) for s, i, k in candidates if s == syllables]
    if exact:
        for entity_id, _ in exact:
            reading.add(Mention(entity_id, HOMOPHONE_SCORE, "homophone", piece))
        return True
    if len(syllables) >= 3:
        near = [i for s, i, _ in candidates
                if sum(a != b for a, b in zip(s, syllables, strict=True)) == 1]
        for entity_id in set(near):
            reading.add(Mention(entity_id, NEAR_PINYIN_SCORE, "homophone", piece))
        return bool(near)
    return False


def _cjk_partial(index: SearchIndex, piece: str, reading: Reading) -> bool:
    owners = {i for key, group in index.cjk_keys.items() if piece in key for i, _ in group}
    owners.discard(ROOT_ID)
    score = PARTIAL_SCORE if len(owners) == 1 else PARTIAL_SHARED_SCORE
    for entity_id in owners:
        reading.add(Mention(entity_id, score, "partial", piece))
    return bool(owners)


def _read_cjk(index: SearchIndex, run: str, reading: Reading) -> None:
    leftovers, start, i = [], 0, 0
    while i < len(run):
        for length in range(min(index.max_cjk_key, len(run) - i), 1, -1):
            piece = run[i:i + length]
            if _exact(index, piece, piece, reading):
                leftovers.append(run[start:i])
                i += length
                start = i
                break
        else:
            i += 1
    leftovers.append(run[start:])
    for leftover in leftovers:
        rest, kinds = strip_cjk_filler(leftover)
        reading.kinds += [k for k in kinds if k not in reading.kinds]
        for piece in rest.split():
            _read_cjk_piece(index, piece, reading)


TOPIC_EVENTS = 3  # a word in the text of this many events is a topic in its own right


def _topic_word(index: SearchIndex, piece: str) -> bool:
    """The word is written in the text of several events (all its bigrams, in one event)."""
    bigrams = [piece[i:i + 2] for i in range(len(piece) - 1)]
    if not all(index.text.known(b) for b in bigrams):
        return False
    holding = set(index.text.holding(bigrams[0]))
    for bigram in bigrams[1:]:
        holding &= set(index.text.holding(bigram))
        if len(holding) < TOPIC_EVENTS:
            return False
    return len(holding) >= TOPIC_EVENTS


def _read_cjk_piece(index: SearchIndex, piece: str, reading: Reading) -> None:
    for title, words in ROLE_TITLE_WORDS.items():
        for word in words:
            if word in piece and not word.isascii():
                reading.titles.append(title)
                piece = piece.replace(word, "")
    if len(piece) < 2:
        return
    if _pinyin_match(index, piece, reading):
        return
    if _topic_word(index, piece):
        reading.terms.append(piece)  # 新零售 is a topic of many events, not part of a name
        return
    if _cjk_partial(index, piece, reading):
        return
    bigrams = [piece[i:i + 2] for i in range(len(piece) - 1)]
    # Most of its bigrams in the events' text: words the base holds, glued to a stray character
    # ("拆分成六大业务集团" leaves 成六大业务).
    if 2 * sum(index.text.known(b) for b in bigrams) >= len(bigrams):
        reading.terms.append(piece)
    else:
        reading.unknown.append(piece)


def _fuzzy(index: SearchIndex, span: list[str], reading: Reading) -> bool:
    key = "".join(span).replace(".", "")
    if len(key) < 5 or kind_of_word(key) or index.text.known(key) or index.text.known(stem(key)):
        return False
    best = process.extractOne(key, index.latin_keys, scorer=fuzz.ratio,
                              score_cutoff=fuzzy_cutoff(len(key)))
    if not best:
        return False
    entity_id, _kind = index.latin_owner[best[2]]
    reading.add(Mention(entity_id, best[1] * FUZZY_FACTOR, "fuzzy", " ".join(span)))
    return True


def _vocabulary(word: str) -> bool:
    """A word the query language knows: a post's title or a kind of event."""
    return bool(kind_of_word(word)) or any(word in ws for ws in ROLE_TITLE_WORDS.values())


def _read_latin(index: SearchIndex, words: list[str], reading: Reading) -> None:
    used = [False] * len(words)
    alone = [w.replace(".", "") in index.exact for w in words]  # each word a name by itself
    # Longest runs of words first ("daniel zhang" before "zhang"); at each length an exact
    # key wins, then a fuzzy one ("alibaba clud" → Alibaba Cloud, not Alibaba + "clud").
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            span = words[i:i + size]
            if any(used[i:i + size]) or (size == 1 and span[0] in STOPWORDS_EN):
                continue
            if _exact(index, "".join(span).replace(".", ""), " ".join(span), reading):
                used[i:i + size] = [True] * size
        if size > 3:
            continue
        for i in range(len(words) - size + 1):
            span = words[i:i + size]
            if any(used[i:i + size]) or span[0] in FILLER_EN or span[-1] in FILLER_EN:
                continue
            if size == 1 and span[0] in STOPWORDS_EN:
                continue
            if any(_vocabulary(w) for w in span):
                continue  # "alibaba ceo" is Alibaba and a title, not a misspelt "Alibaba.com"
            if size > 1 and all(alone[j] or words[j] in STOPWORDS_EN
                                for j in range(i, i + size)):
                continue  # "taobao and tmall" is two names, not a misspelt "Taobao Mall"
            if _fuzzy(index, span, reading):
                used[i:i + size] = [True] * size
    for i, word in enumerate(words):
        if used[i] or word in STOPWORDS_EN or word.isdigit():
            continue
        kind = kind_of_word(word)
        if kind:
            if kind not in reading.kinds:
                reading.kinds.append(kind)
            continue
        title = next((t for t, ws in ROLE_TITLE_WORDS.items() if word in ws), None)
        if title:
            reading.titles.append(title)
            continue
        owners = index.latin_tokens.get(word, set()) - {ROOT_ID}
        if owners:
            score = PARTIAL_SCORE if len(owners) == 1 else PARTIAL_SHARED_SCORE
            for entity_id in owners:
                reading.add(Mention(entity_id, score, "partial", word))
        elif index.text.known(stem(word)):
            reading.terms.append(stem(word))
        elif len(word) > 1:
            reading.unknown.append(word)


def read_query(index: SearchIndex, text: str) -> Reading:
    """Find the people, units, event kinds and words in a (date-free) query."""
    reading = Reading()
    text = normalize(text)
    for pattern, key in TITLE_PHRASES:
        text = pattern.sub(key, text)
    for run in CJK_RUN.findall(text):
        _read_cjk(index, run, reading)
    latin = CJK_RUN.sub(" , ", text)
    # A comma keeps "淘宝 Tmall" from joining words across a Chinese run.
    for chunk in latin.split(","):
        words = [w for w in fold_words(chunk) if w]
        if words:
            _read_latin(index, words, reading)
    reading.mentions = [m for m in reading.mentions if m.score >= MENTION_THRESHOLD]
    reading.mentions.sort(key=lambda m: -m.score)
    return reading


def suggest_names(index: SearchIndex, text: str, limit: int = 3) -> list[str]:
    """Entities whose names are close to the query, though not close enough to be a match."""
    key = "".join(fold_words(text))
    ids: list[str] = []
    if len(key) >= 4:
        for _, score, pos in process.extract(key, index.latin_keys, scorer=fuzz.ratio, limit=10,
                                             score_cutoff=60):
            entity_id = index.latin_owner[pos][0]
            if entity_id not in ids and score < 100:
                ids.append(entity_id)
    return ids[:limit]
