"""Slack as people use it, over real HTTP: the App Home tab and its modals, honest subscribing,
questions in DMs, the assistant panel and the message shortcut, and reporting a mistake.

Signed requests go into the real Bolt app; Slack's Web API is the loopback stand-in; the event
base is the real one, loaded into this module's own SQLite (its subscriptions and reports are
this module's alone).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot.db import make_engine, migrate
from bot.knowledge_base import load_files
from bot.reports import MistakeReports
from bot.slack_state import UserPrefs
from bot.subscriptions import Request, Subscriptions
from handlers.actions import ActionId, MenuChoice, ShortcutId, ViewId, menu_value
from handlers.home import HOME_BLOCKS, try_questions
from handlers.messages import say
from knowledge.langs import LANGS
from knowledge.stats import base_counts
from tests.mock_slack import TEAM_ID
from tests.slack_signing import (
    app_home_opened_event,
    assistant_thread_started_event,
    block_action_body,
    block_suggestion_body,
    direct_message_event,
    message_shortcut_body,
    view_submission_body,
)
from tests.test_slack_app import Harness, serving


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('home') / 'kb.sqlite3'}")
    migrate(engine)
    load_files(engine)
    return engine


@pytest.fixture(scope="module")
def harness(engine: Engine) -> Iterator[Harness]:
    with serving(engine, SLACK_BOT_TOKEN="xoxb-test") as (base, slack, _app):
        yield Harness(f"{base}/slack/events", slack, engine)


@pytest.fixture(autouse=True)
def _fresh(harness: Harness) -> Iterator[None]:
    harness.slack.reset()
    yield
    for sub in Subscriptions(harness.engine).for_team(TEAM_ID):
        Subscriptions(harness.engine).unsubscribe(TEAM_ID, sub.channel_id)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _published(harness: Harness, user: str, count: int = 1) -> list[dict]:
    """The blocks of the `count`-th Home tab published for `user` (publishes for others, left
    over from an earlier click, are passed over)."""
    seen = 1
    while True:
        mine = [c for c in harness.slack.wait_for("views.publish", seen)
                if c.body["user_id"] == user]
        if len(mine) >= count:
            return mine[count - 1].json_field("view")["blocks"]
        seen += 1


def _home(harness: Harness, user: str, count: int = 1) -> list[dict]:
    harness.event(app_home_opened_event(user=user), f"EvHome-{user}-{count}")
    return _published(harness, user, count)


def _elements(blocks: list[dict]) -> list[dict]:
    found = []
    for block in blocks:
        found += block.get("elements", []) if block["type"] == "actions" else []
        if block.get("accessory"):
            found.append(block["accessory"])
    return found


def _action(harness: Harness, action_id: str, value: str, user: str = "U123", **kw) -> str:
    status, body, _ = harness.post(block_action_body(action_id, value, user_id=user, **kw))
    assert status == 200
    return body


def _submit(harness: Harness, callback_id: str, values: dict, user: str = "U123",
            metadata: str = "en") -> dict:
    status, body, _ = harness.post(view_submission_body(callback_id, values, user_id=user,
                                                        private_metadata=metadata))
    assert status == 200
    return json.loads(body) if body else {}


def _text(value: str) -> dict:
    return {"type": "plain_text_input", "value": value}


# --- App Home -----------------------------------------------------------------------------

def test_first_open_welcomes_with_the_bases_counts_and_working_buttons(harness: Harness) -> None:
    blocks = _home(harness, "UNEW")
    assert len(blocks) <= HOME_BLOCKS
    assert blocks[0]["type"] == "header", "a welcome first, not 'Nothing on …'"
    counts = base_counts(harness.engine)
    welcome = _dump(blocks[:3])
    for number in (counts.events, counts.first_year, counts.last_year, counts.sources):
        assert str(number) in welcome, f"{number} from the base is in the welcome"
    ids = {e.get("action_id") for e in _elements(blocks)}
    assert {ActionId.ASK, ActionId.LANG, ActionId.SUBSCRIBE} <= ids
    assert {f"{ActionId.TRY}_{i}" for i in (1, 2, 3)} <= ids
    assert "1 of 1" not in _dump(blocks)
    stories = [b for b in blocks if (b.get("accessory") or {}).get("type") == "overflow"]
    assert 1 <= len(stories) <= 3, "today's one to three stories, each with its ⋯ menu"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_try_button_answers_its_question_in_a_modal(harness: Harness, number: int,
                                                         lang: str) -> None:
    question = try_questions(lang)[number - 1]
    _action(harness, f"{ActionId.TRY}_{number}", question, view_id="VHOME")
    modal = harness.slack.wait_for("views.open")[0].json_field("view")
    assert modal["type"] == "modal" and modal["callback_id"] == ViewId.ASK
    overflows = [b for b in modal["blocks"] if (b.get("accessory") or {}).get("type") ==
                 "overflow"]
    assert overflows, f"{question!r} is answered with events"


def test_the_ask_modal_answers_in_place_and_refuses_a_blank(harness: Harness) -> None:
    _action(harness, ActionId.ASK, "en", view_id="VHOME")
    form = harness.slack.wait_for("views.open")[0].json_field("view")
    assert form["callback_id"] == ViewId.ASK and form["blocks"][0]["type"] == "input"
    blank = _submit(harness, ViewId.ASK, {"question": {"text": _text("  ")}})
    assert blank["response_action"] == "errors" and "question" in blank["errors"]
    answered = _submit(harness, ViewId.ASK, {"question": {"text": _text("逍遥子")}})
    assert answered["response_action"] == "update"
    assert "张勇" in _dump(answered["view"]["blocks"])
    assert answered["view"]["blocks"][-1]["type"] == "input", "room for the next question"
    more = next(e for e in _elements(answered["view"]["blocks"])
                if e.get("action_id") == ActionId.MORE)
    assert all(e.get("action_id") != ActionId.SHARE for e in _elements(
        answered["view"]["blocks"])), "no channel to share into from a modal"
    _action(harness, ActionId.MORE, more["value"], view_id="VANSWER", view_type="modal")
    updated = harness.slack.wait_for("views.update")[0]
    assert updated.body["view_id"] == "VANSWER"
    assert "6–10" in _dump(updated.json_field("view")["blocks"])


def test_the_language_select_stores_the_users_language(harness: Harness) -> None:
    _action(harness, ActionId.LANG, "zh-hant", user="ULANG2", view_id="VHOME",
            element="static_select")
    blocks = _published(harness, "ULANG2")
    assert "阿里組織史" in _dump(blocks), "Home republished in Traditional Chinese"
    assert UserPrefs(harness.engine).lang(TEAM_ID, "ULANG2") == "zh-hant"
    _action(harness, ActionId.LANG, "klingon", user="ULANG2", view_id="VHOME",
            element="static_select")
    _home(harness, "ULANG2", 2)
    assert UserPrefs(harness.engine).lang(TEAM_ID, "ULANG2") == "zh-hant", "bad input: no change"


def _subscribe(engine: Engine, channel: str, user: str) -> int:
    return Subscriptions(engine).subscribe(TEAM_ID, channel, user,
                                           Request("09:00", "Asia/Shanghai", "en")).id


def test_members_see_their_own_subscriptions_and_admins_see_all(harness: Harness) -> None:
    mine, theirs = _subscribe(harness.engine, "CMINE", "UA"), _subscribe(harness.engine,
                                                                       "CTHEIRS", "UB")
    blocks = _home(harness, "UA")
    values = {e.get("value") for e in _elements(blocks) if e.get("action_id") == ActionId.PAUSE}
    assert values == {str(mine)} and "CTHEIRS" not in _dump(blocks)
    _action(harness, ActionId.PAUSE, str(theirs), user="UA", view_id="VHOME")
    _home(harness, "UA", 2)  # the click above has been handled when this arrives
    assert Subscriptions(harness.engine).by_id(theirs).state == "active", "not UA's to pause"
    assert not harness.slack.calls_to("chat.postMessage")

    harness.slack.users["UADM"] = {"is_admin": True}
    admin = _dump(_home(harness, "UADM"))
    assert "CMINE" in admin and "CTHEIRS" in admin and "<@UB>" in admin
    _action(harness, ActionId.PAUSE, str(theirs), user="UADM", view_id="VHOME")
    notice = harness.slack.wait_for("chat.postMessage")[0].body
    assert notice["channel"] == "CTHEIRS" and "<@UADM>" in notice["text"]
    assert Subscriptions(harness.engine).by_id(theirs).state == "paused"
    _published(harness, "UADM", 2)  # the tab is republished after the pause


def test_a_long_list_says_how_many_more_instead_of_cutting_the_tab(harness: Harness) -> None:
    for i in range(25):
        _subscribe(harness.engine, f"CLONG{i:02d}", "ULONG")
    blocks = _home(harness, "ULONG")
    assert len(blocks) <= HOME_BLOCKS
    assert "15 more" in _dump(blocks) and "/reorg subscriptions" in _dump(blocks)
    harness.command("subscriptions", name="all", user_id="ULONG")
    listed = harness.slack.wait_for("response:all")[0].body
    assert len(re.findall(r"<#CLONG\d\d>", _dump(listed["blocks"]))) == 25


def test_a_paused_digest_says_why_in_words(harness: Harness) -> None:
    ident = _subscribe(harness.engine, "CGONE", "UWHY")
    Subscriptions(harness.engine).set_state(ident, "paused", "not_in_channel")
    text = _dump(_home(harness, "UWHY"))
    assert "not_in_channel" not in text and "I'm not in <#CGONE> any more" in text


# --- subscribing honestly -------------------------------------------------------------------

@pytest.mark.parametrize("told, words", [
    ({"is_member": False}, "/invite @Reorg Historian"),
    ({"error": "channel_not_found"}, "/invite @Reorg Historian"),
    ({"is_archived": True}, "archived"),
])
def test_no_subscription_where_the_bot_cannot_post(harness: Harness, told: dict,
                                                    words: str) -> None:
    harness.slack.channels["CNOPE"] = told
    harness.command("subscribe 08:00", name="nope", channel_id="CNOPE")
    reply = harness.slack.wait_for("response:nope")[0].body
    assert words in reply["text"] and "Subscribed" not in reply["text"]
    assert Subscriptions(harness.engine).get(TEAM_ID, "CNOPE") is None
    assert not harness.slack.calls_to("chat.postMessage"), "no notice, nothing to say"


def test_the_channel_hears_when_a_digest_is_set_up_and_stopped(harness: Harness) -> None:
    harness.command("subscribe 07:45 Europe/London", name="yes", channel_id="CYES")
    assert "07:45" in harness.slack.wait_for("response:yes")[0].body["text"]
    notice = harness.slack.wait_for("chat.postMessage")[0].body
    assert notice["channel"] == "CYES" and "<@U123>" in notice["text"]
    assert "07:45" in notice["text"] and "/reorg unsubscribe" in notice["text"]
    harness.command("unsubscribe", name="stop", channel_id="CYES")
    harness.slack.wait_for("response:stop")
    stopped = harness.slack.wait_for("chat.postMessage", 2)[1].body
    assert stopped["channel"] == "CYES" and "stopped" in stopped["text"]


def test_the_home_subscribe_modal_checks_the_channel_then_subscribes(harness: Harness) -> None:
    _action(harness, ActionId.SUBSCRIBE, "en", view_id="VHOME")
    form = harness.slack.wait_for("views.open")[0].json_field("view")
    assert form["callback_id"] == ViewId.SUBSCRIBE
    zone = next(b for b in form["blocks"] if b.get("block_id") == "zone")["element"]
    assert zone["initial_option"]["value"] == "America/Los_Angeles", "the user's own zone"
    status, body, _ = harness.post(block_suggestion_body(ActionId.ZONE, "shang", "zone"))
    assert status == 200 and "Asia/Shanghai" in body

    def values(channel: str) -> dict:
        return {"channel": {"value": {"type": "conversations_select",
                                      "selected_conversation": channel}},
                "time": {"value": {"type": "timepicker", "selected_time": "08:15"}},
                "zone": {ActionId.ZONE.value: {"type": "external_select", "selected_option": {
                    "value": "Asia/Shanghai", "text": {"type": "plain_text", "text": "x"}}}},
                "lang": {"value": {"type": "static_select", "selected_option": {
                    "value": "zh-hans", "text": {"type": "plain_text", "text": "x"}}}}}

    harness.slack.channels["CPRIV"] = {"error": "channel_not_found"}
    refused = _submit(harness, ViewId.SUBSCRIBE, values("CPRIV"))
    assert refused["response_action"] == "errors"
    assert "/invite @Reorg Historian" in refused["errors"]["channel"]
    assert Subscriptions(harness.engine).get(TEAM_ID, "CPRIV") is None
    assert _submit(harness, ViewId.SUBSCRIBE, values("CFORM")) == {}, "the modal closes"
    sub = Subscriptions(harness.engine).get(TEAM_ID, "CFORM")
    assert (sub.local_time, sub.tz, sub.lang, sub.subscribed_by) == (
        "08:15", "Asia/Shanghai", "zh-hans", "U123")
    notice = harness.slack.wait_for("chat.postMessage")[0].body
    assert notice["channel"] == "CFORM" and "08:15" in notice["text"]
    assert "CFORM" in _dump(_published(harness, "U123"))


# --- reporting a mistake --------------------------------------------------------------------

def _report_menu(blocks: list[dict]) -> dict:
    """The first event's ⋯ menu, with only its "Report a mistake" option."""
    menu = next(b["accessory"] for b in blocks
                if (b.get("accessory") or {}).get("action_id") == ActionId.EVENT_MENU)
    return {**menu, "options": [o for o in menu["options"]
                                if o["value"].startswith(MenuChoice.REPORT)]}


