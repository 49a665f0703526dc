"""How typed text is read: normalisation and the /reorg grammar (dates: test_dates.py)."""

from __future__ import annotations

import pytest

from knowledge.intent import parse_intent
from knowledge.text import clean_input, fold, fold_words, is_traditional


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("張勇", "张勇"),
        ("逍遙子", "逍遥子"),
        ("Daniel  Zhang", "danielzhang"),
        ("Zhāng Yǒng", "zhangyong"),
        ("ＤＡＮＩＥＬ", "daniel"),  # full-width letters
        ("1688.com", "1688com"),
        ("淘寶-天貓", "淘宝天猫"),
    ],
)
def test_fold_gives_one_key_per_spelling(typed: str, key: str) -> None:
    assert fold(typed) == key, f"{typed!r} should fold to {key!r}"


def test_tone_numbers_are_dropped_from_pinyin_words() -> None:
    assert fold_words("zhang1 yong3") == ["zhang", "yong"]


def test_clean_input_strips_invisible_and_control_characters_and_caps_length() -> None:
    hostile = "逍遥\u202e子\x00\x07 " + "x" * 1000
    cleaned = clean_input(hostile)
    assert "\u202e" not in cleaned and "\x00" not in cleaned and "\x07" not in cleaned
    assert cleaned.startswith("逍遥子")
    assert len(cleaned) <= 300


@pytest.mark.parametrize(("text", "traditional"), [("淘寶", True), ("淘宝", False),
                                                   ("Tmall", False), ("阿里", False)])
def test_script_detection(text: str, traditional: bool) -> None:
    assert is_traditional(text) is traditional


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("help", "help"), ("帮助", "help"), ("", "help"),
        ("who 行癫", "who"), ("谁是逍遥子", "who"), ("unit 聚划算", "unit"),
        ("today", "on_this_day"), ("on 01-06", "on_this_day"), ("on Jan 6", "on_this_day"),
        ("on 1月6日", "on_this_day"), ("1月6日", "on_this_day"),
        ("2013", "period"), ("2013-09", "period"), ("2013年9月", "period"),
        ("what happened in June 2011", "period"), ("Sept 11 2013", "period"),
        ("subscribe 09:00 Asia/Shanghai zh-hans", "subscribe"), ("unsubscribe", "unsubscribe"),
        ("subscriptions", "subscriptions"), ("lang zh-hant", "lang"), ("more", "more"),
        ("更多", "more"), ("sources", "sources"), ("来源", "sources"),
        ("逍遥子", "search"), ("when did Taobao and Tmall merge", "search"),
        ("Tmall 2015", "search"),
    ],
)
def test_grammar(typed: str, intent: str) -> None:
    assert parse_intent(typed).intent == intent, typed
