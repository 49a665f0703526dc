"""Names the base does not cover, so that "nothing found" can say why.

A question about Tencent, Pony Ma or Alibaba's share price has no answer in a base of Alibaba's
organization, yet its other words ("CEO", "when", "上市") would find Alibaba events. The curated
list in outside.yaml lets the bot notice what the question is about and say "Tencent is not in
Reorg Historian's base" instead of answering about Alibaba.

Names are read by the chain the index uses (`normalize`: NFKC, casefold, Traditional →
Simplified; tone marks stripped), then cut into pieces: a Latin word is one piece, a Chinese
character is one. A name matches a run of whole pieces, its spaces and punctuation ignored, so
"Pony Ma", "ponyma" and "ma hua teng" match and "jdk" or "Didier" do not. The longest name
starting leftmost wins, and every spelling of a base entity is a name too: "网易考拉" is the
base's Kaola, not 网易 (NetEase) plus a word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from knowledge.files import read_catalog
from knowledge.names import alias_rows, entity_spellings
from knowledge.records import Catalog
from knowledge.text import (
    CJK,
    has_cjk,
    normalize,
    pinyin_syllables,
    strip_tone_marks,
    to_traditional,
)
from knowledge.vocabulary import (
    FILLER_ZH,
    HEAD_TITLE_WORDS,
    KIND_WORDS,
    REORG_WORDS,
    ROLE_TITLE_WORDS,
    STOPWORDS_EN,
)

OUTSIDE_FILE = Path(__file__).resolve().parent / "outside.yaml"
KINDS = ("company", "person", "topic")
ENTRY_KEYS = frozenset({"id", "kind", "en", "zh", "zh-hant", "aliases", "of", "in_base"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PIECE = re.compile(f"[a-z0-9]+|[{CJK}]")
_LATIN = re.compile("[a-z0-9]")
_TONE_DIGIT = re.compile(r"(?<=[a-z])[1-5]$")  # "teng2" → "teng"; "b2b", "1688" stay
# Words of ordinary Alibaba questions besides the vocabulary's: never an outside name.
ORDINARY_WORDS = frozenset("""
alibaba ali cloud ant ants unit units business team department division platform online mobile
internet ecommerce retail logistics payment payments search music video map maps travel finance
china hangzhou ceo cfo cto coo founder cofounder chairman president executive board
阿里 云 蚂蚁 电商 物流 支付 零售 搜索 音乐 视频 地图 旅行 金融 中国 杭州 互联网 创始人 董事会
""".split())


@dataclass(frozen=True)
class Outside:
    """Something a query names that the base does not cover (or covers only with Alibaba)."""

    id: str
    kind: str  # company | person | topic
    name: dict[str, str]  # en, zh-hans, zh-hant
    of: str | None = None  # the company a person (or a product) belongs to
    in_base: str | None = None  # the base entity it is, where the base has one
    # Base events whose title or summary names it (companies and people): a question tying it
    # to Alibaba may be answerable there ("when did Alibaba buy Kaola from NetEase").
    mentioned_in: tuple[str, ...] = ()


def _pieces(text: str) -> tuple[str, list[int]]:
    """The text's pieces run together, and the offsets where a piece starts or ends."""
    text = strip_tone_marks(normalize(text))
    stream, bounds = [], [0]
    for match in _PIECE.finditer(text):
        piece = _TONE_DIGIT.sub("", match.group())
        stream.append(piece)
        bounds.append(bounds[-1] + len(piece))
    return "".join(stream), bounds


def name_key(text: str) -> str:
    """The matching key of a spelling: its pieces run together ('Pony Ma' → 'ponyma')."""
    return _pieces(text)[0]


