"""The /reorg grammar (SPEC): which command a line of text is, and its argument."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.dates import DateQuery, find_date, parse_month_day
from knowledge.text import fold_words, has_cjk
from knowledge.vocabulary import STOPWORDS_EN, strip_cjk_filler

INTENTS = ("search", "who", "unit", "on_this_day", "period", "help", "subscribe", "unsubscribe",
           "subscriptions", "lang", "more", "sources", "none")

_COMMANDS = {
    "help": "help", "帮助": "help", "幫助": "help", "?": "help", "？": "help", "usage": "help",
    "who": "who", "谁": "who", "誰": "who",
    "unit": "unit", "部门": "unit", "部門": "unit",
    "on": "on_this_day",
    "today": "on_this_day", "今天": "on_this_day", "今日": "on_this_day",
    "subscribe": "subscribe", "订阅": "subscribe", "訂閱": "subscribe",
    "unsubscribe": "unsubscribe", "退订": "unsubscribe", "退訂": "unsubscribe",
    "取消订阅": "unsubscribe", "取消訂閱": "unsubscribe",
    "subscriptions": "subscriptions",
    "lang": "lang", "language": "lang", "语言": "lang", "語言": "lang",
    "more": "more", "更多": "more", "next": "more",
    "sources": "sources", "source": "sources", "来源": "sources", "來源": "sources",
}
_TODAY = {"today", "今天", "今日"}
LANGS = {"en": "en", "english": "en", "zh-hans": "zh-hans", "zh": "zh-hans", "简体": "zh-hans",
         "zh-cn": "zh-hans", "zh-hant": "zh-hant", "繁體": "zh-hant", "繁体": "zh-hant",
         "zh-tw": "zh-hant", "zh-hk": "zh-hant"}


@dataclass(frozen=True)
class Intent:
    kind: str
    text: str = ""  # the argument, e.g. the name after `who`
    date: DateQuery | None = None  # a period, a day of any year, or a filter on a search


def is_filler(text: str) -> bool:
    """True when nothing but question words and filler is left ('what happened in')."""
    words = [w for w in fold_words(text) if w not in STOPWORDS_EN]
    if words:
        return False
    if has_cjk(text):
        rest, kinds = strip_cjk_filler(re.sub(r"[^\u3400-\u9fff]", "", text))
        return not rest and not kinds
    return True


def parse_intent(text: str) -> Intent:
    """Read one line as typed after /reorg (already cleaned)."""
    stripped = text.strip()
    if not stripped:
        return Intent("help")
    head, _, rest = stripped.partition(" ")
    command = _COMMANDS.get(head.casefold())
    if command is None:
        # Chinese commands are often typed without a space: "谁行癫", "更多".
        for word, kind in _COMMANDS.items():
            if has_cjk(word) and stripped.startswith(word) and kind in ("who", "more", "sources",
                                                                         "help"):
                command, rest = kind, stripped[len(word):]
                break
    rest = rest.strip()
    if command == "on_this_day":
        if head.casefold() in _TODAY or stripped in _TODAY:
            return Intent("on_this_day", rest)
        return Intent("on_this_day", rest, parse_month_day(rest))
    if command == "who" and not rest:
        return Intent("help", "who")
    if command == "unit" and not rest:
        return Intent("help", "unit")
    if command is not None:
        return Intent(command, rest)

    date, remainder = find_date(stripped)
    if date is not None and is_filler(remainder):
        if date.kind == "monthday":
            return Intent("on_this_day", stripped, date)
        return Intent("period", stripped, date)
    return Intent("search", stripped, date)
