"""`make bench`: query latency, index build, start-up and memory, at real size and at 50,000 events.

Numbers are printed, never asserted: they belong in notes, not in the test suite.
Each measurement that needs a clean memory reading runs in a child process.
"""

from __future__ import annotations

import json
import logging
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The golden set's questions (every kind and script, as users ask) and a few commands.
GOLDEN = PROJECT / "tests" / "golden" / "queries.yaml"
COMMANDS = [
    "逍遥子", "逍遙子", "xiaoyaozi", "Daniel Zhang", "Daneil Zhang", "zhang yong", "張勇",
    "淘宝天猫合并", "淘寶天貓融合", "when did Taobao and Tmall merge", "2013-09-11",
    "Sept 11 2013", "2013年9月", "what happened in June 2011", "on 01-06", "on Jan 6",
    "on 1月6日", "today", "who 行癫", "unit 聚划算", "2013", "Microsoft", "asdfghjkl",
    "拼多多 架构调整", "Jack Ma", "马云 退休", "Alibaba Cloud", "who was CEO in 2016",
    "Eddie Wu", "Joe Tsai", "Jonathan Lu", "蔡崇信", "Lucy Peng", "Trudy Dai", "UCWeb",
]
SYNTHETIC_EVENTS = 50_000
WORDS_EN = ("platform reorganisation merchants logistics cloud retail letter committee "
            "international strategy mobile marketplace payments media entertainment "
            "governance partnership upgrade division appointment president group unit").split()
CHARS_ZH = ("阿里巴巴集团组织架构调整事业群部门成立合并拆分任命总裁首席执行官"
            "平台商家物流云计算零售国际战略")


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["DATABASE_URL"] = f"sqlite:///{db}"
    return env


def _bot(args: list[str], db: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT, env=_env(db),
                          text=True, capture_output=True, check=True, **kwargs)


