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

from .db import settings
from .db.database import Database
from .db.lock import DatabaseLock
from .errors import KnownError, StorageError, ValidationError
from .evidence import file_sha256, is_sha256
from .files import atomic_output, fsync_dir, fsync_file, write_error
from .store_owner import claim, store_roots

MANIFEST, DATABASE = "manifest.json", "database.sqlite"
FORMAT = "soildesk-backup-1"
KEEP = 10  # automatic backups kept in the backups folder
MAX_KEEP = 365
MAX_MANIFEST = 64 << 20  # 10,000 evidence files make about 1 MB
_KEEP_KEY, _MIRROR_KEY = "backup_keep", "backup_mirror"
_EVIDENCE = re.compile(r"^evidence/([0-9a-f]{64})$")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    files: int  # evidence files in it
    size: int  # bytes of the zip


@dataclass(frozen=True, slots=True)
class BackupSettings:
    keep: int = KEEP  # automatic backups kept, in each folder
    mirror: Path | None = None  # a second folder (a USB stick) that gets a copy


def backups_dir(db_path: Path) -> Path:
    """The automatic backups of a database: a folder beside it."""
    return db_path.with_name(db_path.stem + ".backups")


def load_settings(db: Database) -> BackupSettings:
    with db.session() as s:
        keep, mirror = settings.get(s, _KEEP_KEY), settings.get(s, _MIRROR_KEY)
    return _settings(keep, mirror)


def save_settings(db: Database, chosen: BackupSettings) -> None:
    if not 1 <= chosen.keep <= MAX_KEEP:
        raise ValidationError(f"保留的备份个数应在 1 到 {MAX_KEEP} 之间。")
    with db.session() as s:
        settings.put(s, _KEEP_KEY, str(chosen.keep))
        settings.put(s, _MIRROR_KEY, str(chosen.mirror) if chosen.mirror else "")


class Cancelled(Exception):
    """The program is closing: the backup stopped, its temporary file is gone."""


def make_backup(
    db: Database, target: Path, cancelled: Callable[[], bool] = lambda: False
) -> BackupInfo:
    """Write a backup of `db` and its evidence to `target` (replaced only when whole).
    `cancelled` is asked between files."""
    return write_backup(db.path, target, cancelled)


