"""The event base in the database: records in (`kb load`), events in the SPEC's shape out.

`kb load` rewrites only what changed (each row carries a hash of its content), so it is
idempotent and cheap to run at every start-up. `event_row_to_dict` is the one mapping from
rows to the SPEC's event shape: answers, `ask --json`, `kb export` and Slack all use it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from knowledge.names import alias_rows
from knowledge.records import UNKNOWN_END, Catalog, Entity, Event, PartialDate
from knowledge.structure import placements
from knowledge.tables import (
    AliasRow,
    EntityRow,
    EventEntityRow,
    EventRow,
    MetaRow,
    PlacementRow,
    RoleRow,
    SourceRow,
)
from knowledge.text import to_traditional

FINGERPRINT_KEY = "files_fingerprint"
# Changes with every write of events, entities or roles: the key of the cached search index.
BASE_VERSION_KEY = "base_version"
FOLDER_KEY = "files_folder"


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    roles: int = 0

    def __str__(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged; {self.roles} roles")


def content_hash(payload: object) -> str:
    """SHA-256 of a record's content: equal hashes mean nothing to rewrite."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _entity_payload(entity: Entity) -> dict:
    return {"kind": entity.kind, "name": entity.name, "en": entity.en, "type": entity.type,
            "parent": entity.parent, "nicknames": entity.nicknames, "aliases": entity.aliases,
            "former_names": entity.former_names, "pinyin": entity.pinyin}


def event_to_dict(event: Event) -> dict:
    """The SPEC's event shape (plus `effective` and per-entity `roles`)."""
    zh_title, zh_summary = event.title["zh"], event.summary["zh"]
    return {
        "id": event.id,
        "date": event.date.iso(),
        "date_precision": event.date.precision,
        "effective": event.effective.iso() if event.effective else None,
        "kind": event.kind,
        "title": {"en": event.title["en"], "zh-hans": zh_title,
                  "zh-hant": event.title.get("zh-hant") or to_traditional(zh_title)},
        "summary": {"en": event.summary["en"], "zh-hans": zh_summary,
                    "zh-hant": event.summary.get("zh-hant") or to_traditional(zh_summary)},
        "people": [i for i, _ in event.people],
        "units": [i for i, _ in event.units],
        "roles": {i: r for i, r in event.people + event.units},
        "sources": [s.as_dict() for s in event.sources],
    }


def _event_rows(data: dict, origin: str, curated_hant: bool) -> tuple[dict, list, list]:
    """Rows for one event dict. Derived Traditional text is not stored, only overrides."""
    date = PartialDate.parse(data["date"])
    title, summary = data["title"], data["summary"]
    derived = curated_hant and {
        "title": to_traditional(title["zh-hans"]), "summary": to_traditional(summary["zh-hans"])
    }

    def hant(field_name: str, value: dict) -> str | None:
        text = value.get("zh-hant")
        if not text or (derived and derived[field_name] == text):
            return None
        return text

    row = {
        "id": data["id"], "year": date.year, "month": date.month, "day": date.day,
        "effective": data.get("effective"), "kind": data["kind"],
        "title_en": title["en"], "title_zh": title["zh-hans"],
        "title_zh_hant": hant("title", title),
        "summary_en": summary["en"], "summary_zh": summary["zh-hans"],
        "summary_zh_hant": hant("summary", summary), "origin": origin,
        "content_hash": content_hash(data),
    }
    roles = data.get("roles") or {}
    links, seen = [], set()
    for position, ident in enumerate(data.get("people", []) + data.get("units", [])):
        if ident not in seen:
            seen.add(ident)
            links.append({"event_id": data["id"], "entity_id": ident,
                          "role": roles.get(ident, "involved"), "position": position})
    sources = [
        {"event_id": data["id"], "position": i, "publisher": s.get("publisher") or "",
         "title": s.get("title") or "", "date": s.get("date"), "url": s.get("url"),
         "note": s.get("note")}
        for i, s in enumerate(data.get("sources", []))
    ]
    return row, links, sources


def write_events(session: Session, items: list[dict], origin: str, curated_hant: bool,
                  report: LoadReport, known: dict[str, str]) -> None:
    changed = [d for d in items if known.get(d["id"]) != content_hash(d)]
    report.unchanged += len(items) - len(changed)
    if not changed:
        return
    bump_version(session)
    ids = [d["id"] for d in changed]
    for chunk in _chunks(ids, 500):
        session.execute(delete(EventRow).where(EventRow.id.in_(chunk)))
    rows, links, sources = [], [], []
    for data in changed:
        row, event_links, event_sources = _event_rows(data, origin, curated_hant)
        rows.append(row)
        links += event_links
        sources += event_sources
        if data["id"] in known:
            report.updated += 1
        else:
            report.added += 1
    session.execute(insert(EventRow), rows)
    if links:
        session.execute(insert(EventEntityRow), links)
    if sources:
        session.execute(insert(SourceRow), sources)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# A load that would keep less than this share of the curated events or entities is refused:
