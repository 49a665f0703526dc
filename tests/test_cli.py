"""The command line, run as a user runs it: `python -m bot …` in a subprocess."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import PROJECT


def run(args: list[str], db: Path, stdin: str | None = None,
        extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update({"DATABASE_URL": f"sqlite:///{db}", **(extra_env or {})})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, text=True,
                          capture_output=True, cwd=PROJECT, env=env, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli") / "kb.sqlite3"


def test_ask_json_has_the_spec_shape(db: Path) -> None:
    result = run(["ask", "--json", "逍遙子"], db)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert set(reply) == {"intent", "events", "entities", "answer", "blocks", "text"}
    assert reply["intent"] == "search"
    assert reply["entities"][0]["id"] == "zhang-yong"
    assert reply["entities"][0]["kind"] == "person"
    assert set(reply["entities"][0]["name"]) == {"en", "zh-hans", "zh-hant"}
    event = reply["events"][0]
    for key in ("id", "date", "date_precision", "kind", "title", "summary", "people", "units",
                "sources"):
        assert key in event, key
    assert "zhang-yong" in event["people"] or any("zhang-yong" in e["people"]
                                                  for e in reply["events"])
    assert reply["blocks"][0]["type"] == "header"
    assert "張勇" in reply["text"], "a Traditional question gets a Traditional answer"


def test_ask_nonsense_says_nothing_found(db: Path) -> None:
    reply = json.loads(run(["ask", "--json", "asdfghjkl"], db).stdout)
    assert reply["events"] == []
    assert "Nothing found" in reply["text"]


def test_ask_lang_option_overrides_the_script(db: Path) -> None:
    reply = json.loads(run(["ask", "--json", "--lang", "en", "张勇"], db).stdout)
    assert "Daniel Zhang" in reply["text"]


def test_console_reads_lines_and_remembers_for_more_and_sources(db: Path) -> None:
    result = run(["console", "--json"], db, stdin="2013\nmore\nsources\n@reorg help\n")
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["intent"] for r in replies] == ["period", "period", "sources", "help"]
    first_ids = {e["id"] for e in replies[0]["events"]}
    second_ids = {e["id"] for e in replies[1]["events"]}
    assert first_ids and second_ids and not first_ids & second_ids, "more pages on"
    assert {e["id"] for e in replies[2]["events"]} == second_ids
    assert all(e["date"].startswith("2013") for e in replies[0]["events"] + replies[1]["events"])


def test_console_text_mode_prints_readable_answers(db: Path) -> None:
    result = run(["console"], db, stdin="who 行癫\n")
    assert result.returncode == 0
    assert "张建锋" in result.stdout and "Traceback" not in result.stderr


def test_digest_show_for_a_date(db: Path) -> None:
    reply = json.loads(run(["digest", "show", "--date", "2022-01-06", "--json"], db).stdout)
    assert reply["intent"] == "on_this_day"
    assert any(e["date"] == "2022-01-06" for e in reply["events"])
    assert run(["digest", "show", "--date", "2022-13-01"], db).returncode != 0


def test_kb_commands(db: Path, tmp_path: Path) -> None:
    assert run(["kb", "check"], db).returncode == 0
    assert "loaded:" in run(["kb", "load"], db).stdout
    stats = run(["kb", "stats"], db).stdout
    assert "events:" in stats and "digest coverage:" in stats
    exported = run(["kb", "export"], db).stdout.splitlines()
    assert exported and all(json.loads(line)["id"] for line in exported)
    bad = tmp_path / "bad.jsonl"
    haunted = json.loads(exported[1])
    haunted["people"].append("ghost")
    bad.write_text(exported[0] + "\n" + json.dumps(haunted, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    result = run(["kb", "import", str(bad)], db)
    assert result.returncode == 1 and "line 2" in result.stdout and "ghost" in result.stdout


def test_serve_without_credentials_names_what_is_missing(db: Path) -> None:
    result = run(["serve"], db)
    assert result.returncode != 0
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr


def test_a_bad_setting_is_named(db: Path) -> None:
    result = run(["ask", "hi"], db, extra_env={"REORG_DEFAULT_TZ": "Mars/Olympus"})
    assert result.returncode == 2 and "REORG_DEFAULT_TZ" in result.stderr


def test_stats_on_a_fresh_database_counts_the_curated_files(tmp_path: Path) -> None:
    stats = run(["kb", "stats"], tmp_path / "fresh.sqlite3").stdout
    events = int(stats.split("events:")[1].split()[0])
    assert events > 40, stats
    assert "digest coverage:" in stats and "years covered: 1999" in stats


def test_a_reader_that_stops_early_gets_no_traceback(db: Path) -> None:
    """`python -m bot ask 2013 | head -1` is a normal thing to type."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["DATABASE_URL"] = f"sqlite:///{db}"
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "2013"], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the answer is written, so the write meets a closed pipe
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr


def test_kb_import_shows_a_progress_bar_on_a_terminal_only(db: Path, tmp_path: Path) -> None:
    dump = tmp_path / "events.jsonl"
    dump.write_text(run(["kb", "export"], db).stdout, encoding="utf-8")
    piped = run(["kb", "import", str(dump)], db)
    assert piped.returncode == 0 and "reading" not in piped.stderr
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real size
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    with subprocess.Popen([sys.executable, "-m", "bot", "kb", "import", str(dump)],
                          stdout=subprocess.PIPE, stderr=follower, cwd=PROJECT, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:  # until the child closes the terminal (EIO on Linux)
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
        terminal = b"".join(chunks).decode(errors="replace")
    os.close(leader)
    assert proc.returncode == 0 and "reading" in terminal and "100%" in terminal


def test_the_console_prints_the_chart_and_writes_its_picture(db: Path) -> None:
    out = run(["console"], db, stdin="组织架构 2023年3月29日\n")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("2023年3月29日的阿里巴巴集团") for line in lines)
    assert any("淘天集团" in line and line.lstrip().startswith("•") for line in lines)
    path = Path(next(line for line in lines if line.startswith("架构图：")).split("：", 1)[1])
    assert path.read_bytes().startswith(b"\x89PNG")
