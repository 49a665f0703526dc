"""An answer as Block Kit, built with slack_sdk's models so Slack's limits hold before posting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

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
    RichTextBlock,
    RichTextElementParts,
    RichTextListElement,
    RichTextSectionElement,
    SectionBlock,
)

from handlers.actions import ActionId, MenuChoice, Shown, encode_query, menu_value
from handlers.messages import LANG_NAMES, say, why_not_subscribed, why_paused
from handlers.org import is_structure, lead_sentence, line_source, structure_footer, structure_lines
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
from handlers.text import fallback_text
from knowledge.answer import Answer, Outcome
from knowledge.digest import PEOPLE_KINDS, DigestAnswer, Story
from knowledge.intent import Intent
from knowledge.publishers import publisher_name

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
MAX_BLOCKS = 50
MODAL_BLOCKS = 100
# Lines `/reorg subscriptions` shows before "N more": about 25 fit in a section, so these fill
# a dozen sections, well within a message's 50 blocks.
LIST_SUBSCRIPTIONS = 300
DIGEST_TEXT_LIMIT = 300  # a digest's notification: a summary, never the whole digest
# One mark per kind, so a reader of a digest sees at a glance what sort of story it is.
_MARKS = {"unit-merged": "🔀", "unit-split": "✂️", "unit-created": "🆕", "unit-renamed": "🏷️",
          "unit-upgraded": "⬆️", "unit-dissolved": "🧹", "letter": "✉️", "speech": "🎤",
          "strategy": "🧭", "governance": "🏛️", "investment": "💰", "acquisition": "🤝",
          "listing": "🔔", "delisting": "🔕", "founding": "🎂", "product": "📦",
          **dict.fromkeys(PEOPLE_KINDS, "👤")}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: user text can never become a mention, a ping or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str, accessory: BlockElement | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=_cut(text, SECTION_LIMIT)),
                        accessory=accessory)


def event_menu(event_id: str, sources: int, lang: str) -> OverflowMenuElement:
    """The ⋯ menu on every event shown: "All sources (N)" where it has more than one, and
    "Report a mistake"; each opens a modal about that event, for whoever clicks."""
    options = [Option(value=menu_value(MenuChoice.SOURCES, event_id),
                      label=say("menu_sources", lang, n=sources))] if sources > 1 else []
    options.append(Option(value=menu_value(MenuChoice.REPORT, event_id),
                          label=say("menu_report", lang)))
    return OverflowMenuElement(action_id=ActionId.EVENT_MENU.value, options=options)


def _link(label: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")) and "|" not in url and ">" not in url:
        return f"<{url}|{escape(label)}>"
    return escape(label)


def render_blocks(answer: Answer, surface: Surface) -> list[dict]:
    """The answer's blocks as read on `surface`: where only the asker sees them, ‹ Prev /
    Next › (when there is more) and "Share in channel"."""
    if is_structure(answer):
        return _structure_blocks(answer, surface)
    lang = answer.lang
    blocks = [_opening(answer)]
    for notice in notices(answer):
        blocks.append(_section(escape(notice)))
    if answer.outcome is Outcome.NOTHING_FOUND and answer.suggestions and surface.buttons:
        blocks.append(suggestion_buttons(answer))
    subject = entity_line(answer)
    if subject:
        blocks.append(_section(f"*{escape(subject)}*"))
    if answer.roles and answer.page == 1:  # roles once, on the first page
        blocks += _roles(answer)
    for event in answer.events:
        item = event_lines(answer, event)
        menu = event_menu(event["id"], len(item.sources), lang)
        blocks.append(DividerBlock())
        if answer.intent is Intent.SOURCES:  # `sources`: each event's, numbered
            blocks.append(_section(f"*{escape(item.date)}* · *{escape(item.title)}*\n"
                                   f"{_numbered(item)}", menu))
            continue
        blocks.append(_section(f"*{escape(item.date)}* · *{escape(item.title)}*\n"
                               f"{escape(item.summary)}", menu))
        sources = _link(*item.sources[0]) if item.sources else "—"
        typed = surface.typed(say("word_sources", lang))
        if len(item.sources) > 1 and typed:  # the rest: ⋯ All sources, or `sources`
            sources += " " + escape(say("more_sources", lang, n=len(item.sources) - 1,
                                        sources=typed))
        context = [f"{escape(item.who)}"] if item.who else []
        context.append(say("labelled", lang, label=escape(say("source", lang)), text=sources))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(t, SECTION_LIMIT))
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
        return HeaderBlock(text=PlainTextObject(text=_cut(escape(headline(answer)), HEADER_LIMIT),
                                                emoji=False))
    # The answer first: the one sentence, with its source, is the first block (SPEC).
    source = sentence_source(answer)
    cited = "\n" + say("labelled", answer.lang, label=escape(say("source", answer.lang)),
                       text=_link(*source)) if source else ""
    return _section(f"*{escape(sentence)}*{cited}")


def _roles(answer: Answer) -> list[Block]:
    """A profile's latest roles, and a button for all of them when some are left out."""
    lang = answer.lang
    label = say("roles" if answer.intent is not Intent.UNIT else "heads", lang)
    roles, hidden = shown_roles(answer)
    rows = "\n".join(f"• {escape(role_line(answer, r))}" for r in roles)
    blocks: list[Block] = [_section(f"*{escape(label)}*\n{rows}")]
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
    blocks: list[Block] = [_section(f"*{escape(entity_line(answer) or headline(answer))}*")]
    blocks += [_section("\n".join(chunk)) for chunk in _chunks(lines)]
    return {"type": "modal", "title": PlainTextObject(text=_cut(say("roles", lang), 24)).to_dict(),
            "close": PlainTextObject(text=say("button_close", lang)).to_dict(),
            "blocks": [b.to_dict() for b in blocks[:MODAL_BLOCKS]]}


