"""The org as of a date, the changes between two dates and a post's chain, on the real base,
asked the way a user asks; whole states compared with what the sources say."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from bot.chat import Chat
from bot.cli import answer_json
from handlers.blocks import render_blocks
from handlers.digest_blocks import digest_message
from handlers.render import Surface
from handlers.replies import Place
from handlers.text import render_text
from knowledge.historian import Historian
from knowledge.index import RoleInfo
from knowledge.intent import Intent
from knowledge.org import ChangeKind, changes_between, org_on, succession
from knowledge.records import PartialDate

TODAY = dt.date(2026, 12, 1)
# The 2023-03-28 announcement (SCMP, Alibaba's SEC exhibit 99.1): six business groups, each
# with its CEO, reporting to the group.
SIX_GROUPS_2023 = {
    "alibaba-cloud": "zhang-yong", "taobao-tmall-group": "dai-shan",
    "local-services-group": "yu-yongfu", "cainiao": "wan-lin", "aidc": "jiang-fan",
    "digital-media-group": "fan-luyuan",
}
# 2013-09-10 (腾讯科技 via lm263, the CEO's letter): these units report to COO Zhang Yong.
COO_UNITS_2013 = {"tmall", "taobao", "juhuasuan", "travel-bu", "local-life-bu", "etao",
                  "search-bu", "international-bg", "tech-1688", "shared-business-bu"}


def _ask(historian: Historian, text: str):
    return Chat.local(historian, lambda: TODAY).ask(Place(), text)


def test_the_six_groups_and_their_ceos_on_the_day_of_the_split(historian: Historian) -> None:
    chart = org_on(historian.index, dt.date(2023, 3, 28))
    top = {n.unit: [h.person for h in n.heads] for n in chart.nodes if n.depth == 1}
    for unit, ceo in SIX_GROUPS_2023.items():
        assert unit in top, f"{unit} is not a group of its own on 2023-03-28"
        assert ceo in top[unit], f"{unit}'s head is {top[unit]}, the sources say {ceo}"
    # the segments of the 2021 letter are gone that day
    assert "china-digital-commerce" not in chart.units()
    assert "overseas-digital-commerce" not in chart.units()


def test_taobao_and_tmall_sit_in_their_group_after_the_split(historian: Historian) -> None:
    chart = org_on(historian.index, dt.date(2023, 3, 29))
    parents = {n.unit: n.parent for n in chart.nodes}
    assert parents["taobao"] == parents["tmall"] == "taobao-tmall-group"
    assert parents["ele-me"] == "local-services-group"


def test_the_coo_units_of_september_2013(historian: Historian) -> None:
    chart = org_on(historian.index, dt.date(2013, 9, 12))
    placed = {n.unit: n.placement for n in chart.nodes if n.placement}
    missing = COO_UNITS_2013 - set(placed)
    assert not missing, f"not on the chart of 2013-09-12: {missing}"
    assert {placed[u].reports_to for u in COO_UNITS_2013} == {"zhang-yong"}


def test_the_seven_business_groups_of_2012(historian: Historian) -> None:
    chart = org_on(historian.index, dt.date(2012, 8, 1))
    top = {n.unit for n in chart.nodes if n.depth == 1}
    assert {"taobao", "tmall", "etao", "juhuasuan", "alibaba-cloud"} <= top


def test_the_chart_is_a_tree_on_every_day_it_changes(historian: Historian) -> None:
    days = sorted({p.first for p in historian.index.placements})
    for day in days:
        chart = org_on(historian.index, day)
        seen = [n.unit for n in chart.nodes if not n.dual]
        assert len(seen) == len(set(seen)), f"a unit twice on {day}"
        live = {p.unit for p in historian.index.placements if p.holds_on(day)}
        assert live <= set(seen), f"placed but not on the chart of {day}: {live - set(seen)}"


@pytest.mark.parametrize("typed", ["org 2023-03-29", "组织架构 2023年3月29日",
                                   "組織架構 2023年3月29日", "org chart 29 March 2023"])
def test_org_in_every_script_gives_the_same_chart(historian: Historian, typed: str) -> None:
    answer = _ask(historian, typed)
    assert answer.intent is Intent.ORG
    assert answer.chart is not None and answer.chart.day == dt.date(2023, 3, 29)
    assert "taobao-tmall-group" in answer.chart.units()


def test_after_the_split_is_the_day_it_took_effect(historian: Historian) -> None:
    answer = _ask(historian, "org chart after the 2023 split")
    assert answer.chart is not None and answer.chart.day == dt.date(2023, 3, 28)


@pytest.mark.parametrize(("typed", "day"), [("org Jan 6", "2026-01-06"),
                                             ("组织架构 12月25日", "2025-12-25")])
def test_a_chart_of_a_day_without_a_year_is_of_its_latest_coming(historian: Historian,
                                                                 typed: str, day: str) -> None:
    answer = _ask(historian, typed)
    assert answer.chart is not None and answer.chart.day == dt.date.fromisoformat(day)


def test_the_chart_answers_first_and_names_the_leaders(historian: Historian) -> None:
    answer = _ask(historian, "org 2013-09-12")
    text = render_text(answer)
    first = text.splitlines()[0]
    assert first.startswith("Alibaba Group on 12 Sep 2013") and "Jonathan Lu" in first
    assert "铁木真" in first  # the CEO's 花名
    blocks = render_blocks(answer, Surface.DIRECT)
    assert blocks[0]["type"] == "section" and "12 Sep 2013" in blocks[0]["text"]["text"]
    assert blocks[1]["type"] == "rich_text"
    zh = _ask(historian, "组织架构 2013年9月12日")
    assert render_text(zh).splitlines()[0].startswith("2013年9月12日的阿里巴巴集团")


def test_json_carries_the_structure_with_its_events(historian: Historian) -> None:
    answer = _ask(historian, "org 2023-03-29")
    data = answer_json(answer)
    assert data["intent"] == "org"
    nodes = {n["id"]: n for n in data["org"]["nodes"]}
    assert nodes["taobao"]["parent"] == "taobao-tmall-group"
    assert nodes["taobao-tmall-group"]["start_event"] in {e["id"] for e in data["events"]}
    assert data["answer"]["text"]["zh-hant"].startswith("2023年3月29日")


def test_the_changes_of_the_2023_split(historian: Historian) -> None:
    found = changes_between(historian.index, dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    added = {c.unit for c in found if c.kind is ChangeKind.ADDED}
    moved = {c.unit: c.after for c in found if c.kind is ChangeKind.MOVED}
    assert {"taobao-tmall-group", "local-services-group", "aidc"} <= added
    assert moved.get("taobao") == "taobao-tmall-group"
    assert all(c.event_id for c in found if c.kind is not ChangeKind.RENAMED)


@pytest.mark.parametrize("typed", ["changes 2023-03", "2023年3月前后有什么变化",
                                   "what changed in the 2023-03 reorg"])
def test_changes_as_people_ask(historian: Historian, typed: str) -> None:
    answer = _ask(historian, typed)
    assert answer.intent is Intent.CHANGES and answer.changes
    assert answer.span == ("2023-02-28", "2023-03-31")


def test_changes_between_two_dates_list_each_line_with_its_date(historian: Historian) -> None:
    answer = _ask(historian, "changes 2015-01 2016-01")
    assert answer.span == ("2015-01-01", "2016-01-31")
    assert answer.changes and all(c.day.year == 2015 or c.day <= dt.date(2016, 1, 31)
                                  for c in answer.changes)
    assert "middle-platform-bg" in {c.unit for c in answer.changes}


@pytest.mark.parametrize(("typed", "first", "last"), [
    ("succession CEO", "jack-ma", "eddie-wu"),
    ("历任 CEO", "jack-ma", "eddie-wu"),
    ("CFO历任", "joe-tsai", None),
    ("阿里云历任负责人", "wang-jian", "eddie-wu"),
])
def test_a_post_s_chain_oldest_first(historian: Historian, typed: str, first: str,
                                     last: str | None) -> None:
    answer = _ask(historian, typed)
    assert answer.intent is Intent.SUCCESSION and answer.chain
    people = [link.role.person for link in answer.chain]
    assert people[0] == first
    if last:
        assert people[-1] == last
    starts = [link.role.start.first_day() for link in answer.chain]
    assert starts == sorted(starts)


def test_a_gap_in_a_chain_is_shown_as_a_gap(historian: Historian) -> None:
    """Two tenures a year apart: the chain says nobody is recorded between them."""
    def role(person: str, start: str, end: str | None) -> RoleInfo:
        return RoleInfo(person, "taobao", "President", "总裁", PartialDate.parse(start),
                        PartialDate.parse(end) if end else None, None,
                        frozenset({"president", "head"}))

    index = replace(historian.index, roles=[role("jiang-peng", "2011-06-16", "2014-03"),
                                            role("jiang-fan", "2015-05", None)])
    chain = succession(index, "taobao", {"president"})
    assert [link.gap_after for link in chain] == [True, False]
    assert chain[0].end_how == "date" and chain[1].end_how == "present"


def test_nothing_recorded_before_the_founding(historian: Historian) -> None:
    answer = _ask(historian, "org 1990")
    assert answer.chart is None and answer.outcome is not None
    assert "No structure is recorded" in render_text(answer)


def test_the_digest_says_when_the_org_was_re_drawn_on_this_day(historian: Historian) -> None:
    digest = historian.digest(dt.date(2026, 3, 28), "en")
    assert dt.date(2023, 3, 28) in digest.reorgs
    text = json.dumps(digest_message(digest)["blocks"], ensure_ascii=False)
    assert "/reorg changes 2023-03-28" in text and "3 years ago" in text
    quiet = historian.digest(dt.date(2026, 2, 3), "en")
    assert not quiet.reorgs
    assert "re-drawn" not in json.dumps(digest_message(quiet)["blocks"])


def test_on_the_day_of_a_handover_the_chart_names_the_new_head_only(historian: Historian) -> None:
    chart = org_on(historian.index, dt.date(2022, 1, 1))  # Jiang Fan to Trudy Dai at Taobao
    heads = {n.unit: [h.person for h in n.heads] for n in chart.nodes}
    assert heads["taobao"] == ["dai-shan"]
