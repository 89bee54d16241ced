"""Per-database settings, and the database's own identity: a random id stored inside,
so that its lock and evidence store follow the database, not the path string.

Revision ID: 0007
Revises: 0006
"""

from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    setting = op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.bulk_insert(setting, [{"key": "database_id", "value": uuid4().hex}])


def downgrade() -> None:
    op.drop_table("setting")
