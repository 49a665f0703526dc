"""The daily digest's stories: this day in Alibaba history, each story told to a channel once.

Pure: events in, ranked stories out. The deliverer says which events the channel was shown
lately (`posted`); nothing here reads the database or knows about Slack.

- A story is one day's events from one source (an internal letter naming nine people is one
  story, led by its weightiest event, the merger, not its first).
- Stories rank by what happened: a merger or a CEO change above a team lead; the day's own
  stories come before those told late.
- The channel message holds `CHANNEL_STORIES`, from different years where it can; the rest go
  in its thread.
- A story whose day was missed (a weekend for a weekdays-only channel, a pause) is still told
  up to `CATCH_UP_DAYS` late; nothing is told ahead of its day, so no event is spent before its
  own anniversary.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from knowledge.answer import Answer
from knowledge.index import SearchIndex
from knowledge.records import ROOT_ID
from knowledge.vocabulary import title_classes

CATCH_UP_DAYS = 3
CHANNEL_STORIES = 3
DEFAULT_WINDOW = 7  # days within which a channel is never told the same event again
# Shorter, and a story told late (CATCH_UP_DAYS) could come round a second time.
MIN_WINDOW = CATCH_UP_DAYS + 1
MAX_WINDOW = 365

PEOPLE_KINDS = frozenset({"appointment", "departure", "succession", "reporting-line"})
# How much a kind of event matters to someone reading a daily post; unknown kinds count 30.
KIND_WEIGHT = {
    "founding": 90, "unit-merged": 90, "unit-split": 90, "listing": 85, "delisting": 80,
    "succession": 70, "acquisition": 65, "strategy": 65, "letter": 60, "unit-created": 55,
    "unit-dissolved": 55, "unit-upgraded": 50, "unit-renamed": 45, "governance": 45,
    "speech": 40, "departure": 40, "investment": 35, "product": 35, "appointment": 30,
    "reporting-line": 25,
}
# A people event naming a top post weighs more: a new CEO is news, a new team lead is not.
TOP_POST_WEIGHT = {"ceo": 40, "chairman": 40, "president": 25, "cfo": 15, "cto": 15, "coo": 15}
GROUP_WEIGHT = 10  # the group itself, not one of its units


@dataclass(frozen=True)
class Story:
    """One day's events from one source: `lead` is told in the channel, `more` in the thread."""

    lead: dict
    more: tuple[dict, ...] = ()
    weight: int = 0
    days_late: int = 0  # 0: on this very day of an earlier year

    @property
    def events(self) -> list[dict]:
        return [self.lead, *self.more]

    @property
    def year(self) -> int:
        return int(self.lead["date"][:4])


@dataclass
class DigestAnswer(Answer):
    """A digest, readable as the on-this-day answer it is (Home, `digest show` and `sources`
    in its thread use `events`), with those events grouped into ranked `stories`."""

    date: dt.date = dt.date.min  # the local date the digest is for
    stories: list[Story] = field(default_factory=list)
    next_day: dt.date | None = None  # with no story today: the next day that has one
    reorgs: list[dt.date] = field(default_factory=list)  # earlier years' re-drawn charts today

    @property
    def channel_stories(self) -> list[Story]:
        return self.stories[:CHANNEL_STORIES]

    @property
    def thread_stories(self) -> list[Story]:
        return self.stories[CHANNEL_STORIES:]


def lateness(day: dt.date) -> dict[tuple[int, int], int]:
    """(month, day) → how many days late a story of that calendar day would be told on `day`.

    29 February belongs to the 28th in a year without it, so its events are not lost.
    """
    late: dict[tuple[int, int], int] = {}
    for back in range(CATCH_UP_DAYS + 1):
        other = day - dt.timedelta(days=back)
        late.setdefault((other.month, other.day), back)
        if (other.month, other.day) == (2, 28) and not calendar.isleap(other.year):
            late.setdefault((2, 29), back)
    return late


def candidates(index: SearchIndex, day: dt.date) -> list[str]:
    """Ids of every event a digest on `day` could tell, in index (date) order."""
    positions = sorted(p for key in lateness(day) for p in index.by_monthday.get(key, []))
    return [index.events[p].id for p in positions]


def next_story_day(index: SearchIndex, day: dt.date) -> dt.date | None:
    """The first day after `day` that has an event of its own."""
    for ahead in range(1, 367):
        other = day + dt.timedelta(days=ahead)
        if (other.month, other.day) in index.by_monthday:
            return other
    return None


def weight(event: dict) -> int:
    """How high an event ranks: its kind, the post it names, whether it is the group's."""
    score = KIND_WEIGHT.get(event["kind"], 30)
    if event["kind"] in PEOPLE_KINDS:
        posts = title_classes(event["title"]["en"], event["title"]["zh-hans"])
        score += max((TOP_POST_WEIGHT.get(p, 0) for p in posts), default=0)
    if ROOT_ID in event["units"]:
        score += GROUP_WEIGHT
    return score


def compose(events: Iterable[dict], day: dt.date, posted: Collection[str]) -> list[Story]:
    """The stories of a digest on `day`, best first, leaving out every event in `posted`."""
    late = lateness(day)
    fresh = [e for e in events if e["id"] not in posted and _month_day(e) in late]
    stories = [_story(group, late) for group in _by_day_and_source(fresh)]
    stories.sort(key=lambda s: (-s.weight, s.days_late, s.lead["date"], s.lead["id"]))
    # The day's own stories first: a late one never pushes an anniversary off its day.
    return (_spread_years([s for s in stories if not s.days_late]) +
            _spread_years([s for s in stories if s.days_late]))


def _month_day(event: dict) -> tuple[int, int] | None:
    date = event["date"]
    return (int(date[5:7]), int(date[8:10])) if len(date) == 10 else None


def _source_keys(event: dict) -> set[tuple]:
    return {(s["publisher"], s["title"], s.get("date"), s.get("url")) for s in event["sources"]}


def _by_day_and_source(events: list[dict]) -> list[list[dict]]:
    """Events of the same date that share a source, together (in the order given)."""
    groups: list[tuple[str, set[tuple], list[dict]]] = []
    for event in events:
        keys = _source_keys(event)
        joined = [g for g in groups if g[0] == event["date"] and g[1] & keys]
        if not joined:
            groups.append((event["date"], keys, [event]))
            continue
        first = joined[0]
        first[1].update(keys)
        first[2].append(event)
        for other in joined[1:]:  # this event links two groups: one story
            first[1].update(other[1])
            first[2].extend(other[2])
            groups.remove(other)
    return [sorted(g[2], key=events.index) for g in groups]


def _story(group: list[dict], late: dict[tuple[int, int], int]) -> Story:
    ranked = sorted(group, key=lambda e: -weight(e))  # stable: ties keep the given order
    lead = ranked[0]
    return Story(lead, tuple(ranked[1:]), weight(lead), late[_month_day(lead)])


def _spread_years(stories: list[Story]) -> list[Story]:
    """The channel's stories from different years while other years have one to offer."""
    first: list[Story] = []
    rest: list[Story] = []
    for story in stories:
        if len(first) < CHANNEL_STORIES and story.year not in {s.year for s in first}:
            first.append(story)
        else:
            rest.append(story)
    while len(first) < CHANNEL_STORIES and rest:
        first.append(rest.pop(0))
    return first + rest
