"""The document's own words and columns: each 责任单位 cell as written, the 完成时限 and
备注 columns, and any other column a table carried (kept, exported back).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_NODE_COLUMNS = ("units_text", "deadline_text", "remark", "extras")


def upgrade() -> None:
    # Plain ADD COLUMN: no table copy, so nothing can cascade.
    for name in _NODE_COLUMNS:
        op.add_column("node", sa.Column(name, sa.Text(), nullable=False, server_default=""))
    op.add_column("plan", sa.Column("extra_columns", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("node", schema=None) as batch_op:
        for name in _NODE_COLUMNS:
            batch_op.drop_column(name)
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("extra_columns")
