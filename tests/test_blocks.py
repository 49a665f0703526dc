"""Block Kit built from answers respects Slack's limits and never lets user text ping anyone."""

from __future__ import annotations

import pytest

from handlers.actions import ActionId
from handlers.blocks import answer_message, render_blocks, shared_message
from handlers.kit import context_dict, context_line
from handlers.render import Surface
from handlers.text import render_text
from knowledge.answer import Answer, Outcome
from knowledge.intent import Intent


def _event(i: int, summary: str = "Short.") -> dict:
    return {"id": f"e{i}", "date": "2013-09-11", "date_precision": "day", "effective": None,
            "kind": "appointment",
            "title": {"en": f"Title {i}", "zh-hans": "标题", "zh-hant": "標題"},
            "summary": {"en": summary, "zh-hans": "摘要", "zh-hant": "摘要"},
            "people": [], "units": [], "roles": {},
            "sources": [{"title": "T", "publisher": "P", "date": "2013-09-16",
                         "url": "https://example.org/a"}]}


def test_long_text_is_cut_to_slacks_limits() -> None:
    answer = Answer(intent="search", query="x" * 400, lang="en",
                    events=[_event(i, "word " * 2000) for i in range(5)], total=5)
    blocks = render_blocks(answer, Surface.EPHEMERAL)
    assert len(blocks) <= 50
    assert len(blocks[0]["text"]["text"]) <= 150
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_user_text_cannot_mention_or_link() -> None:
    hostile = "<!channel> <@U123> <https://evil.example|click> & more"
    answer = Answer(intent="search", query=hostile, lang="en", outcome=Outcome.NOTHING_FOUND,
                    typed=hostile)
    dumped = str(render_blocks(answer, Surface.EPHEMERAL))
    assert "<!channel>" not in dumped and "<@U123>" not in dumped
    assert "&lt;!channel&gt;" in dumped and "&amp; more" in dumped


def test_sources_are_links_in_blocks_and_plain_in_text() -> None:
    answer = Answer(intent="sources", query="q", lang="en", events=[_event(1)], total=1)
    assert "<https://example.org/a|P, 16 Sep 2013>" in str(render_blocks(answer,
                                                                       Surface.EPHEMERAL))
    assert "https://example.org/a" in render_text(answer)


def test_roles_come_on_the_first_page_only_and_the_fallback_is_a_summary(historian) -> None:
    """Page 2 of a profile shows events, not the roles again; the notification text is short."""
    first, second = (historian.answer("逍遥子", lang="en", page=p) for p in (1, 2))
    shown = [str(render_blocks(a, Surface.EPHEMERAL)) for a in (first, second)]
    assert "Roles" in shown[0] and "Roles" not in shown[1]
    for answer in (first, second):
        text = answer_message(answer, Surface.EPHEMERAL)["text"]
        assert len(text) <= 300 and "http" not in text, text


def test_a_profile_names_the_nickname_and_shows_the_latest_roles(historian) -> None:
    """逍遥子 is headed by 张勇 with his 花名, the latest three roles and a button for all
    eleven; `who 逍遥子` lists them all."""
    profile = render_blocks(historian.answer("逍遥子", lang="zh-hans"), Surface.THREAD)
    assert "张勇（花名 逍遥子 · Daniel Zhang）" in str(profile)
    assert str(profile).count("• ") == 3
    roles = next(i for i, b in enumerate(profile) if "任职" in str(b.get("text")))
    button = profile[roles + 1]["elements"][0]
    assert button["action_id"] == ActionId.ROLES and button["text"]["text"] == "全部任职（11）"
    everything = str(render_blocks(historian.answer("who 逍遥子", lang="zh-hans"),
                                   Surface.EPHEMERAL))
    assert everything.count("• ") == 11 and ActionId.ROLES not in everything


