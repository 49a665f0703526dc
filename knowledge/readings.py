"""Toneless pinyin of each Chinese character, from a compact table shipped with the code.

pypinyin's dictionaries cost about 60 MB of memory; the one reading per character that name
matching needs fits in a 200 KB file. The table is derived from pypinyin (first reading of
each character) and regenerated with `python -m knowledge.readings`.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "pinyin_table.txt"
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@cache
def _table() -> dict[str, str]:
    readings = {}
    for line in TABLE.read_text(encoding="ascii").splitlines():
        code, reading = line.split(" ", 1)
        readings[chr(int(code, 16))] = reading
    return readings


def reading(char: str) -> str | None:
    return _table().get(char)


def syllables() -> set[str]:
    """Every toneless syllable the table knows: what a pinyin word may be split into."""
    return set(_table().values())


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFKD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def regenerate() -> int:
    """Write the table from pypinyin's dictionary; returns the number of characters."""
    from pypinyin.pinyin_dict import pinyin_dict

    lines = []
    for low, high in CJK_RANGES:
        for code in range(low, high + 1):
            readings = pinyin_dict.get(code)
            if readings:
                lines.append(f"{code:x} {_toneless(readings.split(',')[0])}")
    TABLE.write_text("\n".join(lines) + "\n", encoding="ascii")
    return len(lines)


if __name__ == "__main__":
    print(f"{regenerate()} characters written to {TABLE}")
