"""The schema comes from Alembic migrations, and they match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bot import digest_models, slack_models  # noqa: F401  (their tables are in the schema)
from bot.db import migrate
from bot.models import Base


def test_migrations_build_the_models_schema(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    assert {"events", "entities", "aliases", "roles", "event_sources"} <= set(
        inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
