"""Write soildesk/migrations/schema.sql: the schema every migration together leaves,
which a new database is made from (without Alembic). Run after adding a migration;
tests/core/test_database.py fails until it is run.

    .venv/bin/python scripts/dump_schema.py
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from pathlib import Path

from soildesk.db import migrate


def migrated_schema() -> str:
    """The schema Alembic's migrations make in an empty file, as SQL statements."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schema.db"
        migrate.upgrade(path)
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            ).fetchall()
        finally:
            conn.close()
    head = "-- Made by scripts/dump_schema.py from the migrations; do not edit.\n"
    return head + "".join(f"{sql};\n" for (sql,) in rows)


def schema_facts(path: Path) -> dict[str, dict[str, list]]:
    """What a schema is, by table: its columns, foreign keys, CHECK constraints and
    indexes, each sorted (Alembic's table copies write the same constraints in varying
    order, so the SQL text differs from run to run)."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, dict[str, list]] = {}
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        for name, sql in tables.fetchall():
            indexes = []
            for _seq, index, unique, origin, partial in conn.execute(
                f'PRAGMA index_list("{name}")'
            ):
                columns = [r[2] for r in conn.execute(f'PRAGMA index_info("{index}")')]
                indexes.append((index if origin == "c" else origin, unique, partial, columns))
            out[name] = {
                "columns": conn.execute(f'PRAGMA table_info("{name}")').fetchall(),
                "foreign keys": sorted(
                    r[2:] for r in conn.execute(f'PRAGMA foreign_key_list("{name}")')
                ),
                "checks": sorted(re.findall(r"CHECK \((.*)\)", sql or "")),
                "indexes": sorted(indexes, key=repr),
            }
        others = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type NOT IN ('table', 'index')"
        )
        out[""] = {"others": sorted(others.fetchall())}
        return out
    finally:
        conn.close()


def main() -> int:
    migrate.SCHEMA.write_text(migrated_schema(), encoding="utf-8")
    print(f"wrote {migrate.SCHEMA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
