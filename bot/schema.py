"""Every table the app's database holds: the event base's (knowledge/) and the app's own.

Alembic's migrations and the migrations-match-models test compare against this one list.
"""

from __future__ import annotations

from bot import digest_models, reports, slack_models  # noqa: F401  (their tables join slack_models')
from knowledge import tables

METADATA = [tables.Base.metadata, slack_models.Base.metadata]
