"""Slack listeners: payload → query → answer → Block Kit. The route table is `register`.

Every listener acknowledges first (Slack wants a reply within 3 seconds) and then does the
work; answers to slash commands go through `respond` (the response_url), so they work in
private channels and DMs the bot is not in.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.conversation import Conversation
from bot.slack_state import EventReceipts, ThreadMemory, UserPrefs
from handlers.actions import ActionId, decode_query
from handlers.blocks import escape, home_view, render_blocks, shared_by
from handlers.messages import LANG_NAMES, say
from handlers.text import render_text
from knowledge.answer import Answer
from knowledge.historian import Historian, language_of
from knowledge.intent import parse_intent
from knowledge.text import clean_input

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
DIGEST_INTENTS = ("subscribe", "unsubscribe", "subscriptions")
# The route table, by kind; app.yaml must declare each (a test holds them together).
COMMANDS = ("/reorg",)
EVENTS = ("app_mention", "app_home_opened")
ACTIONS = tuple(a.value for a in ActionId)


@dataclass
class Services:
    """What the listeners need, built once by bot.slack_app."""

    historian: Historian
    engine: Engine
    prefs: UserPrefs
    receipts: EventReceipts
    today: Callable[[], dt.date]


def message(answer: Answer, *, buttons: bool) -> dict:
    """chat.postMessage / respond arguments for an answer; the fallback text is escaped too."""
    return {"blocks": render_blocks(answer, buttons=buttons),
            "text": escape(render_text(answer))[:3000]}


def register(app: App, services: Services) -> None:
    """The whole route table."""

    def conversation(team: str, channel: str, thread: str, user: str) -> Conversation:
        memory = ThreadMemory(services.engine, team, channel, thread)
        return Conversation(services.historian, memory, services.prefs.lang(team, user))

    def remember_lang(answer: Answer, team: str, user: str) -> None:
        if answer.intent == "lang" and answer.note == "lang_set":
            services.prefs.set_lang(team, user, answer.lang)

    def on_command(ack: Ack, command: dict, respond: Respond) -> None:
        ack()
        team, user = command.get("team_id", ""), command.get("user_id", "")
        text = clean_input(command.get("text", ""))
        if parse_intent(text).kind in DIGEST_INTENTS:
            respond(text=say("digests_soon", services.prefs.lang(team, user) or "en"),
                    response_type="ephemeral")
            return
        chat = conversation(team, command.get("channel_id", ""), f"slash:{user}", user)
        answer = chat.ask(text, today=services.today())
        remember_lang(answer, team, user)
        respond(response_type="ephemeral", **message(answer, buttons=True))

    def on_mention(body: dict, event: dict, client: WebClient) -> None:
        if not services.receipts.first_time(body.get("event_id", ""), body.get("team_id")):
            return  # a retry, or another replica already answered
        team, user, channel = body.get("team_id", ""), event.get("user", ""), event["channel"]
        thread = event.get("thread_ts") or event["ts"]
        text = clean_mention(event.get("text", ""))
        if parse_intent(text).kind in DIGEST_INTENTS:
            answer_args = {"text": say("digests_soon", language_of(text))}
        else:
            answer = conversation(team, channel, thread, user).ask(text, today=services.today())
            remember_lang(answer, team, user)
            answer_args = message(answer, buttons=False)
        client.chat_postMessage(channel=channel, thread_ts=thread, unfurl_links=False,
                                unfurl_media=False, **answer_args)

    def on_home(body: dict, event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        lang = services.prefs.lang(body.get("team_id", ""), event["user"])
        today = services.historian.digest(services.today(), lang or "en")
        label = LANG_NAMES[lang] if lang else say("lang_auto", "en")
        client.views_publish(user_id=event["user"], view=home_view(today, label))

    def on_more(ack: Ack, action: dict, respond: Respond) -> None:
        ack()
        query = decode_query(action.get("value", ""))
        if query is None:
            return
        text, lang, page = query
        answer = services.historian.answer(text, lang=lang, page=page + 1,
                                           today=services.today())
        respond(replace_original=True, **message(answer, buttons=True))

    def on_share(ack: Ack, action: dict, body: dict, respond: Respond) -> None:
        ack()
        query = decode_query(action.get("value", ""))
        user = body.get("user", {}).get("id", "")
        if query is None or not _USER_ID.match(user):
            return
        text, lang, page = query
        answer = services.historian.answer(text, lang=lang, page=page, today=services.today())
        shared = message(answer, buttons=False)
        respond(response_type="in_channel", replace_original=False, text=shared["text"],
                blocks=shared_by(shared["blocks"], user, lang))

    def on_error(error: Exception, body: dict, respond: Respond) -> None:
        """One place for failures: the log gets the traceback, the user a reference id."""
        ref = uuid.uuid4().hex[:8]
        log.error("listener failed (ref %s)", ref, exc_info=error)
        if isinstance(body, dict) and body.get("response_url"):
            try:
                respond(text=say("error", "en", ref=ref), response_type="ephemeral")
            except Exception:  # the apology itself failed: the log already has the cause
                log.warning("could not tell the user about ref %s", ref)

    routes = {
        app.command: {"/reorg": on_command},
        app.event: {"app_mention": on_mention, "app_home_opened": on_home},
        app.action: {ActionId.MORE.value: on_more, ActionId.SHARE.value: on_share},
    }
    assert tuple(routes[app.command]) == COMMANDS and tuple(routes[app.event]) == EVENTS
    assert tuple(routes[app.action]) == ACTIONS
    for kind, table in routes.items():
        for name, listener in table.items():
            kind(name)(listener)
    app.error(on_error)


def clean_mention(text: str) -> str:
    """A mention's text without the bot's own mention, cleaned like any query."""
    return clean_input(_MENTION.sub(" ", text))
