"""The words the bot says, in English and Simplified Chinese; Traditional is derived."""

from __future__ import annotations

from knowledge.langs import LANGS
from knowledge.text import to_traditional

_MESSAGES: dict[str, tuple[str, str]] = {
    "nothing_found": ("Nothing found for “{typed}”.", "没有找到与“{typed}”有关的记录。"),
    "try": ("Try a person (Daniel Zhang, 逍遥子), a unit (Tmall, 聚划算), a year (2013), "
            "a month (2013-09) or `today`.",
            "可以试试人名（张勇、逍遥子）、部门（天猫、聚划算）、年份（2013）、"
            "月份（2013年9月）或 `today`。"),
    "did_you_mean": ("Did you mean: {names}?", "你是不是要找：{names}？"),
    "nearest": ("Nothing on {day}; the nearest events within three days:",
                "{day} 这一天没有记录，以下是前后三天内最近的事件："),
    "empty_period": ("Nothing recorded for {period}.", "{period} 没有记录。"),
    "empty_day": ("Nothing recorded on {day} or within three days of it.",
                  "{day} 及前后三天都没有记录。"),
    "bad_day": ("“{typed}” is not a day I can read. Try `on 01-06`, `on Jan 6` or `on 1月6日`.",
                "看不懂“{typed}”这个日期。可以试试 `on 01-06`、`on Jan 6` 或 `on 1月6日`。"),
    "no_holder": ("No recorded holder at {unit} {when}.", "{unit} {when} 没有记录在案的负责人。"),
    "lang_set": ("From now on I answer you in English.", "之后我会用简体中文回答你。"),
    "lang_invalid": ("“{typed}” is not a language I speak: use `en`, `zh-hans` or `zh-hant`.",
                     "不支持“{typed}”：请用 `en`、`zh-hans` 或 `zh-hant`。"),
    "subscribe_here": ("Digests are subscribed in a Slack channel: `/reorg subscribe`.",
                       "每日摘要需要在 Slack 频道里订阅：`/reorg subscribe`。"),
    "unsubscribe_here": ("Digests are managed in a Slack channel: `/reorg unsubscribe`.",
                         "每日摘要需要在 Slack 频道里管理：`/reorg unsubscribe`。"),
    "subscriptions_here": ("Subscriptions are listed in Slack: `/reorg subscriptions`.",
                           "订阅列表在 Slack 里查看：`/reorg subscriptions`。"),
    "more_here": ("Nothing to page: ask something first.", "还没有可以翻页的回答，请先提问。"),
    "sources_here": ("No answer yet whose sources I could list.", "还没有可以列出来源的回答。"),
    "button_more": ("More", "更多"),
    "button_share": ("Share in channel", "分享到频道"),
    "shared_by": ("Shared by {user}", "由 {user} 分享"),
    "home_lang": ("Your reply language: {lang}. Change it with `/reorg lang en|zh-hans|zh-hant`.",
                  "你的回答语言：{lang}。用 `/reorg lang en|zh-hans|zh-hant` 修改。"),
    "error": ("Sorry, something went wrong on my side (reference {ref}). Please try again.",
              "抱歉，我这边出了问题（编号 {ref}），请再试一次。"),
    "digests_soon": ("Daily digests are not available in this version yet.",
                     "此版本暂不支持每日摘要。"),
    "lang_auto": ("the language of each question", "跟随每个问题的文字"),
    "years_ago": ("{n} years ago", "{n} 年前"),
    "digest_paused": ("The daily digest for {channel} is paused: Slack answered `{reason}`. "
                      "Once the bot can post there again, resume it with `/reorg subscribe` "
                      "in that channel or from the app's Home tab.",
                      "{channel} 的每日摘要已暂停：Slack 返回 `{reason}`。"
                      "机器人能再次在该频道发言后，"
                      "请在该频道用 `/reorg subscribe` 或在应用主页恢复。"),
    "subscribed": ("Subscribed: the digest comes to this channel {schedule} at {time} ({tz}), "
                   "in {lang}. No story is told here twice within {days} days; {empty}",
                   "已订阅：{schedule} {time}（{tz}）向本频道发送{lang}摘要。"
                   "{days} 天内同一事件不会重复；{empty}"),
    "unsubscribed": ("Unsubscribed: no more digests in this channel.",
                     "已退订：本频道不再接收每日摘要。"),
    "not_subscribed": ("This channel has no digest subscription.", "本频道没有订阅每日摘要。"),
    "subscription_error": ("{error} Example: `/reorg subscribe 09:00 Asia/Shanghai zh-hans`.",
                           "{error} 例如：`/reorg subscribe 09:00 Asia/Shanghai zh-hans`。"),
    "subscriptions_title": ("Digest subscriptions in this workspace", "本工作区的每日摘要订阅"),
    "no_subscriptions": ("No channel in this workspace subscribes yet: try `/reorg subscribe`.",
                         "本工作区还没有频道订阅：试试 `/reorg subscribe`。"),
    "subscription_line": ("{channel} · {schedule} {time} {tz} · {lang} · last delivered {last} · "
                          "{state}",
                          "{channel} · {schedule} {time} {tz} · {lang} · 上次发送 {last} · "
                          "{state}"),
    "state_active": ("active", "运行中"),
    "state_paused": ("paused ({reason})", "已暂停（{reason}）"),
    "paused_by": ("paused by {user}", "由 {user} 暂停"),
    "preview_title": ("Digest preview", "摘要预览"),
    "never": ("never", "从未"),
    "button_pause": ("Pause", "暂停"),
    "button_resume": ("Resume", "恢复"),
    "button_preview": ("Preview", "预览"),
    "no_more": ("That was everything.", "已经是全部内容了。"),
    "results": ("{shown} of {total}", "第 {shown} 条，共 {total} 条"),
    "more_hint": ("Type `more` for the next {n}.", "输入 `更多` 查看后面 {n} 条。"),
    "roles": ("Roles", "任职"),
    "heads": ("Heads", "负责人"),
    "former": ("Formerly", "曾用名"),
    "sources": ("Sources", "来源"),
    "source": ("Source", "来源"),
    "effective": ("effective {date}", "{date} 生效"),
    # A tenure without a recorded end: "from", since the data cannot tell "still held" apart
    # from "end not sourced".
    "open_tenure": ("from {start}", "{start} 起"),
    "span": ("{start} – {end}", "{start} 至 {end}"),
    "end_unknown": ("end unknown", "结束时间不详"),
    "on_this_day": ("This day in Alibaba reorgs — {day}", "阿里组织史上的今天 — {day}"),
    "period": ("Alibaba's organization in {period}", "{period} 阿里组织大事"),
    "search": ("Results for “{query}”", "“{query}”的结果"),
    "who": ("Who: {query}", "人物：{query}"),
    "unit": ("Unit: {query}", "部门：{query}"),
    "sources_title": ("Sources for the last answer", "上一个回答的来源"),
    "help_title": ("Reorg Historian — Alibaba's organizational history",
                   "阿里组织史 — Reorg Historian"),
    "help": (
        "Ask about people, units, dates and reorgs, in English or Chinese:\n"
        "• `/reorg 逍遥子` or `/reorg Daniel Zhang` — a person and their events\n"
        "• `/reorg who 行癫` — a person's roles over time\n"
        "• `/reorg unit 聚划算` — a unit's history\n"
        "• `/reorg when did Taobao and Tmall merge` — free questions\n"
        "• `/reorg 2013`, `/reorg 2013-09`, `/reorg 2013年9月` — a period's timeline\n"
        "• `/reorg today`, `/reorg on Jan 6`, `/reorg on 1月6日` — this day in Alibaba reorgs\n"
        "• `/reorg subscribe 09:00 Asia/Shanghai zh-hans` — a daily digest in this channel; add "
        "`weekdays` for Monday to Friday only, `14d` to keep a story from coming back for 14 days "
        "(default 7d), `post-empty` for a one-line note on days with nothing new (skipped "
        "otherwise)\n"
        "• `/reorg lang en|zh-hans|zh-hant` — your reply language\n"
        "In a thread where I answered: `more` / `更多` pages on, `sources` / `来源` lists sources.",
        "可以用中文或英文问人物、部门、日期和组织调整：\n"
        "• `/reorg 逍遥子` 或 `/reorg Daniel Zhang` — 人物及相关事件\n"
        "• `/reorg who 行癫` — 某人历任职务\n"
        "• `/reorg unit 聚划算` — 部门沿革\n"
        "• `/reorg 淘宝天猫什么时候融合的` — 自由提问\n"
        "• `/reorg 2013`、`/reorg 2013-09`、`/reorg 2013年9月` — 某段时间的大事\n"
        "• `/reorg today`、`/reorg on 1月6日` — 阿里组织史上的今天\n"
        "• `/reorg subscribe 09:00 Asia/Shanghai zh-hans` — 在本频道订阅每日摘要；"
        "加 `weekdays` 只在周一至周五发，`14d` 表示 14 天内不重复同一事件（默认 7d），"
        "`post-empty` 表示没有新内容的日子也发一行说明（默认不发）\n"
        "• `/reorg lang en|zh-hans|zh-hant` — 设置回答语言\n"
        "在我回答过的话题里：`more` / `更多` 翻页，`sources` / `来源` 查看来源。",
    ),
    # --- the daily digest (knowledge.digest, handlers.blocks.digest_message) ---------------
    "bad_time": ("“{word}” is not a time of day; write it like 09:00.",
                 "“{word}”不是一天中的时间，请写成 09:00 这样。"),
    "bad_zone": ("“{word}” is not a time zone I know; use an IANA name such as Asia/Shanghai "
                 "or Europe/London.",
                 "不认识“{word}”这个时区，请用 IANA 名称，例如 Asia/Shanghai 或 Europe/London。"),
    "bad_window": ("“{word}” is not a no-repeat window I keep: use {least}d to {most}d, e.g. 14d.",
                   "“{word}”不是可用的不重复天数：请用 {least}d 到 {most}d，例如 14d。"),
    "schedule_daily": ("every day", "每天"),
    "schedule_weekdays": ("every weekday", "每个工作日"),
    "empty_skipped": ("days with nothing new are skipped.", "没有新内容的日子不发。"),
    "empty_noted": ("days with nothing new get a one-line note.", "没有新内容的日子只发一行说明。"),
    "digest_title": ("📅 On this day in Alibaba history · {day}", "📅 阿里历史上的今天 · {day}"),
    "this_year": ("this year", "今年"),
    "year_ago": ("1 year ago", "1 年前"),
    "story_more": ("+{kinds} that day, in the thread 🧵", "当天另有 {kinds}，见话题 🧵"),
    "count_people": ("{n} leadership change{s}", "{n} 项人事变动"),
    "count_units": ("{n} unit change{s}", "{n} 项组织调整"),
    "count_other": ("{n} more event{s}", "{n} 件其他事件"),
    "list_and": (" and ", "、"),
    "list_comma": (", ", "、"),
    "digest_ask": ("Ask in the thread: {example}", "在话题里提问：{example}"),
    "digest_manage": ("Manage: {command}", "管理：{command}"),
    "digest_schedule": ("{channel}'s digest, {schedule} {time} {tz}",
                        "{channel} 的摘要，{schedule} {time} {tz}"),
    "digest_more_text": ("+{n} more in the thread", "另有 {n} 件见话题"),
    "digest_thread_title": ("More from {day}", "{day}的更多事件"),
    "digest_thread_text": ("More from {day}: {n} events", "{day}的更多事件：{n} 件"),
    "story_rest": ("the rest of “{title}”", "“{title}”的其余内容"),
    "digest_cut": ("…and {n} more: {command}", "……另有 {n} 件：{command}"),
    "nothing_new": ("Nothing new from Alibaba's history on {day}; the next story comes on {next}.",
                    "{day}没有新的阿里历史故事，下一个在{next}。"),
    "nothing_new_at_all": ("Nothing new from Alibaba's history on {day}.",
                           "{day}没有新的阿里历史故事。"),
}
LANG_NAMES = dict(zip(LANGS, ("English", "简体中文", "繁體中文"), strict=True))


def say(key: str, lang: str, /, **args: object) -> str:
    """The message `key` in `lang`, with its {placeholders} filled."""
    en, zh = _MESSAGES[key]
    if key == "lang_set":
        lang_name = LANG_NAMES.get(str(args.get("lang")), "")
        text = (f"From now on I answer you in {lang_name}." if lang == "en"
                else f"之后我会用{lang_name}回答你。")
    else:
        text = (en if lang == "en" else zh).format(**args)
    return to_traditional(text) if lang == "zh-hant" else text
