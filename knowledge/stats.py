"""Counts that tell a curator how complete the event base is, digest coverage included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, distinct, func, select
from sqlalchemy.orm import Session

from knowledge.tables import AliasRow, EntityRow, EventRow, RoleRow, SourceRow


def digest_coverage(month_days: set[tuple[int, int]], window: int = 3) -> tuple[float, float]:
    """Shares of the 366 calendar days with an event on the day, and within `window` days."""
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    on_day = sum((d.month, d.day) in month_days for d in days)
    near = 0
    for d in days:
        around = (d + dt.timedelta(days=k) for k in range(-window, window + 1))
        if any((a.month, a.day) in month_days for a in around):
            near += 1
    return on_day / len(days), near / len(days)


@dataclass(frozen=True)
class BaseCounts:
    """What the App Home's welcome says the base covers."""

    events: int
    sources: int  # distinct sources (by URL, else title)
    first_year: int | None
    last_year: int | None


def _distinct_sources():
    return select(func.count(distinct(func.coalesce(SourceRow.url, SourceRow.title))))


def base_counts(engine: Engine) -> BaseCounts:
    with Session(engine) as session:
        events = session.scalar(select(func.count()).select_from(EventRow)) or 0
        first, last = session.execute(select(func.min(EventRow.year),
                                             func.max(EventRow.year))).one()
        return BaseCounts(events, session.scalar(_distinct_sources()) or 0, first, last)


def kb_stats(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        count = lambda q: session.scalar(q) or 0  # noqa: E731
        events = count(select(func.count()).select_from(EventRow))
        people = count(select(func.count()).select_from(EntityRow).where(
            EntityRow.kind == "person"))
        units = count(select(func.count()).select_from(EntityRow).where(
            EntityRow.kind != "person"))
        aliases = count(select(func.count()).select_from(AliasRow))
        roles = count(select(func.count()).select_from(RoleRow))
        sources = count(_distinct_sources())
        citations = count(select(func.count()).select_from(SourceRow))
        years = sorted(y for (y,) in session.execute(select(EventRow.year).distinct()))
        month_days = {(m, d) for m, d in session.execute(
            select(EventRow.month, EventRow.day).where(EventRow.day.is_not(None)).distinct())}
    stats = {
        "events": str(events), "people": str(people), "units": str(units),
        "aliases": str(aliases), "roles": str(roles),
        "sources": f"{sources} distinct ({citations} citations)",
    }
    if years:
        missing = [y for y in range(years[0], years[-1] + 1) if y not in years]
        stats["years covered"] = (f"{years[0]}–{years[-1]} ({len(years)} years"
                                  + (f"; none in {', '.join(map(str, missing))})" if missing
                                     else ")"))
    on_day, near = digest_coverage(month_days)
    stats["digest coverage"] = (f"{on_day:.1%} of calendar days have an event on the day; "
                                f"{near:.1%} within three days")
    return stats
