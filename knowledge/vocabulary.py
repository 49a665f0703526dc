"""Words that carry no name: question words, filler, and the words that name a kind of event."""

from __future__ import annotations

import re

STOPWORDS_EN = frozenset("""
a an the and or of in on at to for from by with about as into during is are was were be
been being do did does done has have had what when where which who whom whose why how
happened happen happens happend hapened happpened tell me show list give any all some
there this that these those it
its his her their they them he she we you i my our your alibaba alibabas group groups
company s did ever first last new year years month day date time please info information
history reorg reorgs story about timeline events event news up
""".split())

# Filler words that can also begin or end a name ("Alibaba Cloud", "Ant Group").
NAME_WORDS = frozenset({"alibaba", "alibabas", "group", "groups", "company", "new"})
FILLER_EN = STOPWORDS_EN - NAME_WORDS

# Multi-character Chinese filler, longest first when stripped (see `strip_cjk_filler`).
FILLER_ZH = sorted("""
什么时候 什么 何时 哪一年 哪年 哪天 几月 多少 怎么 为什么 发生了 发生
时候 告诉我 请问 一下 的 了 吗 呢 吧 啊 是 谁 在 和 与 及 跟 被
把 将 有 哪 年 月 日 号 事 情况 消息 历史 阿里巴巴集团 阿里巴巴
阿里集团 阿里 集团 公司 关于 过 哪些 那些 这些 一些 有关 相关 之后
之前 以后 以前 曾经
""".split(), key=len,
    reverse=True,
)

# Words that name the kind of an event: a query with them prefers events of that kind.
KIND_WORDS: dict[str, frozenset[str]] = {
    "unit-merged": frozenset(
        {
            "merge",
            "merged",
            "merger",
            "merging",
            "merges",
            "combine",
            "combined",
            "integrate",
            "integrated",
            "integration",
            "合并",
            "融合",
            "整合",
            "并入",
        }
    ),
    "unit-split": frozenset(
        {"split", "splits", "splitting", "spin", "spun", "spinoff", "拆分", "一拆为三", "分拆"}
    ),
    "unit-created": frozenset(
        {
            "created",
            "create",
            "founded",
            "found",
            "established",
            "establish",
            "set",
            "launch",
            "launched",
            "成立",
            "设立",
            "新设",
            "组建",
            "新成立",
        }
    ),
    "unit-renamed": frozenset({"rename", "renamed", "renaming", "更名", "改名"}),
    "unit-upgraded": frozenset({"upgrade", "upgraded", "升级"}),
    "unit-dissolved": frozenset(
        {"dissolve", "dissolved", "closed", "shut", "撤销", "解散", "关闭"}
    ),
    "appointment": frozenset(
        {
            "appoint",
            "appointed",
            "appointment",
            "named",
            "name",
            "became",
            "become",
            "promoted",
            "任命",
            "出任",
            "担任",
            "接任",
            "上任",
            "当上",
            "接手",
            "接管",
            "就任",
            "升任",
        }
    ),
    "succession": frozenset(
        {"succession", "succeed", "succeeded", "successor", "handover", "交棒", "接班", "传承"}
    ),
    "departure": frozenset(
        {
            "resign",
            "resigned",
            "resignation",
            "quit",
            "left",
            "leave",
            "depart",
            "departure",
            "retire",
            "retired",
            "retirement",
            "step",
            "stepped",
            "辞职",
            "离职",
            "卸任",
            "退休",
            "离开",
        }
    ),
    "letter": frozenset({"letter", "memo", "email", "mail", "内部信", "公开信", "邮件"}),
    "speech": frozenset({"speech", "talk", "keynote", "演讲", "讲话"}),
    "listing": frozenset({"ipo", "listing", "listed", "list", "上市"}),
    "delisting": frozenset(
        {"delist", "delisted", "delisting", "privatization", "privatisation", "退市", "私有化"}
    ),
    "acquisition": frozenset(
        {"acquire", "acquired", "acquisition", "buy", "bought", "takeover", "aquire", "aquired",
         "acquried", "收购", "并购"}
    ),
    "investment": frozenset(
        {"invest", "invested", "investment", "stake", "stakes", "入股", "投资", "持股", "参股"}
    ),
    "governance": frozenset(
        {
            "governance",
            "partnership",
            "partner",
            "partners",
            "committee",
            "合伙人",
            "治理",
            "委员会",
        }
    ),
}
REORG_WORDS = frozenset(
    {
        "restructure",
        "restructured",
        "restructuring",
        "reorganization",
        "reorganisation",
        "reorganize",
        "reorganized",
        "reshuffle",
        "reshuffled",
        "架构调整",
        "组织调整",
        "组织架构调整",
        "调整",
        "改组",
        "重组",
        "组织架构",
        "架构",
        "变革",
    }
)
ROLE_TITLE_WORDS: dict[str, frozenset[str]] = {
    "ceo": frozenset({"ceo", "chief executive", "chief executive officer", "首席执行官"}),
    "chairman": frozenset({"chairman", "chair", "chairs", "chaired", "chairing", "chairwoman",
                           "董事局主席", "董事会主席", "主席", "董事长"}),
    "cfo": frozenset({"cfo", "chief financial officer", "首席财务官"}),
    "cto": frozenset({"cto", "chief technology officer", "首席技术官"}),
    "coo": frozenset({"coo", "chief operating officer", "首席运营官"}),
    "president": frozenset({"president", "总裁"}),
    "cpo": frozenset({"cpo", "chief people officer", "chief human resources officer",
                      "chief talent officer", "首席人才官", "首席人力官", "首席人力资源官"}),
    "cco": frozenset({"cco", "chief customer officer", "chief customer service officer",
                      "首席客户官", "首席客户服务官"}),
    "cdo": frozenset({"cdo", "chief data officer", "首席数据官"}),
    "cmo": frozenset({"cmo", "chief marketing officer", "首席市场官"}),
    "cro": frozenset({"cro", "chief risk officer", "首席风险官"}),
    "head": frozenset(
        {
            "head",
            "headed",
            "heads",
            "ran",
            "run",
            "runs",
            "led",
            "lead",
            "leads",
            "负责",
            "负责人",
            "掌门",
            "掌门人",
            "一把手",
        }
    ),
}


