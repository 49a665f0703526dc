"""Digest subscriptions: reading `/reorg subscribe [HH:MM] [zone] [lang] [weekdays|daily] [Nd]
[skip-empty|post-empty]` and keeping them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.digest_models import DeliveryRow, SubscriptionRow
from bot.settings import iana_zones
from bot.slack_models import utcnow
from handlers.messages import say
from knowledge.digest import DEFAULT_WINDOW, MAX_WINDOW, MIN_WINDOW
from knowledge.langs import lang_named

DEFAULT_TIME = "09:00"
# A pause from the Home tab keeps who pressed it; other reasons are Slack error codes.
PAUSED_BY_USER = "user:"
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_WINDOW = re.compile(r"^(\d{1,3})(?:d|days?|天)$", re.I)
# Schedule words, in English and Chinese: True for weekdays only.
_SCHEDULES = {"weekdays": True, "weekday": True, "工作日": True, "daily": False,
              "每天": False, "每日": False}
# What a day with nothing new gets: True skips it.
_EMPTY_DAYS = {"skip-empty": True, "post-empty": False}


class SubscriptionError(ValueError):
    """Input that cannot become a subscription; the message shows the right form."""


@dataclass(frozen=True)
class Request:
    local_time: str
    tz: str
    lang: str
    weekdays: bool = False  # Monday to Friday (local) only
    window_days: int = DEFAULT_WINDOW  # no event told to the channel twice within this
    skip_empty: bool = True  # a day with nothing new gets no post


@dataclass(frozen=True)
class Subscription:
    id: int
    team_id: str
    channel_id: str
    local_time: str
    tz: str
    lang: str
    subscribed_by: str
    state: str
    paused_reason: str | None
    last_delivery: str | None = None
    weekdays: bool = False
    window_days: int = DEFAULT_WINDOW
    skip_empty: bool = True

    @property
    def paused_by(self) -> str | None:
        """The user who paused it from the Home tab, if that is why it is paused."""
        reason = self.paused_reason or ""
        return reason[len(PAUSED_BY_USER):] if reason.startswith(PAUSED_BY_USER) else None

    @property
    def zone(self) -> ZoneInfo:
        """Read from the tzdata package's names only: a name stored before subscribing checked
        them (posix/…) fails on every deliverer alike, not just on those without a system
        zoneinfo."""
        if not _valid_zone(self.tz):
            raise ZoneInfoNotFoundError(f"{self.tz!r} is not a zone of the tzdata package")
        return ZoneInfo(self.tz)

    def due_at(self, local_date: dt.date) -> dt.datetime:
        """When the digest for `local_date` falls due (a time skipped by DST falls after it)."""
        hour, minute = map(int, self.local_time.split(":"))
        naive = dt.datetime.combine(local_date, dt.time(hour, minute))
        return naive.replace(tzinfo=self.zone)


def _valid_zone(name: str) -> bool:
    """Only zones of the `tzdata` package, which every deliverer has: a name that only this
    machine's /usr/share/zoneinfo knows (posix/…, right/…) would break a deliverer without it."""
    return name in iana_zones() and ("/" in name or name == "UTC")


def parse_request(text: str, default_tz: str, default_lang: str) -> Request:
    """`09:00 Asia/Shanghai zh-hans weekdays 14d` in any order, each part optional; what cannot
    be read is refused in the subscription's language (`default_lang` unless one is typed)."""
    local_time, tz, lang = DEFAULT_TIME, default_tz, default_lang
    weekdays, window, skip_empty = False, DEFAULT_WINDOW, True
    for word in text.split():
        match, folded = _TIME.match(word), word.casefold()
        window_match = _WINDOW.match(word)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour > 23 or minute > 59:
                raise SubscriptionError(say("bad_time", default_lang, word=word))
            local_time = f"{hour:02d}:{minute:02d}"
        elif window_match:
            window = int(window_match.group(1))
            if not MIN_WINDOW <= window <= MAX_WINDOW:
                raise SubscriptionError(say("bad_window", default_lang, word=word,
                                            least=MIN_WINDOW, most=MAX_WINDOW))
        elif folded in _SCHEDULES:
            weekdays = _SCHEDULES[folded]
        elif folded in _EMPTY_DAYS:
            skip_empty = _EMPTY_DAYS[folded]
        elif lang_named(word):
            lang = lang_named(word)
        elif _valid_zone(word):
            tz = word
        elif re.match(r"^\d", word):
            raise SubscriptionError(say("bad_time", default_lang, word=word))
        else:
            raise SubscriptionError(say("bad_zone", default_lang, word=word))
    return Request(local_time, tz, lang, weekdays, window, skip_empty)


