"""Alembic environment: migrations run on the connection that bot.db.migrate hands in."""

from alembic import context

from bot import digest_models, slack_models  # noqa: F401  (their tables join Base.metadata)
from bot.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
