"""Daily digests: when they are due, exactly-once delivery, Slack's errors, replicas, crashes,
and what each channel is told: no story twice within its window, days with nothing new
skipped, weekdays only.

Time is injected (`now`); no test waits for the clock except where a lease must run out.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select, update

from bot.chat import Chat, InMemoryPrefs
from bot.db import migrate
from bot.delivery import (
    CLAIM_LEASE,
    METADATA_EVENT,
    THREAD_METADATA_EVENT,
    Deliverer,
    DeliveryLedger,
    local_day_due,
)
from bot.digest_models import DeliveryRow, PostedEventRow, SubscriptionRow
from bot.knowledge_base import load_files
from bot.posted_events import Shown
from bot.settings import load_settings
from bot.slack_app import DIGEST_JOB_ID, client_for_team, start_scheduler
from bot.slack_state import ThreadMemory
from bot.subscriptions import Request, Subscription, SubscriptionError, Subscriptions, parse_request
from handlers.messages import why_paused
from handlers.replies import Place
from knowledge.answer import Outcome
from knowledge.historian import Historian
from tests.mock_slack import Call, MockSlack

UTC = dt.UTC


def _sub(local_time: str, tz: str, weekdays: bool = False) -> Subscription:
    return Subscription(1, "T0001", "C1", local_time, tz, "en", "U1", "active", None,
                        weekdays=weekdays)


def _digests(slack: MockSlack) -> list[Call]:
    """The digests posted in channels: not their threaded replies, nor notes to subscribers."""
    return [c for c in slack.calls_to("chat.postMessage")
            if not c.body.get("thread_ts") and c.body["channel"].startswith("C")]


def _replies(slack: MockSlack) -> list[Call]:
    return [c for c in slack.calls_to("chat.postMessage") if c.body.get("thread_ts")]


def _told(call: Call) -> list[str]:
    """The events a posted message tells, from its blocks' ids."""
    return [b["block_id"].split(":", 1)[1] for b in call.json_field("blocks") or []
            if b.get("block_id", "").startswith(("story:", "event:"))]


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


@pytest.mark.parametrize(("now", "due"), [
    ("2026-01-09T01:00:00+00:00", "2026-01-09"),  # Friday 09:00 in Shanghai
    ("2026-01-10T01:00:00+00:00", None),  # Saturday
    ("2026-01-11T15:59:00+00:00", None),  # Sunday 23:59
    ("2026-01-11T16:00:00+00:00", None),  # Monday 00:00, before 09:00
    ("2026-01-12T01:00:00+00:00", "2026-01-12"),  # Monday
    ("2026-01-09T17:00:00+00:00", None),  # Friday in New York is Saturday in Shanghai
])
def test_weekdays_only_is_monday_to_friday_in_local_time(now: str, due: str | None) -> None:
    found = local_day_due(_sub("09:00", "Asia/Shanghai", weekdays=True),
                          dt.datetime.fromisoformat(now))
    assert (found.isoformat() if found else None) == due


@pytest.mark.parametrize(("text", "expected"), [
    ("", Request("09:00", "Asia/Shanghai", "en")),
    ("09:00 Asia/Shanghai zh-hans", Request("09:00", "Asia/Shanghai", "zh-hans")),
    ("zh-hant 7:30 Europe/London", Request("07:30", "Europe/London", "zh-hant")),
    ("09:00 weekdays", Request("09:00", "Asia/Shanghai", "en", weekdays=True)),
    ("工作日 8:00 zh-hans", Request("08:00", "Asia/Shanghai", "zh-hans", weekdays=True)),
    ("weekdays daily", Request("09:00", "Asia/Shanghai", "en")),
    ("14d", Request("09:00", "Asia/Shanghai", "en", window_days=14)),
    ("30天 post-empty", Request("09:00", "Asia/Shanghai", "en", window_days=30,
                               skip_empty=False)),
    ("WEEKDAYS 365d skip-empty Europe/London", Request("09:00", "Europe/London", "en",
                                                      weekdays=True, window_days=365)),
])
def test_subscribe_arguments(text: str, expected: Request) -> None:
    assert parse_request(text, "Asia/Shanghai", "en") == expected


@pytest.mark.parametrize("text", ["25:00", "9am", "Mars/Olympus", "09:00 Shanghai", "12:61",
                                  "09:00 posix/Asia/Shanghai", "right/UTC", "Asia/../etc",
                                  "3d", "0d", "366d", "7 days", "weekends", "skip"])
def test_bad_subscribe_arguments_are_refused_with_the_right_form(text: str) -> None:
    with pytest.raises(SubscriptionError):
        parse_request(text, "Asia/Shanghai", "en")


