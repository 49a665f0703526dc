"""The schema comes from Alembic migrations, and they match the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from bot.db import _alembic_config, migrate, schema_head
from bot.schema import METADATA

PROJECT = Path(__file__).resolve().parent.parent


def test_migrations_build_the_models_schema(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    assert {"events", "entities", "aliases", "roles", "event_sources"} <= set(
        inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_the_head_read_from_file_names_is_alembics_head() -> None:
    """`migrate` skips Alembic when the database is at `schema_head()`: the numbered files
    must form one line whose last number is Alembic's head."""
    script = ScriptDirectory.from_config(_alembic_config())
    assert script.get_heads() == [schema_head()]


def test_content_hash_replaces_the_old_digest_column(engine: Engine) -> None:
    migrate(engine)
    for table in ("entities", "events"):
        columns = {c["name"] for c in inspect(engine).get_columns(table)}
        assert "content_hash" in columns and "digest" not in columns, table


def test_upgrading_a_loaded_database_keeps_its_rows(engine: Engine) -> None:
    """Renaming the hash columns must not cascade to aliases, links or sources."""
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    with engine.begin() as conn:
        conn.execute(text("insert into entities (id, kind, name_zh, name_en, details, digest) "
                          "values ('p', 'person', '张三', 'Zhang San', '{}', 'h')"))
        conn.execute(text("insert into aliases (entity_id, text, kind, key) "
                          "values ('p', '张三', 'name', '张三')"))
        conn.execute(text("insert into events (id, year, kind, title_en, title_zh, summary_en,"
                          " summary_zh, origin, digest) values ('e', 2013, 'strategy', 't',"
                          " '题', 's', '述', 'files', 'h')"))
        conn.execute(text("insert into event_entities (event_id, entity_id, role, position) "
                          "values ('e', 'p', 'involved', 0)"))
    migrate(engine)
    with engine.connect() as conn:
        counts = [conn.scalar(text(f"select count(*) from {t}"))
                  for t in ("entities", "aliases", "events", "event_entities")]
        assert counts == [1, 1, 1, 1], counts
        assert conn.scalar(text("select content_hash from events")) == "h"


def test_replicas_started_together_on_an_empty_database_all_start(
        engine: Engine, tmp_path: Path) -> None:
    """Four `kb load` processes at once on a database nobody has migrated: all succeed."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:  # the test's own schema, dropped after it
            schema = conn.execute(text("select current_schema()")).scalar()
        url = f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
           "DATABASE_URL": url}
    runs = [subprocess.Popen([sys.executable, "-m", "bot", "kb", "load"], cwd=PROJECT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0] * 4, [err[-400:] for _, err in results]