def write_backup(
    db_path: Path, target: Path, cancelled: Callable[[], bool] = lambda: False
) -> BackupInfo:
    """A backup of the database file at `db_path`, open or not (before a migration the
    schema may be an old one: a database without evidence has no evidence table)."""
    with tempfile.TemporaryDirectory(prefix="soildesk-backup-") as tmp:
        copy = Path(tmp) / DATABASE
        src = sqlite3.connect(db_path)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)  # consistent even while the program writes
            shas = [sha for sha in _column(dst, "evidence_file", "sha256") if is_sha256(sha)]
            ids = _column(dst, "setting", "value", "key = 'database_id'")
        finally:
            dst.close()
            src.close()
        roots = store_roots(db_path, ids[0] if ids else "")
        manifest: dict = {
            "format": FORMAT,
            "created": datetime.now().replace(microsecond=0).isoformat(),
            "database": {"name": Path(db_path).name, "sha256": file_sha256(copy)},
            "evidence": {},
        }
        missing = []
        with (
            atomic_output(target) as out,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        ):
            zf.write(copy, DATABASE)
            for sha in shas:
                if cancelled():
                    raise Cancelled
                path = roots.locate(sha)
                if not path.is_file():
                    missing.append(sha)
                    continue
                # Stored files are mostly PDFs and photos: compressing them again is
                # time spent for nothing. Copied in 1 MB pieces (ZipFile.write: 8 KB).
                member = zipfile.ZipInfo.from_file(path, f"evidence/{sha}")
                member.compress_type = zipfile.ZIP_STORED
                with path.open("rb") as src, zf.open(member, "w", force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
                manifest["evidence"][sha] = path.stat().st_size
            manifest["missing"] = missing
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        return BackupInfo(Path(target), len(manifest["evidence"]), Path(target).stat().st_size)


def _column(conn: sqlite3.Connection, table: str, column: str, where: str = "1") -> list[str]:
    known = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,))
    if known.fetchone() is None:
        return []
    return [str(v) for (v,) in conn.execute(f"SELECT {column} FROM {table} WHERE {where}")]


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
        if zf.getinfo(MANIFEST).file_size > MAX_MANIFEST:  # read whole: a bomb stops here
            raise ValidationError(
                f"{Path(path).name} 的清单大小异常（可能是恶意构造的文件），已拒绝恢复；现有数据未被改动。"
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
    store, holding the database's lock (no window may have it open). The current data
    is backed up first, into the backups folder; returns that backup (None when there
    was no database)."""
    manifest = check_backup(path)
    lock = DatabaseLock(db_path)
    lock.acquire()
    try:
        return _restore(path, Path(db_path).resolve(), manifest)
    finally:
        lock.release()


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


def _restore(path: Path, db_path: Path, manifest: dict) -> Path | None:
    _check_room(path, db_path)
    saved = None
    if db_path.exists() and db_path.stat().st_size > 0:
        saved = safety_backup(db_path, "恢复前").path
    tmp_db = db_path.with_name(f".{db_path.name}.restoring")
    try:
        with zipfile.ZipFile(path) as zf:
            _extract(zf, DATABASE, tmp_db)
            conn = sqlite3.connect(tmp_db)
            try:
                ids = _column(conn, "setting", "value", "key = 'database_id'")
            finally:
                conn.close()
            roots = store_roots(db_path, ids[0] if ids else "")
            written: list[Path] = []
            for sha in manifest.get("evidence", {}):
                found = roots.locate(sha)
                if found.is_file() and file_sha256(found) == sha:
                    continue
                target = roots.own / sha[:2] / sha
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{sha}.restoring")
                _extract(zf, f"evidence/{sha}", tmp, sync=False)
                os.replace(tmp, target)
                written.append(target)
        # Durable before the database that refers to them takes its place: one pass
        # at the end (the system has been writing them out meanwhile) instead of a
        # wait per file.
        for done in written:
            fsync_file(done)
        for folder in {done.parent for done in written}:
            fsync_dir(folder)
        claim(roots.own, db_path, ids[0] if ids else "")
        for suffix in ("-wal", "-shm"):  # the old file's journal belongs to the old file
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp_db, db_path)
        fsync_dir(db_path.parent)
    except OSError as exc:
        raise write_error(exc, db_path) from exc
    finally:
        tmp_db.unlink(missing_ok=True)
    return saved


def _extract(zf: zipfile.ZipFile, name: str, target: Path, sync: bool = True) -> None:
    with zf.open(name) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, _CHUNK)
        if sync:
            dst.flush()
            os.fsync(dst.fileno())


@dataclass(frozen=True, slots=True)
class KeptBackup:
    path: Path
    mirrored: Path | None = None
    mirror_problem: str = ""  # why the second folder did not get its copy


def auto_backup(
    db: Database, today: date | None = None, cancelled: Callable[[], bool] = lambda: False
) -> KeptBackup | None:
    """At most one automatic backup a day in the backups folder (and the second folder,
    when one is set), keeping the last N of the settings. None when today's exists."""
    folder = backups_dir(db.path)
    day = (today or date.today()).strftime("%Y%m%d")
    if folder.is_dir() and any(folder.glob(f"{db.path.stem}-{day}-*.zip")):
        return None
    when = datetime.combine(today, datetime.now().time()) if today else None
    return keep_backup(db.path, load_settings(db), "", cancelled, when)


def safety_backup(db_path: Path, reason: str) -> KeptBackup:
    """A backup before a step that replaces or removes data (升级前, 恢复前, 删除计划前),
    with the settings stored in the file, whatever its schema version."""
    return keep_backup(db_path, _file_settings(db_path), reason)


def _file_settings(db_path: Path) -> BackupSettings:
    conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        values = dict(
            (key, value)
            for key in (_KEEP_KEY, _MIRROR_KEY)
            for value in _column(conn, "setting", "value", f"key = '{key}'")
        )
    finally:
        conn.close()
    return _settings(values.get(_KEEP_KEY, ""), values.get(_MIRROR_KEY, ""))


def _settings(keep: str, mirror: str) -> BackupSettings:
    count = int(keep) if keep.isdigit() and 0 < int(keep) <= MAX_KEEP else KEEP
    return BackupSettings(count, Path(mirror) if mirror else None)


def keep_backup(
    db_path: Path,
    chosen: BackupSettings,
    reason: str = "",
    cancelled: Callable[[], bool] = lambda: False,
    when: datetime | None = None,
) -> KeptBackup:
    """Write a backup into the backups folder, copy it to the second folder, and prune
    both to the last `chosen.keep`."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StorageError(f"无法创建备份文件夹 {folder}：{exc.strerror or exc}。") from exc
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{db_path.stem}-{stamp}{'-' + reason if reason else ''}.zip"
    target = folder / name
    n = 2
    while target.exists():  # two in one second
        target = folder / name.replace(".zip", f"-{n}.zip")
        n += 1
    write_backup(db_path, target, cancelled)
    prune(folder, db_path.stem, chosen.keep)
    if chosen.mirror is None:
        return KeptBackup(target)
    if not chosen.mirror.is_dir():
        return KeptBackup(
            target,
            mirror_problem=f"第二个备份文件夹 {chosen.mirror} 不可用（U 盘没有插上？），"
            f"这次的备份只保存在 {folder}。",
        )
    copy = chosen.mirror / target.name
    try:
        with atomic_output(copy) as out:
            shutil.copyfile(target, out)
        prune(chosen.mirror, db_path.stem, chosen.keep)
    except (KnownError, OSError) as exc:
        return KeptBackup(target, mirror_problem=f"备份没能复制到第二个备份文件夹：{exc}")
    return KeptBackup(target, copy)


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Remove the oldest automatic backups beyond `keep`; leftovers of an interrupted
    backup (temporary files) go too. Only this database's backups are counted (a second
    folder may hold several databases')."""
    for leftover in folder.glob(".~soildesk-*.zip"):
        leftover.unlink(missing_ok=True)
    ours = re.compile(rf"^{re.escape(stem)}-\d{{8}}-\d{{6}}(-.+)?\.zip$")
    backups = sorted(p for p in folder.glob("*.zip") if ours.match(p.name))
    gone = backups[: max(len(backups) - keep, 0)]
    for old in gone:
        old.unlink(missing_ok=True)
    return gone
