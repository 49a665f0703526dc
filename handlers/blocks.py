"""An answer as Block Kit, built with slack_sdk's models so Slack's limits hold before posting."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from handlers.messages import say
from handlers.render import entity_line, event_lines, footer, headline, notices, role_line
from knowledge.answer import Answer

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
MAX_BLOCKS = 50


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: user text can never become a mention, a ping or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=_cut(text, SECTION_LIMIT)))


def _link(label: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")) and "|" not in url and ">" not in url:
        return f"<{url}|{escape(label)}>"
    return escape(label)


def render_blocks(answer: Answer) -> list[dict]:
    lang = answer.lang
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(
        text=_cut(escape(headline(answer)), HEADER_LIMIT), emoji=False))]
    for notice in notices(answer):
        blocks.append(_section(escape(notice)))
    subject = entity_line(answer)
    if subject:
        blocks.append(_section(f"*{escape(subject)}*"))
    if answer.roles:
        label = say("roles" if answer.intent != "unit" else "heads", lang)
        rows = "\n".join(f"• {escape(role_line(answer, r))}" for r in answer.roles)
        blocks.append(_section(f"*{escape(label)}*\n{rows}"))
    for event in answer.events:
        item = event_lines(answer, event)
        blocks.append(DividerBlock())
        blocks.append(_section(f"*{escape(item.date)}* · *{escape(item.title)}*\n"
                               f"{escape(item.summary)}"))
        shown = item.sources if answer.intent == "sources" else item.sources[:1]
        label = say("sources" if len(shown) > 1 else "source", lang)
        sources = "; ".join(_link(text, url) for text, url in shown)
        context = [f"{escape(item.who)}"] if item.who else []
        context.append(f"{escape(label)}: {sources}")
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(t, SECTION_LIMIT))
                                             for t in context]))
    tail = footer(answer)
    if tail:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(tail))]))
    return [b.to_dict() for b in blocks[:MAX_BLOCKS]]