def test_the_best_source_comes_first_and_says_what_it_is() -> None:
    """A linked company filing before the press, a repost last; a source with no link says
    what to search for; the others are one `sources` away."""
    event = _event(1)
    event["sources"] = [
        {"title": "淘宝天猫融合", "publisher": "某网（转载）", "date": "2022", "url": None},
        {"title": "Report", "publisher": "Reuters", "date": "2022-01-06",
         "url": "https://www.reuters.com/x"},
        {"title": "20-F", "publisher": "Alibaba Group 20-F filing", "date": "2022",
         "url": "https://www.sec.gov/x"},
    ]
    answer = Answer(intent="search", query="x", lang="en", events=[event], total=1)
    context = next(b for b in render_blocks(answer, Surface.EPHEMERAL)
                   if b["type"] == "context")
    line = context["elements"][-1]["text"]
    assert line.startswith("Source: <https://www.sec.gov/x|Alibaba Group 20-F filing, 2022 · "
                           "official>") and "+2 more" in line
    answer.intent = Intent.SOURCES
    everything = render_text(answer)
    assert "repost (no link: search for “淘宝天猫融合”)" in everything


def _three_sources() -> dict:
    event = _event(1)
    event["sources"] = [
        {"title": "融合", "publisher": "21世纪经济报道（贸易谷转载）", "date": "2022", "url": None},
        {"title": "Report", "publisher": "South China Morning Post", "date": "2022-01-07",
         "url": "https://www.scmp.com/x"},
        {"title": "20-F", "publisher": "Alibaba Group 20-F filing", "date": "2022",
         "url": "https://www.sec.gov/x"},
    ]
    return event


def test_every_source_is_one_menu_away_and_sources_is_a_numbered_list() -> None:
    """Each event's ⋯ offers "All sources (N)"; `sources` numbers them, best first, with the
    publisher in the reader's language where the other name is known."""
    answer = Answer(intent="search", query="x", lang="en", events=[_three_sources()], total=1)
    menu = next(b["accessory"] for b in render_blocks(answer, Surface.THREAD)
                if b.get("accessory"))
    assert [o["text"]["text"] for o in menu["options"]] == ["All sources (3)",
                                                            "Report a mistake"]
    answer.intent = Intent.SOURCES
    listed = next(b["text"]["text"] for b in render_blocks(answer, Surface.THREAD)
                  if b.get("accessory"))
    assert listed.splitlines()[1:] == [
        "1. <https://www.sec.gov/x|Alibaba Group 20-F filing, 2022 · official>",
        "2. <https://www.scmp.com/x|South China Morning Post, 7 Jan 2022>",
        "3. 21st Century Business Herald (贸易谷转载), 2022 · repost (no link: search for “融合”)"]
    answer.lang = "zh-hant"
    assert "2. <https://www.scmp.com/x|南華早報，2022年1月7日>" in str(
        render_blocks(answer, Surface.THREAD))


def test_a_shared_answer_is_a_compact_card_of_what_was_on_screen(historian) -> None:
    """Who shared which question, the answer, the page's events with their links: no pager,
    no buttons, no typing hints."""
    page = historian.answer("2013", lang="en", page=2)
    card = shared_message(page, "U777")
    dumped = str(card["blocks"])
    assert card["blocks"][0]["elements"][0]["text"] == "<@U777> shared `/reorg 2013`"
    assert all(e["title"]["en"] in dumped for e in page.events)
    assert dumped.count("<http") >= len(page.events) - 1
    for absent in ("actions", "6–10", "more", "sources`"):
        assert absent not in dumped, absent
    assert len(card["blocks"]) <= 4, "compact: a heading, the answer, the events"


@pytest.mark.parametrize("text", ["plain", "a *b* <#C1> · `/reorg unsubscribe`", "长" * 4000])
def test_the_model_free_context_block_is_the_one_the_model_gives(text: str) -> None:
    """The digest's footer is built without slack_sdk's model, once per channel: the JSON must
    be what the model would have given, cut to Slack's limit alike."""
    assert context_dict(text) == context_line(text).to_dict()
