"""A follow-up read in its conversation: "it", "he", "after that", "那之后" stand for the subject
and the date of what was answered before, written out so the question reads like any other.

"那之后谁负责淘宝?" after an answer dated 2022-01-06 becomes "2022-01-06之后谁负责淘宝?";
"who ran it after that?" after an answer about Taobao becomes "who ran Taobao after 2022-01-06?".
A question that refers to nothing before it is left alone (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """What a conversation last answered: whom or what about, and when."""

    person: str = ""  # whom it was about (he, she), in the language of the follow-up
    unit: str = ""  # which unit or company (it)
    date: str | None = None  # ISO, as precise as known


# "After that" and "then" name the date; the pronouns name the subject.
_EN_AFTER = re.compile(r"\b(?:after\s+that|since\s+then|after\s+then|afterwards|thereafter)\b",
                       re.I)
_EN_THEN = re.compile(r"\b(?:at\s+that\s+time|at\s+the\s+time|back\s+then|then)\b", re.I)
_EN_IT = re.compile(r"\b(?:it|that\s+unit|that\s+company)\b", re.I)
_EN_PERSON = re.compile(r"\b(?:he|him|she|her)\b", re.I)
# Both scripts: the follow-up is matched as typed, so that what is left of it stays as typed.
_ZH_AFTER = re.compile("(?:从那以后|从那之后|在那之后|那之后|那以后|此后|"
                       "從那以後|從那之後|這之後|那之後|此後)")
_ZH_THEN = re.compile("(?:那时候|那个时候|那时|当时|那時候|那個時候|那時|當時)")
_ZH_IT = re.compile("它")
_ZH_PERSON = re.compile("(?<!其)[他她](?!们|們)")


def refers_back(text: str) -> bool:
    """Whether the text may refer to an earlier answer (cheap: the context costs a query)."""
    return any(p.search(text) for p in (_EN_AFTER, _EN_THEN, _EN_IT, _EN_PERSON, _ZH_AFTER,
                                        _ZH_THEN, _ZH_IT, _ZH_PERSON))


def with_context(text: str, context: Context) -> str | None:
    """The follow-up with what it refers to written out, or None when it refers to nothing
    the context knows."""
    out = text
    if context.date:
        out = _EN_AFTER.sub(f"after {context.date}", out)
        out = _EN_THEN.sub(f"in {context.date}", out)
        out = _ZH_AFTER.sub(f"{context.date}之后", out)
        out = _ZH_THEN.sub(context.date, out)
    for name, pronouns in ((context.person, (_EN_PERSON, _ZH_PERSON)),
                           (context.unit, (_EN_IT, _ZH_IT))):
        for pronoun in pronouns if name else ():
            out = pronoun.sub(name, out)
    return out if out != text else None
