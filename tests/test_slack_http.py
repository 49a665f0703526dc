"""The keep-alive Web API client: connections reused, a closed one never trusted, and Slack's
errors and retries exactly as slack_sdk's own client has them."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack_http import ConnectionPool, KeepAliveWebClient, _decoded
from tests.mock_slack import MockSlack


@pytest.fixture
def slack() -> Iterator[MockSlack]:
    with MockSlack() as mock:
        yield mock


@pytest.fixture
def client(slack: MockSlack) -> KeepAliveWebClient:
    client = KeepAliveWebClient(token="xoxb-test", base_url=slack.base_url)
    client.pool = ConnectionPool()  # this test's own, whatever other tests left open
    return client


def test_calls_one_after_another_share_one_connection(slack: MockSlack,
                                                      client: KeepAliveWebClient) -> None:
    for n in range(5):
        assert client.chat_postMessage(channel="C1", text=f"hi {n}")["ok"]
    assert [c.body["text"] for c in slack.calls_to("chat.postMessage")] == [
        f"hi {n}" for n in range(5)]
    assert slack.connections == 1, f"{slack.connections} connections for 5 calls"


def test_a_connection_the_server_closed_is_not_used_again(slack: MockSlack,
                                                          client: KeepAliveWebClient) -> None:
    client.chat_postMessage(channel="C1", text="first")
    slack.drop_connections()  # as Slack does to a connection left idle
    client.chat_postMessage(channel="C1", text="second")
    assert [c.body["text"] for c in slack.calls_to("chat.postMessage")] == ["first", "second"]
    assert slack.connections == 2


def test_a_server_that_says_close_gets_a_new_connection_next(slack: MockSlack,
                                                             client: KeepAliveWebClient) -> None:
    slack.respond("chat.postMessage", headers={"Connection": "close"}, times=1)
    client.chat_postMessage(channel="C1", text="first")
    client.chat_postMessage(channel="C1", text="second")
    assert slack.connections == 2


def test_errors_and_retries_are_slack_sdks(slack: MockSlack,
                                           client: KeepAliveWebClient) -> None:
    slack.respond("chat.postMessage", {"ok": False, "error": "channel_not_found"}, times=1)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="hi")
    assert raised.value.response["error"] == "channel_not_found"
    slack.respond("chat.postMessage", status=500, times=1)
    with pytest.raises(SlackApiError) as raised:  # no retry handler for 5xx on this client
        client.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 500
    assert client.chat_postMessage(channel="C1", text="after")["ok"], "the pool recovers"


def test_through_a_proxy_calls_go_the_way_slack_sdk_sends_them(
        slack: MockSlack, client: KeepAliveWebClient, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = []
    monkeypatch.setattr("slack_sdk.web.base_client.BaseClient._perform_urllib_http_request_internal",
                        lambda self, url, req: sent.append(url) or {"status": 200, "headers": {},
                                                                    "body": '{"ok": true}'})
    client.proxy = "http://proxy.example:3128"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert sent == [slack.base_url + "chat.postMessage"] and slack.connections == 0


@pytest.mark.parametrize("content_type", [
    "application/json; charset=utf-8", "application/json;charset=UTF-8",
    'text/plain; charset="ISO-8859-1"', "text/plain; format=flowed; charset=latin-1",
    "application/json", "", "APPLICATION/GZIP", "application/gzip; charset=utf-8"])
def test_an_answer_is_decoded_as_emails_parser_would(content_type: str) -> None:
    """The Content-Type is read by hand (email.message's parsing was slow): what it gives must
    be what slack_sdk's own reading, through email.message, gives."""
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() if content_type else b"\r\n"
    headers = http.client.parse_headers(io.BytesIO(raw))
    body = "Zürich".encode("latin-1" if "8859" in content_type or "latin" in content_type
                          else "utf-8")
    if headers.get_content_type() == "application/gzip":
        expected: str | bytes = body
    else:
        expected = body.decode(headers.get_content_charset() or "utf-8")
    assert _decoded(headers, body) == expected
