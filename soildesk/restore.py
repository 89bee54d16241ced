"""Restoring a backup (backup.py writes them): the zip is checked against its manifest,
and its database is checked to be one this SoilDesk opens, before anything is written;
then the current data is backed up, the evidence files are added to the store, and the
database file is replaced last, in one rename."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from .backup import DATABASE, FORMAT, MANIFEST, column, is_backup_member, safety_backup
from .db import migrate
from .db.lock import DatabaseLock
from .errors import KnownError, StorageError, ValidationError
from .evidence import file_sha256, is_sha256
from .files import fsync_dir, fsync_file, write_error
from .store_owner import claim, store_roots

MAX_MANIFEST = 64 << 20  # 10,000 evidence files make about 1 MB
_CHUNK = 1 << 20
_UNTOUCHED = "已拒绝恢复；现有数据未被改动。"


def check_backup(path: Path) -> dict:
    """The manifest of a backup whose every member is as the manifest says; raises a
    ValidationError naming what is wrong otherwise. Reads the whole zip (hashes)."""
    name = Path(path).name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError(f"{name} 不是 SoilDesk 的备份文件（无法作为 zip 打开）。") from exc
    with zf:
        names = zf.namelist()
        for member in names:
            if not is_backup_member(member):
                raise ValidationError(
                    f"备份中有不应出现的文件“{member}”（可能被改动过），{_UNTOUCHED}"
                )
        if MANIFEST not in names or DATABASE not in names:
            raise ValidationError(f"{name} 不是完整的 SoilDesk 备份（缺少清单或数据库）。")
        if zf.getinfo(MANIFEST).file_size > MAX_MANIFEST:  # read whole: a bomb stops here
            raise ValidationError(f"{name} 的清单大小异常（可能是恶意构造的文件），{_UNTOUCHED}")
        manifest = _manifest(zf.read(MANIFEST))
        expected = {DATABASE: manifest["database"]["sha256"]}
        expected.update({f"evidence/{sha}": sha for sha in manifest["evidence"]})
        if set(expected) != set(names) - {MANIFEST}:
            raise ValidationError(f"备份中的文件与清单不符（有文件缺失或多出），{_UNTOUCHED}")
        for member, sha in expected.items():
            digest = hashlib.sha256()
            with zf.open(member) as f:
                while chunk := f.read(_CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() != sha:
                raise ValidationError(
                    f"备份中的“{member}”内容与清单不符（文件已损坏或被改动），{_UNTOUCHED}"
                )
        return manifest


def _manifest(data: bytes) -> dict:
    """The manifest, in the shape this program writes, or a ValidationError."""
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise ValidationError("备份的清单已损坏，无法恢复；现有数据未被改动。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationError(f"这个备份由不认识的程序版本生成，或清单已损坏，{_UNTOUCHED}")
    database, evidence = manifest.get("database"), manifest.get("evidence", {})
    sound = (
        isinstance(database, dict)
        and isinstance(database.get("sha256"), str)
        and isinstance(evidence, dict)
        and all(is_sha256(sha) for sha in evidence)
    )
    if not sound:
        raise ValidationError(f"备份的清单已损坏，{_UNTOUCHED}")
    manifest["evidence"] = evidence
    return manifest


def restore_backup(path: Path, db_path: Path) -> Path | None:
    """Replace the database at `db_path` and add the backup's evidence files to its
    store, holding the database's lock (no window may have it open). The current data
    is backed up first, into the backups folder (never pushing out the backup being
    restored); returns that backup (None when there was no database)."""
    manifest = check_backup(path)
    db_path = Path(db_path).resolve()
    lock = DatabaseLock(db_path)
    lock.acquire()
    try:
        with tempfile.TemporaryDirectory(prefix=".soildesk-restore-", dir=db_path.parent) as tmp:
            staged = Path(tmp) / DATABASE
            with zipfile.ZipFile(path) as zf:
                _extract(zf, DATABASE, staged)
            db_id = _check_database(staged, manifest)
            _check_room(path, db_path)
            saved = None
            if db_path.exists() and db_path.stat().st_size > 0:
                saved = safety_backup(db_path, "恢复前", protect=Path(path)).path
            _put_in_place(path, staged, db_path, manifest, db_id)
        return saved
    except OSError as exc:
        raise write_error(exc, db_path) from exc
    finally:
        lock.release()


def _check_database(staged: Path, manifest: dict) -> str:
    """The backup's database must be one this SoilDesk opens; returns its id."""
    where = manifest["database"].get("name", "")
    try:
        revision = migrate.current_revision(staged)
    except KnownError as exc:
        raise ValidationError(f"备份中的数据库不是 SoilDesk 能打开的数据库（{where}），{_UNTOUCHED}") from exc
    if revision is None:
        raise ValidationError(f"备份中的数据库是空的（{where}），{_UNTOUCHED}")
    if revision != migrate.head_revision() and not migrate.is_known(revision):
        raise ValidationError(
            f"备份中的数据库由更新版本的 SoilDesk 创建（结构版本 {revision}），本程序无法打开。"
            f"请先安装最新版本的 SoilDesk 再恢复；{_UNTOUCHED}"
        )
    conn = sqlite3.connect(staged)
    try:
        ids = column(conn, "setting", "value", "key = 'database_id'")
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"备份中的数据库已损坏，{_UNTOUCHED}") from exc
    finally:
        conn.close()
    return ids[0] if ids else ""


def _check_room(path: Path, db_path: Path) -> None:
    """The unpacked sizes (checked against the data as it is read) must fit the disk,
    with the backup of the current data beside them."""
    with zipfile.ZipFile(path) as zf:
        needed = sum(i.file_size for i in zf.infolist()) * 2
    free = shutil.disk_usage(db_path.parent).free
    if needed > free:
        raise StorageError(
            f"磁盘空间不足：恢复需要约 {needed >> 20} MB，{db_path.parent} 所在磁盘只剩 "
            f"{free >> 20} MB。请清理磁盘空间后重试；现有数据未被改动。"
        )


def _put_in_place(path: Path, staged: Path, db_path: Path, manifest: dict, db_id: str) -> None:
    roots = store_roots(db_path, db_id)
    written: list[Path] = []
    with zipfile.ZipFile(path) as zf:
        for sha in manifest["evidence"]:
            found = roots.locate(sha)
            if found.is_file() and file_sha256(found) == sha:
                continue
            target = roots.own / sha[:2] / sha
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{sha}.restoring")
            _extract(zf, f"evidence/{sha}", tmp, sync=False)
            os.replace(tmp, target)
            written.append(target)
    # Durable before the database that refers to them takes its place: one pass at the
    # end (the system has been writing them out meanwhile), not a wait per file.
    for done in written:
        fsync_file(done)
    for folder in {done.parent for done in written}:
        fsync_dir(folder)
    claim(roots.own, db_path, db_id)
    for suffix in ("-wal", "-shm"):  # the old file's journal belongs to the old file
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
    fsync_dir(db_path.parent)


def _extract(zf: zipfile.ZipFile, name: str, target: Path, sync: bool = True) -> None:
    with zf.open(name) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, _CHUNK)
        if sync:
            dst.flush()
            os.fsync(dst.fileno())
