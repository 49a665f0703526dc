"""The one sentence that answers a question, in each language, from the answer's data alone.

knowledge/ says what is true (`Direct`: who took which post when, who held it, who came after
whom, which event); this module only words it. Every name, title and date comes from the base.
"""

from __future__ import annotations

from handlers.messages import say
from handlers.sources import ordered_sources
from knowledge.answer import Answer, Direct, Fact, RoleLine
from knowledge.publishers import publisher_name
from knowledge.records import UNKNOWN_END, PartialDate
from knowledge.text import to_traditional

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_date(iso: str | None, lang: str) -> str:
    """'2023-09-10' → '10 Sep 2023' / '2023年9月10日'; a month or a year as precise as given."""
    if not iso:
        return "?"
    try:
        date = PartialDate.parse(iso)
    except ValueError:
        return iso
    if lang == "en":
        if date.day:
            return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"
        return f"{_MONTHS_EN[date.month - 1]} {date.year}" if date.month else str(date.year)
    if date.day:
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.year}年{date.month}月" if date.month else f"{date.year}年"


def _on(iso: str | None, lang: str) -> str:
    """'on 10 Sep 2023', 'in May 2013' (English); Chinese needs no preposition."""
    text = human_date(iso, lang)
    if lang != "en":
        return text
    return ("on " if iso and len(iso) == 10 else "in ") + text


class _Words:
    """Names, titles and spans of one answer in one language."""

    def __init__(self, answer: Answer, lang: str) -> None:
        self.answer, self.lang = answer, lang

    def name(self, entity_id: str | None) -> str:
        names = self.answer.names.get(entity_id or "", {})
        return names.get(self.lang) or names.get("en") or (entity_id or "")

    def title(self, role: RoleLine) -> str:
        """'Chief Executive Officer of Alibaba Group' / '阿里巴巴集团首席执行官'."""
        title = role.title.get(self.lang) or role.title["en"]
        unit = self.name(role.unit or "alibaba-group")
        if unit in title:
            return title
        return f"{title} of {unit}" if self.lang == "en" else f"{unit}{title}"

    def span(self, role: RoleLine, until: str | None = None) -> str:
        start, end = human_date(role.start, self.lang), until or role.end
        if end == UNKNOWN_END or (end is None and until is None and role.end == UNKNOWN_END):
            end_text = "end unrecorded" if self.lang == "en" else "卸任时间未记录"
            return f"{start} – {end_text}" if self.lang == "en" else f"{start}至{end_text}"
        if end is None:
            return f"since {start}" if self.lang == "en" else f"{start}起"
        end_text = human_date(end, self.lang)
        return f"{start} – {end_text}" if self.lang == "en" else f"{start}至{end_text}"

    def event(self, event_id: str) -> dict | None:
        return next((e for e in self.answer.events if e["id"] == event_id), None)


def _joined(items: list[str], lang: str) -> str:
    if lang != "en":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _holds(direct: Direct, w: _Words) -> str:
    en = w.lang == "en"
    roles = direct.holders
    when = direct.when
    if direct.fact is Fact.LAST_KNOWN:
        role = roles[0]
        who = _joined([w.name(r.person) for r in roles], w.lang)
        seen = role.confirmed or role.start
        if en:
            since = (f"since {human_date(role.start, 'en')}" if role.start else "in post")
            since += f", last shown in post on {human_date(seen, 'en')}" if role.confirmed else ""
            return (f"The latest recorded {w.title(role)} is {who} ({since}); no later source "
                    "confirms who holds it today.")
        since = f"{human_date(role.start, w.lang)}起" if role.start else "在任"
        since += f"，{human_date(seen, w.lang)}仍在任" if role.confirmed else ""
        return (f"有记录的最近一任{w.title(role)}是{who}（{since}），"
                "此后没有来源确认现任人选。")
    if direct.fact is Fact.VACANT:
        role = roles[0]
        who = _joined([w.name(r.person) for r in roles], w.lang)
        if en:
            return (f"Nobody is recorded as {w.title(role)} today; the last was {who} "
                    f"({w.span(role)}).")
        return f"目前没有{w.title(role)}的记录；最后一任是{who}（{w.span(role)}）。"
    period = _period(when, w.lang)
    if len(roles) == 1:
        role = roles[0]
        who, title = w.name(role.person), w.title(role)
        if not when:
            return (f"{who} is {title}, {w.span(role)}." if en
                    else f"现任{title}是{who}（{w.span(role)}）。")
        return (f"{period}, {who} was {title} ({w.span(role)})." if en
                else f"{period}，{title}是{who}（{w.span(role)}）。")
    unit = w.name(direct.subject)
    people = [f"{w.name(r.person)} ({r.title.get(w.lang) or r.title['en']}, {w.span(r)})" if en
              else f"{w.name(r.person)}（{r.title.get(w.lang) or r.title['en']}，{w.span(r)}）"
              for r in roles]
    if en:
        return (f"{unit} is led by {_joined(people, 'en')}." if not when
                else f"{period}, {unit} was led by {_joined(people, 'en')}.")
    return (f"{unit}现由{_joined(people, w.lang)}负责。" if not when
            else f"{period}，{unit}由{_joined(people, w.lang)}负责。")


