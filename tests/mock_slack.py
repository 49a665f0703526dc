"""A loopback stand-in for Slack's Web API that records every call and its body.

In the spirit of slack-bolt's tests/mock_web_api_server, but on port 0, recording bodies, and
programmable per method (errors, 429 with Retry-After, delays). Also serves response_urls.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response:<name>" for a response_url
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: bytes
    at: float = field(default_factory=time.monotonic)

    def json_field(self, name: str) -> Any:
        value = self.body.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class _Programmed:
    body: dict | None
    status: int
    headers: dict[str, str]
    times: int | None
    delay: float


class MockSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.history: dict[str, list[dict]] = {}
        self._programmed: dict[str, list[_Programmed]] = {}
        self._cond = threading.Condition()
        self._ts = itertools.count(100)
        self._server: ThreadingHTTPServer | None = None

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> MockSlack:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                mock._handle(self)

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> MockSlack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # --- inspection -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The first `count` calls to `method`, waiting for them to arrive (no fixed sleeps)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"{count} call(s) to {method} expected, "
                                         f"got {len(found)}; calls seen: {seen}")
                self._cond.wait(left)

    def reset(self) -> None:
        with self._cond:
            self.calls.clear()
            self._programmed.clear()

    def respond(self, method: str, body: dict | None = None, status: int = 200,
                headers: dict[str, str] | None = None, times: int | None = None,
                delay: float = 0.0) -> None:
        """Answer `method` this way (`times` calls, or always), before the defaults."""
        with self._cond:
            self._programmed.setdefault(method, []).append(
                _Programmed(body, status, headers or {}, times, delay))

    # --- serving ----------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length)
        path = urllib.parse.urlparse(request.path).path
        body = self._parse(raw, request.headers.get("Content-Type", ""))
        if path.startswith("/response/"):
            method = "response:" + path.rsplit("/", 1)[1]
        else:
            method = path.rsplit("/", 1)[-1]
        call = Call(method, path, dict(request.headers), body, raw)
        with self._cond:
            self.calls.append(call)
            programmed = self._take(method)
            self._cond.notify_all()
        if programmed and programmed.delay:
            time.sleep(programmed.delay)
        if method.startswith("response:"):
            status, payload, headers = 200, b"ok", {"Content-Type": "text/plain"}
        elif programmed and (programmed.body is not None or programmed.status != 200):
            status = programmed.status
            payload = json.dumps(programmed.body or {"ok": False}).encode()
            headers = {"Content-Type": "application/json", **programmed.headers}
        else:
            status, payload = 200, json.dumps(self._default(method, body)).encode()
            headers = {"Content-Type": "application/json"}
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _take(self, method: str) -> _Programmed | None:
        queue = self._programmed.get(method) or []
        while queue:
            first = queue[0]
            if first.times is None:
                return first
            if first.times > 0:
                first.times -= 1
                if first.times == 0:
                    queue.pop(0)
                return first
            queue.pop(0)
        return None

    @staticmethod
    def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
        text = raw.decode("utf-8") if raw else ""
        if "json" in content_type:
            return json.loads(text) if text else {}
        return {k: v[0] for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items()}

    def _default(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test",
                    "user": "reorg", "team_id": "T0001", "user_id": "UBOT", "bot_id": "B0001"}
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            message = {"type": "message", "ts": ts, "text": body.get("text", ""),
                       "bot_id": "B0001"}
            if body.get("metadata"):
                message["metadata"] = (json.loads(body["metadata"])
                                       if isinstance(body["metadata"], str) else body["metadata"])
            with self._cond:
                self.history.setdefault(body.get("channel", ""), []).insert(0, message)
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0001", "type": "home"}}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": body.get("channel"), "is_archived": False,
                                            "is_member": True}}
        if method == "conversations.history":
            with self._cond:
                messages = list(self.history.get(body.get("channel", ""), []))
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "oauth.v2.access":
            return {"ok": True, "access_token": "xoxb-installed-token", "token_type": "bot",
                    "scope": "commands,app_mentions:read,chat:write", "bot_user_id": "UBOT",
                    "app_id": "A0001", "team": {"id": "T0001", "name": "Test"},
                    "enterprise": None, "is_enterprise_install": False,
                    "authed_user": {"id": "U123"}}
        return {"ok": True}
