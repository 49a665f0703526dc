"""Loading, reloading, exporting and importing the event base, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.db import migrate
from bot.knowledge_base import KnowledgeError, load_files, shrink_problem
from knowledge.check import check_folder
from knowledge.files import DATA_DIR
from knowledge.jsonl import export_events, import_events
from knowledge.tables import EntityRow, EventRow


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


def _entities(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(EntityRow)) or 0


@pytest.mark.parametrize("damage", ["truncate", "halve", "remove"])
def test_a_load_that_would_gut_the_base_is_refused_and_the_old_data_stays(
        engine: Engine, tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    migrate(engine)
    load_files(engine, folder)
    events, entities = _count(engine), _entities(engine)
    for path in folder.rglob("*.yaml"):
        if damage == "truncate":
            path.write_text("", encoding="utf-8")
        elif damage == "halve":  # cut at an entry boundary, so each half is still valid YAML
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            starts = [i for i, line in enumerate(lines) if line.startswith("  - ")]
            cut = starts[len(starts) // 2] if len(starts) > 1 else len(lines)
            path.write_text("".join(lines[:cut]), encoding="utf-8")
        else:
            path.unlink()
    with pytest.raises(KnowledgeError):
        load_files(engine, folder)
    assert (_count(engine), _entities(engine)) == (events, entities), "nothing was removed"


def test_kb_check_fails_on_empty_files_and_on_files_that_would_gut_the_database(
        engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    first = next(iter(sorted(folder.rglob("*.yaml"))))
    first.write_text("", encoding="utf-8")
    assert any("empty" in p.message and not p.warning for p in check_folder(folder))
    shutil.copy(DATA_DIR / first.name, first)
    migrate(engine)
    load_files(engine)
    assert shrink_problem(engine, DATA_DIR) is None, "the real files are an ordinary load"
    # Valid files that keep every person and unit but no event: each file checks clean.
    for path in folder.rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        kept = {k: v for k, v in doc.items() if k in ("people", "units")}
        path.write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    assert not [p for p in check_folder(folder) if not p.warning]
    assert "refusing" in (shrink_problem(engine, folder) or "")
    with pytest.raises(KnowledgeError, match="refusing"):
        load_files(engine, folder)


def test_imported_events_keep_their_people_when_the_files_drop_them(
        engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    (folder / "extra.yaml").write_text(EXTRA_PERSON, encoding="utf-8")
    migrate(engine)
    load_files(engine, folder)
    line = json.dumps({"id": "imported-1", "date": "2030-03", "kind": "appointment",
                       "title": {"en": "An imported appointment", "zh-hans": "导入的任命"},
                       "summary": {"en": "Imported.", "zh-hans": "导入。"},
                       "people": ["test-only-person"], "units": [],
                       "sources": [{"title": "T", "publisher": "P", "date": "2030-03",
                                    "url": None}]}, ensure_ascii=False)
    assert import_events(engine, [line]).errors == []
    (folder / "extra.yaml").unlink()
    load_files(engine, folder)
    imported = next(e for e in export_events(engine) if e["id"] == "imported-1")
    assert imported["people"] == ["test-only-person"]


EXTRA_PERSON = """
people:
  - id: test-only-person
    name: 测试人
    en: Test Person
"""
