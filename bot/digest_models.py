"""Digest subscriptions and the delivery ledger that makes each digest arrive once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
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
    state: Mapped[str] = mapped_column(String(8))  # claimed | posted | failed
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_ms: Mapped[int] = mapped_column(BigInteger)  # epoch ms: compares alike everywhere
    message_ts: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("subscription_id", "local_date", name="uq_delivery_day"),)
