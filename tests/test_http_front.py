"""The HTTP front door: nothing from outside gets past it unauthenticated, oversized or
malformed, and whatever it refuses causes no outbound call and no traceback."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from sqlalchemy import Engine

from bot.delivery import Deliverer
from bot.settings import load_settings
from bot.slack_app import (
    build_app,
    client_for_team,
    health_checks,
    http_server,
    start_scheduler,
)
from bot.web import MAX_BODY_BYTES
from knowledge.historian import Historian
from tests.mock_slack import MockSlack
from tests.slack_signing import event_body, signed_headers, slash_command_body
from tests.test_slack_app import SECRET, serving


@pytest.fixture(scope="module")
def front(real_engine: Engine) -> Iterator[tuple[str, MockSlack, App]]:
    with serving(real_engine, SLACK_BOT_TOKEN="xoxb-test") as (base, slack, app):
        yield base, slack, app


@pytest.fixture(autouse=True)
def _fresh(front: tuple[str, MockSlack, object]) -> None:
    front[1].reset()


def raw_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _form(slack: MockSlack, name: str) -> bytes:
    return slash_command_body(text="help", response_url=slack.response_url(name)).encode()


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "12.5", "", " 1", "-5", "9" * 40])
def test_a_malformed_timestamp_is_refused_and_nothing_is_posted(front, timestamp: str,
                                                                caplog) -> None:
    base, slack, _ = front
    caplog.set_level(logging.INFO)
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=x"}
    status, _ = raw_post(f"{base}/slack/events", _form(slack, "leak"), headers)
    assert status == 401
    time.sleep(0.2)  # a wrongly dispatched listener would answer within this
    assert slack.calls == [], "a refused request must not reach any URL"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_json_body_with_a_response_url_is_refused_unsigned(front) -> None:
    base, slack, _ = front
    body = json.dumps({"type": "block_actions", "response_url": slack.response_url("leak"),
                       "actions": [{"action_id": "x"}]}).encode()
    status, _ = raw_post(f"{base}/slack/events", body, {
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": "abc"})
    assert status == 401
    time.sleep(0.2)
    assert slack.calls == []


def test_the_error_handler_never_answers_an_unverified_request(front) -> None:
    """Defence in depth: even if Bolt itself is handed a request its check cannot parse,
    the error handler does not call the body's response_url."""
    _, slack, app = front
    body = _form(slack, "leak").decode()
    response = app.dispatch(BoltRequest(body=body, headers={
        "content-type": ["application/x-www-form-urlencoded"],
        "x-slack-request-timestamp": ["abc"], "x-slack-signature": ["v0=x"]}))
    assert response.status >= 400
    time.sleep(0.2)
    assert slack.calls == []


def test_an_oversized_body_is_refused_before_it_is_read(front) -> None:
    base, slack, _ = front
    size = 60 * MAX_BODY_BYTES
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n\r\n".encode())
        conn.sendall(b"a" * 65536)  # the server answers without waiting for the rest
        reply = conn.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413"), reply[:80]
    assert slack.calls == []


def test_a_signed_body_just_over_the_limit_is_refused(front) -> None:
    """Refused with 413; the server may stop reading (and close) before the body is sent."""
    base, slack, _ = front
    body = ("command=%2Freorg&text=" + "a" * MAX_BODY_BYTES).encode()
    headers = signed_headers(SECRET, body.decode())
    parts = urllib.parse.urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        conn.sendall(f"POST /slack/events HTTP/1.1\r\nHost: x\r\n{head}"
                     f"Content-Length: {len(body)}\r\n\r\n".encode())
        with contextlib.suppress(OSError):  # closed while we still sent: the reply is there
            conn.sendall(body)
        reply = conn.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413"), reply[:80]
    assert slack.calls == []


@pytest.mark.parametrize(("body", "content_type"), [
    ("{not json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    ('{"type": "event_callback", "event": null}', "application/json"),
    ('{"type": "event_callback", "event": [1]}', "application/json"),
    ('{"type": "event_callback", "event": "app_mention"}', "application/json"),
    ("command=%2Freorg&text=help", "application/json"),
    ("payload=%7Bbroken", "application/x-www-form-urlencoded"),
    ("payload=%5B%5D", "application/x-www-form-urlencoded"),
    ("just some words", "application/x-www-form-urlencoded"),
])
def test_a_signed_but_malformed_body_gets_400_without_a_traceback(front, body: str,
                                                                  content_type: str,
                                                                  caplog) -> None:
    base, slack, _ = front
    caplog.set_level(logging.INFO)
    status, _ = raw_post(f"{base}/slack/events", body.encode(),
                         signed_headers(SECRET, body, content_type=content_type))
    assert status == 400
    assert slack.calls == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_signed_deeply_nested_json_body_gets_400_without_a_traceback(front, caplog) -> None:
    """json.loads raises RecursionError (not ValueError) on deep nesting: it escaped
    check_shape and waitress answered 500 with a logged traceback (recheck of item 12)."""
    base, slack, _ = front
    body = "[" * 100_000 + "]" * 100_000
    status, _ = raw_post(f"{base}/slack/events", body.encode(),
                         signed_headers(SECRET, body, content_type="application/json"))
    assert status == 400
    assert slack.calls == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_body_that_is_not_utf8_is_refused_without_a_traceback(front, caplog) -> None:
    base, slack, _ = front
    headers = {**signed_headers(SECRET, "text=ab"), "Content-Type": "application/json"}
    status, _ = raw_post(f"{base}/slack/events", b"text=\xff\xfe", headers)
    assert status == 400
    assert slack.calls == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_the_same_malformed_bodies_unsigned_get_401(front) -> None:
    base, _, _ = front
    for body, content_type in (("{not json", "application/json"), ("[1]", "application/json")):
        status, _ = raw_post(f"{base}/slack/events", body.encode(),
                             {"Content-Type": content_type})
        assert status == 401


def test_a_signed_event_still_gets_through(front) -> None:
    base, slack, _ = front
    body = event_body({"type": "app_mention", "user": "U1", "text": "<@UBOT> help",
                       "channel": "C1", "ts": "1700000000.000100"}, event_id="EvFront1")
    status, _ = raw_post(f"{base}/slack/events", body.encode(),
                         signed_headers(SECRET, body, content_type="application/json"))
    assert status == 200
    assert slack.wait_for("chat.postMessage")


def test_healthz_reports_database_index_and_scheduler(real_engine: Engine) -> None:
    with MockSlack() as slack:
        settings = load_settings({"SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-t",
                                  "SLACK_API_URL": slack.base_url})
        historian = Historian(real_engine)
        deliverer = Deliverer(real_engine, historian, client_for_team(settings, real_engine))
        scheduler = start_scheduler(deliverer)
        server = http_server(build_app(settings, real_engine, historian), settings, 0,
                             "127.0.0.1", health_checks(real_engine, historian, scheduler))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.port}"
        try:
            assert get(f"{base}/healthz") == (200, "ok")
            scheduler.shutdown(wait=False)
            status, text = get(f"{base}/healthz")
            assert status == 503 and "scheduler" in text
        finally:
            server.shutdown()


def test_metrics_count_acks_and_refusals(front) -> None:
    base, slack, _ = front
    raw_post(f"{base}/slack/events", _form(slack, "m"), {"X-Slack-Request-Timestamp": "abc"})
    status, text = get(f"{base}/metrics")
    assert status == 200
    assert 'reorg_requests_refused_total{status="401"}' in text
    assert "reorg_ack_seconds_count" in text
