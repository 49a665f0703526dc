"""Mistake reports: kept on SQLite and PostgreSQL, listed and closed from the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from bot.db import make_engine, migrate
from bot.reports import WHAT_LIMIT, MistakeReports
from tests.test_cli import run


def test_reports_are_kept_listed_and_closed(engine: Engine) -> None:
    migrate(engine)
    reports = MistakeReports(engine)
    first = reports.add("T1", "U1", "1999-alibaba-founded", "  The year is wrong  ", "")
    second = reports.add("T1", "U2", "2019-09-10-jack-ma-retires", "x" * 5000,
                         "https://example.org/source")
    listed = reports.listed()
    assert [r.id for r in listed] == [first, second], "oldest first"
    assert listed[0].what == "The year is wrong" and listed[0].source is None
    assert len(listed[1].what) == WHAT_LIMIT and listed[1].source.startswith("https://")
    assert (listed[0].team_id, listed[0].user_id) == ("T1", "U1")
    assert listed[0].created_at is not None and listed[0].closed_at is None
    assert reports.close(first) == "closed"
    assert reports.close(first) == "already", "closing twice changes nothing"
    assert reports.close(first + 100) == "unknown"
    assert [r.id for r in reports.listed()] == [second]
    assert [r.id for r in reports.listed(include_closed=True)] == [first, second]


def test_kb_reports_lists_and_closes(tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite3"
    assert run(["kb", "reports"], db).stdout.strip() == "no open reports"
    engine = make_engine(f"sqlite:///{db}")
    ident = MistakeReports(engine).add("T0001", "U123", "1999-alibaba-founded",
                                       "Founded in 1999, not 1998", "https://example.org/a")
    listed = run(["kb", "reports"], db)
    assert listed.returncode == 0
    assert f"#{ident}" in listed.stdout and "T0001/U123" in listed.stdout
    assert "1999-alibaba-founded — Jack Ma founds Alibaba" in listed.stdout, "the event's title"
    assert "Founded in 1999, not 1998" in listed.stdout and "https://example.org/a" in \
        listed.stdout
    closed = run(["kb", "reports", "close", str(ident)], db)
    assert closed.returncode == 0 and f"closed report #{ident}" in closed.stdout
    assert run(["kb", "reports"], db).stdout.strip() == "no open reports"
    assert "closed" in run(["kb", "reports", "--all"], db).stdout
    unknown = run(["kb", "reports", "close", "999"], db)
    assert unknown.returncode == 1 and "no report #999" in unknown.stderr
    assert run(["kb", "reports", "close", "x"], db).returncode == 2
