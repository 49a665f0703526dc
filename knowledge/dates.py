"""Dates as people type them: ISO, Chinese (2013年9月11日, 1月6日) and English (Sept 11 2013)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"((?:19|20)\d{2})"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_B = r"(?<![\w])"  # word start (no letter or digit before)
_E = r"(?![\w])"  # word end

# (pattern, group order). Order matters: the most specific forms first.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(_B + _YEAR + r"[-/.](\d{1,2})[-/.](\d{1,2})" + _E), "ymd"),
    (re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"), "ymd"),
    (re.compile(_B + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _E, re.I), "mdy"),
    (re.compile(_B + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + _E, re.I), "dmy"),
    (re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月(?!\s*\d)"), "ym"),
    (re.compile(_B + _YEAR + r"[-/.](\d{1,2})" + _E), "ym"),
    (re.compile(_B + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + _E, re.I), "my"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"), "md"),
    (re.compile(_B + _MONTH + r"\s+" + _DAY + _E, re.I), "md_name"),
    (re.compile(_B + _DAY + r"\s+(?:of\s+)?" + _MONTH + _E, re.I), "dm_name"),
    (re.compile(_YEAR + r"\s*年"), "y"),
    (re.compile(_B + _YEAR + _E), "y"),
]
_NUMERIC_MONTH_DAY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")


@dataclass(frozen=True)
class DateQuery:
    """What a date expression names: a day, a month, a year, or a day of any year."""

    year: int | None
    month: int | None
    day: int | None

    @property
    def kind(self) -> str:
        if self.year is None:
            return "monthday"
        return "day" if self.day else "month" if self.month else "year"

    def label(self) -> str:
        if self.year is None:
            return f"{self.month:02d}-{self.day:02d}"
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


def _valid(month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    days_in = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return day is None or (month is not None and 1 <= day <= days_in[month - 1])


def _build(order: str, groups: tuple[str, ...]) -> DateQuery | None:
    def month_of(text: str) -> int:
        return MONTHS[text.lower().rstrip(".")] if not text.isdigit() else int(text)

    if order == "ymd":
        y, m, d = int(groups[0]), int(groups[1]), int(groups[2])
    elif order == "mdy":
        y, m, d = int(groups[2]), month_of(groups[0]), int(groups[1])
    elif order == "dmy":
        y, m, d = int(groups[2]), month_of(groups[1]), int(groups[0])
    elif order == "ym":
        y, m, d = int(groups[0]), int(groups[1]), None
    elif order == "my":
        y, m, d = int(groups[1]), month_of(groups[0]), None
    elif order == "md":
        y, m, d = None, int(groups[0]), int(groups[1])
    elif order == "md_name":
        y, m, d = None, month_of(groups[0]), int(groups[1])
    elif order == "dm_name":
        y, m, d = None, month_of(groups[1]), int(groups[0])
    else:
        y, m, d = int(groups[0]), None, None
    if not _valid(m, d):
        return None
    return DateQuery(y, m, d)


def find_date(text: str) -> tuple[DateQuery | None, str]:
    """The first date expression in `text`, and the text with it removed.

    An impossible date (2013-02-30) is no date at all, rather than a shorter one (2013-02).
    """
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            found = _build(order, match.groups())
            if found is None:
                return None, text
            rest = (text[:match.start()] + " " + text[match.end():]).strip()
            return found, rest
    return None, text


def parse_month_day(text: str) -> DateQuery | None:
    """A day of any year, as after `on`: '01-06', 'Jan 6', '6 January', '1月6日'."""
    text = text.strip()
    numeric = _NUMERIC_MONTH_DAY.match(text)
    if numeric:
        month, day = int(numeric.group(1)), int(numeric.group(2))
        return DateQuery(None, month, day) if _valid(month, day) else None
    found, rest = find_date(text)
    if found and found.kind == "monthday" and not rest.strip(" ,."):
        return found
    return None