def test_a_mistake_is_reported_stored_and_thanked(harness: Harness) -> None:
    harness.command("逍遥子", name="rep", user_id="UREP")
    answer = harness.slack.wait_for("response:rep")[0].body
    option = _report_menu(answer["blocks"])["options"][0]
    assert option["text"]["text"] == say("menu_report", "zh-hans")
    _action(harness, ActionId.EVENT_MENU, option["value"], user="UREP", element="overflow")
    form = harness.slack.wait_for("views.open")[0].json_field("view")
    assert form["callback_id"] == ViewId.REPORT
    metadata = form["private_metadata"]
    event_id = json.loads(metadata)["event"]
    blank = _submit(harness, ViewId.REPORT, {"what": {"text": _text(" ")}}, "UREP", metadata)
    assert blank["response_action"] == "errors"
    before = len(MistakeReports(harness.engine).listed())
    done = _submit(harness, ViewId.REPORT, {"what": {"text": _text("The year is wrong")},
                                            "source": {"text": _text("https://example.org")}},
                   "UREP", metadata)
    assert done == {}
    stored = MistakeReports(harness.engine).listed()[-1]
    assert len(MistakeReports(harness.engine).listed()) == before + 1
    assert (stored.team_id, stored.user_id, stored.event_id, stored.what, stored.source) == (
        TEAM_ID, "UREP", event_id, "The year is wrong", "https://example.org")
    thanks = harness.slack.wait_for("chat.postMessage")[0].body
    assert thanks["channel"] == "UREP" and f"#{stored.id}" in thanks["text"]


