"""The Slack app over real HTTP: signed requests into the real Bolt app, Slack's Web API
replaced by a loopback stand-in that records every call."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from slack_bolt import App
from sqlalchemy import Engine

from bot.settings import load_settings
from bot.slack_app import build_app, http_server
from bot.subscriptions import Subscriptions
from handlers.actions import ActionId
from knowledge.historian import Historian
from tests.mock_slack import MockSlack
from tests.slack_signing import (
    BOT_USER_ID,
    app_mention_event,
    block_action_body,
    channel_message_event,
    event_body,
    signed_headers,
    slash_command_body,
)

SECRET = "test-signing-secret"


@dataclass
class Harness:
    url: str
    slack: MockSlack
    engine: Engine

    def post(self, body: str, content_type: str = "application/x-www-form-urlencoded",
             headers: dict[str, str] | None = None, timestamp: int | None = None,
             secret: str = SECRET) -> tuple[int, str, float]:
        """POST as Slack does; returns (status, body, seconds until the response)."""
        signed = signed_headers(secret, body, timestamp=timestamp, content_type=content_type)
        request = urllib.request.Request(self.url, data=body.encode(), method="POST",
                                         headers={**signed, **(headers or {})})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(), time.perf_counter() - started
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(), time.perf_counter() - started

    def command(self, text: str, name: str = "cmd", **fields: str) -> tuple[int, str, float]:
        body = slash_command_body(text=text, response_url=self.slack.response_url(name),
                                  **fields)
        return self.post(body)

    def event(self, event: dict, event_id: str, retry: int | None = None) -> int:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else None
        status, _, _ = self.post(event_body(event, event_id=event_id),
                                 content_type="application/json", headers=headers)
        return status


@contextmanager
def serving(engine: Engine, **env: str) -> Iterator[tuple[str, MockSlack, App]]:
    """The real app on a loopback HTTP server, talking to its own Web API stand-in."""
    with MockSlack() as slack:
        settings = load_settings({"SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.base_url,
                                  **env})
        app = build_app(settings, engine, Historian(engine))
        server = http_server(app, settings, 0, host="127.0.0.1")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.port}", slack, app
        finally:
            server.shutdown()


@pytest.fixture(scope="module")
def harness(real_engine: Engine) -> Iterator[Harness]:
    with serving(real_engine, SLACK_BOT_TOKEN="xoxb-test") as (base, slack, _app):
        yield Harness(f"{base}/slack/events", slack, real_engine)


@pytest.fixture(autouse=True)
def _fresh_calls(harness: Harness) -> None:
    harness.slack.reset()


def _blocks_text(blocks: list[dict] | str) -> str:
    return json.dumps(blocks if not isinstance(blocks, str) else json.loads(blocks),
                      ensure_ascii=False)


def _responded(harness: Harness, name: str, count: int = 1) -> list[dict]:
    return [c.body for c in harness.slack.wait_for(f"response:{name}", count)]


# --- slash command ---------------------------------------------------------------------------

def test_slash_command_acks_then_answers_only_the_caller(harness: Harness) -> None:
    status, body, _ = harness.command("逍遙子", name="zy")
    assert status == 200 and body == ""
    reply = _responded(harness, "zy")[0]
    assert reply["response_type"] == "ephemeral"
    text = _blocks_text(reply["blocks"])
    assert "張勇" in text, "a Traditional question gets a Traditional answer"
    action_ids = [e["action_id"] for b in reply["blocks"] if b["type"] == "actions"
                  for e in b["elements"]]
    assert ActionId.SHARE.value in action_ids
    assert ActionId.MORE.value in action_ids, "Zhang Yong has more events than one page"


def test_bad_signature_and_stale_timestamp_are_refused(harness: Harness) -> None:
    body = slash_command_body(text="help", response_url=harness.slack.response_url("x"))
    assert harness.post(body, secret="wrong-secret")[0] == 401
    assert harness.post(body, timestamp=int(time.time()) - 3600)[0] == 401
    assert harness.slack.calls == [], "a refused request does nothing"


def test_an_unknown_command_is_not_handled(harness: Harness) -> None:
    body = slash_command_body(command="/other", text="x",
                              response_url=harness.slack.response_url("o"))
    assert harness.post(body)[0] == 404


def test_more_button_pages_on_and_share_posts_in_channel(harness: Harness) -> None:
    harness.command("2013", name="page1")
    first = _responded(harness, "page1")[0]
    more = next(e for b in first["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == ActionId.MORE.value)
    status, _, _ = harness.post(block_action_body(ActionId.MORE.value, more["value"],
                                                  response_url=harness.slack.response_url("p2")))
    assert status == 200
    second = _responded(harness, "p2")[0]
    assert second["replace_original"] is True
    assert _blocks_text(second["blocks"]) != _blocks_text(first["blocks"])
    assert "6–10" in _blocks_text(second["blocks"])
    prev = next(e for b in second["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == ActionId.PREV.value)
    assert not any(e["action_id"] == ActionId.PREV.value for b in first["blocks"]
                   if b["type"] == "actions" for e in b["elements"]), "no way back from page 1"
    harness.post(block_action_body(ActionId.PREV.value, prev["value"],
                                   response_url=harness.slack.response_url("back")))
    back = _responded(harness, "back")[0]
    assert _blocks_text(back["blocks"]) == _blocks_text(first["blocks"]), "‹ Prev is page 1 again"


def test_share_posts_what_was_on_screen_and_says_so(harness: Harness) -> None:
    """Shared from page 2: a card for the channel headed by who shared which question, page
    2's events and links, no pager; the ephemeral becomes "Shared to #channel ✓"."""
    harness.command("2013", name="s1", user_id="U777")
    first = _responded(harness, "s1")[0]
    harness.post(block_action_body(ActionId.MORE.value, _button(first, ActionId.MORE)["value"],
                                   user_id="U777", response_url=harness.slack.response_url("s2")))
    second = _responded(harness, "s2")[0]
    harness.post(block_action_body(ActionId.SHARE.value, _button(second, ActionId.SHARE)["value"],
                                   user_id="U777",
                                   response_url=harness.slack.response_url("share")))
    card, done = _responded(harness, "share", 2)
    assert card["response_type"] == "in_channel" and card["replace_original"] is False
    shared = _blocks_text(card["blocks"])
    assert shared.startswith('[{"elements": [{"text": "<@U777> shared `/reorg 2013`"')
    titles = [line.split("* · *")[1].split("*")[0] for line in
              (b["text"]["text"] for b in second["blocks"] if b.get("accessory"))]
    assert titles and all(t in shared for t in titles), "the events that were on screen"
    first_titles = [b["text"]["text"].split("* · *")[1].split("*")[0]
                    for b in first["blocks"] if b.get("accessory")]
    assert not any(t in shared for t in first_titles), "not page 1's"
    assert '"actions"' not in shared and "6–10" not in shared and "/reorg more" not in shared
    assert done == {"replace_original": True, "text": "Shared to <#C123> ✓"}


