"""What every rendering of an answer shares: its headline, notices, roles and event lines.

Text for the terminal and Block Kit for Slack are two layouts of these same pieces.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handlers.messages import say
from handlers.sentence import human_date, human_period
from handlers.sources import ordered_sources, source_standing
from knowledge.answer import Answer, Outcome, RoleLine
from knowledge.intent import Intent
from knowledge.publishers import publisher_name
from knowledge.records import UNKNOWN_END
from knowledge.text import to_traditional

# What an intent that cannot be answered here says instead.
NOT_HERE = {Intent.SUBSCRIBE: "subscribe_here", Intent.UNSUBSCRIBE: "unsubscribe_here",
            Intent.SUBSCRIPTIONS: "subscriptions_here", Intent.MORE: "more_here",
            Intent.SOURCES: "sources_here"}


class Surface(StrEnum):
    """Where an answer is read: whether it has buttons, and how a follow-up is typed there."""

    EPHEMERAL = "ephemeral"  # only the asker sees it (a slash command, the shortcut): buttons
    THREAD = "thread"  # a reply everyone in the thread sees: no buttons that change it
    DIRECT = "direct"  # the bot's DM, the console: a follow-up is typed as it is
    MODAL = "modal"  # the Home tab's modal: buttons, nothing typed
    SHARED = "shared"  # posted for the channel by a Share: no pager, no hints

    @property
    def buttons(self) -> bool:
        return self in (Surface.EPHEMERAL, Surface.MODAL)

    def typed(self, words: str) -> str | None:
        """How a follow-up is typed here (`/reorg more`, `@reorg more`), or None where nothing
        is typed."""
        prefix = _TYPED_AS.get(self)
        return None if prefix is None else prefix + words


_TYPED_AS = {Surface.EPHEMERAL: "/reorg ", Surface.THREAD: "@reorg ", Surface.DIRECT: ""}


@dataclass
class EventLines:
    date: str
    title: str
    summary: str
    who: str  # people and units involved
    sources: list[tuple[str, str | None]]  # (label, url)


def headline(answer: Answer) -> str:
    lang = answer.lang
    if answer.outcome is Outcome.NOTHING_FOUND:
        return say("nothing_title", lang)
    if answer.intent is Intent.ON_THIS_DAY:
        return say("on_this_day", lang, day=human_period(answer.day, lang))
    if answer.intent is Intent.PERIOD:
        return say("period", lang, period=human_period(answer.period, lang))
    if answer.intent is Intent.SOURCES:
        return say("sources_title", lang)
    if answer.intent in (Intent.ORG, Intent.CHANGES, Intent.SUCCESSION):
        return say(f"{answer.intent.value}_title", lang)
    if answer.intent in (Intent.WHO, Intent.UNIT) and answer.entities:
        names = " · ".join(answer.name(e.id) for e in answer.entities[:3])
        return say(answer.intent.value, lang, query=names)
    if answer.intent is Intent.SEARCH and answer.roles and answer.entities:
        return answer.name(answer.entities[0].id)  # a profile is headed by its subject
    if answer.intent is Intent.SEARCH:
        return say("search", lang, query=answer.query)
    return say("help_title", lang)


def notices(answer: Answer) -> list[str]:
    """Plain sentences that come before the results (nothing found, nearest days …)."""
    lang, outcome = answer.lang, answer.outcome
    read = _read_as(answer)
    if outcome is None:
        return read
    if outcome is Outcome.NOTHING_FOUND and answer.outside:
        name = answer.outside.get(lang) or answer.outside["en"]
        return [say(f"outside_{answer.outside['kind']}", lang, name=name), say("try", lang)]
    if outcome is Outcome.NOTHING_FOUND:
        out = [say("nothing_found", lang, typed=answer.typed or answer.query)]
        if answer.suggestions:
            out.append(say("did_you_mean", lang,
                           names=say("list_comma", lang).join(answer.suggestions)))
        out.append(say("try", lang))
        return out
    if outcome is Outcome.NOT_HERE:
        return [say(NOT_HERE[answer.intent], lang)]
    sentence = {
        Outcome.HELP: lambda: say("help", lang),
        Outcome.NEAREST: lambda: say("nearest", lang,
                                     day=human_period(answer.day or answer.period, lang)),
        Outcome.EMPTY_DAY: lambda: say("empty_day", lang, day=human_period(answer.day, lang)),
        Outcome.EMPTY_PERIOD: lambda: say("empty_period", lang,
                                          period=human_period(answer.period, lang)),
        Outcome.BAD_DAY: lambda: say("bad_day", lang, typed=answer.typed),
        Outcome.NO_HOLDER: lambda: say("no_holder", lang, unit=answer.unit_name,
                                       when=answer.when),
        Outcome.LANG_SET: lambda: say("lang_set", lang, lang=answer.lang),
        Outcome.LANG_INVALID: lambda: say("lang_invalid", lang, typed=answer.typed),
        Outcome.NO_MORE: lambda: say("no_more", lang),
        Outcome.NO_CHART: lambda: say("no_chart", lang, day=human_date(answer.when, lang)),
        Outcome.NO_CHANGES: lambda: say("no_changes", lang,
                                        **dict(zip(("first", "last"),
                                                   (human_date(d, lang) for d in answer.span or
                                                    ("", "")), strict=True))),
        Outcome.NO_CHAIN: lambda: say("no_chain", lang, unit=answer.unit_name),
    }
    if outcome is Outcome.NO_HOLDER and answer.direct:
        return read  # the answer sentence says it, and who held the post around then
    return [*read, sentence[outcome]()]


def _read_as(answer: Answer) -> list[str]:
    """"Read 10/9 month first, as 9 October", when the typed day could be read both ways."""
    if not answer.read_as:
        return []
    label = answer.day or answer.period
    month = int(label[-5:-3])
    day = human_period(label[-5:], answer.lang)
    typed = answer.query.removeprefix("on ").strip()
    return [say(f"read_{answer.read_as}", answer.lang, typed=typed, day=day,
                month=int(label[-2:]) if answer.read_as == "day_first" else month)]


def entity_line(answer: Answer) -> str:
    """'张勇 (Daniel Zhang) · 逍遥子' for the entity an answer is about."""
    if not answer.entities or (answer.intent is Intent.SEARCH and not answer.roles):
        return ""
    hit = answer.entities[0]
    own = hit.name.get(answer.lang) or hit.name["en"]
    other = hit.name["en"] if answer.lang != "en" else hit.name["zh-hans"]
    nick = " · ".join(to_traditional(n) if answer.lang == "zh-hant" else n
                      for n in hit.nicknames)
    if answer.lang == "en":
        inside = ", ".join(p for p in (other if other != own else "",
                                       f"nickname {nick}" if nick else "") if p)
        line = f"{own} ({inside})" if inside else own
    else:  # 张勇（花名 逍遥子 · Daniel Zhang）
        inside = " · ".join(p for p in (say("nickname", answer.lang, name=nick) if nick else "",
                                        other if other != own else "") if p)
        line = f"{own}（{inside}）" if inside else own
    if answer.former_names:
        label = say("former", answer.lang)
        open_, close = (" (", ")") if answer.lang == "en" else ("（", "）")
        formers = say("list_comma", answer.lang).join(
            f.get("name", "") + (f"{open_}{f['en']}{close}" if f.get("en") else "")
            for f in answer.former_names)
        line += " — " + say("labelled", answer.lang, label=label, text=formers)
    return line


ROLES_SHOWN = 4  # a profile in Slack: the latest roles, and how to see them all


def shown_roles(answer: Answer) -> tuple[list[RoleLine], int]:
    """The roles a Slack profile shows (the latest, in time order) and how many it leaves out;
    `who …` shows them all."""
    roles = answer.roles
    if answer.intent is Intent.WHO or len(roles) <= ROLES_SHOWN:
        return roles, 0
    return roles[-(ROLES_SHOWN - 1):], len(roles) - (ROLES_SHOWN - 1)


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
    body = say("and_then", lang, first=who, second=title) \
        if answer.intent is Intent.WHO or role.person != _subject(answer) else title
    if where and where not in title:
        body += f", {where}" if lang == "en" else f"（{where}）"
    return f"{span}  {body}"


def _subject(answer: Answer) -> str | None:
    return answer.entities[0].id if answer.entities else None


def event_lines(answer: Answer, event: dict) -> EventLines:
    lang = answer.lang
    date = human_date(event["date"], lang)  # 11 Sep 2013 / 2013年9月11日, never 09-11
    if answer.year and answer.intent is Intent.ON_THIS_DAY:
        years = answer.year - int(event["date"][:4])
        if years > 0:
            date += " · " + say("years_ago", lang, n=years)
    if event.get("effective") and event["effective"] != event["date"]:
        date += f" ({say('effective', lang, date=human_date(event['effective'], lang))})"
    names = [answer.name(i) for i in event["people"] + event["units"]]
    sources = []
    for source in ordered_sources(event["sources"]):
        label = publisher_name(source["publisher"], lang)
        if source.get("date"):
            label = say("and_then", lang, first=label, second=human_date(source["date"], lang))
        standing = source_standing(source)
        if standing:
            label += f" · {say(f'source_{standing}', lang)}"
        if not source.get("url"):  # say so, and give what to search for
            label += " " + say("no_link", lang, title=source.get("title") or "")
        sources.append((label, source.get("url")))
    return EventLines(date, event["title"][lang], event["summary"][lang], " · ".join(names),
                      sources)


def footer(answer: Answer, surface: Surface) -> str:
    """'6–10 of 71', and how to type the next page where one is typed."""
    if not answer.total or not answer.events or surface is Surface.SHARED:
        return ""
    first = (answer.page - 1) * answer.page_size + 1
    last = first + len(answer.events) - 1
    shown = f"{first}–{last}" if last > first else str(first)
    text = say("results", answer.lang, shown=shown, total=answer.total)
    more = surface.typed(say("word_more", answer.lang))
    if answer.has_more and more:
        remaining = min(answer.page_size, answer.total - last)
        text += " · " + say("more_hint", answer.lang, n=remaining, more=more)
    return text