def test_a_report_about_no_such_event_is_refused(harness: Harness) -> None:
    before = len(MistakeReports(harness.engine).listed())
    refused = _submit(harness, ViewId.REPORT, {"what": {"text": _text("wrong")}}, "UREP",
                      json.dumps({"event": "no-such-event", "lang": "en"}))
    assert refused["response_action"] == "errors"
    assert len(MistakeReports(harness.engine).listed()) == before
    _action(harness, ActionId.EVENT_MENU, menu_value(MenuChoice.REPORT, "no-such-event"),
            element="overflow")
    _home(harness, "UAFTER")
    assert not harness.slack.calls_to("views.open"), "nothing to report about"


def test_reporting_from_an_answer_modal_pushes_the_report_over_it(harness: Harness) -> None:
    answered = _submit(harness, ViewId.ASK, {"question": {"text": _text("Jack Ma")}})
    option = _report_menu(answered["view"]["blocks"])["options"][0]
    _action(harness, ActionId.EVENT_MENU, option["value"], view_id="VANSWER",
            view_type="modal", element="overflow")
    assert harness.slack.wait_for("views.push")[0].json_field("view")["callback_id"] == \
        ViewId.REPORT


# --- DMs, the assistant panel, the message shortcut ----------------------------------------

def test_a_question_in_the_messages_tab_is_answered_there(harness: Harness) -> None:
    assert harness.event(direct_message_event("逍遥子", ts="1700000100.000001"), "EvDm1") == 200
    first = harness.slack.wait_for("chat.postMessage")[0].body
    assert first["channel"] == "D123" and "thread_ts" not in first
    assert "张勇" in _dump(first["blocks"])
    harness.event(direct_message_event("更多", ts="1700000100.000002"), "EvDm2")
    second = harness.slack.wait_for("chat.postMessage", 2)[1].body
    assert "6–10" in second["text"], "`more` in the DM pages on"
    harness.event(direct_message_event("逍遥子", ts="1700000100.000001"), "EvDm1", retry=1)
    own = {**direct_message_event("echo", ts="1700000100.000003"), "bot_id": "B0001"}
    harness.event(own, "EvDmOwn")
    edited = {**direct_message_event("x", ts="1700000100.000004"), "subtype": "message_changed"}
    harness.event(edited, "EvDmEdit")
    harness.event(direct_message_event("2013", ts="1700000100.000005"), "EvDm3")
    posts = harness.slack.wait_for("chat.postMessage", 3)
    assert "2013" in _dump(posts[2].body["blocks"]), "retries and bot messages got no answer"
    with pytest.raises(AssertionError):
        harness.slack.wait_for("chat.postMessage", 4, timeout=0.2)


