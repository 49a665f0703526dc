"""Publishers by the name readers know them by: an outlet the base cites in Chinese is shown to
an English reader under its English name, and the other way round.

Only outlets whose own English (or Chinese) name is well established are listed; any other
publisher is shown as the base spells it. Traditional is derived from Simplified.
"""

from __future__ import annotations

import re

from knowledge.text import to_traditional

# Simplified Chinese name → English name, as each outlet calls itself. Keep an entry only when a
# stored page shows the pairing; each one is checked in knowledge/verification/publishers.md (an
# outlet no page pairs is shown as the base spells it).
_NAMES: dict[str, str] = {
    "21世纪经济报道": "21st Century Business Herald",
    "新华社": "Xinhua",
    "中国日报": "China Daily",
    "南华早报": "South China Morning Post",
    "路透社": "Reuters",
    "彭博社": "Bloomberg",
    "财新": "Caixin",
    "新京报": "The Beijing News",
    "澎湃新闻": "The Paper",
    "经济观察报": "The Economic Observer",
    "极客公园": "GeekPark",
    # The company itself, as the base names it (knowledge/data/core.yaml): its own letters,
    # filings and sites are cited under this name.
    "阿里巴巴集团": "Alibaba Group",
}
_BY_ENGLISH = {en.casefold(): zh for zh, en in _NAMES.items()}
# The outlet's name, then what the base says about the copy: "新浪科技（kejilie转载）",
# "Reuters (via Lincoln Daily News)".
_HEAD = re.compile(r"^(?P<name>[^（(]+?)\s*(?P<rest>[（(].*)?$")


def publisher_name(publisher: str, lang: str) -> str:
    """The publisher in `lang` where its other name is known; else as the base has it."""
    match = _HEAD.match(publisher)
    if match is None:
        return publisher
    name, rest = match["name"], match["rest"] or ""
    if lang == "en" and name in _NAMES:
        rest = rest.replace("（", " (").replace("）", ")")
        return _NAMES[name] + rest
    if lang != "en":
        name = _BY_ENGLISH.get(name.casefold(), name)
        shown = name + rest
        return to_traditional(shown) if lang == "zh-hant" else shown
    return publisher
