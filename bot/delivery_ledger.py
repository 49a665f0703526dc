"""The delivery ledger: one row per subscription and local date, claimed before a digest is
posted and confirmed after, which is what makes each digest reach its channel once.

The claim's transaction also records what the digest will show the channel
(bot.posted_events), and giving a claim back forgets it: the channel's history never misses
what was posted.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Engine,
    bindparam,
    cast,
    delete,
    func,
    select,
    tuple_,
    update,
)

from bot import posted_events
from bot.db import insert_rows
from bot.digest_models import DeliveryRow, SubscriptionRow
from bot.posted_events import Shown

CLAIM_LEASE = dt.timedelta(minutes=5)


def db_now_ms(dialect: str) -> ColumnElement[int]:
    """The database's clock in epoch milliseconds: every lease is measured on one clock,
    whatever the deliverers' own clocks say."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", func.clock_timestamp()) * 1000, BigInteger)
    return cast((func.julianday("now") - 2440587.5) * 86400000.0, BigInteger)


class DeliveryLedger:
    """Claims, confirmations and failures of deliveries, one row per subscription and day."""

    def __init__(self, engine: Engine, worker: str, lease: dt.timedelta = CLAIM_LEASE) -> None:
        self.engine = engine
        self.worker = worker
        self.lease_ms = int(lease.total_seconds() * 1000)
        self._now = db_now_ms(engine.dialect.name)

    def claim(self, items: dict[int, dt.date], shown: dict[int, Shown] | None = None
              ) -> dict[int, str]:
        """Claims what it can of `items` (subscription id → local date) in one transaction,
        recording with each new claim what its digest will show (`shown`).

        Returns id → 'new', or 'recover' for a claim whose lease ran out (its owner died
        and may or may not have posted; what it recorded stands). On PostgreSQL the
        subscriptions are locked with FOR UPDATE SKIP LOCKED, so a deliverer passes over what
        another is claiming now.
        """
        if not items:
            return {}
        token = uuid.uuid4().hex  # one per transaction: with the subscription, one per claim
        with self.engine.begin() as conn:
            free = conn.execute(
                select(SubscriptionRow.id).where(SubscriptionRow.id.in_(items),
                                                 SubscriptionRow.state == "active")
                .with_for_update(skip_locked=True)).scalars().all()
            if not free:
                return {}
            new = insert_rows(conn, DeliveryRow.__table__, [
                {"subscription_id": i, "local_date": items[i], "state": "claimed",
                 "claimed_by": self.worker, "claim_token": token} for i in free],
                same={"claimed_ms": self._now}, skip_existing=True,
                returning=DeliveryRow.subscription_id)
            taken = {i: "new" for i in new}
            posted_events.record(conn, [shown[i] for i in new if shown and i in shown], token)
            rest = [i for i in free if i not in taken]
            if rest:
                stale = conn.execute(
                    update(DeliveryRow).where(
                        tuple_(DeliveryRow.subscription_id, DeliveryRow.local_date).in_(
                            [(i, items[i]) for i in rest]),
                        DeliveryRow.state == "claimed",
                        DeliveryRow.claimed_ms < self._now - self.lease_ms)
                    .values(claimed_by=self.worker, claimed_ms=self._now)
                    .returning(DeliveryRow.subscription_id)).scalars().all()
                taken.update({i: "recover" for i in stale})
        return taken

    def renew(self, subscription_ids: Iterable[int]) -> None:
        """Extend the lease of claims still in flight, so nobody takes them over."""
        ids = list(subscription_ids)
        if not ids:
            return
        with self.engine.begin() as conn:
            conn.execute(update(DeliveryRow).where(
                DeliveryRow.subscription_id.in_(ids), DeliveryRow.claimed_by == self.worker,
                DeliveryRow.state == "claimed").values(claimed_ms=self._now))

    def confirm(self, subscription_id: int, day: dt.date, ts: str,
                shown: Shown | None = None) -> None:
        """Mark one digest posted; `shown` is recorded too, where its claim did not (one found
        again after a deliverer of an older version died)."""
        with self.engine.begin() as conn:
            token = self._token(conn, subscription_id, day)
            self._mark_posted(conn, [(subscription_id, day, ts)])
            if shown is not None and token is not None:
                posted_events.record(conn, [shown], token)

    def replan(self, shown: Shown) -> bool:
        """A claim taken over whose digest was never posted: record what this deliverer will
        show instead of what the dead one meant to. False when the claim is no longer ours."""
        with self.engine.begin() as conn:
            token = self._token(conn, shown.subscription_id, shown.day)
            if token is None:
                return False
            posted_events.forget(conn, shown.subscription_id, shown.day, token)
            posted_events.record(conn, [shown], token)
        return True

    def skip(self, items: dict[int, dt.date]) -> set[int]:
        """Record days with nothing new to post (subscription id → local date), so they are
        not composed again every minute; returns those recorded (not claimed elsewhere)."""
        if not items:
            return set()
        with self.engine.begin() as conn:
            return set(insert_rows(conn, DeliveryRow.__table__, [
                {"subscription_id": i, "local_date": day, "state": "skipped",
                 "claimed_by": self.worker} for i, day in items.items()],
                same={"claimed_ms": self._now}, skip_existing=True,
                returning=DeliveryRow.subscription_id))

    def confirm_many(self, posted: list[tuple[int, dt.date, str]]) -> None:
        """Mark posted digests, many in one statement (a crash before it is what recovery,
        which looks for the posted message, is for)."""
        if not posted:
            return
        with self.engine.begin() as conn:
            self._mark_posted(conn, posted)

    def _mark_posted(self, conn: Connection, posted: list[tuple[int, dt.date, str]]) -> None:
        conn.execute(update(DeliveryRow).where(
            DeliveryRow.subscription_id == bindparam("sid"),
            DeliveryRow.local_date == bindparam("day"),
            DeliveryRow.claimed_by == self.worker).values(
                state="posted", message_ts=bindparam("ts")),
            [{"sid": sid, "day": day, "ts": ts} for sid, day, ts in posted])

    def fail(self, subscription_id: int, day: dt.date, detail: str) -> None:
        """Failed for good: nothing was posted, so the channel was shown nothing."""
        with self.engine.begin() as conn:
            token = self._token(conn, subscription_id, day)
            conn.execute(update(DeliveryRow).where(
                DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date == day,
                DeliveryRow.claimed_by == self.worker).values(state="failed", detail=detail))
            posted_events.forget(conn, subscription_id, day, token)

    def release(self, subscription_id: int, day: dt.date) -> None:
        """Give a claim back after a passing failure, so a later run tries again (and what it
        meant to show with it)."""
        with self.engine.begin() as conn:
            token = self._token(conn, subscription_id, day)
            conn.execute(delete(DeliveryRow).where(
                DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date == day,
                DeliveryRow.claimed_by == self.worker, DeliveryRow.state == "claimed"))
            posted_events.forget(conn, subscription_id, day, token)

    def _token(self, conn: Connection, subscription_id: int, day: dt.date) -> str | None:
        """The token of this deliverer's claim in hand for that day, renewing its lease; None
        when it holds none (taken over, or finished)."""
        return conn.execute(update(DeliveryRow).where(
            DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date == day,
            DeliveryRow.claimed_by == self.worker, DeliveryRow.state == "claimed")
            .values(claimed_ms=self._now).returning(DeliveryRow.claim_token)).scalar()
