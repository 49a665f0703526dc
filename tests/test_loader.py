"""Loading, reloading, exporting and importing the event base, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
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

    # Edit one event's English title: exactly that event is rewritten.
    edited = next(export_events(engine))
    path = next(p for p in folder.rglob("*.yaml") if f"id: {edited['id']}" in p.read_text())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"en: {edited['title']['en']}", "en: A corrected title", 1),
                    encoding="utf-8")
    third = load_files(engine, folder)
    assert (third.added, third.updated, third.removed) == (0, 1, 0), third
    titles = {e["id"]: e["title"]["en"] for e in export_events(engine)}
    assert titles[edited["id"]] == "A corrected title"

    # An event whose file goes away is removed from the database, and nothing else is.
    extra = folder / "extra.yaml"
    extra.write_text(EXTRA_EVENT, encoding="utf-8")
    assert load_files(engine, folder).added == 1
    assert "2030-01-02-test-only" in {e["id"] for e in export_events(engine)}
    extra.unlink()
    fourth = load_files(engine, folder)
    assert (fourth.added, fourth.updated, fourth.removed) == (0, 0, 1), fourth
    remaining = {e["id"] for e in export_events(engine)}
    assert "2030-01-02-test-only" not in remaining
    assert set(titles) == remaining, "only the dropped event is gone"


EXTRA_EVENT = """
events:
  - id: 2030-01-02-test-only
    date: "2030-01-02"
    kind: strategy
    title: {en: A test-only event, zh: 仅供测试的事件}
    summary: {en: Loaded and then dropped., zh: 载入后删除。}
    people: [{id: zhang-yong, role: involved}]
    sources:
      - {publisher: Test, title: Test, date: "2030-01-02"}
"""


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


def _importable(**changes: object) -> dict:
    event = {"id": "import-check-1", "date": "2030-02-01", "kind": "strategy",
             "title": {"en": "A synthetic event", "zh-hans": "合成事件"},
             "summary": {"en": "Only for a test.", "zh-hans": "仅用于测试。"},
             "people": ["zhang-yong"], "units": [], "roles": {"zhang-yong": "appointed"},
             "sources": [{"title": "T", "publisher": "P", "date": "2030-02-02"}]}
    return {**event, **changes}


@pytest.mark.parametrize(("changes", "complaint"), [
    ({"roles": ["appointed"]}, "'roles' must map each id"),
    ({"roles": {"zhang-yong": 5}}, "role of 'zhang-yong'"),
    ({"effective": {"year": 2030}}, "'effective'"),
    ({"effective": "not-a-date"}, "'effective'"),
    ({"sources": [{"title": "T", "publisher": "P"}]}, "date of the article"),
    ({"sources": [{"title": "T", "publisher": "P", "date": "2029-01-01"}]}, "before the event"),
    ({"title": {"en": "A synthetic event", "zh-hans": "no Chinese here"}}, "no Chinese text"),
    ({"colour": "red"}, "unknown part 'colour'"),
    ({"people": "zhang-yong"}, "'people' must be a list"),
])
def test_import_runs_the_checks_of_the_yaml_files(real_engine: Engine, changes: dict,
                                                  complaint: str) -> None:
    """On the shared base: a refused file writes nothing, which the last assert checks."""
    before = _count(real_engine)
    lines = [json.dumps(_importable()), json.dumps(_importable(id="import-check-2", **changes))]
    result = import_events(real_engine, lines)
    assert result.errors, f"{changes} should be refused"
    assert all(e.startswith("line 2: ") for e in result.errors), result.errors
    assert any(complaint in e for e in result.errors), result.errors
    assert _count(real_engine) == before, "a refused file must load nothing"


def test_an_imported_event_is_the_record_a_yaml_file_would_give(sqlite_engine: Engine) -> None:
    migrate(sqlite_engine)
    load_files(sqlite_engine)
    result = import_events(sqlite_engine, [json.dumps(_importable(effective="2030-03"))])
    assert result.errors == [] and result.report.added == 1
    stored = next(e for e in export_events(sqlite_engine) if e["id"] == "import-check-1")
    assert stored["roles"] == {"zhang-yong": "appointed"} and stored["effective"] == "2030-03"
