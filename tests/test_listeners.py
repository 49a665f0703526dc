"""Each listener on its own, as slack-samples' starter template tests them: fake ack, respond
and client, and a stand-in for the conversation service."""

from __future__ import annotations

from dataclasses import dataclass, field
from unittest.mock import Mock

from handlers.actions import ActionId, Shown, encode_query
from handlers.replies import DigestReply, Place
from handlers.slack import on_command, on_mention, on_more, on_subscription_button
from knowledge.answer import Answer, Outcome
from knowledge.intent import Intent


@dataclass
class FakeChat:
    seen: set[str] = field(default_factory=set)
    calls: list[tuple] = field(default_factory=list)

    def ask(self, place: Place, text: str):
        self.calls.append(("ask", place, text))
        if text.startswith("subscribe"):
            return DigestReply(Intent.SUBSCRIBE, "en", error="“25:00” is not a time of day.")
        return Answer(intent=Intent.HELP, query=text, lang="en", outcome=Outcome.HELP)

    def turn_to(self, place: Place, query: str, lang: str, page: int) -> Answer:
        self.calls.append(("turn_to", place, query, lang, page))
        return Answer(intent=Intent.PERIOD, query=query, lang=lang, page=page)

    def first_time(self, event_id: str, team: str | None) -> bool:
        new = event_id not in self.seen
        self.seen.add(event_id)
        return new

    def not_answered(self, event_id: str) -> None:
        self.seen.discard(event_id)

    def preview(self, place: Place, subscription_id: int) -> Answer | None:
        return None

    def user_lang(self, place: Place) -> str:
        return "en"


def test_a_command_acks_asks_once_and_responds_ephemerally() -> None:
    chat, ack, respond = FakeChat(), Mock(), Mock()
    on_command(ack=ack, command={"team_id": "T1", "channel_id": "C1", "user_id": "U1",
                                 "text": "help"}, respond=respond, client=Mock(),
               context={"chat": chat})
    ack.assert_called_once_with()
    assert chat.calls == [("ask", Place("T1", "C1", "slash:U1", "U1"), "help")]
    assert respond.call_args.kwargs["response_type"] == "ephemeral"
    assert respond.call_args.kwargs["blocks"]


def test_a_bad_subscription_is_answered_with_an_example() -> None:
    respond = Mock()
    client = Mock()
    on_command(ack=Mock(), command={"text": "subscribe 25:00"}, respond=respond,
               client=client, context={"chat": FakeChat()})
    assert "/reorg subscribe 09:00" in respond.call_args.kwargs["text"]
    client.chat_postMessage.assert_not_called()  # nothing subscribed: no notice


def test_more_pages_on_in_the_same_place_as_the_command() -> None:
    chat, respond = FakeChat(), Mock()
    body = {"team": {"id": "T1"}, "user": {"id": "U1"}, "channel": {"id": "C1"}}
    on_more(ack=Mock(), action={"value": encode_query(Shown("2013", "en", 1))}, body=body,
            respond=respond, client=Mock(), context={"chat": chat})
    assert chat.calls == [("turn_to", Place("T1", "C1", "slash:U1", "U1"), "2013", "en", 2)]
    assert respond.call_args.kwargs["replace_original"] is True


def test_a_repeated_mention_is_answered_once_and_without_the_bot_mention() -> None:
    chat, client = FakeChat(), Mock()
    body = {"event_id": "Ev1", "team_id": "T1"}
    event = {"channel": "C1", "ts": "1.1", "user": "U1", "text": "<@UBOT> help"}
    for _ in range(2):
        on_mention(body=body, event=event, client=client, context={"chat": chat})
    client.chat_postMessage.assert_called_once()
    assert chat.calls == [("ask", Place("T1", "C1", "1.1", "U1"), "  help")]


def test_a_preview_of_another_workspace_opens_nothing() -> None:
    client = Mock()
    on_subscription_button(ack=Mock(), action={"action_id": ActionId.PREVIEW.value,
                                               "value": "7"},
                           body={"team": {"id": "T1"}, "user": {"id": "U1"}, "trigger_id": "x"},
                           client=client, context={"chat": FakeChat()})
    client.views_open.assert_not_called()
