"""Reading the curated YAML files into records, keeping file and line for every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.records import (
    EVENT_KINDS,
    Catalog,
    Edge,
    Entity,
    Event,
    PartialDate,
    Role,
    Source,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
LINE = "__line__"
MAX_ID_CHARS = 120  # the events table's id column
ENTITY_KEYS = frozenset({"id", "name", "en", "kind", "type", "parent", "nicknames", "aliases",
                         "pinyin", "former_names", "ambiguous"})
EVENT_KEYS = frozenset({"id", "date", "effective", "kind", "title", "summary", "people", "units",
                        "sources"})
SOURCE_KEYS = frozenset({"publisher", "title", "date", "url", "note"})
ROLE_KEYS = frozenset({"person", "title", "unit", "from", "to", "start_event", "end_event",
                       "unknown_reason", "shared"})
EDGE_KEYS = frozenset({"unit", "parent", "from", "to", "start_event", "end_event", "reports_to",
                       "dual", "sources", "unknown_reason"})
# What a role's or an edge's `from` / `to` may say instead of a date.
ROLE_WORDS = {"from": frozenset({"unknown"}), "to": frozenset({"present", "unknown"})}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    warning: bool = False  # curation advice; errors alone stop `kb load`

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


def unknown_problems(file: str, line: int, states: tuple[str | None, ...],
                     reason: str | None) -> list[Problem]:
    """A tenure's or an edge's `unknown` bound needs its reason, and a reason needs an unknown."""
    unknown = "unknown" in states
    if unknown and not reason:
        return [Problem(file, line, "'unknown' needs an 'unknown_reason' saying why")]
    if reason and not unknown:
        return [Problem(file, line, "'unknown_reason' given but nothing is 'unknown'")]
    return []


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping, and keeps dates as text."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def data_files(folder: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def files_fingerprint(folder: Path = DATA_DIR) -> str:
    """A hash of every data file's bytes: tells whether the database needs a reload."""
    digest = hashlib.sha256()
    for path in data_files(folder):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _display_path(path: Path) -> str:
    """The path as a curator would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class RecordReader:
    """Turns raw mappings into records, collecting problems instead of stopping at the first."""

    def __init__(self, file: str, line: int = 0) -> None:
        self.file = file
        self.line = line  # where a problem is reported when its mapping has no line of its own
        self.problems: list[Problem] = []

    def problem(self, raw: Any, message: str) -> None:
        line = raw.get(LINE, self.line) if isinstance(raw, dict) else self.line
        self.problems.append(Problem(self.file, line, message))

    def known_keys(self, raw: dict, allowed: frozenset[str], what: str) -> None:
        """A key the schema does not know is a typo or, in a flow mapping ({publisher: A, B}),
        the tail of text cut at an unquoted comma: either way half a value would load."""
        for stray in sorted(str(k) for k in raw if k != LINE and k not in allowed):
            self.problem(raw, f"{what} has an unknown part {stray!r}"
                              " (a typo, or text with a comma or colon that needs quotes)")

    def text(self, raw: dict, key: str, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(raw, f"missing '{key}'")
            return None
        return str(value).strip()

    def text_list(self, raw: dict, key: str) -> list[str]:
        value = raw.get(key) or []
        if not isinstance(value, list):
            self.problem(raw, f"'{key}' must be a list")
            return []
        return [str(v).strip() for v in value if str(v).strip()]

    def date(self, raw: dict, key: str, required: bool = True) -> PartialDate | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(raw, f"missing '{key}'")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as err:
            self.problem(raw, f"'{key}': {err}")
            return None

    def bilingual(self, raw: dict, key: str) -> dict[str, str]:
        value = raw.get(key)
        if not isinstance(value, dict):
            self.problem(raw, f"'{key}' needs 'en' and 'zh'")
            return {}
        out = {}
        for lang in ("en", "zh"):
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.problem(value, f"'{key}' has no '{lang}' text")
            else:
                out[lang] = " ".join(text.split())
        if isinstance(value.get("zh-hant"), str):
            out["zh-hant"] = " ".join(value["zh-hant"].split())
        self.known_keys(value, frozenset({"en", "zh", "zh-hant"}), f"'{key}'")
        return out

    def entity(self, raw: dict, kind: str | None) -> Entity | None:
        self.known_keys(raw, ENTITY_KEYS, "a person or unit")
        ident, name, en = self.text(raw, "id"), self.text(raw, "name"), self.text(raw, "en")
        if kind is None:
            kind = raw.get("kind", "unit")
            if kind not in ("unit", "company"):
                self.problem(raw, f"unit kind must be 'unit' or 'company', not {kind!r}")
        if not (ident and name and en):
            return None
        former = []
        for item in raw.get("former_names") or []:
            if isinstance(item, dict) and item.get("name"):
                former.append({k: str(v) for k, v in item.items() if k != LINE})
            else:
                self.problem(raw, "each former name needs at least 'name'")
        return Entity(
            id=ident, kind=kind, name=name, en=en, type=self.text(raw, "type", False),
            parent=self.text(raw, "parent", False), nicknames=self.text_list(raw, "nicknames"),
            aliases=self.text_list(raw, "aliases"), former_names=former,
            pinyin=self.text_list(raw, "pinyin"), ambiguous=self.text_list(raw, "ambiguous"),
            file=self.file, line=raw.get(LINE, 0),
        )

    def links(self, raw: dict, key: str) -> list[tuple[str, str]]:
        out = []
        for item in raw.get(key) or []:
            if isinstance(item, str):
                out.append((item, "involved"))
            elif isinstance(item, dict) and item.get("id"):
                role = item.get("role") or "involved"
                if not isinstance(role, str):
                    self.problem(raw, f"the role of '{item['id']}' must be a word such as "
                                      f"'appointed', not {role!r}")
                    continue
                out.append((str(item["id"]), role))
            else:
                self.problem(raw, f"each of '{key}' needs an 'id'")
        return out

    def source(self, raw: Any) -> Source | None:
        if not isinstance(raw, dict):
            self.problem({}, "a source must be a mapping with publisher, title, date, url")
            return None
        self.known_keys(raw, SOURCE_KEYS, "a source")
        publisher, title = self.text(raw, "publisher"), self.text(raw, "title")
        date = raw.get("date")
        if date is not None:
            try:
                date = PartialDate.parse(date).iso()
            except ValueError as err:
                self.problem(raw, f"source date: {err}")
                date = None
        else:
            self.problem(raw, "a source needs the date of the article")
        if not (publisher and title):
            return None
        return Source(publisher, title, date, self.text(raw, "url", False),
                      self.text(raw, "note", False))

    def event(self, raw: dict) -> Event | None:
        self.known_keys(raw, EVENT_KEYS, "an event")
        ident, kind = self.text(raw, "id"), self.text(raw, "kind")
        date = self.date(raw, "date")
        if kind and kind not in EVENT_KINDS:
            self.problem(raw, f"unknown kind {kind!r} (see knowledge/README.md)")
        sources = [s for s in (self.source(r) for r in raw.get("sources") or []) if s]
        if not raw.get("sources"):
            self.problem(raw, "an event needs at least one source")
        title, summary = self.bilingual(raw, "title"), self.bilingual(raw, "summary")
        if ident and len(ident) > MAX_ID_CHARS:
            self.problem(raw, f"an event id has at most {MAX_ID_CHARS} characters")
            return None
        if not (ident and kind and date):
            return None
        return Event(
            id=ident, date=date, kind=kind, title=title, summary=summary,
            people=self.links(raw, "people"), units=self.links(raw, "units"), sources=sources,
            effective=self.date(raw, "effective", False), file=self.file, line=raw.get(LINE, 0),
        )

    def role(self, raw: dict) -> Role | None:
        self.known_keys(raw, ROLE_KEYS, "a role")
        person = self.text(raw, "person")
        title = self.bilingual(raw, "title")
        start, start_state = self.tenure_bound(raw, "from")
        end, end_state = self.tenure_bound(raw, "to")
        if not person:
            return None
        return Role(
            person=person, title=title, unit=self.text(raw, "unit", False), start=start,
            end=end, start_event=self.text(raw, "start_event", False),
            end_event=self.text(raw, "end_event", False), start_state=start_state,
            end_state=end_state, unknown_reason=self.text(raw, "unknown_reason", False),
            shared=raw.get("shared") is True, file=self.file, line=raw.get(LINE, 0),
        )

    def edge(self, raw: dict) -> Edge | None:
        """A structure edge: where a unit sat, from when to when, on whose word."""
        self.known_keys(raw, EDGE_KEYS, "a structure edge")
        unit, parent = self.text(raw, "unit"), self.text(raw, "parent")
        start, start_state = self.tenure_bound(raw, "from")
        end, end_state = self.tenure_bound(raw, "to")
        sources = [s for s in (self.source(r) for r in raw.get("sources") or []) if s]
        if not (unit and parent):
            return None
        return Edge(
            unit=unit, parent=parent, start=start, end=end, start_state=start_state,
            end_state=end_state, start_event=self.text(raw, "start_event", False),
            end_event=self.text(raw, "end_event", False),
            reports_to=self.text(raw, "reports_to", False), dual=raw.get("dual") is True,
            sources=sources, unknown_reason=self.text(raw, "unknown_reason", False),
            file=self.file, line=raw.get(LINE, 0),
        )

    def tenure_bound(self, raw: dict, key: str) -> tuple[PartialDate | None, str | None]:
        """A role's `from`/`to`: a date (state 'date'), or one of ROLE_WORDS; (None, None) when
        the key is absent, which check.py reports."""
        value = raw.get(key)
        if isinstance(value, str) and value.strip() in ROLE_WORDS[key]:
            return None, value.strip()
        date = self.date(raw, key, False)
        return date, "date" if date else None


def read_catalog(folder: Path = DATA_DIR) -> tuple[Catalog, list[Problem]]:
    """Read every YAML file under `folder`; duplicate ids are reported, the first one kept."""
    catalog, problems = Catalog(), []
    paths = data_files(folder)
    if not paths:
        return catalog, [Problem(_display_path(Path(folder)), 0,
                                 "no knowledge files here (a missing or empty folder)")]
    for path in paths:
        name = _display_path(path)
        reader = RecordReader(name)
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            problems.append(Problem(name, 1, "the file is empty (a half-finished edit or "
                                             "deploy?); delete it if that is meant"))
            continue
        try:
            doc = yaml.load(text, Loader=_LineLoader) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problems.append(Problem(name, mark.line + 1 if mark else 0, f"not valid YAML: {err}"))
            continue
        if not isinstance(doc, dict):
            problems.append(Problem(name, 1, "a knowledge file is a mapping of lists"))
            continue
        unknown = set(doc) - {"people", "units", "events", "roles", "structure", LINE}
        for key in sorted(unknown):
            problems.append(Problem(name, doc.get(LINE, 1), f"unknown section '{key}'"))
        for key, kind in (("people", "person"), ("units", None)):
            for raw in doc.get(key) or []:
                entity = reader.entity(raw, kind) if isinstance(raw, dict) else None
                if entity is None:
                    continue
                if entity.id in catalog.entities:
                    first = catalog.entities[entity.id]
                    reader.problem(raw, f"id '{entity.id}' already used at {first.file}:"
                                        f"{first.line}")
                else:
                    catalog.entities[entity.id] = entity
        for raw in doc.get("events") or []:
            event = reader.event(raw) if isinstance(raw, dict) else None
            if event is None:
                continue
            if event.id in catalog.events:
                first = catalog.events[event.id]
                reader.problem(raw, f"event id '{event.id}' already used at {first.file}:"
                                    f"{first.line}")
            else:
                catalog.events[event.id] = event
        for raw in doc.get("roles") or []:
            role = reader.role(raw) if isinstance(raw, dict) else None
            if role:
                catalog.roles.append(role)
        for raw in doc.get("structure") or []:
            edge = reader.edge(raw) if isinstance(raw, dict) else None
            if edge:
                catalog.edges.append(edge)
        problems.extend(reader.problems)
    return catalog, problems
