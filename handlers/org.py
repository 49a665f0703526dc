"""Structure answers laid out: the org chart of a date as a nested list, the changes between
two dates and a post's chain of holders as dated lines — each led by the sentence that
answers, for the terminal and for Block Kit alike."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.messages import say
from handlers.sentence import answer_sentence, human_date
from handlers.sources import ordered_sources
from knowledge.answer import Answer
from knowledge.index import RoleInfo
from knowledge.org import Change, ChangeKind, Link, OrgChart
from knowledge.records import ROOT_ID
from knowledge.text import to_traditional

# A unit last shown in place more than this long before a chart's day is marked so.
STALE_DAYS = 180
# A succession sentence names at most this many holders; the lines below name all.
SENTENCE_HOLDERS = 6


@dataclass
class Line:
    """One line of a structure answer: its depth in the outline, its text, its event."""

    depth: int
    text: str
    event_id: str | None = None
    bold: str = ""  # the lead words, set in bold where the layout can


def is_structure(answer: Answer) -> bool:
    return answer.chart is not None or answer.changes is not None or answer.chain is not None


def _name(answer: Answer, ident: str | None) -> str:
    return answer.name(ident) if ident else ""


def person_name(answer: Answer, ident: str) -> str:
    """'Daniel Zhang (逍遥子)' / '张勇（逍遥子）': the name and the 花名 people know them by."""
    names = answer.names.get(ident, {})
    name = answer.name(ident)
    nick = names.get("nick")
    if not nick:
        return name
    if answer.lang == "zh-hant":
        nick = to_traditional(nick)
    return f"{name} ({nick})" if answer.lang == "en" else f"{name}（{nick}）"


def _title(answer: Answer, role: RoleInfo) -> str:
    if answer.lang == "en":
        return role.title_en
    return to_traditional(role.title_zh) if answer.lang == "zh-hant" else role.title_zh


def _heads(answer: Answer, heads: list[RoleInfo]) -> str:
    """'Jonathan Lu (铁木真), Chief Executive Officer; …' / '首席执行官陆兆禧（铁木真）、…'."""
    if answer.lang == "en":
        return "; ".join(f"{person_name(answer, h.person)}, {_title(answer, h)}" for h in heads)
    return "、".join(f"{_title(answer, h)}{person_name(answer, h.person)}" for h in heads)


def _unit_on(answer: Answer, chart: OrgChart, unit: str) -> str:
    """The unit's name as it was on the chart's day (a former name where it had one)."""
    node = next((n for n in chart.nodes if n.unit == unit), None)
    if node is None or node.name["en"] == (answer.names.get(unit, {}).get("en")):
        return _name(answer, unit)
    if answer.lang == "en":
        return node.name["en"]
    return to_traditional(node.name["zh"]) if answer.lang == "zh-hant" else node.name["zh"]


def lead_sentence(answer: Answer) -> str | None:
    """The first line of any answer that has one: a structure's, or a question's."""
    return structure_sentence(answer) or answer_sentence(answer)


def structure_sentence(answer: Answer) -> str | None:
    """The sentence that answers a structure question, or None for other answers."""
    lang = answer.lang
    if answer.chart is not None:
        chart = answer.chart
        root = chart.nodes[0]
        count = len({n.unit for n in chart.nodes}) - 1
        day = human_date(chart.day.isoformat(), lang)
        unit = _unit_on(answer, chart, root.unit)
        key = "org_sentence_heads" if root.heads else "org_sentence"
        return say(key, lang, unit=unit, day=day, n=count, top=sum(
            1 for n in chart.nodes if n.depth == 1), heads=_heads(answer, root.heads))
    if answer.changes is not None and answer.span:
        first, last = (human_date(d, lang) for d in answer.span)
        counts = {kind: sum(1 for c in answer.changes if c.kind is kind) for kind in ChangeKind}
        parts = [say(f"change_count_{kind.value}", lang, n=n)
                 for kind, n in counts.items() if n]
        joined = say("list_comma", lang).join(parts)
        return say("changes_sentence", lang, first=first, last=last, parts=joined)
    if answer.chain is not None and answer.post:
        runs: list[list[Link]] = []  # one person's consecutive posts are one spell
        for link in answer.chain:
            if runs and runs[-1][0].role.person == link.role.person:
                runs[-1].append(link)
            else:
                runs.append([link])
        holders = [f"{person_name(answer, run[0].role.person)} ({_span(answer, *run)})"
                   if lang == "en" else
                   f"{person_name(answer, run[0].role.person)}（{_span(answer, *run)}）"
                   for run in runs]
        shown = holders[:SENTENCE_HOLDERS]
        if len(holders) > SENTENCE_HOLDERS:
            shown.append(say("chain_more", lang, n=len(holders) - SENTENCE_HOLDERS))
        return say("chain_sentence", lang, post=post_name(answer), chain=" → ".join(shown))
    return None


def post_name(answer: Answer) -> str:
    """'Alibaba Cloud head' / 'Alibaba Group CEO' / '阿里云负责人'."""
    post = answer.post or {}
    titles = [say(f"post_{t}", answer.lang) for t in post.get("titles", [])]
    unit = _name(answer, post.get("unit") or ROOT_ID)
    title = "/".join(titles)
    return f"{unit} {title}" if answer.lang == "en" else f"{unit}{title}"


def _span(answer: Answer, first: Link, *rest: Link) -> str:
    """From the first link's start to the last one's end."""
    lang = answer.lang
    link = rest[-1] if rest else first
    start = (human_date(first.role.start.iso(), lang) if first.role.start
             else say("start_unrecorded", lang))
    if link.end_how == "present":
        return f"since {start}" if lang == "en" else f"{start}起"
    end = say("end_unrecorded", lang) if link.end is None else human_date(link.end.iso(), lang)
    return f"{start} – {end}" if lang == "en" else f"{start}至{end}"


def structure_lines(answer: Answer) -> list[Line]:
    """The outline (org), the dated changes, or the chain's lines, below the sentence."""
    if answer.chart is not None:
        return _chart_lines(answer, answer.chart)
    if answer.changes is not None:
        return _change_lines(answer, answer.changes)
    if answer.chain is not None:
        return _chain_lines(answer, answer.chain)
    return []


