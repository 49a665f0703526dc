"""Text normalisation shared by the index and by queries.

One function (`fold`) turns any spelling of a name into the key the index stores, so that the
index and the query can never disagree on what "the same text" means.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

from knowledge.readings import CJK_RANGES, reading

MAX_QUERY_CHARS = 300

_TO_SIMPLIFIED = OpenCC("t2s")
_TO_TRADITIONAL = OpenCC("s2tw")
_TO_TAIWAN_WORDS = OpenCC("s2twp")

_SURROGATE = re.compile("[\ud800-\udfff]")
# Bidi overrides/isolates, zero-width characters and BOM: invisible, used to disguise text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")
# The one CJK character class (the ranges the pinyin table covers), for every regex that needs it.
CJK = "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES)
CJK_RUN = re.compile(f"[{CJK}]+")
_CJK = re.compile(f"[{CJK}]")
_FOLD_DROP = re.compile(r"[\W_]+", re.UNICODE)


def clean_input(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    """Strip control and bidi characters and lone surrogates (JSON can carry "\\ud800", which
    no UTF-8 store or reply can), collapse white space, cap the length."""
    text = _INVISIBLE.sub("", _SURROGATE.sub("", text))
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = " ".join(text.split())
    return text[:limit].strip()


def to_simplified(text: str) -> str:
    """Traditional → Simplified; idempotent on Simplified text, so always safe to apply.

    Text without CJK characters (every English title and summary) is returned as it is:
    running OpenCC over it changes nothing and made a 50,000-event index build take minutes."""
    return _simplified(text) if has_cjk(text) else text


@lru_cache(maxsize=65536)
def _simplified(text: str) -> str:
    return _TO_SIMPLIFIED.convert(text)


@lru_cache(maxsize=16384)
def to_traditional(text: str) -> str:
    """Simplified → Traditional for display only (one-to-many: never used for matching)."""
    return _TO_TRADITIONAL.convert(text)


@lru_cache(maxsize=1024)
def to_traditional_wording(text: str) -> str:
    """Simplified → Traditional with Taiwan's words (链接 → 連結, 搜索 → 搜尋, 软件 → 軟體): for
    the bot's own sentences. Names and event text keep `to_traditional`, character by
    character, because phrase-level conversion rewrites proper names (阿里云智能 → 阿里雲智慧,
    菜鸟网络 → 菜鳥網路) and titles (首席执行官 → 執行長)."""
    return _TO_TAIWAN_WORDS.convert(text)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_cjk_char(ch: str) -> bool:
    return bool(_CJK.match(ch))


def is_traditional(text: str) -> bool:
    """True when the text has characters that only Traditional script writes that way."""
    return has_cjk(text) and to_simplified(text) != text


def strip_tone_marks(text: str) -> str:
    """'Zhāng Yǒng' → 'Zhang Yong'; ü is kept as v, the way pinyin keys spell it."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed.replace("U\u0308", "v")
                   if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """The one normalisation, at index time and at query time: NFKC, casefold, Simplified."""
    return to_simplified(unicodedata.normalize("NFKC", text).casefold())


def fold(text: str) -> str:
    """The matching key: normalised, no tones, no punctuation or space."""
    text = normalize(text)
    if not has_cjk(text) or re.search(r"[a-z]", text):
        text = strip_tone_marks(text)
    return _FOLD_DROP.sub("", text)


_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")  # "alibaba's" is "alibaba", not "alibaba s"
_TONE_DIGIT = re.compile(r"(?<=[a-z])[1-5](?=\s|$|[a-z])")


def fold_words(text: str) -> list[str]:
    """Latin words of a query, folded, with pinyin tone numbers removed ('yong3' → 'yong')."""
    text = _POSSESSIVE.sub("", _TONE_DIGIT.sub("", strip_tone_marks(normalize(text))))
    return [w for w in re.split(r"[^a-z0-9.]+", text) if w.strip(".")]


@lru_cache(maxsize=16384)
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin of the CJK characters in `text`, one reading per character.

    Index and queries read characters the same way, so heteronyms cannot make them disagree;
    where the reading of a name is wrong, curators add the right one (`pinyin:`).
    """
    return tuple(r for r in (reading(ch) for ch in to_simplified(text)) if r)
