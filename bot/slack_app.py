"""The Bolt app and its modes: Socket Mode, HTTP (one path for everything), OAuth installs."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import waitress
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, text

from bot.chat import Chat
from bot.delivery import ClientFor, Deliverer
from bot.reports import MistakeReports
from bot.settings import Settings
from bot.slack_access import SlackAccess
from bot.slack_state import EventReceipts, ThreadMemory, UserPrefs
from bot.subscriptions import Subscriptions
from bot.web import EVENTS_PATH, MAX_BODY_BYTES, WebApp
from handlers.slack import register
from knowledge.historian import Historian

# conversations.history (channels:history, groups:history) lets a recovering deliverer look
# for a digest an interrupted run may have posted, before it posts again, and the same scopes
# bring message.channels / message.groups (follow-ups in threads it answered); im:history brings
# the questions typed in the bot's Messages tab; conversations.info (channels:read,
# groups:read, im:read, mpim:read) tells whether the bot is in a channel before it subscribes
# it; users.info (users:read) who is a workspace admin; assistant:write the assistant panel.
BOT_SCOPES = ["commands", "app_mentions:read", "chat:write", "channels:history",
              "groups:history", "im:history", "channels:read", "groups:read", "im:read",
              "mpim:read", "users:read", "assistant:write",
              "files:write", "im:write"]  # the org chart's picture, in the thread or a DM
# Listeners ack first and then work; a pool this size keeps a burst of slow answers from
# starving the acks of the requests behind them.
LISTENER_THREADS = 32
OAUTH_STATE_SECONDS = 600
DIGEST_JOB_ID = "digest-delivery"


class MissingCredentials(Exception):
    """Names the settings a mode needs and does not have."""


def missing_credentials(settings: Settings) -> list[str]:
    missing = []
    if not settings.slack_app_token and not settings.slack_signing_secret:
        missing.append("SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
    if not settings.slack_bot_token and not settings.slack_client_id:
        missing.append("SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
                       "SLACK_CLIENT_SECRET (OAuth install)")
    if settings.slack_client_id and not settings.slack_client_secret:
        missing.append("SLACK_CLIENT_SECRET (goes with SLACK_CLIENT_ID)")
    if settings.slack_client_id and not settings.slack_signing_secret:
        missing.append("SLACK_SIGNING_SECRET (the OAuth install flow runs over HTTP)")
    return missing


def build_app(settings: Settings, engine: Engine, historian: Historian) -> App:
    missing = missing_credentials(settings)
    if missing:
        raise MissingCredentials("; ".join(missing))
    client = web_client(settings, settings.slack_bot_token)
    common = {
        "signing_secret": settings.slack_signing_secret or "",
        "listener_executor": ThreadPoolExecutor(max_workers=LISTENER_THREADS),
        "logger": logging.getLogger("reorg.slack"),
    }
    if settings.slack_client_id:
        oauth = OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=BOT_SCOPES,
            installation_store=SQLAlchemyInstallationStore(settings.slack_client_id, engine),
            state_store=SQLAlchemyOAuthStateStore(OAUTH_STATE_SECONDS, engine),
        )
        app = App(oauth_settings=oauth, client=web_client(settings, None), **common)
        app.enable_token_revocation_listeners()
    else:
        app = App(client=client,
                  token_verification_enabled=False, **common)
        # app.yaml subscribes to these for the OAuth mode, where Bolt's own listeners delete
        # the installation; with one token there is nothing to delete, but an unhandled event
        # gets 404 and Slack would keep retrying it.
        for name in ("app_uninstalled", "tokens_revoked"):
            app.event(name)(_token_gone)
    tz = ZoneInfo(settings.default_tz)
    chat = Chat(historian, lambda place: ThreadMemory(engine, place.team, place.channel,
                                                      place.thread),
                UserPrefs(engine), lambda: dt.datetime.now(tz).date(),
                subscriptions=Subscriptions(engine), receipts=EventReceipts(engine),
                default_tz=settings.default_tz,
                access=SlackAccess(client_for_team(settings, engine)),
                reports=MistakeReports(engine))
    register(app, chat)
    return app


def _token_gone(body: dict) -> None:
    logging.getLogger("reorg").warning(
        "Slack says %s for team %s: SLACK_BOT_TOKEN no longer works there",
        body.get("event", {}).get("type"), body.get("team_id"))


def web_client(settings: Settings, token: str | None) -> WebClient:
    """A Web API client that waits out 429s (Retry-After) and retries 5xx and network errors."""
    client = WebClient(token=token, base_url=settings.slack_api_url or WebClient.BASE_URL)
    client.retry_handlers.extend([
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ])
    return client


def client_for_team(settings: Settings, engine: Engine) -> ClientFor:
    """The bot's client for a workspace: the one token, or the token its install stored."""
    if not settings.slack_client_id:
        shared = web_client(settings, settings.slack_bot_token)
        return lambda _team: shared
    store = SQLAlchemyInstallationStore(settings.slack_client_id, engine)

    def lookup(team_id: str) -> WebClient | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        return web_client(settings, bot.bot_token) if bot and bot.bot_token else None

    return lookup