def _chart_lines(answer: Answer, chart: OrgChart) -> list[Line]:
    """One line a unit: its name that day (bold), its head, and a mark where a source last
    showed it there long before the chart's day."""
    lines = []
    for node in chart.nodes[1:]:
        name = _unit_on(answer, chart, node.unit)
        text = name + (" " + say("org_dual", answer.lang) if node.dual else "")
        confirmed = node.placement.confirmed if node.placement else None
        if confirmed and (chart.day - confirmed).days > STALE_DAYS:
            text += " " + say("org_unconfirmed", answer.lang,
                              day=human_date(confirmed.isoformat(), answer.lang))
        heads = _heads(answer, node.heads)
        lines.append(Line(node.depth - 1, f"{text} — {heads}" if heads else text,
                          node.placement.start_event if node.placement else None, name))
    return lines


_CHANGE_MARK = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "−", ChangeKind.MOVED: "↳",
                ChangeKind.RENAMED: "✎", ChangeKind.HEAD: "•"}


def _change_lines(answer: Answer, changes: list[Change]) -> list[Line]:
    """Changes of one day, kind, event and parent as one line: "28 Mar 2023 · + placed under
    Alibaba Group: Taobao and Tmall Group, Local Services Group …" — a reorg is a few lines,
    not one per unit."""
    lang = answer.lang
    groups: dict[tuple, list[Change]] = {}
    for change in changes:
        parent = {ChangeKind.ADDED: change.after, ChangeKind.REMOVED: change.before,
                  ChangeKind.MOVED: change.after}.get(change.kind)
        key = (change.day, change.kind, change.event_id, parent)
        groups.setdefault(key, []).append(change)
    lines = []
    for (_day, kind, event_id, parent), group in groups.items():
        day = human_date(group[0].date.iso(), lang)
        if kind in (ChangeKind.RENAMED, ChangeKind.HEAD):
            for change in group:
                text = say(f"change_{kind.value}", lang, unit=_name(answer, change.unit),
                           before=_who(answer, change, change.before),
                           after=_who(answer, change, change.after))
                lines.append(Line(0, f"{day} · {_CHANGE_MARK[kind]} {text}", event_id, day))
            continue
        units = [_name(answer, c.unit) for c in group]
        if kind is ChangeKind.MOVED:
            units = [f"{u} ({say('moved_from', lang, before=_name(answer, c.before))})"
                     for u, c in zip(units, group, strict=True)]
        text = say(f"changes_{kind.value}", lang, parent=_name(answer, parent),
                   units=say("list_comma", lang).join(units))
        lines.append(Line(0, f"{day} · {_CHANGE_MARK[kind]} {text}", event_id, day))
    return lines


def _who(answer: Answer, change: Change, ident: str | None) -> str:
    if not ident:
        return say("nobody", answer.lang)
    if change.kind is ChangeKind.HEAD:
        return person_name(answer, ident)
    return _name(answer, ident) if ident in answer.names else ident


def _chain_lines(answer: Answer, chain: list[Link]) -> list[Line]:
    lines = []
    for link in chain:
        title = _title(answer, link.role)
        who = person_name(answer, link.role.person)
        sep = ", " if answer.lang == "en" else "，"
        text = f"{who}{sep}{title}{sep}{_span(answer, link)}"
        if link.shared:
            text += " " + say("chain_shared", answer.lang)
        lines.append(Line(0, text, link.role.start_event or link.role.end_event, who))
        if link.gap_after:
            end = link.end.iso() if link.end else None
            lines.append(Line(0, say("chain_gap", answer.lang,
                                     after=human_date(end, answer.lang) if end else "?")))
    return lines


def line_source(answer: Answer, line: Line) -> tuple[str, str | None] | None:
    """The best source of the line's event: (publisher, url), for a link beside the line."""
    event = next((e for e in answer.events if e["id"] == line.event_id), None)
    if event is None or not event["sources"]:
        return None
    best = ordered_sources(event["sources"])[0]
    return best["publisher"], best.get("url")


def structure_footer(answer: Answer) -> str:
    """How to see what the answer rests on."""
    return say("structure_sources", answer.lang, n=len(answer.events)) if answer.events else ""


def picture_name(answer: Answer) -> str:
    """The file name of the chart's picture: org-2013-09-12.png."""
    return f"org-{answer.chart.day.isoformat()}.png" if answer.chart else "org.png"
