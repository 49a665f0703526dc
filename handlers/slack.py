"""Slack listeners: payload → the conversation service → Block Kit. The route table is `register`.

Each listener is a module-level function of a few lines, importable and testable on its own:
ack first (Slack wants a reply within 3 seconds), call the service (`context["chat"]`, put
there by `register`), respond with a builder's output. Answers to slash commands go through
`respond` (the response_url), so they work in private channels and DMs the bot is not in.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable

from slack_bolt import Ack, App, Assistant, BoltContext, Respond, SetStatus
from slack_bolt.context.set_suggested_prompts import SetSuggestedPrompts
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from handlers.actions import (
    ActionId,
    MenuChoice,
    ShortcutId,
    Shown,
    ViewId,
    decode_query,
    menu_choice,
)
from handlers.blocks import (
    MAX_SUGGESTIONS,
    reply_message,
    roles_modal,
    shared_message,
    sources_modal,
)
from handlers.digest_blocks import preview_modal
from handlers.home import (
    CHANNEL,
    LANG,
    QUESTION,
    SOURCE,
    TIME,
    TRY_KEYS,
    WHAT,
    ZONE,
    Submitted,
    answer_modal,
    ask_modal,
    home_view,
    notice_subscribed,
    report_modal,
    subscribe_modal,
    try_questions,
    zone_options,
)
from handlers.messages import say, why_not_subscribed
from handlers.org import lead_sentence, picture_name
from handlers.picture import org_picture
from handlers.render import Surface
from handlers.replies import ChatService, DigestReply, Place, Reply
from handlers.sentence import human_date
from knowledge.answer import Answer
from knowledge.intent import Intent

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
DM_THREAD = "dm"  # the memory of top-level messages in a DM: `more` goes on across them


def slash_place(team: str, channel: str, user: str) -> Place:
    """A user's slash-command answers and their buttons share one memory per channel."""
    return Place(team, channel, f"slash:{user}", user)


def home_place(body: dict) -> Place:
    """Questions asked from the Home tab and its modals share one memory per user."""
    team, user = body.get("team", {}).get("id", ""), body.get("user", {}).get("id", "")
    return Place(team, "", f"home:{user}", user)


# --- conversations: the slash command, mentions, DMs, the assistant, the shortcut ------------

def on_command(ack: Ack, command: dict, respond: Respond, client: WebClient,
               context: BoltContext) -> None:
    ack()
    place = slash_place(command.get("team_id", ""), command.get("channel_id", ""),
                        command.get("user_id", ""))
    reply = context["chat"].ask(place, command.get("text", ""))
    respond(response_type="ephemeral", **reply_message(reply, Surface.EPHEMERAL))
    if isinstance(reply, DigestReply):
        _announce(client, place, reply)
    elif isinstance(reply, Answer) and reply.chart is not None and place.user:
        # An ephemeral message cannot carry a file: the picture goes to the asker's DM.
        send_picture(client, reply, _dm(client, place.user), None)


def send_picture(client: WebClient, answer: Answer, channel: str, thread_ts: str | None) -> None:
    """The chart's picture beside its outline (best effort: the outline already answered)."""
    try:
        client.files_upload_v2(channel=channel, thread_ts=thread_ts,
                               file=org_picture(answer), filename=picture_name(answer),
                               title=say("org_picture", answer.lang, day=human_date(
                                   answer.when, answer.lang)),
                               alt_txt=(lead_sentence(answer) or "")[:1000])
    except (SlackClientError, OSError) as error:  # the Web API refused, or is unreachable
        log.warning("could not upload the chart picture to %s: %s", channel, error)


def _announce(client: WebClient, place: Place, reply: DigestReply) -> None:
    """The channel learns that it has a digest, or no longer has one."""
    if reply.intent is Intent.SUBSCRIBE and reply.subscription is not None:
        _notice(client, place.channel, notice_subscribed(reply.subscription, place.user))
    elif reply.intent is Intent.UNSUBSCRIBE and reply.done:
        _notice(client, place.channel, say("notice_unsubscribed", reply.lang,
                                           user=f"<@{place.user}>"))


