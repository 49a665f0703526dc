"""Requests as Slack sends them into the app: documented payload shapes, signed as Slack signs.

Every test that talks to the app over HTTP builds its body here and signs it with
`signed_headers`, so a change in how Slack (or Bolt) checks requests shows up in one place.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any

from slack_sdk.signature import SignatureVerifier

TEAM_ID = "T0001"
TEAM_DOMAIN = "test"
APP_ID = "A0001"
BOT_USER_ID = "UBOT"
VERIFICATION_TOKEN = "legacy-verification-token"  # deprecated by Slack, still sent
TRIGGER_ID = "13345224609.738474920.8088930838d88f008e0"


def signed_headers(secret: str, body: str | bytes, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    """Headers Slack would send with `body`: v0 HMAC-SHA256 over "v0:{timestamp}:{body}".

    Uses slack_sdk's own SignatureVerifier, so it signs exactly as Bolt verifies; pass an old
    `timestamp` to test replay rejection (Slack allows five minutes).
    """
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature,
            "Content-Type": content_type}


def slash_command_body(command: str = "/reorg", text: str = "", user_id: str = "U123",
                       channel_id: str = "C123", team_id: str = TEAM_ID,
                       response_url: str = "", trigger_id: str = TRIGGER_ID,
                       enterprise_id: str | None = None, **extra: str) -> str:
    """A form-encoded slash command with every field Slack documents.

    Pass `response_url=mock.response_url(name)` to see the app's answer; the empty default
    means "no response_url". `extra` adds or overrides fields (e.g. channel_name).
    """
    fields: dict[str, str] = {"token": VERIFICATION_TOKEN, "team_id": team_id,
                              "team_domain": TEAM_DOMAIN}
    if enterprise_id is not None:
        fields |= {"enterprise_id": enterprise_id, "enterprise_name": "Test Grid"}
    fields |= {
        "channel_id": channel_id, "channel_name": "general", "user_id": user_id,
        "user_name": "someone", "command": command, "text": text, "api_app_id": APP_ID,
        "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": trigger_id, **extra,
    }
    return urllib.parse.urlencode(fields)


def event_body(event: dict[str, Any], event_id: str = "Ev0001", team_id: str = TEAM_ID,
               api_app_id: str = APP_ID) -> str:
    """A JSON Events API envelope (event_callback) around `event`, as Slack posts it."""
    return json.dumps({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "context_team_id": team_id,
        "context_enterprise_id": None, "api_app_id": api_app_id, "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": BOT_USER_ID,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False, "event_context": f"4-{event_id}",
    })


def app_mention_event(text: str, user: str = "U123", channel: str = "C123",
                      ts: str = "1700000000.000001",
                      thread_ts: str | None = None) -> dict[str, Any]:
    """An app_mention event; `thread_ts` makes it a reply in that thread."""
    event: dict[str, Any] = {"type": "app_mention", "user": user, "text": text, "ts": ts,
                             "channel": channel, "event_ts": ts, "team": TEAM_ID}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_home_opened_event(user: str = "U123") -> dict[str, Any]:
    """An app_home_opened event for the Home tab (a first visit: no `view` yet)."""
    return {"type": "app_home_opened", "user": user, "channel": "D123", "tab": "home",
            "event_ts": f"{time.time():.6f}"}


def block_action_body(action_id: str, value: str, user_id: str = "U123",
                      channel_id: str = "C123", response_url: str = "",
                      message_ts: str = "1700000000.000050", thread_ts: str | None = None,
                      view_id: str | None = None, element: str = "button",
                      view_type: str = "home") -> str:
    """A click (block_actions) as the form field `payload=<json>` Slack posts.

    By default a button in an ephemeral message in `channel_id`; with `view_id` it sits in a
    view instead (`view_type` home or modal: a view container, and no channel, message or
    response_url). `element` "overflow" or "static_select" sends `value` as the chosen option,
    "datepicker" as the day picked (YYYY-MM-DD).
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": TEAM_ID},
        "api_app_id": APP_ID, "token": VERIFICATION_TOKEN, "trigger_id": TRIGGER_ID,
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN}, "enterprise": None,
        "is_enterprise_install": False,
    }
    if view_id is None:
        message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "",
                                   "blocks": []}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload |= {
            "container": {"type": "message", "message_ts": message_ts,
                          "channel_id": channel_id, "is_ephemeral": True},
            "channel": {"id": channel_id, "name": "general"}, "message": message,
            "response_url": response_url, "state": {"values": {}},
        }
    else:
        payload |= {
            "container": {"type": "view", "view_id": view_id},
            "view": {"id": view_id, "team_id": TEAM_ID, "type": view_type, "blocks": [],
                     "private_metadata": "", "callback_id": "", "state": {"values": {}},
                     "hash": "1700000000.mock", "app_id": APP_ID},
        }
    action: dict[str, Any] = {"action_id": action_id, "block_id": "b1", "type": element,
                              "action_ts": f"{time.time():.6f}"}
    if element == "button":
        action |= {"value": value, "text": {"type": "plain_text", "text": "x"}}
    elif element == "datepicker":
        action["selected_date"] = value
    else:
        action["selected_option"] = {"text": {"type": "plain_text", "text": "x"},
                                     "value": value}
    payload["actions"] = [action]
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def _interaction(kind: str, user_id: str, **fields: Any) -> str:
    payload = {"type": kind, "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
               "user": {"id": user_id, "username": "someone", "name": "someone",
                        "team_id": TEAM_ID},
               "api_app_id": APP_ID, "token": VERIFICATION_TOKEN, "enterprise": None,
               "is_enterprise_install": False, **fields}
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def view_submission_body(callback_id: str, values: dict[str, dict[str, dict[str, Any]]],
                         user_id: str = "U123", private_metadata: str = "") -> str:
    """A modal's submit (view_submission); `values` is view.state.values: block_id →
    action_id → e.g. {"type": "plain_text_input", "value": "…"}."""
    view = {"id": "VSUBMIT1", "team_id": TEAM_ID, "type": "modal", "callback_id": callback_id,
            "private_metadata": private_metadata, "state": {"values": values},
            "hash": "1700000000.mock", "blocks": [], "app_id": APP_ID, "root_view_id": "VSUBMIT1",
            "previous_view_id": None, "bot_id": "B0001"}
    return _interaction("view_submission", user_id, trigger_id=TRIGGER_ID, view=view,
                        response_urls=[])


