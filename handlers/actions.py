"""Action ids shared by the Block Kit builders and the listener registrations."""

from __future__ import annotations

import json
from enum import StrEnum


class ActionId(StrEnum):
    MORE = "reorg_more"
    SHARE = "reorg_share"
    PAUSE = "reorg_digest_pause"
    RESUME = "reorg_digest_resume"
    PREVIEW = "reorg_digest_preview"


def encode_query(query: str, lang: str, page: int) -> str:
    """A button's value: enough to answer the same query again (Slack allows 2000 chars)."""
    return json.dumps({"q": query, "l": lang, "p": page}, ensure_ascii=False)[:2000]


def decode_query(value: str) -> tuple[str, str, int] | None:
    try:
        data = json.loads(value)
        return str(data["q"]), str(data["l"]), int(data["p"])
    except (ValueError, KeyError, TypeError):
        return None
