"""A conversation's memory: the reply language, and the last answer for `more` and `sources`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from knowledge.answer import Answer
from knowledge.historian import Historian, language_of
from knowledge.intent import parse_intent
from knowledge.text import clean_input


@dataclass
class Conversation:
    historian: Historian
    lang: str | None = None  # the user's chosen language; None follows the question's script
    last: Answer | None = field(default=None)

    def ask(self, text: str, lang: str | None = None, today: dt.date | None = None) -> Answer:
        text = clean_input(text)
        intent = parse_intent(text)
        if intent.kind in ("more", "sources") and self.last is not None:
            if intent.kind == "more":
                answer = self.historian.answer(self.last.query, lang=self.last.lang,
                                               page=self.last.page + 1, today=today)
                answer.intent = self.last.intent if answer.events else answer.intent
                if self.last.page >= answer.page:
                    answer.events, answer.note = [], "no_more"
                else:
                    self.last = answer
                return answer
            return Answer(intent="sources", query=self.last.query, lang=self.last.lang,
                          events=self.last.events, names=self.last.names)
        reply_lang = lang or self.lang or (language_of(text) if intent.kind != "more" else None)
        answer = self.historian.answer(text, lang=reply_lang, today=today)
        if answer.intent == "lang" and answer.note == "lang_set":
            self.lang = answer.lang
        elif answer.intent not in ("help", "lang", "more", "sources"):
            self.last = answer
        return answer
