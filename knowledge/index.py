"""The in-memory search index, built once from the database and shared by every query.

It holds only what ranking needs (keys, dates, links, words); full event text stays in the
database and is fetched for the few events an answer shows.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge.analyze import event_terms
from knowledge.bm25 import Bm25
from knowledge.outside import OutsideIndex, outside_doc
from knowledge.records import UNKNOWN_END, PartialDate
from knowledge.store import base_version
from knowledge.structure import Placement
from knowledge.tables import AliasRow, EntityRow, EventEntityRow, EventRow, PlacementRow, RoleRow
from knowledge.text import fold_words, is_cjk_char
from knowledge.vocabulary import STOPWORDS_EN, title_classes


@dataclass
class EntityInfo:
    id: str
    kind: str
    name_zh: str
    name_en: str
    parent: str | None
    details: dict


@dataclass(slots=True)
class EventMeta:
    id: str
    date: PartialDate
    kind: str
    links: tuple[str, ...]  # entity id, its role, entity id, its role … (flat: 50,000 of them)

    @property
    def entities(self) -> tuple[str, ...]:
        """The ids of the people and units the event involves, in the curated order."""
        return self.links[::2]

    def role_of(self, entity_id: str, default: str | None = None) -> str | None:
        """The entity's part in the event (appointed, merged …), or `default`."""
        for i in range(0, len(self.links), 2):
            if self.links[i] == entity_id:
                return self.links[i + 1]
        return default


@dataclass
class RoleInfo:
    person: str
    unit: str | None
    title_en: str
    title_zh: str
    start: PartialDate | None
    end: PartialDate | None
    start_event: str | None
    classes: frozenset[str]  # ceo, chairman … head: see vocabulary.title_classes
    end_unknown: bool = False  # ended at a date no source gives: not "still holds"
    end_event: str | None = None
    confirmed: PartialDate | None = None  # an unknown end: the last event showing them in post


@dataclass
class SearchIndex:
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key → (id, kind)
    latin_keys: list[str] = field(default_factory=list)  # for fuzzy matching
    latin_owner: list[tuple[str, str]] = field(default_factory=list)  # parallel: (id, kind)
    latin_tokens: dict[str, set[str]] = field(default_factory=dict)  # word → ids (partials)
    cjk_keys: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    pinyin: dict[int, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)
    events: list[EventMeta] = field(default_factory=list)
    event_pos: dict[str, int] = field(default_factory=dict)
    # Positions as packed arrays: 200,000 int objects at 50,000 events cost 7 MB as lists.
    by_entity: dict[str, array] = field(default_factory=dict)
    by_monthday: dict[tuple[int, int], array] = field(default_factory=dict)
    by_year: dict[int, array] = field(default_factory=dict)
    text: Bm25 = field(default_factory=Bm25)  # every event's words: see knowledge.analyze
    roles: list[RoleInfo] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)  # the structure, by first day
    max_cjk_key: int = 2
    outside: OutsideIndex | None = None  # companies, people, topics the base does not cover


