"""A loopback stand-in for Slack's Web API that records every call and can be told how to answer.

In the spirit of slack-bolt's tests/mock_web_api_server, but: it listens on port 0 (tests never
collide), records each request with its parsed body, answers like Slack's documented responses,
can be programmed per method (errors, 429 with Retry-After, 500s, latency), serves response_urls,
and remembers posted messages so conversations.history can find them again.

    with MockSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].body["text"] == "hi"

`python -m tests.mock_slack [post_delay_seconds]` serves until killed and prints its base_url,
for benchmarks that run the app in other processes; POST `<base_url>mock.stats` for counts.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

TEAM_ID = "T0001"
TEAM_NAME = "Test"
TEAM_DOMAIN = "test"
APP_ID = "A0001"
BOT_ID = "B0001"
BOT_USER_ID = "UBOT"
INSTALLED_TOKEN = "xoxb-installed-token"

_FIRST_TS = 1_700_000_000
# The `error` Slack sends with these statuses when a test programs a status but no body.
_STATUS_ERRORS = {429: "ratelimited", 500: "internal_error", 503: "service_unavailable"}


class Headers(dict[str, str]):
    """Request headers, keyed in lower case and looked up case-insensitively, as HTTP means."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__((key.lower(), value) for key, value in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class Call:
    """One request as the stand-in received it."""

    method: str  # "chat.postMessage", or "response:<name>" for a post to response_url(name)
    path: str
    headers: dict[str, str]
    body: dict[str, Any]  # JSON body, or form/query fields (one value: str; repeated: list)
    raw: bytes
    at: float = field(default_factory=time.monotonic)  # monotonic clock: order and gaps

    def json_field(self, name: str) -> Any:
        """A field Slack receives as a JSON string in forms (blocks, metadata, view), decoded.

        JSON bodies already hold it decoded; either way the test sees the structure.
        """
        return _decoded(self.body.get(name))

    @property
    def token(self) -> str | None:
        """The token the caller used: the Bearer header, else a `token` field."""
        for key, value in self.headers.items():
            if key.lower() == "authorization" and value.startswith("Bearer "):
                return value.removeprefix("Bearer ")
        token = self.body.get("token")
        return token if isinstance(token, str) else None


@dataclass
class _Answer:
    body: dict[str, Any] | None  # None: the default answer (or a plain error for non-200)
    status: int
    headers: dict[str, str]
    times: int | None  # calls left; None: always
    delay: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # bursts from many client threads at once

    def __init__(self, mock: MockSlack) -> None:
        self.mock = mock
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client gave up (e.g. timed out during a programmed delay)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # slack_sdk sends read methods (conversations.history...) as GET
        self.server.mock._handle(self)

    def do_POST(self) -> None:
        self.server.mock._handle(self)

    def log_message(self, format: str, *args: Any) -> None:
        """No request log on stderr: test output stays readable."""