# truncated files, a missing folder or a half-finished deploy, not a curator's edit.
KEEP_AT_LEAST = 0.5


class ShrinkRefused(ValueError):
    """The files would remove most of the base; nothing was written."""


def shrinkage(engine: Engine, catalog: Catalog) -> str | None:
    """Why loading `catalog` would gut the base, or None when it is an ordinary change."""
    with engine.connect() as conn:
        events = conn.scalar(select(func.count()).select_from(EventRow)
                             .where(EventRow.origin == "files")) or 0
        entities = conn.scalar(select(func.count()).select_from(EntityRow)) or 0
    for what, before, after in (("events", events, len(catalog.events)),
                                ("people and units", entities, len(catalog.entities))):
        if before and after < before * KEEP_AT_LEAST:
            return (f"the files hold {after} {what} where the database has {before}: refusing "
                    f"to remove more than {1 - KEEP_AT_LEAST:.0%} of the base (empty or cut "
                    "files?); load anyway with `kb load --allow-shrink`")
    return None


def load_catalog(engine: Engine, catalog: Catalog, fingerprint: str | None = None,
                 folder: str | None = None, allow_shrink: bool = False) -> LoadReport:
    """Make the database hold exactly the catalog's curated content, in one transaction.

    Imports are kept, and so are the people and units imported events still name; a catalog
    that would remove most of the base is refused (`ShrinkRefused`) unless `allow_shrink`.
    """
    if not allow_shrink and (reason := shrinkage(engine, catalog)):
        raise ShrinkRefused(reason)
    report = LoadReport()
    with Session(engine) as session, session.begin():
        known_entities = dict(session.execute(select(EntityRow.id, EntityRow.content_hash)).all())
        for entity in catalog.entities.values():
            payload = _entity_payload(entity)
            hashed = content_hash(payload)
            if known_entities.get(entity.id) == hashed:
                continue
            values = {"kind": entity.kind, "name_zh": entity.name, "name_en": entity.en,
                      "parent_id": entity.parent, "content_hash": hashed,
                      "details": json.dumps({"type": entity.type,
                                             "former_names": entity.former_names,
                                             "nicknames": entity.nicknames},
                                            ensure_ascii=False)}
            if entity.id in known_entities:
                session.execute(update(EntityRow).where(EntityRow.id == entity.id).values(values))
                session.execute(delete(AliasRow).where(AliasRow.entity_id == entity.id))
            else:
                session.execute(insert(EntityRow).values(id=entity.id, **values))
            session.execute(insert(AliasRow), [
                {"entity_id": entity.id, "text": text, "kind": kind, "key": key}
                for text, kind, key in alias_rows(entity)
            ])
        imported_links = set(session.execute(
            select(EventEntityRow.entity_id).join(EventRow, EventRow.id == EventEntityRow.event_id)
            .where(EventRow.origin != "files")).scalars())
        gone = set(known_entities) - set(catalog.entities) - imported_links
        for chunk in _chunks(sorted(gone), 500):
            session.execute(delete(EntityRow).where(EntityRow.id.in_(chunk)))

        known_events = dict(session.execute(
            select(EventRow.id, EventRow.content_hash).where(EventRow.origin == "files")).all())
        items = [event_to_dict(e) for e in catalog.events.values()]
        write_events(session, items, "files", True, report, known_events)
        removed = sorted(set(known_events) - set(catalog.events))
        for chunk in _chunks(removed, 500):
            session.execute(delete(EventRow).where(EventRow.id.in_(chunk)))
        report.removed = len(removed)

        session.execute(delete(RoleRow))
        role_rows = [
            {"person_id": r.person, "unit_id": r.unit, "title_en": r.title.get("en", ""),
             "title_zh": r.title.get("zh", ""),
             "start": (r.start or _event_date(catalog, r.start_event)),
             # With `to: unknown`, end_event is the last event that shows the holder in post.
             "end": (r.end or (_event_date(catalog, r.end_event)
                               if r.end_state != "unknown" else None)),
             "start_event_id": r.start_event, "end_event_id": r.end_event}
            for r in catalog.roles
        ]
        for role, row in zip(catalog.roles, role_rows, strict=True):
            row["start"] = row["start"].iso() if row["start"] else None
            # An unknown end is kept as such: without it, the tenure would read as still held.
            row["end"] = row["end"].iso() if row["end"] else (
                UNKNOWN_END if role.end_state == "unknown" else None)
        if role_rows:
            session.execute(insert(RoleRow), role_rows)
        report.roles = len(role_rows)
        session.execute(delete(PlacementRow))
        placement_rows = [
            {"unit_id": p.unit, "parent_id": p.parent, "first_day": p.first.isoformat(),
             "until_day": p.until.isoformat() if p.until else None, "start": p.start.iso(),
             "confirmed_day": p.confirmed.isoformat() if p.confirmed else None,
             "end": UNKNOWN_END if p.end_unknown else (p.end.iso() if p.end else None),
             "start_event_id": p.start_event, "end_event_id": p.end_event,
             "reports_to": p.reports_to, "dual": int(p.dual),
             "sources": json.dumps(p.sources, ensure_ascii=False)}
            for p in placements(catalog)
        ]
        if placement_rows:
            session.execute(insert(PlacementRow), placement_rows)
        bump_version(session)
        if fingerprint:
            session.merge(MetaRow(key=FINGERPRINT_KEY, value=fingerprint))
        if folder:
            session.merge(MetaRow(key=FOLDER_KEY, value=folder))
    return report


