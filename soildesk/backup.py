"""Backups: one .zip with a consistent copy of the database (SQLite's backup API), every
stored evidence file that is as it was added, and a manifest of their SHA-256 (and of the
files it could not hold: missing or damaged), written under a temporary name and renamed.
Automatic ones go to the database's backups folder and a second folder; restore.py
brings a backup back.

Layout of a backup: manifest.json, database.sqlite, evidence/<sha256> (flat, by hash)."""

from __future__ import annotations

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
from .errors import KnownError, StorageError, ValidationError
from .evidence import file_sha256, is_sha256
from .files import atomic_output
from .store_owner import store_roots

MANIFEST, DATABASE = "manifest.json", "database.sqlite"
FORMAT = "soildesk-backup-1"
KEEP = 10  # automatic backups kept in the backups folder
MAX_KEEP = 365
_KEEP_KEY, _MIRROR_KEY = "backup_keep", "backup_mirror"
_EVIDENCE = re.compile(r"^evidence/([0-9a-f]{64})$")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    files: int  # evidence files in it
    size: int  # bytes of the zip
    left_out: tuple[str, ...] = ()  # evidence files missing or damaged in the store

    @property
    def warning(self) -> str:
        if not self.left_out:
            return ""
        return (
            f"有 {len(self.left_out)} 个佐证材料在存储中已丢失或损坏，没有放进备份（其余都已备份）。"
            "请用“进展 › 检查佐证材料”查看，并重新添加原始文件。"
        )


def is_backup_member(name: str) -> bool:
    return name in (MANIFEST, DATABASE) or bool(_EVIDENCE.match(name))


@dataclass(frozen=True, slots=True)
class BackupSettings:
    keep: int = KEEP  # automatic backups kept, in each folder
    mirror: Path | None = None  # a second folder (a USB stick) that gets a copy


def backups_dir(db_path: Path) -> Path:
    """The automatic backups of a database: a folder beside it, named after the whole
    file name (土十条.db and its copy 土十条.old keep theirs apart)."""
    return db_path.with_name(db_path.name + ".backups")


def backup_prefix(db_path: Path) -> str:
    """The start of its backups' names: 土十条 for 土十条.db, 土十条.old for 土十条.old (a
    second folder may hold several databases' backups)."""
    return db_path.stem if db_path.suffix.lower() in (".db", "") else db_path.name


def load_settings(db: Database) -> BackupSettings:
    with db.session() as s:
        keep, mirror = settings.get(s, _KEEP_KEY), settings.get(s, _MIRROR_KEY)
    return _settings(keep, mirror)


def save_settings(db: Database, chosen: BackupSettings) -> None:
    if not 1 <= chosen.keep <= MAX_KEEP:
        raise ValidationError(f"保留的备份个数应在 1 到 {MAX_KEEP} 之间。")
    if chosen.mirror is not None and not (
        chosen.mirror.is_dir() and os.access(chosen.mirror, os.W_OK)
    ):
        raise ValidationError(
            f"第二个备份文件夹“{chosen.mirror}”不存在或不能写入。请插上 U 盘后用“选择…”选取文件夹。"
        )
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
            shas = [sha for sha in column(dst, "evidence_file", "sha256") if is_sha256(sha)]
            ids = column(dst, "setting", "value", "key = 'database_id'")
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
        left_out = []
        with (
            atomic_output(target) as out,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        ):
            zf.write(copy, DATABASE)
            for sha in shas:
                if cancelled():
                    raise Cancelled
                path = roots.locate(sha)
                # A missing or damaged file is left out and named in the manifest: in
                # the zip it would fail the check and make the whole backup useless.
                if not path.is_file() or file_sha256(path) != sha:
                    left_out.append(sha)
                    continue
                # Stored files are mostly PDFs and photos: compressing them again is
                # time spent for nothing. Copied in 1 MB pieces (ZipFile.write: 8 KB).
                member = zipfile.ZipInfo.from_file(path, f"evidence/{sha}")
                member.compress_type = zipfile.ZIP_STORED
                with path.open("rb") as src, zf.open(member, "w", force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
                manifest["evidence"][sha] = path.stat().st_size
            manifest["left_out"] = left_out
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        size = Path(target).stat().st_size
        return BackupInfo(Path(target), len(manifest["evidence"]), size, tuple(left_out))


def column(conn: sqlite3.Connection, table: str, column: str, where: str = "1") -> list[str]:
    known = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,))
    if known.fetchone() is None:
        return []
    return [str(v) for (v,) in conn.execute(f"SELECT {column} FROM {table} WHERE {where}")]