def _read_file(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _spellings(raw: dict[str, Any]) -> list[str]:
    """Every spelling of an entry: its names, aliases, and the pinyin of a name's Chinese."""
    texts = [str(raw.get(k)) for k in ("en", "zh", "zh-hant") if raw.get(k)]
    texts += [str(a) for a in raw.get("aliases") or []]
    if raw.get("kind") != "topic":  # a topic's pinyin is too often another word (股市 / 故事)
        texts += [" ".join(pinyin_syllables(t)) for t in list(texts)
                  if has_cjk(t) and not _LATIN.search(normalize(t))]
    return texts


def _outside(raw: dict[str, Any], mentioned: tuple[str, ...] = ()) -> Outside:
    zh = str(raw.get("zh") or "")
    return Outside(id=str(raw["id"]), kind=str(raw["kind"]),
                   name={"en": str(raw.get("en") or ""), "zh-hans": zh,
                         "zh-hant": str(raw.get("zh-hant") or to_traditional(zh))},
                   of=raw.get("of"), in_base=raw.get("in_base"), mentioned_in=mentioned)


def _base_keys(spellings: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Matching key → base entity id, for every (spelling, entity id) of the base."""
    keys: dict[str, str] = {}
    for text, entity_id in spellings:
        keys.setdefault(name_key(text), entity_id)
    return keys


def catalog_spellings(catalog: Catalog) -> list[tuple[str, str]]:
    """(spelling, entity id) of every curated and derived spelling in a catalog."""
    return [(text, entity.id) for entity in catalog.entities.values()
            for text, _kind, _key in alias_rows(entity)]


def catalog_texts(catalog: Catalog) -> list[tuple[str, str]]:
    """(event id, title and summary text) of every event in a catalog, oldest first."""
    return [(event.id, " ".join([*event.title.values(), *event.summary.values()]))
            for event in sorted(catalog.events.values(), key=lambda e: (e.date.sort_key(), e.id))]


class OutsideIndex:
    """Every outside spelling, with every base spelling and `not_names` phrase as a blocker."""

    def __init__(self, doc: dict[str, Any], spellings: Iterable[tuple[str, str]],
                 events: Iterable[tuple[str, str]] = ()) -> None:
        """`spellings` are the base's (spelling, entity id); `events` its (id, text), for
        `mentioned_in` (the query path passes none: it only needs to know what is outside)."""
        raws = [r for r in doc.get("entries") or [] if isinstance(r, dict) and r.get("id")]
        by_base = {r["in_base"]: r["id"] for r in raws if r.get("in_base")}
        owner: dict[str, str | None] = {}  # key → outside id, or None where it names no entry
        for raw in raws:
            for text in _spellings(raw):
                owner.setdefault(name_key(text), raw["id"])
        # A base spelling is the base's, unless an entry says it is that entity (`in_base`).
        for key, entity in _base_keys(spellings).items():
            owner[key] = by_base.get(entity)
        for phrase in doc.get("not_names") or []:
            owner[name_key(str(phrase))] = None
        owner.pop("", None)
        self._keys = owner
        self._prefixes = frozenset(k[:n] for k in owner for n in range(1, len(k) + 1))
        mentions = self._mentions(events, {r["id"]: r for r in raws})
        self.entries = {r["id"]: _outside(r, tuple(mentions[r["id"]])) for r in raws}

    def _spans(self, text: str) -> list[str]:
        """Ids named in `text`, leftmost-longest, in order (blocked spans give nothing)."""
        stream, bounds = _pieces(text)
        found: list[str] = []
        i, last = 0, len(bounds) - 1
        while i < last:
            start, best = bounds[i], None
            for j in range(i + 1, last + 1):
                piece = stream[start:bounds[j]]
                if piece in self._keys:
                    best = j
                if piece not in self._prefixes:
                    break
            if best is None:
                i += 1
                continue
            ident = self._keys[stream[start:bounds[best]]]
            if ident is not None and ident not in found:
                found.append(ident)
            i = best
        return found

    @classmethod
    def from_catalog(cls, doc: dict[str, Any], catalog: Catalog) -> OutsideIndex:
        return cls(doc, catalog_spellings(catalog), catalog_texts(catalog))

    def _mentions(self, events: Iterable[tuple[str, str]],
                  raws: dict[str, dict]) -> dict[str, list[str]]:
        mentions: dict[str, list[str]] = defaultdict(list)
        for event_id, text in events:
            for ident in self._spans(text):
                if raws[ident].get("kind") != "topic":
                    mentions[ident].append(event_id)
        return mentions

    def find(self, text: str) -> list[Outside]:
        """The entries `text` names, in order of appearance, each once."""
        return [self.entries[i] for i in self._spans(text)]

    def near(self, words: Iterable[str]) -> list[Outside]:
        """Entries one slip away from a long Latin word ("Tencnet"), for a question that names
        nothing the base holds: misspelt, it is still a question about another company."""
        latin = [k for k, v in self._keys.items() if v and k.isascii() and len(k) >= 5]
        found: list[Outside] = []
        for word in words:
            if len(word) < 5 or word in self._keys:
                continue
            hit = next((k for k in latin if k[0] == word[0]
                        and OSA.distance(k, word, score_cutoff=1) <= 1), None)
            if hit and self.entries[self._keys[hit]] not in found:
                found.append(self.entries[self._keys[hit]])
        return found


@lru_cache(maxsize=1)
def outside_index() -> OutsideIndex:
    """The shipped list over the shipped base, built once (reading the base takes ~1 s)."""
    return OutsideIndex.from_catalog(_read_file(OUTSIDE_FILE), read_catalog()[0])


def outside_doc() -> dict[str, Any]:
    """The shipped list, as its YAML holds it."""
    return _read_file(OUTSIDE_FILE)


def find_outside(text: str) -> list[Outside]:
    """Companies, people and topics outside the base that `text` names, in order, no repeats."""
    return outside_index().find(text)


def _ordinary_keys() -> frozenset[str]:
    words = set(STOPWORDS_EN) | set(FILLER_ZH) | REORG_WORDS | HEAD_TITLE_WORDS | ORDINARY_WORDS
    for group in (*KIND_WORDS.values(), *ROLE_TITLE_WORDS.values()):
        words |= group
    return frozenset(name_key(w) for w in words)


def validate(path: Path = OUTSIDE_FILE, catalog: Catalog | None = None) -> list[str]:
    """What is wrong with the list: shape, references, and names that would match wrongly."""
    catalog = catalog or read_catalog()[0]
    doc = _read_file(path)
    raws = [r for r in doc.get("entries") or [] if isinstance(r, dict)]
    problems: list[str] = []
    ids = [str(r.get("id")) for r in raws]
    problems += [f"id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for raw in raws:
        problems += _entry_problems(raw, set(ids), catalog)
    base = _base_keys(catalog_spellings(catalog))
    base_cjk = {k: e for k, e in base.items() if has_cjk(k)}
    ordinary = _ordinary_keys()
    owner: dict[str, str] = {}
    for raw in raws:
        ident = str(raw.get("id"))
        for text in _spellings(raw):
            key = name_key(text)
            if not key:
                problems.append(f"{ident}: {text!r} has no letters, digits or Chinese")
            elif owner.setdefault(key, ident) != ident:
                problems.append(f"{ident}: {text!r} is also a name of {owner[key]}")
            elif key in base and base[key] != raw.get("in_base"):
                problems.append(f"{ident}: {text!r} is a base name of {base[key]}"
                                " (set in_base, or leave the name out)")
            elif key in ordinary:
                problems.append(f"{ident}: {text!r} is an ordinary word of Alibaba questions")
            elif has_cjk(key) and len(key) <= 2:
                inside = sorted({e for k, e in base_cjk.items() if key in k}
                                - {raw.get("in_base")} - _named_after(raw, catalog))
                if inside:
                    problems.append(f"{ident}: {text!r} is inside a base name of {inside[0]}"
                                    " (a 2-character name must not be part of an Alibaba name)")
    outside_keys = set(owner)
    for phrase in doc.get("not_names") or []:
        key = name_key(str(phrase))
        if not any(k in key for k in outside_keys):
            problems.append(f"not_names: {phrase!r} contains no outside name")
    return problems


def _named_after(raw: dict[str, Any], catalog: Catalog) -> set[str]:
    """Base entities named after this entry in English too (NetEase Kaola, Sina Weibo): their
    Chinese names contain its name by right, and read as a whole they mean the base entity."""
    curated = [str(raw.get("en") or ""), *(str(a) for a in raw.get("aliases") or [])]
    latin = {name_key(t) for t in curated if not has_cjk(t)} - {""}
    return {e.id for e in catalog.entities.values() for text, _ in entity_spellings(e)
            if not has_cjk(text) and any(n in name_key(text) for n in latin)}


def _entry_problems(raw: dict[str, Any], ids: set[str], catalog: Catalog) -> list[str]:
    ident = raw.get("id")
    where = f"{ident}" if ident else f"an entry named {raw.get('en')!r}"
    problems = [f"{where}: unknown key {k!r}" for k in sorted(set(raw) - ENTRY_KEYS)]
    if not isinstance(ident, str) or not _ID.match(ident):
        problems.append(f"{where}: id must be lowercase ascii words joined by '-'")
    if raw.get("kind") not in KINDS:
        problems.append(f"{where}: kind must be one of {', '.join(KINDS)}")
    for key in ("en", "zh"):
        if not str(raw.get(key) or "").strip():
            problems.append(f"{where}: missing {key!r}")
    if not isinstance(raw.get("aliases") or [], list):
        problems.append(f"{where}: 'aliases' must be a list")
    if raw.get("of") is not None and (raw["of"] not in ids or raw["of"] == ident):
        problems.append(f"{where}: 'of: {raw['of']}' is not another entry of this file")
    in_base = raw.get("in_base")
    if in_base is not None:
        entity = catalog.entities.get(in_base)
        if entity is None:
            problems.append(f"{where}: 'in_base: {in_base}' is not a base entity")
        elif raw.get("kind") == "person" or entity.kind == "person":
            problems.append(f"{where}: a person in the base is never listed as outside")
    return problems
