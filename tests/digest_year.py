"""`python -m tests.digest_year`: a year of daily digests, before and after issue 11's compact
digest, in figures.

Before: what the old digest posted each day, which was the on-this-day answer's first page of
fifteen (`Historian.events_near_day`: the day's events, else the nearest within three days).
After: the real deliverer posting to the loopback Slack stand-in on a scratch SQLite database,
one channel every day and one on weekdays only, with the events read back from the posted
messages' block ids. Numbers are printed, never asserted (the tests assert the rules).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bot.db import make_engine, migrate
from bot.delivery import Deliverer
from bot.knowledge_base import load_files
from bot.settings import load_settings
from bot.slack_app import client_for_team
from bot.subscriptions import Request, Subscriptions
from knowledge.digest import DEFAULT_WINDOW
from knowledge.historian import PAGE_SIZE, Historian
from tests.mock_slack import MockSlack

OLD_DIGEST_SIZE = 3 * PAGE_SIZE  # the old digest posted the first fifteen


@dataclass
class Post:
    day: dt.date
    channel: list[str]  # events (or stories' leads) in the channel message
    thread: list[str] = field(default_factory=list)  # events in its threaded reply
    note: bool = False  # "Nothing on MM-DD; the nearest…" or "Nothing new…": not about the day
    text: str = ""  # the notification text

    @property
    def events(self) -> list[str]:
        return self.channel + self.thread


@dataclass
class Year:
    posts: list[Post]
    days: int

    def repeats(self, within: int) -> int:
        """Posts telling an event the channel was told fewer than `within` days before."""
        last: dict[str, dt.date] = {}
        count = 0
        for post in self.posts:
            count += any(e in last and (post.day - last[e]).days < within for e in post.events)
            last.update(dict.fromkeys(post.events, post.day))
        return count

    def longest_run(self) -> int:
        """The most consecutive days one event was posted."""
        runs: dict[str, tuple[dt.date, int]] = {}
        best = 0
        for post in self.posts:
            for event in post.events:
                day, run = runs.get(event, (None, 0))
                run = run + 1 if day == post.day - dt.timedelta(days=1) else 1
                runs[event] = (post.day, run)
                best = max(best, run)
        return best


def before(historian: Historian, days: list[dt.date]) -> Year:
    posts = []
    for day in days:
        positions, distance = historian.events_near_day(day.month, day.day)
        shown = [historian.index.events[p].id for p in positions[:OLD_DIGEST_SIZE]]
        posts.append(Post(day, shown, note=bool(distance or not shown)))
    return Year(posts, len(days))


def after(engine, days: list[dt.date]) -> dict[str, Year]:
    """The real deliverer, once a day at 09:01 in Shanghai, for a daily and a weekdays channel."""
    channels = {"CDAILY": Request("09:00", "Asia/Shanghai", "en"),
                "CWEEKDAYS": Request("09:00", "Asia/Shanghai", "en", weekdays=True)}
    posts: dict[str, list[Post]] = {channel: [] for channel in channels}
    with MockSlack() as slack:
        settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-year", "SLACK_API_URL": slack.base_url})
        for channel, request in channels.items():
            Subscriptions(engine).subscribe("T0001", channel, "UYEAR", request)
        deliverer = Deliverer(engine, Historian(engine), client_for_team(settings, engine))
        for day in days:
            seen = len(slack.calls)
            deliverer.deliver_due(dt.datetime.combine(day, dt.time(1, 1), tzinfo=dt.UTC))
            for call in slack.calls[seen:]:
                if call.method != "chat.postMessage":
                    continue
                blocks = call.json_field("blocks") or []
                ids = {prefix: [b["block_id"].removeprefix(prefix) for b in blocks
                                if b.get("block_id", "").startswith(prefix)]
                       for prefix in ("story:", "event:")}
                mine = posts[call.body["channel"]]
                if call.body.get("thread_ts"):
                    mine[-1].thread += ids["event:"]
                else:
                    mine.append(Post(day, ids["story:"], note=not ids["story:"],
                                     text=call.body["text"]))
    return {channel: Year(found, len(days)) for channel, found in posts.items()}


def _median(values: list[int]) -> float:
    return statistics.median(values) if values else 0


def report(old: Year, new: Year, weekdays: Year) -> list[str]:
    rows = [
        ("days", old.days, new.days),
        ("posts", len(old.posts), len(new.posts)),
        ("posts skipped (nothing new on the day)", old.days - len(old.posts),
         new.days - len(new.posts)),
        (f"posts repeating an event told in the last {DEFAULT_WINDOW} days",
         old.repeats(DEFAULT_WINDOW), new.repeats(DEFAULT_WINDOW)),
        ("posts repeating an event told the day before", old.repeats(2), new.repeats(2)),
        ("longest run of one event on consecutive days", old.longest_run(),
         new.longest_run()),
        ("empty posts (no event at all)", sum(not p.events for p in old.posts),
         sum(not p.events for p in new.posts)),
        ("posts about another day (\"Nothing on MM-DD; the nearest…\")",
         sum(p.note and bool(p.events) for p in old.posts),
         sum(p.note and bool(p.events) for p in new.posts)),
        ("median stories in the channel message", _median([len(p.channel) for p in old.posts]),
         _median([len(p.channel) for p in new.posts])),
        ("most stories in one channel message", max(len(p.channel) for p in old.posts),
         max(len(p.channel) for p in new.posts)),
        ("channel messages with more than three stories",
         sum(len(p.channel) > 3 for p in old.posts), sum(len(p.channel) > 3 for p in new.posts)),
        ("median events per post, thread included", _median([len(p.events) for p in old.posts]),
         _median([len(p.events) for p in new.posts])),
        ("longest notification text (characters)", "—",
         max(len(p.text) for p in new.posts)),
    ]
    width = max(len(label) for label, _, _ in rows)
    lines = [f"{'':{width}}  {'before':>7}  {'after':>7}"]
    lines += [f"{label:{width}}  {old_value!s:>7}  {new_value!s:>7}"
              for label, old_value, new_value in rows]
    weekend = sum(p.day.weekday() >= 5 for p in weekdays.posts)
    caught_up = sum(any(e[5:10] != p.day.strftime("%m-%d") for e in p.events)
                    for p in weekdays.posts if p.day.weekday() == 0)
    lines += ["", f"weekdays-only channel: {len(weekdays.posts)} posts, {weekend} on a Saturday or "
              f"Sunday, {weekdays.repeats(DEFAULT_WINDOW)} repeating an event within "
              f"{DEFAULT_WINDOW} days, {caught_up} Mondays telling the weekend's stories"]
    return lines


def main(year: int = 2026) -> None:
    first = dt.date(year, 1, 1)
    days = [first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days)]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'year.sqlite3'}")
        migrate(engine)
        load_files(engine)
        old = before(Historian(engine), days)
        new = after(engine, days)
        engine.dispose()
    print(f"Daily digest over {year}, one channel subscribed at 09:00 Asia/Shanghai "
          f"(`python -m tests.digest_year [YEAR]`)")
    print("\n".join(report(old, new["CDAILY"], new["CWEEKDAYS"])))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2026)
