"""The command line (SPEC): `python -m bot ask|console|digest|kb|serve …`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from bot.chat import Chat
from bot.knowledge_base import (
    KnowledgeError,
    ensure_loaded,
    historian_for,
    load_files,
    open_engine,
    open_historian,
    prebuild_index,
    shrink_problem,
)
from bot.reports import MistakeReports
from bot.settings import PROJECT_DIR, Settings, SettingsError, load_settings
from handlers.blocks import render_blocks
from handlers.digest_blocks import digest_message, digest_thread_message
from handlers.messages import say
from handlers.org import lead_sentence, picture_name
from handlers.picture import org_picture
from handlers.render import Surface
from handlers.replies import Place
from handlers.sentence import answer_sentence
from handlers.text import render_text
from knowledge.answer import Answer
from knowledge.charts import structure_data
from knowledge.check import check_folder
from knowledge.files import DATA_DIR, Problem
from knowledge.jsonl import export_events, import_events
from knowledge.langs import LANGS
from knowledge.stats import kb_stats
from knowledge.store import read_events


def answer_json(answer: Answer) -> dict:
    """The SPEC's JSON shape for one answer, with its direct `answer` (or null), and for
    `org`, `changes` and `succession` the structure as data."""
    direct = answer.direct
    structure = structure_data(answer)
    if structure is not None:
        return {"intent": answer.intent, "events": answer.events,
                "entities": [e.as_dict() for e in answer.entities],
                "answer": {"text": {lang: lead_sentence(replace(answer, lang=lang))
                                    for lang in LANGS},
                           "event_ids": [e["id"] for e in answer.events],
                           "people": structure["people"], "units": structure["units"],
                           "date": answer.when or (answer.span[1] if answer.span else None)},
                **{answer.intent.value: structure},
                "blocks": render_blocks(answer, Surface.DIRECT), "text": render_text(answer)}
    return {
        "intent": answer.intent,
        "events": answer.events,
        "entities": [e.as_dict() for e in answer.entities],
        "answer": {"text": {lang: answer_sentence(answer, lang) for lang in LANGS},
                   "event_ids": direct.event_ids, "people": direct.people,
                   "units": direct.units, "date": direct.date} if direct else None,
        "blocks": render_blocks(answer, Surface.DIRECT),
        "text": render_text(answer),
    }


log = logging.getLogger(__name__)
CHARTS_DIR = PROJECT_DIR / "var" / "charts"  # where the console writes chart pictures


def _print_answer(answer: Answer, as_json: bool, settings: Settings) -> None:
    if as_json:
        print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        return
    print(render_text(answer), flush=True)
    if answer.chart is not None:  # the chart as a picture too, where the terminal can't show it
        path = CHARTS_DIR / picture_name(answer)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(org_picture(answer))
            print(say("org_picture_note", answer.lang, path=path), flush=True)
        except OSError as err:
            log.warning("could not write the chart picture %s: %s", path, err)


def _today(settings: Settings) -> dt.date:
    return dt.datetime.now(ZoneInfo(settings.default_tz)).date()


def _local_chat(settings: Settings) -> Chat:
    return Chat.local(open_historian(settings.database_url), lambda: _today(settings))


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    answer = _local_chat(settings).ask(Place(), " ".join(args.text), lang=args.lang)
    _print_answer(answer, args.json, settings)
    return 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    chat = _local_chat(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        print("Reorg Historian — type what you would after /reorg (`help` for examples, "
              "Ctrl-D to leave).")
    while True:
        try:
            line = input("reorg> " if interactive else "")
        except EOFError:
            return 0
        except KeyboardInterrupt:
            print()
            return 0
        text = line.strip()
        for prefix in ("@reorg", "/reorg"):
            if text.casefold().startswith(prefix):
                text = text[len(prefix):].strip()
        if not text and not interactive:
            continue
        answer = chat.ask(Place(), text, lang=args.lang)
        _print_answer(answer, args.json, settings)
        if interactive and not args.json:
            print()


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    if args.digest_command == "deliver":
        return _deliver(args, settings)
    try:
        day = dt.date.fromisoformat(args.date) if args.date else _today(settings)
    except ValueError:
        print(f"--date must be YYYY-MM-DD, not {args.date!r}", file=sys.stderr)
        return 2
    digest = open_historian(settings.database_url).digest(day, args.lang or "en")
    if not args.json:
        _print_answer(digest, False, settings)
        return 0
    # The blocks and text a channel would be posted, and its threaded reply's blocks.
    thread = digest_thread_message(digest)
    print(json.dumps({**answer_json(digest), **digest_message(digest),
                      "thread": thread["blocks"] if thread else []}, ensure_ascii=False))
    return 0


def _deliver(args: argparse.Namespace, settings: Settings) -> int:
    from bot.delivery import Deliverer  # Slack libraries only when delivering
    from bot.slack_app import client_for_team

    if not (settings.slack_bot_token or settings.slack_client_id):
        print("cannot deliver digests; missing: SLACK_BOT_TOKEN (one workspace) or "
              "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth installs)", file=sys.stderr)
        return 2
    try:
        now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.UTC)
    except ValueError:
        print(f"--now must be ISO-8601, e.g. 2026-01-06T09:00:00+08:00, not {args.now!r}",
              file=sys.stderr)
        return 2
    if now.tzinfo is None:
        now = now.replace(tzinfo=ZoneInfo(settings.default_tz))
    engine = open_engine(settings.database_url)
    ensure_loaded(engine)
    deliverer = Deliverer(engine, historian_for(engine), client_for_team(settings, engine))
    outcomes = deliverer.deliver_due(now)
    print("delivered: " + (", ".join(f"{n} {k}" for k, n in sorted(outcomes.items()))
                           or "nothing due"))
    return 1 if outcomes.get("failed") else 0


def cmd_kb(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.from_dir) if getattr(args, "from_dir", None) else DATA_DIR
    if args.kb_command == "check":
        problems = check_folder(folder)
        errors = sum(not p.warning for p in problems)
        # Files can be valid and still gut the base (every file cut short): compare them with
        # the database when one answers.
        try:
            shrink = None if errors else shrink_problem(open_engine(settings.database_url),
                                                        folder)
        except SQLAlchemyError:
            shrink = None
        if shrink:
            problems.append(Problem(str(folder), 0, shrink))
            errors += 1
        for problem in problems:
            print(problem)
        if problems:
            print(f"{errors} errors, {len(problems) - errors} warnings", file=sys.stderr)
        else:
            print("ok: no problems")
        return 1 if errors else 0
    engine = open_engine(settings.database_url)
    if args.kb_command == "reports":
        return _reports(args, engine)
    if args.kb_command == "load":
        try:
            report = load_files(engine, folder, allow_shrink=args.allow_shrink)
        except KnowledgeError as err:
            print(err)
            print("not loaded: fix the problems above (python -m bot kb check)", file=sys.stderr)
            return 1
        print(f"loaded: {report}")
        prebuild_index(engine)
        return 0
    if args.kb_command in ("stats", "export"):
        ensure_loaded(engine)
    if args.kb_command == "stats":
        for label, value in kb_stats(engine).items():
            print(f"{label}: {value}")
        return 0
    if args.kb_command == "export":
        for event in export_events(engine):
            print(json.dumps(event, ensure_ascii=False))
        return 0
    with open(args.file, encoding="utf-8") as handle:  # import
        # A bar on a terminal for long imports (50,000 events take a while); none in pipes.
        size = Path(args.file).stat().st_size
        with tqdm(total=size, unit="B", unit_scale=True, desc="reading",
                  disable=not sys.stderr.isatty()) as bar:
            def lines() -> Iterator[str]:
                for line in handle:
                    bar.update(len(line.encode("utf-8")))
                    yield line

            result = import_events(engine, lines(), args.file)
    if result.errors:
        for error in result.errors:
            print(f"{args.file}: {error}")
        print("nothing imported", file=sys.stderr)
        return 1
    print(f"imported: {result.report}")
    prebuild_index(engine)
    return 0


def _reports(args: argparse.Namespace, engine: Engine) -> int:
    """`kb reports [--all]` lists what users reported; `kb reports close ID` closes one."""
    reports = MistakeReports(engine)
    if args.reports_command == "close":
        outcome = reports.close(args.id)
        print({"closed": f"closed report #{args.id}",
               "already": f"report #{args.id} was already closed",
               "unknown": f"no report #{args.id}"}[outcome],
              file=sys.stderr if outcome == "unknown" else sys.stdout)
        return 1 if outcome == "unknown" else 0
    found = reports.listed(include_closed=args.all)
    if not found:
        print("no reports" if args.all else "no open reports")
        return 0
    ensure_loaded(engine)
    titles = {e["id"]: e["title"]["en"] for e in read_events(engine, [r.event_id for r in found])}
    for report in found:
        state = f"closed {report.closed_at:%Y-%m-%d}" if report.closed_at else "open"
        print(f"#{report.id}  {report.created_at:%Y-%m-%d %H:%M} UTC  {state}  "
              f"{report.team_id}/{report.user_id}")
        title = titles.get(report.event_id, "(no longer in the base)")
        print(f"    event: {report.event_id} — {title}")
        print(f"    wrong: {report.what}")
        if report.source:
            print(f"    source: {report.source}")
    return 0


def cmd_serve(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack_app import missing_credentials, serve  # Slack libraries only when serving

    missing = missing_credentials(settings)
    if missing:
        print("cannot serve Slack; missing: " + "; ".join(missing), file=sys.stderr)
        print("without Slack, try `python -m bot console`", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    engine = open_engine(settings.database_url)
    ensure_loaded(engine)
    serve(settings, engine, historian_for(engine))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="one answer to TEXT, as typed after /reorg")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--lang", choices=LANGS)
    ask.add_argument("text", nargs="+")
    console = sub.add_parser("console", help="a local session, one query per line")
    console.add_argument("--json", action="store_true")
    console.add_argument("--lang", choices=LANGS)
    digest = sub.add_parser("digest", help="the daily digest")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True)
    show = digest_sub.add_parser("show")
    show.add_argument("--date")
    show.add_argument("--json", action="store_true")
    show.add_argument("--lang", choices=LANGS)
    deliver = digest_sub.add_parser("deliver", help="post every digest due now, once")
    deliver.add_argument("--now", help="ISO-8601 moment (default: now); naive means "
                                       "REORG_DEFAULT_TZ")
    kb = sub.add_parser("kb", help="the knowledge files and the database")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    for name in ("check", "load"):
        kb_sub.add_parser(name).add_argument("--from", dest="from_dir")
    kb_sub.choices["load"].add_argument(
        "--allow-shrink", action="store_true",
        help="load even when the files would remove most of the base")
    kb_sub.add_parser("stats")
    kb_sub.add_parser("export")
    kb_sub.add_parser("import").add_argument("file")
    reports = kb_sub.add_parser("reports", help="mistakes users reported from Slack (open ones)")
    reports.add_argument("--all", action="store_true", help="closed ones too")
    reports_sub = reports.add_subparsers(dest="reports_command")
    reports_sub.add_parser("close", help="mark a report as dealt with").add_argument(
        "id", type=int)
    sub.add_parser("serve", help="run the Slack app")
    return parser


COMMANDS = {"ask": cmd_ask, "console": cmd_console, "digest": cmd_digest, "kb": cmd_kb,
            "serve": cmd_serve}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as err:
        print(f"configuration error: {err}", file=sys.stderr)
        return 2
    return COMMANDS[args.command](args, settings)