def sources_modal(answer: Answer) -> dict:
    """Every source of the answer's events (one event's "All sources (N)", or all a chart
    rests on), best first, numbered, each under its event."""
    lang, blocks = answer.lang, []
    for event in answer.events[:MODAL_BLOCKS // 2]:
        item = event_lines(answer, event)
        blocks += [_section(f"*{escape(item.date)}* · *{escape(item.title)}*"),
                   _section(_numbered(item))]
    return {"type": "modal",
            "title": PlainTextObject(text=_cut(say("sources", lang), 24)).to_dict(),
            "close": PlainTextObject(text=say("button_close", lang)).to_dict(),
            "blocks": [b.to_dict() for b in blocks]}


def _numbered(item: EventLines) -> str:
    """'1. <link|Publisher, date · official>' a line, best first."""
    return _cut("\n".join(f"{n}. {_link(text, url)}"
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


# Lines of a structure answer in one rich-text block; Slack's own limit is far above a chart's.
RICH_TEXT_LINES = 120


def _structure_blocks(answer: Answer, surface: Surface) -> list[dict]:
    """The sentence first, then the outline (org) or dated lines (changes, succession) as one
    nested list, each line linked to its source where it has one, then how to see them all."""
    blocks: list[Block] = [_section(f"*{escape(lead_sentence(answer) or headline(answer))}*")]
    lists: list[RichTextListElement] = []
    for line in structure_lines(answer)[:RICH_TEXT_LINES]:
        parts: list = []
        if line.bold and line.text.startswith(line.bold):
            parts.append(RichTextElementParts.Text(text=line.bold, style={"bold": True}))
            rest = line.text[len(line.bold):]
        else:
            rest = line.text
        if rest:
            parts.append(RichTextElementParts.Text(text=rest))
        source = line_source(answer, line) if answer.chart is None else None
        if source and source[1]:
            parts += [RichTextElementParts.Text(text=" — "),
                      RichTextElementParts.Link(url=source[1], text=source[0])]
        section = RichTextSectionElement(elements=parts)
        if lists and lists[-1].indent == line.depth:
            lists[-1].elements.append(section)
        else:
            lists.append(RichTextListElement(style="bullet", indent=line.depth,
                                             elements=[section]))
    if lists:
        blocks.append(RichTextBlock(elements=lists))
    for notice in notices(answer):
        blocks.append(_section(escape(notice)))
    tail = structure_footer(answer)
    if tail:
        blocks.append(_context(escape(tail)))
    actions = _structure_buttons(answer, surface)
    if actions:
        blocks.append(actions)
    return [b.to_dict() for b in blocks[:MAX_BLOCKS]]


def _structure_buttons(answer: Answer, surface: Surface) -> ActionsBlock | None:
    """"Sources (N)": the events every node, line and holder rests on, in a modal for whoever
    clicks (so also in threads: it changes nothing others see); Share where only the asker
    sees the answer."""
    if not answer.events or surface is Surface.SHARED:
        return None
    value = encode_query(Shown(answer.query, answer.lang, 1))
    elements = [ButtonElement(text=say("button_sources", answer.lang, n=len(answer.events)),
                              action_id=ActionId.SOURCES.value, value=value)]
    if surface is Surface.EPHEMERAL:
        elements.append(ButtonElement(text=say("button_share", answer.lang),
                                      action_id=ActionId.SHARE.value, value=value))
    return ActionsBlock(elements=elements)


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
    blocks: list[Block] = [_context(say("shared_by", lang, user=f"<@{user_id}>", query=asked)),
                           _opening(answer)]
    if answer.intent is Intent.SOURCES:
        blocks += [_section(f"*{escape(item.date)}* · *{escape(item.title)}*\n{_numbered(item)}")
                   for item in (event_lines(answer, e) for e in answer.events)]
    elif answer.events:
        lines = []
        for event in answer.events:
            item = event_lines(answer, event)
            source = f" · {_link(*item.sources[0])}" if item.sources else ""
            lines.append(f"• *{escape(item.date)}* · {escape(item.title)}{source}")
        blocks += [_section("\n".join(chunk)) for chunk in _chunks(lines)]
    return {"blocks": [b.to_dict() for b in blocks[:MAX_BLOCKS]],
            "text": escape(fallback_text(answer, Surface.SHARED))}


def answer_message(answer: Answer, surface: Surface) -> dict:
    """chat.postMessage / respond arguments; the fallback text is escaped like the blocks."""
    return {"blocks": render_blocks(answer, surface),
            "text": escape(fallback_text(answer, surface))}


@dataclass(frozen=True)
class DigestMessage:
    """A digest's channel message, built once for every channel told the same digest: only
    its footer names the channel, so that is all `for_channel` adds (building and checking
    the stories' blocks is most of what a post costs the deliverer)."""

    digest: DigestAnswer
    blocks: tuple[dict, ...]
    text: str

    @classmethod
    def of(cls, digest: DigestAnswer) -> DigestMessage:
        """The daily digest's channel message: at most three stories, each with its years
        ago, its source and what else that day's source said (in the thread), then how to
        ask."""
        lang = digest.lang
        if not digest.stories:
            note = escape(_nothing_new(digest))
            return cls(digest, (_section(note).to_dict(),), note)
        title = say("digest_title", lang, day=_day_label(digest.date, lang))
        blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=_cut(title,
                                                                           HEADER_LIMIT)))]
        for story in digest.channel_stories:
            blocks += _story_blocks(digest, story)
        for day in digest.reorgs[-1:]:  # the latest re-drawn chart of this day, one line
            blocks.append(_context(escape(say("digest_org_changed", lang, year=day.year,
                                              years=digest.date.year - day.year,
                                              command=f"`/reorg changes {day.isoformat()}`",
                                              chart=f"`/reorg org {day.isoformat()}`"))))
        return cls(digest, tuple(b.to_dict() for b in blocks), _digest_text(digest, title))

    def for_channel(self, subscription: SubscriptionView | None = None) -> dict:
        if not self.digest.stories:  # the note on a day with nothing new has no footer
            return {"blocks": list(self.blocks), "text": self.text}
        footer = _digest_footer(self.digest, subscription).to_dict()
        return {"blocks": [*self.blocks, footer], "text": self.text}


