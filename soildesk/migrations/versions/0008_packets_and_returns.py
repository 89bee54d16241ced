"""The period's note on a sub-item (备注 of a packet and of the return; not the
document's 备注 column), the packets departments returned, and the returns sent to
the city, frozen as sent.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("progress", sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "packet_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_packet_receipt_period", "packet_receipt", ["period_id"])
    op.create_table(
        "period_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("workbook", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_period_return_period", "period_return", ["period_id"])


def downgrade() -> None:
    op.drop_table("period_return")
    op.drop_table("packet_receipt")
    with op.batch_alter_table("progress", schema=None) as batch_op:
        batch_op.drop_column("note")
