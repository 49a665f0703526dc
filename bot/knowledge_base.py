"""Opening the event base: engine, migrations, and a reload when the knowledge files changed."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine

from bot.db import exclusive, make_engine, migrate
from bot.settings import PROJECT_DIR
from knowledge.check import check_folder
from knowledge.files import DATA_DIR, files_fingerprint, read_catalog
from knowledge.historian import Historian
from knowledge.index import cached_index
from knowledge.store import (
    LoadReport,
    ShrinkRefused,
    load_catalog,
    shrinkage,
    stored_fingerprint,
)


class KnowledgeError(Exception):
    """The knowledge files have problems; the database was left as it was."""


def open_engine(database_url: str) -> Engine:
    engine = make_engine(database_url)
    migrate(engine)
    return engine


def load_files(engine: Engine, folder: Path = DATA_DIR, allow_shrink: bool = False
               ) -> LoadReport:
    """Validate, then load, all or nothing: refuses files that `kb check` rejects and files
    that would remove most of the base, so the last good data keeps serving."""
    problems = [p for p in check_folder(folder) if not p.warning]
    if problems:
        raise KnowledgeError("\n".join(str(p) for p in problems))
    catalog, _ = read_catalog(folder)
    try:
        with exclusive(engine):
            return load_catalog(engine, catalog, files_fingerprint(folder),
                                str(Path(folder).resolve()), allow_shrink=allow_shrink)
    except ShrinkRefused as err:
        raise KnowledgeError(str(err)) from err


def shrink_problem(engine: Engine, folder: Path = DATA_DIR) -> str | None:
    """What `kb check` adds when a database is at hand: would these files gut it?"""
    catalog, _ = read_catalog(folder)
    return shrinkage(engine, catalog)


def ensure_loaded(engine: Engine) -> None:
    """Load the curated files if the database has not seen this version of them yet.

    A database loaded on purpose from another folder (`kb load --from`) is left alone.
    """
    fingerprint, folder = stored_fingerprint(engine)
    if folder not in (None, str(DATA_DIR)) or fingerprint == files_fingerprint():
        return
    try:
        load_files(engine)  # serialized across processes, and idempotent
    except KnowledgeError as err:
        print(f"warning: knowledge files not loaded, the last good data keeps serving "
              f"({len(str(err).splitlines())} problems; run `python -m bot kb check`)",
              file=sys.stderr)


# Where built search indexes are kept between processes (see knowledge.index.cached_index).
INDEX_CACHE = PROJECT_DIR / "var" / "cache"


def prebuild_index(engine: Engine) -> None:
    """Build and cache the index in the command that changed the base (`kb load`, `kb
    import`), so that the serving processes only load it: building 50,000 events takes
    seconds and a third more memory than the loaded index."""
    cached_index(engine, INDEX_CACHE)


def historian_for(engine: Engine) -> Historian:
    """The historian over this database, its index loaded from the cache when it can be."""
    return Historian(engine, cached_index(engine, INDEX_CACHE))


def open_historian(database_url: str) -> Historian:
    engine = open_engine(database_url)
    ensure_loaded(engine)
    return historian_for(engine)
