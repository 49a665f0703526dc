"""The App Home tab and the modals it opens, as Block Kit: pure builders, tested without Slack.

Home is a working surface: what the base covers (counted, never hard-coded), buttons that ask,
the language, today's stories, and the digests this user may manage — laid out within Slack's
100 blocks, with "N more" where a list is longer than what is shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    DividerBlock,
    ExternalDataSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from handlers.actions import ActionId, ViewId
from handlers.blocks import event_menu, reply_message, subscription_buttons, subscription_line
from handlers.kit import SECTION_LIMIT, context_line, escape, link
from handlers.messages import LANG_NAMES, say
from handlers.render import Surface, event_lines
from handlers.replies import Home, Reply, SubscriptionView
from handlers.sentence import human_period
from knowledge.answer import Answer, Outcome
from knowledge.langs import LANGS

HOME_BLOCKS = 100  # Slack's limit for a Home tab and for a modal
HOME_SUBSCRIPTIONS = 10  # listed (two blocks each) before "N more"
TODAY_STORIES = 3
TRY_KEYS = ("try_1", "try_2", "try_3")
QUESTION_LIMIT = 500
WHAT_LIMIT, SOURCE_LIMIT = 2000, 500
DEFAULT_TIME = "09:00"
# block_id and action_id of each modal input, as the view_submission's state holds them.
QUESTION = ("question", "text")
CHANNEL, TIME, ZONE, LANG = ("channel", "value"), ("time", "value"), \
    ("zone", ActionId.ZONE.value), ("lang", "value")
WHAT, SOURCE = ("what", "text"), ("source", "text")


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text[:SECTION_LIMIT])


def try_questions(lang: str) -> list[str]:
    """The Home tab's "Try" questions (and the assistant's suggested prompts)."""
    return [say(key, lang) for key in TRY_KEYS]


def _lang_option(lang: str) -> Option:
    return Option(value=lang, label=LANG_NAMES[lang])


def _lang_select(action_id: str, chosen: str | None, placeholder: str) -> StaticSelectElement:
    return StaticSelectElement(action_id=action_id, placeholder=placeholder,
                               options=[_lang_option(lang) for lang in LANGS],
                               initial_option=_lang_option(chosen) if chosen else None)


def home_view(home: Home) -> dict:
    """The App Home tab (views.publish)."""
    lang = home.today.lang
    blocks = [*_welcome(home, lang), DividerBlock(), *_org(lang), DividerBlock(),
              *_today(home.today), DividerBlock(), *_digests(home, lang)]
    return View(type="home", blocks=blocks[:HOME_BLOCKS]).to_dict()


def _welcome(home: Home, lang: str) -> list[Block]:
    counts = home.counts
    return [
        HeaderBlock(text=PlainTextObject(text=say("home_title", lang), emoji=False)),
        SectionBlock(text=_md(say("home_welcome", lang, events=counts.events,
                                  first=counts.first_year, last=counts.last_year,
                                  sources=counts.sources))),
        ActionsBlock(elements=[
            ButtonElement(text=say("button_ask", lang), action_id=ActionId.ASK.value,
                          style="primary", value=lang),
            _lang_select(ActionId.LANG.value, home.lang, say("lang_placeholder", lang)),
        ]),
        context_line(say("try_label", lang)),
        ActionsBlock(elements=[
            ButtonElement(text=question[:75], action_id=f"{ActionId.TRY.value}_{i}",
                          value=question) for i, question in enumerate(try_questions(lang), 1)]),
        context_line(say("home_where", lang)),
    ]


def _org(lang: str) -> list[Block]:
    """The org chart of today, or of any day picked: answered in a modal, its picture in a DM."""
    return [
        SectionBlock(text=_md(f"*{say('home_org_title', lang)}*\n{say('home_org', lang)}")),
        ActionsBlock(elements=[
            ButtonElement(text=say("button_org_today", lang), action_id=ActionId.ORG_TODAY.value,
                          value="today"),
            DatePickerElement(action_id=ActionId.ORG_DATE.value,
                              placeholder=say("org_date_placeholder", lang)),
        ]),
    ]


def _today(today: Answer) -> list[Block]:
    """Today's stories: the first few of the digest, each with its ⋯ menu."""
    lang = today.lang
    day = human_period(today.day, lang)  # 2 Dec / 12月2日: never 12-02, which reads two ways
    title = escape(say("on_this_day", lang, day=day))
    blocks: list[Block] = [SectionBlock(text=_md(f"*{title}*"))]
    if today.outcome is Outcome.NEAREST:
        blocks.append(context_line(escape(say("nearest", lang, day=day))))
    elif not today.events:
        blocks.append(SectionBlock(text=_md(escape(say("empty_day", lang, day=day)))))
    for event in stories(today.events):
        item = event_lines(today, event)
        blocks.append(SectionBlock(
            text=_md(f"*{escape(item.date)}* · *{escape(item.title)}*\n{escape(item.summary)}"),
            accessory=event_menu(event["id"], len(item.sources), lang)))
        if item.sources:
            blocks.append(context_line(say("labelled", lang, label=escape(say("source", lang)),
                                       text=link(*item.sources[0]))))
    rest = max(today.total, len(today.events)) - TODAY_STORIES
    if rest > 0:
        blocks.append(context_line(say("home_today_more", lang, n=rest)))
    return blocks


