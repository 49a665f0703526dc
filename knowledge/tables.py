"""The event base's tables: rebuilt from the knowledge files by `knowledge.store`.

They live here, beside the code that reads them, so `knowledge/` stands without `bot/`; the
application's own state (installs, threads, subscriptions) has its tables in `bot/`.
`content_hash` is a SHA-256 of a row's source record: a reload rewrites only what changed.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The event base's metadata (the app's state has its own, in bot.slack_models)."""


class EntityRow(Base):
    """A person, unit or company; `details` keeps curated extras (former names, type) as JSON."""

    __tablename__ = "entities"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[str] = mapped_column(Text, default="{}")
    content_hash: Mapped[str] = mapped_column(String(64))


class AliasRow(Base):
    __tablename__ = "aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200), index=True)


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)
    effective: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(24))
    title_en: Mapped[str] = mapped_column(Text)
    title_zh: Mapped[str] = mapped_column(Text)
    title_zh_hant: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)
    summary_zh: Mapped[str] = mapped_column(Text)
    summary_zh_hant: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10), default="files")
    content_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_events_month_day", "month", "day"),)


class EventEntityRow(Base):
    __tablename__ = "event_entities"
    event_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(24))
    position: Mapped[int] = mapped_column(Integer, default=0)


class SourceRow(Base):
    __tablename__ = "event_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    publisher: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class RoleRow(Base):
    """A tenure: who held which title in which unit, from when to when."""

    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[str | None] = mapped_column(
        String(80), ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    title_en: Mapped[str] = mapped_column(String(300))
    title_zh: Mapped[str] = mapped_column(String(300))
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    start_event_id: Mapped[str | None] = mapped_column(String(120))
    end_event_id: Mapped[str | None] = mapped_column(String(120))


class PlacementRow(Base):
    """A structure edge as days (see knowledge.structure): where a unit sat, and when."""

    __tablename__ = "placements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("entities.id", ondelete="CASCADE")
    )
    first_day: Mapped[str] = mapped_column(String(10))
    until_day: Mapped[str | None] = mapped_column(String(10))  # None: still in place
    confirmed_day: Mapped[str | None] = mapped_column(String(10))  # an unknown end's last sign
    start: Mapped[str] = mapped_column(String(10))  # as written: 2013, 2013-09 or 2013-09-10
    end: Mapped[str | None] = mapped_column(String(10))  # as written, or "unknown"
    start_event_id: Mapped[str | None] = mapped_column(String(120))
    end_event_id: Mapped[str | None] = mapped_column(String(120))
    reports_to: Mapped[str | None] = mapped_column(String(80))
    dual: Mapped[int] = mapped_column(Integer, default=0)
    sources: Mapped[str] = mapped_column(Text, default="[]")  # the edge's own, as JSON


class MetaRow(Base):
    """Small key/value facts about the database, e.g. the fingerprint of the loaded files."""

    __tablename__ = "kb_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
