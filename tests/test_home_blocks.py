"""The Home tab and modal builders within Slack's limits, pause reasons in words, and what
bot.slack_access asks Slack (and how often)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from slack_sdk import WebClient

from bot.slack_access import SlackAccess
from handlers.blocks import subscription_blocks
from handlers.home import (
    HOME_BLOCKS,
    answer_modal,
    ask_modal,
    home_view,
    report_modal,
    stories,
    subscribe_modal,
)
from handlers.kit import MAX_BLOCKS
from handlers.messages import why_not_subscribed, why_paused
from handlers.replies import Home
from knowledge.answer import Answer, Outcome
from knowledge.intent import Intent
from knowledge.langs import LANGS
from knowledge.stats import BaseCounts
from tests.mock_slack import MockSlack

CODES = ["not_in_channel", "channel_not_found", "is_archived", "missing_scope",
         "no_installation", "token_revoked", "invalid_time_zone"]


@dataclass
class Sub:
    id: int
    channel_id: str
    state: str = "active"
    paused_reason: str | None = None
    local_time: str = "09:00"
    tz: str = "Asia/Shanghai"
    lang: str = "en"
    subscribed_by: str = "U1"
    last_delivery: str | None = None
    weekdays: bool = False
    window_days: int = 7
    skip_empty: bool = True

    @property
    def paused_by(self) -> str | None:
        return None


def _event(i: int, year: int = 2013) -> dict:
    return {"id": f"e{i}", "date": f"{year}-01-06", "date_precision": "day", "effective": None,
            "kind": "appointment", "people": [], "units": [], "roles": {},
            "title": {lang: f"Title {i}" for lang in LANGS},
            "summary": {lang: "Summary." for lang in LANGS},
            "sources": [{"title": "T", "publisher": "P", "date": None, "url": None}]}


def _home(subs: list[Sub], lang: str = "en", admin: bool = False) -> dict:
    today = Answer(intent=Intent.ON_THIS_DAY, query="on 01-06", lang=lang, day="01-06",
                   events=[_event(i, 2000 + i % 4) for i in range(15)], total=15, year=2026)
    return home_view(Home(today, None, subs, BaseCounts(319, 461, 1999, 2025), admin))


@pytest.mark.parametrize("lang", LANGS)
def test_home_stays_within_slacks_100_blocks_and_says_how_many_more(lang: str) -> None:
    view = _home([Sub(i, f"C{i:03d}") for i in range(300)], lang)
    assert len(view["blocks"]) <= HOME_BLOCKS
    text = json.dumps(view, ensure_ascii=False)
    assert "290" in text and "/reorg subscriptions" in text
    assert "/reorg today" in text, "12 more of today's events are pointed to"


def test_home_shows_one_story_per_year_first() -> None:
    events = [_event(1, 2022), _event(2, 2022), _event(3, 2022), _event(4, 2015)]
    assert [e["id"] for e in stories(events)] == ["e1", "e2", "e4"]


def test_an_empty_day_says_so_after_the_welcome() -> None:
    today = Answer(intent=Intent.ON_THIS_DAY, query="on 02-30", lang="en", day="02-30",
                   outcome=Outcome.EMPTY_DAY)
    view = home_view(Home(today, "en", [], BaseCounts(1, 1, 2000, 2000)))
    assert view["blocks"][0]["type"] == "header"
    assert "Nothing recorded on 30 Feb" in json.dumps(view)


def test_the_subscriptions_command_lists_hundreds_within_one_message() -> None:
    blocks = subscription_blocks([Sub(i, f"C{i:04d}") for i in range(400)], "en")
    assert len(blocks) <= MAX_BLOCKS
    text = json.dumps(blocks, ensure_ascii=False)
    assert "<#C0299>" in text and "<#C0300>" not in text and "…and 100 more." in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_modal_is_valid_in_every_language(lang: str) -> None:
    """slack_sdk's View checks Slack's limits (a title of 24 characters, …) when built."""
    answer = Answer(intent=Intent.SEARCH, query="x", lang=lang, events=[_event(1)], total=9)
    for view in (ask_modal(lang), answer_modal(answer, lang), subscribe_modal(lang, "UTC"),
                 report_modal(_event(1), lang)):
        assert view["type"] == "modal" and len(view["blocks"]) <= HOME_BLOCKS


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", CODES)
def test_pause_reasons_are_words_not_error_codes(code: str, lang: str) -> None:
    assert code not in why_paused(code, lang, "<#C1>")
    if code != "invalid_time_zone":  # a pause's reason only: subscribing checks the channel
        assert code not in why_not_subscribed(code, lang, "<#C1>")
    if lang == "zh-hant":
        assert "频道" not in why_not_subscribed(code, lang, "<#C1>"), "Traditional throughout"


def test_an_unknown_code_is_named_rather_than_hidden() -> None:
    assert "ratelimited" in why_paused("ratelimited", "en", "<#C1>")


def test_admin_status_is_cached_and_channel_access_asked_each_time() -> None:
    now = [0.0]
    with MockSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        access = SlackAccess(lambda _team: client, clock=lambda: now[0])
        slack.users["UADM"] = {"is_owner": True, "tz": "Europe/Berlin"}
        assert access.is_admin("T1", "UADM") and access.user_zone("T1", "UADM") == \
            "Europe/Berlin"
        assert not access.is_admin("T1", "UPLAIN")
        assert len(slack.calls_to("users.info")) == 2, "one call per person"
        now[0] = 10_000.0
        access.is_admin("T1", "UADM")
        assert len(slack.calls_to("users.info")) == 3, "asked again once the cache is old"
        slack.channels.update({"CNOT": {"is_member": False}, "CARCH": {"is_archived": True},
                               "CPRIV": {"error": "channel_not_found"}})
        assert [access.channel_problem("T1", c) for c in ("CYES", "CNOT", "CARCH", "CPRIV",
                                                           "D123")] == [
            None, "not_in_channel", "is_archived", "channel_not_found", None]
        slack.respond("users.info", status=500)
        assert not access.is_admin("T1", "UDOWN"), "Slack down: a plain member"
    assert SlackAccess(lambda _team: None).channel_problem("T1", "C1") == "no_installation"
