"""The reply languages: the one list, the words that name them, and the script of a question."""

from __future__ import annotations

from knowledge.text import has_cjk, is_traditional

LANGS = ("en", "zh-hans", "zh-hant")
# What users type to choose one (`/reorg lang 繁體`, `subscribe … zh-tw`), folded.
_NAMED = {"en": "en", "english": "en", "zh-hans": "zh-hans", "zh": "zh-hans", "简体": "zh-hans",
          "zh-cn": "zh-hans", "zh-hant": "zh-hant", "繁體": "zh-hant", "繁体": "zh-hant",
          "zh-tw": "zh-hant", "zh-hk": "zh-hant"}


def lang_named(word: str) -> str | None:
    """The language a word names ('繁體' → 'zh-hant'), or None."""
    return _NAMED.get(word.strip().casefold())


def language_of(text: str) -> str:
    """The reply language a question asks for by its script."""
    if is_traditional(text):
        return "zh-hant"
    return "zh-hans" if has_cjk(text) else "en"