def _synthetic_file(db: Path, path: Path) -> None:
    """50,000 events naming real entities, with text of realistic length, in `kb export` form."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute("select id, kind from entities order by id").fetchall()
    people = [i for i, kind in rows if kind == "person"]
    units = [i for i, kind in rows if kind != "person"]
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for i in range(SYNTHETIC_EVENTS):
            year, month, day = rng.randint(1999, 2025), rng.randint(1, 12), rng.randint(1, 28)
            words = " ".join(rng.choices(WORDS_EN, k=30))
            zh = "".join(rng.choices(CHARS_ZH, k=60))
            event = {
                "id": f"synthetic-{i:05d}", "date": f"{year}-{month:02d}-{day:02d}",
                "kind": rng.choice(["appointment", "unit-created", "unit-merged", "strategy"]),
                "title": {"en": f"Synthetic {words[:40]}", "zh-hans": zh[:12],
                          "zh-hant": zh[:12]},
                "summary": {"en": words, "zh-hans": zh, "zh-hant": zh},
                "people": rng.sample(people, k=min(2, len(people))),
                "units": rng.sample(units, k=min(2, len(units))),
                "sources": [{"title": "Synthetic", "publisher": "Bench", "date": f"{year}",
                             "url": None}],
            }
            out.write(json.dumps(event, ensure_ascii=False) + "\n")


def _queries() -> list[str]:
    import yaml

    golden = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["queries"]
    return [str(entry["q"]) for entry in golden] + COMMANDS


def worker(db: str, cache: str) -> None:
    """Child process: get the index (built, or loaded from `cache` when a first child built
    it there), time every query end to end, report the time it took and peak memory."""
    from bot.db import make_engine
    from handlers.blocks import render_blocks
    from handlers.render import Surface
    from handlers.text import render_text
    from knowledge.historian import Historian
    from knowledge.index import cached_index

    engine = make_engine(f"sqlite:///{db}")
    started = time.perf_counter()
    index = cached_index(engine, Path(cache))
    build_seconds = time.perf_counter() - started
    historian = Historian(engine, index)
    queries = _queries()
    for query in queries:  # warm caches (OpenCC dictionaries, stems)
        historian.answer(query)
    timings: list[float] = []
    cpu_timings: list[float] = []  # CPU time: what the code costs, whatever else is running
    for _ in range(3):
        for query in queries:
            started, cpu = time.perf_counter(), time.process_time()
            answer = historian.answer(query)
            render_blocks(answer, Surface.EPHEMERAL)
            render_text(answer)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu) * 1000)
    timings.sort()
    cpu_timings.sort()
    print(json.dumps({
        "events": len(index.events),
        "index_build_s": round(build_seconds, 3),
        "median_ms": round(statistics.median(timings), 2),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 2),
        "cpu_median_ms": round(statistics.median(cpu_timings), 2),
        "cpu_p99_ms": round(cpu_timings[int(len(cpu_timings) * 0.99) - 1], 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def _measure(db: Path) -> dict:
    """Two children: the first builds the index (and caches it), the second loads it, as
    every later process does; the figures are the second's, with the first's build time."""
    cache = db.parent / f"{db.stem}-cache"
    runs = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-m", "tests.bench", "--worker", str(db),
                              str(cache)], cwd=PROJECT, env=_env(db), text=True,
                             capture_output=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    built, loaded = runs
    return {**loaded, "index_build_s": built["index_build_s"], "build_peak_mb": built["peak_mb"],
            "index_load_s": loaded["index_build_s"]}


def _startup(db: Path, runs: int = 5) -> str:
    """Median wall time and CPU time (user + system) of a whole `ask` process."""
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        _bot(["ask", "逍遥子"], db)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return f"{statistics.median(times):.2f} s wall, {statistics.median(cpus):.2f} s CPU"


def ack_latency(db: Path, commands: int = 200) -> None:
    """Seconds from a signed /reorg POST to its HTTP 200, sequential and 8 at a time."""
    import threading
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from bot.db import make_engine
    from bot.settings import load_settings
    from bot.slack_app import build_app, http_server
    from knowledge.historian import Historian
    from tests.mock_slack import MockSlack
    from tests.slack_signing import signed_headers, slash_command_body

    secret = "bench-secret"
    # Commands 8 at a time queue up in waitress on purpose; its warning is not a figure.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    engine = make_engine(f"sqlite:///{db}")
    queries = [q for q in _queries() if q != "today"]
    with MockSlack() as slack:
        settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": secret,
                                  "SLACK_API_URL": slack.base_url})
        app = build_app(settings, engine, Historian(engine))
        server = http_server(app, settings, 0, "127.0.0.1")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.port}/slack/events"

        def one(i: int) -> float:
            body = slash_command_body(text=queries[i % len(queries)],
                                      response_url=slack.response_url(f"b{i}"))
            request = urllib.request.Request(url, data=body.encode(), method="POST",
                                             headers=signed_headers(secret, body))
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
            return (time.perf_counter() - started) * 1000

        for round_, (label, workers) in enumerate((("sequential", 1), ("8 at a time", 8))):
            with ThreadPoolExecutor(max_workers=workers) as pool:
                times = sorted(pool.map(one, range(round_ * commands, (round_ + 1) * commands)))
            print(f"ack latency, {commands} signed /reorg commands, {label}: p50 "
                  f"{statistics.median(times):.1f} ms, p99 {times[int(len(times) * 0.99) - 1]:.1f}"
                  f" ms, max {times[-1]:.1f} ms")
        # Acks come first and the answers after: wait for every answer before the stand-in
        # stops, or the listeners still at work fail to reach it and log tracebacks.
        for i in range(2 * commands):
            slack.wait_for(f"response:b{i}", timeout=60)
        server.shutdown()


def digest_fanout(subscriptions: int = 10_000) -> None:
    """10,000 due digests, a stand-in answering in 20 ms in its own process, PostgreSQL, and
    one or two `python -m bot digest deliver` processes at once (replicas)."""
    import urllib.request
    import uuid
    from collections import Counter

    from sqlalchemy import create_engine, insert, text

    from bot.db import migrate
    from bot.digest_models import SubscriptionRow

    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    stand_in = subprocess.Popen([sys.executable, "-m", "tests.mock_slack", "0.02"], cwd=PROJECT,
                                stdout=subprocess.PIPE, text=True)
    rates: dict[int, float] = {}
    try:
        base_url = stand_in.stdout.readline().strip()
        for deliverers in (1, 2):
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(url)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            schema_url = f"{url}?options=-csearch_path%3D{schema}"
            engine = create_engine(schema_url)
            try:
                migrate(engine)
                with engine.begin() as conn:
                    conn.execute(insert(SubscriptionRow), [
                        {"team_id": "T0001", "channel_id": f"C{d}{i:05d}", "local_time": "09:00",
                         "tz": "Asia/Shanghai", "lang": "en", "subscribed_by": "U1",
                         "state": "active"} for i in range(subscriptions)
                        for d in [deliverers]])
                env = {**{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
                       "DATABASE_URL": schema_url, "SLACK_BOT_TOKEN": "xoxb-bench",
                       "SLACK_API_URL": base_url}
                subprocess.run([sys.executable, "-m", "bot", "kb", "load"], cwd=PROJECT,
                               env=env, check=True, capture_output=True)
                command = [sys.executable, "-m", "bot", "digest", "deliver", "--now",
                           "2026-01-06T10:00:00+08:00"]
                busy, stand_in_cpu = _machine_busy(), _cpu_of(stand_in.pid)
                children = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                runs = [subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                         text=True) for _ in range(deliverers)]
                outputs = [run.communicate()[0].strip() for run in runs]
                seconds = time.perf_counter() - started
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime)
                cpu = (f"CPU: deliverers {used:.1f} s, stand-in "
                       f"{_cpu_of(stand_in.pid) - stand_in_cpu:.1f} s, machine busy "
                       f"{_machine_busy() - busy:.1f} of {os.cpu_count() * seconds:.1f} core-s")
                request = urllib.request.Request(base_url + "mock.stats", data=b"",
                                                 method="POST")
                with urllib.request.urlopen(request) as response:
                    posted = json.loads(response.read())["posted"]
                channels = Counter(c for c in posted if c.startswith(f"C{deliverers}"))
                duplicates = sum(n - 1 for n in channels.values())
                misses = subscriptions - len(channels)
                rates[deliverers] = subscriptions / seconds
                print(f"digest fan-out, {subscriptions} due, {deliverers} deliverer process(es) "
                      f"on PostgreSQL, stand-in 20 ms: {seconds:.1f} s, "
                      f"{subscriptions / seconds:.0f} deliveries/s, duplicates {duplicates}, "
                      f"misses {misses} ({' | '.join(outputs)}); {cpu}")
            finally:
                engine.dispose()
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
        print(f"replica ratio (2 deliverers' throughput / 1's): {rates[2] / rates[1]:.2f}")
        _web_api_floor(base_url, subscriptions)
    finally:
        stand_in.terminate()


def _web_api_floor(base_url: str, digests: int) -> None:
    """The same digests' Web API calls alone, with no database and nothing composed: the
    least two deliverers could take on this machine, beside the stand-in answering them."""
    busy = _machine_busy()
    started = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-m", "tests.bench", "--post", base_url,
                              str(digests // 2)], cwd=PROJECT) for _ in range(2)]
    for run in runs:
        run.wait()
    seconds = time.perf_counter() - started
    print(f"Web API floor: the {2 * digests} calls of {digests} digests (message and threaded "
          f"reply) from 2 processes with the deliverers' threads, no database: {seconds:.1f} s; "
          f"machine busy {_machine_busy() - busy:.1f} of {os.cpu_count() * seconds:.1f} core-s")


def post_only(base_url: str, digests: int) -> None:
    """Child process: post `digests` digests (a message, then its threaded reply) as the
    deliverer's threads do, with the deliverer's client and today's digest, and nothing else."""
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from bot.delivery import POST_THREADS
    from bot.knowledge_base import open_historian
    from bot.settings import load_settings
    from bot.slack_app import web_client
    from handlers.digest_blocks import DigestMessage, digest_thread_message

    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_API_URL": base_url})
    client = web_client(settings, settings.slack_bot_token)
    digest = open_historian(load_settings().database_url).digest(dt.date(2026, 1, 6), "en")
    message, thread = DigestMessage.of(digest).for_channel(), digest_thread_message(digest)

    def post(i: int) -> None:
        ts = client.chat_postMessage(channel=f"CF{i:05d}", **message)["ts"]
        if thread:
            client.chat_postMessage(channel=f"CF{i:05d}", thread_ts=ts, **thread)

    with ThreadPoolExecutor(POST_THREADS) as pool:
        list(pool.map(post, range(digests)))


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy() -> float:
    """CPU seconds every core has spent busy (not idle or waiting on I/O) since boot."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def structure(db: Path) -> None:
    """The org chart of a date, the changes between two dates, a chain and the picture, at
    the real size: every day the chart changes, and every pair of consecutive such days."""
    out = subprocess.run([sys.executable, "-c", _STRUCTURE], env=_env(db), cwd=PROJECT,
                         capture_output=True, text=True, check=True)
    print(out.stdout.strip())


_STRUCTURE = """
import datetime as dt, statistics, time
from bot.knowledge_base import open_historian
from bot.settings import load_settings
from handlers.picture import org_picture
from knowledge.org import changes_between, org_on, succession
h = open_historian(load_settings().database_url)
days = sorted({p.first for p in h.index.placements})
def timed(f, *a):
    t = time.perf_counter(); f(*a); return (time.perf_counter() - t) * 1000
