"""Where each unit sat, and when: the curated structure edges as spans of days, and their checks.

An edge is written with partial dates and open ends (`present`, `unknown`). `placements`
turns each into the span of days it holds, once, for `kb check`, the database and the chart
alike, so that all three read "in place on D" the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from knowledge.files import Problem, unknown_problems
from knowledge.records import ROOT_ID, Catalog, Edge, Event, PartialDate


@dataclass(frozen=True, slots=True)
class Placement:
    """An edge as days: in place from `first` up to, not including, `until` (None: still)."""

    unit: str
    parent: str
    first: dt.date
    until: dt.date | None
    start: PartialDate  # as the source gives it, for "from Sep 2013"
    end: PartialDate | None  # as written; None when still in place or the end is unknown
    end_unknown: bool
    start_event: str | None
    end_event: str | None
    reports_to: str | None = None
    dual: bool = False
    sources: tuple[dict, ...] = ()  # the edge's own sources (its events carry theirs)
    confirmed: dt.date | None = None  # an unknown end: the last day a source shows it there

    def holds_on(self, day: dt.date) -> bool:
        return self.first <= day and (self.until is None or day < self.until)


def _event_day(events: Mapping[str, Event], ident: str | None) -> PartialDate | None:
    event = events.get(ident) if ident else None
    return (event.effective or event.date) if event else None


# A day on which at least this many units are placed anew under one parent re-draws that part
# of the chart: a unit there whose own end no source gives is taken to have ended then.
SIBLING_PLACINGS = 3
# …and a day on which this many are placed anew anywhere is a reorganization of the group.
GROUP_PLACINGS = 5


def placements(catalog: Catalog) -> list[Placement]:
    """Every edge that has a start as a Placement; edges too broken to place are left to
    `structure_problems` to report.

    An edge whose end is unknown holds until the unit's next placing; else until its part of
    the chart is re-drawn after the last event that shows it (several units placed anew under
    its parent, its parent's own place ending, or the group's next reorganization); else
    through that last event. It is marked with that last confirmation."""
    resolved = []
    for edge in catalog.edges:
        start = edge.start or _event_day(catalog.events, edge.start_event)
        if start is not None:
            resolved.append((edge, start, start.first_day()))
    starts: dict[str, list[dt.date]] = defaultdict(list)
    placings: dict[tuple[str, dt.date], int] = defaultdict(int)
    for edge, _, first in resolved:
        starts[edge.unit].append(first)
        placings[(edge.parent, first)] += 1
    redrawn: dict[str, list[dt.date]] = defaultdict(list)
    for (parent, day), count in placings.items():
        if count >= SIBLING_PLACINGS:
            redrawn[parent].append(day)
    per_day: dict[dt.date, int] = defaultdict(int)
    for (_, day), count in placings.items():
        per_day[day] += count
    reorgs = sorted(day for day, count in per_day.items() if count >= GROUP_PLACINGS)
    known_end = {(e.unit, first): e.end.first_day() for e, _, first in resolved
                 if e.end_state == "date" and e.end}
    out = []
    for edge, start, first in resolved:
        until: dt.date | None = known_end.get((edge.unit, first))
        confirmed: dt.date | None = None
        if edge.end_state == "unknown":
            seen = _event_day(catalog.events, edge.end_event)
            confirmed = max(seen.last_day() if seen else first, first)
            parent_ends = [end for (unit, begun), end in known_end.items()
                           if unit == edge.parent and begun <= confirmed < end]
            candidates = [d for d in starts[edge.unit] if d > first]
            candidates += [d for d in redrawn[edge.parent] if d > confirmed]
            candidates += [d for d in parent_ends if d > confirmed]
            candidates += [d for d in reorgs if d > confirmed][:1]
            until = min(candidates, default=confirmed + dt.timedelta(days=1))
        out.append(Placement(
            edge.unit, edge.parent, first, until, start,
            edge.end if edge.end_state == "date" else None, edge.end_state == "unknown",
            edge.start_event, edge.end_event, edge.reports_to, edge.dual,
            tuple(s.as_dict() for s in edge.sources), confirmed))
    _within_parents(out)
    return out


def _within_parents(placed: list[Placement]) -> None:
    """An unknown end never outlasts the parent's own place (which may itself be unknown)."""
    for _ in range(4):  # the tree is shallow: each pass settles one more level
        changed = False
        for i, p in enumerate(placed):
            if not p.end_unknown:
                continue
            holder = next((q for q in placed if q.unit == p.parent and q.holds_on(p.first)),
                          None)
            if holder and holder.until and (p.until is None or holder.until < p.until):
                placed[i] = replace(p, until=max(holder.until, p.first + dt.timedelta(days=1)))
                changed = True
        if not changed:
            return


