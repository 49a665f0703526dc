"""What every rendering of an answer shares: its headline, notices, roles and event lines.

Text for the terminal and Block Kit for Slack are two layouts of these same pieces.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.messages import say
from knowledge.answer import Answer, RoleLine
from knowledge.records import UNKNOWN_END


@dataclass
class EventLines:
    date: str
    title: str
    summary: str
    who: str  # people and units involved
    sources: list[tuple[str, str | None]]  # (label, url)


def headline(answer: Answer) -> str:
    lang = answer.lang
    if answer.intent == "on_this_day":
        return say("on_this_day", lang, day=answer.note_args.get("day", ""))
    if answer.intent == "period":
        return say("period", lang, period=answer.note_args.get("period", ""))
    if answer.intent == "sources":
        return say("sources_title", lang)
    if answer.intent in ("who", "unit") and answer.entities:
        names = " · ".join(answer.name(e.id) for e in answer.entities[:3])
        return say(answer.intent, lang, query=names)
    if answer.intent == "search":
        return say("search", lang, query=answer.query)
    return say("help_title", lang)


def notices(answer: Answer) -> list[str]:
    """Plain sentences that come before the results (nothing found, nearest days …)."""
    lang, note, args = answer.lang, answer.note, answer.note_args
    if not note:
        return []
    if note == "help":
        return [say("help", lang)]
    if note == "nothing_found":
        out = [say("nothing_found", lang, typed=args.get("typed", answer.query))]
        if answer.suggestions:
            out.append(say("did_you_mean", lang, names=", ".join(answer.suggestions)))
        out.append(say("try", lang))
        return out
    return [say(note, lang, **args)]


def entity_line(answer: Answer) -> str:
    """'张勇 (Daniel Zhang) · 逍遥子' for the entity an answer is about."""
    if not answer.entities or (answer.intent == "search" and not answer.roles):
        return ""
    hit = answer.entities[0]
    own = hit.name.get(answer.lang) or hit.name["en"]
    other = hit.name["en"] if answer.lang != "en" else hit.name["zh-hans"]
    line = f"{own} ({other})" if other != own else own
    if answer.former_names:
        label = say("former", answer.lang)
        formers = ", ".join(f.get("name", "") + (f" ({f['en']})" if f.get("en") else "")
                            for f in answer.former_names)
        line += f" — {label}: {formers}"
    return line


def role_line(answer: Answer, role: RoleLine) -> str:
    lang = answer.lang
    if role.end == UNKNOWN_END:
        span = say("span", lang, start=role.start or "?", end=say("end_unknown", lang))
    elif role.start and role.end:
        span = say("span", lang, start=role.start, end=role.end)
    elif role.start:
        span = say("open_tenure", lang, start=role.start)
    else:
        span = say("span", lang, start="?", end=role.end or "?")
    who = answer.name(role.person)
    where = answer.name(role.unit)
    title = role.title.get(lang) or role.title["en"]
    body = f"{who}, {title}" if answer.intent == "who" or role.person != _subject(answer) \
        else title
    if where and where not in title:
        body += f", {where}" if lang == "en" else f"（{where}）"
    return f"{span}  {body}"


def _subject(answer: Answer) -> str | None:
    return answer.entities[0].id if answer.entities else None


def event_lines(answer: Answer, event: dict) -> EventLines:
    lang = answer.lang
    date = event["date"]
    this_year = answer.note_args.get("year")
    if this_year and answer.intent == "on_this_day":
        years = int(this_year) - int(date[:4])
        if years > 0:
            date += " · " + say("years_ago", lang, n=years)
    if event.get("effective") and event["effective"] != event["date"]:
        date += f" ({say('effective', lang, date=event['effective'])})"
    names = [answer.name(i) for i in event["people"] + event["units"]]
    sources = []
    for source in event["sources"]:
        label = source["publisher"]
        if source.get("date"):
            label += f", {source['date']}"
        sources.append((label, source.get("url")))
    return EventLines(date, event["title"][lang], event["summary"][lang], " · ".join(names),
                      sources)


def footer(answer: Answer) -> str:
    if not answer.total or not answer.events:
        return ""
    first = (answer.page - 1) * answer.page_size + 1
    last = first + len(answer.events) - 1
    shown = f"{first}–{last}" if last > first else str(first)
    text = say("results", answer.lang, shown=shown, total=answer.total)
    if answer.has_more:
        remaining = min(answer.page_size, answer.total - last)
        text += " · " + say("more_hint", answer.lang, n=remaining)
    return text
