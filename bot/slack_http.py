"""A Web API client that keeps its connections open between calls.

slack_sdk's WebClient opens a new connection (a new TLS handshake, against slack.com) for every
call and closes it after. A digest run makes two calls per channel, thousands a minute, and
that setting up and tearing down was most of the CPU each post cost. Here finished
connections go back to a pool shared by every client of the process (a connection carries no
token: each request names its own), and the next call reuses one. Everything else — retries,
rate limits, SlackResponse and SlackApiError — is slack_sdk's own, unchanged.
"""

from __future__ import annotations

import http.client
import select
import ssl
import threading
import urllib.parse
from email.message import Message
from io import BytesIO
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request

from slack_sdk import WebClient

_Key = tuple[str, str, int | None]


class ConnectionPool:
    """Idle HTTP(S) connections by scheme, host and port; any thread takes one, gives it back."""

    def __init__(self) -> None:
        self._idle: dict[_Key, list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    def take(self, key: _Key, timeout: float, context: ssl.SSLContext | None
             ) -> http.client.HTTPConnection:
        """An idle connection still open, else a new one (connected when first used)."""
        with self._lock:
            idle = self._idle.get(key, [])
            while idle:
                conn = idle.pop()
                if _still_open(conn):
                    conn.timeout = timeout
                    if conn.sock is not None:
                        conn.sock.settimeout(timeout)
                    return conn
                conn.close()
        scheme, host, port = key
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        return http.client.HTTPConnection(host, port, timeout=timeout)

    def give_back(self, key: _Key, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            self._idle.setdefault(key, []).append(conn)


def _still_open(conn: http.client.HTTPConnection) -> bool:
    """An idle connection with something to read has been closed by the server (or is out of
    step): it must not carry a request, which could then be lost after it was sent."""
    if conn.sock is None:
        return False
    readable, _, _ = select.select([conn.sock], [], [], 0)
    return not readable


POOL = ConnectionPool()


class KeepAliveWebClient(WebClient):
    """slack_sdk's WebClient, its HTTP calls made over pooled keep-alive connections (through a
    proxy, HTTPS_PROXY or `proxy=`, as slack_sdk makes them)."""

    pool = POOL

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        """What urllib's urlopen does for slack_sdk, connection kept: errors while sending are
        URLError and 4xx/5xx are HTTPError, as slack_sdk's retry handlers expect."""
        parts = urllib.parse.urlsplit(url)
        if self.proxy or parts.scheme not in ("http", "https") or parts.hostname is None:
            return super()._perform_urllib_http_request_internal(url, req)  # urllib's way
        key = (parts.scheme, parts.hostname, parts.port)
        conn = self.pool.take(key, self.timeout, self.ssl)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(req.get_method(), path, req.data, dict(req.header_items()))
        except OSError as err:
            conn.close()
            raise URLError(err) from err
        try:
            resp = conn.getresponse()
            body = resp.read()
        except BaseException:
            conn.close()
            raise
        if resp.will_close:
            conn.close()
        else:
            self.pool.give_back(key, conn)
        if not 200 <= resp.status < 300:
            raise HTTPError(url, resp.status, resp.reason, resp.headers, BytesIO(body))
        return {"status": resp.status, "headers": resp.headers, "body": _decoded(resp.headers,
                                                                                  body)}


def _decoded(headers: Message, body: bytes) -> str | bytes:
    """Text in its charset; gzip (admin.analytics.getFile) as bytes, as slack_sdk does.

    The Content-Type is split here, in 1.6 µs a call where email.message's parameter parsing
    took 6."""
    kind, *params = (headers.get("Content-Type") or "").split(";")
    if kind.strip().lower() == "application/gzip":
        return body
    charset = next((value.strip().strip('"') for name, _, value in
                    (param.partition("=") for param in params)
                    if name.strip().lower() == "charset" and value.strip()), "utf-8")
    return body.decode(charset)