def digest_message(digest: DigestAnswer, subscription: SubscriptionView | None = None) -> dict:
    """The daily digest's channel message for one channel (DigestMessage.of)."""
    return DigestMessage.of(digest).for_channel(subscription)


def digest_thread_message(digest: DigestAnswer) -> dict | None:
    """The threaded reply under a digest: the rest of each story's day, then the stories the
    channel message had no room for, each group under its date. None when the channel message
    told everything."""
    told = {id(s) for s in digest.channel_stories}
    groups = [(s, list(s.more)) for s in digest.channel_stories if s.more]
    groups += [(s, s.events) for s in digest.thread_stories]
    if not groups:
        return None
    lang, day = digest.lang, _day_label(digest.date, digest.lang)
    blocks: list[Block] = [_section(f"*{escape(say('digest_thread_title', lang, day=day))}*")]
    total = sum(len(events) for _, events in groups)
    shown = 0
    for story, events in groups:
        if len(blocks) + 3 > MAX_BLOCKS - 1:  # a heading, an event and its source; a cut line
            break
        heading = f"*{escape(_when(digest, story))}*"
        if id(story) in told:
            heading += " · " + escape(say("story_rest", lang, title=story.lead["title"][lang]))
        blocks.append(_context(heading))
        # One letter behind nine events is named once: under its lead, in the channel.
        last_source = _source(story.lead, lang) if id(story) in told else None
        for event in events:
            source = _source(event, lang)
            size = 1 + (source != last_source)
            if len(blocks) + size > MAX_BLOCKS - 1:
                break
            blocks.append(SectionBlock(block_id=f"event:{event['id']}", text=MarkdownTextObject(
                text=_cut(f"{_MARKS.get(event['kind'], '•')} *{escape(event['title'][lang])}*"
                          f"\n{escape(event['summary'][lang])}", SECTION_LIMIT))))
            if source != last_source:
                blocks.append(_context(f"📰 {_link(*source)}"))
            last_source = source
            shown += 1
    if shown < total:
        blocks.append(_context(escape(say("digest_cut", lang, n=total - shown,
                                          command=f"`/reorg {digest.query}`"))))
    return {"blocks": [b.to_dict() for b in blocks],
            "text": escape(say("digest_thread_text", lang, day=day, n=total))}


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=_cut(text, SECTION_LIMIT))])


