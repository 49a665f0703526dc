"""Checks across records: references, alias clashes, dates against sources, duplicates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.files import DATA_DIR, Problem, read_catalog, unknown_problems
from knowledge.names import entity_spellings
from knowledge.records import Catalog, Entity, Event, PartialDate, Role
from knowledge.structure import structure_problems
from knowledge.text import fold, has_cjk
from knowledge.vocabulary import title_classes

# Posts one person holds at a time in a unit (besides any "Chief … Officer").
SINGLE_HOLDER = frozenset({"ceo", "chairman", "president", "cfo", "cto", "coo"})
ROLE_EVENT_KINDS = frozenset({"appointment", "departure", "succession"})
ROLE_EVENT_ROLES = frozenset({"appointed", "departed", "succeeded"})
# (event kind, the unit's role in it) that end a unit, or its listing, and so its tenures.
UNIT_ENDS = frozenset({("unit-dissolved", "dissolved"), ("delisting", "target")})


def check_event(event: Event, kind_of: Mapping[str, str]) -> list[Problem]:
    """What is wrong with one event, whether it came from a YAML file or from `kb import`."""
    problems: list[Problem] = []
    where = (event.file, event.line)
    for ident, _ in event.people:
        problems += _need(ident, ("person",), kind_of, *where, "person")
    for ident, _ in event.units:
        problems += _need(ident, ("unit", "company"), kind_of, *where, "unit")
    for part in ("title", "summary"):
        zh = getattr(event, part).get("zh")
        if zh and not has_cjk(zh):
            problems.append(Problem(*where, f"{part}.zh has no Chinese text"))
    for source in event.sources:
        if source.date and PartialDate.parse(source.date).last_day() < event.date.first_day():
            problems.append(Problem(*where, f"source '{source.title}' is dated {source.date},"
                                            f" before the event ({event.date.iso()})"))
    return problems


def _need(ident: str | None, kinds: tuple[str, ...], kind_of: Mapping[str, str], file: str,
          line: int, what: str) -> list[Problem]:
    if ident is None:
        return []
    kind = kind_of.get(ident)
    if kind is None:
        return [Problem(file, line, f"{what} '{ident}' is not defined")]
    if kind not in kinds:
        return [Problem(file, line, f"{what} '{ident}' is a {kind}")]
    return []


def check_catalog(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    entities, events = catalog.entities, catalog.events
    kind_of = {ident: entity.kind for ident, entity in entities.items()}

    def need(ident: str | None, kinds: tuple[str, ...], file: str, line: int, what: str) -> None:
        problems.extend(_need(ident, kinds, kind_of, file, line, what))

    for entity in entities.values():
        need(entity.parent, ("unit", "company"), entity.file, entity.line, "parent")
    problems.extend(_alias_clashes(entities.values()))

    used: set[str] = set()
    by_signature: dict[tuple, str] = {}
    for event in events.values():
        problems.extend(check_event(event, kind_of))
        used.update(i for i, _ in event.people + event.units)
        entity_ids = frozenset(i for i, _ in event.people + event.units)
        signature = (event.date, entity_ids, event.kind)
        if entity_ids and signature in by_signature:
            problems.append(Problem(event.file, event.line, "looks like a duplicate of "
                                    f"'{by_signature[signature]}' (same date, kind and entities)",
                                    warning=True))
        by_signature.setdefault(signature, event.id)

    for role in catalog.roles:
        where = (role.file, role.line)
        need(role.person, ("person",), *where, "role person")
        need(role.unit, ("unit", "company"), *where, "role unit")
        used.add(role.person)
        if role.unit:
            used.add(role.unit)
        for ident in (role.start_event, role.end_event):
            if ident and ident not in events:
                problems.append(Problem(*where, f"role names unknown event '{ident}'"))
        if role.start and role.end and role.end.sort_key() < role.start.sort_key():
            problems.append(Problem(*where, "role ends before it starts"))
        if not (role.start or role.start_event or role.end or role.end_event):
            problems.append(Problem(*where, "a role needs a 'from' or a 'to' date"))

    problems.extend(tenure_problems(catalog))
    problems.extend(structure_problems(catalog))
    used.update(i for e in catalog.edges for i in (e.unit, e.parent, e.reports_to) if i)
    parents = {e.parent for e in entities.values() if e.parent}
    for entity in entities.values():
        if entity.id not in used and entity.id not in parents:
            problems.append(Problem(entity.file, entity.line,
                                    f"'{entity.id}' has no events and no roles",
                                    warning=True))
    return sorted(problems, key=lambda p: (p.file, p.line, p.message))


@dataclass(frozen=True)
class Tenure:
    """A role as a span of days: what the tenure guards compare."""

    role: Role
    posts: frozenset[str]  # the single-holder posts it is, e.g. {"ceo"}
    start: PartialDate
    end: PartialDate  # today for `present`; the start for an unknown end (known only then)

    def overlaps(self, other: Tenure) -> bool:
        """Certainly overlapping: a partial date shared by two tenures is not an overlap."""
        return (self.start.last_day() < other.end.first_day()
                and other.start.last_day() < self.end.first_day())

    def where(self) -> str:
        return f"{self.role.file}:{self.role.line}"


def role_posts(title: dict[str, str]) -> frozenset[str]:
    """The single-holder posts a title names: CEO-type classes, or a "Chief … Officer"."""
    classes = title_classes(title.get("en", ""), title.get("zh", "")) & SINGLE_HOLDER
    if classes:
        return frozenset(classes)
    en = " ".join(title.get("en", "").casefold().split())
    return frozenset({en}) if en.startswith("chief ") and en.endswith(" officer") else frozenset()


def _event_date(catalog: Catalog, event_id: str | None) -> PartialDate | None:
    event = catalog.events.get(event_id) if event_id else None
    return (event.effective or event.date) if event else None


def _tenure(catalog: Catalog, role: Role, today: dt.date) -> Tenure | None:
    start = role.start or _event_date(catalog, role.start_event)
    end = role.end or _event_date(catalog, role.end_event)
    if end is None and role.end_state == "present":
        end = PartialDate(today.year, today.month, today.day)
    elif end is None and role.end_state == "unknown":
        end = start
    start = start or end
    if start is None or end is None:
        return None
    return Tenure(role, role_posts(role.title), start, end)


def tenure_problems(catalog: Catalog, today: dt.date | None = None) -> list[Problem]:
    """Tenures say when they end, one holder holds a post at a time, and role events and
    tenures agree: the guards that keep "who held P on D" from naming the wrong person."""
    today = today or dt.date.today()
    problems = [p for role in catalog.roles for p in _tenure_shape(role)]
    tenures = [t for t in (_tenure(catalog, r, today) for r in catalog.roles) if t]
    problems += _overlaps(tenures)
    problems += _open_after_successor(catalog, tenures)
    problems += _role_events_without_tenure(catalog)
    problems += _past_unit_end(catalog, tenures)
    return problems


def _tenure_shape(role: Role) -> list[Problem]:
    """Silence is not allowed: `to` is a date, `present` or `unknown` (with the reason)."""
    where, problems = (role.file, role.line), []
    if role.end_state is None:
        problems.append(Problem(*where, "a role needs a 'to': a date, 'present' (still held)"
                                        " or 'unknown' with an 'unknown_reason'"))
    problems += unknown_problems(*where, (role.start_state, role.end_state), role.unknown_reason)
    return problems


def _overlaps(tenures: list[Tenure]) -> list[Problem]:
    """Two people in one single-holder post at once, unless both mark it `shared: true`."""
    problems = []
    for i, one in enumerate(tenures):
        for other in tenures[:i]:
            common = one.posts & other.posts
            if (not common or one.role.unit != other.role.unit
                    or one.role.person == other.role.person
                    or (one.role.shared and other.role.shared) or not one.overlaps(other)):
                continue
            problems.append(Problem(
                one.role.file, one.role.line,
                f"{one.role.person} and {other.role.person} ({other.where()}) both hold"
                f" {'/'.join(sorted(common))} of {one.role.unit} between {one.start.iso()} and"
                f" {one.end.iso()}: fix a date, or mark both 'shared: true' if it was co-held"))
    return problems


def _open_after_successor(catalog: Catalog, tenures: list[Tenure]) -> list[Problem]:
    """An open end that the data itself contradicts.

    `present` is contradicted by any later holder of the post (a tenure, or a role event that
    appoints someone else), unless both tenures are `shared`. `unknown` says only that no
    source gives the end, so a successor years later does not contradict it; it is flagged
    when a later role event for the post says this person left, i.e. the end is known.
    """
    problems = []
    for tenure in tenures:
        role = tenure.role
        if role.end is not None or role.end_state not in ("present", "unknown") \
                or not tenure.posts:
            continue
        after = tenure.start.last_day()
        named = [(event, person, how) for event, person, how in
                 _post_events(catalog, role.unit, tenure.posts)
                 if event.date.first_day() > after]
        if role.end_state == "present":
            later = [f"{t.role.person} from {t.start.iso()} ({t.where()})" for t in tenures
                     if t.role.unit == role.unit and t.posts & tenure.posts
                     and t.role.person != role.person and not (t.role.shared and role.shared)
                     and t.start.first_day() > after]
            later += [f"{person} in event '{event.id}'" for event, person, how in named
                      if person != role.person and how != "departed"]
        else:
            later = []
        later += [f"their departure in event '{event.id}'" for event, person, how in named
                  if person == role.person and how == "departed"]
        if later:
            problems.append(Problem(role.file, role.line,
                                    f"'to: {role.end_state}' but the data names an end: "
                                    f"{later[0]}; give the tenure its end"))
    return problems


def _post_events(catalog: Catalog, unit: str | None, posts: frozenset[str]):
    """(event, person, role) for the people of each role event about one of the posts at the
    unit, as its title says ("… becomes CFO")."""
    for event in catalog.events.values():
        # The post's unit is the event's organization: an acquirer or a unit involved in
        # passing is not where the post is.
        if event.kind not in ROLE_EVENT_KINDS or (unit, "organization") not in event.units:
            continue
        if not role_posts({"en": event.title.get("en", ""), "zh": event.title.get("zh", "")}) \
                & posts:
            continue
        for person, how in event.people:
            if how in ROLE_EVENT_ROLES:
                yield event, person, how


def _role_events_without_tenure(catalog: Catalog) -> list[Problem]:
    """An appointment, departure or succession whose person holds no tenure at its units."""
    held: dict[str, set[str | None]] = defaultdict(set)
    for role in catalog.roles:
        held[role.person].add(role.unit)
    problems = []
    for event in catalog.events.values():
        if event.kind not in ROLE_EVENT_KINDS:
            continue
        units = {u for u, _ in event.units}
        for person, how in event.people:
            if how in ROLE_EVENT_ROLES and not (held[person] & units if units else held[person]):
                problems.append(Problem(
                    event.file, event.line, f"{how} {person} has no tenure at"
                    f" {', '.join(sorted(units)) or 'any unit'}: add the role to roles*.yaml",
                    warning=True))
    return problems


def _past_unit_end(catalog: Catalog, tenures: list[Tenure]) -> list[Problem]:
    """A tenure still running after its unit was dissolved or delisted."""
    def gone(event: Event) -> PartialDate:
        return event.effective or event.date

    ends: dict[str, Event] = {}  # the last such event: an offer precedes the delisting itself
    for event in catalog.events.values():
        for unit, how in event.units:
            if (event.kind, how) in UNIT_ENDS and (
                    unit not in ends or gone(ends[unit]).last_day() < gone(event).last_day()):
                ends[unit] = event
    problems = []
    for tenure in tenures:
        event = ends.get(tenure.role.unit or "")
        if event is None:
            continue
        if tenure.role.end_state == "present" or tenure.end.first_day() > gone(event).last_day():
            problems.append(Problem(
                tenure.role.file, tenure.role.line,
                f"{tenure.role.person}'s tenure at {tenure.role.unit} runs past its end on"
                f" {gone(event).iso()} ('{event.id}')"))
    return problems


def _alias_clashes(entities) -> list[Problem]:
    """Two entities answering to one spelling is an error unless both mark it ambiguous."""
    owners: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        for spelling in {fold(s) for s, _ in entity_spellings(entity)}:
            if spelling:
                owners[spelling].append(entity)
    problems = []
    for key, group in owners.items():
        if len(group) < 2:
            continue
        allowed = all(any(fold(a) == key for a in e.ambiguous) for e in group)
        if not allowed:
            ids = ", ".join(e.id for e in group)
            first = group[-1]
            problems.append(Problem(first.file, first.line, f"the name '{key}' is shared by {ids};"
                                    " rename one or list it under 'ambiguous' in each"))
    return problems


def check_folder(folder: Path = DATA_DIR) -> list[Problem]:
    catalog, problems = read_catalog(folder)
    return problems + check_catalog(catalog)
