"""Slack listeners: payload → the conversation service → Block Kit. The route table is `register`.

Each listener is a module-level function of a few lines, importable and testable on its own:
ack first (Slack wants a reply within 3 seconds), call the service (`context["chat"]`, put
there by `register`), respond with a builder's output. Answers to slash commands go through
`respond` (the response_url), so they work in private channels and DMs the bot is not in.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.actions import ActionId, decode_query
from handlers.blocks import home_view, preview_modal, reply_message, shared_by
from handlers.messages import say
from handlers.replies import ChatService, Place

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def slash_place(team: str, channel: str, user: str) -> Place:
    """A user's slash-command answers and their buttons share one memory per channel."""
    return Place(team, channel, f"slash:{user}", user)


def on_command(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    place = slash_place(command.get("team_id", ""), command.get("channel_id", ""),
                        command.get("user_id", ""))
    reply = context["chat"].ask(place, command.get("text", ""))
    respond(response_type="ephemeral", **reply_message(reply, buttons=True))


def on_mention(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    chat: ChatService = context["chat"]
    event_id = body.get("event_id", "")
    if not chat.first_time(event_id, body.get("team_id")):
        return  # a retry, or another replica already answered
    thread = event.get("thread_ts") or event["ts"]
    place = Place(body.get("team_id", ""), event["channel"], thread, event.get("user", ""))
    try:
        reply = chat.ask(place, _MENTION.sub(" ", event.get("text", "")))
        client.chat_postMessage(channel=event["channel"], thread_ts=thread, unfurl_links=False,
                                unfurl_media=False, **reply_message(reply))
    except Exception as error:
        chat.not_answered(event_id)
        ref = uuid.uuid4().hex[:8]
        log.error("mention %s failed (ref %s)", event_id, ref, exc_info=error)
        try:  # the apology goes where the question was asked
            client.chat_postMessage(channel=event["channel"], thread_ts=thread,
                                    text=say("error", chat.user_lang(place), ref=ref))
        except Exception:  # the Web API is down: the log has it, Slack's retry may succeed
            log.warning("could not apologise in the thread for ref %s", ref)


def on_home(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") == "home":
        place = Place(body.get("team_id", ""), user=event["user"])
        client.views_publish(user_id=event["user"], view=home_view(context["chat"].home(place)))


def on_more(ack: Ack, action: dict, body: dict, respond: Respond,
            context: BoltContext) -> None:
    ack()
    query = decode_query(action.get("value", ""))
    if query is not None:
        answer = context["chat"].more(_button_place(body), *query)
        respond(replace_original=True, **reply_message(answer, buttons=True))


def on_share(ack: Ack, action: dict, body: dict, respond: Respond,
             context: BoltContext) -> None:
    ack()
    query = decode_query(action.get("value", ""))
    user = body.get("user", {}).get("id", "")
    if query is None or not _USER_ID.match(user):
        return
    shared = reply_message(context["chat"].page(*query))
    respond(response_type="in_channel", replace_original=False, text=shared["text"],
            blocks=shared_by(shared["blocks"], user, query[1]))


def on_subscription_button(ack: Ack, action: dict, body: dict, client: WebClient,
                           context: BoltContext) -> None:
    ack()
    chat: ChatService = context["chat"]
    place, ident = _button_place(body), int(action.get("value", "0") or 0)
    if action["action_id"] == ActionId.PREVIEW.value:
        digest = chat.preview(place, ident)
        if digest is not None:
            client.views_open(trigger_id=body["trigger_id"],
                              view=preview_modal(digest, chat.user_lang(place)))
        return
    toggle = chat.pause if action["action_id"] == ActionId.PAUSE.value else chat.resume
    if toggle(place, ident):
        client.views_publish(user_id=place.user, view=home_view(chat.home(place)))


def on_error(error: Exception, body: dict, context: BoltContext, respond: Respond) -> None:
    """One place for failures: the log gets the traceback, the user a reference id.

    Only a request that passed Bolt's checks is answered: `chat` is put in the context by a
    middleware that runs after them, and a response_url from an unverified body is anyone's.
    """
    ref = uuid.uuid4().hex[:8]
    log.error("listener failed (ref %s)", ref, exc_info=error)
    if "chat" in context and isinstance(body, dict) and body.get("response_url"):
        try:
            respond(text=say("error", "en", ref=ref), response_type="ephemeral")
        except Exception:  # the apology itself failed: the log already has the cause
            log.warning("could not tell the user about ref %s", ref)


def _button_place(body: dict) -> Place:
    team, user = body.get("team", {}).get("id", ""), body.get("user", {}).get("id", "")
    channel = (body.get("channel") or {}).get("id", "")
    return slash_place(team, channel, user)


# The route table, by kind; app.yaml must declare each (a test holds them together).
COMMANDS: dict[str, Callable] = {"/reorg": on_command}
EVENTS: dict[str, Callable] = {"app_mention": on_mention, "app_home_opened": on_home}
ACTIONS: dict[str, Callable] = {
    ActionId.MORE.value: on_more, ActionId.SHARE.value: on_share,
    ActionId.PAUSE.value: on_subscription_button, ActionId.RESUME.value: on_subscription_button,
    ActionId.PREVIEW.value: on_subscription_button,
}


def register(app: App, chat: ChatService) -> None:
    """The whole route table; every listener finds the service in `context["chat"]`."""

    def with_chat(context: BoltContext, next: Callable[[], None]) -> None:
        context["chat"] = chat
        next()

    app.use(with_chat)
    for kind, table in ((app.command, COMMANDS), (app.event, EVENTS), (app.action, ACTIONS)):
        for name, listener in table.items():
            kind(name)(listener)
    app.error(on_error)
