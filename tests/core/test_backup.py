"""Backups and restore: everything in one zip, checked before anything is replaced."""

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from soildesk.backup import (
    BackupSettings,
    auto_backup,
    backups_dir,
    load_settings,
    make_backup,
    prune,
    save_settings,
)
from soildesk.cli import main
from soildesk.db.database import open_database
from soildesk.errors import KnownError
from soildesk.evidence import EvidenceStore
from soildesk.plans import PlanService
from soildesk.restore import check_backup, restore_backup


def _with_evidence(db, plans, demo, tmp_path: Path) -> list[str]:
    store = EvidenceStore(db)
    subs = plans.load_tree(demo.id)[0].children[0].children[0].children
    out = []
    for i, sub in enumerate(subs):
        src = tmp_path / f"监测报告{i}.pdf"
        src.write_bytes(f"report {i}".encode() * 100)
        out.append(store.add(sub.id, src).sha256)
    return out


def test_a_backup_restores_the_database_and_its_evidence(tmp_path, db, plans, demo) -> None:
    shas = _with_evidence(db, plans, demo, tmp_path)
    zip_path = tmp_path / "备份.zip"
    info = make_backup(db, zip_path)
    assert info.files == len(shas) and zip_path.stat().st_size == info.size
    manifest = check_backup(zip_path)
    assert set(manifest["evidence"]) == set(shas)
    # Later: the plan is deleted and a stored file is lost; the backup brings both back.
    db_path = db.path
    store_root = EvidenceStore(db).root
    plans.delete_plan(demo.id)
    db.close()
    (store_root / shas[0][:2] / shas[0]).unlink()
    saved = restore_backup(zip_path, db_path)
    # What was there is kept too, whole, in the backups folder.
    assert saved is not None and saved.parent == backups_dir(db_path)
    assert "恢复前" in saved.name and check_backup(saved)["evidence"]
    again = open_database(db_path)
    try:
        assert [s.plan.name for s in PlanService(again).list_plans()] == [demo.name]
        assert EvidenceStore(again).verify() == []
    finally:
        again.close()


def _refused_untouched(db, backup: Path, message: str) -> None:
    """Restoring `backup` over the closed database is refused with `message` and the
    database file stays byte for byte as it was."""
    db.close()
    before = db.path.read_bytes()
    with pytest.raises(KnownError, match=message):
        restore_backup(backup, db.path)
    assert db.path.read_bytes() == before


def _tamper(zip_path: Path, out: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(zip_path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == name else src.read(item.filename))
        if name not in src.namelist():
            dst.writestr(name, data)
    return out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("database.sqlite", b"not the database", "内容与清单不符"),
        ("../../etc/evil", b"x", "不应出现的文件"),
        ("/abs/evil", b"x", "不应出现的文件"),
        ("evidence/" + "0" * 64, b"extra", "与清单不符"),
        ("manifest.json", b"{broken", "清单已损坏"),
    ],
)
def test_a_damaged_or_crafted_backup_is_refused_and_nothing_changes(
    tmp_path, db, plans, demo, name, data, message
) -> None:
    _with_evidence(db, plans, demo, tmp_path)
    good = tmp_path / "good.zip"
    make_backup(db, good)
    bad = _tamper(good, tmp_path / "bad.zip", name, data)
    _refused_untouched(db, bad, message)
    assert not list(tmp_path.glob("**/evil"))


def test_a_file_that_is_not_a_backup_is_refused(tmp_path) -> None:
    plain = tmp_path / "plain.zip"
    plain.write_bytes(b"PK not a zip at all")
    with pytest.raises(KnownError, match="不是 SoilDesk 的备份"):
        check_backup(plain)


def test_restore_refuses_while_the_database_is_open(tmp_path, db, demo) -> None:
    zip_path = tmp_path / "b.zip"
    make_backup(db, zip_path)
    with pytest.raises(KnownError, match="正由另一个 SoilDesk 使用"):
        restore_backup(zip_path, db.path)


