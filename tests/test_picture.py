"""The org chart picture: produced in-process, small enough to upload, and every label drawn
with glyphs the font has (no tofu boxes), in English, Simplified and Traditional."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

import pytest
from fontTools.ttLib import TTCollection
from noto_cjk_sans_otc import FONT_PATH
from PIL import Image

from bot.chat import Chat
from handlers.org import lead_sentence, structure_footer, structure_lines
from handlers.picture import FACE, org_picture
from handlers.replies import Place
from knowledge.historian import Historian

MAX_BYTES = 1_000_000


def picture_labels(answer) -> list[str]:
    """Every text the picture draws: what the glyph check must find in the font."""
    return [lead_sentence(answer) or "", structure_footer(answer),
            *(line.text for line in structure_lines(answer))]


@cache
def _cmap(face: int) -> set[int]:
    return set(TTCollection(str(FONT_PATH)).fonts[face].getBestCmap())


@pytest.mark.parametrize(("typed", "lang"), [("org 2013-09-12", "en"),
                                             ("组织架构 2023年3月29日", "zh-hans"),
                                             ("組織架構 2016年", "zh-hant")])
def test_the_picture_is_a_readable_png_with_every_glyph(historian: Historian, typed: str,
                                                         lang: str) -> None:
    answer = Chat.local(historian, lambda: dt.date(2026, 12, 1)).ask(Place(), typed)
    assert answer.lang == lang and answer.chart is not None
    for width in (1200, 750):  # desktop, and a phone's 375 px at 2x
        png = org_picture(answer, width)
        assert 0 < len(png) <= MAX_BYTES
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width == width and image.height > 200
    missing = {ch for label in picture_labels(answer) for ch in label
               if not ch.isspace() and ord(ch) not in _cmap(FACE[lang])}
    assert not missing, f"no glyph for {sorted(missing)}"
    assert any("阿里" in label or "Alibaba" in label for label in picture_labels(answer))