def _event_date(catalog: Catalog, event_id: str | None) -> PartialDate | None:
    event = catalog.events.get(event_id) if event_id else None
    if event is None:
        return None
    return event.effective or event.date


def bump_version(session: Session) -> None:
    """Mark the base as changed, in the transaction that changes it."""
    session.merge(MetaRow(key=BASE_VERSION_KEY, value=uuid.uuid4().hex))


def base_version(engine: Engine) -> str | None:
    """The version of the base's content; None for a base written before versions existed."""
    with Session(engine) as session:
        row = session.get(MetaRow, BASE_VERSION_KEY)
        return row.value if row else None


def stored_fingerprint(engine: Engine) -> tuple[str | None, str | None]:
    """(fingerprint, folder) of the knowledge files the database was last loaded from."""
    with Session(engine) as session:
        fingerprint, folder = (session.get(MetaRow, k) for k in (FINGERPRINT_KEY, FOLDER_KEY))
        return (fingerprint.value if fingerprint else None, folder.value if folder else None)


def read_events(engine: Engine, ids: list[str] | None = None,
                kinds: Mapping[str, str] | None = None) -> list[dict]:
    """Events in the SPEC's shape: those `ids` in that order, or every event oldest first.

    `kinds` (entity id → person | unit | company), when the caller holds them, saves a query;
    rows are read as plain tuples, not ORM objects: this runs on every answer.
    """
    if ids == []:
        return []
    with Session(engine) as session:
        def only(column):
            return [column.in_(ids)] if ids is not None else []

        def rows_of(table, *where, order=()):
            return session.execute(select(*table.__table__.columns).where(*where)
                                   .order_by(*order)).all()

        links: dict[str, list] = defaultdict(list)
        for link in rows_of(EventEntityRow, *only(EventEntityRow.event_id),
                            order=(EventEntityRow.position,)):
            links[link.event_id].append(link)
        sources: dict[str, list] = defaultdict(list)
        for source in rows_of(SourceRow, *only(SourceRow.event_id), order=(SourceRow.position,)):
            sources[source.event_id].append(source)
        if kinds is None:
            kinds_query = select(EntityRow.id, EntityRow.kind)
            if ids is not None:
                kinds_query = kinds_query.where(EntityRow.id.in_(
                    {lk.entity_id for group in links.values() for lk in group}))
            kinds = dict(session.execute(kinds_query).all())
        order = (EventRow.year, EventRow.month, EventRow.day, EventRow.id) if ids is None else ()
        rows = rows_of(EventRow, *only(EventRow.id), order=order)
    if ids is not None:
        by_id = {r.id: r for r in rows}
        rows = [by_id[i] for i in ids if i in by_id]
    return [event_row_to_dict(r, links[r.id], sources[r.id], kinds) for r in rows]


def event_row_to_dict(row: EventRow, links: Iterable[EventEntityRow],
                      sources: Iterable[SourceRow], kinds: Mapping[str, str]) -> dict:
    """The SPEC's event shape, from its rows (Traditional text derived where not curated)."""
    date = PartialDate(row.year, row.month, row.day)
    links = list(links)
    return {
        "id": row.id,
        "date": date.iso(),
        "date_precision": date.precision,
        "effective": row.effective,
        "kind": row.kind,
        "title": {"en": row.title_en, "zh-hans": row.title_zh,
                  "zh-hant": row.title_zh_hant or to_traditional(row.title_zh)},
        "summary": {"en": row.summary_en, "zh-hans": row.summary_zh,
                    "zh-hant": row.summary_zh_hant or to_traditional(row.summary_zh)},
        "people": [lk.entity_id for lk in links if kinds.get(lk.entity_id) == "person"],
        "units": [lk.entity_id for lk in links if kinds.get(lk.entity_id) != "person"],
        "roles": {lk.entity_id: lk.role for lk in links},
        "sources": [{"title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url,
                     **({"note": s.note} if s.note else {})} for s in sources],
    }


def entity_kinds(engine: Engine) -> dict[str, str]:
    """id → person | unit | company, for checking what imported events refer to."""
    with Session(engine) as session:
        return dict(session.execute(select(EntityRow.id, EntityRow.kind)).all())
