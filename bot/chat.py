"""The one conversation service: what the console, the CLI, the Slack listeners and the buttons
all go through.

A line is cleaned and read once here, the reply language is chosen once here, and a thread's
memory (for `more` and `sources`) is updated whichever way a user pages — typing `more` or
pressing **More**. The console keeps memory in a dict; Slack threads keep it in the database
(`bot.slack_state`), so `more` works across restarts and replicas.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.reports import MistakeReports
from bot.settings import iana_zones
from bot.subscriptions import (
    Subscription,
    SubscriptionError,
    Subscriptions,
    _valid_zone,
    parse_request,
)
from handlers.replies import NOT_A_CHANNEL, DigestReply, Home, Place, Reply
from knowledge.answer import Answer, Outcome
from knowledge.dates import find_date
from knowledge.digest import DigestAnswer
from knowledge.followup import Context, refers_back, with_context
from knowledge.historian import Historian
from knowledge.intent import DIGEST_INTENTS, PAGEABLE, Intent, Parsed, parse_intent
from knowledge.langs import LANGS, language_of
from knowledge.resolve import read_query
from knowledge.stats import BaseCounts, base_counts
from knowledge.text import clean_input

log = logging.getLogger(__name__)


@dataclass
class LastAnswer:
    query: str
    lang: str
    page: int
    intent: str
    event_ids: list[str] = field(default_factory=list)


class Memory(Protocol):
    """What one thread (or console session) last answered."""

    def recall(self) -> LastAnswer | None: ...

    def remember(self, last: LastAnswer) -> None: ...


class Prefs(Protocol):
    """Each user's chosen reply language."""

    def lang(self, team_id: str, user_id: str) -> str | None: ...

    def set_lang(self, team_id: str, user_id: str, lang: str) -> None: ...


@dataclass
class InMemory:
    last: LastAnswer | None = None

    def recall(self) -> LastAnswer | None:
        return self.last

    def remember(self, last: LastAnswer) -> None:
        self.last = last


@dataclass
class InMemoryPrefs:
    langs: dict[tuple[str, str], str] = field(default_factory=dict)

    def lang(self, team_id: str, user_id: str) -> str | None:
        return self.langs.get((team_id, user_id))

    def set_lang(self, team_id: str, user_id: str, lang: str) -> None:
        self.langs[(team_id, user_id)] = lang


class Receipts(Protocol):
    def first_time(self, event_id: str, team_id: str | None) -> bool: ...

    def forget(self, event_id: str) -> None: ...


class Access(Protocol):
    """What Slack says about a workspace's channels and people (bot.slack_access)."""

    def channel_problem(self, team: str, channel: str) -> str | None: ...

    def is_admin(self, team: str, user: str) -> bool: ...

    def user_zone(self, team: str, user: str) -> str | None: ...


# What a follow-up can be: a question, not a command.
_QUESTIONS = frozenset({Intent.SEARCH, Intent.WHO, Intent.UNIT, Intent.PERIOD})
ZONE_OPTIONS = 100  # Slack shows at most 100 options in a select
MESSAGE_NAMES = 3  # names a message shortcut asks about at most


