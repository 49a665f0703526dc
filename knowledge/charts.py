"""Answers about structure: the org chart of a date, the changes between two dates, a post's
chain of holders. The historian reads the question; these read its dates and names and fill
the answer with data (knowledge.org); handlers/ lay it out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from knowledge.answer import Answer, Outcome
from knowledge.dates import DateQuery, find_date
from knowledge.intent import Intent
from knowledge.org import busiest_day, changes_between, org_on, succession
from knowledge.records import ROOT_ID
from knowledge.resolve import read_query

if TYPE_CHECKING:
    from knowledge.historian import Historian

# Units the base knows as people's places (not persons): a chart or a chain may be about one.
_UNIT_KINDS = ("unit", "company")


def _dated(date: DateQuery | None) -> bool:
    return date is not None and date.year is not None


def chart_day(hist: Historian, date: DateQuery | None, side: str, today: dt.date,
              unit: str | None = None) -> dt.date:
    """The day a chart shows: the day named; for a month or year its last day, or with
    "after" / "before" the day its biggest reorganisation took effect (and the day before) —
    the reorganisation of `unit` when one is named ("after the middle platform reorg")."""
    if date is None:
        return today
    date = date.on_or_before(today)  # "org Jan 6": the latest 6 January
    first, last = date.first_day(), min(date.last_day(), today)
    if date.day and not date.first:
        return first
    if side:
        placed = [p.first for p in hist.index.placements
                  if p.unit == unit and first <= p.first <= date.last_day()]
        busiest = min(placed) if placed else busiest_day(hist.index, first, date.last_day())
        if busiest is not None:
            return busiest if side == "after" else busiest - dt.timedelta(days=1)
    return last


def _unit_in(hist: Historian, text: str) -> str | None:
    reading = read_query(hist.index, text)
    for mention in reading.mentions:
        if hist.index.entities[mention.entity_id].kind in _UNIT_KINDS:
            return mention.entity_id
    return None


def _names(hist: Historian, ids: set[str]) -> dict[str, dict[str, str]]:
    """Names in each language, and a person's 花名 under "nick"."""
    out = {}
    for ident in ids:
        names = hist.entity_names(ident)
        info = hist.index.entities.get(ident)
        nicks = info.details.get("nicknames") if info else None
        if nicks:
            names = {**names, "nick": nicks[0]}
        out[ident] = names
    return out


def answer_org(hist: Historian, date: DateQuery | None, rest: str, answer: Answer,
               today: dt.date, side: str = "") -> None:
    """The structure on a day; with a unit named in `rest`, only the part under it (but "after
    the X reorg" names the day, and shows the whole)."""
    unit = _unit_in(hist, rest)
    day = chart_day(hist, date, side, today, unit)
    chart = org_on(hist.index, day)
    if unit and unit != ROOT_ID and unit in chart.units() and not side:
        chart = chart.subtree(unit)
    answer.intent = Intent.ORG
    answer.when = day.isoformat()
    if not chart.nodes:
        answer.outcome = Outcome.NO_CHART
        return
    answer.chart = chart
    answer.events = hist.fetch_events(chart.event_ids())
    answer.total = len(answer.events)
    ids = {n.unit for n in chart.nodes} | {h.person for n in chart.nodes for h in n.heads}
    answer.names = _names(hist, ids | {i for e in answer.events for i in e["people"]})


def answer_changes(hist: Historian, date: DateQuery | None, rest: str, answer: Answer,
                   today: dt.date) -> None:
    """What changed between two days (`2015-01 2016-01`: the second date is in `rest`), or
    within one period."""
    answer.intent = Intent.CHANGES
    second, rest = find_date(rest) if date is not None else (None, rest)
    if not _dated(date):
        answer.outcome = Outcome.HELP
        answer.typed = "changes"
        return
    if _dated(second):
        first, last = sorted([date.first_day(), second.last_day()])
    else:  # the period itself: from the eve of its first day to its last
        first, last = date.first_day() - dt.timedelta(days=1), date.last_day()
        last = _in_effect(hist, first, last)
    last = min(last, today)
    found = changes_between(hist.index, first, last)
    unit = _unit_in(hist, rest)
    if unit and unit != ROOT_ID:
        found = [c for c in found if unit in (c.unit, c.before, c.after)]
    answer.span = (first.isoformat(), last.isoformat())
    answer.changes = found
    if not found:
        answer.outcome = Outcome.NO_CHANGES
        return
    ids = [c.event_id for c in found if c.event_id]
    answer.events = hist.fetch_events(list(dict.fromkeys(ids)))
    answer.total = len(answer.events)
    entity_ids = {c.unit for c in found}
    entity_ids |= {x for c in found for x in (c.before, c.after)
                   if x and x in hist.index.entities}
    answer.names = _names(hist, entity_ids)


