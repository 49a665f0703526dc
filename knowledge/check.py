"""Checks across records: references, alias clashes, dates against sources, duplicates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from knowledge.files import DATA_DIR, Problem, read_catalog
from knowledge.names import entity_spellings
from knowledge.records import Catalog, Entity, Event, PartialDate
from knowledge.text import fold, has_cjk


def check_event(event: Event, kind_of: Mapping[str, str]) -> list[Problem]:
    """What is wrong with one event, whether it came from a YAML file or from `kb import`."""
    problems: list[Problem] = []
    where = (event.file, event.line)
    for ident, _ in event.people:
        problems += _need(ident, ("person",), kind_of, *where, "person")
    for ident, _ in event.units:
        problems += _need(ident, ("unit", "company"), kind_of, *where, "unit")
    for part in ("title", "summary"):
        zh = getattr(event, part).get("zh")
        if zh and not has_cjk(zh):
            problems.append(Problem(*where, f"{part}.zh has no Chinese text"))
    for source in event.sources:
        if source.date and PartialDate.parse(source.date).last_day() < event.date.first_day():
            problems.append(Problem(*where, f"source '{source.title}' is dated {source.date},"
                                            f" before the event ({event.date.iso()})"))
    return problems


def _need(ident: str | None, kinds: tuple[str, ...], kind_of: Mapping[str, str], file: str,
          line: int, what: str) -> list[Problem]:
    if ident is None:
        return []
    kind = kind_of.get(ident)
    if kind is None:
        return [Problem(file, line, f"{what} '{ident}' is not defined")]
    if kind not in kinds:
        return [Problem(file, line, f"{what} '{ident}' is a {kind}")]
    return []


def check_catalog(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    entities, events = catalog.entities, catalog.events
    kind_of = {ident: entity.kind for ident, entity in entities.items()}

    def need(ident: str | None, kinds: tuple[str, ...], file: str, line: int, what: str) -> None:
        problems.extend(_need(ident, kinds, kind_of, file, line, what))

    for entity in entities.values():
        need(entity.parent, ("unit", "company"), entity.file, entity.line, "parent")
    problems.extend(_alias_clashes(entities.values()))

    used: set[str] = set()
    by_signature: dict[tuple, str] = {}
    for event in events.values():
        problems.extend(check_event(event, kind_of))
        used.update(i for i, _ in event.people + event.units)
        entity_ids = frozenset(i for i, _ in event.people + event.units)
        signature = (event.date, entity_ids, event.kind)
        if entity_ids and signature in by_signature:
            problems.append(Problem(event.file, event.line, "looks like a duplicate of "
                                    f"'{by_signature[signature]}' (same date, kind and entities)",
                                    warning=True))
        by_signature.setdefault(signature, event.id)

    for role in catalog.roles:
        where = (role.file, role.line)
        need(role.person, ("person",), *where, "role person")
        need(role.unit, ("unit", "company"), *where, "role unit")
        used.add(role.person)
        if role.unit:
            used.add(role.unit)
        for ident in (role.start_event, role.end_event):
            if ident and ident not in events:
                problems.append(Problem(*where, f"role names unknown event '{ident}'"))
        if role.start and role.end and role.end.sort_key() < role.start.sort_key():
            problems.append(Problem(*where, "role ends before it starts"))
        if not (role.start or role.start_event or role.end or role.end_event):
            problems.append(Problem(*where, "a role needs a 'from' or a 'to' date"))

    parents = {e.parent for e in entities.values() if e.parent}
    for entity in entities.values():
        if entity.id not in used and entity.id not in parents:
            problems.append(Problem(entity.file, entity.line,
                                    f"'{entity.id}' has no events and no roles",
                                    warning=True))
    return sorted(problems, key=lambda p: (p.file, p.line, p.message))


def _alias_clashes(entities) -> list[Problem]:
    """Two entities answering to one spelling is an error unless both mark it ambiguous."""
    owners: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        for spelling in {fold(s) for s, _ in entity_spellings(entity)}:
            if spelling:
                owners[spelling].append(entity)
    problems = []
    for key, group in owners.items():
        if len(group) < 2:
            continue
        allowed = all(any(fold(a) == key for a in e.ambiguous) for e in group)
        if not allowed:
            ids = ", ".join(e.id for e in group)
            first = group[-1]
            problems.append(Problem(first.file, first.line, f"the name '{key}' is shared by {ids};"
                                    " rename one or list it under 'ambiguous' in each"))
    return problems


def check_folder(folder: Path = DATA_DIR) -> list[Problem]:
    catalog, problems = read_catalog(folder)
    return problems + check_catalog(catalog)
