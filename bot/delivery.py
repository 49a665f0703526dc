"""Delivering due digests exactly once, whatever crashes, retries or replicas there are.

A delivery is claimed in the database (unique per subscription and local date) before it is
posted and confirmed with the message ts after. A claim left by a process that died is taken
over after a lease; the taker first looks in the channel for the digest (it carries Slack
message metadata naming the subscription and date) so it never posts twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.chat import LastAnswer
from bot.digest_models import DeliveryRow
from bot.slack_state import ThreadMemory
from bot.subscriptions import Subscription, Subscriptions
from handlers.blocks import digest_message
from handlers.messages import say
from knowledge.answer import Answer
from knowledge.historian import PAGE_SIZE, Historian

log = logging.getLogger(__name__)
METADATA_EVENT = "reorg_digest"
CLAIM_LEASE = dt.timedelta(minutes=5)
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


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


class DeliveryLedger:
    def __init__(self, engine: Engine, worker: str) -> None:
        self.engine = engine
        self.worker = worker

    def claim(self, subscription_id: int, day: dt.date, now: dt.datetime) -> str | None:
        """'new', 'recover' (a stale claim taken over), or None (someone else has it)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(DeliveryRow).values(
                    subscription_id=subscription_id, local_date=day, state="claimed",
                    claimed_by=self.worker, claimed_ms=_ms(now)))
            return "new"
        except IntegrityError:
            pass
        key = and_(DeliveryRow.subscription_id == subscription_id, DeliveryRow.local_date == day)
        with self.engine.begin() as conn:
            row = conn.execute(select(DeliveryRow).where(key)).mappings().first()
            if row is None or row["state"] != "claimed":
                return None
            if row["claimed_ms"] > _ms(now - CLAIM_LEASE):
                return None  # being delivered right now
            taken = conn.execute(update(DeliveryRow).where(
                key, DeliveryRow.state == "claimed", DeliveryRow.claimed_by == row["claimed_by"],
                DeliveryRow.claimed_ms == row["claimed_ms"],
            ).values(claimed_by=self.worker, claimed_ms=_ms(now))).rowcount
        return "recover" if taken == 1 else None

    def confirm(self, subscription_id: int, day: dt.date, ts: str) -> None:
        self._finish(subscription_id, day, state="posted", message_ts=ts)

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
    engine: Engine
    historian: Historian
    client_for: ClientFor
    workers: int = 32
    worker: str = ""

    def __post_init__(self) -> None:
        self.worker = self.worker or f"deliverer-{uuid.uuid4().hex[:12]}"
        self.ledger = DeliveryLedger(self.engine, self.worker)
        self.subscriptions = Subscriptions(self.engine)
        self._digests: dict[tuple[dt.date, str], tuple[Answer, dict]] = {}

    def deliver_due(self, now: dt.datetime) -> Counter[str]:
        """Deliver every active subscription due at `now`; counts outcomes by name."""
        due = [(s, day) for s in self.subscriptions.active()
               if (day := local_day_due(s, now)) is not None]
        outcomes: Counter[str] = Counter()
        if not due:
            return outcomes
        # Every channel with the same date and language gets the same digest: build it once.
        self._digests = {key: self._digest(*key) for key in {(day, s.lang) for s, day in due}}
        with ThreadPoolExecutor(max_workers=min(self.workers, len(due))) as pool:
            for outcome in pool.map(lambda item: self._deliver(*item, now), due):
                outcomes[outcome] += 1
        return outcomes

    def _deliver(self, subscription: Subscription, day: dt.date, now: dt.datetime) -> str:
        claim = self.ledger.claim(subscription.id, day, now)
        if claim is None:
            return "already"
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
        self.ledger.confirm(subscription.id, day, ts)
        return "posted"

    def _digest(self, day: dt.date, lang: str) -> tuple[Answer, dict]:
        answer = self.historian.digest(day, lang)
        return answer, digest_message(answer)

    def _post(self, client: WebClient, subscription: Subscription, day: dt.date) -> str:
        answer, message = (self._digests.get((day, subscription.lang)) or
                           self._digest(day, subscription.lang))
        response = client.chat_postMessage(
            channel=subscription.channel_id, unfurl_links=False, unfurl_media=False,
            metadata={"event_type": METADATA_EVENT,
                      "event_payload": {"subscription": subscription.id,
                                        "date": day.isoformat()}},
            **message)
        ts = str(response["ts"])
        # Questions in the digest's thread (`@reorg sources`, `more`) answer about the digest.
        ThreadMemory(self.engine, subscription.team_id, subscription.channel_id, ts).remember(
            LastAnswer(answer.query, answer.lang, answer.page_size // PAGE_SIZE, answer.intent,
                       [e["id"] for e in answer.events]))
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
        try:
            client.chat_postMessage(channel=subscription.subscribed_by, text=say(
                "digest_paused", subscription.lang, channel=f"<#{subscription.channel_id}>",
                reason=code))
        except SlackClientError as err:
            log.warning("could not tell %s about the pause: %s", subscription.subscribed_by,
                        err)