def test_a_refusal_is_in_the_language_asked_in() -> None:
    with pytest.raises(SubscriptionError, match="4d 到 365d"):
        parse_request("2d", "Asia/Shanghai", "zh-hans")


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
               tz: str = "Asia/Shanghai", **options: object) -> Subscription:
    return Subscriptions(engine).subscribe("T0001", channel, "USUB",
                                           Request(time, tz, "en", **options))


AT_0901_SHANGHAI = dt.datetime(2026, 1, 6, 1, 1, tzinfo=UTC)


def test_a_due_digest_is_posted_once_per_local_day(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    assert deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(hours=3))["posted"] == 0
    posts = _digests(slack)
    assert len(posts) == 1 and posts[0].body["channel"] == "C100"
    assert [r.body["thread_ts"] for r in _replies(slack)] == [slack.history["C100"][0]["ts"]], \
        "the rest of the day once, in the digest's thread"
    metadata = posts[0].json_field("metadata")
    assert metadata["event_type"] == METADATA_EVENT
    assert metadata["event_payload"]["date"] == "2026-01-06"
    text = str(posts[0].json_field("blocks"))
    assert "2022 · 4 years ago" in text and "@reorg" in text
    assert "2022-01-06-taobao-tmall-merged" in _told(posts[0])
    assert deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(days=1))["posted"] == 1


def test_a_digest_missed_while_down_comes_late_that_day_never_the_next(
        kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(dt.datetime(2026, 1, 6, 15, 0, tzinfo=UTC))["posted"] == 1
    # Down all of 7 January (Shanghai); back at 00:30 on the 8th: nothing for the 7th.
    assert not deliverer.deliver_due(dt.datetime(2026, 1, 7, 16, 30, tzinfo=UTC))
    assert len(_digests(slack)) == 1


def test_rate_limited_then_success(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    slack.respond("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429,
                  headers={"Retry-After": "1"}, times=1)
    assert _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    assert len(_digests(slack)) == 2


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
    assert len(_digests(slack)) == 1
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
    assert len(_digests(slack)) == 1


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
    channels = [c.body["channel"] for c in _digests(slack)]
    assert sorted(channels) == sorted(f"C{i:03d}" for i in range(60)), "each exactly once"
    assert len(_replies(slack)) == 60, "and each thread once"
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
    told = _told(_digests(slack)[0]) + _told(_replies(slack)[0])
    ts = slack.history["C100"][0]["ts"]
    chat = Chat(Historian(kb), lambda p: ThreadMemory(kb, p.team, p.channel, p.thread),
                InMemoryPrefs(), lambda: dt.date(2026, 1, 6))
    answer = chat.ask(Place("T0001", "C100", ts, "U1"), "sources")
    assert answer.intent == "sources" and answer.events
    assert sorted(e["id"] for e in answer.events) == sorted(told), "what the digest showed"


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
    assert len(_digests(slack)) == 1


# posix/… is read by a machine with a system zoneinfo (this one), never by one with only the
# tzdata package: every deliverer must treat it alike.
@pytest.mark.parametrize("zone", ["Nowhere/Atlantis", "posix/Asia/Shanghai"])
def test_a_subscription_with_an_unusable_zone_is_paused_alone(kb: Engine, slack: MockSlack,
                                                              zone: str) -> None:
    good = [_subscribe(kb, channel=f"C{i}") for i in range(3)]
    bad = _subscribe(kb, channel="CBAD")
    with kb.begin() as conn:  # as if stored by an older version, or a machine with more zones
        conn.execute(update(SubscriptionRow).where(SubscriptionRow.id == bad.id)
                     .values(tz=zone))
    outcomes = _deliverer(kb, slack).deliver_due(AT_0901_SHANGHAI)
    assert outcomes == {"posted": 3, "paused": 1}
    assert sorted(c.body["channel"] for c in _digests(slack)) == sorted(
        s.channel_id for s in good)
    paused = Subscriptions(kb).by_id(bad.id)
    assert paused is not None and paused.state == "paused"
    assert paused.paused_reason == "invalid_time_zone"
    told = [c.body for c in slack.calls_to("chat.postMessage")
            if c.body["channel"] == bad.subscribed_by]
    assert len(told) == 1 and "<#CBAD>" in told[0]["text"], told


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


# --- what each channel is told ----------------------------------------------------------------

def _at_0901_shanghai(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(1, 1), tzinfo=UTC)


def _deliver_days(deliverer: Deliverer, slack: MockSlack, first: dt.date, days: int
                  ) -> dict[str, list[tuple[dt.date, list[str]]]]:
    """Deliver at 09:01 in Shanghai on each day; per channel, (day, events told that day)."""
    told: dict[str, list[tuple[dt.date, list[str]]]] = {}
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        seen = len(slack.calls)
        deliverer.deliver_due(_at_0901_shanghai(day))
        for call in slack.calls[seen:]:
            if call.method == "chat.postMessage" and call.body["channel"].startswith("C"):
                told.setdefault(call.body["channel"], []).append((day, _told(call)))
    return told


def _repeats(told: list[tuple[dt.date, list[str]]], window: int) -> list[tuple[str, dt.date]]:
    last: dict[str, dt.date] = {}
    repeats = []
    for day, events in told:
        for event in events:
            if event in last and (day - last[event]).days < window:
                repeats.append((event, day))
            last[event] = day
    return repeats


def test_no_event_is_told_twice_to_a_channel_within_its_window(kb: Engine,
                                                               slack: MockSlack) -> None:
    """Two months of digests in a daily channel and a weekdays-only one. Each day's candidates
    include the three days before it (a missed story is told late), so without the channel's
    history every story would come round again the next day."""
    _subscribe(kb, channel="CDAILY")
    _subscribe(kb, channel="CWEEK", weekdays=True, window_days=14)
    told = _deliver_days(_deliverer(kb, slack), slack, dt.date(2026, 1, 1), 59)
    daily, weekdays = told["CDAILY"], told["CWEEK"]
    assert _repeats(daily, 7) == [] and _repeats(weekdays, 14) == []
    assert all(day.weekday() < 5 for day, _ in weekdays), "nothing on Saturdays and Sundays"
    merger = "2022-01-06-taobao-tmall-merged"
    assert any(merger in events for _, events in daily)
    assert any(merger in events for _, events in weekdays), "each channel has its own history"
    late_on_monday = {e for day, events in weekdays if day.weekday() == 0 for e in events
                      if e[5:10] in {(day - dt.timedelta(days=n)).strftime("%m-%d")
                                     for n in (1, 2)}}
    assert late_on_monday, "Monday tells the weekend's stories"


def test_a_channel_subscribed_again_is_not_told_the_same_stories(kb: Engine,
                                                                 slack: MockSlack) -> None:
    _subscribe(kb)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    Subscriptions(kb).unsubscribe("T0001", "C100")
    _subscribe(kb)  # a new subscription in the same channel, due again today
    assert deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(minutes=5)) == {"skipped": 1}
    assert len(_digests(slack)) == 1


def _quiet_day(kb: Engine) -> dt.date:
    """A day of 2026 with no story of its own, nor one in the three days before it."""
    historian = Historian(kb)
    return next(day for day in (dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365))
                if not historian.digest(day, "en").stories)


