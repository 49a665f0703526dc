"""The curated records: what a YAML file says, after its shape has been checked."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

EVENT_KINDS = frozenset(
    {
        "appointment", "departure", "succession", "unit-created", "unit-split", "unit-merged",
        "unit-renamed", "unit-upgraded", "unit-dissolved", "reporting-line", "letter", "speech",
        "strategy", "governance", "investment", "acquisition", "listing", "delisting",
        "founding", "product",
    }
)

# The group itself: the root of the org chart, and the unit of a post named without one.
ROOT_ID = "alibaba-group"
# How a role whose `to` is `unknown` is stored and indexed: it ends, but nobody knows when.
UNKNOWN_END = "unknown"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year, as its source gives it."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Accept 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', an int year or a date; raise ValueError."""
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        match = _DATE.match(str(value).strip())
        if not match:
            raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {value!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and day is not None:
            dt.date(year, month, day)  # raises ValueError for 2013-02-30
        elif month is not None and not 1 <= month <= 12:
            raise ValueError(f"month out of range: {value!r}")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day()
        if self.month:
            nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass
class Source:
    publisher: str
    title: str
    date: str | None = None
    url: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        out = {"title": self.title, "publisher": self.publisher, "date": self.date,
               "url": self.url}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Entity:
    """A person or a unit/company; `names` holds the curated spellings by kind."""

    id: str
    kind: str  # person | unit | company
    name: str  # canonical, Simplified
    en: str
    type: str | None = None
    parent: str | None = None
    nicknames: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    former_names: list[dict[str, str]] = field(default_factory=list)
    pinyin: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    file: str = ""
    line: int = 0


@dataclass
class Event:
    id: str
    date: PartialDate
    kind: str
    title: dict[str, str]  # en, zh (Simplified), optional zh-hant override
    summary: dict[str, str]
    people: list[tuple[str, str]] = field(default_factory=list)  # (id, role)
    units: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    effective: PartialDate | None = None
    file: str = ""
    line: int = 0


@dataclass
class Role:
    person: str
    title: dict[str, str]
    unit: str | None
    start: PartialDate | None
    end: PartialDate | None = None
    start_event: str | None = None
    end_event: str | None = None
    # `from: unknown` / `to: present|unknown` where no date is written; None when silent.
    start_state: str | None = None
    end_state: str | None = None
    unknown_reason: str | None = None
    shared: bool = False  # a genuinely co-held post: overlaps with other shared holders are fine
    file: str = ""
    line: int = 0


@dataclass
class Edge:
    """A unit's place in the organization for a while: it sat in `parent` from `start` to
    `end` (exclusive). The org chart of a date is the edges that hold on it."""

    unit: str
    parent: str
    start: PartialDate | None
    end: PartialDate | None = None
    start_state: str | None = None  # 'date' or 'unknown'; None when `from` is missing
    end_state: str | None = None  # 'date', 'present' or 'unknown'; None when `to` is missing
    start_event: str | None = None
    end_event: str | None = None
    reports_to: str | None = None  # the person the unit reported to, where a source says
    dual: bool = False  # a genuine second parent at the same time
    sources: list[Source] = field(default_factory=list)
    unknown_reason: str | None = None
    file: str = ""
    line: int = 0


@dataclass
class Catalog:
    """Everything the knowledge files hold, as records."""

    entities: dict[str, Entity] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