class Chat:
    """Ask, page on, cite sources, choose a language, manage digests; see handlers.replies."""

    def __init__(self, historian: Historian, memory_for: Callable[[Place], Memory],
                 prefs: Prefs, today: Callable[[], dt.date], *,
                 subscriptions: Subscriptions | None = None, receipts: Receipts | None = None,
                 default_tz: str = "Asia/Shanghai", access: Access | None = None,
                 reports: MistakeReports | None = None) -> None:
        self.historian = historian
        self.memory_for = memory_for
        self.prefs = prefs
        self.today = today
        self.subscriptions = subscriptions  # None: digests are managed in Slack, not here
        self.receipts = receipts
        self.default_tz = default_tz
        self.access = access  # None: no Slack to ask (every channel is taken as postable)
        self.reports = reports

    @classmethod
    def local(cls, historian: Historian, today: Callable[[], dt.date]) -> Chat:
        """One session in memory: the console and `ask`."""
        memory = InMemory()
        return cls(historian, lambda _place: memory, InMemoryPrefs(), today)

    # --- questions -------------------------------------------------------------------------

    def ask(self, place: Place, text: str, lang: str | None = None) -> Reply:
        """One line as typed after /reorg; `lang` overrides the user's choice and the script."""
        text = clean_input(text)
        parsed = parse_intent(text)
        reply_lang = lang or self.prefs.lang(place.team, place.user) or language_of(text)
        if parsed.intent in DIGEST_INTENTS and self.subscriptions is not None:
            return self._digest_command(place, parsed, reply_lang)
        memory = self.memory_for(place)
        last = memory.recall()
        if parsed.intent is Intent.MORE and last is not None:
            return self._show(memory, last.query, last.lang, last.page + 1)
        if parsed.intent is Intent.SOURCES and last is not None:
            return self._sources(last.query, lang or last.lang, last.page, last.event_ids)
        if last is not None and parsed.intent in _QUESTIONS and refers_back(text):
            followed = with_context(text, self._context(last, reply_lang))
            if followed is not None:  # "who ran it after that?": the thread's subject, date
                text, parsed = followed, parse_intent(followed)
        answer = self.historian.answer_parsed(parsed, text, reply_lang, today=self.today())
        if answer.outcome is Outcome.LANG_SET:
            self.prefs.set_lang(place.team, place.user, answer.lang)
        elif answer.intent in PAGEABLE:
            _remember(memory, answer)
        return answer

    def turn_to(self, place: Place, query: str, lang: str, page: int) -> Answer:
        """Page `page` of the query (‹ Prev / Next ›); the conversation remembers it, so a
        `more` typed next goes on from the page on screen."""
        return self._show(self.memory_for(place), query, lang, page)

    def page(self, query: str, lang: str, page: int, *, sources: bool = False) -> Answer:
        """One page of a query again as it was shown, or that page's sources (**Share in
        channel** shares what is on screen)."""
        answer = self.historian.answer(query, lang=lang, page=page, today=self.today())
        if sources:
            return self._sources(query, lang, page, [e["id"] for e in answer.events])
        return answer

    def _sources(self, query: str, lang: str, page: int, event_ids: list[str]) -> Answer:
        """The sources of the events a page showed."""
        answer = Answer(intent=Intent.SOURCES, query=query, lang=lang, page=page,
                        events=self.historian.fetch_events(event_ids))
        answer.names = self.historian.names_for(answer)
        return answer

    def _show(self, memory: Memory, query: str, lang: str, page: int) -> Answer:
        answer = self.historian.answer(query, lang=lang, page=page, today=self.today())
        if answer.page < page:  # past the last page
            answer.events, answer.outcome = [], Outcome.NO_MORE
        else:
            _remember(memory, answer)
        return answer

    def _context(self, last: LastAnswer, lang: str) -> Context:
        """Whom, what and when the last answer was about: the person and unit its answer
        sentence rests on (else its first such entities), and the sentence's date (else the
        date of the first event it showed)."""
        prior = self.historian.answer(last.query, lang=last.lang, today=self.today())
        direct = prior.direct
        people = [*(direct.people if direct else []),
                  *(e.id for e in prior.entities if e.kind == "person")]
        units = [*(direct.units if direct else []),
                 *(e.id for e in prior.entities if e.kind != "person")]
        date = direct.date if direct else None
        if date is None and last.event_ids:
            shown = self.historian.fetch_events(last.event_ids[:1])
            date = shown[0]["date"] if shown else None

        def name(ids: list[str]) -> str:
            names = prior.names.get(ids[0], {}) if ids else {}
            return names.get(lang) or names.get("en", "")

        return Context(name(people), name(units), date)

    def answered_in(self, place: Place) -> bool:
        """Whether the bot has answered in this thread (it reads follow-ups only there)."""
        return self.memory_for(place).recall() is not None

    def user_lang(self, place: Place) -> str:
        """The language to speak to this user in when no question says otherwise."""
        return self.prefs.lang(place.team, place.user) or "en"

    # --- Slack's own events -----------------------------------------------------------------

    def first_time(self, event_id: str, team: str | None) -> bool:
        """False for an event already answered (Slack retried it, or another replica has it).

        A receipt that cannot be written (a full disk, a read-only database) answers all the
        same: silence is worse than the rare second answer to a retry."""
        if self.receipts is None:
            return True
        try:
            return self.receipts.first_time(event_id, team)
        except SQLAlchemyError:
            log.warning("could not record event %s; answering it anyway", event_id,
                        exc_info=True)
            return True

    def not_answered(self, event_id: str) -> None:
        """The answer could not be posted: Slack's retry of this event is answered, not
        dropped as a duplicate. Best effort, so that the apology still goes out."""
        if self.receipts is None:
            return
        try:
            self.receipts.forget(event_id)
        except SQLAlchemyError:
            log.warning("could not forget event %s", event_id, exc_info=True)

    def home(self, place: Place) -> Home:
        """Today's stories, the base's size and the subscriptions this user may manage: the
        ones they set up, or every one in the workspace for an admin."""
        lang = self.prefs.lang(place.team, place.user)
        admin = self._admin(place)
        mine = [s for s in self._subscriptions().for_team(place.team)
                if admin or s.subscribed_by == place.user]
        return Home(self.historian.digest(self.today(), lang or "en"), lang, mine,
                    self.counts, admin)

    @functools.cached_property
    def counts(self) -> BaseCounts:
        """The base's size, once per process: the search index is built once too."""
        return base_counts(self.historian.engine)

    def set_lang(self, place: Place, lang: str) -> bool:
        """The Home tab's language select; False (and nothing stored) for no known language."""
        if lang not in LANGS:
            return False
        self.prefs.set_lang(place.team, place.user, lang)
        return True

    def about_message(self, place: Place, text: str) -> Reply | None:
        """The message shortcut: the people, units and date a message names, asked as one
        query (so **More**, `sources` and sharing work on it); None when it names none."""
        text = clean_input(text)
        index, latin = self.historian.index, language_of(text) == "en"
        names = []
        for mention in read_query(index, text).mentions[:MESSAGE_NAMES]:
            entity = index.entities[mention.entity_id]
            names.append(entity.name_en if latin else entity.name_zh)
        date, _ = find_date(text)
        if date is not None:
            names.append(date.label())
        return self.ask(place, " ".join(names)) if names else None

    def zones(self, typed: str) -> list[str]:
        """Time zones whose name contains what was typed ("york", "shang", "new york")."""
        wanted = typed.strip().casefold().replace(" ", "_")
        if not wanted:
            return []
        found = sorted(z for z in iana_zones() if wanted in z.casefold() and _valid_zone(z))
        return found[:ZONE_OPTIONS]

    def user_zone(self, place: Place) -> str:
        """The zone Slack has for the user, when it is one digests accept; else the default."""
        zone = self.access.user_zone(place.team, place.user) if self.access else None
        return zone if zone and _valid_zone(zone) else self.default_tz

    def event(self, event_id: str) -> dict | None:
        found = self.historian.fetch_events([event_id])
        return found[0] if found else None

    def report_mistake(self, place: Place, event_id: str, what: str,
                       source: str) -> int | None:
        """Store a user's report; None (nothing stored) when the event is unknown or nothing
        is said to be wrong."""
        if self.reports is None or not what.strip() or self.event(event_id) is None:
            return None
        return self.reports.add(place.team, place.user, event_id, what, source)

    # --- digests ----------------------------------------------------------------------------

    def _subscriptions(self) -> Subscriptions:
        if self.subscriptions is None:
            raise RuntimeError("digest subscriptions are managed in Slack")
        return self.subscriptions

    def _digest_command(self, place: Place, parsed: Parsed, lang: str) -> DigestReply:
        subscriptions = self._subscriptions()
        if parsed.intent is Intent.SUBSCRIPTIONS:
            return DigestReply(parsed.intent, lang,
                               subscriptions=list(subscriptions.for_team(place.team)))
        if parsed.intent is Intent.UNSUBSCRIBE:
            return DigestReply(parsed.intent, lang,
                               done=subscriptions.unsubscribe(place.team, place.channel))
        try:
            request = parse_request(parsed.text, self.default_tz, lang)
        except SubscriptionError as err:
            return DigestReply(parsed.intent, lang, error=str(err))
        # Subscribe only where the bot can post: otherwise the first delivery would fail.
        problem = self._cannot_post(place)
        if problem:
            return DigestReply(parsed.intent, lang, channel=place.channel, cannot_post=problem)
        sub = subscriptions.subscribe(place.team, place.channel, place.user, request)
        return DigestReply(parsed.intent, lang, subscription=sub, channel=place.channel)

    def _cannot_post(self, place: Place) -> str | None:
        if not place.channel:
            return NOT_A_CHANNEL
        return self.access.channel_problem(place.team, place.channel) if self.access else None

    def pause(self, place: Place, subscription_id: int) -> bool:
        """Pause a subscription the user may manage; False when there is none such."""
        if self.subscription(place, subscription_id) is None:
            return False
        self._subscriptions().pause_by_user(subscription_id, place.user)
        return True

    def resume(self, place: Place, subscription_id: int) -> bool:
        if self.subscription(place, subscription_id) is None:
            return False
        self._subscriptions().resume(subscription_id)
        return True

    def preview(self, place: Place, subscription_id: int) -> DigestAnswer | None:
        """Today's digest as the subscription would post it."""
        sub = self.subscription(place, subscription_id)
        return None if sub is None else self.historian.digest(self.today(), sub.lang)

    def subscription(self, place: Place, subscription_id: int) -> Subscription | None:
        """The subscription, if the user may manage it: they set it up, or they are an admin
        of its workspace."""
        sub = self._subscriptions().by_id(subscription_id)
        if sub is None or sub.team_id != place.team:
            return None
        return sub if sub.subscribed_by == place.user or self._admin(place) else None

    def _admin(self, place: Place) -> bool:
        return self.access is not None and self.access.is_admin(place.team, place.user)


def _remember(memory: Memory, answer: Answer) -> None:
    """Best effort: on a full disk or a read-only database the answer is still given, and
    only `more` / `sources` after it lose their memory."""
    try:
        memory.remember(LastAnswer(answer.query, answer.lang, answer.page, answer.intent,
                                   [e["id"] for e in answer.events]))
    except (SQLAlchemyError, UnicodeError):
        log.warning("could not remember the answer to %r", answer.query, exc_info=True)
