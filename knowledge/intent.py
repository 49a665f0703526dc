"""The /reorg grammar (SPEC): which command a line of text is, and its argument."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge.dates import DateQuery, find_date, parse_month_day
from knowledge.text import CJK_RUN, fold_words, has_cjk, normalize
from knowledge.vocabulary import STOPWORDS_EN, strip_cjk_filler


class Intent(StrEnum):
    """What a line asks for; the value is the SPEC's `intent` in `ask --json`."""

    SEARCH = "search"
    WHO = "who"
    UNIT = "unit"
    ON_THIS_DAY = "on_this_day"
    PERIOD = "period"
    HELP = "help"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    SUBSCRIPTIONS = "subscriptions"
    LANG = "lang"
    MORE = "more"
    SOURCES = "sources"
    ORG = "org"  # the org chart of a date
    CHANGES = "changes"  # what changed between two dates
    SUCCESSION = "succession"  # a post's chain of holders


# Answered by the conversation (bot.chat), not by the historian.
DIGEST_INTENTS = frozenset({Intent.SUBSCRIBE, Intent.UNSUBSCRIBE, Intent.SUBSCRIPTIONS})
# Answers that `more` can page on and `sources` can cite.
PAGEABLE = frozenset({Intent.SEARCH, Intent.WHO, Intent.UNIT, Intent.ON_THIS_DAY,
                      Intent.PERIOD, Intent.ORG, Intent.CHANGES, Intent.SUCCESSION})

_COMMANDS: dict[str, Intent] = {
    "help": Intent.HELP, "帮助": Intent.HELP, "幫助": Intent.HELP, "?": Intent.HELP,
    "？": Intent.HELP, "usage": Intent.HELP,
    "who": Intent.WHO, "谁": Intent.WHO, "誰": Intent.WHO,
    "unit": Intent.UNIT, "部门": Intent.UNIT, "部門": Intent.UNIT,
    "on": Intent.ON_THIS_DAY,
    "today": Intent.ON_THIS_DAY, "今天": Intent.ON_THIS_DAY, "今日": Intent.ON_THIS_DAY,
    "subscribe": Intent.SUBSCRIBE, "订阅": Intent.SUBSCRIBE, "訂閱": Intent.SUBSCRIBE,
    "unsubscribe": Intent.UNSUBSCRIBE, "退订": Intent.UNSUBSCRIBE, "退訂": Intent.UNSUBSCRIBE,
    "取消订阅": Intent.UNSUBSCRIBE, "取消訂閱": Intent.UNSUBSCRIBE,
    "subscriptions": Intent.SUBSCRIPTIONS,
    "lang": Intent.LANG, "language": Intent.LANG, "语言": Intent.LANG, "語言": Intent.LANG,
    "more": Intent.MORE, "更多": Intent.MORE, "next": Intent.MORE,
    "sources": Intent.SOURCES, "source": Intent.SOURCES, "来源": Intent.SOURCES,
    "來源": Intent.SOURCES,
    "org": Intent.ORG, "chart": Intent.ORG, "orgchart": Intent.ORG, "structure": Intent.ORG,
    "组织架构": Intent.ORG, "組織架構": Intent.ORG, "架构": Intent.ORG, "架構": Intent.ORG,
    "changes": Intent.CHANGES, "diff": Intent.CHANGES, "变化": Intent.CHANGES,
    "變化": Intent.CHANGES, "变动": Intent.CHANGES, "變動": Intent.CHANGES,
    "succession": Intent.SUCCESSION, "历任": Intent.SUCCESSION, "歷任": Intent.SUCCESSION,
}
_TODAY = {"today", "今天", "今日"}
# Chinese commands are often typed without a space: "谁行癫", "更多".
_GLUED = frozenset({Intent.WHO, Intent.MORE, Intent.SOURCES, Intent.HELP, Intent.ORG,
                    Intent.CHANGES, Intent.SUCCESSION})


@dataclass(frozen=True)
class Parsed:
    """A line read once: its intent, its argument and any date in it."""

    intent: Intent
    text: str = ""  # the argument, e.g. the name after `who`
    date: DateQuery | None = None  # a period, a day of any year, or a filter on a search


def is_filler(text: str) -> bool:
    """True when nothing but question words and filler is left ('what happened in')."""
    words = [w for w in fold_words(text) if w not in STOPWORDS_EN]
    if words:
        return False
    if has_cjk(text):
        rest, kinds = strip_cjk_filler("".join(CJK_RUN.findall(normalize(text))))
        return not rest and not kinds
    return True


def parse_intent(text: str) -> Parsed:
    """Read one line as typed after /reorg (already cleaned)."""
    stripped = text.strip()
    if not stripped:
        return Parsed(Intent.HELP)
    date, remainder = find_date(stripped)
    if date is not None and date.kind == "today":
        if is_filler(remainder):  # "on this day", "历史上的今天": the day is the caller's today
            return Parsed(Intent.ON_THIS_DAY)
        date = None  # "share price today" names no day in Alibaba's history to search by
    head, _, rest = stripped.partition(" ")
    command = _COMMANDS.get(head.casefold())
    if command is None:
        for word, kind in _COMMANDS.items():
            if has_cjk(word) and stripped.startswith(word) and kind in _GLUED:
                command, rest = kind, stripped[len(word):]
                break
    rest = rest.strip()
    if command is Intent.ON_THIS_DAY:
        if head.casefold() in _TODAY or stripped in _TODAY:
            return Parsed(Intent.ON_THIS_DAY, rest)
        return Parsed(Intent.ON_THIS_DAY, rest, parse_month_day(rest))
    if command is Intent.WHO and not rest:
        return Parsed(Intent.HELP, "who")
    if command is Intent.UNIT and not rest:
        return Parsed(Intent.HELP, "unit")
    if command is not None:
        return Parsed(command, rest)

    if date is not None and is_filler(remainder):
        if date.kind == "monthday":
            return Parsed(Intent.ON_THIS_DAY, stripped, date)
        return Parsed(Intent.PERIOD, stripped, date)
    return Parsed(Intent.SEARCH, stripped, date)
