"""Who held post P on date D: the case tables in tests/who_held/*.yaml, asked the way a user asks.

Each file holds `rows` of {ask, holder, xfail?}; a curator adds a row next to the tenure it
checks. The question goes through `Chat.ask`, what `python -m bot ask` calls, and the
holder must be the first entity of the answer (SPEC: "the holder(s) on that date are the first
`entities`"), or, for `holder: null`, the answer must say honestly that nobody is recorded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.chat import Chat
from handlers.replies import Place
from knowledge.answer import Outcome
from knowledge.historian import Historian

TABLES = Path(__file__).resolve().parent / "who_held"
TODAY = dt.date(2026, 12, 1)  # "now" questions are answered as of this day, whatever the clock


def _rows() -> list:
    """Every row of every table, as a pytest param named by its file and question."""
    params = []
    for path in sorted(TABLES.glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]:
            marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if "xfail" in row else []
            params.append(pytest.param(row["ask"], row["holder"], marks=marks,
                                       id=f"{path.stem}: {row['ask']}"))
    return params


@pytest.mark.parametrize(("typed", "holder"), _rows())
def test_who_held_the_post(historian: Historian, typed: str, holder: str | None) -> None:
    answer = Chat.local(historian, lambda: TODAY).ask(Place(), typed)
    named = [e.id for e in answer.entities]
    assert answer.intent == "who", f"{typed!r} was not read as a who-held question"
    if holder is None:
        assert named == [] and answer.outcome is Outcome.NO_HOLDER, f"{typed!r} named {named}"
    else:
        assert named[:1] == [holder], f"{typed!r} named {named}, not {holder} first"


def test_every_table_row_is_well_formed() -> None:
    """A typo in a key would silently drop a check."""
    for path in sorted(TABLES.glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]:
            assert set(row) <= {"ask", "holder", "xfail"} and {"ask", "holder"} <= set(row), \
                (path.name, row)
