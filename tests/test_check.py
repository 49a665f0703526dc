"""`kb check`: the real files are clean, and every kind of mistake is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.check import check_folder

GOOD_EVENT = """
  - id: 2013-09-11-zhang-yong-coo
    date: "2013-09-11"
    kind: appointment
    title: {en: Zhang Yong becomes COO, zh: 张勇出任首席运营官}
    summary: {en: He became COO., zh: 他出任首席运营官。}
    people: [{id: zhang-yong, role: appointed}]
    sources: [{publisher: Paper, title: Article, date: "2013-09-16"}]
"""
PEOPLE = """
people:
  - {id: zhang-yong, name: 张勇, en: Daniel Zhang, nicknames: [逍遥子]}
"""


def test_the_real_knowledge_files_have_no_errors() -> None:
    errors = [p for p in check_folder() if not p.warning]
    assert errors == [], "\n".join(map(str, errors))


def _check(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "kb.yaml").write_text(text, encoding="utf-8")
    return [str(p) for p in check_folder(tmp_path) if not p.warning]


def test_a_good_file_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, PEOPLE + "events:" + GOOD_EVENT) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('date: "2013-09-11"', 'date: "2013-02-30"'), "day is out of range"),
        (("kind: appointment", "kind: party"), "unknown kind"),
        (("id: zhang-yong, role", "id: nobody, role"), "person 'nobody' is not defined"),
        (("    sources: [{publisher: Paper, title: Article, date: \"2013-09-16\"}]\n", ""),
         "at least one source"),
        (("zh: 他出任首席运营官。", "zh: He became COO."), "summary.zh has no Chinese"),
        (("summary: {en: He became COO., ", "summary: {"), "'summary' has no 'en'"),
        (('date: "2013-09-16"', 'date: "2013-01-01"'), "before the event"),
        # an unquoted comma in a flow mapping cuts the text: the rest must not vanish silently
        (("en: Zhang Yong becomes COO,", "en: Zhang Yong, aged 41, becomes COO,"),
         "'title' has an unknown part 'aged 41'"),
        (("publisher: Paper,", "publisher: Paper (via Reuters, reprint),"),
         "a source has an unknown part 'reprint)'"),
        (("    kind: appointment", "    kind: appointment\n    efective: \"2013-09-12\""),
         "an event has an unknown part 'efective'"),
    ],
)
def test_mistakes_are_reported_with_file_and_line(tmp_path: Path, change: tuple[str, str],
                                                  message: str) -> None:
    text = PEOPLE + "events:" + GOOD_EVENT.replace(*change)
    problems = _check(tmp_path, text)
    assert any(message in p for p in problems), problems
    first = text.splitlines().index("  - id: 2013-09-11-zhang-yong-coo") + 1
    lines = [int(p.split("kb.yaml:")[1].split(":")[0]) for p in problems]
    assert all(first <= n <= first + 6 for n in lines), (first, problems)


def test_duplicate_ids_and_shared_aliases_are_errors(tmp_path: Path) -> None:
    text = PEOPLE + """
  - {id: zhang-yong, name: 张永, en: Other Zhang}
  - {id: someone, name: 某人, en: Someone, nicknames: [逍遙子]}
events:""" + GOOD_EVENT
    problems = _check(tmp_path, text)
    assert any("already used" in p for p in problems), problems
    assert any("逍遥子" in p and "shared" in p for p in problems), problems


def test_an_alias_marked_ambiguous_in_both_is_allowed(tmp_path: Path) -> None:
    text = """
people:
  - {id: a, name: 王一, en: Wang One, aliases: [Wang], ambiguous: [Wang]}
  - {id: b, name: 王二, en: Wang Two, aliases: [Wang], ambiguous: [Wang]}
events:
  - id: e1
    date: "2015"
    kind: appointment
    title: {en: Two Wangs, zh: 两位王}
    summary: {en: Both., zh: 两人。}
    people: [a, b]
    sources: [{publisher: P, title: T, date: "2015"}]
"""
    assert _check(tmp_path, text) == []


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    problems = _check(tmp_path, "events:\n  - id: [unclosed\n")
    assert problems and "not valid YAML" in problems[0] and ":" in problems[0]
