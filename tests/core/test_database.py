"""Opening databases: past versions upgrade intact; files we refuse stay untouched."""

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from soildesk.backup import write_backup
from soildesk.db import database as database_mod
from soildesk.db import location, migrate
from soildesk.db.database import open_database
from soildesk.domain import Level
from soildesk.errors import StorageError, storage_error
from soildesk.plans import PlanService
from tests.conftest import FIXTURES

PAST_VERSIONS = sorted((FIXTURES / "db").glob("v*.sqlite"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _database_in(backup: Path, folder: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(backup) as zf:
        return Path(zf.extract("database.sqlite", folder / "unzipped"))


def test_there_is_a_fixture_for_the_first_schema() -> None:
    assert next(p.name for p in PAST_VERSIONS) == "v0001.sqlite"


@pytest.mark.parametrize("fixture", PAST_VERSIONS, ids=lambda p: p.stem)
def test_every_past_version_opens_upgraded_and_intact(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    old_revision = migrate.current_revision(path)
    db = open_database(path)
    try:
        assert migrate.current_revision(path) == migrate.head_revision()
        [summary] = PlanService(db).list_plans()
        assert summary.counts[Level.SUBITEM] == 60
        backups = list(tmp_path.glob("old.db.backups/old-*-升级前v*.zip"))
        if old_revision != migrate.head_revision():
            assert len(backups) == 1  # the old file was backed up first, as it was
            assert migrate.current_revision(_database_in(backups[0], tmp_path)) == old_revision
        else:
            assert backups == []
    finally:
        db.close()


def test_new_database_is_created_at_head(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    db.close()
    assert migrate.current_revision(tmp_path / "new.db") == migrate.head_revision()


def test_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes("这不是数据库".encode() * 100)
    digest = _digest(path)
    with pytest.raises(StorageError, match="不是 SoilDesk 数据库文件"):
        open_database(path)
    assert _digest(path) == digest
    assert not (tmp_path / "notes.db-wal").exists()


def test_other_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(StorageError, match="不是 SoilDesk 的数据库"):
        open_database(path)
    assert _digest(path) == digest


def test_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    shutil.copy(PAST_VERSIONS[0], path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(StorageError, match="更新版本"):
        open_database(path)
    assert _digest(path) == digest
    assert list(tmp_path.glob("*.bak.db")) == []


def test_corrupt_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    data = bytearray(PAST_VERSIONS[0].read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))
    digest = _digest(path)
    with pytest.raises(StorageError, match="损坏"):
        open_database(path)
    assert _digest(path) == digest


def test_read_only_file_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ro.db"
    shutil.copy(PAST_VERSIONS[0], path)
    digest = _digest(path)
    # Tests may run as root, for whom permission bits do not apply: ask as a clerk would.
    monkeypatch.setattr(database_mod.os, "access", lambda p, mode: mode != database_mod.os.W_OK)
    with pytest.raises(StorageError, match="只读"):
        open_database(path)
    assert _digest(path) == digest


def test_second_opener_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first = open_database(path)
    try:
        with pytest.raises(StorageError, match="另一个 SoilDesk"):
            open_database(path)
    finally:
        first.close()
    open_database(path).close()


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_link_to_an_open_database_is_refused(tmp_path: Path, link: str) -> None:
    path = tmp_path / "土十条.db"
    first = open_database(path)
    other = tmp_path / "sub" / "别名.db"
    other.parent.mkdir()
    if link == "symlink":
        other.symlink_to(path)
    else:
        os.link(path, other)
    try:
        with pytest.raises(StorageError, match="另一个 SoilDesk"):
            open_database(other)
    finally:
        first.close()
    open_database(other).close()


def test_a_refused_new_database_leaves_no_file(tmp_path: Path) -> None:
    first = open_database(tmp_path / "a.db")
    (tmp_path / "b.db").symlink_to(tmp_path / "a.db")
    try:
        with pytest.raises(StorageError):
            open_database(tmp_path / "b.db")
    finally:
        first.close()
    assert (tmp_path / "a.db").stat().st_size > 0


def test_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert location.is_network_path(Path("//server/share/soildesk.db"))
    monkeypatch.setattr(location, "_posix_fs_type", lambda p: "cifs")
    with pytest.raises(StorageError, match="网络共享"):
        open_database(tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()


def test_backup_copy_contains_commits_still_in_the_wal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "live.db")
    try:
        PlanService(db).create_plan("只在日志里的计划")
        saved = write_backup(db.path, tmp_path / "b.zip").path
    finally:
        db.close()
    conn = sqlite3.connect(_database_in(saved, tmp_path))
    assert conn.execute("SELECT name FROM plan").fetchall() == [("只在日志里的计划",)]
    conn.close()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database or disk is full", "磁盘空间已满"),
        ("attempt to write a readonly database", "只读"),
        ("database is locked", "另一个程序占用"),
        ("database disk image is malformed", "已损坏"),
    ],
)
def test_storage_errors_are_worded_by_cause(message: str, expected: str) -> None:
    err = storage_error(sqlite3.OperationalError(message), "x.db")
    assert err is not None and expected in str(err)


def test_disk_full_during_an_edit_keeps_the_database(
    plans, demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import event

    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]

    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    event.listen(plans.db.engine, "before_cursor_execute", full)
    try:
        with pytest.raises(StorageError, match="磁盘空间已满"):
            plans.update_fields(sub.id, text="写不进去的修改")
    finally:
        event.remove(plans.db.engine, "before_cursor_execute", full)
    assert plans.load_tree(demo.id)[0].children[0].children[0].children[0].text == sub.text


def _rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_links_and_progress_keep_their_rows_and_checks(tmp_path: Path) -> None:
    """Migration 0009 copies node_unit and progress to change how their CHECK is
    written: every row stays as it was, ids included (the history refers to them), and
    a role or status outside the list is still refused."""
    path = tmp_path / "db.sqlite"
    shutil.copy(FIXTURES / "db" / "v0008.sqlite", path)
    before = {t: _rows(path, t) for t in ("node_unit", "progress")}
    open_database(path).close()
    conn = sqlite3.connect(path)
    try:
        link = conn.execute("SELECT node_id, unit_id FROM node_unit LIMIT 1").fetchone()
        for bad in (
            f"INSERT INTO node_unit (node_id, unit_id, role, wording, position) "
            f"VALUES ({link[0]}, {link[1]}, 'boss', '县环保局', 9)",
            "UPDATE progress SET status = 'finished' WHERE id = (SELECT min(id) FROM progress)",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                conn.execute(bad)
        schema = " ".join(
            r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
        assert " IN (" not in schema  # rebuilt for every row an executemany inserts
        for role in ("lead", "cooperate", "responsible", "carry_out"):
            conn.execute("UPDATE node_unit SET role = ? WHERE id = 1", (role,))
        conn.rollback()
    finally:
        conn.close()
    assert len(before["progress"]) == 8 and len(before["node_unit"]) == 291
    assert {t: _rows(path, t) for t in before} == before


def test_a_new_database_is_made_without_alembic_as_the_migrations_make_it(tmp_path: Path) -> None:
    """A clerk's first start made the database by running every migration (1.2 s with
    Alembic and SQLAlchemy); it is made from schema.sql, identical, with its own id."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom pathlib import Path\nfrom soildesk.db.database import open_database\n"
        f"open_database(Path({str(tmp_path / 'new.db')!r})).close()\n"
        "print('alembic' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    from scripts.dump_schema import schema_facts

    migrated = tmp_path / "migrated.db"
    migrate.upgrade(migrated)
    assert schema_facts(tmp_path / "new.db") == schema_facts(migrated), (
        "schema.sql is not what the migrations make: run scripts/dump_schema.py"
    )
    assert migrate.current_revision(tmp_path / "new.db") == migrate.head_revision()
    ids = set()
    for name in ("new.db", "other.db"):
        db = open_database(tmp_path / name)
        try:
            with db.read() as cur:
                [(value,)] = cur.execute("SELECT value FROM setting WHERE key = 'database_id'")
            ids.add(value)
            assert PlanService(db).list_plans() == []
        finally:
            db.close()
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def test_head_constant_is_alembics_head() -> None:
    assert migrate.head_revision() == migrate.alembic_head()


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    open_database(tmp_path / "now.db").close()
    code = (
        "import sys\nfrom pathlib import Path\nfrom soildesk.db.database import open_database\n"
        f"open_database(Path({str(tmp_path / 'now.db')!r})).close()\n"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("fixture", [PAST_VERSIONS[-1], None], ids=["upgraded", "current"])
def test_a_dangling_reference_is_told_and_locks_nobody_out(
    fixture: Path | None, tmp_path: Path, capsys
) -> None:
    from soildesk.cli import main

    path = tmp_path / "坏引用.db"
    if fixture is None:
        from soildesk.demo import add_demo_plan

        db = open_database(path)
        add_demo_plan(PlanService(db))
        db.close()
    else:
        shutil.copy(fixture, path)
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE node_unit SET unit_id = 99999 WHERE rowid = (SELECT min(rowid) FROM node_unit)"
    )
    conn.commit()
    conn.close()
    assert main(["--db", str(path), "plans"]) == 0  # opens, upgraded if it was old
    captured = capsys.readouterr()
    assert "演示" in captured.out and "小项的责任单位 1 处" in captured.err
    assert main(["--db", str(path), "backup", "-o", str(tmp_path / "b.zip")]) == 0
    plan = "梨树县土壤污染防治行动计划（演示）"
    out = tmp_path / "x.xlsx"
    assert main(["--db", str(path), "export", "xlsx", "--plan", plan, "-o", str(out)]) == 0
    assert out.exists()
    db = open_database(path)
    try:
        assert "备份" in db.dangling_references()
    finally:
        db.close()
