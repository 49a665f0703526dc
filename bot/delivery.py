"""Delivering due digests exactly once, whatever crashes, retries or replicas there are.

A delivery is claimed in the database (unique per subscription and local date) before it is
posted and confirmed with the message ts after. A claim left by a process that died is taken
over after a lease; the taker first looks in the channel for the digest (it carries Slack
message metadata naming the subscription and date) so it never posts twice.

Each channel's digest is composed for it (knowledge.digest): the events it was shown within
its window are left out, and the events it will be shown are recorded with the claim
(bot.posted_events), so a crash can hold a story back but never tell it twice. A day with
nothing new is recorded as skipped, unless the channel asked for a note on such days.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine, select

from bot import metrics, posted_events
from bot.chat import LastAnswer
from bot.delivery_ledger import CLAIM_LEASE, DeliveryLedger
from bot.digest_models import DeliveryRow
from bot.posted_events import Shown
from bot.slack_state import remember_threads
from bot.subscriptions import Subscription, Subscriptions
from handlers.digest_blocks import DigestMessage, digest_thread_message
from handlers.messages import say, why_paused
from knowledge.digest import DigestAnswer, candidates
from knowledge.historian import PAGE_SIZE, Historian

log = logging.getLogger(__name__)
METADATA_EVENT = "reorg_digest"
THREAD_METADATA_EVENT = "reorg_digest_thread"  # the threaded reply, found again on recovery
CLAIM_BATCH = 32  # claims per transaction: few round trips, little left idle in one hand
# Posts in flight per deliverer. Few enough that one deliverer waits on Slack rather than on
# the CPU (a post costs well under a millisecond of it), so each replica adds its own
# throughput; 16 posts a channel message and its reply every ~45 ms at 20 ms per call.
POST_THREADS = 16
WRITE_BATCH = 200  # confirmations per statement
WRITE_EVERY = 0.2  # seconds a confirmation waits for others to share its statement
# Errors that retrying cannot fix: pause the subscription and tell whoever subscribed it.
PERMANENT_ERRORS = frozenset({"channel_not_found", "is_archived", "not_in_channel",
                              "account_inactive", "invalid_auth", "token_revoked",
                              "missing_scope", "team_access_not_granted"})
ClientFor = Callable[[str], WebClient | None]


@dataclass(frozen=True)
class Plan:
    """One subscription's digest today: what it tells, what that shows the channel, its
    message and the threaded reply (the same for every channel told the same, so built
    once; only the message's footer is the channel's own)."""

    digest: DigestAnswer
    shown: Shown
    message: DigestMessage
    thread: dict | None


def local_day_due(subscription: Subscription, now: dt.datetime) -> dt.date | None:
    """The subscription's local date when its time has passed on that date, else None.

    Only the current local date is ever due: a digest missed while down is delivered late
    the same day, never on a later one.
    """
    local_date = now.astimezone(subscription.zone).date()
    if subscription.weekdays and local_date.weekday() >= 5:  # Saturday, Sunday
        return None
    return local_date if now >= subscription.due_at(local_date) else None


@dataclass
class Deliverer:
    """Posts due digests. Claims go in small batches just ahead of the posting threads, so
    several deliverers share the work instead of racing for every row."""

    engine: Engine
    historian: Historian
    client_for: ClientFor
    workers: int = POST_THREADS
    worker: str = ""
    lease: dt.timedelta = CLAIM_LEASE

    def __post_init__(self) -> None:
        self.worker = self.worker or f"deliverer-{uuid.uuid4().hex[:12]}"
        self.ledger = DeliveryLedger(self.engine, self.worker, self.lease)
        self.subscriptions = Subscriptions(self.engine)
        self._plans: dict[int, Plan] = {}
        self._in_flight: set[int] = set()
        self._posted: queue.Queue[tuple[Subscription, dt.date, str, DigestAnswer]] = \
            queue.Queue()
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
                self._tell_paused(sub, "invalid_time_zone", self._client_or_none(sub.team_id))
                outcomes["paused"] += 1
                continue
            if day is not None:
                due.append((sub, day))
        done = self._finished(due)
        if done:
            outcomes["already"] += sum(1 for s, day in due if (s.id, day) in done)
            due = [(s, day) for s, day in due if (s.id, day) not in done]
        if due:
            self._plans = self._compose(due)
            quiet = {s.id: day for s, day in due
                     if s.skip_empty and not self._plans[s.id].digest.stories}
            if quiet:
                skipped = self.ledger.skip(quiet)
                outcomes += Counter(skipped=len(skipped), already=len(quiet) - len(skipped))
                due = [(s, day) for s, day in due if s.id not in quiet]
        if due:
            self._post_all(due, outcomes)
        for outcome, count in outcomes.items():
            metrics.DIGESTS.labels(outcome=outcome).inc(count)
        return outcomes

    def _compose(self, due: list[tuple[Subscription, dt.date]]) -> dict[int, Plan]:
        """Each due channel's digest, less what it was shown lately. Channels shown the same
        of a day's candidates get the same digest, composed once."""
        posted_events.prune(self.engine, min(day for _, day in due))
        lately = posted_events.shown_lately(self.engine, due)
        days = {day: frozenset(candidates(self.historian.index, day)) for _, day in due}
        digests: dict[tuple[dt.date, str, frozenset[str]],
                      tuple[DigestAnswer, tuple[str, ...], DigestMessage, dict | None]] = {}
        plans = {}
        for sub, day in due:
            key = (day, sub.lang, lately[sub.id] & days[day])
            if key not in digests:
                digest = self.historian.digest(day, sub.lang, posted=key[2])
                digests[key] = (digest, tuple(e["id"] for e in digest.events),
                                DigestMessage.of(digest), digest_thread_message(digest))
            digest, event_ids, message, thread = digests[key]
            plans[sub.id] = Plan(digest, Shown(sub.id, sub.team_id, sub.channel_id, day,
                                               event_ids), message, thread)
        return plans

    def _post_all(self, due: list[tuple[Subscription, dt.date]], outcomes: Counter[str]) -> None:
        # Start at a random place, so two deliverers begin on different batches.
        start = random.randrange(len(due))
        due = due[start:] + due[:start]
        # Room for a whole batch beyond what the threads are posting: the next batch is
        # claimed while they post, not after they have all gone idle.
        slots = threading.BoundedSemaphore(self.workers + CLAIM_BATCH)
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
                    claimed = self.ledger.claim({i: day for i, (_, day) in batch.items()},
                                                {i: self._plans[i].shown for i in batch})
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

    def _finished(self, due: list[tuple[Subscription, dt.date]]) -> set[tuple[int, dt.date]]:
        """(subscription, day) pairs already posted, skipped or failed: one query, not one
        claim each."""
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
                # Those posted within WRITE_EVERY of the first share its statements: taking
                # only what had queued up already made batches of a few, each paying for a
                # transaction of its own.
                until = time.monotonic() + WRITE_EVERY
                while len(batch) < WRITE_BATCH:
                    batch.append(self._posted.get(timeout=max(0.0, until - time.monotonic())))
            except queue.Empty:
                pass
            if batch:
                self._confirm(batch)
            elif stop.is_set():
                return

    def _confirm(self, batch: list[tuple[Subscription, dt.date, str, DigestAnswer]]) -> None:
        try:
            self.ledger.confirm_many([(sub.id, day, ts) for sub, day, ts, _ in batch])
        except Exception:  # left claimed: recovery finds the posted messages, never reposts
            log.exception("could not confirm %d posted digests", len(batch))
        with self._lock:
            self._in_flight.difference_update(sub.id for sub, _, _, _ in batch)
        # Questions in a digest's thread (`@reorg sources`, `more`) answer about the digest;
        # that memory is a convenience, so its failure never undoes a delivery.
        try:
            remember_threads(self.engine, [
                (sub.team_id, sub.channel_id, ts, _thread_memory(digest))
                for sub, _, ts, digest in batch])
        except Exception:
            log.exception("could not remember %d digest threads", len(batch))

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
        plan = self._plans[subscription.id]
        # A claim taken over may have been posted by its dead owner: until a look in the
        # channel says it was not, giving the claim back could let a later run post it again.
        unsure = claim == "recover"
        try:
            if unsure:
                ts = self._find_posted(client, subscription, day)
                if ts:
                    self._post_thread(client, subscription, day, ts, plan.thread,
                                      look_first=True)
                    self.ledger.confirm(subscription.id, day, ts, plan.shown)
                    return "recovered"
                unsure = False
                if not self.ledger.replan(plan.shown):
                    return "already"
            self._post(client, subscription, day)
        except SlackApiError as err:
            code = str(err.response.get("error", "unknown"))
            metrics.SLACK_ERRORS.labels(code=code).inc()
            if code in PERMANENT_ERRORS:
                self._pause(subscription, day, code, client)
                return "paused"
            self._retry_later(subscription, day, code, unsure)
            return "failed"
        except (SlackClientError, OSError) as err:
            self._retry_later(subscription, day, str(err), unsure)
            return "failed"
        return "posted"

    def _retry_later(self, subscription: Subscription, day: dt.date, why: str,
                     unsure: bool) -> None:
        """Release the claim for a later run, unless it is one taken over whose message could
        not be looked for: that one stays claimed, and is looked for again once its lease
        runs out."""
        log.warning("digest %s for %s failed (%s); will retry", subscription.id, day, why)
        if not unsure:
            self.ledger.release(subscription.id, day)

    def _post(self, client: WebClient, subscription: Subscription, day: dt.date) -> str:
        plan = self._plans[subscription.id]
        response = client.chat_postMessage(
            channel=subscription.channel_id, unfurl_links=False, unfurl_media=False,
            metadata=_metadata(METADATA_EVENT, subscription, day),
            **plan.message.for_channel(subscription))
        ts = str(response["ts"])
        self._posted.put((subscription, day, ts, plan.digest))
        self._post_thread(client, subscription, day, ts, plan.thread)
        return ts

    def _post_thread(self, client: WebClient, subscription: Subscription, day: dt.date,
                     ts: str, thread: dict | None, look_first: bool = False) -> None:
        """The threaded reply with the rest of the day. The digest is out already: a failure
        here is logged, never undoes it, and never posts it again."""
        if thread is None:
            return
        try:
            if look_first and self._thread_posted(client, subscription, ts):
                return
            client.chat_postMessage(
                channel=subscription.channel_id, thread_ts=ts, unfurl_links=False,
                unfurl_media=False, metadata=_metadata(THREAD_METADATA_EVENT, subscription, day),
                **thread)
        except (SlackClientError, OSError) as err:
            log.warning("the thread of digest %s for %s was not posted (%s)", subscription.id,
                        day, err)

    @staticmethod
    def _thread_posted(client: WebClient, subscription: Subscription, ts: str) -> bool:
        replies = client.conversations_replies(channel=subscription.channel_id, ts=ts,
                                               include_all_metadata=True, limit=200)
        return any((m.get("metadata") or {}).get("event_type") == THREAD_METADATA_EVENT
                   for m in replies.get("messages", []))

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
        self._tell_paused(subscription, code, client)

    def _client_or_none(self, team_id: str) -> WebClient | None:
        """The workspace's client, or None when it cannot be made: a pause told to nobody
        never stops the run."""
        try:
            return self.client_for(team_id)
        except Exception:
            log.exception("no client for workspace %s", team_id)
            return None

    @staticmethod
    def _tell_paused(subscription: Subscription, code: str, client: WebClient | None) -> None:
        """A DM to whoever subscribed: which channel's digest stopped, and why."""
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


def _metadata(event_type: str, subscription: Subscription, day: dt.date) -> dict:
    """Slack message metadata naming the delivery, so recovery can find what was posted."""
    return {"event_type": event_type,
            "event_payload": {"subscription": subscription.id, "date": day.isoformat()}}


def _thread_memory(digest: DigestAnswer) -> LastAnswer:
    """What `sources` and `more` in a digest's thread answer about: every event it showed."""
    pages = max(1, -(-len(digest.events) // PAGE_SIZE))
    return LastAnswer(digest.query, digest.lang, pages, digest.intent,
                      [e["id"] for e in digest.events])
