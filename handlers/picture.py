"""The org chart as a picture (PNG), drawn in-process with Pillow and Google's Noto Sans CJK.

The group across the top, then one card per unit reporting to it, its own units listed inside,
each with its head that day. Cards flow into columns (three wide, one on a phone-sized
picture), so a 30-unit chart stays readable in Slack's preview. The text outline of the same
answer is always posted beside it, for screen readers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from noto_cjk_sans_otc import FONT_PATH
from PIL import Image, ImageDraw, ImageFont

from handlers.org import Line, lead_sentence, structure_footer, structure_lines
from knowledge.answer import Answer
from knowledge.text import has_cjk

# The faces of the collection: Simplified for English and 简体, Traditional for 繁體.
FACE = {"en": 2, "zh-hans": 2, "zh-hant": 3}
WIDTH, MARGIN, GUTTER, PAD = 1200, 32, 20, 16
COLUMNS = 3
INK, MUTED, CARD, EDGE, ACCENT, PAPER = ("#1d1c1d", "#616061", "#f6f6f7", "#d8d8dc",
                                         "#ff6a00", "#ffffff")


# Closing punctuation stays on the line of what it closes.
_NO_BREAK_BEFORE = frozenset(")）,，.。;；:：、!！?？」』")


@cache
def font(size: int, lang: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size, index=FACE.get(lang, 2))


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Lines that fit `width`: Latin breaks between words, Chinese between characters."""
    tokens: list[str] = []
    for word in text.split(" "):
        if has_cjk(word):
            tokens += list(word)
        else:
            tokens.append(word)
        tokens.append(" ")
    lines, line = [], ""
    for token in tokens[:-1]:
        if line and token[0] not in _NO_BREAK_BEFORE and \
                face.getlength((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


@dataclass
class _Card:
    title: list[str]
    rows: list[tuple[int, list[str]]]  # (depth, wrapped lines)

    def height(self, big: int, small: int) -> int:
        rows = sum(len(lines) for _, lines in self.rows)
        return PAD * 2 + len(self.title) * (big + 6) + rows * (small + 6) + (
            PAD // 2 if self.rows else 0)


def _cards(lines: list[Line], width: float, lang: str) -> list[_Card]:
    big, small = font(20, lang), font(16, lang)
    cards: list[_Card] = []
    for line in lines:
        if line.depth == 0:
            cards.append(_Card(_wrap(line.text, big, width - 2 * PAD), []))
        elif cards:
            indent = 18 * (line.depth - 1) + 14
            cards[-1].rows.append((line.depth, _wrap(line.text, small, width - 2 * PAD - indent)))
    return cards


def org_picture(answer: Answer, width: int = WIDTH) -> bytes:
    """The chart of an `org` answer as PNG bytes (a palette image: small to upload)."""
    lang = answer.lang
    columns = COLUMNS if width >= 900 else 1
    card_width = (width - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    head_font, big, small = font(26, lang), font(20, lang), font(16, lang)
    header = _wrap(lead_sentence(answer) or "", head_font, width - 2 * MARGIN)
    cards = _cards(structure_lines(answer), card_width, lang)
    tops = [MARGIN + len(header) * 34 + 24] * columns
    placed = []
    for card in cards:
        col = tops.index(min(tops))
        placed.append((card, col, tops[col]))
        tops[col] += card.height(20, 16) + GUTTER
    footer = structure_footer(answer).replace("`", "")
    height = int(max(tops) + 40)
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for text in header:
        draw.text((MARGIN, y), text, font=head_font, fill=INK)
        y += 34
    for card, col, top in placed:
        x = MARGIN + col * (card_width + GUTTER)
        box = (x, top, x + card_width, top + card.height(20, 16))
        draw.rounded_rectangle(box, radius=8, fill=CARD, outline=EDGE)
        draw.rectangle((x, top + 8, x + 4, top + card.height(20, 16) - 8), fill=ACCENT)
        ty = top + PAD
        for text in card.title:
            draw.text((x + PAD, ty), text, font=big, fill=INK)
            ty += 26
        ty += PAD // 2 if card.rows else 0
        for depth, texts in card.rows:
            indent = x + PAD + 18 * (depth - 1)
            draw.text((indent, ty), "•", font=small, fill=ACCENT)
            for text in texts:
                draw.text((indent + 14, ty), text, font=small, fill=MUTED if depth > 1 else INK)
                ty += 22
    draw.text((MARGIN, height - 30), f"Reorg Historian · {footer}", font=small, fill=MUTED)
    out = io.BytesIO()
    image.quantize(colors=32).save(out, format="PNG", optimize=True)
    return out.getvalue()
