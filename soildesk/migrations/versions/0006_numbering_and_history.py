"""编号随位置更新 (per plan, whether numbers follow position after each edit) and the
history of changes (every edit's change record, with the nodes and plans it touched).

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
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "history_node",
        sa.Column("history_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["history_id"], ["history.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("history_id", "node_id"),
    )
    op.create_index("ix_history_node_node", "history_node", ["node_id"])
    op.create_index("ix_history_node_plan", "history_node", ["plan_id"])


def downgrade() -> None:
    op.drop_table("history_node")
    op.drop_table("history")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("auto_number")
