"""编号随位置更新: per plan, whether numbers follow their position after each edit.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing plans came from documents: they keep the document's numbers.
    op.add_column(
        "plan", sa.Column("auto_number", sa.Boolean(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("auto_number")