org = [timed(org_on, h.index, d) for d in days]
diff = [timed(changes_between, h.index, a, b) for a, b in zip(days, days[1:])]
chain = [timed(succession, h.index, "alibaba-group", {"ceo"}) for _ in range(50)]
pics, sizes = [], []
for q in ("org 2013-09-12", "org 2023-03-29", "组织架构 2016"):
    answer = h.answer(q, today=dt.date(2026, 12, 1))
    t = time.perf_counter()
    png = org_picture(answer)
    pics.append((time.perf_counter() - t) * 1000)
    sizes.append(len(png) // 1024)
q = lambda xs: (round(statistics.median(xs), 2), round(max(xs), 2))
print(f"structure ({len(h.index.placements)} placements, {len(days)} chart days): org at a date "
      f"median/max {q(org)} ms; changes between two dates {q(diff)} ms; CEO chain {q(chain)} ms; "
      f"picture {[round(p) for p in pics]} ms, {sizes} KB")
"""


def main(parts: set[str]) -> None:
    """Every part by default; `python -m tests.bench query` (or ack, big, digest, structure)
    for one."""
    with tempfile.TemporaryDirectory() as tmp:
        real = Path(tmp) / "real.sqlite3"
        _bot(["kb", "load"], real)
        if "structure" in parts:
            structure(real)
        if "query" in parts:
            result = _measure(real)
            print(f"real event base ({result['events']} events): query median "
                  f"{result['median_ms']} ms, p99 {result['p99_ms']} ms (CPU median "
                  f"{result['cpu_median_ms']} ms, p99 {result['cpu_p99_ms']} ms); index build "
                  f"{result['index_build_s']} s (peak {result['build_peak_mb']} MB), load from "
                  f"cache {result['index_load_s']} s; peak memory {result['peak_mb']} MB")
            print(f"start-up of `python -m bot ask 逍遥子` (median of 5): {_startup(real)}")
        if "ack" in parts:
            ack_latency(real)
        if "big" not in parts:
            if "digest" in parts:
                digest_fanout()
            return
        big = Path(tmp) / "big.sqlite3"
        _bot(["kb", "load"], big)
        dump = Path(tmp) / "synthetic.jsonl"
        _synthetic_file(big, dump)
        started = time.perf_counter()
        _bot(["kb", "import", str(dump)], big)
        import_seconds = time.perf_counter() - started
        result = _measure(big)
        print(f"synthetic event base ({result['events']} events; kb import took "
              f"{import_seconds:.1f} s): query median {result['median_ms']} ms, p99 "
              f"{result['p99_ms']} ms (CPU median {result['cpu_median_ms']} ms, p99 "
              f"{result['cpu_p99_ms']} ms); index build {result['index_build_s']} s (peak "
              f"{result['build_peak_mb']} MB), load from cache {result['index_load_s']} s; peak "
              f"memory {result['peak_mb']} MB")
        print(f"start-up at 50,000 events (median of 3): {_startup(big, 3)}")
    if "digest" in parts:
        digest_fanout()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--post":
        post_only(sys.argv[2], int(sys.argv[3]))
    else:
        main(set(sys.argv[1:]) or {"query", "structure", "ack", "big", "digest"})
