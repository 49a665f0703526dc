"""The question-answering core: a query in, an `Answer` out. No Slack, no terminal here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Engine

from knowledge.analyze import PINYIN_MARK, pinyin_terms_of_latin, query_terms
from knowledge.answer import Answer, Direct, EntityHit, Fact, Outcome, RoleLine
from knowledge.charts import answer_changes, answer_org, answer_succession
from knowledge.dates import DateQuery, find_date
from knowledge.digest import DigestAnswer, candidates, compose, next_story_day
from knowledge.forms import Form, Question, read_question, side_of
from knowledge.index import RoleInfo, SearchIndex, build_index
from knowledge.intent import Intent, Parsed, parse_intent
from knowledge.langs import lang_named, language_of
from knowledge.org import reorg_days
from knowledge.posts import (
    around,
    holders,
    last_held,
    last_known,
    main_roles,
    next_holder,
    previous_holder,
)
from knowledge.records import ROOT_ID, UNKNOWN_END, PartialDate
from knowledge.resolve import Mention, Reading, read_query, suggest_names
from knowledge.store import read_events
from knowledge.text import clean_input, fold, to_traditional

PAGE_SIZE = 5
# How the parts of an event's score add up (see Historian._score_events), and the evidence
# under which a question is answered "nothing found" (chosen on tests/golden/calibration.yaml).
TEXT_WEIGHT, KIND_WEIGHT, POST_WEIGHT = 3.0, 0.8, 1.0
EVIDENCE_MIN = 0.7
EVENT_CACHE = 1024  # full events kept in memory (a few KB each): the pages people read again
FORMER_NAME_WEIGHT = 0.5  # a unit named by a former name: the events of that name's time
RELEVANT_SHARE = 0.5  # events under half the best score do not support a direct answer
# A name matched this well is the question's subject even beside an outside name ("when did
# Alibaba buy Kaola from NetEase"); a weaker one ("Lei Jun" → Wang Lei) is not.
STRONG_MENTION = 90.0
# Text evidence needs this much information (sum of idf) to count in full: "company" or
# "公司" is in half the events and answers nothing.
SPECIFIC_IDF = 4.0  # full events kept in memory (a few KB each)
NEAREST_DAYS = 3
# How much an event is *about* an entity, by the entity's role in it; others count 0.6.
ROLE_WEIGHT = {
    "appointed": 1.0, "departed": 1.0, "succeeded": 1.0, "created": 1.0, "dissolved": 1.0,
    "merged": 1.0, "split": 1.0, "renamed": 1.0, "upgraded": 1.0, "acquirer": 1.0,
    "target": 1.0, "author": 0.95, "speaker": 0.95, "head": 0.9,
}
# A unit's part in an event that changes what it is (for "what happened to X").
STATE_ROLES = frozenset({"created", "dissolved", "merged", "split", "renamed", "upgraded",
                         "target", "acquired", "sold", "divested", "delisted", "listed"})
REORG_KINDS = frozenset({"unit-created", "unit-split", "unit-merged", "unit-renamed",
                         "unit-upgraded", "unit-dissolved", "reporting-line", "strategy"})


def _within(date: PartialDate, period: DateQuery) -> bool:
    """The event's date lies wholly inside the period (a 2013 event is not 'in 2013-09')."""
    if period.year is None:
        return date.month == period.month and date.day == period.day
    first, last = _span(period)
    return first <= date.first_day() and date.last_day() <= last


def _span(period: DateQuery) -> tuple[dt.date, dt.date]:
    """The first and last day a dated query covers (a day, a month, a year or a span)."""
    return period.first_day(), period.last_day()


def _wanted(kinds: list[str]) -> set[str]:
    """The event kinds a question's kind words ask for ("reorg" is every reorganisation)."""
    wanted = set(kinds)
    if "unit-created" in wanted:
        wanted.add("founding")  # a company founded is a unit created ("菜鸟成立")
    return wanted | REORG_KINDS if "reorg" in wanted else wanted


def _reading(date: DateQuery | None) -> str:
    """How an ambiguous numeric day was read, for the reply to say so (10/9: 9 October)."""
    if date is None:
        return ""
    return "month_first" if date.month_first_guess else "day_first" if date.day_first else ""


