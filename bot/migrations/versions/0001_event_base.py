"""event base

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.String(length=80), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("effective", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_zh", sa.Text(), nullable=False),
        sa.Column("title_zh_hant", sa.Text(), nullable=True),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("summary_zh", sa.Text(), nullable=False),
        sa.Column("summary_zh_hant", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_month_day", ["month", "day"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_year"), ["year"], unique=False)

    op.create_table(
        "kb_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aliases_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_aliases_key"), ["key"], unique=False)

    op.create_table(
        "event_entities",
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "entity_id"),
    )
    with op.batch_alter_table("event_entities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_entities_entity_id"), ["entity_id"], unique=False
        )

    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sources_event_id"), ["event_id"], unique=False)

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=80), nullable=False),
        sa.Column("unit_id", sa.String(length=80), nullable=True),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("title_zh", sa.String(length=300), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("start_event_id", sa.String(length=120), nullable=True),
        sa.Column("end_event_id", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["entities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_unit_id"))
        batch_op.drop_index(batch_op.f("ix_roles_person_id"))

    op.drop_table("roles")
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sources_event_id"))

    op.drop_table("event_sources")
    with op.batch_alter_table("event_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_entities_entity_id"))

    op.drop_table("event_entities")
    with op.batch_alter_table("aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aliases_key"))
        batch_op.drop_index(batch_op.f("ix_aliases_entity_id"))

    op.drop_table("aliases")
    op.drop_table("kb_meta")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_year"))
        batch_op.drop_index("ix_events_month_day")

    op.drop_table("events")
    op.drop_table("entities")
