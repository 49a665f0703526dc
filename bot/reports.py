"""Mistakes users report about events ("Report a mistake"), kept until a curator closes them.

Each report keeps who sent it, from which workspace, when, about which event, what is wrong and
the source they offered; `python -m bot kb reports` lists them and `kb reports close ID` closes
one. Every write is one short transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Engine, Integer, String, Text, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from bot.slack_models import Base, utcnow

WHAT_LIMIT = 2000  # characters kept of "what is wrong" (the modal allows as many)
SOURCE_LIMIT = 500


class ReportRow(Base):
    __tablename__ = "mistake_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(128))  # not a foreign key: events are reloaded
    what: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Report:
    id: int
    team_id: str
    user_id: str
    event_id: str
    what: str
    source: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None


class MistakeReports:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, team_id: str, user_id: str, event_id: str, what: str,
            source: str | None) -> int:
        with self.engine.begin() as conn:
            return int(conn.execute(insert(ReportRow).values(
                team_id=team_id, user_id=user_id, event_id=event_id,
                what=what.strip()[:WHAT_LIMIT],
                source=(source or "").strip()[:SOURCE_LIMIT] or None,
                created_at=utcnow()).returning(ReportRow.id)).scalar_one())

    def listed(self, *, include_closed: bool = False) -> list[Report]:
        """Open reports (or all), oldest first: the order a curator works through them."""
        query = select(ReportRow).order_by(ReportRow.id)
        if not include_closed:
            query = query.where(ReportRow.closed_at.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [Report(r["id"], r["team_id"], r["user_id"], r["event_id"], r["what"],
                       r["source"], r["created_at"], r["closed_at"]) for r in rows]

    def close(self, report_id: int) -> str:
        """'closed', 'already' (it was closed before) or 'unknown' (no such report)."""
        with self.engine.begin() as conn:
            found = conn.execute(select(ReportRow.closed_at).where(ReportRow.id == report_id)
                                 ).first()
            if found is None:
                return "unknown"
            if found[0] is not None:
                return "already"
            conn.execute(update(ReportRow).where(ReportRow.id == report_id)
                         .values(closed_at=utcnow()))
        return "closed"
