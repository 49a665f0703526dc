"""Digest subscriptions, the delivery ledger that makes each digest arrive once, and what each
channel was shown, so no event is told to it twice within its window."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.slack_models import Base, utcnow


class SubscriptionRow(Base):
    """One per channel: subscribing again updates it."""

    __tablename__ = "digest_subscriptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    local_time: Mapped[str] = mapped_column(String(5))  # HH:MM
    tz: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    subscribed_by: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(8), default="active")  # active | paused
    paused_reason: Mapped[str | None] = mapped_column(Text)
    weekdays: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    repeat_window_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    skip_empty: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_subscription_channel"),)


class DeliveryRow(Base):
    """A digest for one subscription and local date: claimed before posting, then confirmed.

    The unique key is what makes delivery exactly-once across processes and replicas.
    """

    __tablename__ = "digest_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("digest_subscriptions.id", ondelete="CASCADE"))
    local_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(8))  # claimed | posted | failed | skipped
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_ms: Mapped[int] = mapped_column(BigInteger)  # epoch ms: compares alike everywhere
    message_ts: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    # Names what this claim recorded in digest_posted_events; kept when a claim is taken over.
    claim_token: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("subscription_id", "local_date", name="uq_delivery_day"),)


class PostedEventRow(Base):
    """An event a channel's digest showed on a local date (channel message or its thread).

    Keyed by channel, not subscription: unsubscribing and subscribing again must not make a
    channel hear the same story twice. Written with the delivery's claim, before the post, so
    no crash can post an event this table does not know about. `claim_token` names the claim
    that wrote a row (subscription ids alone are reused by SQLite after a delete): a claim given
    back forgets its rows, and one taken over replaces them.
    """

    __tablename__ = "digest_posted_events"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    local_date: Mapped[dt.date] = mapped_column(Date, primary_key=True, index=True)
    subscription_id: Mapped[int] = mapped_column(Integer)
    claim_token: Mapped[str] = mapped_column(String(32))
