"""Every string the bot says exists in every language it speaks, with the same blanks, and
Chinese is punctuated as Chinese."""

from __future__ import annotations

import re
import string

import pytest

from handlers.messages import _MESSAGES, say
from handlers.sentence import _SPAN_WORDS
from knowledge.langs import LANGS

# Each table: key → (English, Simplified Chinese); Traditional is derived from Simplified.
TABLES = {"messages": _MESSAGES, "period words": _SPAN_WORDS}
ROWS = [(name, key, row) for name, table in TABLES.items() for key, row in table.items()]
_CODE_OR_BLANK = re.compile(r"`[^`]*`|\{[^}]*\}|<[^>]*>")


def _blanks(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize(("table", "key", "row"), ROWS, ids=[f"{t}:{k}" for t, k, _ in ROWS])
def test_every_string_is_in_every_language_with_the_same_blanks(table: str, key: str,
                                                                row: tuple) -> None:
    assert len(row) == 2 and all(isinstance(text, str) and text.strip() for text in row), \
        f"{table}: {key!r} lacks English or Chinese"
    en, zh = row
    # English alone has plural endings ({s}).
    assert _blanks(en) - {"s"} == _blanks(zh), f"{table}: {key!r} fills different blanks"
    chinese = _CODE_OR_BLANK.sub("", zh)
    assert not re.search(r"[,:;?!()]", chinese), f"{table}: {key!r} has half-width punctuation"
    if table == "messages":
        filled = {field: "x" for field in _blanks(en)} | {"s": "s"}
        said = {lang: say(key, lang, **filled) for lang in LANGS}
        assert all(said.values()), f"{key!r} says nothing in some language"
        if re.search("[\u4e00-\u9fff]", zh):
            assert re.search("[\u4e00-\u9fff]", said["zh-hant"]), f"{key!r}: no Chinese"


def test_traditional_uses_taiwan_wording_for_the_bots_words_only() -> None:
    """The bot's words are phrase-converted (連結, 搜尋); what fills them keeps its characters,
    as names and event text are converted everywhere else."""
    assert say("no_link", "zh-hant", title="阿里云智能") == "（無連結，可搜尋標題“阿里雲智能”）"
