"""Block Kit built from answers respects Slack's limits and never lets user text ping anyone."""

from __future__ import annotations

from handlers.blocks import answer_message, render_blocks
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
    assert "<https://example.org/a|P, 2013-09-16>" in str(render_blocks(answer,
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
    """逍遥子 is headed by 张勇 with his 花名, the latest three roles and how to see all eleven;
    `who 逍遥子` lists them all."""
    profile = str(render_blocks(historian.answer("逍遥子", lang="zh-hans"), Surface.EPHEMERAL))
    assert "张勇（花名 逍遥子 · Daniel Zhang）" in profile
    assert profile.count("• ") == 3 and "/reorg who 张勇" in profile
    everything = str(render_blocks(historian.answer("who 逍遥子", lang="zh-hans"),
                                   Surface.EPHEMERAL))
    assert everything.count("• ") > 3 and "/reorg who" not in everything


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
