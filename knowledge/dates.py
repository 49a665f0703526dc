"""Dates and periods as people type them, in English, Chinese (both scripts) and pinyin.

Every query runs `find_date`, so it reads one ordered table of patterns, most specific first,
behind a one-regex gate that lets date-free text out at once.

What a `DateQuery` names (`kind`), with the forms read:
- day       2013-09-11, 2013年9月11日, 2013 nian 9 yue 11 ri, Sept 11 2013, 11 Sep 2013,
            9/11/2013 (numeric: the month-first rule below)
- month     2013-09, 2013年9月, 2013年九月, 2013 nian 9 yue, June 2011, Sept. of 2013, Septmber 2013
- year      2013, 2013年, 2013 nian, 二〇一三年 ("FY2024" is Alibaba's fiscal year: not read)
- monthday  a day of any year: 10月9日/号/號, 十月九日, 10 yue 9 ri, Oct 9th, 9 October,
            the 9th of October; numeric 10-09, 10/9, 10.9 only alone or after "on" (else
            "1/3 of shares" and "3.5 billion" would be days)
- span      first..last, named by `span_name`, with `year` = the first day's year:
    q1..q4    Q3 2019, 2019Q3, 2019-Q3, 3Q 2019, 3Q19, Q3 '19, third quarter of 2019,
              2019年第三季度, 2019年三季度, 2019年第3季度, 2019年Q3, 2019年第三季
    h1, h2    H1 2024, 1H 2024, 2024H1, 1H24, first/second half of 2024, 2016年上半年,
              上半年2016, 2016 nian shangbannian
    early     Jan-Mar  early 2020, start/beginning of 2020, 2020年初, 2020年年初, 2020 nian chu
    mid       May-Aug  mid 2020, mid-2020, middle of 2020, 2020年中, 2020 nian zhong
    late      Oct-Dec  late 2020, end of 2020, 2020年底/年末/年尾, 2020年年底, 2020 nian di
              One set of ranges for both languages, as 年初 and 年底 are read: the first and
              last quarter. "Mid" is the middle third. April and September are in none.
    spring    Mar-May, summer Jun-Aug, autumn (fall) Sep-Nov, winter Dec-Feb of the next
              year (northern seasons: winter 2023 = 2023-12-01..2024-02-29): summer 2023,
              2023 summer, summer of 2023, 2023年夏天/夏季, 夏天2023, 2023 xiatian
    around    a day ± 7 days: around/about/circa/roughly 10 Sept 2023, ~2023-09-10,
              2023年9月10日左右/前后/前後, 大约2023年9月10日 (around a month or year is that
              month or year)
- today     today, this day, on this day, 今天, 今日 (not 今日头条), 历史上的今天, 歷史上的今天,
            jintian, lishi shang de jintian: no fields set; the caller supplies its own today.
            An explicit day in the same text wins: 今天是10月9日 is 10-09.

Numeric day and month (10/9, 3-4): read month-first. `month_first_guess` is set when the
day-first reading was a valid, different date too, so a reply can say how it was read; when
month-first is impossible (25/12) it is read day-first and `day_first` is set. Two zero-padded
numbers joined by "-" (01-06) are the SPEC's MM-DD and are not a guess. Month and season names
with one typo (Ocotber, sumer) are read, if the word has five letters or more and its first
letter is right.

`label()` is stable and machine-like ("2019-Q3", "2024-H1", "early 2020", "winter 2023",
"around 2023-09-10", "today"); a renderer localises from `kind`, `span_name` and `year`
(e.g. zh: q3 → 2019年第三季度, h1 → 上半年, early → 年初, mid → 年中, late → 年底,
summer → 夏季, around → 2023年9月10日前后).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

AROUND_DAYS = 7
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
# Words in a date, by the slot they fill: a month, or a named span of a year.
_WORDS: dict[str, int | str] = {
    **{name: n for n, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES, 1)}, "sept": 9,
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
    "winter": "winter", "春": "spring", "夏": "summer", "秋": "autumn", "冬": "winter",
    "early": "early", "start": "early", "beginning": "early", "初": "early",
    "mid": "mid", "middle": "mid", "中": "mid",
    "late": "late", "end": "late", "底": "late", "末": "late", "尾": "late",
}
# Pinyin span words, read only after "nian" or before "tian" / "ji" (the "yp" patterns):
# alone they are syllables of names ("James Dong 2022" is no winter, "Zhang 2015" no mid-year).
_PINYIN_WORDS: dict[str, str] = {"chun": "spring", "xia": "summer", "qiu": "autumn",
                                 "dong": "winter", "chu": "early", "zhong": "mid", "di": "late",
                                 "mo": "late"}
_TYPOS: dict[str, list[str]] = {}  # the long English words, by first letter
for _w in _WORDS:
    if len(_w) >= 5 and _w.isascii():
        _TYPOS.setdefault(_w[0], []).append(_w)
# Which part of a year a span covers: (first month, number of months).
_SPAN_MONTHS = {
    "q1": (1, 3), "q2": (4, 3), "q3": (7, 3), "q4": (10, 3), "h1": (1, 6), "h2": (7, 6),
    "early": (1, 3), "mid": (5, 4), "late": (10, 3),
    "spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "winter": (12, 3),
}
_QUARTERS_AND_HALVES = frozenset({"q1", "q2", "q3", "q4", "h1", "h2"})
# The n of "the nth quarter / half"; "last" is the last of either.
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4, "last": 0, "final": 0, "latter": 2, "yi": 1, "er": 2, "san": 3, "si": 4,
        "上": 1, "下": 2, "shang": 1, "xia": 2}
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
# Full-width forms and pinyin tone marks, one character for one, so positions still hold.
_FOLD = str.maketrans({**{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}, "\u3000": " ",
                       **{c: v for v, cs in (("a", "āáǎà"), ("e", "ēéěè"), ("i", "īíǐì"),
                                             ("o", "ōóǒò"), ("u", "ūúǔùǖǘǚǜü"))
                          for c in cs}})


@dataclass(frozen=True)
class DateQuery:
    """What a date expression names; see the module docstring for the kinds and forms."""

    year: int | None
    month: int | None = None
    day: int | None = None
    first: dt.date | None = None  # a span's first and last day
    last: dt.date | None = None
    span_name: str = ""  # q1..q4, h1, h2, early, mid, late, spring … winter, around
    month_first_guess: bool = False  # 10/9 read as 9 October; 10 September was possible too
    day_first: bool = False  # 25/12 read as 25 December, as month-first is impossible

    @property
    def kind(self) -> str:
        if self.first is not None:
            return "span"
        if self.year is None:
            return "monthday" if self.month else "today"
        return "day" if self.day else "month" if self.month else "year"

    def label(self) -> str:
        if self.first is not None:
            if self.span_name == "around":
                return f"around {self.first + dt.timedelta(days=AROUND_DAYS):%Y-%m-%d}"
            if self.span_name in _QUARTERS_AND_HALVES:
                return f"{self.year:04d}-{self.span_name.upper()}"
            if self.span_name:
                return f"{self.span_name} {self.year:04d}"
            return f"{self.first:%Y-%m-%d}..{self.last:%Y-%m-%d}"  # a caller's own span
        if self.year is None:
            return f"{self.month:02d}-{self.day:02d}" if self.month else "today"
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def on_or_before(self, today: dt.date) -> DateQuery:
        """A date typed without a year as the last time it came round, up to `today`: "who ran
        Tmall on Jan 6" asks about the latest 6 January (29 February: the latest leap day)."""
        if self.year is not None:
            return self
        if self.month is None or self.day is None:  # "today"
            return DateQuery(today.year, today.month, today.day)
        year = today.year if (self.month, self.day) <= (today.month, today.day) else \
            today.year - 1
        while (self.month, self.day) == (2, 29) and not calendar.isleap(year):
            year -= 1
        return DateQuery(year, self.month, self.day)

    def first_day(self) -> dt.date:
        """The period's first day, so callers can ask whether an event lies within."""
        if self.first is not None:
            return self.first
        if self.year is None:
            raise ValueError(f"a {self.kind} date has no first day")
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.last is not None:
            return self.last
        if self.day or self.year is None:
            return self.first_day()
        return _month_end(self.year, self.month or 12)