def block_suggestion_body(action_id: str, value: str, block_id: str = "b1",
                          user_id: str = "U123") -> str:
    """What an external select sends as the user types (block_suggestion)."""
    return _interaction("block_suggestion", user_id, action_id=action_id, block_id=block_id,
                        value=value, container={"type": "view", "view_id": "VSUBMIT1"},
                        view={"id": "VSUBMIT1", "type": "modal", "callback_id": "",
                              "state": {"values": {}}})


def message_shortcut_body(text: str, callback_id: str, user_id: str = "U123",
                          channel_id: str = "C123", response_url: str = "") -> str:
    """A message shortcut (message_action) on a message that says `text`."""
    return _interaction("message_action", user_id, callback_id=callback_id,
                        trigger_id=TRIGGER_ID, response_url=response_url,
                        action_ts=f"{time.time():.6f}", message_ts="1700000000.000070",
                        channel={"id": channel_id, "name": "general"},
                        message={"type": "message", "user": "U999", "ts": "1700000000.000070",
                                 "text": text})


def direct_message_event(text: str, user: str = "U123", channel: str = "D123",
                         ts: str = "1700000000.000001",
                         thread_ts: str | None = None) -> dict[str, Any]:
    """A message in the bot's DM (message.im); `thread_ts` puts it in a thread there, which
    is also how the assistant panel's messages arrive."""
    event: dict[str, Any] = {"type": "message", "channel_type": "im", "user": user,
                             "text": text, "ts": ts, "channel": channel, "event_ts": ts,
                             "team": TEAM_ID}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def channel_message_event(text: str, user: str = "U123", channel: str = "C123",
                          ts: str = "1700000000.000001", thread_ts: str | None = None,
                          bot_id: str | None = None) -> dict[str, Any]:
    """A message in a channel (message.channels), as every member's message reaches the app;
    `thread_ts` makes it a reply in that thread, `bot_id` a bot's post."""
    event = {**direct_message_event(text, user, channel, ts, thread_ts),
             "channel_type": "channel"}
    if bot_id:
        event |= {"bot_id": bot_id, "app_id": APP_ID}
    return event


def assistant_thread_started_event(user: str = "U123", channel: str = "D123",
                                   thread_ts: str = "1700000000.000900") -> dict[str, Any]:
    """The assistant panel opened (plans that offer it)."""
    return {"type": "assistant_thread_started", "event_ts": thread_ts,
            "assistant_thread": {"user_id": user, "channel_id": channel,
                                 "thread_ts": thread_ts,
                                 "context": {"channel_id": "C123", "team_id": TEAM_ID}}}
