"""Requests as Slack sends them: documented payload shapes, signed as Slack signs them."""

from __future__ import annotations

import json
import time
import urllib.parse

from slack_sdk.signature import SignatureVerifier


def signed_headers(secret: str, body: str | bytes, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    text = body.decode() if isinstance(body, bytes) else body
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp),
                                                             body=text)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature,
            "Content-Type": content_type}


def slash_command_body(command: str = "/reorg", text: str = "", user_id: str = "U123",
                       channel_id: str = "C123", team_id: str = "T0001",
                       response_url: str = "", trigger_id: str = "111.222.xyz",
                       **extra: str) -> str:
    fields = {
        "token": "legacy-verification-token", "team_id": team_id, "team_domain": "test",
        "channel_id": channel_id, "channel_name": "general", "user_id": user_id,
        "user_name": "someone", "command": command, "text": text, "api_app_id": "A0001",
        "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": trigger_id, **extra,
    }
    return urllib.parse.urlencode(fields)


def event_body(event: dict, event_id: str = "Ev0001", team_id: str = "T0001",
               api_app_id: str = "A0001") -> str:
    return json.dumps({
        "token": "legacy-verification-token", "team_id": team_id, "api_app_id": api_app_id,
        "event": event, "type": "event_callback", "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": "UBOT",
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False, "event_context": f"4-{event_id}",
    })


def app_mention_event(text: str, user: str = "U123", channel: str = "C123",
                      ts: str = "1700000000.000001", thread_ts: str | None = None) -> dict:
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel,
             "event_ts": ts, "team": "T0001"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_home_opened_event(user: str = "U123") -> dict:
    return {"type": "app_home_opened", "user": user, "channel": "D123", "tab": "home",
            "event_ts": f"{time.time():.6f}"}


def block_action_body(action_id: str, value: str, user_id: str = "U123",
                      channel_id: str = "C123", response_url: str = "",
                      message_ts: str = "1700000000.000050",
                      thread_ts: str | None = None) -> str:
    message = {"type": "message", "ts": message_ts, "text": "", "blocks": []}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions", "user": {"id": user_id, "username": "someone",
                                          "team_id": "T0001"},
        "api_app_id": "A0001", "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id,
                      "is_ephemeral": True},
        "trigger_id": "111.222.xyz", "team": {"id": "T0001", "domain": "test"},
        "enterprise": None, "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "general"}, "message": message,
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b1", "value": value,
                     "type": "button", "action_ts": f"{time.time():.6f}",
                     "text": {"type": "plain_text", "text": "x"}}],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)})
