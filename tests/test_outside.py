"""Noticing what a question is about when the base does not cover it (knowledge/outside.py).

A user who asks about Tencent, Pony Ma or Alibaba's share price must hear why nothing was found;
a user who asks about Taobao, Ant Group or a 花名 must never be told their question is outside.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.files import read_catalog
from knowledge.names import entity_spellings
from knowledge.outside import OutsideIndex, find_outside, outside_index, validate
from knowledge.records import Catalog
from tests.eval import PROJECT, load_golden

GOLDEN = PROJECT / "tests" / "golden"

NAMED = [
    # (typed, the outside entries it names, in order) — en / 简 / 繁 / pinyin / mixed
    ("who was Tencent CEO in 2015", ["tencent"]),
    ("when did Pony Ma found Tencent", ["pony-ma", "tencent"]),
    ("Alibaba share price today", ["share-price"]),
    ("BABA stock price", ["share-price"]),
    ("what is the weather in Hangzhou", ["weather"]),
    ("who succeeded Jeff Bezos at Amazon", ["jeff-bezos", "amazon"]),
    ("when did JD.com go public", ["jd"]),
    ("JD com", ["jd"]),
    ("Trip.com IPO", ["trip-com"]),
    ("Wal-Mart", ["walmart"]),
    ("TikTok vs Douyin", ["tiktok", "douyin"]),
    ("how many employees does Alibaba have", ["headcount"]),
    ("京东什么时候上市", ["jd"]),
    ("马化腾是谁", ["pony-ma"]),
    ("张一鸣和马化腾", ["zhang-yiming", "pony-ma"]),
    ("拼多多 架构调整", ["pdd"]),
    ("阿里股价", ["share-price"]),
    ("阿里巴巴市值多少", ["market-cap"]),
    ("埃隆·马斯克", ["elon-musk"]),
    ("b站的陈睿", ["bilibili", "chen-rui"]),
    ("騰訊的CEO是誰", ["tencent"]),
    ("網易什麼時候成立", ["netease"]),
    ("阿里股價多少", ["share-price"]),
    ("馬化騰", ["pony-ma"]),
    ("余承東", ["richard-yu"]),
    ("臉書", ["meta"]),
    ("tengxun de CEO shi shei", ["tencent"]),
    ("ma huateng", ["pony-ma"]),
    ("mahuateng", ["pony-ma"]),
    ("Ma Hua-teng", ["pony-ma"]),
    ("ma2 hua4 teng2", ["pony-ma"]),
    ("zijie tiaodong", ["bytedance"]),
    ("pinduoduo", ["pdd"]),
    ("Zhāng Yīmíng", ["zhang-yiming"]),
    ("Tencent 的CEO是谁", ["tencent"]),
    ("who is 马化腾", ["pony-ma"]),
    ("BABA 股价 today", ["share-price"]),
    ("京东 IPO when", ["jd"]),
    ("Tencent 腾讯 tengxun, Pony Ma", ["tencent", "pony-ma"]),  # each entry once
    # companies the base holds as Alibaba's partners: named, with the base entity they are
    ("苏宁易购", ["suning"]),
    ("Sina Weibo", ["weibo"]),
    ("新浪微博", ["weibo"]),
    ("eBay易趣", ["eachnet"]),
    ("when did Yahoo invest in Alibaba", ["yahoo"]),
    # a name inside a base name is the base's; alone it is the other company
    ("网易考拉", []),
    ("NetEase Kaola", []),
    ("when did Alibaba buy Kaola from NetEase", ["netease"]),
    ("新浪", ["sina"]),
]

NOT_NAMED = [
    # Alibaba's own names, 花名 and ordinary words of Alibaba questions
    "Ant Group", "Taobao", "淘宝", "Alibaba Cloud", "阿里云", "阿里巴巴", "蚂蚁集团", "菜鸟",
    "逍遥子", "xiaoyaozi", "风清扬", "Jack Ma", "马云", "ma yun", "who was CEO in 2016",
    "who runs Alibaba Cloud now", "Ele.me", "饿了么", "雅虎中国", "Yahoo China", "中国雅虎",
    "stock connect", "港股通", "shares", "股权", "when did Alibaba buy shares of Intime",
    "Trudy Dai and Wu Minzhi swap jobs", "Guangzhou Evergrande football club", "阿里影业",
    # a name must not match inside a longer word, or across words it is not
    "jdk", "Didier", "Hu Xiaoming", "胡晓明", "trip", "sea", "北京东路", "南京东路",
    # random words, gibberish and typos (typos of outside names are not read)
    "asdfghjkl", "xqzv 9921", "lorem ipsum dolor", "😀😀😀", "", "   ", "Tencnet CEO",
    "alibaba de gushi",
]


@pytest.mark.parametrize(("typed", "expected"), NAMED)
def test_names_outside_the_base_are_found(typed: str, expected: list[str]) -> None:
    found = [o.id for o in find_outside(typed)]
    assert found == expected, f"{typed!r} → {found}, expected {expected}"


@pytest.mark.parametrize("typed", NOT_NAMED)
def test_alibaba_questions_name_nothing_outside(typed: str) -> None:
    assert find_outside(typed) == [], f"{typed!r} → {[o.id for o in find_outside(typed)]}"


def test_an_entry_carries_what_a_reply_needs() -> None:
    pony = find_outside("Pony Ma")[0]
    assert pony.kind == "person" and pony.of == "tencent" and pony.in_base is None
    assert pony.name == {"en": "Pony Ma", "zh-hans": "马化腾", "zh-hant": "馬化騰"}
    suning = find_outside("who is Suning's chairman")[0]
    assert (suning.kind, suning.in_base) == ("company", "suning")
    assert find_outside("余承东")[0].name["zh-hant"] == "余承東", "a surname OpenCC would miswrite"
    assert find_outside("股价")[0].kind == "topic"


def test_base_events_that_name_a_company_are_listed() -> None:
    """A question tying NetEase or eBay to Alibaba can be answered from these events."""
    assert find_outside("NetEase")[0].mentioned_in == ("2019-09-06-kaola-acquisition",)
    assert "2005-10-19-taobao-free-three-years" in find_outside("eBay")[0].mentioned_in
    assert "2008-wang-jian-joins" in find_outside("Microsoft")[0].mentioned_in
    assert find_outside("Jeff Bezos")[0].mentioned_in == ()
    assert find_outside("股价")[0].mentioned_in == (), "a topic is never answerable"


def test_the_shipped_list_passes_its_checks() -> None:
    assert validate() == []


def test_the_list_has_companies_people_and_topics() -> None:
    kinds = [o.kind for o in outside_index().entries.values()]
    assert kinds.count("company") >= 60 and kinds.count("person") >= 40
    assert kinds.count("topic") >= 15


def test_no_base_spelling_reads_as_outside() -> None:
    """Every name, alias, 花名 and former name of the base, typed alone, names nothing outside
    (or only the outside entry that is that very base entity)."""
    catalog = read_catalog()[0]
    wrong = [(e.id, text, [o.id for o in find_outside(text)])
             for e in catalog.entities.values() for text, _ in entity_spellings(e)
             if any(o.in_base != e.id for o in find_outside(text))]
    assert wrong == []


@pytest.mark.parametrize("name", ["queries.yaml", "calibration.yaml"])
def test_answerable_questions_name_only_what_the_base_holds(name: str) -> None:
    """An outside name in an answerable labelled question is a base entity, or one the base's
    events name; otherwise the bot would wrongly say the question is outside."""
    for query in load_golden(GOLDEN / name):
        if query.target != "none":
            for outside in find_outside(query.q):
                assert outside.in_base or outside.mentioned_in, f"{query.q!r} → {outside.id}"


def _index_with(tmp_path: Path, entries: str, not_names: str = "") -> tuple[Path, Catalog]:
    path = tmp_path / "outside.yaml"
    path.write_text(f"not_names: [{not_names}]\nentries:\n{entries}", encoding="utf-8")
    return path, read_catalog()[0]


BAD_LISTS = [
    ("  - {id: a, kind: company, en: Acme, zh: 阿克米}\n"
     "  - {id: a, kind: company, en: Acme Two, zh: 阿克米二}\n", "id 'a' is used twice"),
    ("  - {id: a, kind: company, en: Acme, zh: 阿克米}\n"
     "  - {id: b, kind: company, en: Bcme, zh: 必克米, aliases: [Acme]}\n",
     "'Acme' is also a name of a"),
    ("  - {id: a, kind: company, en: Acme, zh: 阿克米, aliases: [Taobao]}\n",
     "'Taobao' is a base name of taobao"),
    ("  - {id: a, kind: company, en: Acme, zh: 阿克米, aliases: [cloud]}\n",
     "'cloud' is an ordinary word"),
    ("  - {id: a, kind: company, en: Acme, zh: 天猫}\n", "'天猫' is a base name of tmall"),
    ("  - {id: a, kind: company, en: Acme, zh: 猫超}\n", "'猫超' is inside a base name"),
    ("  - {id: a, kind: person, en: Jack Ma, zh: 马云, in_base: jack-ma}\n",
     "a person in the base is never listed"),
    ("  - {id: a, kind: person, en: Ann, zh: 安, of: nobody}\n", "'of: nobody' is not"),
    ("  - {id: a, kind: planet, en: Mars, zh: 火星, colour: red}\n", "unknown key 'colour'"),
    ("  - {id: A_1, kind: company, en: Acme, zh: 阿克米}\n", "id must be lowercase"),
    ("  - {id: a, kind: company, en: Acme}\n", "missing 'zh'"),
]


@pytest.mark.parametrize(("entries", "problem"), BAD_LISTS)
def test_a_bad_list_is_refused_with_the_reason(tmp_path: Path, entries: str,
                                               problem: str) -> None:
    path, catalog = _index_with(tmp_path, entries)
    problems = validate(path, catalog)
    assert any(problem in p for p in problems), problems


def test_not_names_hide_a_name_inside_a_phrase(tmp_path: Path) -> None:
    path, catalog = _index_with(tmp_path, "  - {id: a, kind: company, en: Acme, zh: 京东}\n",
                                not_names="北京东")
    index = OutsideIndex.from_catalog(yaml.safe_load(path.read_text(encoding="utf-8")), catalog)
    assert [o.id for o in index.find("北京东路的京东")] == ["a"]
    assert index.find("北京东路") == []
    path, _ = _index_with(tmp_path, "  - {id: a, kind: company, en: Acme, zh: 京东}\n",
                          not_names="上海")
    assert "not_names: '上海' contains no outside name" in validate(path, catalog)
