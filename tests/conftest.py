"""Shared fixtures: the real event base on SQLite, and a PostgreSQL schema per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from bot.db import make_engine, migrate
from bot.knowledge_base import load_files
from knowledge.historian import Historian

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PROJECT = Path(__file__).resolve().parent.parent


def _postgres_answers() -> str | None:
    """None when the server answers, else why not."""
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as err:  # any failure to connect means "no server here"
        return f"no PostgreSQL at 127.0.0.1:5432 ({type(err).__name__})"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped afterwards."""
    reason = _postgres_answers()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must run the PostgreSQL tests")
        pytest.skip(reason)
    yield PG_URL


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(postgres_url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'kb.sqlite3'}")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on both databases the app supports."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The real knowledge files, loaded once into SQLite for the whole session."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('real') / 'kb.sqlite3'}")
    migrate(engine)
    load_files(engine)
    return engine


@pytest.fixture(scope="session")
def historian(real_engine: Engine) -> Historian:
    return Historian(real_engine)
