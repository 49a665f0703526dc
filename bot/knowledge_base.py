"""Opening the event base: engine, migrations, and a reload when the knowledge files changed."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine

from bot.db import make_engine, migrate
from knowledge.check import check_folder
from knowledge.files import DATA_DIR, files_fingerprint, read_catalog
from knowledge.historian import Historian
from knowledge.store import LoadReport, load_catalog, stored_fingerprint


class KnowledgeError(Exception):
    """The knowledge files have problems; the database was left as it was."""


def open_engine(database_url: str) -> Engine:
    engine = make_engine(database_url)
    migrate(engine)
    return engine


def load_files(engine: Engine, folder=DATA_DIR) -> LoadReport:
    """Validate, then load; refuses to load files that `kb check` rejects."""
    problems = [p for p in check_folder(folder) if not p.warning]
    if problems:
        raise KnowledgeError("\n".join(str(p) for p in problems))
    catalog, _ = read_catalog(folder)
    return load_catalog(engine, catalog, files_fingerprint(folder), str(Path(folder).resolve()))


def ensure_loaded(engine: Engine) -> None:
    """Load the curated files if the database has not seen this version of them yet.

    A database loaded on purpose from another folder (`kb load --from`) is left alone.
    """
    fingerprint, folder = stored_fingerprint(engine)
    if folder not in (None, str(DATA_DIR)) or fingerprint == files_fingerprint():
        return
    try:
        load_files(engine)
    except KnowledgeError as err:
        print(f"warning: knowledge files not loaded ({len(str(err).splitlines())} problems; "
              "run `python -m bot kb check`)", file=sys.stderr)


def open_historian(database_url: str) -> Historian:
    engine = open_engine(database_url)
    ensure_loaded(engine)
    return Historian(engine)
