"""A stable key per node, carried by exported workbooks to match rows that come back.

Revision ID: 0003
Revises: 0002
"""

from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("node", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM node"))]
    if ids:
        conn.execute(
            sa.text("UPDATE node SET key = :key WHERE id = :id"),
            [{"key": uuid4().hex, "id": i} for i in ids],
        )
    with op.batch_alter_table("node", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint("uq_node_key", ["key"])


def downgrade() -> None:
    with op.batch_alter_table("node", schema=None) as batch_op:
        batch_op.drop_constraint("uq_node_key", type_="unique")
        batch_op.drop_column("key")