def test_the_assistant_panel_greets_suggests_and_answers(harness: Harness) -> None:
    thread = "1700000200.000001"
    harness.event(assistant_thread_started_event(thread_ts=thread), "EvAsst1")
    greeting = harness.slack.wait_for("chat.postMessage")[0].body
    assert greeting["thread_ts"] == thread
    prompts = harness.slack.wait_for("assistant.threads.setSuggestedPrompts")[0]
    assert [p["message"] for p in prompts.json_field("prompts")] == try_questions("en")
    harness.event(direct_message_event("Jack Ma", ts="1700000200.000002", thread_ts=thread),
                  "EvAsst2")
    status = harness.slack.wait_for("assistant.threads.setStatus")[0].body
    assert status["thread_ts"] == thread and status["status"]
    answer = harness.slack.wait_for("chat.postMessage", 2)[1].body
    assert answer["thread_ts"] == thread and "Jack Ma" in _dump(answer["blocks"])


def test_the_assistant_answers_on_plans_without_its_status(harness: Harness) -> None:
    harness.slack.respond("assistant.threads.setStatus", {"ok": False, "error": "not_allowed"})
    thread = "1700000300.000001"
    harness.event(direct_message_event("Jack Ma", ts="1700000300.000002", thread_ts=thread),
                  "EvAsstNo")
    answer = harness.slack.wait_for("chat.postMessage")[0].body
    assert answer["thread_ts"] == thread and "Jack Ma" in _dump(answer["blocks"])


