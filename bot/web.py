"""The HTTP front door: every request from outside is authenticated before Bolt sees it.

Slack signs each request (HMAC-SHA256 over `v0:timestamp:body`). Bolt verifies too, but only
after it has parsed the body, and a malformed timestamp makes its check raise, which reaches the
error handler with the unverified body's `response_url`. So this layer reads the body within a
size limit, checks the timestamp's form and the signature, checks the body parses as Slack's
formats do, and only then hands the request on; everything else gets 4xx and no side effect.
`/healthz` and `/metrics` (GET) are answered here too; OAuth's GET pages go on to Bolt.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot import metrics

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
# Slack's largest payloads (an interaction carrying a 50-block message or a 100-block view, a
# 40,000-character message event) stay well under 512 KiB; 1 MiB leaves room for them and caps
# what one unauthenticated connection can make the server hold.
MAX_BODY_BYTES = 1 << 20
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")

log = logging.getLogger("reorg.http")
StartResponse = Callable[..., Any]
Environ = dict[str, Any]


class Refused(Exception):
    """A request that is answered with a status and a short reason, and nothing else."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def read_body(environ: Environ, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, never more than `limit` bytes read (413 past it)."""
    length_text = environ.get("CONTENT_LENGTH") or ""
    if length_text:
        if not length_text.isdigit():
            raise Refused("400 Bad Request", "bad Content-Length")
        if int(length_text) > limit:
            raise Refused("413 Content Too Large", f"bodies are limited to {limit} bytes")
        want = int(length_text)
    else:
        want = limit + 1  # chunked or unknown length: read up to the limit and judge by that
    stream = environ["wsgi.input"]
    chunks, size = [], 0
    while size < want:
        chunk = stream.read(min(65536, want - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise Refused("413 Content Too Large", f"bodies are limited to {limit} bytes")
    return b"".join(chunks)


def verify(verifier: SignatureVerifier, environ: Environ, body: bytes) -> None:
    """Slack's signature scheme; any malformed header is a plain 401, never an exception."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not _TIMESTAMP.match(timestamp) or not _SIGNATURE.match(signature):
        raise Refused("401 Unauthorized", "missing or malformed signature headers")
    try:
        text = body.decode("utf-8")  # Slack sends UTF-8; slack_sdk's verifier raises on others
    except UnicodeDecodeError as err:
        raise Refused("400 Bad Request", "the body is not UTF-8") from err
    if not verifier.is_valid(text, timestamp, signature):
        raise Refused("401 Unauthorized", "invalid or stale signature")


def check_shape(environ: Environ, body: bytes) -> None:
    """Refuse a verified body Bolt would choke on: Slack sends a JSON object or a form, and an
    event callback carries its event as an object."""
    text = body.decode("utf-8")  # verify() has refused anything else
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        found = _json_object(text, "the body")
        if found.get("type") == "event_callback" and not isinstance(found.get("event"), dict):
            raise Refused("400 Bad Request", "an event callback's event must be an object")
        return
    form = urllib.parse.parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        _json_object(form["payload"][0], "payload")
    elif "command" not in form and "ssl_check" not in form:
        raise Refused("400 Bad Request", "neither a command, an event nor an interaction")


def _json_object(text: str, what: str) -> dict:
    """`text` read as a JSON object, else Refused. Nesting deep enough to exhaust the parser
    raises RecursionError, not ValueError: refused all the same."""
    try:
        found = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise Refused("400 Bad Request", f"{what} is not valid JSON") from err
    if not isinstance(found, dict):
        raise Refused("400 Bad Request", f"{what} must be a JSON object")
    return found


class WebApp:
    """The WSGI application served in HTTP mode."""

    def __init__(self, app: App, signing_secret: str,
                 health: Callable[[], list[str]] = lambda: []) -> None:
        self._bolt = SlackRequestHandler(app, EVENTS_PATH)
        self._verifier = SignatureVerifier(signing_secret)
        self._health = health

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        if method == "GET" and path == HEALTH_PATH:
            problems = self._health()
            status = "503 Service Unavailable" if problems else "200 OK"
            return _plain(start_response, status, "\n".join(problems) or "ok")
        if method == "GET" and path == METRICS_PATH:
            start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
            return [generate_latest()]
        if path != EVENTS_PATH:
            return self._bolt(environ, start_response)  # OAuth pages, or Bolt's 404
        if method != "POST":
            return _plain(start_response, "405 Method Not Allowed", "POST only")
        started = time.perf_counter()
        try:
            body = read_body(environ)
            verify(self._verifier, environ, body)
            check_shape(environ, body)
        except Refused as refused:
            metrics.REFUSED.labels(status=refused.status.split()[0]).inc()
            log.info("refused %s: %s", refused.status, refused)
            return _plain(start_response, refused.status, str(refused))
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        try:
            return self._bolt(environ, start_response)
        finally:
            metrics.ACK_SECONDS.observe(time.perf_counter() - started)


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    data = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(data)))])
    return [data]
