"""Daily digests: when they are due, exactly-once delivery, Slack's errors, replicas, crashes.

Time is injected (`now`); no test waits for the clock.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select, update

from bot.chat import Chat, InMemoryPrefs
from bot.db import migrate
from bot.delivery import CLAIM_LEASE, METADATA_EVENT, Deliverer, DeliveryLedger, local_day_due
from bot.digest_models import DeliveryRow, SubscriptionRow
from bot.knowledge_base import load_files
from bot.settings import load_settings
from bot.slack_app import DIGEST_JOB_ID, client_for_team, start_scheduler
from bot.slack_state import ThreadMemory
from bot.subscriptions import Request, Subscription, SubscriptionError, Subscriptions, parse_request
from handlers.messages import why_paused
from handlers.replies import Place
from knowledge.answer import Outcome
from knowledge.historian import Historian
from tests.mock_slack import MockSlack

UTC = dt.UTC


def _sub(local_time: str, tz: str) -> Subscription:
    return Subscription(1, "T0001", "C1", local_time, tz, "en", "U1", "active", None)


@pytest.mark.parametrize(("local_time", "tz", "now", "due"), [
    ("09:00", "Asia/Shanghai", "2026-01-06T00:59:00+00:00", None),
    ("09:00", "Asia/Shanghai", "2026-01-06T01:00:00+00:00", "2026-01-06"),
    ("09:00", "Asia/Shanghai", "2026-01-06T15:59:00+00:00", "2026-01-06"),  # late, same day
    ("09:00", "Asia/Shanghai", "2026-01-06T16:30:00+00:00", None),  # 00:30 next local day
    ("09:00", "America/New_York", "2026-01-06T13:59:00+00:00", None),
    ("09:00", "America/New_York", "2026-01-06T14:00:00+00:00", "2026-01-06"),
    ("09:00", "America/New_York", "2026-07-06T13:00:00+00:00", "2026-07-06"),  # EDT: 13:00 UTC
    # 2026-03-08: New York skips 02:00–03:00; a 02:30 digest falls due at 03:30 EDT.
    ("02:30", "America/New_York", "2026-03-08T07:29:00+00:00", None),
    ("02:30", "America/New_York", "2026-03-08T07:30:00+00:00", "2026-03-08"),
    # 2026-11-01: 01:30 happens twice; the first (EDT, 05:30 UTC) counts.
    ("01:30", "America/New_York", "2026-11-01T05:30:00+00:00", "2026-11-01"),
    ("23:59", "Pacific/Kiritimati", "2026-01-06T09:59:00+00:00", "2026-01-06"),
])
def test_due_in_local_time_across_zones_and_dst(local_time: str, tz: str, now: str,
                                                due: str | None) -> None:
    found = local_day_due(_sub(local_time, tz), dt.datetime.fromisoformat(now))
    assert (found.isoformat() if found else None) == due


@pytest.mark.parametrize(("text", "expected"), [
    ("", Request("09:00", "Asia/Shanghai", "en")),
    ("09:00 Asia/Shanghai zh-hans", Request("09:00", "Asia/Shanghai", "zh-hans")),
    ("zh-hant 7:30 Europe/London", Request("07:30", "Europe/London", "zh-hant")),
])
def test_subscribe_arguments(text: str, expected: Request) -> None:
    assert parse_request(text, "Asia/Shanghai", "en") == expected


@pytest.mark.parametrize("text", ["25:00", "9am", "Mars/Olympus", "09:00 Shanghai", "12:61",
                                  "09:00 posix/Asia/Shanghai", "right/UTC", "Asia/../etc"])
def test_bad_subscribe_arguments_are_refused_with_the_right_form(text: str) -> None:
    with pytest.raises(SubscriptionError):
        parse_request(text, "Asia/Shanghai", "en")


@pytest.fixture
def kb(engine: Engine) -> Engine:
    migrate(engine)
    load_files(engine)
    return engine


@pytest.fixture
def slack() -> Iterator[MockSlack]:
    with MockSlack() as mock:
        yield mock


def _deliverer(engine: Engine, slack: MockSlack, worker: str = "",
               lease: dt.timedelta = CLAIM_LEASE) -> Deliverer:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.base_url})
    return Deliverer(engine, Historian(engine), client_for_team(settings, engine), worker=worker,
                     lease=lease)


SHORT_LEASE = dt.timedelta(seconds=1)


def _subscribe(engine: Engine, channel: str = "C100", time: str = "09:00",
               tz: str = "Asia/Shanghai") -> Subscription:
    return Subscriptions(engine).subscribe("T0001", channel, "USUB", Request(time, tz, "en"))


AT_0901_SHANGHAI = dt.datetime(2026, 1, 6, 1, 1, tzinfo=UTC)


def test_a_due_digest_is_posted_once_per_local_day(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    assert deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(hours=3))["posted"] == 0
    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0].body["channel"] == "C100"
    metadata = posts[0].json_field("metadata")
    assert metadata["event_type"] == METADATA_EVENT
    assert metadata["event_payload"]["date"] == "2026-01-06"
    text = str(posts[0].json_field("blocks"))
    assert "2022-01-06" in text and "years ago" in text and "@reorg" in text
    assert deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(days=1))["posted"] == 1


def test_a_digest_missed_while_down_comes_late_that_day_never_the_next(
        kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(dt.datetime(2026, 1, 6, 15, 0, tzinfo=UTC))["posted"] == 1
    # Down all of 7 January (Shanghai); back at 00:30 on the 8th: nothing for the 7th.
    assert not deliverer.deliver_due(dt.datetime(2026, 1, 7, 16, 30, tzinfo=UTC))
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_rate_limited_then_success(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    slack.respond("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429,
                  headers={"Retry-After": "1"}, times=1)
    assert _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    assert len(slack.calls_to("chat.postMessage")) == 2


def test_server_errors_are_retried(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    slack.respond("chat.postMessage", {"ok": False, "error": "internal_error"}, status=500,
                  times=1)
    assert _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)["posted"] == 1


@pytest.mark.parametrize("error", ["channel_not_found", "is_archived", "not_in_channel"])
def test_permanent_errors_pause_and_tell_the_subscriber(kb: Engine, slack: MockSlack,
                                                       error: str) -> None:
    sub = _subscribe(kb)
    slack.respond("chat.postMessage", {"ok": False, "error": error}, times=1)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(AT_0901_SHANGHAI)["paused"] == 1
    paused = Subscriptions(kb).by_id(sub.id)
    assert paused.state == "paused" and paused.paused_reason == error
    told = [c for c in slack.calls_to("chat.postMessage") if c.body["channel"] == "USUB"]
    assert told and "/reorg subscribe" in told[0].body["text"]
    assert error not in told[0].body["text"], "the reason in words, not Slack's error code"
    assert why_paused(error, "en", "<#C100>") in told[0].body["text"]
    assert not deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(days=1)), "not retried"
    Subscriptions(kb).subscribe("T0001", "C100", "USUB", Request("09:00", "Asia/Shanghai", "en"))
    assert deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(hours=1))["posted"] == 1


def test_a_day_without_events_gets_the_nearest_marked(kb: Engine) -> None:
    historian = Historian(kb)
    for offset in range(366):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        answer = historian.digest(day, "en")
        if answer.outcome is Outcome.NEAREST:
            assert answer.events
            return
    pytest.skip("every day of the year has an event of its own")


def test_unsubscribe_stops_deliveries(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    assert Subscriptions(kb).unsubscribe("T0001", "C100")
    assert not _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)


def test_a_killed_deliverer_that_had_posted_is_recovered_without_a_second_post(
        kb: Engine, slack: MockSlack) -> None:
    sub = _subscribe(kb)
    day = dt.date(2026, 1, 6)
    client = _deliverer(kb, slack).client_for("T0001")
    worker_b = _deliverer(kb, slack, "worker-b", lease=SHORT_LEASE)
    # Worker A claims and posts, then dies before confirming.
    DeliveryLedger(kb, "worker-a").claim({sub.id: day})
    client.chat_postMessage(channel=sub.channel_id, text="digest", metadata={
        "event_type": METADATA_EVENT,
        "event_payload": {"subscription": sub.id, "date": day.isoformat()}})
    assert worker_b.deliver_due(AT_0901_SHANGHAI) == {"already": 1}, \
        "a fresh claim is left alone"
    time.sleep(SHORT_LEASE.total_seconds() + 0.2)  # the lease runs out on the database's clock
    assert worker_b.deliver_due(AT_0901_SHANGHAI)["recovered"] == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    with kb.connect() as conn:
        row = conn.execute(select(DeliveryRow)).mappings().one()
    assert row["state"] == "posted" and row["message_ts"]


def test_a_killed_deliverer_that_had_not_posted_is_finished_by_another(
        kb: Engine, slack: MockSlack) -> None:
    sub = _subscribe(kb)
    DeliveryLedger(kb, "worker-a").claim({sub.id: dt.date(2026, 1, 6)})
    time.sleep(SHORT_LEASE.total_seconds() + 0.2)
    assert _deliverer(kb, slack, "worker-b", SHORT_LEASE).deliver_due(
        AT_0901_SHANGHAI)["posted"] == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_two_deliverers_at_once_deliver_each_digest_once(pg_engine: Engine,
                                                         slack: MockSlack) -> None:
    migrate(pg_engine)
    load_files(pg_engine)
    for i in range(60):
        _subscribe(pg_engine, channel=f"C{i:03d}")
    slack.respond("chat.postMessage", None, delay=0.01)
    results = []
    workers = [threading.Thread(target=lambda w=w: results.append(
        _deliverer(pg_engine, slack, w).deliver_due(AT_0901_SHANGHAI))) for w in ("a", "b")]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    channels = [c.body["channel"] for c in slack.calls_to("chat.postMessage")]
    assert sorted(channels) == sorted(f"C{i:03d}" for i in range(60)), "each exactly once"
    assert sum(r["posted"] for r in results) == 60


def test_the_scheduler_runs_one_job_every_minute() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.calls: list[dt.datetime] = []

        def deliver_due(self, now: dt.datetime) -> None:
            self.calls.append(now)

    recorder = Recorder()
    scheduler = start_scheduler(recorder)  # type: ignore[arg-type]
    try:
        job = scheduler.get_job(DIGEST_JOB_ID)
        assert job is not None and job.coalesce and job.max_instances == 1
        now = dt.datetime.now(ZoneInfo("UTC"))
        fire = job.trigger.get_next_fire_time(None, now)
        assert dt.timedelta(0) <= fire - now <= dt.timedelta(seconds=60)
        job.func()  # the job calls the same delivery code as `digest deliver`
        assert len(recorder.calls) == 1 and recorder.calls[0].tzinfo is not None
    finally:
        scheduler.shutdown(wait=False)


def test_asking_in_the_digest_thread_answers_about_the_digest(kb: Engine,
                                                            slack: MockSlack) -> None:
    _subscribe(kb)
    _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)
    posted = str(slack.calls_to("chat.postMessage")[0].json_field("blocks"))
    ts = slack.history["C100"][0]["ts"]
    chat = Chat(Historian(kb), lambda p: ThreadMemory(kb, p.team, p.channel, p.thread),
                InMemoryPrefs(), lambda: dt.date(2026, 1, 6))
    answer = chat.ask(Place("T0001", "C100", ts, "U1"), "sources")
    assert answer.intent == "sources" and answer.events
    assert all(e["date"][5:] == "01-06" and e["date"] in posted for e in answer.events)


def test_a_post_that_outlasts_the_lease_is_not_posted_again(kb: Engine, slack: MockSlack) -> None:
    """The claim is renewed while the post is in flight, and the lease is measured on the
    database's clock: a second deliverer whose own clock runs six minutes ahead waits."""
    _subscribe(kb)
    slack.respond("chat.postMessage", None, delay=2 * SHORT_LEASE.total_seconds() + 0.5)
    first = _deliverer(kb, slack, "slow", lease=SHORT_LEASE)
    results: list = []
    worker = threading.Thread(target=lambda: results.append(first.deliver_due(AT_0901_SHANGHAI)))
    worker.start()
    slack.wait_for("chat.postMessage")  # the slow post is under way
    time.sleep(SHORT_LEASE.total_seconds() * 1.5)
    ahead = AT_0901_SHANGHAI + dt.timedelta(minutes=6)
    assert _deliverer(kb, slack, "fast", lease=SHORT_LEASE).deliver_due(ahead) == {"already": 1}
    worker.join()
    assert results == [{"posted": 1}]
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_a_subscription_with_an_unusable_zone_is_paused_alone(kb: Engine,
                                                              slack: MockSlack) -> None:
    good = [_subscribe(kb, channel=f"C{i}") for i in range(3)]
    bad = _subscribe(kb, channel="CBAD")
    with kb.begin() as conn:  # as if stored by an older version, or a machine with more zones
        conn.execute(update(SubscriptionRow).where(SubscriptionRow.id == bad.id)
                     .values(tz="Nowhere/Atlantis"))
    outcomes = _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)
    assert outcomes == {"posted": 3, "paused": 1}
    assert sorted(c.body["channel"] for c in slack.calls_to("chat.postMessage")) == sorted(
        s.channel_id for s in good)
    paused = Subscriptions(kb).by_id(bad.id)
    assert paused is not None and paused.state == "paused"
    assert paused.paused_reason == "invalid_time_zone"


def test_a_workspace_whose_client_cannot_be_made_does_not_stop_the_others(
        kb: Engine, slack: MockSlack) -> None:
    for i in range(3):
        _subscribe(kb, channel=f"C{i}")
    Subscriptions(kb).subscribe("TBROKEN", "CX", "U1", Request("09:00", "Asia/Shanghai", "en"))
    normal = _deliverer(kb, slack)
    working = normal.client_for

    def client_for(team: str):
        if team == "TBROKEN":
            raise RuntimeError("installation store unreachable")
        return working(team)

    normal.client_for = client_for
    outcomes = normal.deliver_due(AT_0901_SHANGHAI)
    assert outcomes == {"posted": 3, "failed": 1}
    # The broken one was released, so a later run tries it again.
    normal.client_for = working
    assert normal.deliver_due(AT_0901_SHANGHAI) == {"posted": 1, "already": 3}
