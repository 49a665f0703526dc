"""digest stories: schedule options and what each channel was shown

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ADD / DROP COLUMN, never batch mode: on SQLite batch mode copies and drops the table,
# and with foreign keys on, dropping digest_subscriptions would cascade to every delivery.
def upgrade() -> None:
    op.add_column("digest_subscriptions", sa.Column(
        "weekdays", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("digest_subscriptions", sa.Column(
        "repeat_window_days", sa.Integer(), server_default="7", nullable=False))
    op.add_column("digest_subscriptions", sa.Column(
        "skip_empty", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("digest_deliveries", sa.Column(
        "claim_token", sa.String(length=32), nullable=True))
    op.create_table(
        "digest_posted_events",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "event_id", "local_date"),
    )
    op.create_index("ix_digest_posted_events_local_date", "digest_posted_events",
                    ["local_date"])


def downgrade() -> None:
    op.drop_index("ix_digest_posted_events_local_date", table_name="digest_posted_events")
    op.drop_table("digest_posted_events")
    op.execute("ALTER TABLE digest_deliveries DROP COLUMN claim_token")  # SQLite 3.35+
    for column in ("skip_empty", "repeat_window_days", "weekdays"):
        op.execute(f"ALTER TABLE digest_subscriptions DROP COLUMN {column}")
