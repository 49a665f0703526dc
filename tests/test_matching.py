"""Finding people, units and events however they are typed — on the real event base."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from handlers.text import render_text
from knowledge.answer import Outcome
from knowledge.historian import Historian

PEOPLE_AND_UNITS = [
    # (typed, expected entity id) — scripts, pinyin, 花名, partial names and typos
    ("逍遥子", "zhang-yong"), ("逍遙子", "zhang-yong"), ("xiaoyaozi", "zhang-yong"),
    ("xiao yao zi", "zhang-yong"), ("Daniel Zhang", "zhang-yong"),
    ("Daneil Zhang", "zhang-yong"), ("daniel zhang", "zhang-yong"), ("zhang yong", "zhang-yong"),
    ("zhangyong", "zhang-yong"), ("Zhāng Yǒng", "zhang-yong"), ("zhang1 yong3", "zhang-yong"),
    ("張勇", "zhang-yong"), ("张勇", "zhang-yong"), ("张永", "zhang-yong"),
    ("行癫", "zhang-jianfeng"), ("行癲", "zhang-jianfeng"), ("xingdian", "zhang-jianfeng"),
    ("Zhang Jianfeng", "zhang-jianfeng"), ("張建鋒", "zhang-jianfeng"),
    ("Jack Ma", "jack-ma"), ("马云", "jack-ma"), ("馬雲", "jack-ma"), ("Ma Yun", "jack-ma"),
    ("Jonathan Lu", "jonathan-lu"), ("Jonathon Lu", "jonathan-lu"), ("陆兆禧", "jonathan-lu"),
    ("陸兆禧", "jonathan-lu"), ("Lu Zhaoxi", "jonathan-lu"),
    ("Trudy Dai", "dai-shan"), ("戴珊", "dai-shan"), ("Dai Shan", "dai-shan"),
    ("Jiang Fan", "jiang-fan"), ("蒋凡", "jiang-fan"), ("蔣凡", "jiang-fan"),
    ("鲁肃", "cheng-li"), ("魯肅", "cheng-li"), ("师太", "zheng-junfang"),
    ("師太", "zheng-junfang"), ("Wang Jian", "wang-jian"), ("王坚", "wang-jian"),
    ("Tmall", "tmall"), ("天猫", "tmall"), ("天貓", "tmall"), ("淘宝商城", "tmall"),
    ("Taobao Mall", "tmall"), ("tianmao", "tmall"),
    ("聚划算", "juhuasuan"), ("聚劃算", "juhuasuan"), ("Juhuasuan", "juhuasuan"),
    ("Alibaba Cloud", "alibaba-cloud"), ("Alibaba Clud", "alibaba-cloud"),
    ("阿里云", "alibaba-cloud"), ("阿里雲", "alibaba-cloud"), ("Aliyun", "alibaba-cloud"),
    ("Sina Weibo", "weibo"), ("新浪微博", "weibo"), ("AutoNavi", "autonavi"),
    ("高德", "autonavi"), ("Cainiao", "cainiao"), ("菜鸟", "cainiao"),
    # the whole history: more leaders, their 花名, later units and former unit names
    ("Eddie Wu", "eddie-wu"), ("吴泳铭", "eddie-wu"), ("東邪", "eddie-wu"),
    ("Joe Tsai", "joe-tsai"), ("Joseph Tsai", "joe-tsai"), ("蔡崇信", "joe-tsai"),
    ("Lucy Peng", "lucy-peng"), ("Lucy Pen", "lucy-peng"), ("彭蕾", "lucy-peng"),
    ("苏荃", "dai-shan"), ("Maggie Wu", "maggie-wu"), ("Toby Xu", "xu-hong"), ("徐宏", "xu-hong"),
    ("Simon Hu", "hu-xiaoming"), ("孙权", "hu-xiaoming"), ("孫權", "hu-xiaoming"),
    ("木华黎", "fan-luyuan"), ("范禹", "wu-zeming"), ("Eric Jing", "jing-xiandong"),
    ("Savio Kwan", "guan-mingsheng"), ("关明生", "guan-mingsheng"), ("zengming", "zeng-ming"),
    ("Masayoshi Son", "sun-zhengyi"), ("Jerry Yang", "yang-zhiyuan"), ("卫哲", "david-wei"),
    ("ChinaVision", "alibaba-pictures"), ("文化中国传播", "alibaba-pictures"),
    ("NetEase Kaola", "kaola"), ("网易考拉", "kaola"), ("CITIC 21CN", "alibaba-health"),
    ("Ele.me", "ele-me"), ("餓了麼", "ele-me"), ("Freshippo", "hema"), ("盒马", "hema"),
    ("DAMO Academy", "damo-academy"), ("达摩院", "damo-academy"), ("大润发", "sun-art"),
    ("淘天", "taobao-tmall-group"), ("Alitrip", "fliggy"), ("口碑网", "koubei"),
]


@pytest.mark.parametrize(("typed", "entity"), PEOPLE_AND_UNITS)
def test_every_spelling_lands_on_the_same_entity(historian: Historian, typed: str,
                                                 entity: str) -> None:
    answer = historian.answer(typed)
    assert answer.entities, f"{typed!r} found nothing"
    assert answer.entities[0].id == entity, (
        f"{typed!r} → {[e.id for e in answer.entities]}, expected {entity}")
    assert answer.events, f"{typed!r} found {entity} but none of its events"
    involved = [e for e in answer.events if entity in e["people"] + e["units"]]
    assert involved, f"{typed!r}: events shown do not involve {entity}"


def test_a_person_query_shows_roles_over_time(historian: Historian) -> None:
    answer = historian.answer("逍遥子")
    assert answer.roles, "Zhang Yong's roles"
    starts = [r.start for r in answer.roles if r.start]
    assert starts == sorted(starts)


@pytest.mark.parametrize("typed", ["淘宝天猫合并", "淘寶天貓融合",
                                   "when did Taobao and Tmall merge", "Taobao Tmall merger",
                                   "淘宝和天猫什么时候融合的?"])
def test_the_taobao_tmall_merger_comes_first(historian: Historian, typed: str) -> None:
    answer = historian.answer(typed)
    assert answer.events and answer.events[0]["date"] == "2022-01-06", (
        typed, [e["date"] for e in answer.events])


@pytest.mark.parametrize(("typed", "prefix"), [
    ("2013-09-11", "2013-09-11"), ("Sept 11 2013", "2013-09-11"), ("2013年9月11日", "2013-09-11"),
    ("2013年9月", "2013-09"), ("2013-09", "2013-09"), ("what happened in June 2011", "2011-06"),
    ("2013", "2013"), ("2013年", "2013"),
])
def test_periods_list_exactly_that_period(historian: Historian, typed: str, prefix: str) -> None:
    answer = historian.answer(typed)
    assert answer.intent == "period"
    assert answer.events, typed
    assert all(e["date"].startswith(prefix) for e in answer.events)
    assert answer.total >= len(answer.events)


def test_a_period_is_complete_and_in_time_order(historian: Historian) -> None:
    answer = historian.answer("2013-09-10")
    assert answer.total >= 4, "the 10 September 2013 reorg (14th anniversary) has several parts"
    dates = []
    page = 1
    while True:
        answer = historian.answer("2013", page=page)
        dates += [e["date"] for e in answer.events]
        if not answer.has_more:
            break
        page += 1
    assert dates == sorted(dates)
    assert len(dates) == answer.total


@pytest.mark.parametrize("typed", ["on 01-06", "on Jan 6", "on 1月6日", "1月6日", "on 6 January"])
def test_this_day_in_alibaba_reorgs(historian: Historian, typed: str) -> None:
    answer = historian.answer(typed)
    assert answer.intent == "on_this_day"
    assert answer.events and all(e["date"].endswith("-01-06") for e in answer.events)
    years = [e["date"][:4] for e in answer.events]
    assert years == sorted(years), "oldest first"


def test_today_uses_the_given_day(historian: Historian) -> None:
    answer = historian.answer("today", today=dt.date(2026, 9, 11))
    assert answer.events and all(e["date"][5:] == "09-11" for e in answer.events
                                 if answer.outcome is not Outcome.NEAREST)


def test_a_day_without_events_offers_the_nearest_within_three_days(historian: Historian) -> None:
    near = None
    for offset in range(366):
        day = dt.date(2001, 1, 1) + dt.timedelta(days=offset)
        answer = historian.answer(f"on {day.month:02d}-{day.day:02d}")
        if answer.outcome is Outcome.NEAREST:
            near = (day, answer)
            break
    assert near, "some day of the year has no event of its own"
    day, answer = near
    for event in answer.events:
        other = dt.date(2000, int(event["date"][5:7]), int(event["date"][8:10]))
        gap = abs((other - dt.date(2000, day.month, day.day)).days)
        assert 1 <= gap <= 3


@pytest.mark.parametrize(("typed", "entity"), [("who 行癫", "zhang-jianfeng"),
                                               ("who 逍遙子", "zhang-yong"),
                                               ("unit 聚划算", "juhuasuan"),
                                               ("unit Tmall", "tmall")])
def test_who_and_unit(historian: Historian, typed: str, entity: str) -> None:
    answer = historian.answer(typed)
    assert answer.entities and answer.entities[0].id == entity
    assert all(entity in e["people"] + e["units"] for e in answer.events)


@pytest.mark.parametrize("typed", ["Nvidia", "asdfghjkl", "拼多多 架构调整", "qwerty uiop",
                                   "张三", "Zhang Yong Nvidia", "香蕉苹果", "xyz"])
def test_nonsense_gets_an_honest_nothing_found(historian: Historian, typed: str) -> None:
    answer = historian.answer(typed)
    assert answer.events == [], (typed, [e["id"] for e in answer.events])
    assert answer.outcome is Outcome.NOTHING_FOUND


@pytest.mark.parametrize("word", ["quantum", "新零售", "过冬"])
def test_a_word_finds_only_the_events_that_hold_it(historian: Historian, word: str) -> None:
    """A topic that is no name of ours finds the events whose text holds it, and nothing else."""
    answer = historian.answer(word)
    assert answer.events, word
    for event in answer.events:
        text = json.dumps([event["title"], event["summary"]], ensure_ascii=False).casefold()
        assert word in text, event["id"]


@pytest.mark.parametrize(("typed", "named"), [
    ("who was Tencent CEO in 2015", "Tencent"), ("京东什么时候上市", "京东"),
    ("騰訊的CEO是誰", "騰訊"), ("Microsoft", "Microsoft"), ("Alibaba share price today", "share"),
])
def test_other_companies_and_topics_are_named_as_outside_the_base(
        historian: Historian, typed: str, named: str) -> None:
    """Not answered about Alibaba instead: nothing found, and the reply says what is not here."""
    answer = historian.answer(typed)
    assert answer.events == [] and answer.outcome is Outcome.NOTHING_FOUND, typed
    text = render_text(answer)
    assert named in text and ("not in Reorg Historian's base" in text or "不在" in text
                              or "does not answer" in text), text


@pytest.mark.parametrize(("typed", "suggested"), [("Jonatan Lo Zhaosee", "Jonathan Lu"),
                                                  ("Lucie Pang", "Lucy Peng")])
def test_nothing_found_suggests_close_names(historian: Historian, typed: str,
                                            suggested: str) -> None:
    """Too far from any name to be a match, close enough to be offered, best first."""
    answer = historian.answer(typed, lang="en")
    assert answer.outcome is Outcome.NOTHING_FOUND and not answer.events, typed
    assert answer.suggestions and answer.suggestions[0] == suggested, answer.suggestions
    assert suggested in render_text(answer), "the suggestion is shown to the user"


@pytest.mark.parametrize(("typed", "holders"), [
    ("who was CEO in 2016", ["zhang-yong"]),
    ("who was CEO in 2010", ["jack-ma"]),
    ("who was CEO in 2024", ["eddie-wu"]),
    ("who was CEO in 2015", ["jonathan-lu", "zhang-yong"]),  # the May 2015 handover
    ("who was chairman in 2020", ["zhang-yong"]),
    ("谁是2024年的董事局主席", ["joe-tsai"]),
    ("who headed Alibaba Cloud in 2019", ["zhang-jianfeng"]),
    # Zhang Jianfeng's tenure ends where Zhang Yong's starts; Eddie Wu took over in September
    ("who headed Alibaba Cloud in 2023", ["zhang-yong", "eddie-wu"]),
    ("who was CFO in 2015", ["maggie-wu"]),
    ("who was CFO in 2010", ["joe-tsai"]),
    # no group CTO is recorded before Wang Jian (August 2012): not "Zhang Jianfeng since 1999"
    ("who was CTO in 2005", []),
    ("who was CFO in 2023", ["xu-hong"]),
    ("谁是2020年的首席技术官", ["cheng-li"]),
    ("who ran Tmall in 2012", ["zhang-yong"]),
    # Zhang Jianfeng ran Tmall after Daniel Zhang became COO; Wang Yulei took over in March 2014
    ("who ran Tmall in 2014", ["zhang-jianfeng", "wang-yulei"]),
])
def test_who_held_a_title_at_a_date(historian: Historian, typed: str,
                                    holders: list[str]) -> None:
    answer = historian.answer(typed)
    assert answer.intent == "who"
    assert [e.id for e in answer.entities] == holders, typed


@pytest.mark.parametrize(("typed", "entity"), [("Eddie Wu", "eddie-wu"), ("吴泳铭", "eddie-wu"),
                                               ("Joe Tsai", "joe-tsai"), ("蔡崇信", "joe-tsai"),
                                               ("Joseph Tsai", "joe-tsai")])
def test_leaders_by_english_and_chinese_name(historian: Historian, typed: str,
                                             entity: str) -> None:
    answer = historian.answer(typed)
    assert answer.entities[0].id == entity and answer.roles