def test_share_after_sources_shares_the_sources_on_screen(harness: Harness) -> None:
    harness.command("2013", name="src1", user_id="USRC")
    _responded(harness, "src1")
    harness.command("sources", name="src2", user_id="USRC")
    sources = _responded(harness, "src2")[0]
    on_screen = [b["text"]["text"] for b in sources["blocks"] if b.get("accessory")]
    assert on_screen and all("\n1. " in text for text in on_screen), "numbered lists"
    harness.post(block_action_body(ActionId.SHARE.value, _button(sources, ActionId.SHARE)["value"],
                                   user_id="USRC",
                                   response_url=harness.slack.response_url("srcshare")))
    card = _responded(harness, "srcshare")[0]["blocks"]
    assert "Sources for the last answer" in _blocks_text(card)
    assert [b["text"]["text"] for b in card if "\n1. " in b.get("text", {}).get("text", "")] \
        == on_screen, "the same lists"


def test_all_sources_and_all_roles_open_for_whoever_clicks(harness: Harness) -> None:
    """In a thread everyone sees, ⋯ All sources (N) and All roles (N) open a modal for the
    one who clicked, with every source and every role."""
    harness.event(app_mention_event("<@UBOT> 逍遥子", ts="1700000007.000100"), "EvAll1")
    post = harness.slack.wait_for("chat.postMessage")[0].body
    menus = [b["accessory"] for b in post["blocks"] if b.get("accessory")]
    option = next(o for m in menus for o in m["options"] if o["value"].startswith("sources:"))
    count = int(option["text"]["text"].split("（")[1].rstrip("）"))
    harness.post(block_action_body(ActionId.EVENT_MENU.value, option["value"], user_id="U888",
                                   element="overflow"))
    view = harness.slack.wait_for("views.open")[0].json_field("view")
    listed = view["blocks"][1]["text"]["text"].splitlines()
    assert len(listed) == count and listed[0].startswith("1. ") and count > 1
    button = next(e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == ActionId.ROLES.value
    harness.post(block_action_body(ActionId.ROLES.value, button["value"], user_id="U888"))
    roles = harness.slack.wait_for("views.open", 2)[1].json_field("view")
    assert _blocks_text(roles["blocks"]).count("• ") == 11, "all eleven roles"


def test_lang_preference_sticks_for_later_answers(harness: Harness) -> None:
    harness.command("lang zh-hant", name="lang", user_id="ULANG")
    _responded(harness, "lang")
    harness.command("Daniel Zhang", name="after", user_id="ULANG")
    assert "張勇" in _blocks_text(_responded(harness, "after")[0]["blocks"])
    harness.command("lang en", name="back", user_id="ULANG")
    _responded(harness, "back")


def test_hostile_input_cannot_ping_and_long_input_is_answered_fast(harness: Harness) -> None:
    harness.command("<!channel> <!here> <@U999> <https://evil.example|x> \u202e&", name="evil")
    reply = _responded(harness, "evil")[0]
    dumped = _blocks_text(reply["blocks"]) + reply["text"]
    for raw in ("<!channel>", "<!here>", "<@U999>", "<https://evil"):
        assert raw not in dumped
    assert "link_names" not in reply and reply.get("parse") != "full"
    status, _, seconds = harness.command("淘宝" * 5000, name="long")
    assert status == 200 and seconds < 3.0
    assert _responded(harness, "long")


def test_a_failing_listener_shows_a_reference_not_the_exception(harness: Harness,
                                                                monkeypatch) -> None:
    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Historian, "answer_parsed", explode)
    harness.command("逍遥子", name="boom")
    reply = _responded(harness, "boom")[0]
    assert "secret internals" not in json.dumps(reply)
    assert "reference" in reply["text"]


