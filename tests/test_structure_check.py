"""`kb check` on structure edges: a chart drawn from them must be a sourced tree on every date."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.check import check_folder

BASE = """
units:
  - {id: alibaba-group, name: 阿里巴巴集团, en: Alibaba Group, kind: unit, type: group}
  - {id: taobao, name: 淘宝, en: Taobao, kind: unit, type: business-unit}
  - {id: tmall, name: 天猫, en: Tmall, kind: unit, type: business-unit}
  - {id: etao, name: 一淘, en: eTao, kind: unit, type: business-unit}
events:
  - id: 2011-06-16-split
    date: "2011-06-16"
    kind: unit-split
    title: {en: Taobao splits in three, zh: 淘宝一拆三}
    summary: {en: Taobao became three companies., zh: 淘宝拆分为三家公司。}
    units: [{id: taobao, role: split}, {id: tmall, role: created}, {id: etao, role: created},
            {id: alibaba-group, role: organization}]
    sources: [{publisher: Paper, title: Article, date: "2011-06-16"}]
structure:
  - {unit: taobao, parent: alibaba-group, from: "2003-05", to: present,
     sources: [{publisher: Paper, title: Founding, date: "2003-05-10"}]}
"""


def _errors(tmp_path: Path, extra: str) -> list[str]:
    (tmp_path / "kb.yaml").write_text(BASE + extra, encoding="utf-8")
    return [p.message for p in check_folder(tmp_path) if not p.warning]


def test_a_sourced_tree_passes(tmp_path: Path) -> None:
    extra = """
  - {unit: tmall, parent: taobao, from: "2011-06-16", to: "2012-07-23",
     start_event: 2011-06-16-split}
  - {unit: tmall, parent: alibaba-group, from: "2012-07-23", to: present,
     start_event: 2011-06-16-split}
"""
    assert _errors(tmp_path, extra) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('  - {unit: tmall, parent: alibaba-group, from: "2011-06-16", to: present}\n',
         "needs a start_event whose sources state the placing"),
        ('  - {unit: tmall, parent: alibaba-group, to: present, start_event: 2011-06-16-split}\n',
         "needs a 'from'"),
        ('  - {unit: tmall, parent: alibaba-group, from: "2011-06-16",'
         ' start_event: 2011-06-16-split}\n', "needs a 'to'"),
        ('  - {unit: tmall, parent: alibaba-group, from: "2011-06-16", to: "2010",'
         ' start_event: 2011-06-16-split}\n', "ends before or when it starts"),
        ('  - {unit: tmall, parent: nowhere, from: "2011-06-16", to: present,'
         ' start_event: 2011-06-16-split}\n', "edge parent 'nowhere' is not a defined"),
        ('  - {unit: tmall, parent: alibaba-group, from: "2011-06-16", to: unknown,'
         ' start_event: 2011-06-16-split, unknown_reason: none says}\n', "needs an end_event"),
        ('  - {unit: tmall, parent: alibaba-group, from: "2011-06-16", to: unknown,'
         ' start_event: 2011-06-16-split, end_event: 2011-06-16-split}\n',
         "needs an 'unknown_reason'"),
        # Tmall under eTao, which has no place of its own then
        ('  - {unit: tmall, parent: etao, from: "2011-06-16", to: present,'
         ' start_event: 2011-06-16-split}\n', "when etao has no place of its own"),
        # two parents at once
        ('  - {unit: tmall, parent: alibaba-group, from: "2011-06-16", to: present,'
         ' start_event: 2011-06-16-split}\n'
         '  - {unit: tmall, parent: taobao, from: "2012-01", to: present,'
         ' start_event: 2011-06-16-split}\n', "sits in alibaba-group and taobao at once"),
        # a loop: eTao in Tmall, Tmall in eTao
        ('  - {unit: tmall, parent: etao, from: "2011-06-16", to: present,'
         ' start_event: 2011-06-16-split}\n'
         '  - {unit: etao, parent: tmall, from: "2011-06-16", to: present,'
         ' start_event: 2011-06-16-split}\n', "the structure loops on 2011-06-16"),
    ],
)
def test_broken_edges_are_refused(tmp_path: Path, extra: str, message: str) -> None:
    errors = _errors(tmp_path, extra)
    assert any(message in e for e in errors), errors


def test_dual_reporting_is_allowed_when_both_edges_say_so(tmp_path: Path) -> None:
    extra = """
  - {unit: tmall, parent: alibaba-group, from: "2011-06-16", to: present, dual: true,
     start_event: 2011-06-16-split}
  - {unit: tmall, parent: taobao, from: "2011-06-16", to: present, dual: true,
     start_event: 2011-06-16-split}
"""
    assert _errors(tmp_path, extra) == []


def test_a_start_event_that_does_not_name_the_unit_is_refused(tmp_path: Path) -> None:
    text = BASE.replace("{id: tmall, role: created}, ", "").replace(
        "{id: alibaba-group, role: organization}", "{id: etao, role: involved}")
    (tmp_path / "kb.yaml").write_text(text + '  - {unit: tmall, parent: alibaba-group, '
                                      'from: "2011-06-16", to: present, '
                                      'start_event: 2011-06-16-split}\n', encoding="utf-8")
    errors = [p.message for p in check_folder(tmp_path) if not p.warning]
    assert any("names neither tmall nor alibaba-group" in e for e in errors), errors
