"""A conversation's memory: the last answer (for `more` and `sources`) and the reply language.

The console keeps it in memory; Slack threads keep it in the database (`bot.slack_state`), so
`more` works in a thread across restarts and replicas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from knowledge.answer import Answer
from knowledge.historian import Historian, language_of
from knowledge.intent import parse_intent
from knowledge.text import clean_input

# Intents whose answer can be paged with `more` and cited with `sources`.
PAGEABLE = frozenset({"search", "who", "unit", "on_this_day", "period"})


@dataclass
class LastAnswer:
    query: str
    lang: str
    page: int
    intent: str
    event_ids: list[str] = field(default_factory=list)


class Memory(Protocol):
    def recall(self) -> LastAnswer | None: ...

    def remember(self, last: LastAnswer) -> None: ...


@dataclass
class InMemory:
    last: LastAnswer | None = None

    def recall(self) -> LastAnswer | None:
        return self.last

    def remember(self, last: LastAnswer) -> None:
        self.last = last


class Conversation:
    def __init__(self, historian: Historian, memory: Memory | None = None,
                 lang: str | None = None) -> None:
        self.historian = historian
        self.memory = memory or InMemory()
        self.lang = lang  # the user's chosen language; None follows the question's script

    def ask(self, text: str, lang: str | None = None, today: dt.date | None = None) -> Answer:
        text = clean_input(text)
        kind = parse_intent(text).kind
        last = self.memory.recall()
        if kind == "more" and last is not None:
            return self._more(last, today)
        if kind == "sources" and last is not None:
            answer = Answer(intent="sources", query=last.query, lang=lang or last.lang,
                            events=self.historian.fetch_events(last.event_ids))
            answer.names = self.historian.names_for(answer)
            return answer
        answer = self.historian.answer(text, lang=lang or self.lang or language_of(text),
                                       today=today)
        if answer.intent == "lang" and answer.note == "lang_set":
            self.lang = answer.lang
        elif answer.intent in PAGEABLE:
            self._remember(answer)
        return answer

    def _more(self, last: LastAnswer, today: dt.date | None) -> Answer:
        answer = self.historian.answer(last.query, lang=last.lang, page=last.page + 1,
                                       today=today)
        if answer.page <= last.page:  # already on the last page
            answer.events, answer.note = [], "no_more"
        else:
            self._remember(answer)
        return answer

    def _remember(self, answer: Answer) -> None:
        self.memory.remember(LastAnswer(answer.query, answer.lang, answer.page, answer.intent,
                                        [e["id"] for e in answer.events]))