def test_a_day_with_nothing_new_is_skipped_not_posted_empty(kb: Engine,
                                                            slack: MockSlack) -> None:
    day = _quiet_day(kb)
    sub = _subscribe(kb)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(_at_0901_shanghai(day)) == {"skipped": 1}
    assert deliverer.deliver_due(_at_0901_shanghai(day) + dt.timedelta(hours=2)) == \
        {"already": 1}, "decided once a day"
    assert slack.calls_to("chat.postMessage") == []
    with kb.connect() as conn:
        state = conn.scalar(select(DeliveryRow.state).where(DeliveryRow.subscription_id == sub.id))
    assert state == "skipped"
    assert Subscriptions(kb).for_team("T0001")[0].last_delivery is None, "nothing was delivered"


def test_a_channel_can_ask_for_a_note_on_days_with_nothing_new(kb: Engine,
                                                               slack: MockSlack) -> None:
    day = _quiet_day(kb)
    _subscribe(kb, skip_empty=False)
    assert _deliverer(kb, slack).deliver_due(_at_0901_shanghai(day)) == {"posted": 1}
    (note,) = slack.calls_to("chat.postMessage")
    assert note.body["text"].startswith("Nothing new from Alibaba's history on")
    assert "next story comes on" in note.body["text"] and _told(note) == []
    assert "Ask in the thread" not in str(note.json_field("blocks")) and not _replies(slack)