# --- mentions, threads, retries -----------------------------------------------------------------

def test_a_mention_outside_a_thread_opens_one_and_answers_there(harness: Harness) -> None:
    event = app_mention_event("<@UBOT> 淘宝天猫什么时候融合的?", ts="1700000001.000100")
    assert harness.event(event, "EvMention1") == 200
    post = harness.slack.wait_for("chat.postMessage")[0].body
    assert post["thread_ts"] == "1700000001.000100"
    assert "2022年1月6日" in _blocks_text(post["blocks"])


def test_a_mention_whose_answer_failed_gets_an_apology_and_is_answered_on_retry(
        harness: Harness) -> None:
    harness.slack.respond("chat.postMessage", {"ok": False, "error": "fatal_error"}, times=1)
    event = app_mention_event("<@UBOT> 逍遥子", ts="1700000009.000100")
    assert harness.event(event, "EvFail1") == 200
    apology = harness.slack.wait_for("chat.postMessage", 2)[1].body
    assert apology["thread_ts"] == "1700000009.000100" and "reference" in apology["text"]
    # Slack retries the event: this time it is answered, not dropped as a duplicate.
    assert harness.event(event, "EvFail1", retry=1) == 200
    answer = harness.slack.wait_for("chat.postMessage", 3)[2].body
    assert "张勇" in _blocks_text(answer["blocks"])
    # And a further retry of an answered event is dropped.
    assert harness.event(event, "EvFail1", retry=2) == 200
    harness.event(app_mention_event("<@UBOT> help", ts="1700000009.000200"), "EvFail2")
    harness.slack.wait_for("chat.postMessage", 4)
    assert len(harness.slack.calls_to("chat.postMessage")) == 4


