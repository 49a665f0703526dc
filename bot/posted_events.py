"""What each channel's digests showed it: the memory that keeps a story from being told twice.

Rows are written in the transaction that claims a delivery, before anything is posted, and
removed with the claim when nothing was; so no crash can post an event this table does not
know about. At worst a story is held back once, never told twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Date, Engine, and_, delete, func, literal, select

from bot.db import insert_rows
from bot.digest_models import DeliveryRow, PostedEventRow, SubscriptionRow
from bot.subscriptions import Subscription
from knowledge.digest import MAX_WINDOW


@dataclass(frozen=True)
class Shown:
    """The events one delivery shows its channel (message and thread)."""

    subscription_id: int
    team_id: str
    channel_id: str
    day: dt.date
    event_ids: tuple[str, ...]


def record(conn: Connection, shown: Iterable[Shown], token: str) -> None:
    """Remember what deliveries show, in the caller's transaction, under the claim's `token`;
    a row already there stays."""
    rows = [{"team_id": s.team_id, "channel_id": s.channel_id, "event_id": event_id,
             "local_date": s.day, "subscription_id": s.subscription_id, "claim_token": token}
            for s in shown for event_id in dict.fromkeys(s.event_ids)]
    insert_rows(conn, PostedEventRow.__table__, rows, skip_existing=True)


def forget(conn: Connection, subscription_id: int, day: dt.date, token: str | None) -> None:
    """What one claim recorded, forgotten: it posted nothing, or is planned again."""
    conn.execute(delete(PostedEventRow).where(PostedEventRow.subscription_id == subscription_id,
                                              PostedEventRow.local_date == day,
                                              PostedEventRow.claim_token == token))


def shown_lately(engine: Engine, due: list[tuple[Subscription, dt.date]]
                 ) -> dict[int, frozenset[str]]:
    """Per due subscription: the events its channel was shown within its window, by any
    subscription it had. What a claim still in hand recorded does not count: it may not be
    posted, and one who takes the claim over plans it again."""
    if not due:
        return {}
    earliest = min(day for _, day in due)
    with engine.connect() as conn:
        rows = conn.execute(
            select(PostedEventRow.team_id, PostedEventRow.channel_id, PostedEventRow.event_id,
                   PostedEventRow.local_date, PostedEventRow.subscription_id,
                   PostedEventRow.claim_token)
            .join(SubscriptionRow, and_(SubscriptionRow.team_id == PostedEventRow.team_id,
                                        SubscriptionRow.channel_id == PostedEventRow.channel_id))
            .where(SubscriptionRow.state == "active",
                   _within_window(conn.dialect.name, earliest))).all()
        in_hand = set(conn.execute(
            select(DeliveryRow.subscription_id, DeliveryRow.local_date, DeliveryRow.claim_token)
            .where(DeliveryRow.state == "claimed", DeliveryRow.local_date >= earliest)).all())
    by_channel = defaultdict(list)
    for row in rows:
        if (row.subscription_id, row.local_date, row.claim_token) not in in_hand:
            by_channel[(row.team_id, row.channel_id)].append(row)
    lately = {}
    for sub, day in due:
        since = day - dt.timedelta(days=sub.window_days)
        lately[sub.id] = frozenset(row.event_id for row in by_channel[(sub.team_id,
                                                                       sub.channel_id)]
                                   if since < row.local_date <= day)
    return lately


def _within_window(dialect: str, earliest: dt.date) -> ColumnElement[bool]:
    """Rows inside their own channel's window (each subscription keeps its own), so one long
    window does not make every channel's history be read."""
    window = SubscriptionRow.repeat_window_days
    if dialect == "postgresql":
        return PostedEventRow.local_date > literal(earliest, Date) - window
    return func.julianday(PostedEventRow.local_date) > func.julianday(earliest.isoformat()) - window


def prune(engine: Engine, today: dt.date) -> None:
    """Forget what no window can reach any more."""
    with engine.begin() as conn:
        conn.execute(delete(PostedEventRow).where(
            PostedEventRow.local_date < today - dt.timedelta(days=MAX_WINDOW)))
