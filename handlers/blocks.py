"""An answer as Block Kit, built with slack_sdk's models so Slack's limits hold before posting."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
)

from handlers.actions import ActionId, MenuChoice, Shown, encode_query, menu_value
from handlers.digest_blocks import schedule_text
from handlers.kit import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    MODAL_BLOCKS,
    SECTION_LIMIT,
    context_line,
    cut,
    escape,
    link,
    section,
)
from handlers.messages import LANG_NAMES, say, why_not_subscribed, why_paused
from handlers.org import is_structure
from handlers.render import (
    EventLines,
    Surface,
    entity_line,
    event_lines,
    footer,
    headline,
    notices,
    role_line,
    shown_roles,
)
from handlers.replies import DigestReply, Reply, SubscriptionView
from handlers.sentence import answer_sentence, sentence_source
from handlers.structure_blocks import structure_blocks
from handlers.text import fallback_text
from knowledge.answer import Answer, Outcome
from knowledge.intent import Intent

# Lines `/reorg subscriptions` shows before "N more": about 25 fit in a section, so these fill
# a dozen sections, well within a message's 50 blocks.
LIST_SUBSCRIPTIONS = 300








def event_menu(event_id: str, sources: int, lang: str) -> OverflowMenuElement:
    """The ⋯ menu on every event shown: "All sources (N)" where it has more than one, and
    "Report a mistake"; each opens a modal about that event, for whoever clicks."""
    options = [Option(value=menu_value(MenuChoice.SOURCES, event_id),
                      label=say("menu_sources", lang, n=sources))] if sources > 1 else []
    options.append(Option(value=menu_value(MenuChoice.REPORT, event_id),
                          label=say("menu_report", lang)))
    return OverflowMenuElement(action_id=ActionId.EVENT_MENU.value, options=options)




def render_blocks(answer: Answer, surface: Surface) -> list[dict]:
    """The answer's blocks as read on `surface`: where only the asker sees them, ‹ Prev /
    Next › (when there is more) and "Share in channel"."""
    if is_structure(answer):
        return structure_blocks(answer, surface)
    lang = answer.lang
    blocks = [_opening(answer)]
    for notice in notices(answer):
        blocks.append(section(escape(notice)))
    if answer.outcome is Outcome.NOTHING_FOUND and answer.suggestions and surface.buttons:
        blocks.append(suggestion_buttons(answer))
    subject = entity_line(answer)
    if subject:
        blocks.append(section(f"*{escape(subject)}*"))
    if answer.roles and answer.page == 1:  # roles once, on the first page
        blocks += _roles(answer)
    for event in answer.events:
        item = event_lines(answer, event)
        menu = event_menu(event["id"], len(item.sources), lang)
        blocks.append(DividerBlock())
        if answer.intent is Intent.SOURCES:  # `sources`: each event's, numbered
            blocks.append(section(f"*{escape(item.date)}* · *{escape(item.title)}*\n"
                                   f"{_numbered(item)}", menu))
            continue
        blocks.append(section(f"*{escape(item.date)}* · *{escape(item.title)}*\n"
                               f"{escape(item.summary)}", menu))
        sources = link(*item.sources[0]) if item.sources else "—"
        typed = surface.typed(say("word_sources", lang))
        if len(item.sources) > 1 and typed:  # the rest: ⋯ All sources, or `sources`
            sources += " " + escape(say("more_sources", lang, n=len(item.sources) - 1,
                                        sources=typed))
        context = [f"{escape(item.who)}"] if item.who else []
        context.append(say("labelled", lang, label=escape(say("source", lang)), text=sources))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=cut(t, SECTION_LIMIT))
                                             for t in context]))
    tail = footer(answer, surface)
    if tail:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(tail))]))
    actions = _buttons(answer, surface) if surface.buttons else None
    blocks = blocks[:MAX_BLOCKS - 1 if actions else MAX_BLOCKS]
    if actions:
        blocks.append(actions)
    return [b.to_dict() for b in blocks]


# "Did you mean" buttons on a "nothing found": Slack shows a row of this many well.
MAX_SUGGESTIONS = 3


def suggestion_buttons(answer: Answer) -> ActionsBlock:
    """Each did-you-mean name as a button that asks it, in place of the "nothing found"."""
    return ActionsBlock(elements=[
        ButtonElement(text=name[:75], action_id=f"{ActionId.SUGGEST.value}_{i}",
                      value=encode_query(Shown(name, answer.lang, 1)))
        for i, name in enumerate(answer.suggestions[:MAX_SUGGESTIONS], 1)])


def _opening(answer: Answer) -> Block:
    """The answer sentence with its source, or else the headline: what the message is."""
    sentence = answer_sentence(answer)
    if not sentence:
        return HeaderBlock(text=PlainTextObject(text=cut(escape(headline(answer)), HEADER_LIMIT),
                                                emoji=False))
    # The answer first: the one sentence, with its source, is the first block (SPEC).
    source = sentence_source(answer)
    cited = "\n" + say("labelled", answer.lang, label=escape(say("source", answer.lang)),
                       text=link(*source)) if source else ""
    return section(f"*{escape(sentence)}*{cited}")


def _roles(answer: Answer) -> list[Block]:
    """A profile's latest roles, and a button for all of them when some are left out."""
    lang = answer.lang
    label = say("roles" if answer.intent is not Intent.UNIT else "heads", lang)
    roles, hidden = shown_roles(answer)
    rows = "\n".join(f"• {escape(role_line(answer, r))}" for r in roles)
    blocks: list[Block] = [section(f"*{escape(label)}*\n{rows}")]
    if hidden:
        blocks.append(ActionsBlock(elements=[ButtonElement(
            text=say("button_all_roles", lang, n=len(answer.roles)),
            action_id=ActionId.ROLES.value,
            value=encode_query(Shown(answer.query, lang, answer.page)))]))
    return blocks