@dataclass(frozen=True, slots=True)
class KeptBackup:
    path: Path
    mirrored: Path | None = None
    mirror_problem: str = ""  # why the second folder did not get its copy
    warning: str = ""  # evidence files the backup could not hold (BackupInfo.warning)


def auto_backup(
    db: Database, today: date | None = None, cancelled: Callable[[], bool] = lambda: False
) -> KeptBackup | None:
    """At most one automatic backup a day in the backups folder (and the second folder,
    when one is set), keeping the last N of the settings. None when today's exists."""
    folder = backups_dir(db.path)
    day = (today or date.today()).strftime("%Y%m%d")
    if folder.is_dir() and any(folder.glob(f"{backup_prefix(db.path)}-{day}-*.zip")):
        return None
    when = datetime.combine(today, datetime.now().time()) if today else None
    return keep_backup(db.path, load_settings(db), "", cancelled, when)


def safety_backup(db_path: Path, reason: str, protect: Path | None = None) -> KeptBackup:
    """A backup before a step that replaces or removes data (升级前, 恢复前, 删除计划前),
    with the settings stored in the file, whatever its schema version. `protect` (the
    backup being restored) is never pruned to make room."""
    return keep_backup(db_path, _file_settings(db_path), reason, protect=protect)


def _file_settings(db_path: Path) -> BackupSettings:
    conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        values = dict(
            (key, value)
            for key in (_KEEP_KEY, _MIRROR_KEY)
            for value in column(conn, "setting", "value", f"key = '{key}'")
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
    protect: Path | None = None,
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
    prefix = backup_prefix(db_path)
    name = f"{prefix}-{stamp}{'-' + reason if reason else ''}.zip"
    target = folder / name
    n = 2
    while target.exists():  # two in one second
        target = folder / name.replace(".zip", f"-{n}.zip")
        n += 1
    info = write_backup(db_path, target, cancelled)
    prune(folder, prefix, chosen.keep, protect)
    if chosen.mirror is None:
        return KeptBackup(target, warning=info.warning)
    if not chosen.mirror.is_dir():
        return KeptBackup(
            target,
            warning=info.warning,
            mirror_problem=f"第二个备份文件夹 {chosen.mirror} 不可用（U 盘没有插上？），"
            f"这次的备份只保存在 {folder}。",
        )
    copy = chosen.mirror / target.name
    try:
        with atomic_output(copy) as out:
            shutil.copyfile(target, out)
        prune(chosen.mirror, prefix, chosen.keep, protect)
    except (KnownError, OSError) as exc:
        problem = f"备份没能复制到第二个备份文件夹：{exc}"
        return KeptBackup(target, mirror_problem=problem, warning=info.warning)
    return KeptBackup(target, copy, warning=info.warning)


def prune(folder: Path, stem: str, keep: int, protect: Path | None = None) -> list[Path]:
    """Remove the oldest automatic backups beyond `keep`; leftovers of an interrupted
    backup (temporary files) go too. Only this database's backups are counted (a second
    folder may hold several databases')."""
    for leftover in folder.glob(".~soildesk-*.zip"):
        leftover.unlink(missing_ok=True)
    ours = re.compile(rf"^{re.escape(stem)}-\d{{8}}-\d{{6}}(-.+)?\.zip$")
    backups = sorted(p for p in folder.glob("*.zip") if ours.match(p.name))
    kept = protect.name if protect else None  # in the second folder too
    gone = [p for p in backups[: max(len(backups) - keep, 0)] if p.name != kept]
    for old in gone:
        old.unlink(missing_ok=True)
    return gone
