"""Loading, reloading, exporting and importing the event base, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.db import migrate
from bot.knowledge_base import load_files
from knowledge.files import DATA_DIR
from knowledge.jsonl import export_events, import_events
from knowledge.tables import EventRow


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(EventRow)) or 0


def test_load_is_idempotent_and_replaces_what_changed(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    migrate(engine)
    first = load_files(engine, folder)
    assert first.added > 0 and first.updated == 0
    again = load_files(engine, folder)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == first.added

    # Edit one event's English title and drop another event: exactly those change.
    events = list(export_events(engine))
    edited, dropped = events[0], events[1]
    path = next(p for p in folder.rglob("*.yaml") if f"id: {edited['id']}" in p.read_text())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"en: {edited['title']['en']}", "en: A corrected title", 1),
                    encoding="utf-8")
    third = load_files(engine, folder)
    assert third.updated == 1, third
    titles = {e["id"]: e["title"]["en"] for e in export_events(engine)}
    assert titles[edited["id"]] == "A corrected title"
    assert dropped["id"] in titles


def test_export_then_import_round_trips(engine: Engine, tmp_path: Path) -> None:
    migrate(engine)
    load_files(engine)
    exported = list(export_events(engine))
    dump = tmp_path / "events.jsonl"
    dump.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in exported) + "\n",
                    encoding="utf-8")
    with dump.open(encoding="utf-8") as handle:
        result = import_events(engine, handle)
    assert result.errors == []
    assert result.report.unchanged == len(exported)
    assert list(export_events(engine)) == exported


def test_import_adds_new_events(engine: Engine) -> None:
    migrate(engine)
    load_files(engine)
    before = _count(engine)
    new = {"id": "synthetic-1", "date": "2030-02", "kind": "strategy",
           "title": {"en": "A synthetic event", "zh-hans": "合成事件"},
           "summary": {"en": "Only for a test.", "zh-hans": "仅用于测试。"},
           "people": ["zhang-yong"], "units": ["tmall"],
           "sources": [{"title": "T", "publisher": "P", "date": "2030-02", "url": None}]}
    result = import_events(engine, [json.dumps(new)])
    assert result.errors == [] and result.report.added == 1
    assert _count(engine) == before + 1
    stored = next(e for e in export_events(engine) if e["id"] == "synthetic-1")
    assert stored["date_precision"] == "month" and stored["title"]["zh-hant"] == "合成事件"


def test_import_refuses_a_file_with_an_unknown_entity_and_loads_nothing(engine: Engine) -> None:
    migrate(engine)
    load_files(engine)
    before = _count(engine)
    good = {"id": "ok-1", "date": "2030-01-01", "kind": "strategy",
            "title": {"en": "Fine", "zh-hans": "好"}, "summary": {"en": "Fine", "zh-hans": "好"},
            "people": [], "units": [], "sources": [{"title": "T", "publisher": "P"}]}
    bad = dict(good, id="bad-1", people=["nobody-at-all"])
    lines = [json.dumps(good), "", json.dumps(bad), "{not json"]
    result = import_events(engine, lines)
    assert any(e.startswith("line 3:") and "nobody-at-all" in e for e in result.errors)
    assert any(e.startswith("line 4:") for e in result.errors)
    assert _count(engine) == before, "a refused file must load nothing"