def test_automatic_backups_once_a_day_keeping_the_last_ones(tmp_path, db, demo) -> None:
    save_settings(db, BackupSettings(keep=3))
    first = auto_backup(db, today=date(2026, 1, 1))
    assert first is not None and first.path.parent == backups_dir(db.path)
    assert auto_backup(db, today=date(2026, 1, 1)) is None  # once a day
    for day in range(2, 6):
        assert auto_backup(db, today=date(2026, 1, day)) is not None
    kept = sorted(p.name for p in backups_dir(db.path).glob("*.zip"))
    assert len(kept) == 3 and kept[0].startswith("test-20260103")
    (backups_dir(db.path) / ".~soildesk-leftover.zip").write_bytes(b"half")
    prune(backups_dir(db.path), "test", 3)
    assert not list(backups_dir(db.path).glob(".~soildesk-*"))


def test_backup_and_restore_from_the_command_line(tmp_path, db, demo, capsys) -> None:
    out = tmp_path / "备份.zip"
    db_path = db.path
    db.close()
    assert main(["--db", str(db_path), "backup", "-o", str(out)]) == 0
    assert "已备份" in capsys.readouterr().out
    assert json.loads(zipfile.ZipFile(out).read("manifest.json"))["format"]
    assert main(["--db", str(db_path), "restore", str(out)]) == 0
    assert "恢复前的数据库已另存为" in capsys.readouterr().out
    assert main(["--db", str(db_path), "restore", str(tmp_path / "没有.zip")]) == 1


def test_a_cancelled_backup_leaves_nothing(tmp_path, db, plans, demo) -> None:
    from soildesk.backup import Cancelled

    _with_evidence(db, plans, demo, tmp_path)
    target = tmp_path / "b.zip"
    with pytest.raises(Cancelled):
        make_backup(db, target, cancelled=lambda: True)
    assert not target.exists() and not list(tmp_path.glob(".~soildesk-*"))


def test_a_second_folder_gets_a_copy_and_is_pruned_on_its_own(tmp_path, db, demo) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    (usb / "别的数据库-20250101-080000.zip").write_bytes(b"not ours")
    save_settings(db, BackupSettings(keep=2, mirror=usb))
    assert load_settings(db) == BackupSettings(keep=2, mirror=usb)
    for day in range(1, 5):
        kept = auto_backup(db, today=date(2026, 2, day))
        assert kept is not None and kept.mirrored is not None and not kept.mirror_problem
        assert kept.mirrored.read_bytes() == kept.path.read_bytes()
    ours = sorted(p.name for p in usb.glob("test-*.zip"))
    assert len(ours) == 2 and ours[0].startswith("test-20260203")
    assert (usb / "别的数据库-20250101-080000.zip").exists()  # another database's stays


def test_an_unplugged_second_folder_is_said_and_the_backup_still_made(tmp_path, db, demo) -> None:
    usb = tmp_path / "拔掉的U盘"
    with pytest.raises(KnownError, match="不存在或不能写入"):
        save_settings(db, BackupSettings(mirror=usb))  # a mistyped folder is not kept
    usb.mkdir()
    save_settings(db, BackupSettings(mirror=usb))
    usb.rmdir()  # the stick is pulled out
    kept = auto_backup(db, today=date(2026, 3, 1))
    assert kept is not None and kept.path.exists() and kept.mirrored is None
    assert "不可用" in kept.mirror_problem and str(backups_dir(db.path)) in kept.mirror_problem


def test_settings_out_of_range_are_refused(db) -> None:
    with pytest.raises(KnownError, match="1 到 365"):
        save_settings(db, BackupSettings(keep=0))
    assert load_settings(db) == BackupSettings()


def test_plan_deletion_is_preceded_by_a_backup(tmp_path, db, plans, demo) -> None:
    plans.delete_plan(demo.id)
    [saved] = backups_dir(db.path).glob("*删除计划前*.zip")
    restored = tmp_path / "restored.db"
    restore_backup(saved, restored)
    again = open_database(restored)
    try:
        assert [s.plan.name for s in PlanService(again).list_plans()] == [demo.name]
    finally:
        again.close()


def _crafted(out: Path, database: bytes, manifest: object | None = None) -> Path:
    """A zip that matches its own manifest, holding `database`."""
    import hashlib

    if manifest is None:
        manifest = {
            "format": "soildesk-backup-1",
            "database": {"name": "x.db", "sha256": hashlib.sha256(database).hexdigest()},
            "evidence": {},
        }
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("database.sqlite", database)
        zf.writestr("manifest.json", json.dumps(manifest))
    return out


