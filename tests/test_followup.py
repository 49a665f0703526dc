"""A follow-up's "it", "he", "after that" and "那之后" read as the conversation's subject and
date."""

from __future__ import annotations

import pytest

from knowledge.followup import Context, refers_back, with_context

MERGER = Context(person="戴珊", unit="淘宝", date="2022-01-06")
ENGLISH = Context(person="Trudy Dai", unit="Taobao", date="2022-01-06")


@pytest.mark.parametrize(("typed", "context", "read"), [
    ("那之后谁负责淘宝?", MERGER, "2022-01-06之后谁负责淘宝?"),
    ("從那以後誰負責它", MERGER, "2022-01-06之后誰負責淘宝"),
    ("当时谁负责它", MERGER, "2022-01-06谁负责淘宝"),
    ("他后来做什么", MERGER, "戴珊后来做什么"),
    ("who ran it after that?", ENGLISH, "who ran Taobao after 2022-01-06?"),
    ("who ran it then", ENGLISH, "who ran Taobao in 2022-01-06"),
    ("what did she do afterwards", ENGLISH, "what did Trudy Dai do after 2022-01-06"),
    ("who came after him", ENGLISH, "who came after Trudy Dai"),
])
def test_a_reference_is_written_out(typed: str, context: Context, read: str) -> None:
    assert refers_back(typed)
    assert with_context(typed, context) == read


@pytest.mark.parametrize(("typed", "context"), [
    ("蔡崇信之后谁当CFO", MERGER),  # 之后 after a name is a succession, not "after that"
    ("其他部门", MERGER),  # 其他 is "other", not "he"
    ("他们", MERGER),
    ("who ran Taobao in 2013", ENGLISH),
    ("who ran it after that?", Context()),  # nothing answered before: nothing to fill in
    ("Hermes", ENGLISH),  # "her" inside a word is no pronoun
])
def test_a_question_that_refers_to_nothing_is_left_alone(typed: str, context: Context) -> None:
    assert with_context(typed, context) is None, typed