def build_index(engine: Engine) -> SearchIndex:
    index = SearchIndex()
    tokens: dict[str, set[str]] = defaultdict(set)
    pinyin: dict[int, list] = defaultdict(list)
    names: dict[str, tuple[str, str]] = {}
    spellings: list[tuple[str, str]] = []  # (alias, entity id): what is not outside the base

    def names_of(ids: dict[str, str]) -> tuple[str, str]:
        """The English and the Chinese names of an event's entities, for its text terms."""
        found = [names[i] for i in ids if i in names]
        return " ".join(en for en, _ in found), "".join(zh for _, zh in found)

    with Session(engine) as session:
        for row in session.scalars(select(EntityRow)):
            names[row.id] = (row.name_en, row.name_zh)
            index.entities[row.id] = EntityInfo(row.id, row.kind, row.name_zh, row.name_en,
                                                row.parent_id, json.loads(row.details or "{}"))
        for alias in session.scalars(select(AliasRow)):
            spellings.append((alias.text, alias.entity_id))
            owner = (alias.entity_id, alias.kind)
            owners = index.exact.setdefault(alias.key, [])
            if not any(i == alias.entity_id for i, _ in owners):
                owners.append(owner)
            if alias.key.isascii():
                index.latin_keys.append(alias.key)
                index.latin_owner.append(owner)
                for word in fold_words(alias.text):
                    if len(word) >= 3 and word not in STOPWORDS_EN:
                        tokens[word].add(alias.entity_id)
                if alias.kind.startswith("pinyin"):
                    syllables = tuple(alias.text.split())
                    pinyin[len(syllables)].append((syllables, alias.entity_id, alias.kind))
            elif all(is_cjk_char(ch) for ch in alias.key):
                index.cjk_keys.setdefault(alias.key, []).append(owner)
                index.max_cjk_key = max(index.max_cjk_key, len(alias.key))

        links: dict[str, dict[str, str]] = defaultdict(dict)
        dates: dict[tuple, PartialDate] = {}  # one object per distinct date, shared
        # Streamed, and the few distinct ids and roles shared: 200,000 links at 50,000 events.
        for event_id, entity_id, role in session.execute(
                select(EventEntityRow.event_id, EventEntityRow.entity_id, EventEntityRow.role)
                .order_by(EventEntityRow.event_id, EventEntityRow.position)
                .execution_options(yield_per=5000)):
            links[event_id][sys.intern(entity_id)] = sys.intern(role)
        query = select(EventRow.id, EventRow.year, EventRow.month, EventRow.day, EventRow.kind,
                       EventRow.title_en, EventRow.title_zh, EventRow.summary_en,
                       EventRow.summary_zh).order_by(EventRow.year, EventRow.month,
                                                     EventRow.day, EventRow.id)
        # Streamed in batches: buffering 50,000 summaries at once would double peak memory.
        rows = session.execute(query.execution_options(yield_per=2000))
        for pos, (ident, year, month, day, kind, t_en, t_zh, s_en, s_zh) in enumerate(rows):
            date = dates.setdefault((year, month, day), PartialDate(year, month, day))
            meta = EventMeta(ident, date, sys.intern(kind),
                             tuple(x for pair in links.get(ident, {}).items() for x in pair))
            index.events.append(meta)
            index.event_pos[ident] = pos
            for entity_id in meta.entities:
                index.by_entity.setdefault(entity_id, array("i")).append(pos)
            index.by_year.setdefault(year, array("i")).append(pos)
            if month and day:
                index.by_monthday.setdefault((month, day), array("i")).append(pos)
            index.text.add(event_terms(t_en, s_en, t_zh, s_zh, *names_of(meta.entities)))
        index.text.finish()
        def confirmed_by(role: RoleRow) -> PartialDate | None:
            pos = index.event_pos.get(role.end_event_id or "")
            return index.events[pos].date if role.end == UNKNOWN_END and pos is not None \
                else None

        for role in session.scalars(select(RoleRow)):
            index.roles.append(RoleInfo(
                role.person_id, role.unit_id, role.title_en, role.title_zh,
                PartialDate.parse(role.start) if role.start else None,
                PartialDate.parse(role.end) if role.end and role.end != UNKNOWN_END else None,
                role.start_event_id, title_classes(role.title_en, role.title_zh),
                role.end == UNKNOWN_END, role.end_event_id,
                confirmed_by(role)))
        for row in session.scalars(select(PlacementRow).order_by(PlacementRow.first_day,
                                                                 PlacementRow.id)):
            index.placements.append(Placement(
                row.unit_id, row.parent_id, dt.date.fromisoformat(row.first_day),
                dt.date.fromisoformat(row.until_day) if row.until_day else None,
                PartialDate.parse(row.start),
                PartialDate.parse(row.end) if row.end and row.end != UNKNOWN_END else None,
                row.end == UNKNOWN_END, row.start_event_id, row.end_event_id, row.reports_to,
                bool(row.dual), tuple(json.loads(row.sources or "[]")),
                dt.date.fromisoformat(row.confirmed_day) if row.confirmed_day else None))
    index.outside = OutsideIndex(outside_doc(), spellings)
    index.latin_tokens = dict(tokens)
    index.pinyin = dict(pinyin)
    return index


# The modules whose code shapes the index: a change to any of them invalidates cached copies.
_INDEX_CODE = ("index.py", "structure.py", "analyze.py", "bm25.py", "vocabulary.py", "text.py",
               "readings.py", "records.py", "pinyin_table.txt", "outside.py", "outside.yaml")
CACHE_KEEP = 3  # cached indexes kept per folder (other versions are deleted)


@cache
def _code_version() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _INDEX_CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Unpickling makes millions of objects and none of them garbage, yet each batch of new
    objects set off the cycle collector over all made so far: at 50,000 events it was three
    quarters of the load (0.56 s of 0.72 s; 0.16 s with it paused).

    What was loaded is then frozen, so no later collection walks it again (the first one
    after the load took 70 ms). Freezing leaks nothing: the index holds no reference cycle,
    so when a reload drops it, reference counting frees it (tests/test_loader.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def cached_index(engine: Engine, cache_dir: Path | None) -> SearchIndex:
    """The index of the base as it is now, from `cache_dir` when built before, else built.

    Building reads and analyses every event (seconds at 50,000 events); a process that starts
    to answer one question loads the pickled copy in a fraction of that. The copy is keyed by
    the base's version (bumped by every write) and by the code that builds it.
    """
    version = base_version(engine)
    if cache_dir is None or version is None:
        return build_index(engine)
    path = Path(cache_dir) / f"index-{version}-{_code_version()}.pickle"
    try:
        with path.open("rb") as handle, _collector_paused():
            found = pickle.load(handle)
        if isinstance(found, SearchIndex):
            return found
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    index = build_index(engine)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False,
                                         suffix=".tmp") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)  # atomic: another process reads all of it or none
        old = sorted(path.parent.glob("index-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-CACHE_KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only disk only costs the next start its build
    return index