def _day_label(day: dt.date, lang: str, *, year: bool = False) -> str:
    """6 January / 1月6日, with the year when asked (6 January 2022 / 2022年1月6日)."""
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]}" + (f" {day.year}" if year else "")
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"


def _when(digest: DigestAnswer, story: Story) -> str:
    """'2022 · 4 years ago'; a story told late says its day: '5 January 2022 · 4 years ago'."""
    date = dt.date.fromisoformat(story.lead["date"])
    label = _day_label(date, digest.lang, year=True) if story.days_late else str(date.year)
    # A story told late in January may be December's: a year less has passed.
    years = digest.date.year - date.year - (date.month > digest.date.month)
    if years < 0:  # `digest show` for a date before the event
        return label
    ago = (say("this_year", digest.lang) if years == 0 else
           say("year_ago", digest.lang) if years == 1 else
           say("years_ago", digest.lang, n=years))
    return f"{label} · {ago}"


def _sentence(title: str, lang: str) -> str:
    """The title as the first sentence of the story."""
    return title if title[-1:] in ".!?。！？" else title + ("." if lang == "en" else "。")


def _source(event: dict, lang: str) -> tuple[str, str | None]:
    """The source to name: the first with a link (a repost nobody can open helps no reader)."""
    sources = event["sources"]
    if not sources:
        return ("—", None)
    chosen = next((s for s in sources if s.get("url")), sources[0])
    dated = chosen.get("date") and chosen["date"] != event["date"]  # not the story's own day
    name = publisher_name(chosen["publisher"], lang)
    return (say("and_then", lang, first=name, second=chosen["date"]) if dated else name,
            chosen.get("url"))


