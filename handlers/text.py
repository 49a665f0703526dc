"""An answer as plain text: the console's output and Slack's notification fallback."""

from __future__ import annotations

import textwrap

from handlers.messages import say
from handlers.org import is_structure, lead_sentence, line_source, structure_footer, structure_lines
from handlers.render import (
    Surface,
    entity_line,
    event_lines,
    footer,
    headline,
    notices,
    role_line,
)
from handlers.sentence import answer_sentence, sentence_source
from knowledge.answer import Answer
from knowledge.intent import Intent
from knowledge.text import has_cjk


def render_text(answer: Answer, width: int = 88) -> str:
    """The answer sentence (with its source) first when there is one, else the headline."""
    if is_structure(answer):
        return _structure_text(answer)
    sentence = answer_sentence(answer)
    if sentence:
        source = sentence_source(answer)
        cited = say("labelled", answer.lang, label=say("source", answer.lang), text=source[0]) \
            if source else ""
        lines = [sentence + (f" — {cited}" if cited else "")]
    else:
        lines = [headline(answer)]
    lines += notices(answer)
    subject = entity_line(answer)
    if subject:
        lines.append(subject)
    if answer.roles:
        label = say("roles" if answer.intent is not Intent.UNIT else "heads", answer.lang)
        lines.append(say("labelled", answer.lang, label=label, text="").rstrip())
        lines += [f"  • {role_line(answer, role)}" for role in answer.roles]
    for event in answer.events:
        item = event_lines(answer, event)
        lines.append("")
        lines.append(f"{item.date}  {item.title}")
        body = textwrap.fill(item.summary, width=width, initial_indent="    ",
                             subsequent_indent="    ")
        lines.append(body)
        if item.who:
            lines.append(f"    {item.who}")
        if answer.intent is Intent.SOURCES:  # numbered, best first
            lines += [f"    {n}. {text}" + (f" <{url}>" if url else "")
                      for n, (text, url) in enumerate(item.sources, 1)]
        elif item.sources:
            text, url = item.sources[0]
            lines.append("    " + say("labelled", answer.lang, label=say("source", answer.lang),
                                        text=text) + (f" <{url}>" if url else ""))
    tail = footer(answer, Surface.DIRECT)
    if tail:
        lines += ["", tail]
    return "\n".join(lines).strip()


def _structure_text(answer: Answer) -> str:
    """An org chart as an indented outline; changes and chains as dated lines with sources."""
    lines = [lead_sentence(answer) or headline(answer), *notices(answer), ""]
    for line in structure_lines(answer):
        source = line_source(answer, line) if answer.chart is None else None
        cited = f" — {source[0]}" if source else ""
        lines.append(f"{'  ' * line.depth}• {line.text}{cited}")
    tail = structure_footer(answer)
    if tail:
        lines += ["", tail]
    return "\n".join(lines).strip()


FALLBACK_LIMIT = 300


def fallback_text(answer: Answer, surface: Surface, limit: int = FALLBACK_LIMIT) -> str:
    """What a notification or a screen reader says of the message: the answer sentence (or
    the headline, the first notice and the first event), and where the page is; never cut
    in the middle of a word."""
    sentence = lead_sentence(answer)
    lines = [sentence] if sentence else [headline(answer), *notices(answer)[:1]]
    if not sentence and answer.events:
        item = event_lines(answer, answer.events[0])
        lines.append(f"{item.date} {item.title}")
    tail = footer(answer, surface)
    if tail:
        lines.append(tail)
    return _clip("\n".join(line for line in lines if line), limit)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space (or between Chinese characters)."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2 and not has_cjk(cut[space:]):
        cut = cut[:space]
    return cut.rstrip(" ,;:·") + "…"
