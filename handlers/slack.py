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

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.conversation import Conversation
from bot.delivery import DeliveryLedger
from bot.slack_state import EventReceipts, ThreadMemory, UserPrefs
from bot.subscriptions import SubscriptionError, Subscriptions, parse_request
from handlers.actions import ActionId, decode_query
from handlers.blocks import (
    answer_message,
    digest_message,
    escape,
    home_view,
    shared_by,
    subscription_blocks,
)
from handlers.messages import LANG_NAMES, say
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
# Set by a middleware that runs only after Bolt's own checks passed: the error handler never
# answers a request that was not (a response_url from an unverified body is anyone's URL).
VERIFIED = "reorg_request_verified"


@dataclass
class Services:
    """What the listeners need, built once by bot.slack_app."""

    historian: Historian
    engine: Engine
    prefs: UserPrefs
    receipts: EventReceipts
    subscriptions: Subscriptions
    ledger: DeliveryLedger
    default_tz: str
    today: Callable[[], dt.date]


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
        intent = parse_intent(text)
        if intent.kind in DIGEST_INTENTS:
            lang = services.prefs.lang(team, user) or language_of(text)
            respond(response_type="ephemeral", **digest_command(
                intent.kind, intent.text, team, command.get("channel_id", ""), user, lang))
            return
        chat = conversation(team, command.get("channel_id", ""), f"slash:{user}", user)
        answer = chat.ask(text, today=services.today())
        remember_lang(answer, team, user)
        respond(response_type="ephemeral", **answer_message(answer, buttons=True))

    def on_mention(body: dict, event: dict, client: WebClient) -> None:
        if not services.receipts.first_time(body.get("event_id", ""), body.get("team_id")):
            return  # a retry, or another replica already answered
        team, user, channel = body.get("team_id", ""), event.get("user", ""), event["channel"]
        thread = event.get("thread_ts") or event["ts"]
        text = clean_mention(event.get("text", ""))
        intent = parse_intent(text)
        if intent.kind in DIGEST_INTENTS:
            lang = services.prefs.lang(team, user) or language_of(text)
            answer_args = digest_command(intent.kind, intent.text, team, channel, user, lang)
        else:
            answer = conversation(team, channel, thread, user).ask(text, today=services.today())
            remember_lang(answer, team, user)
            answer_args = answer_message(answer, buttons=False)
        client.chat_postMessage(channel=channel, thread_ts=thread, unfurl_links=False,
                                unfurl_media=False, **answer_args)

    def on_home(body: dict, event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        lang = services.prefs.lang(body.get("team_id", ""), event["user"])
        publish_home(client, body.get("team_id", ""), event["user"], lang)

    def publish_home(client: WebClient, team: str, user: str, lang: str | None) -> None:
        today = services.historian.digest(services.today(), lang or "en")
        label = LANG_NAMES[lang] if lang else say("lang_auto", "en")
        view = home_view(today, label, services.subscriptions.for_team(team))
        client.views_publish(user_id=user, view=view)

    def digest_command(kind: str, text: str, team: str, channel: str, user: str,
                       lang: str) -> dict:
        """subscribe / unsubscribe / subscriptions, answered as message arguments."""
        if kind == "subscriptions":
            found = services.subscriptions.for_team(team)
            blocks = subscription_blocks(found, lang, buttons=False)
            return {"blocks": blocks, "text": say("subscriptions_title", lang)}
        if kind == "unsubscribe":
            done = services.subscriptions.unsubscribe(team, channel)
            return {"text": say("unsubscribed" if done else "not_subscribed", lang)}
        try:
            request = parse_request(text, services.default_tz, lang)
        except SubscriptionError as err:
            return {"text": escape(say("subscription_error", lang, error=str(err)))}
        sub = services.subscriptions.subscribe(team, channel, user, request)
        services.ledger.forget_failures(sub.id)
        return {"text": say("subscribed", lang, time=sub.local_time, tz=sub.tz,
                            lang=LANG_NAMES[sub.lang])}

    def on_subscription_button(ack: Ack, action: dict, body: dict, client: WebClient) -> None:
        ack()
        team, user = body.get("team", {}).get("id", ""), body.get("user", {}).get("id", "")
        sub = services.subscriptions.by_id(int(action.get("value", "0") or 0))
        if sub is None or sub.team_id != team:
            return
        if action["action_id"] == ActionId.PREVIEW.value:
            digest = digest_message(services.historian.digest(services.today(), sub.lang))
            client.views_open(trigger_id=body["trigger_id"], view={
                "type": "modal", "title": {"type": "plain_text", "text": "Digest preview"},
                "blocks": digest["blocks"][:100]})
            return
        if action["action_id"] == ActionId.PAUSE.value:
            services.subscriptions.set_state(sub.id, "paused", f"paused by <@{user}>")
        else:
            services.ledger.forget_failures(sub.id)
            services.subscriptions.set_state(sub.id, "active")
        publish_home(client, team, user, services.prefs.lang(team, user))

    def on_more(ack: Ack, action: dict, respond: Respond) -> None:
        ack()
        query = decode_query(action.get("value", ""))
        if query is None:
            return
        text, lang, page = query
        answer = services.historian.answer(text, lang=lang, page=page + 1,
                                           today=services.today())
        respond(replace_original=True, **answer_message(answer, buttons=True))

    def on_share(ack: Ack, action: dict, body: dict, respond: Respond) -> None:
        ack()
        query = decode_query(action.get("value", ""))
        user = body.get("user", {}).get("id", "")
        if query is None or not _USER_ID.match(user):
            return
        text, lang, page = query
        answer = services.historian.answer(text, lang=lang, page=page, today=services.today())
        shared = answer_message(answer, buttons=False)
        respond(response_type="in_channel", replace_original=False, text=shared["text"],
                blocks=shared_by(shared["blocks"], user, lang))

    def mark_verified(context: BoltContext, next: Callable[[], None]) -> None:
        context[VERIFIED] = True
        next()

    def on_error(error: Exception, body: dict, context: BoltContext, respond: Respond) -> None:
        """One place for failures: the log gets the traceback, the user a reference id."""
        ref = uuid.uuid4().hex[:8]
        log.error("listener failed (ref %s)", ref, exc_info=error)
        if context.get(VERIFIED) and isinstance(body, dict) and body.get("response_url"):
            try:
                respond(text=say("error", "en", ref=ref), response_type="ephemeral")
            except Exception:  # the apology itself failed: the log already has the cause
                log.warning("could not tell the user about ref %s", ref)

    routes = {
        app.command: {"/reorg": on_command},
        app.event: {"app_mention": on_mention, "app_home_opened": on_home},
        app.action: {ActionId.MORE.value: on_more, ActionId.SHARE.value: on_share,
                     ActionId.PAUSE.value: on_subscription_button,
                     ActionId.RESUME.value: on_subscription_button,
                     ActionId.PREVIEW.value: on_subscription_button},
    }
    assert tuple(routes[app.command]) == COMMANDS and tuple(routes[app.event]) == EVENTS
    assert tuple(routes[app.action]) == ACTIONS
    app.use(mark_verified)
    for kind, table in routes.items():
        for name, listener in table.items():
            kind(name)(listener)
    app.error(on_error)


def clean_mention(text: str) -> str:
    """A mention's text without the bot's own mention, cleaned like any query."""
    return clean_input(_MENTION.sub(" ", text))