def test_a_mention_with_a_lone_surrogate_is_answered_not_apologised_for(
        harness: Harness) -> None:
    """JSON may carry "\\ud800"; the question around it is answered (recheck of issue item 9):
    writing the thread's memory raised UnicodeEncodeError, which the best-effort memory does
    not catch, so the reply was the apology."""
    event = app_mention_event("<@UBOT> 逍遥子 \ud800", ts="1700000019.000100")
    assert harness.event(event, "EvSurrogate1") == 200
    reply = harness.slack.wait_for("chat.postMessage")[0].body
    assert reply["thread_ts"] == "1700000019.000100"
    assert "reference" not in str(reply.get("text")), reply.get("text")
    assert "张勇" in _blocks_text(reply["blocks"])


@pytest.mark.parametrize("kind", ["app_uninstalled", "tokens_revoked"])
def test_uninstall_events_are_acknowledged_with_one_token(harness: Harness, kind: str) -> None:
    event = {"type": kind, "tokens": {"bot": ["UBOT"]}} if kind == "tokens_revoked" \
        else {"type": kind}
    assert harness.event(event, f"Ev{kind}") == 200
    assert harness.slack.calls == []


def test_more_and_sources_in_a_thread_use_what_was_answered_there(harness: Harness) -> None:
    thread = "1700000002.000100"
    harness.event(app_mention_event("<@UBOT> 2013", ts=thread), "EvThread1")
    first = harness.slack.wait_for("chat.postMessage")[0].body
    assert "`@reorg more`" in first["text"], "in a thread the hint is a mention"
    assert all(b["type"] != "actions" for b in first["blocks"]), "no pager everyone would move"
    harness.event(app_mention_event("<@UBOT> 更多", ts="1700000002.000200", thread_ts=thread),
                  "EvThread2")
    second = harness.slack.wait_for("chat.postMessage", 2)[1].body
    assert second["thread_ts"] == thread
    assert _blocks_text(second["blocks"]) != _blocks_text(first["blocks"])
    harness.event(app_mention_event("<@UBOT> sources", ts="1700000002.000300",
                                    thread_ts=thread), "EvThread3")
    third = harness.slack.wait_for("chat.postMessage", 3)[2].body
    assert "21世纪经济报道" in _blocks_text(third["blocks"]) or "http" in _blocks_text(
        third["blocks"])


