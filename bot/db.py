"""Engines and schema migrations (Alembic) for SQLite and PostgreSQL."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    Table,
    bindparam,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine with the settings each backend needs; creates the SQLite folder if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # foreign keys are off by default
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


def _alembic_config() -> Config:
    from alembic.config import Config  # Alembic is imported only when a migration runs

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


# pg_advisory_lock key for migrations and loads: any number, the same in every replica.
MIGRATION_LOCK_KEY = 0x7265_6F72_67  # "reorg"


def schema_head() -> str:
    """The newest revision, without importing Alembic (a quarter of a one-shot command's
    start-up): migrations are numbered NNNN_… in one line, which tests/test_migrations.py
    checks against Alembic's own reading of the folder."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _revision(engine: Engine) -> str | None:
    """The database's revision; None for a database no migration has touched yet."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


@contextmanager
def exclusive(engine: Engine) -> Iterator[None]:
    """One migrator or loader at a time, across processes: replicas started together on an
    empty database would otherwise race to create the same tables and rows (DuplicateTable,
    UniqueViolation). A PostgreSQL advisory lock, or a lock file beside an SQLite database."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"),
                             {"key": MIGRATION_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op (one query) when it is already there.

    Safe to call from many processes at once: they take turns, and the later ones find the
    schema already at the head."""
    head = schema_head()
    if _revision(engine) == head:
        return
    from alembic import command

    config = _alembic_config()
    with exclusive(engine):
        if _revision(engine) == head:
            return
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


def insert_rows(conn: Connection, table: Table, rows: list[dict], *,
                same: dict[str, ColumnElement] | None = None, skip_existing: bool = False,
                returning: Column | None = None) -> list:
    """Insert `rows` (each with the same keys), plus `same` (SQL values every row gets), in one
    statement; a row whose key exists is passed over when `skip_existing`. Returns the
    `returning` column of the rows inserted.

    On PostgreSQL the columns travel as arrays through unnest(): one execution whatever the
    number of rows, where psycopg's executemany runs the statement once per row (the
    deliverer writes ten rows per digest, so that was a third of its database CPU). SQLite,
    in process, takes them as an executemany.
    """
    if not rows:
        return []
    same = same or {}
    if conn.dialect.name == "postgresql":
        names = list(rows[0])
        source = select(*(func.unnest(bindparam(name, type_=ARRAY(table.c[name].type)))
                          for name in names), *same.values())
        statement = pg_insert(table).from_select([*names, *same], source)
        parameters: dict | list[dict] = {name: [row[name] for row in rows] for name in names}
    else:
        statement = sqlite_insert(table).values(same) if same else sqlite_insert(table)
        parameters = rows
    if skip_existing:
        statement = statement.on_conflict_do_nothing()
    if returning is None:
        conn.execute(statement, parameters)
        return []
    return list(conn.execute(statement.returning(returning), parameters).scalars())
