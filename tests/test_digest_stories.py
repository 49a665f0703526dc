"""The digest's stories (knowledge.digest) and how they read (handlers.blocks): grouping by day
and source, ranking by kind, three in the channel and the rest in the thread, years ago, the
notification text. Pure: events in, stories and Block Kit out."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.subscriptions import Subscription
from handlers.blocks import digest_reply_message
from handlers.digest_blocks import digest_message, digest_thread_message
from handlers.replies import DigestReply
from knowledge.digest import CHANNEL_STORIES, DigestAnswer, candidates, compose
from knowledge.historian import Historian
from knowledge.intent import Intent

DAY = dt.date(2026, 1, 6)
YEAR = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]


def _event(ident: str, date: str, kind: str, title: str = "", sources: tuple[str, ...] = ("a",),
           units: tuple[str, ...] = ()) -> dict:
    text = {"en": title or ident, "zh-hans": title or ident, "zh-hant": title or ident}
    return {"id": ident, "date": date, "kind": kind, "title": text, "summary": text,
            "people": [], "units": list(units),
            "sources": [{"publisher": s, "title": s, "date": date, "url": None} for s in sources]}


def _ids(stories) -> list[str]:
    return [s.lead["id"] for s in stories]


def _shown(message: dict | None, prefix: str) -> list[str]:
    """Event ids a message shows, read from its blocks' ids (story:… in the channel, event:…
    in the thread)."""
    blocks = message["blocks"] if message else []
    return [b["block_id"].removeprefix(prefix) for b in blocks
            if b.get("block_id", "").startswith(prefix)]


def test_one_days_events_from_one_source_are_one_story_led_by_its_weightiest() -> None:
    letter = [_event("a-team-lead", "2022-01-06", "appointment", "Daofang to run live streaming"),
              _event("b-centre", "2022-01-06", "unit-created"),
              _event("c-merger", "2022-01-06", "unit-merged")]
    stories = compose(letter, DAY, posted=())
    assert _ids(stories) == ["c-merger"], "one letter, one story, the merger first"
    assert [e["id"] for e in stories[0].more] == ["b-centre", "a-team-lead"]


def test_another_source_or_another_day_is_another_story() -> None:
    events = [_event("letter", "2022-01-06", "unit-merged", sources=("letter",)),
              _event("report", "2022-01-06", "appointment", sources=("newspaper",)),
              _event("same-letter-a-year-on", "2023-01-06", "appointment", sources=("letter",)),
              _event("both", "2022-01-06", "unit-created", sources=("newspaper", "letter"))]
    stories = compose(events, DAY, posted=())
    # "both" shares a source with each 2022 event, so those three are one story.
    assert sorted(_ids(stories)) == ["letter", "same-letter-a-year-on"]
    assert len(next(s for s in stories if s.lead["id"] == "letter").more) == 2


def test_a_merger_or_a_ceo_change_ranks_above_a_team_lead() -> None:
    events = [
        _event("team-lead", "2015-01-06", "appointment",
               "Sun Tongyu put in charge of the team that builds Taobao", sources=("a",)),
        _event("new-ceo", "2016-01-06", "succession", "Daniel Zhang to succeed Jonathan Lu as CEO",
               sources=("b",), units=("alibaba-group",)),
        _event("merger", "2017-01-06", "unit-merged", "Taobao and Tmall merged", sources=("c",)),
        _event("unit-ceo", "2018-01-06", "appointment", "Lucy Peng becomes CEO of Lazada",
               sources=("d",)),
    ]
    order = _ids(compose(events, DAY, posted=()))
    assert order.index("new-ceo") < order.index("team-lead"), order
    assert order.index("merger") < order.index("team-lead"), order
    assert order.index("unit-ceo") < order.index("team-lead"), order
    assert order[-1] == "team-lead"


def test_the_channel_has_stories_from_different_years_while_there_are_some() -> None:
    events = [_event("big-2020", "2020-01-06", "unit-merged", sources=("a",)),
              _event("big-2020-again", "2020-01-06", "unit-split", sources=("b",)),
              _event("small-2021", "2021-01-06", "appointment", sources=("c",))]
    order = _ids(compose(events, DAY, posted=()))
    assert order == ["big-2020", "small-2021", "big-2020-again"]


def test_what_the_channel_was_shown_is_left_out() -> None:
    letter = [_event("merger", "2022-01-06", "unit-merged"),
              _event("centre", "2022-01-06", "unit-created")]
    assert _ids(compose(letter, DAY, posted={"merger"})) == ["centre"]
    assert compose(letter, DAY, posted={"merger", "centre"}) == []


def test_a_missed_story_is_told_up_to_three_days_late_and_none_ahead_of_its_day() -> None:
    events = [_event("today-small", "2019-01-06", "appointment", sources=("a",)),
              _event("two-days-ago-big", "2019-01-04", "founding", sources=("b",)),
              _event("four-days-ago", "2019-01-02", "founding", sources=("c",)),
              _event("tomorrow", "2019-01-07", "founding", sources=("d",))]
    stories = compose(events, DAY, posted=())
    assert _ids(stories) == ["today-small", "two-days-ago-big"], \
        "the day's own story first, a late one after it, nothing early or too late"
    assert [s.days_late for s in stories] == [0, 2]


def test_29_february_is_told_on_the_28th_when_the_year_has_no_29th() -> None:
    leap = [_event("leap-day", "2016-02-29", "founding")]
    assert _ids(compose(leap, dt.date(2027, 2, 28), posted=())) == ["leap-day"]
    assert compose(leap, dt.date(2028, 2, 28), posted=()) == [], "2028 has its own 29th"


def test_the_real_01_06_letter_is_one_story_with_the_merger_in_the_channel(
        historian: Historian) -> None:
    digest = historian.digest(DAY, "en", posted=set(candidates(historian.index, DAY)) -
                              {e.id for e in historian.index.events if e.id.startswith("2022-01")})
    message, thread = digest_message(digest), digest_thread_message(digest)
    assert _shown(message, "story:") == ["2022-01-06-taobao-tmall-merged"]
    context = " ".join(e["text"] for b in message["blocks"] if b["type"] == "context"
                       for e in b["elements"])
    assert "+5 leadership changes and 3 unit changes that day, in the thread" in context
    assert len(_shown(thread, "event:")) == 8
    assert "1–9 of 9" not in str(message) + str(thread)
    sources = [e["text"] for b in thread["blocks"] if b["type"] == "context"
               for e in b["elements"] if e["text"].startswith("📰")]
    assert sources == [], "the one letter is named once, under the merger in the channel"


def _digests(historian: Historian, lang: str = "en") -> list[DigestAnswer]:
    return [historian.digest(day, lang) for day in YEAR]


def test_at_most_three_stories_in_the_channel_and_every_other_event_in_the_thread(
        historian: Historian) -> None:
    busy = 0
    for digest in _digests(historian):
        in_channel = _shown(digest_message(digest), "story:")
        in_thread = _shown(digest_thread_message(digest), "event:")
        assert len(in_channel) <= CHANNEL_STORIES, digest.date
        assert sorted(in_channel + in_thread) == sorted(e["id"] for e in digest.events), \
            f"{digest.date}: every event once, in the channel or its thread"
        busy += len(digest.stories) > CHANNEL_STORIES
    assert busy, "some day of the year has more stories than the channel shows"


@pytest.mark.parametrize(("lang", "ago"), [("en", r"(\d+ years? ago|this year)$"),
                                           ("zh-hant", r"(\d+ 年前|今年)$")])
def test_every_story_says_how_many_years_ago(historian: Historian, lang: str, ago: str) -> None:
    for digest in _digests(historian, lang):
        for block in digest_message(digest)["blocks"]:
            if block.get("block_id", "").startswith("story:"):
                when = block["text"]["text"].split("\n")[0].strip("*")
                assert re.search(ago, when), f"{digest.date}: {when}"


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_the_notification_text_is_a_short_summary_without_links(historian: Historian,
                                                               lang: str) -> None:
    for digest in _digests(historian, lang):
        for message in (digest_message(digest), digest_thread_message(digest)):
            if message is None:
                continue
            text = message["text"]
            assert 0 < len(text) <= 300, f"{digest.date}: {len(text)} characters"
            assert "http" not in text and "&lt;" not in text and "<" not in text, text


def test_a_title_too_long_for_the_notification_is_cut_after_a_whole_word() -> None:
    title = " ".join(f"word{n}" for n in range(80))
    story = compose([_event("long", "2020-01-06", "founding", title)], DAY, posted=())
    digest = DigestAnswer(intent=Intent.ON_THIS_DAY, query="on 01-06", lang="en", year=2026,
                          date=DAY, stories=story, events=story[0].events)
    text = digest_message(digest)["text"]
    assert len(text) <= 300 and text.endswith("…")
    kept = text.removesuffix("…").split(": ", 1)[1]
    assert title.startswith(kept) and title[len(kept)] == " ", "never cut mid-word"


def test_a_day_with_nothing_new_is_one_line_naming_the_next_story(historian: Historian) -> None:
    everything = set(candidates(historian.index, DAY))
    digest = historian.digest(DAY, "en", posted=everything)
    message = digest_message(digest)
    assert not digest.stories and digest_thread_message(digest) is None
    assert message["text"].startswith("Nothing new from Alibaba's history on 6 January")
    assert "the next story comes on 7 January" in message["text"]
    assert "Ask in the thread" not in str(message), "no invitation to ask about nothing"


def test_chinese_digests_speak_chinese(historian: Historian) -> None:
    digest = historian.digest(dt.date(2026, 9, 10), "zh-hant")
    sub = Subscription(1, "T1", "C1", "09:00", "Asia/Shanghai", "zh-hant", "U1", "active", None,
                       weekdays=True)
    text = str(digest_message(digest, sub)) + str(digest_thread_message(digest))
    assert "阿里歷史上的今天" in text and "年前" in text and "話題" in text and "每個工作日" in text
    assert not re.search(r"years? ago|thread|Ask in", text)


def test_the_subscribed_reply_says_the_schedule_window_and_empty_days() -> None:
    sub = Subscription(1, "T1", "C1", "08:30", "Europe/London", "en", "U1", "active", None,
                       weekdays=True, window_days=14, skip_empty=False)
    text = digest_reply_message(DigestReply(Intent.SUBSCRIBE, "en", subscription=sub))["text"]
    assert "every weekday at 08:30 (Europe/London)" in text
    assert "within 14 days" in text and "one-line note" in text