def _role_line(role: RoleInfo) -> RoleLine:
    end = role.end.iso() if role.end else UNKNOWN_END if role.end_unknown else None
    return RoleLine(role.person, {"en": role.title_en, "zh-hans": role.title_zh,
                                  "zh-hant": to_traditional(role.title_zh)}, role.unit,
                    role.start.iso() if role.start else None, end, role.start_event,
                    role.confirmed.iso() if role.confirmed else None)


class Historian:
    """Answers queries from a search index and the database behind it."""

    def __init__(self, engine: Engine, index: SearchIndex | None = None) -> None:
        self.engine = engine
        self.index = index or build_index(engine)
        self._kinds = {i: info.kind for i, info in self.index.entities.items()}
        self._events: dict[str, dict] = {}  # id → event, as read_events gives it

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
            Intent.LANG: self._lang, Intent.ORG: self._structure,
            Intent.CHANGES: self._structure, Intent.SUCCESSION: self._structure,
        }.get(parsed.intent)
        if parsed.intent is Intent.HELP:
            answer.outcome = Outcome.HELP
        elif handler is None:  # subscriptions, more, sources: the conversation's business
            answer.outcome = Outcome.NOT_HERE
        else:
            handler(parsed, answer, today or dt.date.today())
        return answer

    # --- intents -------------------------------------------------------------------------

    def _search(self, parsed: Parsed, answer: Answer, today: dt.date) -> None:
        """A line that is not a command: read its question form, then answer that form."""
        date, rest = find_date(parsed.text) if parsed.date else (None, parsed.text)
        if date is not None and date.kind == "today":
            date, rest = None, f"{rest} now"  # "who is the CEO today" is "… now"
        question = read_question(rest, self.index.exact)
        reading = read_query(self.index, question.rest)
        if question.pinyin:  # "gongtong fuyu": no name, but words of the events' text
            said = [w for w in reading.unknown if any(
                self.index.text.known(t) for t in pinyin_terms_of_latin([w]))]
            reading.unknown = [w for w in reading.unknown if w not in said]
            reading.terms += said
        outside = self.index.outside.find(rest) if self.index.outside else []
        strong = [m for m in reading.mentions if m.score >= STRONG_MENTION]
        if not outside and not reading.mentions and self.index.outside:
            outside = self.index.outside.near(reading.unknown)
        if outside and (not strong or any(o.kind == "topic" for o in outside)):
            # "who was Tencent CEO in 2015": say what the base does not cover, rather than
            # answer about Alibaba's CEO; "Alibaba share price" is no question of its history.
            topic = next((o for o in outside if o.kind == "topic"), outside[0])
            self._nothing(answer, reading, rest)
            answer.outside = {**topic.name, "kind": topic.kind}
            answer.suggestions = []
            return
        form = question.form
        if form is Form.CHART:
            answer_org(self, date, question.rest, answer, today, question.side)
            return
        if form is Form.CHANGES:
            answer_changes(self, date, question.rest, answer, today)
            return
        if form is Form.SUCCESSION:
            answer_succession(self, question.rest, answer)
            return
        people = [m for m in reading.mentions if self._kind(m) == "person"]
        units = [m for m in reading.mentions if self._kind(m) != "person"]
        titles = set(reading.titles)
        if form in (Form.AFTER, Form.BEFORE) and people and self._succession(
                form, people[0], titles, units, answer):
            return
        if form in (Form.PERSON, Form.UNIT) and reading.mentions:
            self._profile(reading.mentions[0], answer)
            return
        if form is Form.WHO_HELD and people and not titles and not units:
            self._profile(people[0], answer)  # "who is Jiang Fan"
            return
        if (form is Form.WHO_HELD and (units or titles or reading.root)) or (
                titles and not people and form is not Form.WHEN):
            now = form is Form.WHO_HELD and date is None
            date = date.on_or_before(today) if date else None
            span = _span(date) if date else (today, today) if now else None
            self._holders(units[0].entity_id if units else ROOT_ID, titles, span,
                          date.label() if date else "", answer, now)
            return
        if form is Form.WHAT_HAPPENED and units and not reading.kinds:
            self._life_line(units[0], answer)
            return
        bare = not (reading.kinds or reading.terms or reading.unknown or titles)
        if form is Form.TOPIC and len(reading.mentions) == 1 and bare and date is None:
            self._profile(reading.mentions[0], answer)
            return
        self._ranked(question, reading, date, answer)

    def _ranked(self, question: Question, reading: Reading, date: DateQuery | None,
                answer: Answer) -> None:
        """Events ranked by how well they answer the words, names and kinds of the question."""
        people = [m.entity_id for m in reading.mentions if self._kind(m) == "person"]
        units = [m.entity_id for m in reading.mentions if self._kind(m) != "person"]
        posts = self._posts_meant(people, set(reading.titles), units) \
            if question.form is Form.WHEN else []
        # "when did X leave Y" is answered by the end of X's post at Y, not its start.
        leaving = "departure" in reading.kinds
        starts = {(r.end_event if leaving else r.start_event): r for r in posts
                  if (r.end_event if leaving else r.start_event)}
        scores, evidence = self._score_events(question, reading, starts)
        positions = [p for p in scores if date is None or
                     _within(self.index.events[p].date, date)]
        if not positions and reading.root and date and not reading.unknown:
            first, last = _span(date)
            positions = [p for year in range(first.year, last.year + 1)
                         for p in self.index.by_year.get(year, [])
                         if _within(self.index.events[p].date, date)]
            evidence = EVIDENCE_MIN
        positions.sort(key=lambda p: (-scores.get(p, 0), self.index.events[p].date.sort_key()))
        answer.entities = [self._hit(m) for m in reading.mentions]
        answer.evidence = evidence
        if not positions or evidence < EVIDENCE_MIN:
            self._nothing(answer, reading, question.rest,
                          matched=bool(positions and reading.mentions))
            return
        top = self.index.events[positions[0]]
        if top.id in starts:  # the start (or, for "left", the end) of the post asked about
            role = starts[top.id]
            other = (next_holder if leaving else previous_holder)(role, self.index.roles)
            when = (role.end if leaving else role.start) or top.date
            answer.direct = Direct(Fact.LEFT_POST if leaving else Fact.TOOK_POST, [top.id],
                                   [role.person], [role.unit or ROOT_ID], when.iso(),
                                   _role_line(role), _role_line(other) if other else None)
        elif question.form in (Form.WHEN, Form.WHAT_HAPPENED) or (
                reading.kinds and reading.mentions and top.kind in _wanted(reading.kinds)):
            # "菜鸟成立" asks when Cainiao was created as surely as "when was Cainiao set up".
            answer.direct = Direct(Fact.EVENT, [top.id], [i for i in top.entities
                                                          if self._is_person(i)],
                                   [i for i in top.entities if not self._is_person(i)],
                                   top.date.iso())
        if answer.direct:
            # A question answered in a sentence keeps the events that support it, not every
            # event that shares a word or a name with it.
            floor = RELEVANT_SHARE * scores[positions[0]]
            positions = [p for p in positions if scores[p] >= floor]
        self._page(answer, positions)

    def _posts_meant(self, people: list[str], titles: set[str],
                     units: list[str]) -> list[RoleInfo]:
        """The posts a "when did P become T (of U)" question is about: P's, strictly matching."""
        if not people or not (titles or units):
            return []
        wanted = titles - {"head"}
        found = [r for r in self.index.roles if r.person == people[0] and r.classes
                 and (not wanted or r.classes & wanted)
                 and (not units or (r.unit or ROOT_ID) in units)]
        return found

    def _succession(self, form: Form, person: Mention, titles: set[str],
                    units: list[Mention], answer: Answer) -> bool:
        """Who came after (or before) the person in their post; False when they held none."""
        unit = units[0].entity_id if units else None
        roles = main_roles(self.index.roles, person.entity_id, titles - {"head"}, unit)
        if not roles:
            return False
        answer.intent = Intent.WHO
        for role in roles:
            other = (next_holder if form is Form.AFTER else previous_holder)(role,
                                                                            self.index.roles)
            if other is None:
                continue
            new, old = (other, role) if form is Form.AFTER else (role, other)
            events = [e for e in (new.start_event, old.end_event, old.start_event)
                      if e in self.index.event_pos]
            fact = Fact.SUCCEEDED if form is Form.AFTER else Fact.PRECEDED
            answer.direct = Direct(fact, list(dict.fromkeys(events)), [new.person, old.person],
                                   [new.unit or ROOT_ID],
                                   new.start.iso() if new.start else None, _role_line(new),
                                   _role_line(old))
            subject = other.person
            answer.entities = [EntityHit(subject, "person", self.entity_names(subject), 100.0,
                                         "role"), self._hit(person)]
            answer.roles = [_role_line(new), _role_line(old)]
            self._page(answer, [self.index.event_pos[e] for e in answer.direct.event_ids])
            return True
        role = roles[0]
        fact = Fact.NO_SUCCESSOR if form is Form.AFTER else Fact.NO_PREDECESSOR
        answer.direct = Direct(fact, [e for e in [role.start_event] if e in self.index.event_pos],
                               [role.person], [role.unit or ROOT_ID],
                               role.start.iso() if role.start else None, _role_line(role))
        answer.entities = [self._hit(person)]
        answer.roles = [_role_line(role)]
        self._page(answer, [self.index.event_pos[e] for e in answer.direct.event_ids])
        return True

    def _life_line(self, unit: Mention, answer: Answer) -> None:
        """What happened to a unit: the changes of its state (merged, renamed, sold, shut …)
        latest first, then its other events latest first; the latest change is stated."""
        def changed(pos: int) -> bool:
            event = self.index.events[pos]
            return event.role_of(unit.entity_id) in STATE_ROLES

        positions = sorted(self.index.by_entity.get(unit.entity_id, []),
                           key=lambda p: (changed(p), self.index.events[p].date.sort_key()),
                           reverse=True)
        answer.entities = [self._hit(unit)]
        answer.former_names = self._former_names(unit.entity_id)
        if not positions:
            self._nothing(answer, Reading(mentions=[unit]), unit.typed, matched=True)
            return
        top = self.index.events[positions[0]]
        answer.direct = Direct(Fact.LATEST, [top.id], [], [unit.entity_id], top.date.iso(),
                               subject=unit.entity_id)
        self._page(answer, positions)

    def _who(self, parsed: Parsed, answer: Answer, today: dt.date) -> None:
        """`who …`: read as the question "who …" (a profile, a holder, a successor)."""
        date, _ = find_date(parsed.text)
        self._search(Parsed(Intent.SEARCH, f"who {parsed.text}", date), answer, today)

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
        answer.read_as = _reading(parsed.date)
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
        answer.reorgs = [d for d in reorg_days(self.index)
                         if (d.month, d.day) == (day.month, day.day) and d < day]
        answer.names = self.names_for(answer)
        return answer

    def events_near_day(self, month: int, day: int) -> tuple[list[int], int]:
        """Events on this month/day of any year, oldest first; else the nearest within 3 days."""
        base = dt.date(2000, month, day)  # a leap year, so 29 February has neighbours
        for distance in range(NEAREST_DAYS + 1):
            found: list[int] = []
            for sign in (-1, 1) if distance else (1,):
                other = base + dt.timedelta(days=sign * distance)
                found += self.index.by_monthday.get((other.month, other.day), ())
            if found:
                return sorted(found, key=lambda p: self.index.events[p].date.sort_key()), distance
        return [], 0

    def _structure(self, parsed: Parsed, answer: Answer, today: dt.date) -> None:
        """`org`, `changes`, `succession` typed as commands."""
        date, rest = find_date(parsed.text)
        if parsed.intent is Intent.ORG:
            answer_org(self, date, rest, answer, today, side_of(rest))
        elif parsed.intent is Intent.CHANGES:
            answer_changes(self, date, rest, answer, today)
        else:
            answer_succession(self, parsed.text, answer)

    def _period(self, parsed: Parsed, answer: Answer, _today: dt.date) -> None:
        period = parsed.date
        answer.period = period.label()
        answer.read_as = _reading(period)
        first, last = _span(period)
        positions = [p for year in range(first.year, last.year + 1)
                     for p in self.index.by_year.get(year, [])
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
        return EntityHit(info.id, info.kind, self.entity_names(info.id), mention.score, mention.how,
                         tuple(info.details.get("nicknames") or ()))

    def entity_names(self, entity_id: str) -> dict[str, str]:
        info = self.index.entities.get(entity_id)
        if info is None:
            return {"en": entity_id, "zh-hans": entity_id, "zh-hant": entity_id}
        return {"en": info.name_en, "zh-hans": info.name_zh,
                "zh-hant": to_traditional(info.name_zh)}

    def _former_until(self, mention: Mention) -> dt.date | None:
        """The last day of the former name the mention was typed as, if it was one."""
        typed = fold(mention.typed)
        for former in self.index.entities[mention.entity_id].details.get("former_names") or []:
            names = [fold(str(former.get(k) or "")) for k in ("name", "en")]
            if former.get("until") and any(n and (typed in n or n in typed) for n in names):
                try:
                    return PartialDate.parse(former["until"]).last_day()
                except ValueError:
                    return None
        return None

    def _is_person(self, entity_id: str) -> bool:
        info = self.index.entities.get(entity_id)
        return info is not None and info.kind == "person"

    def _text_evidence(self, terms: list[str], known: list[str], best: int,
                       pinyin: bool) -> float:
        """How much of the question's information the best-matching event holds, 0–1.

        Words weigh by idf; a word the base does not hold counts as the rarest word would
        ("Zhang Yong Nvidia" is half unanswered), and a question of common words only
        ("company", "公司") carries too little information to be answered from text. The
        question's words are counted once: as pinyin for a pinyin question, else as written."""
        words = [t for t in terms if "+" not in t and t.startswith(PINYIN_MARK) == pinyin]
        known = [t for t in known if t in words]
        idf = self.index.text.idf
        held = sum(idf[t] for t in known if best in self.index.text.holding(t))
        asked = sum(idf.get(t, self.index.text.max_idf) for t in words)
        specific = sum(idf[t] for t in known)
        return (held / asked if asked else 0.0) * min(1.0, specific / SPECIFIC_IDF)

    def _score_events(self, question: Question, reading: Reading,
                      starts: dict[str, RoleInfo]) -> tuple[dict[int, float], float]:
        """Each candidate event's score, and the evidence that anything answers at all.

        Text relevance (BM25 on a 0–1 scale, lowered by words the base does not hold), the
        names the question resolves to (weighted by their part in the event), the kind of
        event asked for, and the start of a post the question names all add up; "nothing
        found" is an evidence below EVIDENCE_MIN, never a veto by one unknown word.
        """
        scores: dict[int, float] = defaultdict(float)
        terms = query_terms(question.rest, question.pinyin)
        known = [t for t in terms if self.index.text.known(t)]
        text_best = 0.0
        if known:
            text = self.index.text.scores(known)
            ceiling = self.index.text.full_match(known)
            for pos, value in text.items():
                scores[pos] += TEXT_WEIGHT * min(1.0, value / ceiling)
            best = max(text, key=text.__getitem__)
            # A word read as pinyin may be English after all ("quantum"): the better reading.
            text_best = max(self._text_evidence(terms, known, best, pinyin)
                            for pinyin in {False, question.pinyin})
        matched: dict[int, int] = defaultdict(int)
        matched: dict[int, int] = defaultdict(int)
        for mention in reading.mentions:
            for pos in self.index.by_entity.get(mention.entity_id, []):
                role = self.index.events[pos].role_of(mention.entity_id, "involved")
                scores[pos] += mention.score / 100 * ROLE_WEIGHT.get(role, 0.6)
                matched[pos] += 1
        for pos, count in matched.items():
            scores[pos] += 0.5 * (count - 1)
        for mention in reading.mentions:
            until = self._former_until(mention)
            if until is not None:  # "ChinaVision": the events from when it had that name
                for pos in self.index.by_entity.get(mention.entity_id, []):
                    if self.index.events[pos].date.first_day() <= until:
                        scores[pos] += FORMER_NAME_WEIGHT
        wanted = _wanted(reading.kinds)
        if wanted:
            pool = list(scores) if scores else range(len(self.index.events))
            for pos in pool:
                if self.index.events[pos].kind in wanted:
                    scores[pos] += KIND_WEIGHT
        for event_id, role in starts.items():
            pos = self.index.event_pos.get(event_id)
            if pos is not None:
                scores[pos] += POST_WEIGHT + (0.3 if (role.unit or ROOT_ID) == ROOT_ID else 0.0)
        # A name is evidence in proportion to how much of the question is understood:
        # "Zhang Yong Nvidia" is half a question about something the base does not hold.
        understood = (len(reading.mentions) + len(reading.titles) + len(reading.kinds)
                      + len(reading.terms) + reading.root)
        coverage = understood / (understood + len(reading.unknown)) if understood else 0.0
        best_mention = max((m.score / 100 for m in reading.mentions), default=0.0) * coverage
        evidence = max(text_best, best_mention, KIND_WEIGHT * coverage if wanted and scores
                       else 0.0)
        return scores, evidence

    def _nothing(self, answer: Answer, reading: Reading, typed: str,
                 matched: bool = False) -> None:
        answer.outcome = Outcome.NOTHING_FOUND
        answer.typed = " ".join(reading.unknown) or typed
        ids = [m.entity_id for m in reading.mentions] or suggest_names(self.index, typed)
        answer.suggestions = [self.entity_names(i)[answer.lang] for i in ids][:3]
        answer.entities = [self._hit(m) for m in reading.mentions] if matched else []

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

    def _holders(self, unit: str, titles: set[str], span: tuple[dt.date, dt.date] | None,
                 when: str, answer: Answer, now: bool = False) -> None:
        """Who held a post (CEO, chairman …, or head) at a unit: on a date, now, or ever."""
        answer.intent = Intent.WHO
        titles = titles - {"head"} or {"head"}
        matches = holders(self.index.roles, unit, titles, span)
        fact = Fact.HOLDS
        if not matches and now:
            matches, fact = last_known(self.index.roles, unit, titles), Fact.LAST_KNOWN
            if not matches:
                matches, fact = last_held(self.index.roles, unit, titles), Fact.VACANT
        matches.sort(key=lambda r: r.start.sort_key() if r.start else (0, 0, 0))
        answer.roles = [_role_line(r) for r in matches]
        seen = list(dict.fromkeys(r.person for r in matches))
        answer.entities = [EntityHit(p, "person", self.entity_names(p), 100.0, "role")
                           for p in seen]
        events = [self.index.event_pos[r.start_event] for r in matches
                  if r.start_event in self.index.event_pos]
        self._page(answer, list(dict.fromkeys(events)))
        if not matches:
            answer.outcome = Outcome.NO_HOLDER
            answer.unit_name = self.entity_names(unit)[answer.lang]
            answer.when = when
            before, after = around(self.index.roles, unit, titles, span) if span else (None,
                                                                                    None)
            if before or after:
                answer.direct = Direct(Fact.NONE_RECORDED, [], [], [unit], None,
                                       _role_line(after) if after else None,
                                       _role_line(before) if before else None, when=when,
                                       subject=unit)
                answer.names = self.names_for(answer)
        elif span:
            answer.direct = Direct(fact, [e for e in (r.start_event for r in matches)
                                          if e in self.index.event_pos][:3],
                                   seen, [unit], None, holders=[_role_line(r) for r in matches],
                                   when=when, subject=unit)

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
        direct = answer.direct
        if direct:
            lines = [r for r in (direct.role, direct.other, *direct.holders) if r]
            ids |= {*direct.people, *direct.units, *(r.person for r in lines),
                    *(r.unit or ROOT_ID for r in lines)}
            ids |= {direct.subject} if direct.subject else set()
        return {i: self.entity_names(i) for i in ids}

    def fetch_events(self, ids: list[str]) -> list[dict]:
        """Full events, in the order asked: from the database once, then from memory.

        An event's text only changes with the base, and a new base means a new historian."""
        missing = [i for i in ids if i not in self._events]
        if missing:
            if len(self._events) + len(missing) > EVENT_CACHE:
                self._events.clear()
            for event in read_events(self.engine, missing, self._kinds):
                self._events[event["id"]] = event
        return [self._events[i] for i in ids if i in self._events]