def structure_problems(catalog: Catalog) -> list[Problem]:
    """An edge must be sourced, dated, under a parent that exists then, alone (unless dual),
    and the whole must stay a tree on every date."""
    problems = [p for edge in catalog.edges for p in _edge_shape(catalog, edge)]
    placed = placements(catalog)
    where = {(e.unit, e.parent, (e.start or _event_day(catalog.events, e.start_event))): e
             for e in catalog.edges}

    def edge_of(p: Placement) -> Edge:
        return where[(p.unit, p.parent, p.start)]

    by_unit: dict[str, list[Placement]] = defaultdict(list)
    for p in placed:
        by_unit[p.unit].append(p)
    for unit, spans in by_unit.items():
        spans.sort(key=lambda p: p.first)
        for i, one in enumerate(spans):
            for other in spans[i + 1:]:
                if _overlap(one, other) and not (one.dual and other.dual):
                    edge = edge_of(other)
                    problems.append(Problem(
                        edge.file, edge.line,
                        f"{unit} sits in {one.parent} and {other.parent} at once from "
                        f"{other.first.isoformat()}: end one edge, or mark both 'dual: true'"))
    for p in placed:
        if p.parent == ROOT_ID:
            continue
        gap = _uncovered(p, by_unit.get(p.parent, []))
        if gap:
            edge = edge_of(p)
            problems.append(Problem(
                edge.file, edge.line, f"{p.unit} sits in {p.parent} on {gap.isoformat()}, "
                f"when {p.parent} has no place of its own: add an edge for {p.parent}"))
    problems += _cycles(placed, edge_of)
    return problems


def _edge_shape(catalog: Catalog, edge: Edge) -> list[Problem]:
    where, problems = (edge.file, edge.line), []
    kinds = {ident: entity.kind for ident, entity in catalog.entities.items()}
    for ident, what, allowed in ((edge.unit, "unit", ("unit", "company")),
                                 (edge.parent, "parent", ("unit", "company")),
                                 (edge.reports_to, "reports_to", ("person",))):
        if ident and kinds.get(ident) not in allowed:
            problems.append(Problem(*where, f"edge {what} '{ident}' is not a defined "
                                            f"{' or '.join(allowed)}"))
    if edge.unit == edge.parent:
        problems.append(Problem(*where, f"{edge.unit} cannot sit in itself"))
    for ident in (edge.start_event, edge.end_event):
        if ident and ident not in catalog.events:
            problems.append(Problem(*where, f"edge names unknown event '{ident}'"))
    if not edge.start_event and not edge.sources:
        problems.append(Problem(*where, "an edge needs a start_event whose sources state the "
                                        "placing, or sources of its own"))
    event = catalog.events.get(edge.start_event or "")
    if event and not {edge.unit, edge.parent} & {u for u, _ in event.units}:
        problems.append(Problem(*where, f"start_event '{event.id}' names neither {edge.unit} "
                                        f"nor {edge.parent}: link the unit in the event"))
    # Each bound: written at all, and an unknown one tied to the event that shows it in place.
    for key, state, event_id, missing, needs in (
            ("from", edge.start_state, edge.start_event, "a date, or 'unknown' with a "
             "start_event and an 'unknown_reason'", "the start_event that first shows the "
             "unit in place"),
            ("to", edge.end_state, edge.end_event, "a date, 'present' or 'unknown' with an "
             "'unknown_reason'", "an end_event: the last event that shows the unit in place")):
        if state is None:
            problems.append(Problem(*where, f"an edge needs a '{key}': {missing}"))
        elif state == "unknown" and not event_id:
            problems.append(Problem(*where, f"'{key}: unknown' needs {needs}"))
    problems += unknown_problems(*where, (edge.start_state, edge.end_state), edge.unknown_reason)
    start = edge.start or _event_day(catalog.events, edge.start_event)
    if start and edge.end and edge.end.first_day() <= start.first_day():
        problems.append(Problem(*where, "the edge ends before or when it starts"))
    return problems


def _overlap(one: Placement, other: Placement) -> bool:
    return ((one.until is None or other.first < one.until)
            and (other.until is None or one.first < other.until))


def _uncovered(child: Placement, spans: Iterable[Placement]) -> dt.date | None:
    """The first day of the child's span that none of the parent's spans covers."""
    day = child.first
    for span in sorted(spans, key=lambda p: p.first):
        if span.first > day:
            break
        if span.until is None:
            return None
        day = max(day, span.until)
        if child.until is not None and day >= child.until:
            return None
    return day if child.until is None or day < child.until else None


def _cycles(placed: list[Placement], edge_of) -> list[Problem]:
    """A unit that, following parents on some date, reaches itself."""
    problems, seen = [], set()
    for day in sorted({p.first for p in placed}):
        parents: dict[str, list[Placement]] = defaultdict(list)
        for p in placed:
            if p.holds_on(day):
                parents[p.unit].append(p)
        for unit in parents:
            path, node = [unit], unit
            while node in parents and node != ROOT_ID:
                node = parents[node][0].parent
                if node == unit:
                    placing = parents[unit][0]
                    key = (placing.unit, placing.parent, placing.first)
                    if key not in seen:
                        seen.add(key)
                        edge = edge_of(placing)
                        problems.append(Problem(edge.file, edge.line, "the structure loops on "
                                                f"{day.isoformat()}: {' → '.join([*path, unit])}"))
                    break
                if node in path:
                    break
                path.append(node)
    return problems
