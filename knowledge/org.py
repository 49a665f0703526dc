"""The organization as of a date, what changed between two dates, and a post's chain of holders.

Pure functions of the index: the placements (knowledge.structure) give the tree of a day, the
tenures give each unit's head that day. Nothing here reads the database or knows about Slack.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise

from knowledge.index import RoleInfo, SearchIndex
from knowledge.posts import POST_RANK, holders, same_post, successor_start
from knowledge.records import ROOT_ID, PartialDate
from knowledge.structure import SIBLING_PLACINGS, Placement

# A unit's head on a date: its CEO, president, chairman or head; the group shows the first two.
HEAD_TITLES = frozenset({"head"})
MAX_HEADS = 2


@dataclass
class OrgNode:
    """One unit on the chart of a day: where it sat, under whom, and what it was called."""

    unit: str
    depth: int
    parent: str | None
    name: dict[str, str]  # en, zh: the name it had that day
    heads: list[RoleInfo] = field(default_factory=list)
    placement: Placement | None = None  # None for the group itself
    dual: bool = False  # a second place of a unit with two parents that day


@dataclass
class OrgChart:
    """The tree of a day, depth first, the group first."""

    day: dt.date
    nodes: list[OrgNode] = field(default_factory=list)

    def event_ids(self) -> list[str]:
        """The events that establish the chart: each placement's and each head's start."""
        seen: dict[str, None] = {}
        for node in self.nodes:
            if node.placement and node.placement.start_event:
                seen.setdefault(node.placement.start_event)
            for head in node.heads:
                if head.start_event:
                    seen.setdefault(head.start_event)
        return list(seen)

    def units(self) -> set[str]:
        return {n.unit for n in self.nodes}

    def subtree(self, unit: str) -> OrgChart:
        """The part of the chart under `unit` (its first place), `unit` at depth 0."""
        out = OrgChart(self.day)
        for i, node in enumerate(self.nodes):
            if node.unit == unit and not node.dual:
                out.nodes.append(replace(node, depth=0))
                for below in self.nodes[i + 1:]:
                    if below.depth <= node.depth:
                        break
                    out.nodes.append(replace(below, depth=below.depth - node.depth))
                break
        return out


def name_on(index: SearchIndex, unit: str, day: dt.date) -> dict[str, str]:
    """The unit's name on that day: a former name until its `until`, else today's."""
    info = index.entities.get(unit)
    if info is None:
        return {"en": unit, "zh": unit}
    for former in info.details.get("former_names") or []:
        until = former.get("until")
        try:
            ended = PartialDate.parse(until).first_day() if until else None
        except ValueError:
            ended = None
        if ended and day < ended:
            return {"en": former.get("en") or info.name_en, "zh": former.get("name") or
                    info.name_zh}
    return {"en": info.name_en, "zh": info.name_zh}


def _roles_by_unit(index: SearchIndex) -> dict[str, list[RoleInfo]]:
    by_unit: dict[str, list[RoleInfo]] = defaultdict(list)
    for role in index.roles:
        by_unit[role.unit or ROOT_ID].append(role)
    return by_unit


def _rank(role: RoleInfo) -> int:
    return min((POST_RANK.index(c) for c in role.classes if c in POST_RANK), default=99)


def heads_on(unit_roles: list[RoleInfo], unit: str, day: dt.date) -> list[RoleInfo]:
    """Who headed the unit that day, the most senior post first (CEO before chairman …)."""
    found = holders(unit_roles, unit, set(HEAD_TITLES), (day, day))
    # A tenure that ended on the day itself has been handed over: on the day of a
    # reorganization the chart shows the new head, not both (a month or a year as the end
    # leaves the day open, and the holder is kept).
    found = [r for r in found if not (r.end and r.end.day and r.end.first_day() <= day)]
    found.sort(key=_rank)
    people: dict[str, RoleInfo] = {}
    for role in found:
        people.setdefault(role.person, role)
    return list(people.values())[:MAX_HEADS]


def org_on(index: SearchIndex, day: dt.date) -> OrgChart:
    """The group's structure on `day`: every unit in place then, under its parent, with its
    head; a unit with two parents appears under each, the second marked `dual`."""
    chart = OrgChart(day)
    holding = [p for p in index.placements if p.holds_on(day)]
    if not holding:
        return chart
    children: dict[str, list[Placement]] = defaultdict(list)
    for placement in holding:
        children[placement.parent].append(placement)
    roles = _roles_by_unit(index)
    placed: set[str] = set()

    def visit(unit: str, depth: int, parent: str | None, placement: Placement | None) -> None:
        dual = unit in placed
        placed.add(unit)
        chart.nodes.append(OrgNode(unit, depth, parent, name_on(index, unit, day),
                                   heads_on(roles.get(unit, []), unit, day), placement, dual))
        if dual:
            return  # its units are listed under its first place (and a loop ends here)
        for child in children.get(unit, []):
            visit(child.unit, depth + 1, unit, child)

    visit(ROOT_ID, 0, None, None)
    return chart


class ChangeKind(StrEnum):
    ADDED = "added"  # in place at the end, not at the start
    REMOVED = "removed"  # in place at the start, gone at the end (merged, dissolved, sold …)
    MOVED = "moved"  # under another parent
    RENAMED = "renamed"
    HEAD = "head"  # another head


@dataclass
class Change:
    """One line of "what changed": a unit, what happened to it, when, on which event's word."""

    kind: ChangeKind
    unit: str
    day: dt.date
    date: PartialDate  # as the source gives it
    event_id: str | None
    before: str | None = None  # the old parent, name or head (ids; names for renames)
    after: str | None = None


