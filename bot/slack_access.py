"""What Slack says about a workspace's people and channels: who is an admin, whether the bot
can post in a channel. Asked of the Web API with the workspace's own token.

Admin status and time zones are cached for a while (users.info is rate limited, and the Home
tab is published on every visit); channel access is always asked afresh, since it is asked
only when someone subscribes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.delivery import ClientFor

log = logging.getLogger(__name__)
USER_TTL_SECONDS = 600.0
NO_INSTALLATION = "no_installation"  # the workspace has no token (an OAuth install is gone)
UNREACHABLE = "unreachable"  # Slack could not be asked


@dataclass(frozen=True)
class Member:
    admin: bool  # a workspace admin or owner
    tz: str | None  # the zone Slack has for the user (IANA name)


class SlackAccess:
    """`bot.chat.Access` over the Web API."""

    def __init__(self, client_for: ClientFor,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client_for = client_for
        self.clock = clock
        self._members: dict[tuple[str, str], tuple[float, Member]] = {}
        self._lock = threading.Lock()

    def channel_problem(self, team: str, channel: str) -> str | None:
        """None when the bot can post in `channel`, else why not as a Slack error code
        (not_in_channel, channel_not_found, is_archived, missing_scope …)."""
        client = self.client_for(team)
        if client is None:
            return NO_INSTALLATION
        try:
            info = client.conversations_info(channel=channel)["channel"]
        except SlackApiError as err:
            return str(err.response.get("error") or UNREACHABLE)
        except (SlackClientError, OSError) as err:
            log.warning("conversations.info for %s failed: %s", channel, err)
            return UNREACHABLE
        if info.get("is_archived"):
            return "is_archived"
        # The bot sees a DM or group DM only when it is in it; a channel says is_member.
        if info.get("is_im") or info.get("is_mpim"):
            return None
        return None if info.get("is_member") else "not_in_channel"

    def member(self, team: str, user: str) -> Member:
        """What users.info says of `user`; a plain member when Slack cannot be asked."""
        key, now = (team, user), self.clock()
        with self._lock:
            cached = self._members.get(key)
        if cached and now - cached[0] < USER_TTL_SECONDS:
            return cached[1]
        client = self.client_for(team)
        if client is None:
            return Member(False, None)
        try:
            found = client.users_info(user=user)["user"]
        except (SlackClientError, OSError) as err:  # not cached: the next visit asks again
            log.warning("users.info for %s failed: %s", user, err)
            return Member(False, None)
        member = Member(bool(found.get("is_admin") or found.get("is_owner")), found.get("tz"))
        with self._lock:
            self._members[key] = (now, member)
        return member

    def is_admin(self, team: str, user: str) -> bool:
        return self.member(team, user).admin

    def user_zone(self, team: str, user: str) -> str | None:
        return self.member(team, user).tz
