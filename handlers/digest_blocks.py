"""The daily digest as Block Kit: the channel message (built once per digest, only its footer
per channel), its threaded reply, and the Home tab's preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from handlers.kit import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    MODAL_BLOCKS,
    SECTION_LIMIT,
    context_dict,
    context_line,
    cut,
    escape,
    link,
    section,
)
from handlers.messages import say
from handlers.replies import SubscriptionView
from knowledge.digest import PEOPLE_KINDS, DigestAnswer, Story
from knowledge.publishers import publisher_name

DIGEST_TEXT_LIMIT = 300  # a digest's notification: a summary, never the whole digest


# One mark per kind, so a reader of a digest sees at a glance what sort of story it is.
_MARKS = {"unit-merged": "🔀", "unit-split": "✂️", "unit-created": "🆕", "unit-renamed": "🏷️",
          "unit-upgraded": "⬆️", "unit-dissolved": "🧹", "letter": "✉️", "speech": "🎤",
          "strategy": "🧭", "governance": "🏛️", "investment": "💰", "acquisition": "🤝",
          "listing": "🔔", "delisting": "🔕", "founding": "🎂", "product": "📦",
          **dict.fromkeys(PEOPLE_KINDS, "👤")}


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


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
            return cls(digest, (section(note).to_dict(),), note)
        title = say("digest_title", lang, day=_day_label(digest.date, lang))
        blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=cut(title,
                                                                           HEADER_LIMIT)))]
        for story in digest.channel_stories:
            blocks += _story_blocks(digest, story)
        for day in digest.reorgs[-1:]:  # the latest re-drawn chart of this day, one line
            blocks.append(context_line(escape(say("digest_org_changed", lang, year=day.year,
                                              years=digest.date.year - day.year,
                                              command=f"`/reorg changes {day.isoformat()}`",
                                              chart=f"`/reorg org {day.isoformat()}`"))))
        return cls(digest, tuple(b.to_dict() for b in blocks), _digest_text(digest, title))

    def for_channel(self, subscription: SubscriptionView | None = None) -> dict:
        if not self.digest.stories:  # the note on a day with nothing new has no footer
            return {"blocks": list(self.blocks), "text": self.text}
        footer = context_dict(_digest_footer(self.digest, subscription))
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
    blocks: list[Block] = [section(f"*{escape(say('digest_thread_title', lang, day=day))}*")]
    total = sum(len(events) for _, events in groups)
    shown = 0
    for story, events in groups:
        if len(blocks) + 3 > MAX_BLOCKS - 1:  # a heading, an event and its source; a cut line
            break
        heading = f"*{escape(_when(digest, story))}*"
        if id(story) in told:
            heading += " · " + escape(say("story_rest", lang, title=story.lead["title"][lang]))
        blocks.append(context_line(heading))
        # One letter behind nine events is named once: under its lead, in the channel.
        last_source = _source(story.lead, lang) if id(story) in told else None
        for event in events:
            source = _source(event, lang)
            size = 1 + (source != last_source)
            if len(blocks) + size > MAX_BLOCKS - 1:
                break
            blocks.append(SectionBlock(block_id=f"event:{event['id']}", text=MarkdownTextObject(
                text=cut(f"{_MARKS.get(event['kind'], '•')} *{escape(event['title'][lang])}*"
                          f"\n{escape(event['summary'][lang])}", SECTION_LIMIT))))
            if source != last_source:
                blocks.append(context_line(f"📰 {link(*source)}"))
            last_source = source
            shown += 1
    if shown < total:
        blocks.append(context_line(escape(say("digest_cut", lang, n=total - shown,
                                          command=f"`/reorg {digest.query}`"))))
    return {"blocks": [b.to_dict() for b in blocks],
            "text": escape(say("digest_thread_text", lang, day=day, n=total))}


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
    context = [f"📰 {link(*_source(lead, lang))}"]
    if story.more:
        context.append(escape(say("story_more", lang, kinds=_kinds(story.more, lang))))
    return [SectionBlock(block_id=f"story:{lead['id']}",
                         text=MarkdownTextObject(text=cut(text, SECTION_LIMIT))),
            context_line(" · ".join(context))]


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


def _digest_footer(digest: DigestAnswer, subscription: SubscriptionView | None) -> str:
    """What to ask in the thread (about the first person in the stories), how to stop it, and
    whose digest this is."""
    lang = digest.lang
    person = next((p for s in digest.channel_stories for p in s.lead["people"]), None)
    example = f"`@reorg who {escape(digest.name(person))}`" if person else "`@reorg sources`"
    parts = [say("digest_ask", lang, example=example),
             say("digest_manage", lang, command="`/reorg unsubscribe`")]
    if subscription is not None:
        parts.append(say("digest_schedule", lang, channel=f"<#{subscription.channel_id}>",
                         schedule=schedule_text(subscription, lang), time=subscription.local_time,
                         tz=subscription.tz))
    return " · ".join(parts)


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


def schedule_text(subscription: SubscriptionView, lang: str) -> str:
    return say("schedule_weekdays" if subscription.weekdays else "schedule_daily", lang)


def preview_modal(digest: DigestAnswer, lang: str) -> dict:
    """The Home tab's Preview: the digest as it would be posted, titled in the user's language."""
    return {"type": "modal", "title": PlainTextObject(text=say("preview_title", lang)).to_dict(),
            "blocks": digest_message(digest)["blocks"][:MODAL_BLOCKS]}
