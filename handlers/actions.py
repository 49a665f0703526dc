"""Action, view and shortcut ids shared by the Block Kit builders and the listener registrations."""

from __future__ import annotations

import json
from enum import StrEnum


class ActionId(StrEnum):
    MORE = "reorg_more"
    PREV = "reorg_prev"  # the page before (its value, like More's, names the page shown)
    SHARE = "reorg_share"
    PAUSE = "reorg_digest_pause"
    RESUME = "reorg_digest_resume"
    PREVIEW = "reorg_digest_preview"
    EVENT_MENU = "reorg_event_menu"  # an event's overflow: "Report a mistake"
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


REPORT_OPTION = "report"  # the value prefix of the overflow's "Report a mistake"


def encode_query(query: str, lang: str, page: int) -> str:
    """A button's value: enough to answer the same query again (Slack allows 2000 chars).

    A query too long for that is shortened before encoding, never the JSON after it, so the
    value always decodes.
    """
    value = json.dumps({"q": query, "l": lang, "p": page}, ensure_ascii=False)
    while len(value) > 2000:
        query = query[: len(query) // 2]
        value = json.dumps({"q": query, "l": lang, "p": page}, ensure_ascii=False)
    return value


def decode_query(value: str) -> tuple[str, str, int] | None:
    try:
        data = json.loads(value)
        return str(data["q"]), str(data["l"]), int(data["p"])
    except (ValueError, KeyError, TypeError):
        return None


def report_value(event_id: str) -> str:
    """The overflow option's value (Slack allows 150 chars; event ids are shorter)."""
    return f"{REPORT_OPTION}:{event_id}"[:150]


def reported_event(value: str) -> str | None:
    """The event id a "Report a mistake" option names, or None for any other value."""
    kind, _, event_id = value.partition(":")
    return event_id if kind == REPORT_OPTION and event_id else None
