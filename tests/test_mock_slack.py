"""The Slack stand-in and the signing helper, checked against the real slack_sdk clients.

Other tests trust MockSlack's records and slack_signing's headers; these prove that trust is
earned with the same WebClient, retry handler and SignatureVerifier the app uses.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.mock_slack import MockSlack
from tests.slack_signing import event_body, signed_headers, slash_command_body

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]


@pytest.fixture
def mock() -> Iterator[MockSlack]:
    with MockSlack() as slack:
        yield slack


@pytest.fixture
def client(mock: MockSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=mock.base_url)


def test_a_post_is_recorded_with_its_body_and_answered_like_slack(
        mock: MockSlack, client: WebClient) -> None:
    assert mock.base_url.startswith("http://127.0.0.1:") and mock.base_url.endswith("/api/")
    first = client.chat_postMessage(channel="C1", text="hi", blocks=BLOCKS)
    # The same call form-encoded, as older code and Bolt's `say` fallbacks may send it:
    # Slack then receives blocks as a JSON string, and json_field decodes it either way.
    second = client.api_call("chat.postMessage", params={"channel": "C1", "text": "again",
                                                         "blocks": json.dumps(BLOCKS)})
    calls = mock.calls_to("chat.postMessage")
    assert [c.body["text"] for c in calls] == ["hi", "again"]
    assert isinstance(calls[1].body["blocks"], str), "form fields stay as Slack receives them"
    assert [c.json_field("blocks") for c in calls] == [BLOCKS, BLOCKS]
    assert calls[0].token == "xoxb-test" and calls[0].headers["authorization"].endswith("test")
    assert first["channel"] == "C1" and first["message"]["text"] == "hi"
    assert first["ts"] < second["ts"], "ts values are unique and increasing"
    assert client.auth_test()["team_id"] == "T0001"
    assert client.api_call("emoji.list")["ok"], "unknown methods answer ok"


def test_a_429_with_retry_after_is_retried_to_success(
        mock: MockSlack, client: WebClient, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []  # the handler's wait, recorded instead of slept
    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=slept.append))
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    mock.respond("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429,
                 headers={"Retry-After": "1"}, times=1)
    response = client.chat_postMessage(channel="C1", text="hi")
    assert response["ok"] and response.status_code == 200
    assert len(mock.calls_to("chat.postMessage")) == 2
    assert len(slept) == 1 and 1 <= slept[0] < 2, "Retry-After reached the client"


def test_programmed_errors_raise_with_their_code(mock: MockSlack, client: WebClient) -> None:
    mock.respond("chat.postMessage", {"ok": False, "error": "channel_not_found"})
    for _ in range(2):  # times=None: every call
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="CGONE", text="hi")
        assert raised.value.response["error"] == "channel_not_found"
    mock.respond("conversations.info", status=500, times=1)
    with pytest.raises(SlackApiError) as raised:
        client.conversations_info(channel="C1")
    assert raised.value.response.status_code == 500
    assert client.conversations_info(channel="C1")["channel"]["is_member"], "then the default"
    mock.reset()
    assert client.chat_postMessage(channel="C1", text="hi")["ok"], "reset forgets programming"


def test_history_returns_what_was_posted_newest_first(
        mock: MockSlack, client: WebClient) -> None:
    metadata = {"event_type": "digest", "event_payload": {"date": "2026-01-06"}}
    first = client.chat_postMessage(channel="C1", text="one", metadata=metadata)["ts"]
    second = client.chat_postMessage(channel="C1", text="two")["ts"]
    client.chat_postMessage(channel="C1", text="reply", thread_ts=second)
    client.chat_postMessage(channel="C2", text="elsewhere")
    history = client.conversations_history(channel="C1", include_all_metadata=True)
    assert [(m["ts"], m["text"]) for m in history["messages"]] == [(second, "two"),
                                                                   (first, "one")]
    assert history["messages"][1]["metadata"] == metadata
    plain = client.conversations_history(channel="C1")["messages"]
    assert all("metadata" not in m for m in plain), "metadata only when asked for"
    assert [m["text"] for m in mock.history["C2"]] == ["elsewhere"]
    assert client.conversations_history(channel="CNEW")["messages"] == []


def test_response_urls_are_recorded_and_answer_ok(mock: MockSlack) -> None:
    poster = threading.Thread(target=lambda: WebhookClient(mock.response_url("cmd")).send(
        text="done", response_type="ephemeral"))
    poster.start()
    call = mock.wait_for("response:cmd", timeout=5)[0]
    poster.join()
    assert call.body == {"text": "done", "response_type": "ephemeral"}
    answer = WebhookClient(mock.response_url("cmd")).send(text="again")
    assert (answer.status_code, answer.body) == (200, "ok")
    with pytest.raises(AssertionError, match="response:never"):
        mock.wait_for("response:never", timeout=0.05)


def test_signed_headers_verify_as_slack_sdk_checks_them() -> None:
    verifier = SignatureVerifier("s3cret")
    for body in (slash_command_body(text="2013 淘宝", response_url="http://x/response/a"),
                 event_body({"type": "app_mention", "text": "hi"})):
        headers = signed_headers("s3cret", body)
        assert verifier.is_valid_request(body, headers)
        assert verifier.is_valid_request(body.encode(), signed_headers("s3cret", body.encode()))
        assert not verifier.is_valid_request(body + "x", headers), "the body is signed"
        assert not SignatureVerifier("other").is_valid_request(body, headers)
    stale = signed_headers("s3cret", "a=1", timestamp=int(time.time()) - 600)
    assert not verifier.is_valid_request("a=1", stale), "old timestamps are refused"
