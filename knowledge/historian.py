"""The question-answering core: a query in, an `Answer` out. No Slack, no terminal here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Engine

from knowledge.answer import Answer, EntityHit, Outcome, RoleLine
from knowledge.dates import DateQuery, find_date
from knowledge.digest import DigestAnswer, candidates, compose, next_story_day
from knowledge.index import ROOT_ID, RoleInfo, SearchIndex, build_index
from knowledge.intent import Intent, Parsed, parse_intent
from knowledge.langs import lang_named, language_of
from knowledge.records import UNKNOWN_END, PartialDate
from knowledge.resolve import Mention, Reading, read_query, suggest_names
from knowledge.store import read_events
from knowledge.text import clean_input, has_cjk, to_traditional

PAGE_SIZE = 5
NEAREST_DAYS = 3
# How much an event is *about* an entity, by the entity's role in it; others count 0.6.
ROLE_WEIGHT = {
    "appointed": 1.0, "departed": 1.0, "succeeded": 1.0, "created": 1.0, "dissolved": 1.0,
    "merged": 1.0, "split": 1.0, "renamed": 1.0, "upgraded": 1.0, "acquirer": 1.0,
    "target": 1.0, "author": 0.95, "speaker": 0.95, "head": 0.9,
}
REORG_KINDS = frozenset({"unit-created", "unit-split", "unit-merged", "unit-renamed",
                         "unit-upgraded", "unit-dissolved", "reporting-line", "strategy"})


def _within(date: PartialDate, period: DateQuery) -> bool:
    """The event's date lies wholly inside the period (a 2013 event is not 'in 2013-09')."""
    if period.year is not None and date.year != period.year:
        return False
    if period.month is None:
        return True
    if date.month != period.month:
        return False
    return period.day is None or date.day == period.day


def _active(role_start: PartialDate | None, role_end: PartialDate | None,
            period: DateQuery | None) -> bool:
    if period is None:
        return True
    if role_start is None and role_end is not None:
        # Only the end is sourced: the tenure is known from its last year, not from 1999.
        role_start = PartialDate(role_end.year)
    span = PartialDate(period.year, period.month, period.day)
    started = role_start is None or role_start.first_day() <= span.last_day()
    return started and (role_end is None or role_end.last_day() >= span.first_day())


def _holding(role: RoleInfo, roles: list[RoleInfo], period: DateQuery | None) -> bool:
    """The tenure covers the period. An unknown end does not mean "still holds": it is closed
    by the next holder's start, and with no next holder it vouches only for its own start."""
    if period is None:
        return True
    end = role.end or _successor_start(role, roles)
    if end is None and role.end_unknown:
        if role.start is None:
            return False
        end = role.start
    return _active(role.start, end, period)


def _role_line(role: RoleInfo) -> RoleLine:
    end = role.end.iso() if role.end else UNKNOWN_END if role.end_unknown else None
    return RoleLine(role.person, {"en": role.title_en, "zh-hans": role.title_zh,
                                  "zh-hant": to_traditional(role.title_zh)}, role.unit,
                    role.start.iso() if role.start else None, end)


def _successor_start(role: RoleInfo, roles: list[RoleInfo]) -> PartialDate | None:
    """When a later holder took the same post at the same unit: an open tenure ends there.

    Curators leave `to` out when no source states the end; without this, "who headed Alibaba
    Cloud in 2023" would still name a president appointed in 2013.
    """
    if role.start is None or not role.classes:
        return None
    # The next holder of the post, or the same person's next post at that unit (a president
    # later named CEO evidently held the first post until then, whatever its end).
    later = [r.start for r in roles
             if r.unit == role.unit and r.start is not None
             and (_same_post(role, r) or (role.end_unknown and r.person == role.person))
             and r.start.sort_key() > role.start.sort_key()]
    return min(later, key=PartialDate.sort_key) if later else None


def _same_post(one: RoleInfo, other: RoleInfo) -> bool:
    """Both are the unit's CEO (or CFO …); a plain "head" matches any head of that unit.

    A group has a CEO, a chairman and a president at once: those do not succeed each other.
    """
    one_post, other_post = one.classes - {"head"}, other.classes - {"head"}
    if one_post and other_post:
        return bool(one_post & other_post)
    return "head" in one.classes and "head" in other.classes


