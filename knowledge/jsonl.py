"""The event base as JSON lines: `kb export` writes the SPEC's shape, `kb import` reads it back.

An imported line becomes the same `Event` record a YAML file gives (through the same reader)
and passes the same checks, so an import can never hold what `kb check` would refuse.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge.check import check_event
from knowledge.files import LINE, Problem, RecordReader
from knowledge.records import Event
from knowledge.store import (
    LoadReport,
    entity_kinds,
    event_to_dict,
    read_events,
    write_events,
)
from knowledge.tables import EventRow

# The SPEC's event shape: what `kb export` writes and `kb import` accepts.
EVENT_JSON_KEYS = frozenset({"id", "date", "date_precision", "effective", "kind", "title",
                             "summary", "people", "units", "roles", "sources"})
TEXT_JSON_KEYS = frozenset({"en", "zh-hans", "zh-hant"})


def export_events(engine: Engine) -> Iterator[dict]:
    """Every event in the SPEC's shape, oldest first."""
    yield from read_events(engine)


@dataclass
class ImportResult:
    report: LoadReport = field(default_factory=LoadReport)
    errors: list[str] = field(default_factory=list)  # "line N: what is wrong"


def event_from_json(data: object, line: int, file: str = "") -> tuple[Event | None,
                                                                      list[Problem]]:
    """One JSON line as an Event record, read by the YAML files' reader; problems at `line`."""
    reader = RecordReader(file, line)
    if not isinstance(data, dict):
        return None, [Problem(file, line, "not a JSON object")]
    reader.known_keys(data, EVENT_JSON_KEYS, "an event")
    raw: dict[str, Any] = {k: v for k, v in data.items()
                           if k in ("id", "date", "effective", "kind")}
    for key in ("title", "summary"):
        raw[key] = _text_as_yaml(reader, key, data.get(key))
    roles = data.get("roles") or {}
    if not isinstance(roles, dict):
        reader.problem(data, "'roles' must map each id to its role, e.g. "
                             '{"zhang-yong": "appointed"}')
        roles = {}
    for key in ("people", "units"):
        idents = data.get(key) or []
        if not isinstance(idents, list) or not all(isinstance(i, str) for i in idents):
            reader.problem(data, f"'{key}' must be a list of ids")
            idents = []
        raw[key] = [{"id": i, "role": roles.get(i, "involved")} for i in idents]
    sources = data.get("sources")
    raw["sources"] = ([{**s, LINE: line} if isinstance(s, dict) else s for s in sources]
                      if isinstance(sources, list) else None)
    if sources is not None and not isinstance(sources, list):
        reader.problem(data, "'sources' must be a list")
    event = reader.event(raw)
    return event, reader.problems


def _text_as_yaml(reader: RecordReader, key: str, value: object) -> object:
    """{"en", "zh-hans", "zh-hant"} as the YAML files write it: {"en", "zh", "zh-hant"}."""
    if not isinstance(value, dict):
        return value
    reader.known_keys(value, TEXT_JSON_KEYS, f"'{key}'")
    out: dict[str, Any] = {LINE: reader.line}
    for lang, text in value.items():
        if lang in TEXT_JSON_KEYS:
            out["zh" if lang == "zh-hans" else lang] = text
    return out


def import_events(engine: Engine, lines: Iterable[str], file: str = "") -> ImportResult:
    """Add or update events from JSON lines; any bad line refuses the whole file."""
    result = ImportResult()
    kinds = entity_kinds(engine)
    items, seen = [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            result.errors.append(f"line {number}: not valid JSON ({err.msg})")
            continue
        event, problems = event_from_json(data, number, file)
        if event is not None:
            problems += check_event(event, kinds)
            if event.id in seen:
                problems.append(Problem(file, number, f"id '{event.id}' repeats line "
                                                      f"{seen[event.id]}"))
        if problems or event is None:
            result.errors += [f"line {number}: {p.message}" for p in problems] or [
                f"line {number}: not an event"]
            continue
        seen[event.id] = number
        items.append(event_to_dict(event))
    if result.errors:
        return result
    with Session(engine) as session, session.begin():
        known = dict(session.execute(select(EventRow.id, EventRow.content_hash)).all())
        write_events(session, items, "import", False, result.report, known)
    return result
