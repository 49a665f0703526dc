"""The Slack app's memory in the database: seen events, thread answers, language choices.

Every write is one short transaction, so several replicas can share one PostgreSQL.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from bot.chat import LastAnswer
from bot.db import insert_rows
from bot.slack_models import EventReceiptRow, ThreadStateRow, UserPrefRow, utcnow


class EventReceipts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def first_time(self, event_id: str, team_id: str | None) -> bool:
        """Record the event; False when it was recorded before (a retry or a second replica)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(EventReceiptRow).values(event_id=event_id, team_id=team_id,
                                                            received_at=utcnow()))
        except IntegrityError:
            return False
        return True

    def forget(self, event_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(EventReceiptRow).where(EventReceiptRow.event_id == event_id))


class ThreadMemory:
    """`Memory` for one Slack thread (see bot.chat)."""

    def __init__(self, engine: Engine, team_id: str, channel_id: str, thread_ts: str) -> None:
        self.engine = engine
        self.key = {"team_id": team_id, "channel_id": channel_id, "thread_ts": thread_ts}

    def _where(self):
        return [getattr(ThreadStateRow, k) == v for k, v in self.key.items()]

    def recall(self) -> LastAnswer | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(ThreadStateRow).where(*self._where())).mappings().first()
        if row is None:
            return None
        return LastAnswer(row["query"], row["lang"], row["page"], row["intent"],
                          json.loads(row["event_ids"]))

    def remember(self, last: LastAnswer) -> None:
        values = {**self.key, "query": last.query, "lang": last.lang, "page": last.page,
                  "intent": last.intent, "event_ids": json.dumps(last.event_ids),
                  "updated_at": utcnow()}
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(ThreadStateRow).where(*self._where()))
                conn.execute(insert(ThreadStateRow).values(values))
        except IntegrityError:
            pass  # another replica answered in this thread at the same moment; its state stands


def remember_threads(engine: Engine,
                     threads: list[tuple[str, str, str, LastAnswer]]) -> None:
    """What many new threads answer (team, channel, thread ts, answer), in one statement:
    the digest deliverer's bulk form of ThreadMemory.remember."""
    if not threads:
        return
    now = utcnow()
    with engine.begin() as conn:
        insert_rows(conn, ThreadStateRow.__table__, [
            {"team_id": team, "channel_id": channel, "thread_ts": ts, "query": last.query,
             "lang": last.lang, "page": last.page, "intent": last.intent,
             "event_ids": json.dumps(last.event_ids), "updated_at": now}
            for team, channel, ts, last in threads])


class UserPrefs:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def lang(self, team_id: str, user_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(UserPrefRow.lang).where(
                UserPrefRow.team_id == team_id, UserPrefRow.user_id == user_id))

    def set_lang(self, team_id: str, user_id: str, lang: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(UserPrefRow).where(UserPrefRow.team_id == team_id,
                                                   UserPrefRow.user_id == user_id))
            conn.execute(insert(UserPrefRow).values(team_id=team_id, user_id=user_id, lang=lang))
