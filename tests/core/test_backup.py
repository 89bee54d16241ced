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
    check_backup,
    load_settings,
    make_backup,
    prune,
    restore_backup,
    save_settings,
)
from soildesk.cli import main
from soildesk.db.database import open_database
from soildesk.errors import KnownError
from soildesk.evidence import EvidenceStore
from soildesk.plans import PlanService


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
    db_path = db.path
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(KnownError, match=message):
        restore_backup(bad, db_path)
    assert db_path.read_bytes() == before
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
    save_settings(db, BackupSettings(mirror=tmp_path / "拔掉的U盘"))
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