def test_follow_ups_without_a_mention_are_answered_only_in_threads_the_bot_answered(
        harness: Harness) -> None:
    """In the bot's thread `更多`, `sources` and questions that refer back ("that", "it") are
    answered without a mention, with the thread's subject and date; elsewhere it is silent."""
    thread = "1700000006.000100"
    harness.event(app_mention_event("<@UBOT> 淘宝天猫什么时候融合的?", ts=thread), "EvFollow1")
    harness.slack.wait_for("chat.postMessage")

    def reply(text: str, n: int, **event: str) -> dict:
        harness.event(channel_message_event(text, ts=f"1700000006.00{n:04d}", thread_ts=thread,
                                            **event), f"EvFollow{n}")
        post = harness.slack.wait_for("chat.postMessage", len(posts) + 1)[-1].body
        posts.append(post)
        return post

    posts: list[dict] = [harness.slack.calls_to("chat.postMessage")[0].body]
    more = reply("更多", 2)
    assert more["thread_ts"] == thread and "第 6–7 条" in more["text"], more["text"]
    after = reply("那之后谁负责淘宝?", 3)
    assert "戴珊" in after["text"], after["text"]
    sources = _blocks_text(reply("来源", 4)["blocks"])
    assert "上一个回答的来源" in sources and "戴珊" in sources, "the sources of the last answer"
    # The same in English, in a thread of its own: "it" is the unit, "that" the merger's day.
    thread = "1700000006.500000"
    harness.event(app_mention_event("<@UBOT> when did Taobao and Tmall merge?", ts=thread),
                  "EvFollow5")
    posts.append(harness.slack.wait_for("chat.postMessage", len(posts) + 1)[-1].body)
    english = reply("who ran it after that?", 6)
    assert english["thread_ts"] == thread and "Trudy Dai" in english["text"], english["text"]
    # Silence: the bot's own post, a mention (app_mention answers it), a top-level message and
    # a thread the bot never answered. Then one more follow-up: it is the next post.
    ignored = [channel_message_event("更多", user=BOT_USER_ID, ts="1700000006.009001",
                                     thread_ts=thread, bot_id="B0001"),
               channel_message_event("<@UBOT> 更多", ts="1700000006.009002", thread_ts=thread),
               channel_message_event("更多", ts="1700000006.009003"),
               channel_message_event("更多", ts="1700000006.009004",
                                     thread_ts="1700000006.999999")]
    for number, event in enumerate(ignored):
        assert harness.event(event, f"EvIgnored{number}") == 200
    last = reply("sources", 7)
    assert last["thread_ts"] == thread and "Sources for the last answer" in _blocks_text(
        last["blocks"])
    assert len(harness.slack.calls_to("chat.postMessage")) == len(posts), "nothing else"


def test_a_retried_event_is_answered_once(harness: Harness) -> None:
    event = app_mention_event("<@UBOT> 逍遥子", ts="1700000003.000100")
    assert harness.event(event, "EvRetry1") == 200
    assert harness.event(event, "EvRetry1", retry=1) == 200
    assert harness.event(event, "EvRetry1", retry=2) == 200
    harness.slack.wait_for("chat.postMessage")
    # No clock: wait on the stand-in's recorded calls. A later event's answer arrives after the
    # retries were taken in; then exactly one post answers EvRetry1, and a duplicate arriving
    # while we wait for a third post fails the test at once.
    later = app_mention_event("<@UBOT> 2013", ts="1700000003.000200")
    assert harness.event(later, "EvRetry2") == 200
    posts = harness.slack.wait_for("chat.postMessage", 2)
    assert [p.body.get("thread_ts") for p in posts].count("1700000003.000100") == 1
    with pytest.raises(AssertionError):  # and nothing else arrives
        harness.slack.wait_for("chat.postMessage", 3, timeout=0.2)


def test_thread_memory_survives_a_restart(harness: Harness, real_engine: Engine) -> None:
    thread = "1700000004.000100"
    harness.event(app_mention_event("<@UBOT> 2013", ts=thread), "EvRestart1")
    harness.slack.wait_for("chat.postMessage")
    # A new app (as after a restart, or on another replica) on the same database.
    with serving(real_engine, SLACK_BOT_TOKEN="xoxb-test") as (base, slack, _app):
        fresh = Harness(f"{base}/slack/events", slack, real_engine)
        fresh.event(app_mention_event("<@UBOT> more", ts="1700000004.000200",
                                      thread_ts=thread), "EvRestart2")
        post = slack.wait_for("chat.postMessage")[0].body
        assert "2013" in _blocks_text(post["blocks"])
        assert "Nothing to page" not in post["text"]