# Titles of several words ("chief people officer"), longest first, as the one word a query
# is read with ("cpo"): see resolve.read_query.
TITLE_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{re.escape(phrase)}\b"), key)
    for key, phrase in sorted(((k, w) for k, ws in ROLE_TITLE_WORDS.items() for w in ws
                               if w.isascii() and " " in w), key=lambda kw: -len(kw[1]))
]


def kind_of_word(word: str) -> str | None:
    for kind, words in KIND_WORDS.items():
        if word in words:
            return kind
    return "reorg" if word in REORG_WORDS else None


def strip_cjk_filler(text: str) -> tuple[str, list[str]]:
    """Remove Chinese filler; returns the rest (runs separated by spaces) and the kind words."""
    kinds = []
    all_kind_words = sorted(
        {w for ws in KIND_WORDS.values() for w in ws if not w.isascii()}
        | {w for w in REORG_WORDS if not w.isascii()},
        key=len,
        reverse=True,
    )
    for word in all_kind_words:
        if word in text:
            kinds.append(kind_of_word(word) or "reorg")
            text = text.replace(word, " ")
    for word in FILLER_ZH:
        text = text.replace(word, " ")
    return " ".join(text.split()), kinds

# Titles that make their holder the head of a unit, besides CEO, chairman and president.
HEAD_TITLE_WORDS = frozenset({"head", "general manager", "负责人", "总经理", "董事长"})
_DEPUTY = re.compile(r"\b(?:vice|deputy)\b|副")


def title_classes(title_en: str, title_zh: str) -> frozenset[str]:
    """Which of ceo, chairman, cfo, cto, coo, president, head a role's title is.

    A deputy's title is none of them (an acting head is the head); "Chairman and CEO" is two.
    """
    text = f"{title_en} {title_zh}".casefold()
    if _DEPUTY.search(text):
        return frozenset()

    def said(word: str) -> bool:
        return word in text if not word.isascii() else bool(re.search(rf"\b{word}\b", text))

    classes = {key for key, words in ROLE_TITLE_WORDS.items()
               if key != "head" and any(said(w) for w in words)}
    if classes & {"ceo", "chairman", "president"} or any(said(w) for w in HEAD_TITLE_WORDS):
        classes.add("head")
    return frozenset(classes)
