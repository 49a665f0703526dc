"""Dates and periods as people type them (knowledge/dates.py), in every script we read."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.dates import DateQuery, find_date, parse_month_day
from knowledge.intent import Intent, parse_intent

D = dt.date

# (typed, kind, label): one row per form and script.
READ = [
    # days
    ("2013-09-11", "day", "2013-09-11"),
    ("2013/9/11", "day", "2013-09-11"),
    ("2013.9.11", "day", "2013-09-11"),
    ("Sept 11 2013", "day", "2013-09-11"),
    ("September 11, 2013", "day", "2013-09-11"),
    ("11 Sep 2013", "day", "2013-09-11"),
    ("the 11th of September 2013", "day", "2013-09-11"),
    ("9/11/2013", "day", "2013-09-11"),
    ("2013年9月11日", "day", "2013-09-11"),
    ("2013年9月11号", "day", "2013-09-11"),
    ("2013年九月十一日", "day", "2013-09-11"),
    ("2013年9月11號", "day", "2013-09-11"),  # Traditional
    ("２０１３年９月１１日", "day", "2013-09-11"),  # full-width digits
    ("2013 nian 9 yue 11 ri", "day", "2013-09-11"),
    # months
    ("2013-09", "month", "2013-09"),
    ("June 2011", "month", "2011-06"),
    ("Sept. of 2013", "month", "2013-09"),
    ("Septmber 2013", "month", "2013-09"),  # one typo in a long month name
    ("what happened in June 2011", "month", "2011-06"),
    ("2013年9月", "month", "2013-09"),
    ("2013年九月", "month", "2013-09"),
    ("2013年9月份", "month", "2013-09"),
    ("2013 nian 9 yue", "month", "2013-09"),
    # years
    ("2013", "year", "2013"),
    ("Alibaba 1999", "year", "1999"),
    # a name before a year is no part of it: "zhang" is not a misspelt "zhong", nor "dong" winter
    ("Daniel Zhang 2015-09", "month", "2015-09"),
    ("James Dong 2022", "year", "2022"),
    ("Zhang 2015", "year", "2015"),
    ("2013年", "year", "2013"),
    ("二〇一三年", "year", "2013"),
    ("2013 nian", "year", "2013"),
    # quarters
    ("Q3 2019", "span", "2019-Q3"),
    ("q3 2019", "span", "2019-Q3"),
    ("2019 Q3", "span", "2019-Q3"),
    ("2019Q3", "span", "2019-Q3"),
    ("2019-Q3", "span", "2019-Q3"),
    ("3Q 2019", "span", "2019-Q3"),
    ("3Q19", "span", "2019-Q3"),
    ("Q3 '19", "span", "2019-Q3"),
    ("third quarter of 2019", "span", "2019-Q3"),
    ("the 3rd quarter of 2019", "span", "2019-Q3"),
    ("last quarter of 2018", "span", "2018-Q4"),
    ("2019年第三季度", "span", "2019-Q3"),
    ("2019年三季度", "span", "2019-Q3"),
    ("2019年Q3", "span", "2019-Q3"),
    ("2019年第3季度", "span", "2019-Q3"),
    ("2019第三季度", "span", "2019-Q3"),
    ("2019年第三季", "span", "2019-Q3"),  # Traditional usage
    ("2019 nian di san jidu", "span", "2019-Q3"),
    # halves
    ("H1 2024", "span", "2024-H1"),
    ("1H 2024", "span", "2024-H1"),
    ("2024H1", "span", "2024-H1"),
    ("1H24", "span", "2024-H1"),
    ("first half of 2024", "span", "2024-H1"),
    ("second half of 2018", "span", "2018-H2"),
    ("2016年上半年", "span", "2016-H1"),
    ("2016年下半年", "span", "2016-H2"),
    ("上半年2016", "span", "2016-H1"),
    ("2016 上半年 reorgs", "span", "2016-H1"),
    ("2016 nian shangbannian", "span", "2016-H1"),
    # early / mid / late
    ("early 2020", "span", "early 2020"),
    ("beginning of 2020", "span", "early 2020"),
    ("mid 2020", "span", "mid 2020"),
    ("mid-2020", "span", "mid 2020"),
    ("mid2020", "span", "mid 2020"),
    ("late 2020", "span", "late 2020"),
    ("end of 2020", "span", "late 2020"),
    ("2020年初", "span", "early 2020"),
    ("2020年年初", "span", "early 2020"),
    ("2020年中", "span", "mid 2020"),
    ("2020年中国区", "year", "2020"),  # 年 then 中国, not 年中
    ("2020年底", "span", "late 2020"),
    ("2020年末", "span", "late 2020"),
    ("2020年年底發生了什麼", "span", "late 2020"),  # Traditional
    ("2020 nian di", "span", "late 2020"),
    # seasons
    ("spring 2024", "span", "spring 2024"),
    ("summer 2023", "span", "summer 2023"),
    ("Summer of 2023", "span", "summer 2023"),
    ("2023 summer", "span", "summer 2023"),
    ("sumer 2023", "span", "summer 2023"),  # typo
    ("autumn 2017", "span", "autumn 2017"),
    ("fall 2017", "span", "autumn 2017"),
    ("winter 2023", "span", "winter 2023"),
    ("2023年夏天", "span", "summer 2023"),
    ("2023年夏季", "span", "summer 2023"),
    ("夏天 2023", "span", "summer 2023"),
    ("2017年秋天", "span", "autumn 2017"),
    ("2023年夏天阿里發生了什麼", "span", "summer 2023"),  # Traditional
    ("2023 xiatian", "span", "summer 2023"),
    # around a day
    ("around 10 Sept 2023", "span", "around 2023-09-10"),
    ("around 2023-09-10", "span", "around 2023-09-10"),
    ("about Sept 10 2023", "span", "around 2023-09-10"),
    ("~2023-09-10", "span", "around 2023-09-10"),
    ("2023年9月10日左右", "span", "around 2023-09-10"),
    ("2023年9月10日前后", "span", "around 2023-09-10"),
    ("2023年9月10日前後", "span", "around 2023-09-10"),  # Traditional
    ("大约2023年9月10日", "span", "around 2023-09-10"),
    ("around 2019", "year", "2019"),  # around a year is that year
    # days of any year
    ("10-09", "monthday", "10-09"),
    ("10/9", "monthday", "10-09"),
    ("10.9", "monthday", "10-09"),
    ("on 10/9", "monthday", "10-09"),
    ("Oct 9th", "monthday", "10-09"),
    ("Oct. 9", "monthday", "10-09"),
    ("9 October", "monthday", "10-09"),
    ("October 9", "monthday", "10-09"),
    ("October the 9th", "monthday", "10-09"),
    ("the 9th of October", "monthday", "10-09"),
    ("Ocotber 9", "monthday", "10-09"),  # typo
    ("10月9日", "monthday", "10-09"),
    ("10月9号", "monthday", "10-09"),
    ("10月9號", "monthday", "10-09"),  # Traditional
    ("十月九日", "monthday", "10-09"),
    ("10 yue 9 ri", "monthday", "10-09"),
    ("10yue9hao", "monthday", "10-09"),
    ("25/12", "monthday", "12-25"),
    ("11/11", "monthday", "11-11"),
    ("1月6日", "monthday", "01-06"),
    ("Jan 6", "monthday", "01-06"),
    # today
    ("today", "today", "today"),
    ("Today?", "today", "today"),
    ("this day", "today", "today"),
    ("on this day", "today", "today"),
    ("今天", "today", "today"),
    ("今日", "today", "today"),
    ("历史上的今天", "today", "today"),
    ("歷史上的今天", "today", "today"),  # Traditional
    ("jintian", "today", "today"),
    ("lishi shang de jintian", "today", "today"),
    ("今天是10月9日", "monthday", "10-09"),  # an explicit day wins over "today"
    ("阿里历史上的今天（10月9日）", "monthday", "10-09"),
    ("阿里歷史上的今天（1月6日）", "monthday", "01-06"),
]


@pytest.mark.parametrize(("typed", "kind", "label"), READ)
def test_dates_and_periods_as_typed(typed: str, kind: str, label: str) -> None:
    found, _ = find_date(typed)
    assert found is not None, f"{typed!r} should be read as {label}"
    assert (found.kind, found.label()) == (kind, label), typed


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("Q3 2019", D(2019, 7, 1), D(2019, 9, 30)),
        ("Q4 2019", D(2019, 10, 1), D(2019, 12, 31)),
        ("H1 2024", D(2024, 1, 1), D(2024, 6, 30)),
        ("H2 2024", D(2024, 7, 1), D(2024, 12, 31)),
        ("early 2020", D(2020, 1, 1), D(2020, 3, 31)),
        ("mid 2020", D(2020, 5, 1), D(2020, 8, 31)),
        ("late 2020", D(2020, 10, 1), D(2020, 12, 31)),
        ("2020年初", D(2020, 1, 1), D(2020, 3, 31)),
        ("2020年底", D(2020, 10, 1), D(2020, 12, 31)),
        ("spring 2024", D(2024, 3, 1), D(2024, 5, 31)),
        ("summer 2023", D(2023, 6, 1), D(2023, 8, 31)),
        ("autumn 2017", D(2017, 9, 1), D(2017, 11, 30)),
        ("winter 2023", D(2023, 12, 1), D(2024, 2, 29)),  # into the next (leap) year
        ("around 2023-09-10", D(2023, 9, 3), D(2023, 9, 17)),
        ("around 2023-12-30", D(2023, 12, 23), D(2024, 1, 6)),
        ("2013-09-11", D(2013, 9, 11), D(2013, 9, 11)),
        ("Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("2013", D(2013, 1, 1), D(2013, 12, 31)),
    ],
)
def test_periods_have_a_first_and_last_day(typed: str, first: dt.date, last: dt.date) -> None:
    found, _ = find_date(typed)
    assert found is not None and (found.first_day(), found.last_day()) == (first, last), typed
    assert found.year == first.year, "a span's year is its first day's year"


def test_span_names_say_what_to_localise() -> None:
    names = {typed: find_date(typed)[0].span_name for typed in
             ("Q3 2019", "2016年上半年", "end of 2020", "2023年夏天", "fall 2017",
              "2023年9月10日左右")}
    assert names == {"Q3 2019": "q3", "2016年上半年": "h1", "end of 2020": "late",
                     "2023年夏天": "summer", "fall 2017": "autumn", "2023年9月10日左右": "around"}


def test_a_span_built_by_a_caller_is_labelled_by_its_days() -> None:
    span = DateQuery(2019, first=D(2019, 3, 1), last=D(2019, 4, 30))
    assert (span.kind, span.label(), span.last_day()) == ("span", "2019-03-01..2019-04-30",
                                                          D(2019, 4, 30))


@pytest.mark.parametrize("typed", ["10-09", "1月6日", "today"])
def test_a_date_without_a_year_has_no_first_day(typed: str) -> None:
    found, _ = find_date(typed)
    with pytest.raises(ValueError):
        found.first_day()


@pytest.mark.parametrize(
    ("typed", "rest"),
    [
        ("who ran Tmall in Q3 2019", "who ran Tmall"),
        ("what happened during the summer of 2023", "what happened"),
        ("Taobao around 10 Sept 2023", "Taobao"),
        ("who led Tmall at the end of 2020", "who led Tmall"),
        ("2019年第三季度的天猫", "的天猫"),
        ("在2023年9月10日左右发生了什么", "发生了什么"),
        ("2016 上半年 reorgs", "reorgs"),
        ("Tmall 2015", "Tmall"),
        ("今天是10月9日", ""),
        ("阿里历史上的今天（10月9日）", "阿里"),
        ("today in 阿里 history", "in 阿里 history"),
        ("Alibaba share price today", "Alibaba share price"),
    ],
)
def test_the_date_and_its_own_words_leave_the_rest(typed: str, rest: str) -> None:
    assert find_date(typed)[1] == rest, typed


@pytest.mark.parametrize(
    "typed",
    ["xqzv 9921", "top 10", "5G", "2 business groups", "6 business groups", "1+6+N",
     "1/3 of shares", "3.5 billion", "FY2024", "今日头条", "hello", "summer 10", "Tmall",
     "1688.com"],
)
def test_numbers_in_other_text_are_not_dates(typed: str) -> None:
    assert find_date(typed) == (None, typed)


@pytest.mark.parametrize(
    "typed",
    ["2013-02-30", "2013年2月30日", "Feb 30", "13月5日", "13/13", "13-01", "32 October",
     "Q5 2019", "2019 Q0", "H3 2024", "2019年第五季度", "29 Feb 2013"],
)
def test_impossible_dates_are_no_date_at_all(typed: str) -> None:
    assert find_date(typed)[0] is None, f"{typed!r} is not a day, nor a shorter period"


@pytest.mark.parametrize(
    ("typed", "month_first_guess", "day_first"),
    [
        ("10/9", True, False),  # 9 October; 10 September was possible too
        ("3-4", True, False),
        ("9/11/2013", True, False),
        ("25/12", False, True),  # only 25 December is a day
        ("11/11", False, False),  # the same either way
        ("01-06", False, False),  # the SPEC's MM-DD
        ("Oct 9", False, False),
    ],
)
def test_numeric_days_say_how_they_were_read(typed: str, month_first_guess: bool,
                                             day_first: bool) -> None:
    found, _ = find_date(typed)
    assert found is not None
    assert (found.month_first_guess, found.day_first) == (month_first_guess, day_first), typed


@pytest.mark.parametrize(
    "query",
    [DateQuery(2013, 9, 11), DateQuery(2013, 9, None), DateQuery(2013, None, None),
     DateQuery(None, 1, 6), DateQuery(None)]
    + [find_date(typed)[0] for typed in ("Q3 2019", "H2 2018", "early 2020", "mid 2020",
                                         "late 2020", "winter 2023", "around 2023-09-10")],
)
def test_a_label_reads_back_as_the_same_date(query: DateQuery) -> None:
    assert find_date(query.label())[0] == query, query.label()


@pytest.mark.parametrize(("typed", "month_day"), [("01-06", (1, 6)), ("Jan 6", (1, 6)),
                                                  ("1月6日", (1, 6)), ("6 January", (1, 6)),
                                                  ("02-29", (2, 29)), ("12/6", (12, 6)),
                                                  ("13-01", None), ("2013-01-06", None),
                                                  ("Jan 6 Taobao", None)])
def test_day_of_any_year(typed: str, month_day: tuple[int, int] | None) -> None:
    found = parse_month_day(typed)
    assert (found and (found.month, found.day)) == (month_day or None), typed


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("today", None), ("this day", None), ("on this day", None), ("今天", None),
        ("历史上的今天", None), ("阿里历史上的今天", None), ("歷史上的今天", None),
        ("jintian", None), ("today in 阿里 history", None), ("on 10/9", "10-09"),
        ("今天是10月9日", "10-09"), ("阿里历史上的今天（10月9日）", "10-09"),
        ("10月9號", "10-09"), ("25/12", "12-25"),
    ],
)
def test_this_day_in_every_script(typed: str, day: str | None) -> None:
    parsed = parse_intent(typed)
    assert parsed.intent is Intent.ON_THIS_DAY, typed
    assert (parsed.date.label() if parsed.date else None) == day, typed


@pytest.mark.parametrize("typed", ["Alibaba share price today", "今天吃什么"])
def test_today_inside_another_question_is_no_date_to_search_by(typed: str) -> None:
    parsed = parse_intent(typed)
    assert (parsed.intent, parsed.date) == (Intent.SEARCH, None), typed


@pytest.mark.parametrize("typed", ["Q3 2019", "2016年上半年", "summer 2023", "around 2023-09-10"])
def test_a_period_alone_asks_for_its_timeline(typed: str) -> None:
    parsed = parse_intent(typed)
    assert parsed.intent is Intent.PERIOD and parsed.date.kind == "span", typed


@pytest.mark.parametrize(("typed", "today", "day"), [
    ("Jan 6", "2026-12-01", "2026-01-06"), ("1月6日", "2026-01-06", "2026-01-06"),
    ("Dec 25", "2026-12-01", "2025-12-25"), ("2月29日", "2026-12-01", "2024-02-29"),
    ("02-29", "2024-02-28", "2020-02-29"), ("today", "2026-12-01", "2026-12-01"),
    ("2013-09-10", "2026-12-01", "2013-09-10"), ("2013", "2026-12-01", "2013"),
])
def test_a_day_without_a_year_is_the_last_time_it_came_round(typed: str, today: str,
                                                             day: str) -> None:
    """"who ran Tmall on Jan 6" asks about the latest 6 January, never a day to come."""
    query = find_date(typed)[0]
    assert query.on_or_before(dt.date.fromisoformat(today)).label() == day, typed
