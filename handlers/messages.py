"""The words the bot says, in English and Simplified Chinese; Traditional is derived."""

from __future__ import annotations

from handlers.replies import NOT_A_CHANNEL
from knowledge.langs import LANGS
from knowledge.text import to_traditional, to_traditional_wording

_MESSAGES: dict[str, tuple[str, str]] = {
    "nothing_found": ("Nothing found for “{typed}”.", "没有找到与“{typed}”有关的记录。"),
    "try": ("Try a person (Daniel Zhang, 逍遥子), a unit (Tmall, 聚划算), a year (2013), "
            "a month (2013-09) or `today`.",
            "可以试试人名（张勇、逍遥子）、部门（天猫、聚划算）、年份（2013）、"
            "月份（2013年9月）或 `today`。"),
    "outside_company": ("{name} is not in Reorg Historian's base: it covers Alibaba Group's "
                        "organization, not other companies.",
                        "{name}不在 Reorg Historian 的资料库里："
                        "这里只收录阿里巴巴集团的组织历史。"),
    "outside_person": ("{name} is not in Reorg Historian's base: it covers the people of "
                       "Alibaba Group's organization.",
                       "{name}不在 Reorg Historian 的资料库里："
                       "这里只收录阿里巴巴集团组织中的人物。"),
    "outside_topic": ("Reorg Historian does not answer questions about {name}: it covers the "
                      "history of Alibaba Group's organization.",
                      "Reorg Historian 不回答关于{name}的问题：这里只收录阿里巴巴集团的组织历史。"),
    "nothing_title": ("Nothing found", "没有找到"),
    "nickname": ("nickname {name}", "花名 {name}"),
    "source_official": ("official", "官方"),
    "source_repost": ("repost", "转载"),
    "no_link": ("(no link: search for “{title}”)", "（无链接，可搜索标题“{title}”）"),
    "more_sources": ("+{n} more: `{sources}`", "另有 {n} 个：`{sources}`"),
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
    "button_more": ("Next ›", "下一页 ›"),
    "button_prev": ("‹ Prev", "‹ 上一页"),
    "button_share": ("Share in channel", "分享到频道"),
    "shared_by": ("{user} shared {query}", "{user} 分享了 {query}"),
    "shared_to": ("Shared to {channel} ✓", "已分享到 {channel} ✓"),
    "menu_sources": ("All sources ({n})", "全部来源（{n}）"),
    "button_all_roles": ("All roles ({n})", "全部任职（{n}）"),
    "home_lang": ("Your reply language: {lang}. Change it with `/reorg lang en|zh-hans|zh-hant`.",
                  "你的回答语言：{lang}。用 `/reorg lang en|zh-hans|zh-hant` 修改。"),
    "error": ("Sorry, something went wrong on my side (reference {ref}). Please try again.",
              "抱歉，我这边出了问题（编号 {ref}），请再试一次。"),
    "digests_soon": ("Daily digests are not available in this version yet.",
                     "此版本暂不支持每日摘要。"),
    "lang_auto": ("the language of each question", "跟随每个问题的文字"),
    "years_ago": ("{n} years ago", "{n} 年前"),
    "digest_paused": ("I paused the daily digest for {channel}: {reason}. Once I can post there "
                      "again (`/invite @Reorg Historian` in that channel), resume it from my Home "
                      "tab or with `/reorg subscribe` there.",
                      "我暂停了 {channel} 的每日摘要：{reason}。等我能再次在该频道发言后"
                      "（在该频道输入 `/invite @Reorg Historian`），"
                      "请在我的主页恢复，或在该频道用 `/reorg subscribe` 恢复。"),
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
    "more_hint": ("Type `{more}` for the next {n}.", "输入 `{more}` 查看后面 {n} 条。"),
    "word_more": ("more", "更多"),
    "word_sources": ("sources", "来源"),
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
    "period": ("Alibaba's organization: {period}", "{period} 阿里组织大事"),
    "read_month_first": ("Read “{typed}” month first, as {day}.",
                         "“{typed}”按“月/日”读作{day}。"),
    "read_day_first": ("Read “{typed}” day first, as {day} (there is no month {month}).",
                       "“{typed}”按“日/月”读作{day}（没有{month}月）。"),
    "search": ("Results for “{query}”", "“{query}”的结果"),
    "who": ("Who: {query}", "人物：{query}"),
    "unit": ("Unit: {query}", "部门：{query}"),
    "sources_title": ("Sources for the last answer", "上一个回答的来源"),
    "org_title": ("Alibaba's structure", "阿里组织架构"),
    "changes_title": ("Changes in Alibaba's structure", "阿里组织架构的变化"),
    "succession_title": ("Holders of a post", "历任"),
    "help_title": ("Reorg Historian — Alibaba's organizational history",
                   "阿里组织史 — Reorg Historian"),
    "help": (
        "Ask about people, units, dates and reorgs, in English or Chinese:\n"
        "• `/reorg 逍遥子` or `/reorg Daniel Zhang` — a person and their events\n"
        "• `/reorg who 行癫` — a person's roles over time\n"
        "• `/reorg unit 聚划算` — a unit's history\n"
        "• `/reorg when did Eddie Wu become CEO`, `/reorg who runs Alibaba Cloud now`, "
        "`/reorg who came after Jonathan Lu`, `/reorg what happened to Koubei` — questions, "
        "answered in the first line with a source\n"
        "• `/reorg 2013`, `/reorg 2013年9月`, `/reorg Q3 2019`, `/reorg summer 2023` — a "
        "period's timeline\n"
        "• `/reorg today`, `/reorg on Jan 6`, `/reorg on 1月6日` — this day in Alibaba reorgs\n"
        "• `/reorg org 2013-09-12`, `/reorg org 2016`, `/reorg org chart after the 2023 split` — "
        "the structure on a date, with each unit's head, and its picture\n"
        "• `/reorg changes 2015-01 2016-01`, `/reorg what changed in the 2021-12 reorg` — what "
        "changed between two dates\n"
        "• `/reorg succession CEO`, `/reorg history of the Taobao president post` — every "
        "holder of a post\n"
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
        "• `/reorg 吴泳铭什么时候当上CEO的`、`/reorg 阿里云现在谁负责`、"
        "`/reorg 蔡崇信之后谁当CFO`、`/reorg 口碑后来怎么样了` — 直接提问，"
        "第一行就是答案和出处\n"
        "• `/reorg 2013`、`/reorg 2013年9月`、`/reorg 2016年上半年`、`/reorg 2020年底` — "
        "某段时间的大事\n"
        "• `/reorg today`、`/reorg on 1月6日` — 阿里组织史上的今天\n"
        "• `/reorg 组织架构 2023年4月`、`/reorg 阿里2021年底的架构` — 某一天的组织架构、"
        "各单元负责人和架构图\n"
        "• `/reorg 变化 2015-01 2016-01`、`/reorg 2023年3月前后有什么变化` — 两个日期之间的变化\n"
        "• `/reorg 历任 CFO`、`/reorg 阿里云历任负责人` — 某个职位的历任\n"
        "• `/reorg subscribe 09:00 Asia/Shanghai zh-hans` — 在本频道订阅每日摘要；"
        "加 `weekdays` 只在周一至周五发，`14d` 表示 14 天内不重复同一事件（默认 7d），"
        "`post-empty` 表示没有新内容的日子也发一行说明（默认不发）\n"
        "• `/reorg lang en|zh-hans|zh-hant` — 设置回答语言\n"
        "在我回答过的话题里：`more` / `更多` 翻页，`sources` / `来源` 查看来源。",
    ),
    # --- App Home -------------------------------------------------------------------------
    "home_title": ("Reorg Historian", "阿里组织史 · Reorg Historian"),
    "home_welcome": ("I know *{events} events* in Alibaba's organization from {first} to {last} "
                     "— appointments and departures, units created, split, merged and renamed, "
                     "strategy letters — each citing its source ({sources} sources in all). "
                     "Ask in English, 简体 or 繁體, in pinyin or by 花名.",
                     "我记录了阿里巴巴 {first} 年至 {last} 年间的 *{events} 个组织事件*："
                     "任免、部门的设立、拆分、合并与更名、战略信件，每个事件都注明出处"
                     "（共 {sources} 个来源）。可以用英文、简体、繁体、拼音或花名提问。"),
    "home_where": ("Ask here in *Messages*, with `/reorg …` in any channel, or mention @reorg "
                   "in a thread. All the ways to ask: `/reorg help`.",
                   "可以在这里的“*消息*”里直接问我，在任何频道用 `/reorg …`，"
                   "或在话题里 @reorg。全部用法：`/reorg help`。"),
    "button_ask": ("Ask a question", "提个问题"),
    "try_label": ("Try:", "试试："),
    "try_1": ("When did Taobao and Tmall merge?", "淘宝天猫什么时候融合的？"),
    "try_2": ("Who is the CEO of Alibaba?", "阿里巴巴的CEO是谁？"),
    "try_3": ("who 逍遥子", "谁 逍遥子"),
    "lang_placeholder": ("Reply language", "回答语言"),
    "home_today_more": ("{n} more on this day: `/reorg today`",
                        "这一天还有 {n} 条：`/reorg today`"),
    "home_digests": ("Daily digests", "每日摘要"),
    "home_digests_intro": ("A channel can get “This day in Alibaba reorgs” every day, at its "
                           "local time.", "频道可以在当地时间每天收到“阿里组织史上的今天”。"),
    "button_subscribe": ("Subscribe a channel", "为频道订阅"),
    "your_subscriptions": ("Digests you set up", "你设置的每日摘要"),
    "no_own_subscriptions": ("You have not set up a digest yet.", "你还没有设置每日摘要。"),
    "admin_sees_all": ("You see every channel's digest because you are a workspace admin.",
                       "你是工作区管理员，所以能看到并管理所有频道的摘要。"),
    "more_subscriptions": ("{n} more: `/reorg subscriptions`",
                           "还有 {n} 个：`/reorg subscriptions`"),
    "set_up_by": ("set up by {user}", "由 {user} 设置"),
    "and_more": ("…and {n} more.", "……还有 {n} 个。"),
    "that_channel": ("that channel", "该频道"),
    # --- modals ---------------------------------------------------------------------------
    "ask_title": ("Ask Reorg Historian", "向 Reorg Historian 提问"),
    "ask_label": ("Your question", "你的问题"),
    "ask_placeholder": ("逍遥子 · who 行癫 · unit 聚划算 · 2013-09",
                        "逍遥子 · 谁 行癫 · 部门 聚划算 · 2013年9月"),
    "ask_empty": ("Type a question first.", "请先输入问题。"),
    "button_ask_send": ("Ask", "提问"),
    "button_close": ("Close", "关闭"),
    "answer_title": ("Reorg Historian", "阿里组织史"),
    "subscribe_title": ("Daily digest", "每日摘要"),
    "subscribe_channel": ("Channel", "频道"),
    "subscribe_time": ("Time of day", "每天的时间"),
    "subscribe_zone": ("Time zone", "时区"),
    "subscribe_lang": ("Language", "语言"),
    "subscribe_hint": ("I must be a member of the channel: type `/invite @Reorg Historian` "
                       "there first.", "我必须是该频道的成员：请先在频道里输入 "
                       "`/invite @Reorg Historian`。"),
    "button_subscribe_send": ("Subscribe", "订阅"),
    "button_cancel": ("Cancel", "取消"),
    # --- subscribing honestly ------------------------------------------------------------
    "cannot_not_in_channel": ("I'm not in {channel} yet, so nothing was subscribed. Invite me "
                              "with `/invite @Reorg Historian` in that channel, then subscribe "
                              "again.", "我还不在 {channel} 里，所以没有订阅。请在该频道输入 "
                              "`/invite @Reorg Historian` 邀请我，然后再订阅一次。"),
    "cannot_channel_not_found": ("I can't see {channel}: it is private and I'm not in it, or it "
                                 "was deleted. Nothing was subscribed; invite me with `/invite "
                                 "@Reorg Historian` there, then subscribe again.",
                                 "我看不到 {channel}：它是私有频道而我不在其中，或已被删除。"
                                 "没有订阅；请在该频道输入 `/invite @Reorg Historian`，"
                                 "然后再订阅一次。"),
    "cannot_is_archived": ("{channel} is archived, so I can't post there; nothing was "
                           "subscribed.", "{channel} 已归档，我无法在那里发言；没有订阅。"),
    "cannot_no_access": ("I'm not installed in this workspace any more; nothing was subscribed. "
                         "A workspace admin can reinstall me.",
                         "我已不再安装于本工作区；没有订阅。工作区管理员可以重新安装我。"),
    "cannot_missing_scope": ("I lack a permission to look at {channel}; nothing was "
                             "subscribed. A workspace admin needs to reinstall me.",
                             "我缺少查看 {channel} 的权限；没有订阅。需要工作区管理员重新安装我。"),
    "cannot_check": ("I could not check whether I can post in {channel} (Slack answered "
                     "“{code}”); nothing was subscribed. Please try again.",
                     "无法确认我能否在 {channel} 发言（Slack 返回“{code}”）；"
                     "没有订阅，请再试一次。"),
    "not_a_channel": ("Digests go to a channel: run `/reorg subscribe` in it, or use "
                      "“Subscribe a channel” on my Home tab.",
                      "每日摘要发到频道：请在频道里用 `/reorg subscribe`，"
                      "或在我的主页点“为频道订阅”。"),
    "notice_subscribed": ("{user} set up the daily digest “This day in Alibaba reorgs” for this "
                          "channel: every day at {time} ({tz}), in {lang}. `/reorg unsubscribe` "
                          "stops it.", "{user} 为本频道设置了每日摘要“阿里组织史上的今天”："
                          "每天 {time}（{tz}），{lang}。用 `/reorg unsubscribe` 可以停止。"),
    "notice_unsubscribed": ("{user} stopped this channel's daily digest.",
                            "{user} 停止了本频道的每日摘要。"),
    "notice_paused": ("{user} paused this channel's daily digest.",
                      "{user} 暂停了本频道的每日摘要。"),
    "notice_resumed": ("{user} resumed this channel's daily digest.",
                       "{user} 恢复了本频道的每日摘要。"),
    "reason_not_in_channel": ("I'm not in {channel} any more", "我已不在 {channel} 里"),
    "reason_channel_not_found": ("I can't find {channel} any more: it was deleted, or it is "
                                 "private and I was removed", "我找不到 {channel} 了：它已被删除，"
                                 "或是私有频道而我已被移出"),
    "reason_is_archived": ("{channel} was archived", "{channel} 已归档"),
    "reason_no_access": ("I'm no longer installed in this workspace, or my token was revoked",
                         "我已不再安装于本工作区，或我的令牌已被撤销"),
    "reason_missing_scope": ("I lack a permission to post there; a workspace admin needs to "
                             "reinstall me", "我缺少在那里发言的权限，需要工作区管理员重新安装我"),
    "reason_invalid_time_zone": ("its time zone cannot be read", "无法识别它的时区"),
    "reason_other": ("Slack refused the post (“{code}”)", "Slack 拒绝了发送（“{code}”）"),
    # --- reporting a mistake ----------------------------------------------------------------
    "menu_report": ("Report a mistake", "报告错误"),
    "report_title": ("Report a mistake", "报告错误"),
    "report_what": ("What is wrong?", "哪里有误？"),
    "report_what_hint": ("The date, a name, a role, the summary…", "日期、人名、职务、摘要……"),
    "report_source": ("Source", "来源"),
    "report_source_hint": ("A link, or a publication and its date", "链接，或出版物及日期"),
    "report_footer": ("A curator reads every report and corrects the base.",
                      "每份报告都会有整理者阅读，并修正资料库。"),
    "report_blank": ("Say in a few words what is wrong.", "请简单说明哪里有误。"),
    "report_unknown": ("That event is no longer in the base; nothing was sent.",
                       "该事件已不在资料库中；没有发送。"),
    "report_thanks": ("Thank you: report #{id} about “{title}” is with the curators.",
                      "谢谢！关于“{title}”的第 {id} 号报告已交给整理者。"),
    "button_send": ("Send", "发送"),
    # --- the message shortcut and the assistant -------------------------------------------
    "shortcut_nothing": ("I found no person, unit or date I know in that message. Try "
                         "`/reorg help`.", "这条消息里没有我认识的人名、部门或日期。"
                         "可以试试 `/reorg help`。"),
    "assistant_greeting": ("Ask me about Alibaba's organizational history: who ran what and "
                           "when, units, reorgs, letters, in English or Chinese.",
                           "问我阿里巴巴的组织史吧：谁在何时负责什么、部门沿革、组织调整和内部信，"
                           "中英文都可以。"),
    "assistant_status": ("is looking it up…", "正在查找…"),
    "assistant_prompts": ("Try one of these", "试试这些"),
    # --- the daily digest (knowledge.digest, handlers.digest_blocks) --------------------------
    "bad_time": ("“{word}” is not a time of day; write it like `09:00`.",
                 "“{word}”不是一天中的时间，请写成 `09:00` 这样。"),
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
    # --- structure: org chart, changes, succession (handlers/org.py)
    "org_sentence_heads": ("{unit} on {day}: {n} units, {top} reporting to the group; led by "
                           "{heads}",
                           "{day}的{unit}：共 {n} 个单元，{top} 个直属集团；由{heads}领导"),
    "org_sentence": ("{unit} on {day}: {n} units, {top} reporting to the group",
                     "{day}的{unit}：共 {n} 个单元，{top} 个直属集团"),
    "org_dual": ("(also listed above: dual reporting)", "（双线汇报，上文亦列出）"),
    "digest_org_changed": ("🏢 The org chart was re-drawn on this day {years} years ago, in "
                           "{year}: {command} lists what changed, {chart} shows it",
                           "🏢 {years} 年前（{year}年）的今天，阿里组织架构大调整：{command} "
                           "列出变化，{chart} 查看架构"),
    "button_sources": ("Sources ({n})", "来源（{n}）"),
    "home_org_title": ("Alibaba's structure on any day", "任意一天的阿里组织架构"),
    "home_org": ("Every business group and unit in place that day, with its head, and the chart "
                 "as a picture in your DM.",
                 "当天在位的每个事业群和单元及其负责人；架构图会发到你的私信。"),
    "button_org_today": ("The org today", "今天的架构"),
    "org_date_placeholder": ("Pick a day", "选择日期"),
    "org_unconfirmed": ("(last confirmed {day})", "（最后见于{day}）"),
    "org_picture": ("Org chart of {day}", "{day}组织架构图"),
    "org_picture_note": ("The chart as a picture: {path}", "架构图：{path}"),
    "no_chart": ("No structure is recorded for {day}: the chart starts with the first placing "
                 "the sources state.",
                 "{day}没有记录的组织架构：架构图从来源写明的第一次编排开始。"),
    "changes_sentence": ("From {first} to {last}: {parts}", "{first}至{last}：{parts}"),
    "change_count_added": ("{n} placed", "{n} 个新设或划入"),
    "change_count_removed": ("{n} gone", "{n} 个撤销、并入或划出"),
    "change_count_moved": ("{n} moved", "{n} 个调整隶属"),
    "change_count_renamed": ("{n} renamed", "{n} 个更名"),
    "change_count_head": ("{n} new heads", "{n} 次负责人变更"),
    "changes_added": ("placed under {parent}: {units}", "划入或新设于{parent}之下：{units}"),
    "changes_removed": ("no longer under {parent}: {units}", "不再属于{parent}：{units}"),
    "changes_moved": ("moved to {parent}: {units}", "调整至{parent}：{units}"),
    "moved_from": ("from {before}", "原属{before}"),
    "change_renamed": ("{before} renamed {after}", "{before}更名为{after}"),
    "change_head": ("{unit}: {after} took over from {before}", "{unit}：{after}接替{before}"),
    "nobody": ("nobody recorded", "无记录"),
    "no_changes": ("Nothing in the recorded structure changed between {first} and {last}.",
                   "{first}至{last}之间，记录的组织架构没有变化。"),
    "chain_sentence": ("{post}, in turn: {chain}", "{post}历任：{chain}"),
    "chain_more": ("{n} more below", "另有 {n} 任见下"),
    "chain_shared": ("(held at once with the next)", "（与下一任同时在任）"),
    "chain_gap": ("— after {after} nobody is recorded until the next —",
                  "——{after}之后至下一任之间无记录——"),
    "end_unrecorded": ("end unrecorded", "卸任时间未记录"),
    "start_unrecorded": ("start unrecorded", "上任时间未记录"),
    "no_chain": ("No holder of that post is recorded at {unit}.", "没有{unit}该职位的任职记录。"),
    "structure_sources": ("Rests on {n} events: `sources` lists them with their sources",
                          "依据 {n} 件事件：`来源` 列出它们的出处"),
    "post_ceo": ("CEO", "首席执行官"), "post_chairman": ("chairman", "董事局主席"),
    "post_president": ("president", "总裁"), "post_cfo": ("CFO", "首席财务官"),
    "post_cto": ("CTO", "首席技术官"), "post_coo": ("COO", "首席运营官"),
    "post_cpo": ("chief people officer", "首席人才官"), "post_cco": ("chief customer officer",
                                                                   "首席客户官"),
    "post_cdo": ("chief data officer", "首席数据官"), "post_cmo": ("CMO", "首席市场官"),
    "post_cro": ("chief risk officer", "首席风险官"), "post_head": ("head", "负责人"),
    "list_and": (" and ", "、"),
    "list_comma": (", ", "、"),
    # How the bot's own words join data in each language (full-width in Chinese).
    "labelled": ("{label}: {text}", "{label}：{text}"),
    "and_then": ("{first}, {second}", "{first}，{second}"),
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
        return to_traditional(text) if lang == "zh-hant" else text
    if lang != "zh-hant":
        return (en if lang == "en" else zh).format(**args)
    # The bot's words in Taiwan's wording; what fills them (names, titles, what was typed)
    # character by character, as event text is converted everywhere.
    return to_traditional_wording(zh).format(**{k: to_traditional(v) if isinstance(v, str)
                                                else v for k, v in args.items()})


# Slack's error codes, as the sentence that explains them (see `why_paused`).
_REASONS = {"not_in_channel": "not_in_channel", "channel_not_found": "channel_not_found",
            "is_archived": "is_archived", "missing_scope": "missing_scope",
            "no_installation": "no_access", "invalid_auth": "no_access",
            "token_revoked": "no_access", "account_inactive": "no_access",
            "team_access_not_granted": "no_access", "invalid_time_zone": "invalid_time_zone"}


def why_paused(code: str, lang: str, channel: str) -> str:
    """Why a digest is paused, in words: `not_in_channel` → "I'm not in #x any more"."""
    key = _REASONS.get(code)
    if key is None:
        return say("reason_other", lang, code=code)
    return say(f"reason_{key}", lang, channel=channel)


def why_not_subscribed(code: str, lang: str, channel: str) -> str:
    """Why a subscribe was refused, and what to do about it."""
    if code == NOT_A_CHANNEL:
        return say("not_a_channel", lang)
    key = _REASONS.get(code)
    if key is None or key == "invalid_time_zone":
        return say("cannot_check", lang, channel=channel, code=code)
    return say(f"cannot_{key}", lang, channel=channel)
