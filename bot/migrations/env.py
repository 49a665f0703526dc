"""Alembic environment: migrations run on the connection that bot.db.migrate hands in."""

from alembic import context

from bot.schema import METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=METADATA,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