def changes_between(index: SearchIndex, first: dt.date, last: dt.date) -> list[Change]:
    """What differs between the chart of `first` and that of `last`, in date order."""
    if last < first:
        first, last = last, first
    old, new = org_on(index, first), org_on(index, last)
    old_nodes = {n.unit: n for n in old.nodes if not n.dual}
    new_nodes = {n.unit: n for n in new.nodes if not n.dual}
    out: list[Change] = []
    for unit, node in new_nodes.items():
        before = old_nodes.get(unit)
        placement = node.placement
        if before is None and placement is not None:
            out.append(Change(ChangeKind.ADDED, unit, placement.first, placement.start,
                              placement.start_event, None, node.parent))
        elif before is not None and before.parent != node.parent and placement is not None:
            out.append(Change(ChangeKind.MOVED, unit, placement.first, placement.start,
                              placement.start_event, before.parent, node.parent))
        if before is not None and before.name != node.name:
            out.append(_renamed(index, unit, before.name, node.name, first, last))
        if before is not None:
            out += _head_changes(unit, before, node, first)
    for unit, node in old_nodes.items():
        if unit in new_nodes or node.placement is None:
            continue
        placement = _last_placement(index, unit, first, last) or node.placement
        until = placement.until or last
        end = placement.end or PartialDate(until.year, until.month, until.day)
        out.append(Change(ChangeKind.REMOVED, unit, until, end, placement.end_event,
                          node.parent, None))
    out.sort(key=lambda c: (c.day, list(ChangeKind).index(c.kind), c.unit))
    return out


def _last_placement(index: SearchIndex, unit: str, first: dt.date,
                    last: dt.date) -> Placement | None:
    """The unit's last placement that ended between the two days: the one whose end counts."""
    ended = [p for p in index.placements if p.unit == unit and p.until
             and first < p.until <= last]
    return max(ended, key=lambda p: p.until or last) if ended else None


def _renamed(index: SearchIndex, unit: str, old: dict[str, str], new: dict[str, str],
             first: dt.date, last: dt.date) -> Change:
    """A rename, dated by the former name's `until` where it falls between the two days."""
    info = index.entities.get(unit)
    date = PartialDate(last.year, last.month, last.day)
    for former in (info.details.get("former_names") or []) if info else []:
        try:
            until = PartialDate.parse(former.get("until") or "")
        except ValueError:
            continue
        if first < until.first_day() <= last:
            date = until
            break
    return Change(ChangeKind.RENAMED, unit, date.first_day(), date, None,
                  f"{old['zh']} / {old['en']}", f"{new['zh']} / {new['en']}")


def _head_changes(unit: str, old: OrgNode, new: OrgNode, first: dt.date) -> list[Change]:
    before = {r.person for r in old.heads}
    out = []
    for role in new.heads:
        if role.person in before or role.start is None:
            continue
        gone = next((r.person for r in old.heads if same_post(r, role)), None) or (
            old.heads[0].person if old.heads else None)
        day = max(role.start.first_day(), first)
        out.append(Change(ChangeKind.HEAD, unit, day, role.start, role.start_event, gone,
                          role.person))
    return out


@dataclass
class Link:
    """One holder in a post's chain, with how the tenure ended and a gap before the next."""

    role: RoleInfo
    end: PartialDate | None  # a date, the successor's start, or None
    end_how: str  # "date" | "successor" | "present" | "unknown"
    gap_after: bool = False  # nobody is recorded between this end and the next start
    shared: bool = False  # held at once with the next link


def succession(index: SearchIndex, unit: str, titles: set[str]) -> list[Link]:
    """Every recorded holder of the post, oldest first: handover dates, gaps marked as gaps.

    A unit's "head" chain takes each tenure in its most senior post, so a president later
    named CEO is one link per post, not two interleaved chains."""
    unit_roles = _roles_by_unit(index).get(unit, [])
    # A tenure known only by its end is placed by its end: Zhang Yu ran Taobao until 2015.
    post = [r for r in unit_roles if r.classes & titles and (r.start or r.end)]
    post.sort(key=lambda r: ((r.start or r.end).sort_key(), _rank(r)))
    links: list[Link] = []
    for role in post:
        if role.end:
            end, how = role.end, "date"
        elif (nxt := successor_start(role, post)) is not None:
            end, how = nxt, "successor"
        else:
            end, how = None, "unknown" if role.end_unknown else "present"
        links.append(Link(role, end, how))
    for one, other in pairwise(links):
        start = other.role.start
        if start is None:
            continue
        if one.end is None:
            # Still held when the next began (co-held), or ended when no source says.
            one.shared, one.gap_after = one.end_how == "present", one.end_how == "unknown"
        elif one.end.last_day() < start.first_day() - dt.timedelta(days=1):
            one.gap_after = True
        elif one.end.first_day() > start.last_day():
            one.shared = True
    return links


def reorg_days(index: SearchIndex) -> list[dt.date]:
    """The days the chart was re-drawn: many units placed anew at once (a reorganization)."""
    counts: dict[dt.date, int] = defaultdict(int)
    for placement in index.placements:
        counts[placement.first] += 1
    return sorted(day for day, n in counts.items() if n >= SIBLING_PLACINGS)


def busiest_day(index: SearchIndex, first: dt.date, last: dt.date) -> dt.date | None:
    """The day in the span on which most units changed place: "after the 2023 split" is the
    chart of the day the split took effect, not of 1 January."""
    counts: dict[dt.date, int] = defaultdict(int)
    for placement in index.placements:
        if first <= placement.first <= last:
            counts[placement.first] += 1
        if placement.until and first <= placement.until <= last:
            counts[placement.until] += 1
    if not counts:
        return None
    return max(counts, key=lambda d: (counts[d], -d.toordinal()))