class Historian:
    """Answers queries from a search index and the database behind it."""

    def __init__(self, engine: Engine, index: SearchIndex | None = None) -> None:
        self.engine = engine
        self.index = index or build_index(engine)

    # --- entry point ---------------------------------------------------------------------

    def answer(self, text: str, lang: str | None = None, page: int = 1,
               today: dt.date | None = None) -> Answer:
        """One line as typed, read and answered (bot.chat reads once: `answer_parsed`)."""
        text = clean_input(text)
        return self.answer_parsed(parse_intent(text), text, lang or language_of(text), page,
                                  today)

    def answer_parsed(self, parsed: Parsed, query: str, lang: str, page: int = 1,
                      today: dt.date | None = None) -> Answer:
        """The answer to a line already read; `query` is the cleaned line, kept for paging."""
        answer = Answer(intent=parsed.intent, query=query, lang=lang, page=max(page, 1),
                        page_size=PAGE_SIZE)
        handler = {
            Intent.SEARCH: self._search, Intent.WHO: self._who, Intent.UNIT: self._unit,
            Intent.ON_THIS_DAY: self._on_this_day, Intent.PERIOD: self._period,
            Intent.LANG: self._lang,
        }.get(parsed.intent)
        if parsed.intent is Intent.HELP:
            answer.outcome = Outcome.HELP
        elif handler is None:  # subscriptions, more, sources: the conversation's business
            answer.outcome = Outcome.NOT_HERE
        else:
            handler(parsed, answer, today or dt.date.today())
        return answer

    # --- intents -------------------------------------------------------------------------

    def _search(self, parsed: Parsed, answer: Answer, _today: dt.date) -> None:
        date, rest = find_date(parsed.text) if parsed.date else (None, parsed.text)
        reading = read_query(self.index, rest)
        if reading.titles and (reading.root or not reading.mentions or
                               all(self._kind(m) != "person" for m in reading.mentions)):
            self._holders(reading, date, answer)
            return
        if reading.unknown or not (reading.mentions or reading.kinds or reading.terms or
                                   (reading.root and date)):
            self._nothing(answer, reading, rest)
            return
        scores = self._score_events(reading)
        positions = [p for p in scores if date is None or
                     _within(self.index.events[p].date, date)]
        if not scores and reading.root and date:
            positions = [p for p in self.index.by_year.get(date.year, []) if
                         _within(self.index.events[p].date, date)]
        positions.sort(key=lambda p: (-scores.get(p, 0), self.index.events[p].date.sort_key()))
        answer.entities = [self._hit(m) for m in reading.mentions]
        top = reading.mentions[0] if len(reading.mentions) == 1 else None
        if top and top.score >= 85 and not reading.kinds and not reading.terms:
            answer.roles = self._roles_of(top.entity_id)
            answer.former_names = self._former_names(top.entity_id)
        if not positions:
            self._nothing(answer, reading, rest, matched=True)
            return
        self._page(answer, positions)

    def _who(self, parsed: Parsed, answer: Answer, _today: dt.date) -> None:
        date, rest = find_date(parsed.text)
        reading = read_query(self.index, rest)
        people = [m for m in reading.mentions if self._kind(m) == "person"]
        if people and not reading.titles:
            self._profile(people[0], answer)
        elif reading.titles or reading.mentions or reading.root:
            self._holders(reading, date, answer)
        else:
            self._nothing(answer, reading, rest)

    def _unit(self, parsed: Parsed, answer: Answer, _today: dt.date) -> None:
        reading = read_query(self.index, parsed.text)
        units = [m for m in reading.mentions if self._kind(m) != "person"]
        if reading.root and not units:
            units = [Mention(ROOT_ID, 100.0, "name", parsed.text)]
        if not units:
            self._nothing(answer, reading, parsed.text)
            return
        self._profile(units[0], answer)

    def _on_this_day(self, parsed: Parsed, answer: Answer, today: dt.date) -> None:
        if parsed.text and parsed.date is None:
            answer.outcome, answer.typed = Outcome.BAD_DAY, parsed.text
            return
        month, day = (parsed.date.month, parsed.date.day) if parsed.date else (today.month,
                                                                               today.day)
        answer.day = f"{month:02d}-{day:02d}"
        positions, distance = self.events_near_day(month, day)
        if distance:
            answer.outcome = Outcome.NEAREST
        elif not positions:
            answer.outcome = Outcome.EMPTY_DAY
        self._page(answer, positions)

    def digest(self, day: dt.date, lang: str, posted: Collection[str] = ()) -> DigestAnswer:
        """This day in Alibaba history as a digest: the day's stories (knowledge.digest), less
        the events in `posted` (those the channel was shown within its no-repeat window).

        Its query is the one a user would type (`on 01-06`), which `more` in its thread pages.
        """
        stories = compose(self.fetch_events(candidates(self.index, day)), day, posted)
        events = [event for story in stories for event in story.events]
        answer = DigestAnswer(intent=Intent.ON_THIS_DAY, query=f"on {day.month:02d}-{day.day:02d}",
                              lang=lang, events=events, total=len(events),
                              page_size=max(len(events), 1), year=day.year,
                              day=f"{day.month:02d}-{day.day:02d}", date=day, stories=stories)
        if not stories:
            answer.outcome = Outcome.EMPTY_DAY
            answer.next_day = next_story_day(self.index, day)
        elif all(story.days_late for story in stories):
            answer.outcome = Outcome.NEAREST
        answer.names = self.names_for(answer)
        return answer

    def events_near_day(self, month: int, day: int) -> tuple[list[int], int]:
        """Events on this month/day of any year, oldest first; else the nearest within 3 days."""
        base = dt.date(2000, month, day)  # a leap year, so 29 February has neighbours
        for distance in range(NEAREST_DAYS + 1):
            found: list[int] = []
            for sign in (-1, 1) if distance else (1,):
                other = base + dt.timedelta(days=sign * distance)
                found += self.index.by_monthday.get((other.month, other.day), [])
            if found:
                return sorted(found, key=lambda p: self.index.events[p].date.sort_key()), distance
        return [], 0

    def _period(self, parsed: Parsed, answer: Answer, _today: dt.date) -> None:
        period = parsed.date
        answer.period = period.label()
        positions = [p for p in self.index.by_year.get(period.year, [])
                     if _within(self.index.events[p].date, period)]
        if not positions and period.kind == "day":
            near, _ = self.events_near_day(period.month, period.day)
            positions = [p for p in near if self.index.events[p].date.year == period.year]
            answer.outcome = Outcome.NEAREST if positions else None
        self._page(answer, positions)
        if not positions:
            answer.outcome = Outcome.EMPTY_PERIOD

    def _lang(self, parsed: Parsed, answer: Answer, _today: dt.date) -> None:
        chosen = lang_named(parsed.text)
        if chosen is None:
            answer.outcome, answer.typed = Outcome.LANG_INVALID, parsed.text
            return
        answer.lang, answer.outcome = chosen, Outcome.LANG_SET

    # --- pieces --------------------------------------------------------------------------

    def _kind(self, mention: Mention) -> str:
        return self.index.entities[mention.entity_id].kind

    def _hit(self, mention: Mention) -> EntityHit:
        info = self.index.entities[mention.entity_id]
        return EntityHit(info.id, info.kind, self._names(info.id), mention.score, mention.how)

    def _names(self, entity_id: str) -> dict[str, str]:
        info = self.index.entities.get(entity_id)
        if info is None:
            return {"en": entity_id, "zh-hans": entity_id, "zh-hant": entity_id}
        return {"en": info.name_en, "zh-hans": info.name_zh,
                "zh-hant": to_traditional(info.name_zh)}

    def _score_events(self, reading: Reading) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for mention in reading.mentions:
            for pos in self.index.by_entity.get(mention.entity_id, []):
                role = self.index.events[pos].entities.get(mention.entity_id, "involved")
                scores[pos] += mention.score * ROLE_WEIGHT.get(role, 0.6)
                matched[pos] += 1
        for pos, count in matched.items():
            scores[pos] += 50.0 * (count - 1)
        wanted = set(reading.kinds)
        if "reorg" in wanted:
            wanted |= REORG_KINDS
        term_hits = [self._term_hits(term) for term in reading.terms]
        # With a name in the query, kinds and words only rank that name's events; without one,
        # they are what the user asks for, all of them: "拼多多 架构调整" must not list every
        # reorganization because one event mentions 拼多多 in passing.
        if reading.mentions:
            pool: set[int] = set(scores)
        else:
            pool = set.intersection(*term_hits) if term_hits else set(range(len(self.index.events)))
            if wanted:
                pool = {pos for pos in pool if self.index.events[pos].kind in wanted}
        for pos in pool:
            scores[pos] += 40.0 if self.index.events[pos].kind in wanted else 0.0
        for hits in term_hits:
            for pos in hits & pool:
                scores[pos] += 15.0
        return scores

    def _term_hits(self, term: str) -> set[int]:
        """Events whose text holds the word (English stem) or every bigram of a Chinese term."""
        keys = [term[i:i + 2] for i in range(len(term) - 1)] if has_cjk(term) else [term]
        return set.intersection(*(set(self.index.terms.get(k, ())) for k in keys))

    def _nothing(self, answer: Answer, reading: Reading, typed: str,
                 matched: bool = False) -> None:
        answer.outcome = Outcome.NOTHING_FOUND
        answer.typed = " ".join(reading.unknown) or typed
        ids = [m.entity_id for m in reading.mentions] or suggest_names(self.index, typed)
        answer.suggestions = [self._names(i)[answer.lang] for i in ids][:3]
        if matched:
            answer.entities = [self._hit(m) for m in reading.mentions]

    def _profile(self, mention: Mention, answer: Answer) -> None:
        """A person's roles and events, or a unit's names, heads and events, in time order."""
        answer.entities = [self._hit(mention)]
        answer.roles = self._roles_of(mention.entity_id)
        answer.former_names = self._former_names(mention.entity_id)
        self._page(answer, list(self.index.by_entity.get(mention.entity_id, [])))

    def _roles_of(self, entity_id: str) -> list[RoleLine]:
        roles = [r for r in self.index.roles if entity_id in (r.person, r.unit)]
        roles.sort(key=lambda r: r.start.sort_key() if r.start else (0, 0, 0))
        return [_role_line(r) for r in roles]

    def _former_names(self, entity_id: str) -> list[dict[str, str]]:
        return list(self.index.entities[entity_id].details.get("former_names") or [])

    def _holders(self, reading: Reading, date: DateQuery | None, answer: Answer) -> None:
        """Who held a title (CEO, chairman …) or headed a unit, optionally at a date."""
        answer.intent = Intent.WHO
        units = [m.entity_id for m in reading.mentions if self._kind(m) != "person"]
        unit = units[0] if units else ROOT_ID
        titles = set(reading.titles) - {"head"} or {"head"}
        matches = []
        for role in self.index.roles:
            if role.unit != unit and not (unit == ROOT_ID and role.unit is None):
                continue
            if not role.classes & titles:
                continue
            if _holding(role, self.index.roles, date):
                matches.append(role)
        matches.sort(key=lambda r: r.start.sort_key() if r.start else (0, 0, 0))
        answer.roles = [_role_line(r) for r in matches]
        seen: list[str] = []
        for role in matches:
            if role.person not in seen:
                seen.append(role.person)
        answer.entities = [EntityHit(p, "person", self._names(p), 100.0, "role") for p in seen]
        events = [self.index.event_pos[r.start_event] for r in matches
                  if r.start_event in self.index.event_pos]
        self._page(answer, list(dict.fromkeys(events)))
        if not matches:
            answer.outcome = Outcome.NO_HOLDER
            answer.unit_name = self._names(unit)[answer.lang]
            answer.when = date.label() if date else ""

    def _page(self, answer: Answer, positions: list[int]) -> None:
        answer.total = len(positions)
        pages = max(1, -(-answer.total // answer.page_size))
        answer.page = min(answer.page, pages)
        start = (answer.page - 1) * answer.page_size
        chosen = [self.index.events[p].id for p in positions[start:start + answer.page_size]]
        answer.events = self.fetch_events(chosen)
        answer.names = self.names_for(answer)

    def names_for(self, answer: Answer) -> dict[str, dict[str, str]]:
        """Names of every entity an answer shows, in each language."""
        ids = {i for e in answer.events for i in e["people"] + e["units"]}
        ids |= {r.person for r in answer.roles} | {r.unit for r in answer.roles if r.unit}
        ids |= {e.id for e in answer.entities}
        return {i: self._names(i) for i in ids}

    def fetch_events(self, ids: list[str]) -> list[dict]:
        """Full events, in the order asked, from the database."""
        return read_events(self.engine, ids)
