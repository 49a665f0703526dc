"""What a query returns: data only; handlers/ turns it into text or Block Kit."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EntityHit:
    id: str
    kind: str  # person | unit | company
    name: dict[str, str]  # en, zh-hans, zh-hant
    score: float
    how: str = ""

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "name": self.name, "score": round(self.score, 1)}


@dataclass
class RoleLine:
    person: str
    title: dict[str, str]
    unit: str | None
    start: str | None
    end: str | None


@dataclass
class Answer:
    intent: str
    query: str
    lang: str
    events: list[dict] = field(default_factory=list)  # this page, SPEC event shape
    total: int = 0
    page: int = 1
    page_size: int = 5
    entities: list[EntityHit] = field(default_factory=list)
    roles: list[RoleLine] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # id → names, for rendering
    note: str = ""  # a message key: nothing_found, nearest, help, lang_set …
    note_args: dict[str, str] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    former_names: list[dict[str, str]] = field(default_factory=list)  # for a unit's history

    @property
    def has_more(self) -> bool:
        return self.page * self.page_size < self.total

    def name(self, entity_id: str | None) -> str:
        if not entity_id:
            return ""
        names = self.names.get(entity_id, {})
        return names.get(self.lang) or names.get("en") or entity_id
