"""Schema versions with Alembic, configured in code (its fileConfig would disable our
loggers). Migrations run with foreign keys OFF: batch table copies with ON DELETE
CASCADE can otherwise empty child tables.

Alembic is imported only when a file's version differs from HEAD: importing it costs
about 0.2 s, on every start, for migrations that are already done."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# The newest migration's revision; a test checks it against Alembic's own head.
HEAD = "0009"
# The schema all the migrations leave, made by scripts/dump_schema.py; a test checks it.
SCHEMA = MIGRATIONS / "schema.sql"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    return HEAD


def alembic_head() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def is_known(revision: str) -> bool:
    return any(s.revision == revision for s in _script().walk_revisions())


def current_revision(path: Path) -> str | None:
    """The schema version of a file, read without modifying it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise StorageError(
                    f"{path.name} 是一个 SQLite 数据库，但不是 SoilDesk 的数据库。"
                    "请确认选择的文件是否正确；该文件未被修改。"
                )
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"数据库文件 {path.name} 已损坏，无法读取（{exc}）。请从备份恢复；该文件未被修改。"
        ) from exc
    finally:
        conn.close()


def create(path: Path) -> None:
    """A new database at HEAD, from schema.sql in one transaction: running every
    migration imported Alembic and SQLAlchemy and copied tables, 1.2 s of a clerk's
    first start. Its id is its own, as migration 0007 gives one."""
    from ..node_keys import new_key

    script = SCHEMA.read_text(encoding="utf-8")
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(
            f"BEGIN;\n{script}"
            f"INSERT INTO alembic_version (version_num) VALUES ('{HEAD}');\n"
            f"INSERT INTO setting (key, value) VALUES ('database_id', '{new_key()}');\n"
            "COMMIT;"
        )
    finally:
        conn.close()


def upgrade(path: Path, revision: str = "head") -> None:
    from alembic import command
    from sqlalchemy import URL, create_engine

    engine = create_engine(URL.create("sqlite", database=str(path)))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
            # Dangling references are reported when the database is in use
            # (integrity.py); refusing here locked the clerk out of all of it.
    finally:
        engine.dispose()
