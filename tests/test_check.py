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


# --- tenure guards -----------------------------------------------------------------------
TENURE_BASE = """
people:
  - {id: ma, name: 马某, en: Ma}
  - {id: lu, name: 陆某, en: Lu}
units:
  - {id: group, name: 集团, en: Group}
  - {id: b2b, name: 网络, en: B2B, kind: company}
events:
  - id: 2013-lu-ceo
    date: "2013-05-10"
    kind: succession
    title: {en: Lu becomes CEO, zh: 陆某出任CEO}
    summary: {en: Lu took over., zh: 陆某接任。}
    people: [{id: lu, role: appointed}, {id: ma, role: departed}]
    units: [{id: group, role: organization}]
    sources: [{publisher: P, title: T, date: "2013-05-10"}]
  - id: 2012-b2b-delisted
    date: "2012-06-20"
    kind: delisting
    title: {en: B2B leaves the exchange, zh: 网络退市}
    summary: {en: Gone., zh: 退市。}
    units: [{id: b2b, role: target}]
    sources: [{publisher: P, title: T, date: "2012-06-20"}]
roles:
"""
MA_CEO = """
  - {person: ma, title: {en: CEO, zh: 首席执行官}, unit: group, from: "1999", %s}
"""
LU_CEO = """
  - {person: lu, title: {en: CEO, zh: 首席执行官}, unit: group, from: "2013-05-10", to: present,
     start_event: 2013-lu-ceo}
"""


def _all(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "kb.yaml").write_text(text, encoding="utf-8")
    return [str(p) for p in check_folder(tmp_path)]


@pytest.mark.parametrize(("ma_end", "message"), [
    ("", "a role needs a 'to'"),
    ('to: unknown', "'unknown' needs an 'unknown_reason'"),
    ('to: "2013-05-10", unknown_reason: "x"', "nothing is 'unknown'"),
    ('to: "2014"', "both hold ceo of group"),
    ('to: present', "'to: present' but the data names an end: lu from 2013-05-10"),
    # the event says Ma left: an unknown end is then known
    ('to: unknown, unknown_reason: "no source"', "their departure in event '2013-lu-ceo'"),
])
def test_tenure_mistakes_are_errors(tmp_path: Path, ma_end: str, message: str) -> None:
    problems = _all(tmp_path, TENURE_BASE + MA_CEO % ma_end + LU_CEO)
    assert any(message in p and "warning" not in p for p in problems), problems


def test_consistent_tenures_pass(tmp_path: Path) -> None:
    text = TENURE_BASE + MA_CEO % 'to: "2013-05-10", end_event: 2013-lu-ceo' + LU_CEO
    assert _all(tmp_path, text) == []


def test_co_held_posts_may_overlap_when_both_say_shared(tmp_path: Path) -> None:
    both = (TENURE_BASE + MA_CEO % 'to: "2014", shared: true' + LU_CEO).replace(
        "to: present,", "to: present, shared: true,")
    assert _all(tmp_path, both) == []


def test_a_role_event_without_a_tenure_is_flagged(tmp_path: Path) -> None:
    problems = _all(tmp_path, TENURE_BASE + MA_CEO % 'to: "2013-05-10"')
    assert any("warning: appointed lu has no tenure at group" in p for p in problems), problems


def test_a_tenure_past_its_unit_delisting_is_flagged(tmp_path: Path) -> None:
    text = TENURE_BASE + MA_CEO % 'to: "2013-05-10"' + LU_CEO + """
  - {person: ma, title: {en: Chairman, zh: 董事长}, unit: b2b, from: "2007", to: present}
"""
    problems = _all(tmp_path, text)
    assert any("ma's tenure at b2b runs past its end on 2012-06-20" in p for p in problems)