def stories(events: list[dict]) -> list[dict]:
    """Up to three of the day's events, one per year first (oldest first), so that one
    reorg announced in many items does not fill the tab."""
    first_of_year = list({event["date"][:4]: event for event in reversed(events)}.values())
    chosen = sorted(first_of_year, key=lambda e: e["date"])[:TODAY_STORIES]
    chosen += [e for e in events if e not in chosen][:TODAY_STORIES - len(chosen)]
    return sorted(chosen, key=events.index)


def _digests(home: Home, lang: str) -> list[Block]:
    intro = f"*{escape(say('home_digests', lang))}*\n{escape(say('home_digests_intro', lang))}"
    # A button of its own, not a section's accessory: on a phone an accessory squeezes the
    # text beside it.
    blocks: list[Block] = [SectionBlock(text=_md(intro)), ActionsBlock(elements=[
        ButtonElement(text=say("button_subscribe", lang), action_id=ActionId.SUBSCRIBE.value,
                      value=lang)])]
    title = say("subscriptions_title" if home.admin else "your_subscriptions", lang)
    blocks.append(SectionBlock(text=_md(f"*{escape(title)}*")))
    if home.admin:
        blocks.append(context_line(say("admin_sees_all", lang)))
    if not home.subscriptions:
        blocks.append(context_line(say("no_own_subscriptions", lang)))
    shown: list[SubscriptionView] = home.subscriptions[:HOME_SUBSCRIPTIONS]
    for sub in shown:
        blocks.append(SectionBlock(text=_md(subscription_line(sub, lang, who=home.admin))))
        blocks.append(subscription_buttons(sub, lang))
    rest = len(home.subscriptions) - len(shown)
    if rest > 0:
        blocks.append(context_line(say("more_subscriptions", lang, n=rest)))
    return blocks


# --- modals -------------------------------------------------------------------------------

def _question_input(lang: str) -> InputBlock:
    return InputBlock(block_id=QUESTION[0], label=say("ask_label", lang),
                      element=PlainTextInputElement(action_id=QUESTION[1],
                                                    placeholder=say("ask_placeholder", lang),
                                                    max_length=QUESTION_LIMIT))


def ask_modal(lang: str) -> dict:
    """**Ask a question**: one line, answered in this same modal."""
    return View(type="modal", callback_id=ViewId.ASK.value, private_metadata=lang,
                title=say("ask_title", lang), submit=say("button_ask_send", lang),
                close=say("button_close", lang), blocks=[_question_input(lang)]).to_dict()