def _none_recorded(direct: Direct, w: _Words) -> str:
    """Nobody at the date: 'No CTO of Alibaba Group is recorded in 2010; the next was …'."""
    en = w.lang == "en"
    after, before = direct.role, direct.other
    title = w.title(after or before)
    period = _period(direct.when, w.lang) if direct.when else ""
    text = (f"No {title} is recorded {period[0].lower() + period[1:] if period else 'now'}"
            if en else f"{period or '目前'}没有{title}的记录")
    if before:
        text += (f"; the last before was {w.name(before.person)} ({w.span(before)})" if en
                 else f"；此前最后一任是{w.name(before.person)}（{w.span(before)}）")
    if after:
        start = human_date(after.start, w.lang)
        text += (f"; the next was {w.name(after.person)}, from {start}" if en
                 else f"；下一任是{w.name(after.person)}，{start}起")
    return text + ("." if en else "。")


def _period(label: str, lang: str) -> str:
    """'2014' → 'In 2014' / '2014年'; '2019-09' → 'In Sep 2019' / '2019年9月'."""
    if not label:
        return ""
    try:
        text = human_date(label, lang)
    except ValueError:
        text = label
    if lang == "en":
        return ("On " if len(label) == 10 else "In ") + text
    return text


def _sentence(direct: Direct, w: _Words) -> str:
    en = w.lang == "en"
    fact, role, other = direct.fact, direct.role, direct.other
    if fact in (Fact.HOLDS, Fact.LAST_KNOWN, Fact.VACANT):
        return _holds(direct, w)
    if fact is Fact.NONE_RECORDED:
        return _none_recorded(direct, w)
    if fact is Fact.TOOK_POST and role:
        who, title = w.name(role.person), w.title(role)
        event = w.event(direct.event_ids[0]) if direct.event_ids else None
        announced = event["date"] if event and event["date"] != role.start else None
        if en:
            text = f"{who} became {title} {_on(role.start, 'en')}"
            text += f" (announced {human_date(announced, 'en')})" if announced else ""
            text += f", succeeding {w.name(other.person)}" if other else ""
            return text + "."
        text = f"{who}于{human_date(role.start, w.lang)}出任{title}"
        text += f"（{human_date(announced, w.lang)}宣布）" if announced else ""
        text += f"，接替{w.name(other.person)}" if other else ""
        return text + "。"
    if fact is Fact.LEFT_POST and role:
        who, title = w.name(role.person), w.title(role)
        end = direct.date
        if en:
            text = f"{who} left the post of {title} {_on(end, 'en')}"
            text += f"; {w.name(other.person)} took over" if other else ""
            return text + "."
        text = f"{who}于{human_date(end, w.lang)}卸任{title}"
        text += f"，由{w.name(other.person)}接任" if other else ""
        return text + "。"
    if fact is Fact.SUCCEEDED and role and other:
        new, old, title = w.name(role.person), w.name(other.person), w.title(role)
        return (f"{new} succeeded {old} as {title} {_on(role.start, 'en')}." if en
                else f"{human_date(role.start, w.lang)}，{new}接替{old}出任{title}。")
    if fact is Fact.PRECEDED and role and other:
        new, old = w.name(role.person), w.name(other.person)
        span = w.span(other, until=role.start)
        return (f"Before {new}, {old} was {w.title(other)} ({span})." if en
                else f"{new}的前任是{old}（{w.title(other)}，{span}）。")
    if fact in (Fact.NO_SUCCESSOR, Fact.NO_PREDECESSOR) and role:
        who, title = w.name(role.person), w.title(role)
        if fact is Fact.NO_SUCCESSOR:
            return (f"No successor to {who} as {title} is recorded." if en
                    else f"没有{who}之后继任{title}的记录。")
        return (f"No one before {who} is recorded as {title}." if en
                else f"没有{who}之前担任{title}的记录。")
    event = w.event(direct.event_ids[0]) if direct.event_ids else None
    if event is None:
        return ""
    title = event["title"][w.lang]
    effective = event.get("effective")
    if fact is Fact.LATEST:
        unit = w.name(direct.subject)
        return (f"Latest on {unit}: {title} ({human_date(event['date'], 'en')})." if en
                else f"{unit}的最新变化：{title}（{human_date(event['date'], w.lang)}）。")
    if en:
        text = f"{human_date(event['date'], 'en')}: {title}"
        text += f" (effective {human_date(effective, 'en')})" if effective else ""
        return text + "."
    text = f"{human_date(event['date'], w.lang)}：{title}"
    text += f"（{human_date(effective, w.lang)}生效）" if effective else ""
    return text + "。"


