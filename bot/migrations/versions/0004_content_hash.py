"""content hash: "digest" now means only the daily post

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("entities", "events")


# A plain RENAME COLUMN (SQLite 3.25+, PostgreSQL), never batch mode: on SQLite batch mode
# copies and drops the table, and with foreign keys on, dropping it would cascade to every
# alias, link and source that points at it.
def upgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} RENAME COLUMN digest TO content_hash")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} RENAME COLUMN content_hash TO digest")
