"""Action, view and shortcut ids shared by the Block Kit builders and the listener registrations."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import NamedTuple


class ActionId(StrEnum):
    MORE = "reorg_more"
    PREV = "reorg_prev"  # the page before (its value, like More's, names the page shown)
    SHARE = "reorg_share"
    PAUSE = "reorg_digest_pause"
    RESUME = "reorg_digest_resume"
    PREVIEW = "reorg_digest_preview"
    EVENT_MENU = "reorg_event_menu"  # an event's overflow: "All sources (N)", "Report a mistake"
    ROLES = "reorg_all_roles"  # under a profile's latest roles: all of them, in a modal
    SUGGEST = "reorg_suggest"  # "nothing found": a did-you-mean name, run as the query (_1…)
    SOURCES = "reorg_sources"  # under a chart, changes or a chain: what it rests on, in a modal
    TRY = "reorg_home_try"  # App Home: run an example question
    ASK = "reorg_home_ask"  # App Home: open the question modal
    LANG = "reorg_home_lang"  # App Home: the reply-language select
    SUBSCRIBE = "reorg_home_subscribe"  # App Home: open the subscribe modal
    ZONE = "reorg_zone"  # the time-zone select, whose options are looked up as one types
    ORG_TODAY = "reorg_home_org"  # App Home: the org chart today
    ORG_DATE = "reorg_home_org_date"  # App Home: the org chart of the day picked


class ViewId(StrEnum):
    """callback_id of the modals that submit."""

    ASK = "reorg_ask"
    SUBSCRIBE = "reorg_subscribe"
    REPORT = "reorg_report"


class ShortcutId(StrEnum):
    ASK_MESSAGE = "reorg_ask_message"  # message shortcut "Ask Reorg Historian"


class MenuChoice(StrEnum):
    """An event overflow's options, as the prefix of their values."""

    SOURCES = "sources"
    REPORT = "report"


class Shown(NamedTuple):
    """What a message shows: a query's page, or that page's sources (`sources`)."""

    query: str
    lang: str
    page: int
    sources: bool = False


def encode_query(shown: Shown) -> str:
    """A button's value: enough to show the same again (Slack allows 2000 chars).

    A query too long for that is shortened before encoding, never the JSON after it, so the
    value always decodes.
    """
    query = shown.query
    while True:
        fields = {"q": query, "l": shown.lang, "p": shown.page} | ({"s": 1} if shown.sources
                                                                    else {})
        value = json.dumps(fields, ensure_ascii=False)
        if len(value) <= 2000:
            return value
        query = query[: len(query) // 2]


def decode_query(value: str) -> Shown | None:
    try:
        data = json.loads(value)
        return Shown(str(data["q"]), str(data["l"]), int(data["p"]), bool(data.get("s")))
    except (ValueError, KeyError, TypeError):
        return None


def menu_value(choice: MenuChoice, event_id: str) -> str:
    """An overflow option's value (Slack allows 150 chars; event ids are shorter)."""
    return f"{choice}:{event_id}"[:150]


def menu_choice(value: str) -> tuple[MenuChoice, str] | None:
    """What an overflow option chose and about which event; None for any other value."""
    kind, _, event_id = value.partition(":")
    return (MenuChoice(kind), event_id) if kind in set(MenuChoice) and event_id else None