class Subscriptions:
    """The subscriptions table; every write is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def subscribe(self, team_id: str, channel_id: str, user_id: str, request: Request
                  ) -> Subscription:
        values = {"local_time": request.local_time, "tz": request.tz, "lang": request.lang,
                  "weekdays": request.weekdays, "repeat_window_days": request.window_days,
                  "skip_empty": request.skip_empty, "subscribed_by": user_id,
                  "state": "active", "paused_reason": None, "updated_at": utcnow()}
        where = (SubscriptionRow.team_id == team_id, SubscriptionRow.channel_id == channel_id)
        with self.engine.begin() as conn:
            if conn.execute(update(SubscriptionRow).where(*where).values(values)).rowcount == 0:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(SubscriptionRow).values(
                            team_id=team_id, channel_id=channel_id, created_at=utcnow(),
                            **values))
                except IntegrityError:  # subscribed at the same moment elsewhere: update it
                    conn.execute(update(SubscriptionRow).where(*where).values(values))
            ident = conn.scalar(select(SubscriptionRow.id).where(*where))
            _forget_failures(conn, ident)
        found = self.get(team_id, channel_id)
        assert found is not None
        return found

    def unsubscribe(self, team_id: str, channel_id: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(delete(SubscriptionRow).where(
                SubscriptionRow.team_id == team_id,
                SubscriptionRow.channel_id == channel_id)).rowcount > 0

    def pause_by_user(self, subscription_id: int, user_id: str) -> None:
        self.set_state(subscription_id, "paused", PAUSED_BY_USER + user_id)

    def resume(self, subscription_id: int) -> None:
        """Active again; days that failed for good are forgotten, so today's can be retried."""
        with self.engine.begin() as conn:
            _forget_failures(conn, subscription_id)
            conn.execute(update(SubscriptionRow).where(SubscriptionRow.id == subscription_id)
                         .values(state="active", paused_reason=None, updated_at=utcnow()))

    def set_state(self, subscription_id: int, state: str, reason: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(SubscriptionRow).where(SubscriptionRow.id == subscription_id)
                         .values(state=state, paused_reason=reason, updated_at=utcnow()))

    def get(self, team_id: str, channel_id: str) -> Subscription | None:
        found = self._select(SubscriptionRow.team_id == team_id,
                             SubscriptionRow.channel_id == channel_id)
        return found[0] if found else None

    def by_id(self, subscription_id: int) -> Subscription | None:
        found = self._select(SubscriptionRow.id == subscription_id)
        return found[0] if found else None

    def for_team(self, team_id: str) -> list[Subscription]:
        """The workspace's subscriptions, each with the date of its last posted digest."""
        found = self._select(SubscriptionRow.team_id == team_id)
        if not found:
            return found
        with self.engine.connect() as conn:
            last = dict(conn.execute(
                select(DeliveryRow.subscription_id, func.max(DeliveryRow.local_date))
                .where(DeliveryRow.subscription_id.in_([s.id for s in found]),
                       DeliveryRow.state == "posted")
                .group_by(DeliveryRow.subscription_id)).all())
        return [dataclasses.replace(s, last_delivery=last[s.id].isoformat())
                if s.id in last else s for s in found]

    def active(self) -> list[Subscription]:
        return self._select(SubscriptionRow.state == "active")

    def _select(self, *where) -> list[Subscription]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(SubscriptionRow).where(*where)
                                .order_by(SubscriptionRow.id)).mappings().all()
        return [Subscription(r["id"], r["team_id"], r["channel_id"], r["local_time"], r["tz"],
                             r["lang"], r["subscribed_by"], r["state"], r["paused_reason"],
                             weekdays=r["weekdays"], window_days=r["repeat_window_days"],
                             skip_empty=r["skip_empty"])
                for r in rows]


def _forget_failures(conn: Connection, subscription_id: int | None) -> None:
    """A day paused by a failure is retried once the subscription is active again."""
    conn.execute(delete(DeliveryRow).where(DeliveryRow.subscription_id == subscription_id,
                                           DeliveryRow.state == "failed"))