def roles_modal(answer: Answer) -> dict:
    """Every role of a profile ("All roles"), oldest first, under its subject."""
    lang = answer.lang
    lines = [f"• {escape(role_line(answer, r))}" for r in answer.roles]
    blocks: list[Block] = [section(f"*{escape(entity_line(answer) or headline(answer))}*")]
    blocks += [section("\n".join(chunk)) for chunk in _chunks(lines)]
    return {"type": "modal", "title": PlainTextObject(text=cut(say("roles", lang), 24)).to_dict(),
            "close": PlainTextObject(text=say("button_close", lang)).to_dict(),
            "blocks": [b.to_dict() for b in blocks[:MODAL_BLOCKS]]}


def sources_modal(answer: Answer) -> dict:
    """Every source of the answer's events (one event's "All sources (N)", or all a chart
    rests on), best first, numbered, each under its event."""
    lang, blocks = answer.lang, []
    for event in answer.events[:MODAL_BLOCKS // 2]:
        item = event_lines(answer, event)
        blocks += [section(f"*{escape(item.date)}* · *{escape(item.title)}*"),
                   section(_numbered(item))]
    return {"type": "modal",
            "title": PlainTextObject(text=cut(say("sources", lang), 24)).to_dict(),
            "close": PlainTextObject(text=say("button_close", lang)).to_dict(),
            "blocks": [b.to_dict() for b in blocks]}


def _numbered(item: EventLines) -> str:
    """'1. <link|Publisher, date · official>' a line, best first."""
    return cut("\n".join(f"{n}. {link(text, url)}"
                           for n, (text, url) in enumerate(item.sources, 1)) or "—",
                SECTION_LIMIT)


def _chunks(lines: list[str]) -> list[list[str]]:
    """Lines grouped so that each group fits in one section."""
    chunks: list[list[str]] = []
    for line in lines:
        if chunks and len("\n".join([*chunks[-1], line])) <= SECTION_LIMIT:
            chunks[-1].append(line)
        else:
            chunks.append([line])
    return chunks








def _buttons(answer: Answer, surface: Surface) -> ActionsBlock | None:
    """The pager, and Share where there is a channel to share to (not in a modal)."""
    if not answer.events:
        return None
    lang = answer.lang
    value = encode_query(Shown(answer.query, lang, answer.page,
                               sources=answer.intent is Intent.SOURCES))
    elements = []
    if answer.page > 1 and answer.intent is not Intent.SOURCES:
        elements.append(ButtonElement(text=say("button_prev", lang),
                                      action_id=ActionId.PREV.value, value=value))
    if answer.has_more:
        elements.append(ButtonElement(text=say("button_more", lang),
                                      action_id=ActionId.MORE.value, value=value))
    if surface is Surface.EPHEMERAL:
        elements.append(ButtonElement(text=say("button_share", lang),
                                      action_id=ActionId.SHARE.value, value=value))
    return ActionsBlock(elements=elements) if elements else None


def shared_message(answer: Answer, user_id: str) -> dict:
    """What Share posts for the channel: who shared which question, the answer sentence (or
    the headline), and the events that were on screen with their links; no pager, no hints.
    Shared from `sources`, the numbered sources that were on screen."""
    lang = answer.lang
    asked = f"`/reorg {escape(answer.query)}`"
    blocks: list[Block] = [context_line(say("shared_by", lang, user=f"<@{user_id}>", query=asked)),
                           _opening(answer)]
    if answer.intent is Intent.SOURCES:
        blocks += [section(f"*{escape(item.date)}* · *{escape(item.title)}*\n{_numbered(item)}")
                   for item in (event_lines(answer, e) for e in answer.events)]
    elif answer.events:
        lines = []
        for event in answer.events:
            item = event_lines(answer, event)
            source = f" · {link(*item.sources[0])}" if item.sources else ""
            lines.append(f"• *{escape(item.date)}* · {escape(item.title)}{source}")
        blocks += [section("\n".join(chunk)) for chunk in _chunks(lines)]
    return {"blocks": [b.to_dict() for b in blocks[:MAX_BLOCKS]],
            "text": escape(fallback_text(answer, Surface.SHARED))}


def answer_message(answer: Answer, surface: Surface) -> dict:
    """chat.postMessage / respond arguments; the fallback text is escaped like the blocks."""
    return {"blocks": render_blocks(answer, surface),
            "text": escape(fallback_text(answer, surface))}






























def reply_message(reply: Reply, surface: Surface) -> dict:
    """Message arguments for whatever the conversation answered, as read on `surface`."""
    if isinstance(reply, Answer):
        return answer_message(reply, surface)
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
                        lang=LANG_NAMES[sub.lang], schedule=schedule_text(sub, lang),
                        days=sub.window_days,
                        empty=say("empty_skipped" if sub.skip_empty else "empty_noted", lang))}






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
    line = say("subscription_line", lang, channel=channel, schedule=schedule_text(sub, lang),
               time=sub.local_time, tz=sub.tz, lang=LANG_NAMES.get(sub.lang, sub.lang),
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
    blocks: list[Block] = [section(f"*{escape(say('subscriptions_title', lang))}*")]
    if not subscriptions:
        blocks.append(section(escape(say("no_subscriptions", lang))))
    lines = [subscription_line(s, lang, who=True) for s in subscriptions[:LIST_SUBSCRIPTIONS]]
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > SECTION_LIMIT:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    rest = len(subscriptions) - len(lines)
    if rest > 0:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=say("and_more", lang, n=rest))]))
    return [b.to_dict() for b in blocks]
