"""node_unit.role and progress.status checked by OR-ed comparisons instead of IN.

SQLite evaluates `x IN (three or more constants)` by building a temporary b-tree,
once per statement execution: every row of an executemany built it again, 0.17 s of
the 0.25 s it took to insert the 31,000 unit links of a 10,000 sub-item import. The
allowed values are unchanged; SQLite cannot alter a CHECK, so both tables are copied.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_ROLES = ("lead", "cooperate", "responsible", "carry_out")
_STATUSES = ("done", "ongoing", "not_started", "lagging")


def _any_of(column: str, values: tuple[str, ...]) -> str:
    return " OR ".join(f"{column} = '{v}'" for v in values)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(v) for v in values)})"


def _recheck(table: str, name: str, condition: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(name, type_="check")
        batch_op.create_check_constraint(name, condition)


def upgrade() -> None:
    _recheck("node_unit", "ck_node_unit_role", _any_of("role", _ROLES))
    _recheck("progress", "ck_progress_status", _any_of("status", _STATUSES))


def downgrade() -> None:
    _recheck("node_unit", "ck_node_unit_role", _in("role", _ROLES))
    _recheck("progress", "ck_progress_status", _in("status", _STATUSES))
