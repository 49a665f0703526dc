"""An answer as Block Kit, built with slack_sdk's models so Slack's limits hold before posting."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    BlockElement,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
)

from handlers.actions import ActionId, encode_query, report_value
from handlers.messages import LANG_NAMES, say, why_not_subscribed, why_paused
from handlers.render import entity_line, event_lines, footer, headline, notices, role_line
from handlers.replies import DigestReply, Reply, SubscriptionView
from handlers.sentence import answer_sentence, sentence_source
from handlers.text import fallback_text
from knowledge.answer import Answer
from knowledge.intent import Intent

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
MAX_BLOCKS = 50
MODAL_BLOCKS = 100
# Lines `/reorg subscriptions` shows before "N more": about 25 fit in a section, so these fill
# a dozen sections, well within a message's 50 blocks.
LIST_SUBSCRIPTIONS = 300


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: user text can never become a mention, a ping or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str, accessory: BlockElement | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=_cut(text, SECTION_LIMIT)),
                        accessory=accessory)


def report_menu(event_id: str, lang: str) -> OverflowMenuElement:
    """The ⋯ menu on every event shown: "Report a mistake" opens a modal about that event."""
    return OverflowMenuElement(action_id=ActionId.EVENT_MENU.value, options=[
        Option(value=report_value(event_id), label=say("menu_report", lang))])


def _link(label: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")) and "|" not in url and ">" not in url:
        return f"<{url}|{escape(label)}>"
    return escape(label)


def render_blocks(answer: Answer, *, buttons: bool = False) -> list[dict]:
    """The answer's blocks; with `buttons`, "More" (when there is more) and "Share in channel"."""
    lang = answer.lang
    sentence = answer_sentence(answer)
    if sentence:
        # The answer first: the one sentence, with its source, is the first block (SPEC).
        source = sentence_source(answer)
        cited = f"\n{escape(say('source', lang))}: {_link(*source)}" if source else ""
        blocks: list[Block] = [_section(f"*{escape(sentence)}*{cited}")]
    else:
        blocks = [HeaderBlock(text=PlainTextObject(
            text=_cut(escape(headline(answer)), HEADER_LIMIT), emoji=False))]
    for notice in notices(answer):
        blocks.append(_section(escape(notice)))
    subject = entity_line(answer)
    if subject:
        blocks.append(_section(f"*{escape(subject)}*"))
    if answer.roles:
        label = say("roles" if answer.intent is not Intent.UNIT else "heads", lang)
        rows = "\n".join(f"• {escape(role_line(answer, r))}" for r in answer.roles)
        blocks.append(_section(f"*{escape(label)}*\n{rows}"))
    for event in answer.events:
        item = event_lines(answer, event)
        blocks.append(DividerBlock())
        blocks.append(_section(f"*{escape(item.date)}* · *{escape(item.title)}*\n"
                               f"{escape(item.summary)}", report_menu(event["id"], lang)))
        shown = item.sources if answer.intent is Intent.SOURCES else item.sources[:1]
        label = say("sources" if len(shown) > 1 else "source", lang)
        sources = "; ".join(_link(text, url) for text, url in shown)
        context = [f"{escape(item.who)}"] if item.who else []
        context.append(f"{escape(label)}: {sources}")
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(t, SECTION_LIMIT))
                                             for t in context]))
    tail = footer(answer)
    if tail:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(tail))]))
    actions = _buttons(answer) if buttons else None
    blocks = blocks[:MAX_BLOCKS - 1 if actions else MAX_BLOCKS]
    if actions:
        blocks.append(actions)
    return [b.to_dict() for b in blocks]


def _buttons(answer: Answer) -> ActionsBlock | None:
    if not answer.events:
        return None
    value = encode_query(answer.query, answer.lang, answer.page)
    elements = []
    if answer.has_more:
        elements.append(ButtonElement(text=say("button_more", answer.lang),
                                      action_id=ActionId.MORE.value, value=value))
    elements.append(ButtonElement(text=say("button_share", answer.lang),
                                  action_id=ActionId.SHARE.value, value=value))
    return ActionsBlock(elements=elements)


def shared_by(blocks: list[dict], user_id: str, lang: str) -> list[dict]:
    """Blocks for posting in the channel: no buttons, and who shared them."""
    kept = [b for b in blocks if b["type"] != "actions"]
    note = ContextBlock(elements=[MarkdownTextObject(text=say("shared_by", lang,
                                                                 user=f"<@{user_id}>"))])
    return [*kept, note.to_dict()][:MAX_BLOCKS]