def test_oauth_install_round_trip(real_engine: Engine) -> None:
    with serving(real_engine, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="shh") as (
            base, slack, app):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(f"{base}/slack/install", timeout=5)
            page, cookie = response.read().decode(), response.headers.get("Set-Cookie")
        except urllib.error.HTTPError as err:  # 302 to slack.com when direct install
            page, cookie = err.headers.get("Location", ""), err.headers.get("Set-Cookie")
        state = urllib.parse.parse_qs(urllib.parse.urlparse(
            page[page.find("https://slack.com"):].split('"')[0]).query)["state"][0]
        callback = f"{base}/slack/oauth_redirect?code=abc&state={state}"
        request = urllib.request.Request(callback, headers={"Cookie": cookie.split(";")[0]})
        try:
            status = opener.open(request, timeout=5).status
        except urllib.error.HTTPError as err:
            status = err.code
        assert status in (200, 302)
        assert slack.calls_to("oauth.v2.access"), "the code was exchanged for a token"
        store = app.installation_store
        installed = store.find_installation(enterprise_id=None, team_id="T0001")
        assert installed is not None and installed.bot_token.startswith("xoxb-")

        # Uninstalling the app removes what the install stored.
        harness = Harness(f"{base}/slack/events", slack, real_engine)
        assert harness.event({"type": "app_uninstalled"}, "EvUninstall1") == 200
        deadline = time.monotonic() + 5
        while store.find_installation(enterprise_id=None, team_id="T0001") is not None:
            assert time.monotonic() < deadline, "the installation should be deleted"
            time.sleep(0.05)


# --- digest subscriptions in Slack ------------------------------------------------------------

def test_subscribe_list_and_unsubscribe_in_a_channel(harness: Harness) -> None:
    harness.command("subscribe 08:30 Europe/London zh-hant", name="sub", channel_id="CSUB")
    reply = _responded(harness, "sub")[0]
    assert reply["response_type"] == "ephemeral" and "08:30" in reply["text"]
    sub = Subscriptions(harness.engine).get("T0001", "CSUB")
    assert (sub.local_time, sub.tz, sub.lang, sub.subscribed_by) == (
        "08:30", "Europe/London", "zh-hant", "U123")
    harness.command("subscribe", name="again", channel_id="CSUB")
    _responded(harness, "again")
    again = Subscriptions(harness.engine).get("T0001", "CSUB")
    assert again.id == sub.id and again.local_time == "09:00", "one per channel, updated"
    harness.command("subscriptions", name="list")
    assert "CSUB" in _blocks_text(_responded(harness, "list")[0]["blocks"])
    harness.command("unsubscribe", name="unsub", channel_id="CSUB")
    assert "Unsubscribed" in _responded(harness, "unsub")[0]["text"]
    assert Subscriptions(harness.engine).get("T0001", "CSUB") is None


def test_a_bad_time_zone_is_refused_with_an_example(harness: Harness) -> None:
    harness.command("subscribe 09:00 Mars/Olympus", name="badtz", channel_id="CBAD")
    reply = _responded(harness, "badtz")[0]
    assert "Mars/Olympus" in reply["text"] and "/reorg subscribe 09:00 Asia/Shanghai" in \
        reply["text"]
    assert Subscriptions(harness.engine).get("T0001", "CBAD") is None


def _button(message: dict, action: ActionId) -> dict:
    return next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == action.value)


def test_typed_more_and_the_buttons_page_one_conversation(harness: Harness) -> None:
    """Next ›, ‹ Prev and `/reorg more` move one position: typed `more` after a click shows
    the page after the one on screen, whichever button put it there."""
    harness.command("2013", name="pg1", user_id="UPAGE")
    first = _responded(harness, "pg1")[0]
    assert "Type `/reorg more` for the next 5" in first["text"], "the hint says how to type it"
    harness.post(block_action_body(ActionId.MORE.value, _button(first, ActionId.MORE)["value"],
                                   user_id="UPAGE",
                                   response_url=harness.slack.response_url("pg2")))
    assert "6–10" in _responded(harness, "pg2")[0]["text"]
    harness.command("more", name="pg3", user_id="UPAGE")
    third = _responded(harness, "pg3")[0]
    assert "11–15" in third["text"], "page 3, not page 2 again"
    harness.post(block_action_body(ActionId.PREV.value, _button(third, ActionId.PREV)["value"],
                                   user_id="UPAGE",
                                   response_url=harness.slack.response_url("back")))
    assert "6–10" in _responded(harness, "back")[0]["text"]
    harness.command("more", name="pg3again", user_id="UPAGE")
    assert "11–15" in _responded(harness, "pg3again")[0]["text"], "on from the page ‹ Prev showed"


