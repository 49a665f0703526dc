"""app.yaml declares exactly what the code listens to and the scopes it calls with."""

from __future__ import annotations

import yaml

from bot.slack_app import BOT_SCOPES, EVENTS_PATH
from handlers.home import try_questions
from handlers.slack import ACTIONS, ASSISTANT_EVENTS, COMMANDS, EVENTS, OPTIONS, SHORTCUTS
from tests.conftest import PROJECT

MANIFEST = yaml.safe_load((PROJECT / "app.yaml").read_text(encoding="utf-8"))
REVOCATION_EVENTS = {"app_uninstalled", "tokens_revoked"}  # OAuth installs clean up on these
# The manifest names a `message` subscription by where it comes from: DMs with the bot, and
# channels (public and private), for follow-ups in the threads it answered.
MANIFEST_NAMES = {"message": {"message.im", "message.channels", "message.groups"}}


def test_commands_match_the_registered_listeners() -> None:
    declared = [c["command"] for c in MANIFEST["features"]["slash_commands"]]
    assert tuple(declared) == tuple(COMMANDS)
    for command in MANIFEST["features"]["slash_commands"]:
        assert command["url"].endswith(EVENTS_PATH)
        assert command["description"] and command["usage_hint"]


def test_events_match_the_registered_listeners() -> None:
    settings = MANIFEST["settings"]
    declared = set(settings["event_subscriptions"]["bot_events"])
    listened = {kind for name in EVENTS for kind in MANIFEST_NAMES.get(name, {name})}
    assert declared == listened | set(ASSISTANT_EVENTS) | REVOCATION_EVENTS
    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)


def test_interactivity_is_on_for_the_buttons() -> None:
    assert ACTIONS, "the code registers buttons"
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["settings"]["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert OPTIONS, "the time-zone select looks its options up"
    assert MANIFEST["settings"]["interactivity"]["message_menu_options_url"].endswith(
        EVENTS_PATH)


def test_shortcuts_match_the_registered_listeners() -> None:
    """Slack's manifest schema: a name of at most 24 characters, a description of 150."""
    shortcuts = MANIFEST["features"]["shortcuts"]
    assert {s["callback_id"] for s in shortcuts} == set(SHORTCUTS)
    for shortcut in shortcuts:
        assert shortcut["type"] == "message"
        assert 0 < len(shortcut["name"]) <= 24 and 0 < len(shortcut["description"]) <= 150


def test_the_assistant_panel_suggests_the_home_tabs_questions() -> None:
    view = MANIFEST["features"]["assistant_view"]
    assert view["assistant_description"]
    prompts = view["suggested_prompts"]
    assert [p["message"] for p in prompts] == try_questions("en")
    assert all(set(p) == {"title", "message"} for p in prompts) and len(prompts) <= 4


def test_scopes_are_the_ones_the_code_asks_for() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_home_tab_bot_user_and_socket_mode() -> None:
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["features"]["app_home"]["messages_tab_read_only_enabled"] is False, \
        "questions can be typed in the Messages tab"
    assert MANIFEST["features"]["bot_user"]["display_name"]
    assert "socket_mode_enabled" in MANIFEST["settings"]
    assert MANIFEST["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