def _story_blocks(digest: DigestAnswer, story: Story) -> list[Block]:
    lang, lead = digest.lang, story.lead
    text = (f"*{escape(_when(digest, story))}*\n{_MARKS.get(lead['kind'], '•')} "
            f"*{escape(_sentence(lead['title'][lang], lang))}* {escape(lead['summary'][lang])}")
    context = [f"📰 {_link(*_source(lead, lang))}"]
    if story.more:
        context.append(escape(say("story_more", lang, kinds=_kinds(story.more, lang))))
    return [SectionBlock(block_id=f"story:{lead['id']}",
                         text=MarkdownTextObject(text=_cut(text, SECTION_LIMIT))),
            _context(" · ".join(context))]


def _kinds(events: Sequence[dict], lang: str) -> str:
    """'5 leadership changes and 3 unit changes' for the rest of a story's day."""
    people = sum(e["kind"] in PEOPLE_KINDS for e in events)
    units = sum(e["kind"].startswith("unit-") for e in events)
    counts = [("count_people", people), ("count_units", units),
              ("count_other", len(events) - people - units)]
    parts = [say(key, lang, n=n, s="" if n == 1 else "s") for key, n in counts if n]
    if len(parts) == 1:
        return parts[0]
    return say("list_comma", lang).join(parts[:-1]) + say("list_and", lang) + parts[-1]


def _digest_footer(digest: DigestAnswer, subscription: SubscriptionView | None
                   ) -> ContextBlock:
    """What to ask in the thread (about the first person in the stories), how to stop it, and
    whose digest this is."""
    lang = digest.lang
    person = next((p for s in digest.channel_stories for p in s.lead["people"]), None)
    example = f"`@reorg who {escape(digest.name(person))}`" if person else "`@reorg sources`"
    parts = [say("digest_ask", lang, example=example),
             say("digest_manage", lang, command="`/reorg unsubscribe`")]
    if subscription is not None:
        parts.append(say("digest_schedule", lang, channel=f"<#{subscription.channel_id}>",
                         schedule=_schedule(subscription, lang), time=subscription.local_time,
                         tz=subscription.tz))
    return _context(" · ".join(parts))


def _digest_text(digest: DigestAnswer, title: str) -> str:
    """The notification text: the title and each story's year and title, in whole words and
    at most DIGEST_TEXT_LIMIT characters, with no link or markup in it."""
    lang = digest.lang
    rest = len(digest.events) - len(digest.channel_stories)
    tail = f" ({escape(say('digest_more_text', lang, n=rest))})" if rest else ""
    text = escape(title)
    for number, story in enumerate(digest.channel_stories):
        piece = ("：" if lang != "en" else ": ") if number == 0 else "; "
        piece += f"{escape(story.lead['title'][lang])} ({story.year})"
        if len(text) + len(piece) + len(tail) > DIGEST_TEXT_LIMIT:
            if number == 0:
                text = _clip_words(text + piece, DIGEST_TEXT_LIMIT - len(tail))
            break
        text += piece
    return text + tail


def _clip_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a whole word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:") + "…"


def _nothing_new(digest: DigestAnswer) -> str:
    """A day with no new story, for a channel that asked to hear so (`post-empty`)."""
    lang, day = digest.lang, _day_label(digest.date, digest.lang)
    if digest.next_day is None:
        return say("nothing_new_at_all", lang, day=day)
    return say("nothing_new", lang, day=day, next=_day_label(digest.next_day, lang))


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
                        lang=LANG_NAMES[sub.lang], schedule=_schedule(sub, lang),
                        days=sub.window_days,
                        empty=say("empty_skipped" if sub.skip_empty else "empty_noted", lang))}


def _schedule(subscription: SubscriptionView, lang: str) -> str:
    return say("schedule_weekdays" if subscription.weekdays else "schedule_daily", lang)


def preview_modal(digest: DigestAnswer, lang: str) -> dict:
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
    line = say("subscription_line", lang, channel=channel, schedule=_schedule(sub, lang),
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
