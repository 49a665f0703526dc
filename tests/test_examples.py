"""Every example the app shows is run and must answer with something (as sopel's
`@plugin.example`): `/reorg help` in each language, the manifest's usage hint, and the
README's console session."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import yaml
from sqlalchemy import Engine

from bot.chat import Chat
from bot.slack_state import ThreadMemory, UserPrefs
from bot.subscriptions import Subscriptions
from handlers.messages import say
from handlers.replies import DigestReply, Place, Reply
from knowledge.answer import Answer, Outcome
from knowledge.historian import Historian
from knowledge.intent import PAGEABLE, Intent
from tests.conftest import PROJECT

_CODE = re.compile(r"`([^`]+)`")
_FOLLOW_UPS = ("more", "更多", "sources", "来源")  # asked in a thread after an answer


def _expand(example: str) -> list[str]:
    """`lang en|zh-hans|zh-hant` is three examples."""
    head, _, last = example.rpartition(" ")
    return [f"{head} {alt}".strip() for alt in last.split("|")] if "|" in last else [example]


def help_examples() -> list[str]:
    found = [m.removeprefix("/reorg ") for lang in ("en", "zh-hans")
             for m in _CODE.findall(say("help", lang)) if m.startswith("/reorg ")]
    return list(dict.fromkeys(itertools.chain.from_iterable(_expand(e) for e in found)))


def help_follow_ups() -> list[str]:
    shown = {m for lang in ("en", "zh-hans") for m in _CODE.findall(say("help", lang))}
    assert set(_FOLLOW_UPS) <= shown, "the help names the thread commands"
    return list(_FOLLOW_UPS)


def usage_hint_examples() -> list[str]:
    manifest = yaml.safe_load((PROJECT / "app.yaml").read_text(encoding="utf-8"))
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    return [part.strip() for part in hint.split("·")]


def readme_session() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^reorg> (.+)$", readme, flags=re.M)


@pytest.fixture(scope="module")
def chat(real_engine: Engine) -> Chat:
    """The service as Slack uses it, on the real event base, on a day that has events."""
    return Chat(Historian(real_engine),
                lambda p: ThreadMemory(real_engine, p.team, p.channel, p.thread),
                UserPrefs(real_engine), lambda: dt.date(2026, 1, 6),
                subscriptions=Subscriptions(real_engine), default_tz="Asia/Shanghai")


_places = itertools.count()


def _place() -> Place:
    n = next(_places)
    return Place("TEXAMPLES", f"CEX{n}", f"thread-{n}", f"UEX{n}")


def answers_with_something(reply: Reply) -> bool:
    if isinstance(reply, DigestReply):
        return not reply.error and (reply.subscription is not None or reply.done or
                                    reply.intent is Intent.SUBSCRIPTIONS)
    assert isinstance(reply, Answer)
    if reply.outcome in (Outcome.HELP, Outcome.LANG_SET):
        return True
    if reply.intent in PAGEABLE or reply.intent is Intent.SOURCES:
        return bool(reply.events or reply.roles) and reply.outcome in (None, Outcome.NEAREST)
    return False


@pytest.mark.parametrize("example", help_examples() + usage_hint_examples())
def test_each_example_answers(chat: Chat, example: str) -> None:
    place = _place()
    reply = chat.ask(place, example)
    assert answers_with_something(reply), f"`/reorg {example}` answered {reply!r:.300}"
    if isinstance(reply, DigestReply) and reply.subscription is not None:
        chat.ask(place, "unsubscribe")


@pytest.mark.parametrize("follow_up", help_follow_ups())
def test_thread_commands_in_the_help_answer_after_a_question(chat: Chat,
                                                             follow_up: str) -> None:
    place = _place()
    chat.ask(place, "2013")
    reply = chat.ask(place, follow_up)
    assert answers_with_something(reply), f"`{follow_up}` after `2013` answered {reply!r:.300}"


def test_the_readme_console_session_answers_every_line(chat: Chat) -> None:
    lines = readme_session()
    assert len(lines) >= 5, "the README shows a console session"
    place = _place()
    for line in lines:
        reply = chat.ask(place, line)
        assert answers_with_something(reply), f"reorg> {line} answered {reply!r:.300}"