class _NotADate(Exception):
    """The match only looked like a date ('top 10', 'summer 10'): look further on."""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _number(text: str) -> int:
    """1-31 as digits or in Chinese (九, 十, 十一, 二十九, 三十一); 0 when it is neither."""
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _CN_DIGITS.get(text, 0) if len(text) == 1 else 0
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in _CN_DIGITS):
        return 0
    return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def _named(word: str) -> int | str | None:
    """The month or span a word names, allowing one typo in a long English word."""
    word = word.casefold()
    found = _WORDS.get(word)
    if found is None and len(word) >= 5:
        found = next((_WORDS[w] for w in _TYPOS.get(word[0], ())
                      if OSA.distance(w, word, score_cutoff=1) <= 1), None)
    return found


def _day(year: int | None, month: int, day: int) -> DateQuery | None:
    """A day, or None when there is no such day (30 February; 29 February 2013)."""
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February of any year
    except ValueError:
        return None
    return DateQuery(year, month, day)


def _span(year: int, name: str) -> DateQuery:
    start, months = _SPAN_MONTHS[name]
    end = start + months - 1
    return DateQuery(year, first=dt.date(year, start, 1),
                     last=_month_end(year + (end - 1) // 12, (end - 1) % 12 + 1),
                     span_name=name)


def _numeric(year: int | None, groups: dict[str, str]) -> DateQuery | None:
    """10/9 is 9 October (flagged, as 10 September was possible); 25/12 is 25 December."""
    a, b = int(groups["a"]), int(groups["b"])
    month_first, day_first = _day(year, a, b), _day(year, b, a)
    if year is None and groups.get("sep") == "-" and len(groups["a"]) == len(groups["b"]) == 2:
        return month_first  # the SPEC's MM-DD: 01-06 is no guess, and 13-01 no day
    if month_first is None:
        return day_first and DateQuery(year, b, a, day_first=True)
    if day_first is None or a == b:
        return month_first
    return DateQuery(year, a, b, month_first_guess=True)


def _read(match: re.Match[str]) -> DateQuery | None:
    """The date a pattern's named groups give; None for an impossible one (Q5, 13/13)."""
    g = {k: v for k, v in match.groupdict().items() if v}
    year = int(g["y"]) if "y" in g else None
    if "yy" in g:
        year = (2000 if int(g["yy"]) < 50 else 1900) + int(g["yy"])
    elif "cy" in g:
        year = int("".join(str(_CN_DIGITS[c]) for c in g["cy"]))
    if "a" in g:
        return _numeric(year, g)
    if "n" in g:  # quarter or half
        letter, parts = ("h", 2) if g["qh"].casefold() in ("h", "half", "半", "ban") else ("q", 4)
        n = _NTH.get(g["n"].casefold())
        n = parts if n == 0 else n or _number(g["n"])
        return _span(year, f"{letter}{n}") if 1 <= n <= parts else None
    month = _number(g["m"]) if "m" in g else None
    if "w" in g:
        named = (_PINYIN_WORDS.get(g["w"].casefold()) if match.re in _PINYIN_PATTERNS
                 else _named(g["w"]))
        if named is None:
            raise _NotADate
        if isinstance(named, str):
            if "d" in g or year is None:
                raise _NotADate
            return _span(year, named)
        month = named
    if "day" in g:
        if not g["d"].isdigit() and "ds" not in g:
            raise _NotADate  # 十月一 without 日 is not a day
        return _day(year, month, _number(g["d"])) if month else None
    if month is not None:
        return DateQuery(year, month, None) if 1 <= month <= 12 else None
    return DateQuery(year)


_Y = r"(?P<y>(?:19|20)[0-9]{2})"
_YC = r"(?<![0-9])(?:(?P<y>(?:19|20)[0-9]{2})|(?P<cy>[〇零一二三四五六七八九]{4}))"  # also 二〇一九
_YY = r"'?(?P<yy>[0-9]{2})"
_CN = r"[0-9]{1,2}|[一二三四五六七八九十两]{1,3}"
_M, _D = rf"(?P<m>{_CN})", rf"(?P<day>(?P<d>{_CN}))"
_DN = r"(?P<day>(?P<d>[0-9]{1,2}))(?:st|nd|rd|th)?"
_W = r"(?P<w>[a-z]{3,10})\.?"
_NTH_EN = r"(?P<n>first|second|third|fourth|1st|2nd|3rd|4th|last|final|latter)"
_B, _E = r"(?<![a-z0-9])", r"(?![a-z0-9])"
_NEXT = r"(?![0-9一二三四五六七八九十])"
_NOT_CHINA = r"(?=$|[\s,.!?，。！？、的期阿发發])"  # 2020年中 is mid-2020; 2020年中国 is not
# A numeric day of any year, only alone or after "on": "1/3 of shares" is no day.
_AB = r"(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})"

# (what the text must have for the pattern to be tried, see `_has`; the pattern). The gates
# let a question with a year in it skip most of the table.
_PATTERNS = [(needs, re.compile(p, re.I | re.ASCII)) for needs, p in (
    # days
    ("yn", _B + _Y + r"[-/.](?P<m>[0-9]{1,2})[-/.]" + _DN + _E),
    ("yz", _YC + r"\s*年\s*" + _M + r"\s*月\s*" + _D + r"\s*(?P<ds>[日号號])?"),
    ("yp", _B + _Y + r"\s*nian\s*(?P<m>[0-9]{1,2})\s*yue\s*" + _DN + r"\s*(?:ri|hao)?" + _E),
    ("yw", _B + _W + r"\s+(?:the\s+)?" + _DN + r",?\s+" + _Y + _E),
    ("yw", _B + _DN + r"\s+(?:of\s+)?" + _W + r",?\s+" + _Y + _E),
    ("yn", _B + r"(?P<a>[0-9]{1,2})[-/.](?P<b>[0-9]{1,2})[-/.]" + _Y + _E),
    # quarters and halves
    ("yq", _B + r"(?P<qh>[qh])(?P<n>[0-9])\s*[-/]?\s*(?:of\s+)?" + _Y + _E),
    ("yq", _B + _Y + r"(?:\s*年)?\s*[-/]?\s*(?:第\s*)?(?P<qh>[qh])(?P<n>[0-9])(?:\s*季度?)?" + _E),
    ("yq", _B + r"(?P<n>[0-9])(?P<qh>[qh])\s*-?\s*" + _Y + _E),
    ("q", _B + r"(?P<n>[0-9])(?P<qh>[qh])" + _YY + _E),
    ("q", _B + r"(?P<qh>[qh])(?P<n>[0-9])\s*'(?P<yy>[0-9]{2})" + _E),
    ("yq", _B + _NTH_EN + r"\s+(?P<qh>quarter|half)\s+(?:of\s+)?(?:the\s+year\s+)?" + _Y + _E),
    ("yq", _B + _Y + r"\s+" + _NTH_EN + r"\s+(?P<qh>quarter|half)" + _E),
    ("yz", _YC + r"\s*年?\s*(?:的\s*)?第?\s*(?P<n>[0-9]|[一二三四五六七八九十])\s*(?P<qh>季)度?"),
    ("yp", _B + _Y + r"\s*(?:nian\s*)?(?:di\s*)?(?P<n>yi|er|san|si)\s*(?P<qh>ji)(?:du)?" + _E),
    ("yz", _YC + r"\s*年?\s*(?:的\s*)?(?P<n>上|下)\s*(?P<qh>半)\s*年"),
    ("yz", r"(?P<n>上|下)(?P<qh>半)年\s*(?:的\s*)?" + _YC + r"\s*年?"),
    ("yp", _B + _Y + r"\s*(?:nian\s*)?(?P<n>shang|xia)\s*(?P<qh>ban)\s*nian" + _E),
    # parts of a year and seasons; month and year
    ("yw", _B + _W + r"\s*-?\s*(?:of\s+)?(?:the\s+year\s+)?" + _Y + _E),
    ("yw", _B + _Y + r"\s+" + _W + _E),
    ("yz", _YC + r"\s*年\s*(?:的\s*)?(?:年\s*)?(?P<w>初|底|末|尾|中" + _NOT_CHINA + ")"),
    ("yp", _B + _Y + r"\s*nian\s*(?P<w>chu|zhong|di|mo)" + _E),
    ("yz", _YC + r"\s*年?\s*(?:的\s*)?(?P<w>春|夏|秋|冬)\s*[天季]"),
    ("yz", r"(?P<w>春|夏|秋|冬)[天季]\s*(?:的\s*)?" + _YC + r"\s*年?"),
    ("yp", _B + _Y + r"\s*(?:nian\s*)?(?P<w>chun|xia|qiu|dong)\s*(?:tian|ji)" + _E),
    ("yz", _YC + r"\s*年\s*" + _M + r"\s*月份?" + _NEXT),
    ("yn", _B + _Y + r"[-/.](?P<m>[0-9]{1,2})" + _E),
    ("yp", _B + _Y + r"\s*nian\s*(?P<m>[0-9]{1,2})\s*yue" + _E),
    # days of any year
    ("z", r"(?<![0-9])" + _M + r"\s*月\s*" + _D + r"\s*(?P<ds>[日号號])?"),
    ("p", _B + r"(?P<m>[0-9]{1,2})\s*yue\s*" + _DN + r"\s*(?:ri|hao)?" + _E),
    ("w", _B + _W + r"\s+(?:the\s+)?" + _DN + _E),
    ("w", _B + r"(?:the\s+)?" + _DN + r"\s+(?:of\s+)?" + _W + _E),
    ("n", r"^\s*(?:on\s+(?:the\s+)?)?" + _AB + r"[\s?？!！.。]*$"),
    ("n", _B + r"on\s+" + _AB + r"(?![a-z0-9]|[-/.][0-9])"),
    # years
    ("yz", _YC + r"\s*年"),
    ("yp", _B + _Y + r"\s*nian" + _E),
    ("y", _B + _Y + _E),
)]
_PINYIN_PATTERNS = frozenset(p for needs, p in _PATTERNS if needs == "yp")
_TODAY = re.compile(
    _B + r"(?:today(?:'?s)?|this\s*day|(?:li\s*shi\s*shang\s*(?:de\s*)?)?jin\s*tian)" + _E
    + r"|(?:[历歷]史上的?)?(?:今天|今日(?![头頭]条|[头頭]條))是?", re.I | re.ASCII)
_GATE = re.compile(r"[0-9年月今]|today|this\s*day|jin\s*tian", re.I)
_HAS = {"y": re.compile(r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}"),
        "p": re.compile(r"nian|yue|ji|ban|tian", re.I),
        "n": re.compile(r"[0-9][-/.][0-9]"),
        "q": re.compile(r"[0-9][qh]|[qh][0-9]|quarter|half", re.I)}
_LETTERS = re.compile(r"(?<![a-z])[a-z]{3,10}(?![a-z])", re.I | re.ASCII)
_BEFORE = re.compile(
    r"(?:(?<![a-z])(?P<w>in|during|on|at|of|around|about|circa|approx\.?|approximately|"
    r"roughly|near)\s+(?:the\s+)?|(?<![a-z])the\s+|(?P<cw>在|于|於|大约|大約|大概|约|約|~)\s*)$",
    re.I | re.ASCII)
_AFTER = re.compile(r"\s*(?:(?P<around>左右|前后|前後)|期间|期間)")
_AROUND_WORDS = frozenset({"around", "about", "circa", "approx", "approx.", "approximately",
                           "roughly", "near", "大约", "大約", "大概", "约", "約", "~"})
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|（\s*）|\[\s*\]|【\s*】")


def _around(found: DateQuery) -> DateQuery:
    """A day ± a week; 'around' a month or a year is that month or year."""
    if found.kind != "day":
        return found
    centre = found.first_day()
    week = dt.timedelta(days=AROUND_DAYS)
    return DateQuery(centre.year, first=centre - week, last=centre + week, span_name="around")


def _remove(text: str, start: int, end: int) -> str:
    rest = _EMPTY_BRACKETS.sub(" ", text[:start] + " " + text[end:])
    return " ".join(rest.split())


def _has(text: str) -> str:
    """What the text holds that patterns need: a year (y), Chinese (z), pinyin (p), a numeric
    day (n), a quarter or half (q), a month or span word (w)."""
    has = "".join(name for name, pattern in _HAS.items() if pattern.search(text))
    if not text.isascii():
        has += "z"
    if any(_named(word) is not None for word in _LETTERS.findall(text)):
        has += "w"
    return has


@cache
def _patterns_for(has: str) -> list[re.Pattern[str]]:
    return [pattern for needs, pattern in _PATTERNS if set(needs) <= set(has)]


def find_date(text: str) -> tuple[DateQuery | None, str]:
    """The date expression in `text` (the most specific form wins), and the text without it
    and its own words ("in", "during", "the", "of", "左右"): "who ran Tmall in Q3 2019" →
    (2019-Q3, "who ran Tmall"). An impossible date (2013-02-30, Q5 2019) is no date at all,
    rather than a shorter one (2013-02, 2019).
    """
    folded = text if text.isascii() else text.translate(_FOLD)
    if not _GATE.search(folded):
        return None, text
    for pattern in _patterns_for(_has(folded)):
        for match in pattern.finditer(folded):
            try:
                found = _read(match)
            except _NotADate:
                continue
            if found is None:
                return None, text
            start, end = match.span()
            before = _BEFORE.search(folded, max(0, start - 20), start)
            after = _AFTER.match(folded, end)
            if before:
                start = before.start()
            if after:
                end = after.end()
            word = before and (before["w"] or before["cw"] or "").casefold()
            if word in _AROUND_WORDS or (after and after["around"]):
                found = _around(found)
            rest = _remove(text, start, end)
            if found.kind in ("day", "monthday"):  # 今天是10月9日: the explicit day wins
                today = _TODAY.search(rest.translate(_FOLD))
                rest = _remove(rest, *today.span()) if today else rest
            return found, rest
    today = _TODAY.search(folded)
    if today is None:
        return None, text
    before = _BEFORE.search(folded, max(0, today.start() - 20), today.start())
    return DateQuery(None), _remove(text, before.start() if before else today.start(),
                                    today.end())


def parse_month_day(text: str) -> DateQuery | None:
    """A day of any year, as after `on`: '01-06', '10/9', 'Jan 6', '6 January', '1月6日'."""
    found, rest = find_date(text.strip())
    if found and found.kind == "monthday" and not rest.strip(" ,."):
        return found
    return None
