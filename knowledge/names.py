"""Every spelling an entity answers to, and the weight of a match on each kind of spelling."""

from __future__ import annotations

from knowledge.records import Entity
from knowledge.text import fold, has_cjk, pinyin_syllables

# Exact canonical/English names outrank nicknames, which outrank pinyin and any fuzzy match.
SPELLING_WEIGHT = {
    "name": 100.0,
    "en": 100.0,
    "alias": 98.0,
    "former": 97.0,
    "nickname": 96.0,
    "pinyin": 93.0,
    "pinyin-nickname": 92.0,
}


def entity_spellings(entity: Entity) -> list[tuple[str, str]]:
    """(text, kind) for each curated spelling; Traditional is covered by folding."""
    out = [(entity.name, "name"), (entity.en, "en")]
    out += [(n, "nickname") for n in entity.nicknames]
    out += [(a, "alias") for a in entity.aliases]
    for former in entity.former_names:
        out.append((former["name"], "former"))
        if former.get("en"):
            out.append((former["en"], "former"))
    return out


def alias_rows(entity: Entity) -> list[tuple[str, str, str]]:
    """(text, kind, key) rows for the alias table: curated spellings, then derived pinyin.

    A curated `pinyin` replaces the derived reading of the canonical name (pypinyin misreads
    some surnames); one key per entity, the strongest kind first.
    """
    rows: dict[tuple[str, bool], tuple[str, str, str]] = {}

    def add(text: str, kind: str) -> None:
        # A pinyin reading is kept even when an English alias has the same letters: the
        # syllable index (homophones) is built from pinyin rows only.
        key = fold(text)
        slot = (key, kind.startswith("pinyin"))
        if key and slot not in rows:
            rows[slot] = (text, kind, key)

    spellings = entity_spellings(entity)
    for text, kind in spellings:
        add(text, kind)
    for reading in entity.pinyin:
        add(reading, "pinyin")
    for text, kind in spellings:
        if has_cjk(text) and not (kind == "name" and entity.pinyin):
            reading = " ".join(pinyin_syllables(text))
            add(reading, "pinyin-nickname" if kind == "nickname" else "pinyin")
    return list(rows.values())
