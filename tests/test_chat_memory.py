"""Answers do not depend on being able to write the conversation's memory."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import OperationalError

from bot.chat import Chat, InMemoryPrefs, LastAnswer
from handlers.replies import Place
from knowledge.historian import Historian


class FullDisk:
    """A memory whose every write fails as SQLite does when the disk is full."""

    def recall(self) -> LastAnswer | None:
        return None

    def remember(self, last: LastAnswer) -> None:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))


def test_answers_still_come_when_the_memory_cannot_be_written(historian: Historian) -> None:
    chat = Chat(historian, lambda _place: FullDisk(), InMemoryPrefs(), lambda: dt.date(2026, 1, 6))
    answer = chat.ask(Place("T1", "C1", "slash:U1", "U1"), "逍遥子")
    assert answer.events, "the answer is given although its memory could not be kept"
