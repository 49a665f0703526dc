"""The one reader of the environment: every setting the app uses, checked at start-up."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'reorg.sqlite3'}"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what to set."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    default_tz: str
    port: int
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str | None = None

    @property
    def has_slack_credentials(self) -> bool:
        return any((self.slack_bot_token, self.slack_app_token, self.slack_client_id))


@functools.cache
def iana_zones() -> frozenset[str]:
    """The zone names of the `tzdata` package (a dependency), the same on every machine."""
    return frozenset(resources.files("tzdata").joinpath("zones").read_text().split())


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    port_text = get("PORT") or "3000"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SettingsError(f"PORT must be a TCP port number (1-65535), not {port_text!r}")
    tz = get("REORG_DEFAULT_TZ") or "Asia/Shanghai"
    if tz not in iana_zones():
        raise SettingsError(
            f"REORG_DEFAULT_TZ must be an IANA time zone such as Asia/Shanghai, not {tz!r}")
    api_url = get("SLACK_API_URL")
    if api_url and not api_url.endswith("/"):
        api_url += "/"
    return Settings(
        database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        default_tz=tz,
        port=int(port_text),
        slack_bot_token=get("SLACK_BOT_TOKEN"),
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_app_token=get("SLACK_APP_TOKEN"),
        slack_client_id=get("SLACK_CLIENT_ID"),
        slack_client_secret=get("SLACK_CLIENT_SECRET"),
        slack_api_url=api_url,
    )
