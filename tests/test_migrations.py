"""The schema comes from Alembic migrations, and they match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bot.db import migrate
from bot.schema import METADATA


def test_migrations_build_the_models_schema(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    assert {"events", "entities", "aliases", "roles", "event_sources"} <= set(
        inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_content_hash_replaces_the_old_digest_column(engine: Engine) -> None:
    migrate(engine)
    for table in ("entities", "events"):
        columns = {c["name"] for c in inspect(engine).get_columns(table)}
        assert "content_hash" in columns and "digest" not in columns, table