class MockSlack:
    """Slack's Web API on 127.0.0.1:<free port>, recording calls; see the module docstring."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        # channel -> messages posted there, in posting order (tests may seed it too: dicts with
        # at least "ts" and "text"); conversations.history serves them newest first.
        self.history: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        # What conversations.info and users.info say beyond their defaults (a member of every
        # channel; no admins): channel -> fields, or {"error": code}; user -> fields.
        self.channels: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._timed: dict[str, list[_Answer]] = {}
        self._always: dict[str, _Answer] = {}
        self._ts = itertools.count(100)
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._defaults: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "auth.revoke": lambda _body: {"ok": True, "revoked": True},
            "apps.uninstall": lambda _body: {"ok": True},
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": lambda _body: {"ok": True, "message_ts": self._next_ts()},
            "chat.update": self._update_message,
            "chat.delete": self._delete_message,
            "conversations.info": self._conversation_info,
            "conversations.history": self._conversation_history,
            "conversations.replies": self._conversation_replies,
            "users.info": self._user_info,
            "views.publish": lambda body: self._view(body, "home"),
            "views.open": lambda body: self._view(body, "modal"),
            "views.update": lambda body: self._view(body, "modal"),
            "views.push": lambda body: self._view(body, "modal"),
            "assistant.threads.setStatus": lambda _body: {"ok": True},
            "assistant.threads.setSuggestedPrompts": lambda _body: {"ok": True},
            "assistant.threads.setTitle": lambda _body: {"ok": True},
            "oauth.v2.access": self._oauth_access,
            # files_upload_v2: an upload URL here, the bytes posted to it, then completion
            "files.getUploadURLExternal": self._upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "conversations.open": lambda body: {"ok": True, "channel": {
                "id": "D" + str(body.get("users", "")).split(",")[0]}},
        }

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> Self:
        """Listen on a free port, serving from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("MockSlack is already running")
        self._stopping.clear()
        self._server = _Server(self)
        # A short poll interval keeps stop() (hence every test's teardown) quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True, name=f"MockSlack:{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port; requests still sleeping a delay end at once."""
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("MockSlack is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What WebClient(base_url=...) wants: ends in /api/."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url whose posts are recorded as method "response:<name>"."""
        return f"http://127.0.0.1:{self.port}/response/{urllib.parse.quote(name, safe='')}"

    # --- inspection ---------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """The calls to `method` so far, oldest first."""
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The first `count` calls to `method`, waiting until they arrive (no fixed sleeps).

        Raises AssertionError naming what did arrive when `timeout` runs out.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"expected {count} call(s) to {method} within "
                                         f"{timeout}s, got {len(found)}; calls seen: {seen}")
                self._cond.wait(left)

    def reset(self) -> None:
        """Forget calls, programmed answers and history (ts values keep increasing)."""
        with self._cond:
            self.calls.clear()
            self._timed.clear()
            self._always.clear()
            self.history.clear()
            self.channels.clear()
            self.users.clear()

    def respond(self, method: str, body: dict[str, Any] | None = None, status: int = 200,
                headers: dict[str, str] | None = None, times: int | None = None,
                delay: float = 0.0) -> None:
        """Program how `method` answers: for the next `times` calls, or always (None).

        Answers with a `times` are used first, in the order programmed; then the latest
        `times=None` answer; then the default. `body=None` with status 200 keeps the default
        answer (and its effects on history) but adds `headers` and `delay`; `body=None` with
        another status sends {"ok": false, "error": <what Slack sends for it>}. For
        "response:<name>" a None body answers in plain text, as Slack's response_url does.
        A delay happens after the call is recorded and its effects applied, as when Slack
        posts a message but the answer is slow or lost.
        """
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for always")
        answer = _Answer(body, status, dict(headers or {}), times, delay)
        with self._cond:
            if times is None:
                self._always[method] = answer
            else:
                self._timed.setdefault(method, []).append(answer)

    # --- serving --------------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        body = _parse_body(raw, request.headers.get("Content-Type", ""), url.query)
        method = _method_of(url.path)
        if method == "mock.stats":
            self._send(request, 200, json.dumps(self._stats()).encode(),
                       {"Content-Type": "application/json"})
            return
        call = Call(method, url.path, Headers(request.headers.items()), body, raw)
        with self._cond:  # record, choose and apply the answer atomically, then wake waiters
            self.calls.append(call)
            answer = self._take(method)
            status, payload, headers = self._answer(method, body, answer)
            self._cond.notify_all()
        if answer is not None and answer.delay > 0:
            self._stopping.wait(answer.delay)
        self._send(request, status, payload, headers)

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, payload: bytes,
              headers: dict[str, str]) -> None:
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _take(self, method: str) -> _Answer | None:
        queue = self._timed.get(method)
        if queue:
            answer = queue[0]
            assert answer.times is not None
            answer.times -= 1
            if answer.times == 0:
                queue.pop(0)
            return answer
        return self._always.get(method)

    def _answer(self, method: str, body: dict[str, Any],
                answer: _Answer | None) -> tuple[int, bytes, dict[str, str]]:
        extra = answer.headers if answer else {}
        text = {"Content-Type": "text/plain; charset=utf-8"}
        as_json = {"Content-Type": "application/json; charset=utf-8"}
        if answer is not None and answer.body is not None:
            return answer.status, json.dumps(answer.body).encode(), {**as_json, **extra}
        status = answer.status if answer else 200
        if method.startswith("response:") or method == "upload":
            reply = "ok" if status == 200 else HTTPStatus(status).phrase
            return status, reply.encode(), {**text, **extra}
        if status != 200:
            error = {"ok": False, "error": _STATUS_ERRORS.get(status, "http_error")}
            return status, json.dumps(error).encode(), {**as_json, **extra}
        default = self._defaults.get(method, lambda _body: {"ok": True})(body)
        return 200, json.dumps(default).encode(), {**as_json, **extra}

    def _stats(self) -> dict[str, Any]:
        with self._cond:
            counts: dict[str, int] = {}
            for call in self.calls:
                counts[call.method] = counts.get(call.method, 0) + 1
            posts = [c for c in self.calls if c.method == "chat.postMessage"]
        # Messages and threaded replies apart: a digest's reply is not a second digest.
        return {"ok": True, "calls": counts,
                "posted": [c.body.get("channel") for c in posts if not c.body.get("thread_ts")],
                "replies": [c.body.get("channel") for c in posts if c.body.get("thread_ts")]}

    # --- default answers (called with the lock held) --------------------------------------------

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{_FIRST_TS + n // 1_000_000}.{n % 1_000_000:06d}"

    def _auth_test(self, _body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"https://{TEAM_DOMAIN}.slack.com/", "team": TEAM_NAME,
                "user": "reorg", "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                "is_enterprise_install": False}

    def _upload_url(self, body: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids)}"
        return {"ok": True, "file_id": file_id,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}

    def _complete_upload(self, body: dict[str, Any]) -> dict[str, Any]:
        files = body.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")}
                                      for f in files]}

    def uploads(self) -> list[tuple[dict[str, Any], bytes]]:
        """Each file uploaded and completed: (files.completeUploadExternal's fields, bytes)."""
        sent = [c.raw for c in self.calls_to("upload")]
        done = self.calls_to("files.completeUploadExternal")
        return list(zip((c.body for c in done), sent, strict=False))

    def _post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = str(body.get("channel", ""))
        ts = self._next_ts()
        message: dict[str, Any] = {"type": "message", "ts": ts, "text": body.get("text", ""),
                                   "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID,
                                   "team": TEAM_ID}
        for name in ("blocks", "metadata"):
            value = _decoded(body.get(name))
            if value:
                message[name] = value
        if body.get("thread_ts"):
            message["thread_ts"] = str(body["thread_ts"])
            if _truthy(body.get("reply_broadcast")):
                message["reply_broadcast"] = True
        self.history[channel].append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def _find(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.history.get(channel, []) if m.get("ts") == ts), None)

    def _update_message(self, body: dict[str, Any]) -> dict[str, Any]:
        """Lenient like the rest: a ts the stand-in never saw is still "updated"."""
        channel, ts = str(body.get("channel", "")), str(body.get("ts", ""))
        message = self._find(channel, ts)
        if message is not None:
            if "text" in body:
                message["text"] = body["text"]
            for name in ("blocks", "metadata"):
                if name in body:
                    message[name] = _decoded(body[name])
            message["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
        echoed = message or {"type": "message", "ts": ts, "text": body.get("text", "")}
        return {"ok": True, "channel": channel, "ts": ts, "text": echoed.get("text", ""),
                "message": dict(echoed)}

    def _delete_message(self, body: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(body.get("channel", "")), str(body.get("ts", ""))
        message = self._find(channel, ts)
        if message is not None:
            self.history[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": ts}

    def _conversation_info(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = str(body.get("channel", ""))
        told = self.channels.get(channel, {})
        if "error" in told:
            return {"ok": False, "error": told["error"]}
        return {"ok": True, "channel": {
            "id": channel, "name": "general", "is_channel": not channel.startswith("D"),
            "is_im": channel.startswith("D"), "is_private": False, "is_archived": False,
            "is_member": True, "context_team_id": TEAM_ID, **told}}

    def _listed(self, messages: Iterable[dict[str, Any]], body: dict[str, Any],
                newest_first: bool) -> dict[str, Any]:
        with_metadata = _truthy(body.get("include_all_metadata"))
        found = sorted(messages, key=lambda m: float(m.get("ts", 0)), reverse=newest_first)
        found = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
                 for m in found]
        limit = int(body.get("limit") or 100)
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit,
                "pin_count": 0, "response_metadata": {"next_cursor": ""}}

    def _conversation_history(self, body: dict[str, Any]) -> dict[str, Any]:
        """Top-level messages (thread replies only when broadcast), newest first.

        `oldest`/`latest` are ignored: the stand-in's ts clock is synthetic (1700000000.x)
        while callers compute bounds from their own, often simulated, clock.
        """
        channel = str(body.get("channel", ""))
        top = [m for m in self.history.get(channel, [])
               if m.get("thread_ts") in (None, m.get("ts")) or m.get("reply_broadcast")]
        return self._listed(top, body, newest_first=True)

    def _conversation_replies(self, body: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(body.get("channel", "")), str(body.get("ts", ""))
        thread = [m for m in self.history.get(channel, [])
                  if ts in (m.get("ts"), m.get("thread_ts"))]
        return self._listed(thread, body, newest_first=False)

    def _user_info(self, body: dict[str, Any]) -> dict[str, Any]:
        user = str(body.get("user", ""))
        name = f"user-{user.lower()}"
        return {"ok": True, "user": {
            "id": user, "team_id": TEAM_ID, "name": name, "real_name": name, "deleted": False,
            "is_bot": False, "is_admin": False, "tz": "America/Los_Angeles",
            "tz_label": "Pacific Standard Time", "tz_offset": -28800,
            "profile": {"real_name": name, "display_name": name, "team": TEAM_ID},
            **self.users.get(user, {})}}

    def _view(self, body: dict[str, Any], kind: str) -> dict[str, Any]:
        view = _decoded(body.get("view")) or {}
        view_id = body.get("view_id") or f"V{next(self._ids):08d}"
        return {"ok": True, "view": {
            "id": view_id, "team_id": TEAM_ID, "type": view.get("type", kind),
            "blocks": view.get("blocks", []), "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""), "state": {"values": {}},
            "hash": f"{time.time():.6f}.mock", "root_view_id": view_id,
            "previous_view_id": None, "app_id": APP_ID, "bot_id": BOT_ID}}

    def _oauth_access(self, _body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "access_token": INSTALLED_TOKEN, "token_type": "bot",
                "scope": "commands,app_mentions:read,chat:write", "bot_user_id": BOT_USER_ID,
                "app_id": APP_ID, "team": {"id": TEAM_ID, "name": TEAM_NAME},
                "enterprise": None, "is_enterprise_install": False,
                "authed_user": {"id": "U123"}}


def _method_of(path: str) -> str:
    if path.startswith("/upload/"):  # a file's bytes, to the URL files.getUploadURLExternal gave
        return "upload"
    if path.startswith("/response/"):
        return "response:" + urllib.parse.unquote(path.removeprefix("/response/"))
    return path.rstrip("/").rsplit("/", 1)[-1]


def _parse_body(raw: bytes, content_type: str, query: str) -> dict[str, Any]:
    """Query fields plus the body's: JSON as sent, forms as strings (JSON fields stay strings)."""
    fields: dict[str, Any] = _form(query)
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type.lower():
        try:
            parsed = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError:
            parsed = {}
        if isinstance(parsed, dict):
            fields.update(parsed)
    elif text:
        fields.update(_form(text))
    return fields


def _form(text: str) -> dict[str, Any]:
    pairs = urllib.parse.parse_qs(text, keep_blank_values=True)
    return {key: values[0] if len(values) == 1 else values for key, values in pairs.items()}


def _decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _truthy(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


def main(argv: list[str]) -> None:
    """Serve until killed, printing base_url; argv[0] optionally delays chat.postMessage."""
    delay = float(argv[0]) if argv else 0.0
    mock = MockSlack().start()
    if delay:
        mock.respond("chat.postMessage", delay=delay)
    print(mock.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        mock.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
