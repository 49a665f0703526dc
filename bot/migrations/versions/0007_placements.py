"""placements: the structure edges as days, what the org chart of a date is built from

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_id", sa.String(length=80), nullable=False),
        sa.Column("parent_id", sa.String(length=80), nullable=False),
        sa.Column("first_day", sa.String(length=10), nullable=False),
        sa.Column("until_day", sa.String(length=10), nullable=True),
        sa.Column("confirmed_day", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("start_event_id", sa.String(length=120), nullable=True),
        sa.Column("end_event_id", sa.String(length=120), nullable=True),
        sa.Column("reports_to", sa.String(length=80), nullable=True),
        sa.Column("dual", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("sources", sa.Text(), nullable=False, server_default="[]"),
        sa.ForeignKeyConstraint(["unit_id"], ["entities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_placements_unit_id", "placements", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_placements_unit_id", table_name="placements")
    op.drop_table("placements")
