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
                      view_id: str | None = None) -> str:
    """A button click (block_actions) as the form field `payload=<json>` Slack posts.

    By default the button sits in an ephemeral message in `channel_id`; with `view_id` it sits
    in the Home tab instead (a view container, and no channel, message or response_url).
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
            "view": {"id": view_id, "team_id": TEAM_ID, "type": "home", "blocks": [],
                     "private_metadata": "", "callback_id": "", "state": {"values": {}},
                     "app_id": APP_ID},
        }
    payload["actions"] = [{"action_id": action_id, "block_id": "b1", "value": value,
                           "type": "button", "action_ts": f"{time.time():.6f}",
                           "text": {"type": "plain_text", "text": "x"}}]
    return urllib.parse.urlencode({"payload": json.dumps(payload)})