# --- the org chart --------------------------------------------------------------------------

def test_an_org_chart_mention_answers_in_the_thread_with_its_picture(harness: Harness) -> None:
    event = app_mention_event("<@UBOT> org 2023-03-29", ts="1700000009.000100")
    assert harness.event(event, "EvOrg1") == 200
    post = harness.slack.wait_for("chat.postMessage")[0].body
    assert post["thread_ts"] == "1700000009.000100"
    assert post["blocks"][0]["type"] == "section"
    assert "29 Mar 2023" in post["blocks"][0]["text"]["text"]
    assert "Taobao and Tmall Group" in _blocks_text(post["blocks"])  # the outline is there
    done = harness.slack.wait_for("files.completeUploadExternal")[0].body
    assert done["thread_ts"] == "1700000009.000100" and done["channel_id"] == event["channel"]
    ((_, png),) = harness.slack.uploads()
    assert png.startswith(b"\x89PNG") and len(png) < 1_000_000


def test_an_org_chart_slash_command_sends_the_picture_to_a_dm(harness: Harness) -> None:
    status, _, _ = harness.command("组织架构 2023年4月", name="org")
    assert status == 200
    reply = _responded(harness, "org")[0]
    assert reply["response_type"] == "ephemeral"
    assert "2023年4月30日的阿里巴巴集团" in _blocks_text(reply["blocks"])
    opened = harness.slack.wait_for("conversations.open")[0].body
    done = harness.slack.wait_for("files.completeUploadExternal")[0].body
    assert done["channel_id"] == "D" + opened["users"]
    assert harness.slack.uploads()[0][1].startswith(b"\x89PNG")


def test_a_failed_upload_leaves_the_answer_standing(harness: Harness) -> None:
    harness.slack.respond("files.getUploadURLExternal", {"ok": False, "error": "missing_scope"})
    event = app_mention_event("<@UBOT> org 2016", ts="1700000010.000100")
    assert harness.event(event, "EvOrg2") == 200
    post = harness.slack.wait_for("chat.postMessage")[0].body
    assert "31 Dec 2016" in post["blocks"][0]["text"]["text"]
    time.sleep(0.3)
    assert len(harness.slack.calls_to("chat.postMessage")) == 1  # no apology: it answered


def test_a_chart_s_sources_button_lists_what_it_rests_on(harness: Harness) -> None:
    harness.command("org 2023-03-29", name="orgsrc")
    reply = _responded(harness, "orgsrc")[0]
    button = _button(reply, ActionId.SOURCES)
    harness.post(block_action_body(ActionId.SOURCES.value, button["value"]))
    modal = harness.slack.wait_for("views.open")[0].json_field("view")
    text = _blocks_text(modal["blocks"])
    assert "six business groups" in text.lower()  # the event of the 2023 split…
    assert "South China Morning Post" in text  # …with its sources
    assert len([b for b in modal["blocks"] if "·" in b["text"]["text"]]) >= 10  # all of them


def test_did_you_mean_buttons_run_the_name(harness: Harness) -> None:
    harness.command("Daneil Zhnag", name="dym")
    reply = _responded(harness, "dym")[0]
    assert "Nothing found" in _blocks_text(reply["blocks"])
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
               if e["action_id"].startswith(ActionId.SUGGEST.value)]
    assert buttons and buttons[0]["text"]["text"] == "Daniel Zhang"
    harness.post(block_action_body(buttons[0]["action_id"], buttons[0]["value"],
                                   response_url=harness.slack.response_url("dym2")))
    shown = _responded(harness, "dym2")[0]
    assert shown["replace_original"] is True
    assert "Daniel Zhang" in _blocks_text(shown["blocks"][:2])