def answer_modal(reply: Reply, lang: str) -> dict:
    """An answer in a modal, with ‹ Prev / Next › when there is more and the question box
    below it for the next one."""
    message = reply_message(reply, Surface.MODAL)
    kept = message.get("blocks") or [SectionBlock(text=_md(message["text"])).to_dict()]
    tail = [DividerBlock().to_dict(), _question_input(lang).to_dict()]
    return View(type="modal", callback_id=ViewId.ASK.value, private_metadata=lang,
                title=say("answer_title", lang), submit=say("button_ask_send", lang),
                close=say("button_close", lang),
                blocks=kept[:HOME_BLOCKS - len(tail)] + tail).to_dict()


def subscribe_modal(lang: str, zone: str) -> dict:
    """**Subscribe a channel**: which channel, when, in which zone and language."""
    return View(type="modal", callback_id=ViewId.SUBSCRIBE.value, private_metadata=lang,
                title=say("subscribe_title", lang), submit=say("button_subscribe_send", lang),
                close=say("button_cancel", lang), blocks=[
        InputBlock(block_id=CHANNEL[0], label=say("subscribe_channel", lang),
                   element=ConversationSelectElement(
                       action_id=CHANNEL[1], filter=ConversationFilter(
                           include=["public", "private"], exclude_bot_users=True))),
        InputBlock(block_id=TIME[0], label=say("subscribe_time", lang),
                   element=TimePickerElement(action_id=TIME[1], initial_time=DEFAULT_TIME)),
        InputBlock(block_id=ZONE[0], label=say("subscribe_zone", lang),
                   element=ExternalDataSelectElement(
                       action_id=ZONE[1], min_query_length=2,
                       initial_option=Option(value=zone, label=zone))),
        InputBlock(block_id=LANG[0], label=say("subscribe_lang", lang),
                   element=_lang_select(LANG[1], lang, say("subscribe_lang", lang))),
        context_line(say("subscribe_hint", lang)),
    ]).to_dict()


def zone_options(zones: list[str]) -> list[dict]:
    """The time-zone select's options, as the block_suggestion answer wants them."""
    return [Option(value=z, label=z).to_dict() for z in zones]


def report_modal(event: dict, lang: str) -> dict:
    """**Report a mistake** about one event: what is wrong, and a source if there is one."""
    title = event["title"].get(lang) or event["title"]["en"]
    return View(type="modal", callback_id=ViewId.REPORT.value,
                private_metadata=json.dumps({"event": event["id"], "lang": lang}),
                title=say("report_title", lang), submit=say("button_send", lang),
                close=say("button_cancel", lang), blocks=[
        SectionBlock(text=_md(f"*{escape(event['date'])}* · *{escape(title)}*")),
        InputBlock(block_id=WHAT[0], label=say("report_what", lang),
                   element=PlainTextInputElement(action_id=WHAT[1], multiline=True,
                                                 placeholder=say("report_what_hint", lang),
                                                 max_length=WHAT_LIMIT)),
        InputBlock(block_id=SOURCE[0], label=say("report_source", lang), optional=True,
                   element=PlainTextInputElement(action_id=SOURCE[1],
                                                 placeholder=say("report_source_hint", lang),
                                                 max_length=SOURCE_LIMIT)),
        context_line(say("report_footer", lang)),
    ]).to_dict()


@dataclass(frozen=True)
class Submitted:
    """The values of a submitted modal, by (block_id, action_id)."""

    values: dict

    def text(self, field: tuple[str, str]) -> str:
        found = self.values.get(field[0], {}).get(field[1], {})
        return (found.get("value") or found.get("selected_time") or
                found.get("selected_conversation") or
                (found.get("selected_option") or {}).get("value") or "").strip()


def notice_subscribed(sub: SubscriptionView, user: str) -> str:
    """The channel's own notice that it now has a digest, in the digest's language."""
    return say("notice_subscribed", sub.lang, user=f"<@{user}>", time=sub.local_time,
               tz=sub.tz, lang=LANG_NAMES[sub.lang])