def start_scheduler(deliverer: Deliverer) -> BackgroundScheduler:
    """One job, fixed id, every minute. Each replica runs its own scheduler: exactly-once
    comes from the delivery ledger in the database, never from the scheduler."""
    scheduler = BackgroundScheduler(timezone=dt.UTC)
    scheduler.add_job(lambda: deliverer.deliver_due(dt.datetime.now(dt.UTC)),
                      IntervalTrigger(seconds=60), id=DIGEST_JOB_ID, replace_existing=True,
                      coalesce=True, max_instances=1, misfire_grace_time=120)
    scheduler.start()
    return scheduler


class HttpServer:
    """The app served by waitress: a production WSGI server with bounded bodies and
    connections, in place of the standard library's `wsgiref` (not meant for production)."""

    # Acks are quick (listeners work on their own pool), so a few threads serve many requests;
    # past the connection limit new connections wait in the backlog instead of costing memory.
    THREADS = 8
    CONNECTION_LIMIT = 200
    BACKLOG = 128  # a burst of concurrent commands must not meet 1 s SYN retries

    def __init__(self, wsgi: WebApp, port: int, host: str) -> None:
        self._server = waitress.create_server(
            wsgi, host=host, port=port, threads=self.THREADS,
            connection_limit=self.CONNECTION_LIMIT, backlog=self.BACKLOG,
            max_request_body_size=MAX_BODY_BYTES, max_request_header_size=64 * 1024,
            channel_timeout=30, clear_untrusted_proxy_headers=True, ident="reorg")

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        """Stop accepting, close open connections and let `serve_forever` return.

        The closing runs on the server's own loop (through its trigger), never under a select
        in progress; the loop ends when nothing is left to watch."""
        def close_all() -> None:
            for channel in list(self._server._map.values()):
                if channel is not self._server.trigger:
                    channel.close()
            self._server.trigger.close()

        self._server.trigger.pull_trigger(close_all)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)


def http_server(app: App, settings: Settings, port: int | None = None,
                host: str = "0.0.0.0", health: Callable[[], list[str]] = lambda: []
                ) -> HttpServer:
    """Commands, events, interactivity on /slack/events; OAuth on /slack/install and
    redirect; /healthz and /metrics."""
    wsgi = WebApp(app, settings.slack_signing_secret or "", health)
    return HttpServer(wsgi, settings.port if port is None else port, host)


def health_checks(engine: Engine, historian: Historian,
                  scheduler: BackgroundScheduler | None) -> Callable[[], list[str]]:
    """What /healthz reports: one line per problem, none when the app can answer."""

    def problems() -> list[str]:
        found = []
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as err:  # any failure to reach the database is the finding
            found.append(f"database unreachable: {type(err).__name__}")
        if historian.index is None:
            found.append("search index not loaded")
        if scheduler is None or not scheduler.running or scheduler.get_job(DIGEST_JOB_ID) is None:
            found.append("digest scheduler not running")
        return found

    return problems


def serve(settings: Settings, engine: Engine, historian: Historian) -> None:
    app = build_app(settings, engine, historian)
    scheduler = start_scheduler(Deliverer(engine, historian, client_for_team(settings, engine)))
    try:
        if settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            SocketModeHandler(app, settings.slack_app_token).start()
            return
        server = http_server(app, settings, health=health_checks(engine, historian, scheduler))
        logging.getLogger("reorg").info("listening on port %s at %s", server.port, EVENTS_PATH)
        server.serve_forever()
    finally:
        scheduler.shutdown(wait=False)
