"""Structure answers (an org chart, changes, a post's chain) as Block Kit: the sentence, one
nested rich-text list with each line's source, and the Sources button."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    RichTextBlock,
    RichTextElementParts,
    RichTextListElement,
    RichTextSectionElement,
)

from handlers.actions import ActionId, Shown, encode_query
from handlers.kit import MAX_BLOCKS, context_line, escape, section
from handlers.messages import say
from handlers.org import lead_sentence, line_source, structure_footer, structure_lines
from handlers.render import Surface, headline, notices
from knowledge.answer import Answer

# Lines of a structure answer in one rich-text block; Slack's own limit is far above a chart's.
RICH_TEXT_LINES = 120


def structure_blocks(answer: Answer, surface: Surface) -> list[dict]:
    """The sentence first, then the outline (org) or dated lines (changes, succession) as one
    nested list, each line linked to its source where it has one, then how to see them all."""
    blocks: list[Block] = [section(f"*{escape(lead_sentence(answer) or headline(answer))}*")]
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
        if source:  # linked where the source has a URL, named where it has none
            label, url = source
            parts += [RichTextElementParts.Text(text=" — "),
                      RichTextElementParts.Link(url=url, text=label) if url
                      else RichTextElementParts.Text(text=label)]
        item = RichTextSectionElement(elements=parts)
        if lists and lists[-1].indent == line.depth:
            lists[-1].elements.append(item)
        else:
            lists.append(RichTextListElement(style="bullet", indent=line.depth,
                                             elements=[item]))
    if lists:
        blocks.append(RichTextBlock(elements=lists))
    for notice in notices(answer):
        blocks.append(section(escape(notice)))
    tail = structure_footer(answer)
    if tail:
        blocks.append(context_line(escape(tail)))
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