def test_what_a_digest_shows_is_recorded_before_it_is_posted(kb: Engine, slack: MockSlack,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The confirmation is lost (the database went away after the post): the next day's
    digest still knows what the channel was told, and does not tell it again."""
    _subscribe(kb)
    deliverer = _deliverer(kb, slack)

    def lost(*_args: object) -> None:
        raise OSError("database unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(deliverer.ledger, "confirm_many", lost)
        assert deliverer.deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    monday = _told(_digests(slack)[0]) + _told(_replies(slack)[0])
    deliverer.deliver_due(AT_0901_SHANGHAI + dt.timedelta(days=1))
    later = [e for call in slack.calls_to("chat.postMessage")[2:] for e in _told(call)]
    assert "2022-01-06-taobao-tmall-merged" in monday
    assert not set(monday) & set(later), "told once, though never confirmed"


def test_a_failed_post_forgets_what_it_would_have_shown(kb: Engine, slack: MockSlack) -> None:
    _subscribe(kb)
    slack.respond("chat.postMessage", {"ok": False, "error": "fatal_error"}, times=1)
    deliverer = _deliverer(kb, slack)
    assert deliverer.deliver_due(AT_0901_SHANGHAI) == {"failed": 1}
    with kb.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(PostedEventRow)) == 0
    assert deliverer.deliver_due(AT_0901_SHANGHAI)["posted"] == 1
    assert "2022-01-06-taobao-tmall-merged" in _told(_digests(slack)[-1]), \
        "the retry tells what the failed post did not"


def test_a_recovered_digest_gets_its_thread_once(kb: Engine, slack: MockSlack) -> None:
    """A deliverer died after posting the digest, before its threaded reply."""
    sub = _subscribe(kb)
    day = dt.date(2026, 1, 6)
    DeliveryLedger(kb, "worker-a").claim({sub.id: day})
    _deliverer(kb, slack).client_for("T0001").chat_postMessage(
        channel=sub.channel_id, text="digest", metadata={
            "event_type": METADATA_EVENT,
            "event_payload": {"subscription": sub.id, "date": day.isoformat()}})
    time.sleep(SHORT_LEASE.total_seconds() + 0.2)
    assert _deliverer(kb, slack, "worker-b", SHORT_LEASE).deliver_due(
        AT_0901_SHANGHAI)["recovered"] == 1
    (reply,) = _replies(slack)
    assert reply.json_field("metadata")["event_type"] == THREAD_METADATA_EVENT
    assert reply.body["thread_ts"] == slack.history["C100"][0]["ts"]
    with kb.begin() as conn:  # as if that recovery died before confirming, in turn
        conn.execute(update(DeliveryRow).values(state="claimed", claimed_ms=0))
    assert _deliverer(kb, slack, "worker-c", SHORT_LEASE).deliver_due(
        AT_0901_SHANGHAI)["recovered"] == 1
    assert len(_replies(slack)) == 1 and len(_digests(slack)) == 1


def test_a_recovery_that_cannot_look_in_the_channel_keeps_the_claim(kb: Engine,
                                                                   slack: MockSlack) -> None:
    """Giving the claim back would let the next run post without looking first."""
    sub = _subscribe(kb)
    day = dt.date(2026, 1, 6)
    DeliveryLedger(kb, "worker-a").claim({sub.id: day})
    _deliverer(kb, slack).client_for("T0001").chat_postMessage(
        channel=sub.channel_id, text="digest", metadata={
            "event_type": METADATA_EVENT,
            "event_payload": {"subscription": sub.id, "date": day.isoformat()}})
    time.sleep(SHORT_LEASE.total_seconds() + 0.2)
    slack.respond("conversations.history", {"ok": False, "error": "fatal_error"}, times=1)
    worker_b = _deliverer(kb, slack, "worker-b", SHORT_LEASE)
    assert worker_b.deliver_due(AT_0901_SHANGHAI) == {"failed": 1}
    assert worker_b.deliver_due(AT_0901_SHANGHAI) == {"already": 1}, "still claimed"
    time.sleep(SHORT_LEASE.total_seconds() + 0.2)
    assert worker_b.deliver_due(AT_0901_SHANGHAI)["recovered"] == 1
    assert len(_digests(slack)) == 1


def test_a_claim_taken_over_before_its_post_is_posted_in_full(kb: Engine,
                                                              slack: MockSlack) -> None:
    """Its dead owner recorded what it meant to show, then died before posting: that record
    does not hold the stories back from the deliverer that finishes the job."""
    sub = _subscribe(kb)
    day = dt.date(2026, 1, 6)
    planned = tuple(e["id"] for e in Historian(kb).digest(day, "en").events)
    DeliveryLedger(kb, "worker-a").claim({sub.id: day}, {sub.id: Shown(
        sub.id, sub.team_id, sub.channel_id, day, planned)})
    time.sleep(SHORT_LEASE.total_seconds() + 0.2)
    assert _deliverer(kb, slack, "worker-b", SHORT_LEASE).deliver_due(
        AT_0901_SHANGHAI)["posted"] == 1
    told = _told(_digests(slack)[0]) + _told(_replies(slack)[0])
    assert sorted(told) == sorted(planned)
    with kb.connect() as conn:
        recorded = conn.scalars(select(PostedEventRow.event_id)).all()
    assert sorted(recorded) == sorted(planned), "recorded once, under the claim"
