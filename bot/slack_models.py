"""Tables of the Slack app's own state: installs, event receipts, thread memory, preferences."""

from __future__ import annotations

import datetime as dt

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The app's own state; the event base's tables are in knowledge.tables."""


# slack_sdk's own table layouts, declared on our metadata so Alembic migrations create them.
INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, "slack_installations")
BOTS_TABLE = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
OAUTH_STATES_TABLE = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, "slack_oauth_states")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class EventReceiptRow(Base):
    """One row per Events API event_id: a retried delivery finds its row and is dropped."""

    __tablename__ = "slack_event_receipts"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ThreadStateRow(Base):
    """What the bot last answered in a thread, so `more` and `sources` work there."""

    __tablename__ = "slack_thread_states"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    page: Mapped[int] = mapped_column(Integer)
    intent: Mapped[str] = mapped_column(String(24))
    event_ids: Mapped[str] = mapped_column(Text)  # JSON list
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserPrefRow(Base):
    __tablename__ = "slack_user_prefs"
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
