"""Every text is answered: arbitrary input through the real signed slash-command and mention
paths gets exactly one reply, and through `ask` and the console never ends a session."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat import Chat
from handlers.replies import Place
from knowledge.historian import Historian
from tests.slack_signing import app_mention_event, slash_command_body
from tests.test_slack_app import Harness, harness  # noqa: F401  (the module's fixture)

PROJECT = Path(__file__).resolve().parent.parent
# What Slack's own encodings put in text: entities, mentions, links, form escapes.
SLACK_WORDS = ["&amp;", "&lt;", "&gt;", "<@U123ABC>", "<#C123|general>", "<!channel>",
               "<!here>", "<https://example.com|link>", "+", "%20", "&", "=", "更多", "more",
               "sources", "来源", "subscribe", "lang", "help", "who", "unit", "on", "\ufeff",
               "\u200b", "\ud800", "\udfff", "\x00", "\n", "\t", "逍遥子", "2013年9月"]
TEXTS = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(SLACK_WORDS)),
                 max_size=6).map(" ".join)
# The words questions are made of, in any order: commands, posts and names, and every shape
# of date (a day without a year made `who Tmall Jan 6` crash, which free text never found).
QUESTION_WORDS = ["who", "unit", "org", "changes", "succession", "on", "after", "before",
                  "who ran", "what changed", "谁", "历任", "组织架构", "CEO", "CFO", "president",
                  "总裁", "Tmall", "天猫", "淘宝", "Alibaba Cloud", "逍遥子", "Jack Ma", "蔡崇信",
                  "Jan 6", "1月6日", "2月29日", "25/12", "today", "今天", "2013", "2013-09",
                  "2013年9月", "2013-09-10", "Q3 2019", "2016年上半年", "around 2023-09-10",
                  "2015-01 2016-01", "2099", "1998"]
QUESTIONS = st.lists(st.sampled_from(QUESTION_WORDS), min_size=1, max_size=5).map(" ".join)
NAMES = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
_counter = itertools.count()


def _utf8(text: str) -> str:
    """Slack sends UTF-8: a lone surrogate reaches us as the JSON escape, never raw bytes."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@EXAMPLES
@given(text=TEXTS, channel_name=NAMES, team_domain=NAMES)
def test_any_slash_command_gets_exactly_one_answer(harness: Harness, text: str,  # noqa: F811
                                                   channel_name: str, team_domain: str) -> None:
    name = f"any{next(_counter)}"
    body = slash_command_body(text=_utf8(text), response_url=harness.slack.response_url(name),
                              channel_name=_utf8(channel_name), team_domain=_utf8(team_domain))
    status, _, _ = harness.post(body)
    assert status == 200
    assert len(harness.slack.wait_for(f"response:{name}")) == 1


@EXAMPLES
@given(text=TEXTS)
def test_any_mention_gets_exactly_one_reply_in_its_thread(harness: Harness,  # noqa: F811
                                                          text: str) -> None:
    n = next(_counter)
    ts = f"1800000000.{n:06d}"
    event = app_mention_event(f"<@UBOT> {text}", ts=ts)
    assert harness.event(event, f"EvAny{n}") == 200
    replies: list = []
    deadline = dt.datetime.now() + dt.timedelta(seconds=5)
    while not replies and dt.datetime.now() < deadline:
        replies = [c for c in harness.slack.calls_to("chat.postMessage")
                   if c.body.get("thread_ts") == ts]
    assert len(replies) == 1
    harness.slack.reset()


@settings(max_examples=450, deadline=None)
@given(text=st.one_of(TEXTS, QUESTIONS))
def test_ask_answers_any_text(historian: Historian, text: str) -> None:
    chat = Chat.local(historian, lambda: dt.date(2026, 12, 1))
    answer = chat.ask(Place(), text)
    assert answer.intent is not None


def test_a_console_session_survives_any_lines(tmp_path: Path) -> None:
    tails = ["逍遙子", "asdf", "2013-13", "on 2月30日", "", "more"]
    lines = [" ".join(words) for words in itertools.product(SLACK_WORDS[:12], tails)]
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
           "DATABASE_URL": f"sqlite:///{tmp_path / 'kb.sqlite3'}"}
    run = subprocess.run([sys.executable, "-m", "bot", "console", "--json"], cwd=PROJECT,
                         env=env, input="\n".join(lines) + "\n", capture_output=True,
                         text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-500:]
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(answers) == len([line for line in lines if line.strip()])
