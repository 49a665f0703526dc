"""How far a source can be trusted, for showing the best first and saying what each is."""

from __future__ import annotations

import re

# Where a source stands: the company's own word, or a copy of somebody else's report.
_OFFICIAL_SITES = ("alibabagroup.com", "alizila.com", "sec.gov", "hkexnews.hk", "aliyun.com",
                   "alibabacloud.com", "antgroup.com", "alibaba.com")
_OFFICIAL_WORDS = re.compile(r"filing|20-F|F-1|prospectus|annual report|announcement|letter|"
                             r"公告|招股|年报|内部信", re.I)
_REPOST = re.compile(r"转载|转引|via |reprint|repost|blog|\(", re.I)


def source_standing(source: dict) -> str:
    """'official' (the company's own site, a filing, a letter), 'repost' (a copy of another
    outlet's report, a blog) or '' (the press as published)."""
    host = re.sub(r"^https?://(www\.)?", "", source.get("url") or "").split("/")[0]
    publisher = source.get("publisher") or ""
    if any(host == site or host.endswith("." + site) for site in _OFFICIAL_SITES) \
            or _OFFICIAL_WORDS.search(publisher):
        return "official"
    return "repost" if _REPOST.search(publisher) else ""


def ordered_sources(sources: list[dict]) -> list[dict]:
    """The sources a reader should open first: linked before unlinked, then the company's
    own word, the press, and copies of other reports last (curated order within each)."""
    rank = {"official": 0, "": 1, "repost": 2}
    return sorted(sources, key=lambda s: (not s.get("url"), rank[source_standing(s)]))