def test_the_message_shortcut_reads_names_and_dates(harness: Harness) -> None:
    body = message_shortcut_body("Great news: Daniel Zhang will become chairman in "
                                 "September 2015, as announced", ShortcutId.ASK_MESSAGE,
                                 response_url=harness.slack.response_url("sc"))
    assert harness.post(body)[0] == 200
    reply = harness.slack.wait_for("response:sc")[0].body
    assert reply["response_type"] == "ephemeral"
    shown = _dump(reply["blocks"])
    assert "Daniel Zhang 2015-09" in shown and "2015-09-09" in shown
    nothing = message_shortcut_body("Lunch at 12:30 with the team?", ShortcutId.ASK_MESSAGE,
                                    response_url=harness.slack.response_url("sc0"))
    harness.post(nothing)
    assert "I found no person" in harness.slack.wait_for("response:sc0")[0].body["text"]


def test_an_unknown_shortcut_is_not_handled(harness: Harness) -> None:
    assert harness.post(message_shortcut_body("x", "someone_elses_shortcut"))[0] == 404
    assert not harness.slack.calls


def test_the_org_of_any_day_from_home_in_a_modal_with_its_picture(harness: Harness) -> None:
    blocks = _home(harness, "UORG")
    ids = {e.get("action_id") for e in _elements(blocks)}
    assert {ActionId.ORG_TODAY, ActionId.ORG_DATE} <= ids
    _action(harness, ActionId.ORG_DATE, "2023-03-29", user="UORG", view_id="VHOME",
            element="datepicker")
    modal = harness.slack.wait_for("views.open")[0].json_field("view")
    first = modal["blocks"][0]["text"]["text"]
    assert "29 Mar 2023" in first, first
    assert "Taobao and Tmall Group" in _dump(modal["blocks"])
    done = harness.slack.wait_for("files.completeUploadExternal")[0].body
    assert done["channel_id"] == "DUORG"
    assert harness.slack.uploads()[0][1].startswith(b"\x89PNG")