def answer_message(answer: Answer, *, buttons: bool = False) -> dict:
    """chat.postMessage / respond arguments; the fallback text is escaped like the blocks."""
    return {"blocks": render_blocks(answer, buttons=buttons),
            "text": escape(fallback_text(answer))}


def digest_message(answer: Answer) -> dict:
    """The daily digest: this day's events, and an invitation to ask in its thread."""
    message = answer_message(answer)
    invite = ContextBlock(elements=[MarkdownTextObject(text=escape(
        say("digest_invite", answer.lang)))]).to_dict()
    message["blocks"] = [*message["blocks"][: MAX_BLOCKS - 1], invite]
    return message


def reply_message(reply: Reply, *, buttons: bool = False) -> dict:
    """Message arguments for whatever the conversation answered."""
    if isinstance(reply, Answer):
        return answer_message(reply, buttons=buttons)
    return digest_reply_message(reply)


def digest_reply_message(reply: DigestReply) -> dict:
    """subscribe / unsubscribe / subscriptions, as message arguments."""
    lang = reply.lang
    if reply.intent is Intent.SUBSCRIPTIONS:
        return {"blocks": subscription_blocks(reply.subscriptions, lang),
                "text": say("subscriptions_title", lang)}
    if reply.intent is Intent.UNSUBSCRIBE:
        return {"text": say("unsubscribed" if reply.done else "not_subscribed", lang)}
    if reply.cannot_post:
        return {"text": why_not_subscribed(reply.cannot_post, lang, f"<#{reply.channel}>")}
    if reply.error or reply.subscription is None:
        return {"text": escape(say("subscription_error", lang, error=reply.error))}
    sub = reply.subscription
    return {"text": say("subscribed", lang, time=sub.local_time, tz=sub.tz,
                        lang=LANG_NAMES[sub.lang])}


def preview_modal(digest: Answer, lang: str) -> dict:
    """The Home tab's Preview: the digest as it would be posted, titled in the user's language."""
    return {"type": "modal", "title": PlainTextObject(text=say("preview_title", lang)).to_dict(),
            "blocks": digest_message(digest)["blocks"][:MODAL_BLOCKS]}


def subscription_line(sub: SubscriptionView, lang: str, *, who: bool = False) -> str:
    """One subscription: channel, time, zone, language, last delivery and state in words;
    with `who`, who set it up (an admin sees everyone's)."""
    channel = f"<#{sub.channel_id}>"
    if sub.state == "active":
        state = say("state_active", lang)
    else:
        reason = (say("paused_by", lang, user=f"<@{sub.paused_by}>") if sub.paused_by
                  else why_paused(sub.paused_reason or "", lang, channel))
        state = say("state_paused", lang, reason=reason)
    line = say("subscription_line", lang, channel=channel, time=sub.local_time, tz=sub.tz,
               lang=LANG_NAMES.get(sub.lang, sub.lang),
               last=sub.last_delivery or say("never", lang), state=state)
    return line + (" · " + say("set_up_by", lang, user=f"<@{sub.subscribed_by}>") if who else "")


def subscription_buttons(sub: SubscriptionView, lang: str) -> ActionsBlock:
    toggle = ((ActionId.PAUSE, "button_pause") if sub.state == "active"
              else (ActionId.RESUME, "button_resume"))
    return ActionsBlock(elements=[
        ButtonElement(text=say(toggle[1], lang), action_id=toggle[0].value, value=str(sub.id)),
        ButtonElement(text=say("button_preview", lang), action_id=ActionId.PREVIEW.value,
                      value=str(sub.id)),
    ])


def subscription_blocks(subscriptions: Sequence[SubscriptionView], lang: str) -> list[dict]:
    """`/reorg subscriptions`: the workspace's, several lines to a section so that hundreds fit
    in one message, and "N more" rather than a silent cut."""
    blocks: list[Block] = [_section(f"*{escape(say('subscriptions_title', lang))}*")]
    if not subscriptions:
        blocks.append(_section(escape(say("no_subscriptions", lang))))
    lines = [subscription_line(s, lang, who=True) for s in subscriptions[:LIST_SUBSCRIPTIONS]]
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > SECTION_LIMIT:
            blocks.append(_section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(_section("\n".join(chunk)))
    rest = len(subscriptions) - len(lines)
    if rest > 0:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=say("and_more", lang, n=rest))]))
    return [b.to_dict() for b in blocks]