def _in_effect(hist: Historian, first: dt.date, last: dt.date) -> dt.date:
    """The period's last day, or later the day what was announced in it took effect: the
    letter of 6 December 2021 re-drew the chart on 1 January 2022."""
    index = hist.index
    later = [p.first for p in index.placements if p.first > last and p.start_event
             and (pos := index.event_pos.get(p.start_event)) is not None
             and first < index.events[pos].date.first_day() <= last]
    return max(later, default=last)


def answer_succession(hist: Historian, rest: str, answer: Answer) -> None:
    """Every holder of a post: `succession CEO`, `阿里云历任负责人`."""
    answer.intent = Intent.SUCCESSION
    reading = read_query(hist.index, rest)
    unit = next((m.entity_id for m in reading.mentions
                 if hist.index.entities[m.entity_id].kind in _UNIT_KINDS), None)
    titles = set(reading.titles)
    if unit is None and not titles:
        answer.outcome = Outcome.HELP
        answer.typed = "succession"
        return
    unit = unit or ROOT_ID
    titles = titles or {"head"}
    chain = succession(hist.index, unit, titles)
    answer.post = {"unit": unit, "titles": sorted(titles)}
    answer.unit_name = hist.entity_names(unit).get(answer.lang) or unit
    if not chain:
        answer.outcome = Outcome.NO_CHAIN
        answer.names = _names(hist, {unit})
        return
    answer.chain = chain
    ids = [link.role.start_event or link.role.end_event for link in chain
           if link.role.start_event or link.role.end_event]
    answer.events = hist.fetch_events(list(dict.fromkeys(ids)))
    answer.total = len(answer.events)
    answer.names = _names(hist, {unit} | {link.role.person for link in chain})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def structure_data(answer: Answer) -> dict | None:
    """`ask --json`'s `org`, `changes` or `succession`: the structure as data, every node,
    line and holder with the events that establish it; None for other answers."""
    def head(role) -> dict:
        return {"person": role.person, "title": {"en": role.title_en, "zh-hans": role.title_zh},
                "from": role.start.iso() if role.start else None,
                "start_event": role.start_event}

    if answer.chart is not None:
        nodes = [{"id": n.unit, "name": {"en": n.name["en"], "zh-hans": n.name["zh"]},
                  "parent": n.parent, "depth": n.depth, "dual": n.dual,
                  "from": n.placement.start.iso() if n.placement else None,
                  "until": _iso(n.placement.until) if n.placement else None,
                  "confirmed": _iso(n.placement.confirmed) if n.placement else None,
                  "start_event": n.placement.start_event if n.placement else None,
                  "end_event": n.placement.end_event if n.placement else None,
                  "reports_to": n.placement.reports_to if n.placement else None,
                  "sources": list(n.placement.sources) if n.placement else [],
                  "heads": [head(h) for h in n.heads]} for n in answer.chart.nodes]
        return {"date": answer.chart.day.isoformat(), "nodes": nodes,
                "edges": [{"unit": n["id"], "parent": n["parent"], "from": n["from"],
                           "event": n["start_event"]} for n in nodes if n["parent"]],
                "units": [n["id"] for n in nodes],
                "people": list(dict.fromkeys(h["person"] for n in nodes for h in n["heads"]))}
    if answer.changes is not None:
        lines = [{"kind": c.kind.value, "unit": c.unit, "date": c.date.iso(),
                  "event_id": c.event_id, "before": c.before, "after": c.after}
                 for c in answer.changes]
        first, last = answer.span or (None, None)
        people = [x for c in answer.changes if c.kind.value == "head"
                  for x in (c.before, c.after) if x]
        return {"from": first, "to": last, "changes": lines,
                "units": list(dict.fromkeys(c.unit for c in answer.changes)),
                "people": list(dict.fromkeys(people))}
    if answer.chain is not None:
        holders = [{**head(link.role), "to": link.end.iso() if link.end else None,
                    "end": link.end_how, "gap_after": link.gap_after, "shared": link.shared,
                    "end_event": link.role.end_event} for link in answer.chain]
        post = answer.post or {}
        return {"unit": post.get("unit"), "titles": post.get("titles", []), "holders": holders,
                "units": [post.get("unit")],
                "people": list(dict.fromkeys(h["person"] for h in holders))}
    return None
