"""Answers do not depend on being able to write the conversation's memory."""

from __future__ import annotations

import datetime as dt
from unittest.mock import Mock

from sqlalchemy.exc import OperationalError

from bot.chat import Chat, InMemoryPrefs, LastAnswer
from handlers.replies import Place
from handlers.slack import on_mention
from knowledge.historian import Historian

FULL = OperationalError("INSERT", {}, Exception("database or disk is full"))


class FullDisk:
    """A memory whose every write fails as SQLite does when the disk is full."""

    def recall(self) -> LastAnswer | None:
        return None

    def remember(self, last: LastAnswer) -> None:
        raise FULL


class FullDiskReceipts:
    """Event receipts that cannot be written either."""

    def first_time(self, event_id: str, team_id: str | None) -> bool:
        raise FULL

    def forget(self, event_id: str) -> None:
        raise FULL


def test_answers_still_come_when_the_memory_cannot_be_written(historian: Historian) -> None:
    chat = Chat(historian, lambda _place: FullDisk(), InMemoryPrefs(), lambda: dt.date(2026, 1, 6))
    answer = chat.ask(Place("T1", "C1", "slash:U1", "U1"), "逍遥子")
    assert answer.events, "the answer is given although its memory could not be kept"


def test_a_mention_on_a_full_disk_still_gets_its_answer_in_its_thread(
        historian: Historian) -> None:
    """The receipt is written before anything else: when that write failed, the mention got
    neither its answer nor an apology (recheck of issue 12, item 9)."""
    chat = Chat(historian, lambda _place: FullDisk(), InMemoryPrefs(),
                lambda: dt.date(2026, 1, 6), receipts=FullDiskReceipts())
    client = Mock()
    on_mention(body={"event_id": "EvFull1", "team_id": "T1"},
               event={"channel": "C1", "ts": "1.1", "user": "U1", "text": "<@UBOT> 逍遥子"},
               client=client, context={"chat": chat})
    client.chat_postMessage.assert_called_once()
    sent = client.chat_postMessage.call_args.kwargs
    assert sent["thread_ts"] == "1.1" and "张勇" in str(sent["blocks"])


def test_a_failed_answer_on_a_full_disk_still_gets_its_apology(historian: Historian) -> None:
    chat = Chat(historian, lambda _place: FullDisk(), InMemoryPrefs(),
                lambda: dt.date(2026, 1, 6), receipts=FullDiskReceipts())
    client = Mock()
    client.chat_postMessage.side_effect = [RuntimeError("the answer could not be posted"), None]
    on_mention(body={"event_id": "EvFull2", "team_id": "T1"},
               event={"channel": "C1", "ts": "2.2", "user": "U1", "text": "<@UBOT> 逍遥子"},
               client=client, context={"chat": chat})
    apology = client.chat_postMessage.call_args_list[-1].kwargs
    assert client.chat_postMessage.call_count == 2 and apology["thread_ts"] == "2.2"