def answer_sentence(answer: Answer, lang: str | None = None) -> str:
    """The direct answer in `lang` (the answer's own by default), or "" when there is none."""
    if answer.direct is None:
        return ""
    lang = lang or answer.lang
    text = _sentence(answer.direct, _Words(answer, "zh-hans" if lang == "zh-hant" else lang))
    return to_traditional(text) if lang == "zh-hant" else text


def sentence_source(answer: Answer) -> tuple[str, str | None] | None:
    """(publisher and date, url) of the first source of the event the sentence rests on."""
    if answer.direct is None:
        return None
    for event_id in answer.direct.event_ids:
        event = next((e for e in answer.events if e["id"] == event_id), None)
        if event and event["sources"]:
            source = ordered_sources(event["sources"])[0]
            label = publisher_name(source["publisher"], answer.lang)
            if source.get("date"):
                label = say("and_then", answer.lang, first=label,
                            second=human_date(source["date"], answer.lang))
            return label, source.get("url")
    return None


_SPAN_WORDS = {
    "early": ("early {y}", "{y}年初"), "mid": ("mid-{y}", "{y}年年中"),
    "late": ("late {y}", "{y}年底"),
    "spring": ("spring {y}", "{y}年春季"), "summer": ("summer {y}", "{y}年夏季"),
    "autumn": ("autumn {y}", "{y}年秋季"), "winter": ("winter {y}", "{y}年冬季"),
}
_QUARTERS_ZH = "一二三四"


def human_period(label: str, lang: str) -> str:
    """A period label ('2019-Q3', 'late 2020', 'around 2023-09-10', '2013-09') in words:
    'Q3 2019' / '2019年第三季度', '2020年底', 'around 10 Sep 2023' / '2023年9月10日前后'."""
    en = lang == "en"
    head, _, tail = label.partition(" ")
    if head == "around" and tail:
        day = human_date(tail, lang)
        return f"around {day}" if en else f"{day}前后"
    if head in _SPAN_WORDS and tail.isdigit():
        return _SPAN_WORDS[head][0 if en else 1].format(y=tail)
    year, _, part = label.partition("-")
    if year.isdigit() and part[:1] in ("Q", "H") and part[1:].isdigit():
        n = int(part[1:])
        if part[0] == "Q":
            return f"Q{n} {year}" if en else f"{year}年第{_QUARTERS_ZH[n - 1]}季度"
        return (f"H{n} {year}" if en else f"{year}年{'上' if n == 1 else '下'}半年")
    if label[:4].isdigit():
        return human_date(label, lang)
    if len(label) == 5 and label[2] == "-":  # MM-DD of any year
        month, day = int(label[:2]), int(label[3:])
        return f"{day} {_MONTHS_EN[month - 1]}" if en else f"{month}月{day}日"
    return label