def _sqlite_bytes(tmp_path: Path, sql: str) -> bytes:
    import sqlite3

    path = tmp_path / "crafted.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("newer", "更新版本"),
        ("foreign", "不是 SoilDesk 能打开的数据库"),
        ("text", "不是 SoilDesk 能打开的数据库"),
        ("list manifest", "清单已损坏"),
        ("no database entry", "清单已损坏"),
    ],
)
def test_a_backup_this_version_cannot_open_is_refused_before_anything_is_written(
    tmp_path, db, demo, kind, message
) -> None:
    if kind == "newer":
        data = _sqlite_bytes(
            tmp_path,
            "CREATE TABLE alembic_version (version_num TEXT);"
            "INSERT INTO alembic_version VALUES ('zzzz_future');",
        )
    elif kind == "foreign":
        data = _sqlite_bytes(tmp_path, "CREATE TABLE notes (x TEXT);")
    else:
        data = b"plain text, not a database"
    manifest = {"list manifest": [1, 2], "no database entry": {"format": "soildesk-backup-1"}}
    zip_path = _crafted(tmp_path / "b.zip", data, manifest.get(kind))
    _refused_untouched(db, zip_path, message)
    assert not backups_dir(db.path).exists()  # not even a 恢复前 backup was made


def test_restoring_the_oldest_kept_backup_keeps_it(tmp_path, db, demo) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    save_settings(db, BackupSettings(keep=3, mirror=usb))
    made = [auto_backup(db, today=date(2024, 1, day)) for day in (1, 2, 3)]
    oldest = made[0]
    assert oldest is not None
    db_path = db.path
    db.close()
    saved = restore_backup(oldest.path, db_path)
    assert saved is not None and "恢复前" in saved.name
    assert oldest.path.exists() and (usb / oldest.path.name).exists()


def test_a_damaged_evidence_file_is_left_out_and_the_backup_still_restores(
    tmp_path, db, plans, demo
) -> None:
    shas = _with_evidence(db, plans, demo, tmp_path)
    store = EvidenceStore(db)
    store.path_for(shas[1]).write_bytes(b"one byte changed")
    info = make_backup(db, tmp_path / "b.zip")
    assert info.left_out == (shas[1],) and "丢失或损坏" in info.warning
    assert check_backup(tmp_path / "b.zip")["left_out"] == [shas[1]]
    (tmp_path / "new").mkdir()
    assert restore_backup(tmp_path / "b.zip", tmp_path / "new" / "土十条.db") is None


@pytest.mark.parametrize("what", ["database", "folder", "device"])
def test_a_backup_never_takes_the_place_of_a_database_folder_or_device(
    tmp_path, db, demo, what
) -> None:
    target = {"database": db.path, "folder": tmp_path, "device": Path("/dev/null")}[what]
    if what == "device" and not target.exists():
        pytest.skip("no /dev/null here")
    before = db.path.read_bytes()
    with pytest.raises(
        KnownError,
        match={"database": "数据库文件", "folder": "文件夹", "device": "不是普通文件"}[what],
    ):
        make_backup(db, target)
    assert db.path.read_bytes() == before


def test_a_copy_beside_an_old_unowned_folder_deletes_nothing(tmp_path) -> None:
    """Folders made before owner files: whichever of 土十条.db and its copy 土十条.old is
    opened first must not clean away the other's files."""
    import shutil

    db_path = tmp_path / "土十条.db"
    open_database(db_path).close()
    shutil.copy(db_path, tmp_path / "土十条.old")
    # A file of the original's, in a folder with no owner file, that the copy's database
    # knows nothing of: to the copy it looks like a crash leftover.
    sha = "ab" * 32
    folder = tmp_path / "土十条.evidence" / sha[:2]
    folder.mkdir(parents=True)
    (folder / sha).write_bytes(b"the original's")
    assert main(["--db", str(tmp_path / "土十条.old"), "plans"]) == 0
    assert main(["--db", str(db_path), "plans"]) == 0
    assert (folder / sha).read_bytes() == b"the original's"
    assert backups_dir(tmp_path / "土十条.old") != backups_dir(db_path)
