"""What a question asks, from its question words: when, who held, who came after or before,
what happened to, whose career, which unit's history — in English, Chinese and pinyin.

The words are removed from the text handed on to name resolution, so that "什么时候" or
"came after" is never mistaken for part of a name, and never vetoes the question.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from knowledge.analyze import split_pinyin
from knowledge.readings import reading
from knowledge.text import CJK_RUN, normalize
from knowledge.vocabulary import (
    FILLER_ZH,
    KIND_WORDS,
    NAME_WORDS,
    REORG_WORDS,
    ROLE_TITLE_WORDS,
    STOPWORDS_EN,
)


class Form(StrEnum):
    WHEN = "when"
    WHO_HELD = "who_held"
    AFTER = "after"  # who came after X (the successor)
    BEFORE = "before"  # who came before X (the predecessor)
    WHAT_HAPPENED = "what_happened"
    PERSON = "person"  # a career
    UNIT = "unit"  # a unit's history
    TOPIC = "topic"  # no question word: find what the words are about
    CHART = "chart"  # the org chart of a date
    CHANGES = "changes"  # what changed between two dates
    SUCCESSION = "succession"  # every holder of a post


@dataclass(frozen=True)
class Question:
    form: Form
    rest: str  # the text without its question words, for name resolution and retrieval
    now: bool = False  # "now", "现任": the holder today
    who: bool = False  # the question asks for a person ("who", "谁")
    pinyin: bool = False  # the Latin words were read as pinyin
    side: str = ""  # "after" / "before" a period, for a chart: "after the 2023 split"


# English cues, as regular expressions over the lower-cased text; each match is removed.
_EN: list[tuple[str, str]] = [
    ("succession", r"\bsuccession\b|\b(?:post|position|office|seat)\s*$|\bholders\s+of\b"
                   r"|\b(?:all|every|past|former|previous|successive)\s+(?:the\s+)?"
                   r"(?=(?:\w+\s+)?(?:ceo|cfo|cto|coo|chairman|president|head|holder|leader|boss)"
                   r"\b)|\blist\s+of\b(?=.*\b(?:ceo|cfo|cto|coo|chairman|president|head)\b)"),
    ("changes", r"\bwhat\s+(?:has\s+)?changed\b|\bchanges?\s+(?:in|between|from|since|of|at|to)\b"
                r"|\bwhat\s+was\s+different\b|\bdiff(?:erences?)?\s+between\b"),
    ("chart", r"\borg(?:ani[sz]ation(?:al)?)?\s*(?:chart|structure|tree)\b|\bstructure\b"
              r"|\blook(?:ed)?\s+like\b"),
    ("after", r"\b(?:who\s+)?(?:came|comes|come)\s+after\b"),
    ("after", r"\b(?:who\s+)?(?:took|take|takes)\s+over\s+from\b"),
    ("after", r"\bsu\w*(?:ceed|seed|cede)\w*\b"),
    ("after", r"\b(?:replaced?|replacing|replaces)\b"),
    ("after", r"\bnext\s+(?=ceo|cfo|cto|chairman|president|head)"),
    ("before", r"\b(?:came|comes|come|was\s+\w+)\s+before\b"),
    ("before", r"\bpredecessor\b|\bpreceded\b|\bbefore\b"),
    ("after", r"\bafter\b"),
    ("what_happened", r"\bw\w{1,3}\s+ha\w*p\w*ne?d\s+(?:to|with)\b"),
    ("what_happened", r"\bwhat\s+became\s+of\b|\bfate\s+of\b|\bwhat\s+is\s+going\s+on\s+with\b"),
    ("person", r"\btell\s+me\s+about\b"),
    ("person", r"\b(?:career|biography|bio|background|roles|positions|posts|profile|resume|cv)\b"),
    ("unit", r"\b(?:history|timeline|story)\s+of\b"),
    ("when", r"\b(?:when|whne|wehn|wen|whn|wheen)\b|\bwhat\s+(?:year|date|day|month)\b"
             r"|\bwhich\s+(?:year|date|day|month)\b|\bhow\s+long\s+ago\b"),
    ("now", r"\b(?:now|current|currently|present|presently|today|nowadays|these\s+days)\b"
            r"|\bat\s+the\s+moment\b"),
    ("who", r"\b(?:who|whos|whom|whose)\b|\bwho's\b"),
]
_EN_COMPILED = [(cue, re.compile(pattern)) for cue, pattern in _EN]

# Chinese cues (Simplified; queries are converted first). Longest first within a cue.
_ZH: list[tuple[str, tuple[str, ...]]] = [
    ("succession", ("历任", "历届", "历代")),
    ("changes", ("有什么变化", "有哪些变化", "什么变化", "变化", "变动", "有何不同")),
    ("chart", ("组织架构图", "组织架构", "组织结构", "架构图", "架构", "组织图")),
    ("after", ("之后谁", "以后谁", "继任者", "接班人", "接任者", "继任", "接替", "后任", "谁接任",
               "之后是谁", "之后", "以后")),
    ("before", ("前任", "之前谁", "以前谁", "之前是谁", "之前", "以前")),
    ("what_happened", ("后来怎么样了", "后来怎么样", "现在怎么样了", "怎么样了", "是怎么回事",
                       "怎么回事", "讲了啥", "讲了什么", "说了什么", "说了啥", "后来呢", "后来",
                       "结局", "去哪了", "怎么了")),
    ("person", ("做过哪些职位", "做过哪些职务", "担任过哪些职位", "担任过哪些职务", "职业经历",
                "履历", "经历", "简历", "生平", "做过什么", "职位")),
    ("unit", ("沿革", "发展史", "发展历程", "来龙去脉", "历程")),
    ("when", ("什么时候", "什么时间", "何时", "哪一年", "哪年", "几时", "哪一天", "哪天", "几月",
              "多会儿", "啥时候")),
    ("now", ("现在", "现任", "目前", "如今", "当前", "眼下", "当下")),
    ("who", ("归谁管", "谁管", "谁负责", "谁掌舵", "谁领导", "是谁", "谁")),
]
# Which form a question takes when it holds several cues ("who came after" is a succession,
# "when did X become" a when); a bare "who" or "now" asks for a holder.
_PRECEDENCE = [("succession", Form.SUCCESSION), ("changes", Form.CHANGES), ("chart", Form.CHART),
               ("when", Form.WHEN), ("after", Form.AFTER), ("before", Form.BEFORE),
               ("what_happened", Form.WHAT_HAPPENED), ("person", Form.PERSON),
               ("unit", Form.UNIT)]
# Words that make a "who" question ask for a post's holder; they stay in the text for the
# resolver, which reads them as the post "head".
_HOLDER_ZH = ("负责人", "一号位", "掌门人", "掌门", "掌舵人", "掌舵", "一把手", "负责", "管",
              "领导", "带队")
_HOLDER_EN = re.compile(r"\b(?:ran|run|runs|running|head|heads|headed|heading|led|lead|leads|"
                        r"leading|manage[sd]?|managing|charge|boss|in\s+charge)\b")


@cache
def _pinyin_words() -> dict[str, str]:
    """Joined toneless pinyin → the Chinese word, for every question, kind and title word."""
    words = {w for _, group in _ZH for w in group} | set(_HOLDER_ZH) | set(FILLER_ZH)
    words |= {w for group in KIND_WORDS.values() for w in group if not w.isascii()}
    words |= {w for w in REORG_WORDS if not w.isascii()}
    words |= {w for group in ROLE_TITLE_WORDS.values() for w in group if not w.isascii()}
    words |= {"当", "出任", "总裁", "退休", "上市", "成立", "收购", "并入", "合并", "融合", "拆分",
              "更名", "纽交所", "港交所", "负责", "当上", "担任", "回归", "离开", "取消"}
    # One syllable is too often part of a name ("jiang" is 将 and 江 and 蒋): only words of two
    # or more characters, and these few, are read as words.
    out: dict[str, str] = {"shei": "谁", "shui": "谁", "dang": "当"}
    for word in sorted(words, key=len, reverse=True):
        said = [reading(ch) for ch in word]
        if all(said) and len(word) >= 2:
            out.setdefault("".join(s for s in said if s), word)
    return out


# Particles of a pinyin sentence that carry nothing ("shi", "de"): dropped, never names.
_PINYIN_PARTICLES = frozenset({"de", "le", "ne", "ba", "a", "shi", "zai", "ya", "la"})


_ACRONYMS = frozenset({"ceo", "cfo", "cto", "coo", "cpo", "cmo", "cio", "cdo", "ipo", "bg", "bu"})


def _is_pinyin(words: list[str]) -> bool:
    """Every Latin word (numbers and post acronyms aside) is pinyin, and some are not names."""
    letters = [w for w in words if not w.isdigit() and w not in _ACRONYMS]
    if not letters or not all(split_pinyin(w) for w in letters):
        return False
    # "you" and "de" are English too; beside a pinyin question word ("you shenme bianhua")
    # they are syllables, alone they veto ("you ma" is no question of 有吗).
    table = _pinyin_words()
    spoken = any(w in table and len(split_pinyin(w) or ()) >= 2 for w in letters)
    return spoken or not any(w in STOPWORDS_EN - NAME_WORDS for w in letters)


def _pinyin_to_chinese(text: str, names: Container[str]) -> str:
    """Replace pinyin question, kind and title words with their Chinese; names stay Latin.

    'jiang fan shi shenme shihou dang taobao zongcai de' → 'jiang fan 什么时候 当 taobao 总裁'.
    A run of words that spells a name the base knows ("cheng li" is 程立, not 成立) is a name.
    """
    table = _pinyin_words()
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        name = next((size for size in (3, 2) if i + size <= len(words)
                     and "".join(words[i:i + size]) in names), 0)
        if name:
            out += words[i:i + name]
            i += name
            continue
        size = next((size for size in (3, 2, 1) if i + size <= len(words)
                     and "".join(words[i:i + size]) in table), 0)
        if size:
            out.append(table["".join(words[i:i + size])])
            i += size
            continue
        if words[i] not in _PINYIN_PARTICLES:
            out.append(_split_glued(words[i], table))
        i += 1
    return " ".join(out)


def _split_glued(word: str, table: dict[str, str]) -> str:
    """'shenmeshihou' is two words run together; a name ('taobao') is left as it is."""
    syllables = split_pinyin(word) or ()
    if len(syllables) < 3:
        return word
    for cut in range(2, len(syllables) - 1):
        head, tail = "".join(syllables[:cut]), "".join(syllables[cut:])
        if head in table and tail in table:
            return f"{table[head]} {table[tail]}"
    return word


_AFTER = re.compile(r"\b(?:after|following|since)\b|之后|以后|后的")
_BEFORE = re.compile(r"\b(?:before|prior\s+to|until)\b|之前|以前|前的")


def side_of(text: str) -> str:
    """"after" or "before" a period ("the chart after the 2023 split"), else ""."""
    text = normalize(text)
    if _AFTER.search(text):
        return "after"
    return "before" if _BEFORE.search(text) else ""


# Posts named in the plural ("all the CEOs", "past presidents of Tmall") are the post.
_PLURAL_POSTS = re.compile(r"\b(ceo|cfo|cto|coo|cpo|president|head|chairman|leader)s\b")


def read_question(text: str, names: Container[str] = frozenset()) -> Question:
    """The question's form and its text without question words (`text` has no date in it).

    `names` holds the folded spellings of the base's names, which pinyin reading leaves be."""
    text = original = normalize(text)
    text = _PLURAL_POSTS.sub(r"\1", text).replace("chairmen", "chairman")
    latin = re.findall(r"[a-z0-9]+", CJK_RUN.sub(" ", text))
    pinyin = _is_pinyin(latin)
    if pinyin:
        text = _pinyin_to_chinese(text, names)
    cues: set[str] = set()
    holder = bool(_HOLDER_EN.search(text)) or any(w in text for w in _HOLDER_ZH)
    for cue, pattern in _EN_COMPILED:
        if pattern.search(text):
            cues.add(cue)
            text = pattern.sub(" ", text)
    for cue, group in _ZH:
        for word in group:
            if word in text:
                cues.add(cue)
                text = text.replace(word, " ")
    who = "who" in cues
    form = next((f for cue, f in _PRECEDENCE if cue in cues),
                Form.WHO_HELD if who or holder or "now" in cues else Form.TOPIC)
    side = side_of(original) if form is Form.CHART else ""
    return Question(form, " ".join(text.split()), now="now" in cues, who=who, pinyin=pinyin,
                    side=side)
