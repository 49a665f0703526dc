"""Posts and their holders over time: who held a post on a date, who came after or before whom.

A role is one person's tenure of one post (CEO, president … head) at one unit. Successions are
read from the tenures alone: the next holder of the same post at the same unit.
"""

from __future__ import annotations

import datetime as dt

from knowledge.index import RoleInfo
from knowledge.records import ROOT_ID, PartialDate

# How prominent a post is, for picking "the" post of a person who held several.
POST_RANK = ("ceo", "chairman", "president", "cfo", "cto", "coo", "cpo", "cmo", "cro", "cdo",
             "cco", "head")


def same_post(one: RoleInfo, other: RoleInfo) -> bool:
    """Both are the unit's CEO (or CFO …); a plain "head" matches any head of that unit.

    A group has a CEO, a chairman and a president at once: those do not succeed each other.
    """
    one_post, other_post = one.classes - {"head"}, other.classes - {"head"}
    if one_post and other_post:
        return bool(one_post & other_post)
    return "head" in one.classes and "head" in other.classes


def _same_unit(one: RoleInfo, other: RoleInfo) -> bool:
    return (one.unit or ROOT_ID) == (other.unit or ROOT_ID)


def _key(date: PartialDate | None) -> tuple[int, int, int]:
    return date.sort_key() if date else (0, 0, 0)


def successor_start(role: RoleInfo, roles: list[RoleInfo]) -> PartialDate | None:
    """When a later holder took the same post at the same unit: an open tenure ends there.

    Curators leave `to` out when no source states the end; without this, "who headed Alibaba
    Cloud in 2023" would still name a president appointed in 2013.
    """
    if role.start is None or not role.classes:
        return None
    # The next holder of the post, or the same person's next post at that unit (a president
    # later named CEO evidently held the first post until then, whatever its end).
    later = [r.start for r in roles
             if _same_unit(r, role) and r.start is not None
             and (same_post(role, r) or (role.end_unknown and r.person == role.person))
             and r.start.sort_key() > role.start.sort_key()]
    return min(later, key=PartialDate.sort_key) if later else None


def _active(start: PartialDate | None, end: PartialDate | None, first: dt.date,
            last: dt.date) -> bool:
    if start is None and end is not None:
        # Only the end is sourced: the tenure is known from its last year, not from 1999.
        start = PartialDate(end.year)
    return ((start is None or start.first_day() <= last)
            and (end is None or end.last_day() >= first))


def holding(role: RoleInfo, roles: list[RoleInfo], span: tuple[dt.date, dt.date] | None) -> bool:
    """The tenure covers the span. An unknown end does not mean "still holds": it is closed
    by the next holder's start, and with no next holder it vouches only for its own start."""
    if span is None:
        return True
    end = role.end or successor_start(role, roles)
    if end is None and role.end_unknown:
        # Vouched for from its start to the last event that shows the holder in post.
        vouched = [d for d in (role.start, role.confirmed) if d is not None]
        if not vouched:
            return False
        end = max(vouched, key=PartialDate.sort_key)
    return _active(role.start, end, *span)


def holders(roles: list[RoleInfo], unit: str, titles: set[str],
            span: tuple[dt.date, dt.date] | None) -> list[RoleInfo]:
    """The tenures of `titles` at `unit` that cover the span, latest start first."""
    found = [r for r in roles
             if (r.unit or ROOT_ID) == unit and r.classes & titles and holding(r, roles, span)]
    return sorted(found, key=lambda r: _key(r.start), reverse=True)


def main_roles(roles: list[RoleInfo], person: str, titles: set[str],
               unit: str | None) -> list[RoleInfo]:
    """A person's posts that a question means, most prominent first.

    With a title or unit named, only those posts; else the post held last comes first (a
    post still held counts as held last), then the group's top posts before a unit's.
    """
    own = [r for r in roles if r.person == person and r.classes]
    if titles:
        own = [r for r in own if r.classes & titles] or own
    if unit:
        own = [r for r in own if (r.unit or ROOT_ID) == unit] or own

    def rank(role: RoleInfo) -> tuple:
        # The post held last is the one people ask about ("who replaced Trudy Dai"), then
        # the group's own top posts before a unit's.
        end = role.end or successor_start(role, roles)
        if end is None and role.end_unknown:  # ended, when unknown: as late as it is known
            end = role.confirmed or role.start
        ended = (9999, 0, 0) if end is None else _key(end)
        post = min((POST_RANK.index(c) for c in role.classes if c in POST_RANK), default=99)
        return (tuple(-x for x in ended), (role.unit or ROOT_ID) != ROOT_ID, post,
                tuple(-x for x in _key(role.start)))

    return sorted(own, key=rank)


def next_holder(role: RoleInfo, roles: list[RoleInfo]) -> RoleInfo | None:
    """Who took the same post at the same unit after this tenure began (another person)."""
    later = [r for r in roles if r.person != role.person and _same_unit(r, role)
             and same_post(role, r) and _key(r.start) > _key(role.start)]
    return min(later, key=lambda r: _key(r.start)) if later else None


def previous_holder(role: RoleInfo, roles: list[RoleInfo]) -> RoleInfo | None:
    """Who held the same post at the same unit before this tenure began (another person)."""
    earlier = [r for r in roles if r.person != role.person and _same_unit(r, role)
               and same_post(role, r) and r.start is not None
               and _key(r.start) < _key(role.start)]
    return max(earlier, key=lambda r: _key(r.start)) if earlier else None


def last_known(roles: list[RoleInfo], unit: str, titles: set[str]) -> list[RoleInfo]:
    """The latest tenures of the post whose end no source gives and no successor closes.

    Asked "who runs X now", these are the honest answer when no source vouches for today."""
    open_ended = [r for r in roles if (r.unit or ROOT_ID) == unit and r.classes & titles
                  and r.end is None and (r.start or r.confirmed) is not None
                  and successor_start(r, roles) is None]
    if not open_ended:
        return []

    def seen(role: RoleInfo) -> tuple[int, int, int]:
        return max(_key(role.start), _key(role.confirmed))

    latest = max(seen(r) for r in open_ended)
    return [r for r in open_ended if seen(r) == latest]


def last_held(roles: list[RoleInfo], unit: str, titles: set[str]) -> list[RoleInfo]:
    """The tenures of the post that ended last, for "nobody holds it now; the last was …"."""
    ended = [r for r in roles if (r.unit or ROOT_ID) == unit and r.classes & titles and r.end]
    if not ended:
        return []
    latest = max(_key(r.end) for r in ended)
    return [r for r in ended if _key(r.end) == latest]


def around(roles: list[RoleInfo], unit: str, titles: set[str],
           span: tuple[dt.date, dt.date]) -> tuple[RoleInfo | None, RoleInfo | None]:
    """The post's last tenure begun before the span and its first begun after it: what a
    "nobody is recorded then" answer can say instead of a name."""
    post = [r for r in roles if (r.unit or ROOT_ID) == unit and r.classes & titles]
    before = [r for r in post if r.start and r.start.first_day() < span[0]]
    after = [r for r in post if r.start and r.start.first_day() > span[1]]
    return (max(before, key=lambda r: _key(r.start)) if before else None,
            min(after, key=lambda r: _key(r.start)) if after else None)
