"""Backups: one .zip with a consistent copy of the database (SQLite's backup API), every
stored evidence file and a manifest of their SHA-256, written under a temporary name and
renamed. Restoring checks the whole zip against its manifest before anything is
replaced, and backs up what is there first.

Layout of a backup: manifest.json, database.sqlite, evidence/<sha256> (flat, by hash)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .db.database import Database, backup_copy
from .db.lock import DatabaseLock
from .errors import StorageError, ValidationError
from .evidence import EvidenceStore, file_sha256, is_sha256
from .files import atomic_output

MANIFEST, DATABASE = "manifest.json", "database.sqlite"
FORMAT = "soildesk-backup-1"
KEEP = 10  # automatic backups kept in the backups folder
_EVIDENCE = re.compile(r"^evidence/([0-9a-f]{64})$")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    files: int  # evidence files in it
    size: int  # bytes of the zip


def backups_dir(db_path: Path) -> Path:
    """The automatic backups of a database: a folder beside it."""
    return db_path.with_name(db_path.stem + ".backups")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Cancelled(Exception):
    """The program is closing: the backup stopped, its temporary file is gone."""


def make_backup(
    db: Database, target: Path, cancelled: Callable[[], bool] = lambda: False
) -> BackupInfo:
    """Write a backup of `db` and its evidence to `target` (replaced only when whole).
    `cancelled` is asked between files."""
    store = EvidenceStore(db)
    with db.session() as s:
        shas = [
            sha for (sha,) in s.connection().exec_driver_sql("SELECT sha256 FROM evidence_file")
        ]
    shas = [sha for sha in shas if is_sha256(sha)]  # a crafted row names no file here
    with tempfile.TemporaryDirectory(prefix="soildesk-backup-") as tmp:
        copy = Path(tmp) / DATABASE
        src = sqlite3.connect(db.path)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)  # consistent even while the program writes
        finally:
            dst.close()
            src.close()
        manifest: dict = {
            "format": FORMAT,
            "created": datetime.now().replace(microsecond=0).isoformat(),
            "database": {"name": db.path.name, "sha256": file_sha256(copy)},
            "evidence": {},
        }
        missing = []
        with atomic_output(target) as out:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
                zf.write(copy, DATABASE)
                for sha in shas:
                    if cancelled():
                        raise Cancelled
                    path = store.path_for(sha)
                    if not path.is_file():
                        missing.append(sha)
                        continue
                    # Stored files are mostly PDFs and photos: compressing them again is
                    # time spent for nothing.
                    zf.write(path, f"evidence/{sha}", compress_type=zipfile.ZIP_STORED)
                    manifest["evidence"][sha] = path.stat().st_size
                manifest["missing"] = missing
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            _fsync(out)
        return BackupInfo(Path(target), len(manifest["evidence"]), Path(target).stat().st_size)


def check_backup(path: Path) -> dict:
    """The manifest of a backup whose every member is as the manifest says; raises a
    ValidationError naming what is wrong otherwise. Reads the whole zip (hashes)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError(
            f"{Path(path).name} 不是 SoilDesk 的备份文件（无法作为 zip 打开）。"
        ) from exc
    with zf:
        names = zf.namelist()
        for name in names:
            if name not in (MANIFEST, DATABASE) and not _EVIDENCE.match(name):
                raise ValidationError(
                    f"备份中有不应出现的文件“{name}”（可能被改动过），已拒绝恢复；现有数据未被改动。"
                )
        if MANIFEST not in names or DATABASE not in names:
            raise ValidationError(
                f"{Path(path).name} 不是完整的 SoilDesk 备份（缺少清单或数据库）。"
            )
        try:
            manifest = json.loads(zf.read(MANIFEST))
        except ValueError as exc:
            raise ValidationError("备份的清单已损坏，无法恢复；现有数据未被改动。") from exc
        if manifest.get("format") != FORMAT:
            raise ValidationError("这个备份由不认识的程序版本生成，无法恢复；现有数据未被改动。")
        expected = {DATABASE: manifest["database"]["sha256"]}
        expected.update({f"evidence/{sha}": sha for sha in manifest.get("evidence", {})})
        if set(expected) != set(names) - {MANIFEST}:
            raise ValidationError(
                "备份中的文件与清单不符（有文件缺失或多出），已拒绝恢复；现有数据未被改动。"
            )
        for name, sha in expected.items():
            digest = hashlib.sha256()
            with zf.open(name) as f:
                while chunk := f.read(_CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() != sha:
                raise ValidationError(
                    f"备份中的“{name}”内容与清单不符（文件已损坏或被改动），已拒绝恢复；现有数据未被改动。"
                )
        return manifest


def restore_backup(path: Path, db_path: Path) -> Path | None:
    """Replace the database at `db_path` and add the backup's evidence files to its
    store, holding the database's lock (no window may have it open). The current
    database is backed up first; returns that copy (None when there was none)."""
    manifest = check_backup(path)
    lock = DatabaseLock(db_path)
    lock.acquire()
    try:
        return _restore(path, db_path, manifest)
    finally:
        lock.release()


def _restore(path: Path, db_path: Path, manifest: dict) -> Path | None:
    saved = None
    if db_path.exists():
        saved = backup_copy(db_path, "before-restore")
    root = db_path.with_name(db_path.stem + ".evidence")
    with zipfile.ZipFile(path) as zf:
        for sha in manifest.get("evidence", {}):
            target = root / sha[:2] / sha
            if target.is_file() and file_sha256(target) == sha:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{sha}.restoring")
            with zf.open(f"evidence/{sha}") as src, tmp.open("wb") as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, target)
        tmp_db = db_path.with_name(f".{db_path.name}.restoring")
        with zf.open(DATABASE) as src, tmp_db.open("wb") as dst:
            shutil.copyfileobj(src, dst, _CHUNK)
            dst.flush()
            os.fsync(dst.fileno())
    for suffix in ("-wal", "-shm"):  # the old file's journal belongs to the old file
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(tmp_db, db_path)
    return saved


def auto_backup(
    db: Database,
    keep: int = KEEP,
    today: date | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path | None:
    """At most one automatic backup a day in the backups folder, keeping the last `keep`
    (oldest removed first). Returns the new backup, or None when today's exists."""
    folder = backups_dir(db.path)
    day = (today or date.today()).strftime("%Y%m%d")
    if folder.is_dir() and any(folder.glob(f"{db.path.stem}-{day}-*.zip")):
        return None
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StorageError(f"无法创建备份文件夹 {folder}：{exc.strerror or exc}。") from exc
    stamp = datetime.now().strftime("%H%M%S")
    target = folder / f"{db.path.stem}-{day}-{stamp}.zip"
    make_backup(db, target, cancelled)
    prune(folder, db.path.stem, keep)
    return target


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Remove the oldest automatic backups beyond `keep`; leftovers of an interrupted
    backup (temporary files) go too."""
    for leftover in folder.glob(".~soildesk-*"):
        leftover.unlink(missing_ok=True)
    backups = sorted(folder.glob(f"{stem}-????????-??????.zip"))
    gone = backups[: max(len(backups) - keep, 0)]
    for old in gone:
        old.unlink(missing_ok=True)
    return gone
