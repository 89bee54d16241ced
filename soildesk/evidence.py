"""Evidence files (佐证材料): copied into a store beside the database, named by SHA-256
(one copy however often attached), written to a temporary name and renamed, so a crash
never leaves half a file. A stored file is deleted only when nothing refers to it and
no undo can bring a reference back (collect_garbage: when a command starts, when the
window opens and closes)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .changes import Change
from .db.database import Database
from .db.lazy import m, sa
from .errors import KnownError, ValidationError
from .evidence_check import _HEX, StoreChecks, file_sha256, is_sha256
from .files import fsync_dir, replace_with_retry
from .store_owner import claim, store_roots

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_FILE_BYTES = 500 * 1024 * 1024  # a scan or photo set; a video is not evidence here
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    node_id: int
    period_id: int | None
    file_id: int
    sha256: str
    size: int
    original_name: str
    added_at: datetime
    note: str = ""

    @property
    def suffix(self) -> str:
        return Path(self.original_name).suffix.lower()


@dataclass(frozen=True, slots=True)
class Ingested:
    sha256: str
    size: int
    name: str


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


class EvidenceStore(StoreChecks):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.roots = store_roots(db.path, db.id)
        self.root = self.roots.own  # new files go here, and only files here are deleted

    def _own_path(self, sha256: str) -> Path:
        """The name comes from the database, which may be a crafted file: anything but
        a SHA-256 in hex is refused before any file is touched (a row holding '../x' or
        an absolute path once deleted that file at start-up)."""
        if not is_sha256(sha256):
            raise ValidationError(
                "数据库中有一条佐证材料记录的文件标识无效（不是校验值），SoilDesk 不会按它读写任何文件。"
                "该数据库可能已损坏或被改动，请用“检查佐证材料”查看，并从备份恢复。"
            )
        return self.root / sha256[:2] / sha256

    def path_for(self, sha256: str) -> Path:
        """Where a stored file is read from: this database's folder, else the folder
        it shares with the database it was copied from."""
        self._own_path(sha256)  # checks the name
        return self.roots.locate(sha256)

    # -- adding --------------------------------------------------------------
    def _check_source(self, source: Path) -> int:
        if not source.exists():
            raise ValidationError(f"找不到文件：{source}。")
        if source.is_dir():
            raise ValidationError(
                f"“{source.name}”是一个文件夹。请打开文件夹，选择其中的文件添加。"
            )
        try:
            info = source.stat()
        except OSError as exc:
            raise ValidationError(f"无法读取“{source.name}”：{exc.strerror}。") from exc
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe: endless, or never ends
            raise ValidationError(
                f"“{source.name}”不是普通文件（可能是设备或管道），不能作为佐证材料。请选择文档、图片等文件。"
            )
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                f"“{source.name}”有 {human_size(size)}，超过单个佐证材料 {human_size(MAX_FILE_BYTES)} 的上限。"
                "视频等大文件请压缩或截取关键部分，或另行保存后在备注中说明位置。"
            )
        return size

    def _copy_in(self, source: Path) -> tuple[str, int]:
        """Copy into the store while hashing; returns (sha256, size)."""
        import hashlib  # OpenSSL's module: 7 ms of every start, only for files added

        incoming = self.root / ".incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        claim(self.root, self.db.path, self.db.id)
        fd, tmp_name = tempfile.mkstemp(dir=incoming)
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:  # the file grew while it was read
                        raise ValidationError(
                            f"“{source.name}”超过单个佐证材料 {human_size(MAX_FILE_BYTES)} 的上限，没有保存。"
                        )
                dst.flush()
                os.fsync(dst.fileno())
            sha = digest.hexdigest()
            final = self._own_path(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists() and final.stat().st_size == size and file_sha256(final) == sha:
                return sha, size  # already stored: one copy however often attached
            # Missing, or damaged (re-adding the original repairs it): put the copy in,
            # durably before the database can record it.
            replace_with_retry(tmp, final)
            fsync_dir(final.parent)
            return sha, size
        except PermissionError as exc:
            raise ValidationError(
                f"无法读取“{source.name}”：没有权限，或文件正被其他程序占用。"
            ) from exc
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise KnownError(
                    f"磁盘空间不足，“{source.name}”没有保存。请清理磁盘空间后重试；已有的资料未受影响。"
                ) from exc
            raise KnownError(
                f"保存“{source.name}”时出错：{exc.strerror or exc}。已有的资料未受影响。"
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)

    def ingest(self, source: Path) -> Ingested:
        """Copy a file into the store (no database write; safe off the GUI thread)."""
        source = Path(source)
        self._check_source(source)
        sha, size = self._copy_in(source)
        return Ingested(sha, size, source.name)

    def attach(
        self,
        node_id: int,
        items: Sequence[Ingested],
        period_id: int | None = None,
        note: str = "",
    ) -> Change:
        """Record ingested files as evidence of a sub-item: one transaction. The stored
        file's row is not journaled: undo drops the attachment, and the file stays until
        nothing refers to it and no undo can (collect_garbage)."""
        with self.db.change(f"添加佐证材料 {len(items)} 个", node_id) as (s, rec):
            self.record(s, node_id, items, period_id, note)
        assert rec.change is not None
        return rec.change

    @classmethod
    def record(
        cls,
        s: Session,
        node_id: int,
        items: Sequence[Ingested],
        period_id: int | None = None,
        note: str = "",
    ) -> None:
        """The attachment rows for ingested files, inside the caller's recorded edit
        (attach's own, or a packet review's)."""
        cls._check_node(s, node_id)
        for item in items:
            file_id = s.scalar(
                sa.select(m.EvidenceFileRow.id).where(m.EvidenceFileRow.sha256 == item.sha256)
            )
            if file_id is None:
                row = m.EvidenceFileRow(sha256=item.sha256, size=item.size)
                s.add(row)
                s.flush()
                file_id = row.id
            s.add(
                m.AttachmentRow(
                    node_id=node_id,
                    period_id=period_id,
                    file_id=file_id,
                    original_name=item.name,
                    added_at=datetime.now().replace(microsecond=0),
                    note=note,
                )
            )

    def add(
        self, node_id: int, source: Path, period_id: int | None = None, note: str = ""
    ) -> Attachment:
        with self.db.session() as s:
            self._check_node(s, node_id)  # before copying anything
        change = self.attach(node_id, [self.ingest(source)], period_id, note)
        new_id = next(r.row_id for r in change.rows if r.table == "attachment")
        return next(a for a in self.list_for_node(node_id) if a.id == new_id)

    @staticmethod
    def _check_node(s: Session, node_id: int) -> None:
        node = s.get(m.NodeRow, node_id)
        if node is None or node.level != 4:
            raise ValidationError("佐证材料只能添加到小项。")

    # -- reading -------------------------------------------------------------
    def _query(self):
        return sa.select(m.AttachmentRow, m.EvidenceFileRow.sha256, m.EvidenceFileRow.size).join(
            m.EvidenceFileRow, m.EvidenceFileRow.id == m.AttachmentRow.file_id
        )

    @staticmethod
    def _attachment(row: m.AttachmentRow, sha: str, size: int) -> Attachment:
        return Attachment(
            row.id,
            row.node_id,
            row.period_id,
            row.file_id,
            sha,
            size,
            row.original_name,
            row.added_at,
            row.note,
        )

    def list_for_node(self, node_id: int) -> list[Attachment]:
        with self.db.session() as s:
            rows = s.execute(
                self._query()
                .where(m.AttachmentRow.node_id == node_id)
                .order_by(m.AttachmentRow.added_at, m.AttachmentRow.id)
            )
            return [self._attachment(*r) for r in rows]

    def list_for_plan(self, plan_id: int) -> list[Attachment]:
        with self.db.session() as s:
            rows = s.execute(
                self._query()
                .join(m.NodeRow, m.NodeRow.id == m.AttachmentRow.node_id)
                .where(m.NodeRow.plan_id == plan_id)
                .order_by(m.AttachmentRow.node_id, m.AttachmentRow.id)
            )
            return [self._attachment(*r) for r in rows]

    def all_attachments(self) -> list[Attachment]:
        with self.db.session() as s:
            rows = s.execute(self._query().order_by(m.AttachmentRow.id))
            return [self._attachment(*r) for r in rows]

    def counts(self, plan_id: int) -> dict[int, int]:
        with self.db.read() as cur:
            return dict(
                cur.execute(
                    "SELECT attachment.node_id, count(*) FROM attachment "
                    "JOIN node ON node.id = attachment.node_id WHERE node.plan_id = ? "
                    "GROUP BY attachment.node_id",
                    (plan_id,),
                ).fetchall()
            )

    def set_note(self, attachment_id: int, note: str) -> Change:
        with self.db.change("修改佐证材料备注") as (s, rec):
            row = s.get(m.AttachmentRow, attachment_id)
            if row is None:
                raise ValidationError("该佐证材料已被移除。")
            row.note = note.strip()
            rec.node_id = row.node_id
        assert rec.change is not None
        return rec.change

    # -- removing (undoable) --------------------------------------------------
    def remove(self, attachment_id: int) -> Change:
        """Remove an attachment; the stored file stays until collect_garbage."""
        with self.db.change("移除佐证材料") as (s, rec):
            row = s.get(m.AttachmentRow, attachment_id)
            if row is None:
                raise ValidationError("该佐证材料已被移除。")
            rec.label = f"移除佐证材料“{row.original_name}”"
            rec.node_id = row.node_id
            s.delete(row)
        assert rec.change is not None
        return rec.change

    def collect_garbage(self, before: float | None = None) -> int:
        """Delete stored files nothing refers to, and crash leftovers: when a command
        starts, and when the window opens and closes (the database lock keeps every
        other writer out). With `before` (a time), only what is older goes: the window
        cleans up in the background while the clerk may already add and undo."""
        removed = 0
        with self.db.session() as s:
            unused = s.execute(
                sa.select(m.EvidenceFileRow.id, m.EvidenceFileRow.sha256).where(
                    ~sa.select(m.AttachmentRow.id)
                    .where(m.AttachmentRow.file_id == m.EvidenceFileRow.id)
                    .exists()
                )
            ).all()
            for file_id, sha in unused:
                if not is_sha256(sha):
                    continue  # a crafted or damaged row: touch neither it nor any file
                if before is not None and not _older(self._own_path(sha), before):
                    continue
                s.execute(
                    m.EvidenceFileRow.__table__.delete().where(m.EvidenceFileRow.id == file_id)
                )
                self._own_path(sha).unlink(missing_ok=True)
                removed += 1
            known = {
                sha for (sha,) in s.connection().exec_driver_sql("SELECT sha256 FROM evidence_file")
            }
        return removed + self._sweep(known, before)

    def _sweep(self, known: set[str], before: float | None) -> int:
        """Crash leftovers in this database's own folder: half-copied files in
        .incoming, and whole copies that a killed process stored before the database
        recorded them. Only names in the store's own form are touched."""
        if not self.root.is_dir():
            return 0
        removed = 0
        incoming = self.root / ".incoming"
        for entry in incoming.iterdir() if incoming.is_dir() else ():
            if entry.is_file() and (before is None or _older(entry, before)):
                entry.unlink(missing_ok=True)
        for folder in self.root.iterdir():
            if len(folder.name) != 2 or not set(folder.name) <= _HEX or not folder.is_dir():
                continue
            for entry in folder.iterdir():
                name = entry.name
                leftover = name.startswith(".") and name.endswith(".restoring")
                orphan = is_sha256(name) and name[:2] == folder.name and name not in known
                ours = entry.is_file() and not entry.is_symlink()
                if (leftover or orphan) and ours and (before is None or _older(entry, before)):
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed


def _older(path: Path, before: float) -> bool:
    """True for a file last written before `before` (a missing file counts as old)."""
    try:
        return path.stat().st_mtime < before
    except OSError:
        return True
