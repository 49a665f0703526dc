"""What a query returns: data only; handlers/ turns it into text or Block Kit."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from knowledge.intent import Intent
from knowledge.org import Change, Link, OrgChart


@dataclass
class EntityHit:
    id: str
    kind: str  # person | unit | company
    name: dict[str, str]  # en, zh-hans, zh-hant
    score: float
    how: str = ""
    nicknames: tuple[str, ...] = ()  # 花名, Simplified

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "name": self.name, "score": round(self.score, 1)}


@dataclass
class RoleLine:
    person: str
    title: dict[str, str]
    unit: str | None
    start: str | None
    end: str | None
    start_event: str | None = None  # the event that made the appointment, where recorded
    confirmed: str | None = None  # an unrecorded end: the last date a source shows them in post


class Fact(StrEnum):
    """What the one-sentence answer states; handlers word it in each language."""

    TOOK_POST = "took_post"  # `role` began (when); `other`: the tenure before it
    LEFT_POST = "left_post"  # `role` ended (when); `other`: the tenure after it
    HOLDS = "holds"  # `holders` held the post at `when` ("" = today)
    LAST_KNOWN = "last_known"  # nobody is vouched for today; `holders` are the latest recorded
    VACANT = "vacant"  # nobody holds the post today; `holders` held it last, and left
    NONE_RECORDED = "none_recorded"  # nobody at `when`; `other` held it before, `role` after
    SUCCEEDED = "succeeded"  # `role` (the successor) took over from `other`
    PRECEDED = "preceded"  # `other` held the post before `role` (the subject)
    NO_SUCCESSOR = "no_successor"  # nobody is recorded after `role`
    NO_PREDECESSOR = "no_predecessor"  # nobody is recorded before `role`
    EVENT = "event"  # the first event answers it (when, what)
    LATEST = "latest"  # the latest recorded change to `subject`


@dataclass
class Direct:
    """The answer to a question, as data: one sentence's worth, and what it rests on."""

    fact: Fact
    event_ids: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    date: str | None = None
    role: RoleLine | None = None
    other: RoleLine | None = None
    holders: list[RoleLine] = field(default_factory=list)
    when: str = ""
    subject: str | None = None


class Outcome(StrEnum):
    """What happened, when it is more than "here are the events"; handlers word it."""

    NOTHING_FOUND = "nothing_found"  # `typed` matched nothing; `suggestions` may help
    NEAREST = "nearest"  # nothing on `day` (or in `period`): the nearest days instead
    EMPTY_DAY = "empty_day"  # nothing on `day` nor within three days
    EMPTY_PERIOD = "empty_period"  # nothing in `period`
    BAD_DAY = "bad_day"  # `typed` is no day of the year
    NO_HOLDER = "no_holder"  # nobody held the post at `unit_name` at `when`
    LANG_SET = "lang_set"  # the user's language is now `lang`
    LANG_INVALID = "lang_invalid"  # `typed` names no language
    HELP = "help"  # the usage text
    NOT_HERE = "not_here"  # the intent needs Slack, or an answer before it (more, sources)
    NO_MORE = "no_more"  # `more` after the last page
    NO_CHART = "no_chart"  # no structure is recorded on `when`
    NO_CHANGES = "no_changes"  # nothing changed between the days of `span`
    NO_CHAIN = "no_chain"  # nobody is recorded in the post `post` at `unit_name`


@dataclass
class Answer:
    intent: Intent
    query: str
    lang: str
    events: list[dict] = field(default_factory=list)  # this page, SPEC event shape
    total: int = 0
    page: int = 1
    page_size: int = 5
    entities: list[EntityHit] = field(default_factory=list)
    roles: list[RoleLine] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # id → names, for rendering
    outcome: Outcome | None = None  # None: the events (and roles) are the answer
    typed: str = ""  # what the user typed that could not be read
    day: str = ""  # MM-DD of an on-this-day answer
    period: str = ""  # the period of a timeline, as 2013, 2013-09 or 2013-09-11
    year: int | None = None  # a digest's year, for "N years ago"
    unit_name: str = ""  # where nobody held the post asked about
    when: str = ""  # …and when
    suggestions: list[str] = field(default_factory=list)
    former_names: list[dict[str, str]] = field(default_factory=list)  # for a unit's history
    direct: Direct | None = None  # the question's answer in one sentence, when it has one
    outside: dict[str, str] | None = None  # names a company or topic the base does not cover
    read_as: str = ""  # "month_first" / "day_first": how an ambiguous numeric day was read
    evidence: float | None = None  # how well ranked events answer it (see EVIDENCE_MIN)
    chart: OrgChart | None = None  # `org`: the structure on `when`
    changes: list[Change] | None = None  # `changes`: what differs between the days of `span`
    span: tuple[str, str] | None = None
    chain: list[Link] | None = None  # `succession`: the post's holders, oldest first
    post: dict | None = None  # …and which post: {"unit": id, "titles": [ceo …]}

    @property
    def has_more(self) -> bool:
        return self.page * self.page_size < self.total

    def name(self, entity_id: str | None) -> str:
        if not entity_id:
            return ""
        names = self.names.get(entity_id, {})
        return names.get(self.lang) or names.get("en") or entity_id
