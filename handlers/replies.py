"""What the listeners need from the conversation service, and the replies it gives them.

handlers/ never imports bot/: bot.chat implements `ChatService` and fills these shapes, so the
arrows go bot → handlers → knowledge only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from knowledge.answer import Answer
from knowledge.digest import DigestAnswer
from knowledge.intent import Intent
from knowledge.stats import BaseCounts


@dataclass(frozen=True)
class Place:
    """Where a line was typed: the thread whose memory `more` pages on, and who typed it."""

    team: str = ""
    channel: str = ""
    thread: str = ""
    user: str = ""


class SubscriptionView(Protocol):
    """The parts of a digest subscription that are shown."""

    id: int
    channel_id: str
    local_time: str
    tz: str
    lang: str
    subscribed_by: str
    state: str
    paused_reason: str | None
    last_delivery: str | None
    weekdays: bool
    window_days: int
    skip_empty: bool

    @property
    def paused_by(self) -> str | None: ...


@dataclass
class DigestReply:
    """The answer to subscribe, unsubscribe or subscriptions in a channel."""

    intent: Intent
    lang: str
    subscription: SubscriptionView | None = None  # subscribed (or updated)
    subscriptions: list[SubscriptionView] = field(default_factory=list)  # the workspace's
    done: bool = False  # unsubscribe: there was a subscription to remove
    error: str = ""  # why the request could not become a subscription
    channel: str = ""  # the channel asked about
    cannot_post: str = ""  # why the bot cannot post there (a Slack error code): not subscribed


Reply = Answer | DigestReply
NOT_A_CHANNEL = "not_a_channel"  # `cannot_post` when a subscribe comes from no channel


@dataclass
class Home:
    """What the App Home tab shows a user."""

    today: Answer
    lang: str | None  # the user's chosen language; None follows each question
    subscriptions: list[SubscriptionView]  # the ones this user may see and manage
    counts: BaseCounts
    admin: bool = False  # a workspace admin or owner: sees every channel's subscription


class ChatService(Protocol):
    """Everything a listener does beyond acking and laying out (bot.chat.Chat)."""

    def first_time(self, event_id: str, team: str | None) -> bool: ...

    def not_answered(self, event_id: str) -> None: ...

    def ask(self, place: Place, text: str) -> Reply: ...

    def answered_in(self, place: Place) -> bool: ...

    def turn_to(self, place: Place, query: str, lang: str, page: int) -> Answer: ...

    def page(self, query: str, lang: str, page: int, *, sources: bool = False) -> Answer: ...

    def user_lang(self, place: Place) -> str: ...

    def home(self, place: Place) -> Home: ...

    def pause(self, place: Place, subscription_id: int) -> bool: ...

    def resume(self, place: Place, subscription_id: int) -> bool: ...

    def preview(self, place: Place, subscription_id: int) -> DigestAnswer | None: ...

    def subscription(self, place: Place, subscription_id: int) -> SubscriptionView | None: ...

    def set_lang(self, place: Place, lang: str) -> None: ...

    def about_message(self, place: Place, text: str) -> Reply | None: ...

    def zones(self, typed: str) -> list[str]: ...

    def user_zone(self, place: Place) -> str: ...

    def event(self, event_id: str) -> dict | None: ...

    def report_mistake(self, place: Place, event_id: str, what: str,
                       source: str) -> int | None: ...
