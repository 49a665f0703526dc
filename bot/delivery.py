"""Delivering due digests exactly once, whatever crashes, retries or replicas there are.

A delivery is claimed in the database (unique per subscription and local date) before it is
posted and confirmed with the message ts after. A claim left by a process that died is taken
over after a lease; the taker first looks in the channel for the digest (it carries Slack
message metadata naming the subscription and date) so it never posts twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import random
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Engine,
    and_,
    bindparam,
    cast,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot import metrics
from bot.chat import LastAnswer
from bot.digest_models import DeliveryRow, SubscriptionRow
from bot.slack_state import remember_threads
from bot.subscriptions import Subscription, Subscriptions
from handlers.blocks import digest_message
from handlers.messages import say, why_paused
from knowledge.answer import Answer
from knowledge.historian import PAGE_SIZE, Historian

log = logging.getLogger(__name__)
METADATA_EVENT = "reorg_digest"
CLAIM_LEASE = dt.timedelta(minutes=5)
CLAIM_BATCH = 32  # claims per transaction: few round trips, little left idle in one hand
WRITE_BATCH = 200  # confirmations per statement
WRITE_EVERY = 0.2  # seconds a confirmation waits for others to share its statement
# Errors that retrying cannot fix: pause the subscription and tell whoever subscribed it.
PERMANENT_ERRORS = frozenset({"channel_not_found", "is_archived", "not_in_channel",
                              "account_inactive", "invalid_auth", "token_revoked",
                              "missing_scope", "team_access_not_granted"})
ClientFor = Callable[[str], WebClient | None]


def local_day_due(subscription: Subscription, now: dt.datetime) -> dt.date | None:
    """The subscription's local date when its time has passed on that date, else None.

    Only the current local date is ever due: a digest missed while down is delivered late
    the same day, never on a later one.
    """
    local_date = now.astimezone(subscription.zone).date()
    return local_date if now >= subscription.due_at(local_date) else None


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
        self._insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert

    def claim(self, items: dict[int, dt.date]) -> dict[int, str]:
        """Claims what it can of `items` (subscription id → local date) in one transaction.

        Returns id → 'new', or 'recover' for a claim whose lease ran out (its owner died
        and may or may not have posted). On PostgreSQL the subscriptions are locked with
        FOR UPDATE SKIP LOCKED, so a deliverer passes over what another is claiming now.
        """
        if not items:
            return {}
        with self.engine.begin() as conn:
            free = conn.execute(
                select(SubscriptionRow.id).where(SubscriptionRow.id.in_(items),
                                                 SubscriptionRow.state == "active")
                .with_for_update(skip_locked=True)).scalars().all()
            if not free:
                return {}
            new = conn.execute(
                self._insert(DeliveryRow).values([
                    {"subscription_id": i, "local_date": items[i], "state": "claimed",
                     "claimed_by": self.worker, "claimed_ms": self._now} for i in free])
                .on_conflict_do_nothing(index_elements=["subscription_id", "local_date"])
                .returning(DeliveryRow.subscription_id)).scalars().all()
            taken = {i: "new" for i in new}
            rest = [i for i in free if i not in taken]
            if rest:
                stale = conn.execute(
                    update(DeliveryRow).where(
                        or_(*(and_(DeliveryRow.subscription_id == i,
                                   DeliveryRow.local_date == items[i]) for i in rest)),
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

    def confirm(self, subscription_id: int, day: dt.date, ts: str) -> None:
        self.confirm_many([(subscription_id, day, ts)])

    def confirm_many(self, posted: list[tuple[int, dt.date, str]]) -> None:
        """Mark posted digests, many in one statement (a crash before it is what recovery,
        which looks for the posted message, is for)."""
        if not posted:
            return
        with self.engine.begin() as conn:
            conn.execute(update(DeliveryRow).where(
                DeliveryRow.subscription_id == bindparam("sid"),
                DeliveryRow.local_date == bindparam("day"),
                DeliveryRow.claimed_by == self.worker).values(
                    state="posted", message_ts=bindparam("ts")),
                [{"sid": sid, "day": day, "ts": ts} for sid, day, ts in posted])

    def fail(self, subscription_id: int, day: dt.date, detail: str) -> None:
        self._finish(subscription_id, day, state="failed", detail=detail)

    def release(self, subscription_id: int, day: dt.date) -> None:
        """Give a claim back after a passing failure, so a later run tries again."""
        with self.engine.begin() as conn:
            conn.execute(delete(DeliveryRow).where(
                DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date == day,
                DeliveryRow.claimed_by == self.worker, DeliveryRow.state == "claimed"))

    def _finish(self, subscription_id: int, day: dt.date, **values: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(DeliveryRow).where(
                DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date == day,
                DeliveryRow.claimed_by == self.worker).values(**values))


@dataclass
class Deliverer:
    """Posts due digests. Claims go in small batches just ahead of the posting threads, so
    several deliverers share the work instead of racing for every row."""

    engine: Engine
    historian: Historian
    client_for: ClientFor
    workers: int = 32
    worker: str = ""
    lease: dt.timedelta = CLAIM_LEASE

    def __post_init__(self) -> None:
        self.worker = self.worker or f"deliverer-{uuid.uuid4().hex[:12]}"
        self.ledger = DeliveryLedger(self.engine, self.worker, self.lease)
        self.subscriptions = Subscriptions(self.engine)
        self._digests: dict[tuple[dt.date, str], tuple[Answer, dict]] = {}
        self._in_flight: set[int] = set()
        self._posted: queue.Queue[tuple[Subscription, dt.date, str]] = queue.Queue()
        self._lock = threading.Lock()

    def deliver_due(self, now: dt.datetime) -> Counter[str]:
        """Deliver every active subscription due at `now`; counts outcomes by name."""
        outcomes: Counter[str] = Counter()
        due: list[tuple[Subscription, dt.date]] = []
        for sub in self.subscriptions.active():
            try:
                day = local_day_due(sub, now)
            except Exception:  # a zone this machine cannot read: pause it alone, go on
                log.exception("digest subscription %s has an unusable time zone", sub.id)
                self.subscriptions.set_state(sub.id, "paused", "invalid_time_zone")
                outcomes["paused"] += 1
                continue
            if day is not None:
                due.append((sub, day))
        done = self._finished(due)
        if done:
            outcomes["already"] += sum(1 for s, day in due if (s.id, day) in done)
            due = [(s, day) for s, day in due if (s.id, day) not in done]
        if not due:
            return outcomes
        # Start at a random place, so two deliverers begin on different batches.
        start = random.randrange(len(due))
        due = due[start:] + due[:start]
        # Every channel with the same date and language gets the same digest: build it once.
        self._digests = {key: self._digest(*key) for key in {(day, s.lang) for s, day in due}}
        slots = threading.BoundedSemaphore(self.workers * 2)
        stop = threading.Event()
        heartbeat = threading.Thread(target=self._heartbeat, args=(stop,), daemon=True)
        heartbeat.start()
        writer = threading.Thread(target=self._write_posted, args=(stop,), daemon=True)
        writer.start()
        try:
            with ThreadPoolExecutor(max_workers=min(self.workers, len(due))) as pool:
                futures = []
                for first in range(0, len(due), CLAIM_BATCH):
                    batch = {s.id: (s, day) for s, day in due[first:first + CLAIM_BATCH]}
                    for _ in batch:
                        slots.acquire()
                    claimed = self.ledger.claim({i: day for i, (_, day) in batch.items()})
                    with self._lock:
                        self._in_flight.update(claimed)
                    for sub_id in batch:
                        if sub_id not in claimed:
                            outcomes["already"] += 1
                            slots.release()
                            continue
                        sub, day = batch[sub_id]
                        futures.append(pool.submit(self._deliver_in_slot, slots, sub, day,
                                                   claimed[sub_id]))
                for future in futures:
                    outcomes[future.result()] += 1
        finally:
            stop.set()
            heartbeat.join()
            writer.join()
        for outcome, count in outcomes.items():
            metrics.DIGESTS.labels(outcome=outcome).inc(count)
        return outcomes

    def _finished(self, due: list[tuple[Subscription, dt.date]]) -> set[tuple[int, dt.date]]:
        """(subscription, day) pairs already posted or failed: one query, not one claim each."""
        if not due:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(select(DeliveryRow.subscription_id, DeliveryRow.local_date)
                                .where(DeliveryRow.local_date >= min(day for _, day in due),
                                       DeliveryRow.state != "claimed")).all()
        return {(sub_id, day) for sub_id, day in rows}

    def _heartbeat(self, stop: threading.Event) -> None:
        while not stop.wait(self.lease.total_seconds() / 4):
            with self._lock:
                in_flight = list(self._in_flight)
            try:
                self.ledger.renew(in_flight)
            except Exception:  # a missed renewal only shortens the lease; keep posting
                log.exception("could not renew digest claims")

    def _write_posted(self, stop: threading.Event) -> None:
        """Confirm posted digests and remember their threads in batches: two statements per
        batch instead of two transactions per digest. Posted claims stay in flight (renewed)
        until confirmed."""
        while True:
            batch = []
            try:
                batch.append(self._posted.get(timeout=WRITE_EVERY))
                while len(batch) < WRITE_BATCH:
                    batch.append(self._posted.get_nowait())
            except queue.Empty:
                pass
            if batch:
                self._confirm(batch)
            elif stop.is_set():
                return

    def _confirm(self, batch: list[tuple[Subscription, dt.date, str]]) -> None:
        try:
            self.ledger.confirm_many([(sub.id, day, ts) for sub, day, ts in batch])
        except Exception:  # left claimed: recovery finds the posted messages, never reposts
            log.exception("could not confirm %d posted digests", len(batch))
        with self._lock:
            self._in_flight.difference_update(sub.id for sub, _, _ in batch)
        # Questions in a digest's thread (`@reorg sources`, `more`) answer about the digest;
        # that memory is a convenience, so its failure never undoes a delivery.
        try:
            remember_threads(self.engine, [
                (sub.team_id, sub.channel_id, ts, self._thread_memory(day, sub.lang))
                for sub, day, ts in batch])
        except Exception:
            log.exception("could not remember %d digest threads", len(batch))

    def _thread_memory(self, day: dt.date, lang: str) -> LastAnswer:
        answer, _ = self._digests.get((day, lang)) or self._digest(day, lang)
        return LastAnswer(answer.query, answer.lang, answer.page_size // PAGE_SIZE,
                          answer.intent, [e["id"] for e in answer.events])

    def _deliver_in_slot(self, slots: threading.BoundedSemaphore, subscription: Subscription,
                         day: dt.date, claim: str) -> str:
        outcome = "failed"
        try:
            outcome = self._deliver(subscription, day, claim)
            return outcome
        except Exception:  # one broken subscription never stops the others
            log.exception("digest %s for %s failed", subscription.id, day)
            self.ledger.release(subscription.id, day)
            return outcome
        finally:
            if outcome != "posted":
                with self._lock:
                    self._in_flight.discard(subscription.id)
            slots.release()

    def _deliver(self, subscription: Subscription, day: dt.date, claim: str) -> str:
        client = self.client_for(subscription.team_id)
        if client is None:
            self._pause(subscription, day, "no_installation", None)
            return "paused"
        try:
            if claim == "recover":
                ts = self._find_posted(client, subscription, day)
                if ts:
                    self.ledger.confirm(subscription.id, day, ts)
                    return "recovered"
            ts = self._post(client, subscription, day)
        except SlackApiError as err:
            code = str(err.response.get("error", "unknown"))
            metrics.SLACK_ERRORS.labels(code=code).inc()
            if code in PERMANENT_ERRORS:
                self._pause(subscription, day, code, client)
                return "paused"
            log.warning("digest %s for %s failed (%s); will retry", subscription.id, day, code)
            self.ledger.release(subscription.id, day)
            return "failed"
        except (SlackClientError, OSError) as err:
            log.warning("digest %s for %s failed (%s); will retry", subscription.id, day, err)
            self.ledger.release(subscription.id, day)
            return "failed"
        return "posted"

    def _digest(self, day: dt.date, lang: str) -> tuple[Answer, dict]:
        answer = self.historian.digest(day, lang)
        return answer, digest_message(answer)

    def _post(self, client: WebClient, subscription: Subscription, day: dt.date) -> str:
        _, message = (self._digests.get((day, subscription.lang)) or
                      self._digest(day, subscription.lang))
        response = client.chat_postMessage(
            channel=subscription.channel_id, unfurl_links=False, unfurl_media=False,
            metadata={"event_type": METADATA_EVENT,
                      "event_payload": {"subscription": subscription.id,
                                        "date": day.isoformat()}},
            **message)
        ts = str(response["ts"])
        self._posted.put((subscription, day, ts))
        return ts

    def _find_posted(self, client: WebClient, subscription: Subscription,
                     day: dt.date) -> str | None:
        """The ts of this digest if an earlier, interrupted run did post it."""
        start = dt.datetime.combine(day, dt.time(), tzinfo=subscription.zone) - dt.timedelta(
            days=1)
        history = client.conversations_history(channel=subscription.channel_id,
                                               oldest=str(start.timestamp()),
                                               include_all_metadata=True, limit=200)
        for message in history.get("messages", []):
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (metadata.get("event_type") == METADATA_EVENT and
                    payload.get("subscription") == subscription.id and
                    payload.get("date") == day.isoformat()):
                return str(message["ts"])
        return None

    def _pause(self, subscription: Subscription, day: dt.date, code: str,
               client: WebClient | None) -> None:
        self.ledger.fail(subscription.id, day, code)
        self.subscriptions.set_state(subscription.id, "paused", code)
        log.warning("digest subscription %s paused: %s", subscription.id, code)
        if client is None or code in ("invalid_auth", "token_revoked", "account_inactive"):
            return  # nobody can be told through a dead token
        channel = f"<#{subscription.channel_id}>"
        try:
            client.chat_postMessage(channel=subscription.subscribed_by, text=say(
                "digest_paused", subscription.lang, channel=channel,
                reason=why_paused(code, subscription.lang, channel)))
        except SlackClientError as err:
            log.warning("could not tell %s about the pause: %s", subscription.subscribed_by,
                        err)