def _notice(client: WebClient, channel: str, text: str) -> None:
    try:
        client.chat_postMessage(channel=channel, text=text)
    except (SlackClientError, OSError) as err:  # the change stands; only the notice is lost
        log.warning("could not post a notice in %s: %s", channel, err)


def on_mention(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    thread = event.get("thread_ts") or event["ts"]
    _answer_event(body, event, client, context["chat"], thread, thread, Surface.THREAD)


def on_message(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    """A message typed to the bot without a mention: anything in its Messages tab, and in a
    channel a reply in a thread it answered (`more`, `sources`, "who ran it after that?").
    Every other message in a channel is none of its business."""
    if event.get("subtype") or event.get("bot_id") or event.get("user") in (
            None, context.bot_user_id):
        return  # edits, joins and bots' messages (its own above all) are not questions
    chat: ChatService = context["chat"]
    thread = event.get("thread_ts")
    if event.get("channel_type") == "im":
        _answer_event(body, event, client, chat, thread or DM_THREAD, thread, Surface.DIRECT)
        return
    if not thread or f"<@{context.bot_user_id}" in event.get("text", ""):
        return  # not in a thread, or a mention, which app_mention answers
    place = Place(body.get("team_id", ""), event["channel"], thread, event["user"])
    if chat.answered_in(place):
        _answer_event(body, event, client, chat, thread, thread, Surface.THREAD)


def on_assistant_thread_started(set_suggested_prompts: SetSuggestedPrompts, payload: dict,
                                client: WebClient, context: BoltContext) -> None:
    """Slack's assistant panel opened: a greeting and the Home tab's example questions."""
    chat: ChatService = context["chat"]
    thread = payload.get("assistant_thread", {})
    lang = chat.user_lang(Place(context.team_id or "", user=thread.get("user_id", "")))
    client.chat_postMessage(channel=thread.get("channel_id", ""),
                            thread_ts=thread.get("thread_ts"), text=say("assistant_greeting",
                                                                        lang))
    try:
        set_suggested_prompts(title=say("assistant_prompts", lang), prompts=[
            {"title": q, "message": q} for q in try_questions(lang)])
    except SlackApiError as err:  # a plan without the assistant: the greeting is enough
        log.info("no suggested prompts: %s", err.response.get("error"))


def on_assistant_message(body: dict, payload: dict, set_status: SetStatus, client: WebClient,
                         context: BoltContext) -> None:
    """A question in the assistant panel (or a thread in the bot's DM): a status while it is
    answered, then the same answer a mention gets."""
    chat: ChatService = context["chat"]
    try:
        set_status(status=say("assistant_status", chat.user_lang(
            Place(context.team_id or "", user=payload.get("user", "")))))
    except SlackApiError as err:  # not offered on this plan, or not an assistant thread
        log.info("no assistant status: %s", err.response.get("error"))
    _answer_event(body, payload, client, chat, payload["thread_ts"], payload["thread_ts"],
                  Surface.DIRECT)


def _answer_event(body: dict, event: dict, client: WebClient, chat: ChatService,
                  memory: str, reply_in: str | None, surface: Surface) -> None:
    """Answer an event's text once (Slack retries; replicas share events), in `reply_in`
    (a thread, or None for the conversation itself) as read on `surface`; on failure
    apologise and let Slack's retry try again."""
    event_id = body.get("event_id", "")
    if not chat.first_time(event_id, body.get("team_id")):
        return  # a retry, or another replica already answered
    place = Place(body.get("team_id", ""), event["channel"], memory, event.get("user", ""))
    try:
        reply = chat.ask(place, _MENTION.sub(" ", event.get("text", "")))
        client.chat_postMessage(channel=event["channel"], thread_ts=reply_in,
                                unfurl_links=False, unfurl_media=False,
                                **reply_message(reply, surface))
        if isinstance(reply, Answer) and reply.chart is not None:
            send_picture(client, reply, event["channel"], reply_in)
    except Exception as error:
        chat.not_answered(event_id)
        ref = uuid.uuid4().hex[:8]
        log.error("event %s failed (ref %s)", event_id, ref, exc_info=error)
        try:  # the apology goes where the question was asked
            client.chat_postMessage(channel=event["channel"], thread_ts=reply_in,
                                    text=say("error", chat.user_lang(place), ref=ref))
        except Exception:  # the Web API is down: the log has it, Slack's retry may succeed
            log.warning("could not apologise for ref %s", ref)


def on_message_shortcut(ack: Ack, shortcut: dict, respond: Respond,
                        context: BoltContext) -> None:
    """"Ask Reorg Historian" on any message: the names and dates in it, answered to the one
    who clicked, ephemerally where the message is (the response_url works in channels the
    bot is not in)."""
    ack()
    user = shortcut.get("user", {}).get("id", "")
    place = slash_place(shortcut.get("team", {}).get("id", ""),
                        shortcut.get("channel", {}).get("id", ""), user)
    chat: ChatService = context["chat"]
    reply = chat.about_message(place, shortcut.get("message", {}).get("text", ""))
    message = (reply_message(reply, Surface.EPHEMERAL) if reply is not None
               else {"text": say("shortcut_nothing", chat.user_lang(place))})
    respond(response_type="ephemeral", **message)


# --- buttons under answers ------------------------------------------------------------------

def on_more(ack: Ack, action: dict, body: dict, respond: Respond, client: WebClient,
            context: BoltContext) -> None:
    """Next ›: the page after the one shown."""
    ack()
    shown = decode_query(action.get("value", ""))
    if shown is not None:
        _turn(shown, shown.page + 1, body, respond, client, context["chat"])


def on_suggestion(ack: Ack, action: dict, body: dict, respond: Respond, client: WebClient,
                  context: BoltContext) -> None:
    """A did-you-mean button under "nothing found": that name asked, in place of it."""
    ack()
    shown = decode_query(action.get("value", ""))
    if shown is not None:
        _turn(shown, 1, body, respond, client, context["chat"])


def on_prev(ack: Ack, action: dict, body: dict, respond: Respond, client: WebClient,
            context: BoltContext) -> None:
    """‹ Prev: the page before the one shown."""
    ack()
    shown = decode_query(action.get("value", ""))
    if shown is not None:
        _turn(shown, max(1, shown.page - 1), body, respond, client, context["chat"])


def _turn(shown: Shown, page: int, body: dict, respond: Respond, client: WebClient,
          chat: ChatService) -> None:
    """Show `page` in place of the message (or the Home tab's modal) that was clicked."""
    view = body.get("view")
    if view and view.get("type") == "modal":  # an answer in the Home tab's modal
        answer = chat.turn_to(home_place(body), shown.query, shown.lang, page)
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=answer_modal(answer, shown.lang))
        return
    answer = chat.turn_to(_button_place(body), shown.query, shown.lang, page)
    respond(replace_original=True, **reply_message(answer, Surface.EPHEMERAL))


def on_share(ack: Ack, action: dict, body: dict, respond: Respond,
             context: BoltContext) -> None:
    """Share in channel: exactly what is on screen, as a compact card for everyone, headed by
    who shared it; the asker's ephemeral becomes "Shared to #channel ✓"."""
    ack()
    shown = decode_query(action.get("value", ""))
    user = body.get("user", {}).get("id", "")
    if shown is None or not _USER_ID.match(user):
        return
    answer = context["chat"].page(shown.query, shown.lang, shown.page, sources=shown.sources)
    respond(response_type="in_channel", replace_original=False,
            **shared_message(answer, user))
    channel = (body.get("channel") or {}).get("id", "")
    respond(replace_original=True, text=say("shared_to", shown.lang, channel=f"<#{channel}>"))


def on_event_menu(ack: Ack, action: dict, body: dict, client: WebClient,
                  context: BoltContext) -> None:
    """An event's ⋯ menu: "All sources (N)" lists them, "Report a mistake" opens the report
    form; a modal for whoever clicked (pushed over a modal)."""
    ack()
    chat: ChatService = context["chat"]
    chosen = menu_choice((action.get("selected_option") or {}).get("value", ""))
    event = chat.event(chosen[1]) if chosen else None
    if chosen is None or event is None:
        return  # a forged or stale value: nothing to show
    lang = chat.user_lang(_button_place(body))
    if chosen[0] is MenuChoice.SOURCES:
        view = sources_modal(Answer(intent=Intent.SOURCES, query="", lang=lang, events=[event]))
    else:
        view = report_modal(event, lang)
    _open(client, body, view)


def on_sources(ack: Ack, action: dict, body: dict, client: WebClient,
               context: BoltContext) -> None:
    """"Sources (N)" under a chart, changes or a chain: every event it rests on with all its
    sources, in a modal for whoever clicked."""
    ack()
    shown = decode_query(action.get("value", ""))
    if shown is not None:
        answer = context["chat"].page(shown.query, shown.lang, 1, sources=True)
        if answer.events:
            _open(client, body, sources_modal(answer))


def on_all_roles(ack: Ack, action: dict, body: dict, client: WebClient,
                 context: BoltContext) -> None:
    """"All roles" under a profile: every role, in a modal for whoever clicked."""
    ack()
    shown = decode_query(action.get("value", ""))
    if shown is not None:
        answer = context["chat"].page(shown.query, shown.lang, shown.page)
        if answer.roles:
            _open(client, body, roles_modal(answer))


def _open(client: WebClient, body: dict, view: dict) -> None:
    """A modal from a click: opened, or pushed over the modal the click came from."""
    if (body.get("view") or {}).get("type") == "modal":
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


# --- the Home tab ---------------------------------------------------------------------------

def on_home(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") == "home":
        _publish_home(client, context["chat"], Place(body.get("team_id", ""),
                                                     user=event["user"]))


def _publish_home(client: WebClient, chat: ChatService, place: Place) -> None:
    client.views_publish(user_id=place.user, view=home_view(chat.home(place)))


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
    pausing = action["action_id"] == ActionId.PAUSE.value
    sub = chat.subscription(place, ident)
    if sub is None or not (chat.pause if pausing else chat.resume)(place, ident):
        return  # not theirs to manage
    _notice(client, sub.channel_id, say("notice_paused" if pausing else "notice_resumed",
                                        sub.lang, user=f"<@{place.user}>"))
    _publish_home(client, chat, place)


def on_try(ack: Ack, action: dict, body: dict, client: WebClient,
           context: BoltContext) -> None:
    """A "Try" button: the example question, answered in a modal."""
    ack()
    place = home_place(body)
    reply = context["chat"].ask(place, action.get("value", ""))
    lang = context["chat"].user_lang(place)
    client.views_open(trigger_id=body["trigger_id"], view=answer_modal(reply, lang))


def on_org(ack: Ack, action: dict, body: dict, client: WebClient,
           context: BoltContext) -> None:
    """App Home's "The org today" or its date picker: the chart in a modal, its picture in
    the user's DM."""
    ack()
    chat: ChatService = context["chat"]
    place = home_place(body)
    day = action.get("selected_date") or ""
    reply = chat.ask(place, f"org {day}".strip())
    client.views_open(trigger_id=body["trigger_id"], view=answer_modal(reply,
                                                                        chat.user_lang(place)))
    if isinstance(reply, Answer) and reply.chart is not None:
        send_picture(client, reply, _dm(client, place.user), None)


def _dm(client: WebClient, user: str) -> str:
    """The bot's DM with `user` (conversations.open), or the user id, which Slack also takes."""
    try:
        return client.conversations_open(users=user)["channel"]["id"]
    except SlackClientError as error:
        log.warning("could not open a DM with %s: %s", user, error)
        return user


def on_ask_button(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    ack()
    lang = context["chat"].user_lang(home_place(body))
    client.views_open(trigger_id=body["trigger_id"], view=ask_modal(lang))


def on_lang_select(ack: Ack, action: dict, body: dict, client: WebClient,
                   context: BoltContext) -> None:
    ack()
    chat: ChatService = context["chat"]
    place = _button_place(body)
    if chat.set_lang(place, (action.get("selected_option") or {}).get("value", "")):
        _publish_home(client, chat, place)


def on_subscribe_button(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    ack()
    chat: ChatService = context["chat"]
    place = _button_place(body)
    client.views_open(trigger_id=body["trigger_id"],
                      view=subscribe_modal(chat.user_lang(place), chat.user_zone(place)))


def on_zone_options(ack: Ack, payload: dict, context: BoltContext) -> None:
    """The time-zone select looks zones up as one types."""
    ack(options=zone_options(context["chat"].zones(payload.get("value", ""))))


# --- modal submissions ----------------------------------------------------------------------

def on_ask_submit(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The question modal: the answer replaces the form, with the question box below it."""
    values = Submitted(view.get("state", {}).get("values", {}))
    lang = view.get("private_metadata") or "en"
    question = values.text(QUESTION)
    if not question:
        ack(response_action="errors", errors={QUESTION[0]: say("ask_empty", lang)})
        return
    reply = context["chat"].ask(home_place(body), question)
    ack(response_action="update", view=answer_modal(reply, lang))


def on_subscribe_submit(ack: Ack, body: dict, view: dict, client: WebClient,
                        context: BoltContext) -> None:
    """The subscribe modal: the same request as `/reorg subscribe` typed in that channel,
    refused under the channel field when the bot cannot post there."""
    chat: ChatService = context["chat"]
    values = Submitted(view.get("state", {}).get("values", {}))
    channel = values.text(CHANNEL)
    place = Place(body.get("team", {}).get("id", ""), channel, "",
                  body.get("user", {}).get("id", ""))
    reply = chat.ask(place, f"subscribe {values.text(TIME)} {values.text(ZONE)} "
                            f"{values.text(LANG)}")
    if not isinstance(reply, DigestReply) or reply.subscription is None:
        ack(response_action="errors",
            errors=_subscribe_errors(reply, view.get("private_metadata") or "en"))
        return
    ack()
    _announce(client, place, reply)
    _publish_home(client, chat, place)


def _subscribe_errors(reply: Reply, lang: str) -> dict[str, str]:
    """Why the subscribe modal's request failed, under the field to change."""
    if isinstance(reply, DigestReply) and reply.cannot_post:
        # Modal errors are plain text: no <#C…> link, so "that channel".
        return {CHANNEL[0]: why_not_subscribed(reply.cannot_post, lang, say("that_channel",
                                                                            lang))}
    # …and no mrkdwn: `09:00` would show its backticks.
    return {ZONE[0]: reply_message(reply, Surface.MODAL)["text"].replace("`", "")}


def on_report_submit(ack: Ack, body: dict, view: dict, client: WebClient,
                     context: BoltContext) -> None:
    """A mistake report: stored, and the reporter thanked in a DM with its number."""
    chat: ChatService = context["chat"]
    values = Submitted(view.get("state", {}).get("values", {}))
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        event_id, lang = str(meta["event"]), str(meta.get("lang", "en"))
    except (ValueError, KeyError, TypeError):
        event_id, lang = "", "en"
    what = values.text(WHAT)
    if not what:
        ack(response_action="errors", errors={WHAT[0]: say("report_blank", lang)})
        return
    place = _button_place(body)
    ident = chat.report_mistake(place, event_id, what, values.text(SOURCE))
    if ident is None:
        ack(response_action="errors", errors={WHAT[0]: say("report_unknown", lang)})
        return
    ack()
    event = chat.event(event_id) or {}
    title = (event.get("title") or {}).get(lang, event_id)
    _notice(client, place.user, say("report_thanks", lang, id=ident, title=title))


def on_error(error: Exception, body: dict, context: BoltContext, respond: Respond) -> None:
    """One place for failures: the log gets the traceback, the user a reference id.

    Only a request that passed Bolt's checks is answered: `chat` is put in the context by a
    middleware that runs after them, and a response_url from an unverified body is anyone's.
    """
    ref = uuid.uuid4().hex[:8]
    log.error("listener failed (ref %s)", ref, exc_info=error)
    if "chat" in context and isinstance(body, dict) and body.get("response_url"):
        try:  # in the asker's language (a command names them by user_id, a click by user)
            asker = _button_place(body) if isinstance(body.get("user"), dict) else slash_place(
                body.get("team_id", ""), body.get("channel_id", ""), body.get("user_id", ""))
            lang = context["chat"].user_lang(asker)
            respond(text=say("error", lang, ref=ref), response_type="ephemeral")
        except Exception:  # the apology itself failed: the log already has the cause
            log.warning("could not tell the user about ref %s", ref)


def _button_place(body: dict) -> Place:
    team, user = body.get("team", {}).get("id", ""), body.get("user", {}).get("id", "")
    channel = (body.get("channel") or {}).get("id", "")
    return slash_place(team, channel, user)


# The route table, by kind; app.yaml must declare each (a test holds them together).
COMMANDS: dict[str, Callable] = {"/reorg": on_command}
EVENTS: dict[str, Callable] = {"app_mention": on_mention, "app_home_opened": on_home,
                               "message": on_message}
ASSISTANT_EVENTS = ("assistant_thread_started", "assistant_thread_context_changed")
ACTIONS: dict[str, Callable] = {
    ActionId.MORE.value: on_more, ActionId.PREV.value: on_prev, ActionId.SHARE.value: on_share,
    ActionId.PAUSE.value: on_subscription_button, ActionId.RESUME.value: on_subscription_button,
    ActionId.PREVIEW.value: on_subscription_button, ActionId.EVENT_MENU.value: on_event_menu,
    ActionId.ROLES.value: on_all_roles,
    ActionId.ASK.value: on_ask_button, ActionId.LANG.value: on_lang_select,
    ActionId.SUBSCRIBE.value: on_subscribe_button,
    ActionId.ORG_TODAY.value: on_org, ActionId.ORG_DATE.value: on_org,
    ActionId.SOURCES.value: on_sources,
    **{f"{ActionId.SUGGEST.value}_{i}": on_suggestion for i in range(1, MAX_SUGGESTIONS + 1)},
    **{f"{ActionId.TRY.value}_{i}": on_try for i in range(1, len(TRY_KEYS) + 1)},
}
OPTIONS: dict[str, Callable] = {ActionId.ZONE.value: on_zone_options}
VIEWS: dict[str, Callable] = {ViewId.ASK.value: on_ask_submit,
                              ViewId.SUBSCRIBE.value: on_subscribe_submit,
                              ViewId.REPORT.value: on_report_submit}
SHORTCUTS: dict[str, Callable] = {ShortcutId.ASK_MESSAGE.value: on_message_shortcut}


def register(app: App, chat: ChatService) -> None:
    """The whole route table; every listener finds the service in `context["chat"]`."""

    def with_chat(context: BoltContext, next: Callable[[], None]) -> None:
        context["chat"] = chat
        next()

    app.use(with_chat)
    # Slack's assistant panel (on plans that offer it): its threads' messages reach these
    # before the plain `message` listener; elsewhere no such events arrive.
    assistant = Assistant()
    assistant.thread_started(on_assistant_thread_started)
    assistant.user_message(on_assistant_message)
    app.assistant(assistant)
    for kind, table in ((app.command, COMMANDS), (app.event, EVENTS), (app.action, ACTIONS),
                        (app.options, OPTIONS), (app.view_submission, VIEWS),
                        (app.shortcut, SHORTCUTS)):
        for name, listener in table.items():
            kind(name)(listener)
    app.error(on_error)
