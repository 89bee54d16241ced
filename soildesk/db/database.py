"""Opening a SoilDesk database: checks first (nothing is written to a file we refuse),
then the single-writer lock, then a backup and migration when the file is older."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..changes import Change, now, os_user
from ..errors import KnownError, StorageError, ValidationError, database_errors, storage_error
from . import history_store, integrity, journal, migrate, settings
from .lazy import sa, sa_exc, sa_orm
from .location import is_network_path
from .lock import DatabaseLock

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"


class Database:
    """One open database file. Sessions are short: one per operation.

    Edits go through SQLAlchemy sessions; the engine is made on the first one. Reads
    that show the plan go through `read()`, plain SQLite, so the window paints before
    SQLAlchemy is even imported (db/lazy.py)."""

    def __init__(self, path: Path, lock: DatabaseLock | None) -> None:
        self.path = path
        self._lock = lock
        self._engine: Engine | None = None
        self._sessions: sa_orm.sessionmaker[Session] | None = None
        self._starting = threading.Lock()
        self._reading = threading.RLock()
        self._reader: sqlite3.Connection | None = None
        self._depth = 0
        # Stored inside the file: with the resolved path, it names this database
        # whatever its file is called (its evidence store follows it).
        self.id = settings.read(self, settings.DATABASE_ID)

    @property
    def engine(self) -> Engine:
        with self._starting:
            if self._engine is None:
                self._engine = make_engine(self.path)
                self._sessions = sa_orm.sessionmaker(self._engine, expire_on_commit=False)
            return self._engine

    def warm_up(self) -> None:
        """Import SQLAlchemy and connect, so the first edit does not wait for it (the
        window calls this off the GUI thread after its first paint)."""
        with self.session():
            pass

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        self.engine  # noqa: B018 - made on first use
        assert self._sessions is not None
        try:
            with self._sessions() as s, s.begin():
                yield s
        except database_errors() as exc:
            known = storage_error(exc, str(self.path))
            if known is None:
                raise
            raise known from exc

    @contextmanager
    def read(self) -> Iterator[sqlite3.Cursor]:
        """Plain SQLite reads in one snapshot (a deferred read transaction), on one
        read-only connection that threads take in turn; nested blocks share the outer
        snapshot."""
        with self._reading:
            try:
                if self._reader is None:
                    self._reader = self._connect_reader()
                conn = self._reader
                cur = conn.cursor()
                if self._depth == 0:
                    cur.execute("BEGIN")
                self._depth += 1
                try:
                    yield cur
                finally:
                    self._depth -= 1
                    if self._depth == 0:
                        conn.rollback()  # ends the snapshot: the next read sees new commits
                    cur.close()
            except (sqlite3.Error, OSError) as exc:
                known = storage_error(exc, str(self.path))
                if known is None:
                    raise
                raise known from exc

    def _connect_reader(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, cached_statements=64
        )
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA query_only=1")  # a read connection never writes
        return conn

    @contextmanager
    def change(self, label: str, node_id: int | None = None) -> Iterator[tuple[Session, Recorded]]:
        """One edit: a transaction whose rows are journaled; after the block,
        `recorded.change` is its change record."""
        recorded = Recorded()
        with self.session() as s:
            journal.start(s)
            yield s, recorded
            rows = journal.finish(s)
            change = Change(recorded.label or label, rows, node_id=recorded.node_id or node_id)
            history_store.write(s, change)
        recorded.change = change

    def undo(self, change: Change) -> Change:
        """Put back what a change did, in one transaction; returns what was applied."""
        inverse = change.inverse()
        self._apply(inverse, f"撤销：{change.label}")
        return inverse

    def redo(self, change: Change) -> Change:
        self._apply(change, f"重做：{change.label}")
        return change

    def _apply(self, change: Change, label: str) -> None:
        """Replay a change's rows in one transaction; the history records it as `label`."""
        try:
            with self.session() as s:
                journal.apply(s, change.rows)
                history_store.write(s, replace(change, at=now(), user=os_user()), label)
        except sa_exc.IntegrityError as exc:  # a row it needs (a stored file, a unit) is gone
            raise ValidationError(
                "这一步无法撤销或重做：它依赖的内容已不存在。其余数据没有变化。"
            ) from exc

    def dangling_references(self) -> str:
        """What is wrong with the file's references, worded for the clerk ("" if all hold)."""
        with self.read() as cur:
            counts = integrity.dangling(cur.connection)
        return integrity.describe(counts)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        with self._reading:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        if self._lock:
            self._lock.release()
            self._lock = None


class Recorded:
    change: Change | None = None
    # Set inside the block when they depend on what the edit finds:
    label: str = ""
    node_id: int | None = None


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")  # off per connection unless asked for
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # NORMAL can lose the last commits on power loss
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()
    journal.install(dbapi_conn)


def make_engine(path: Path) -> Engine:
    # URL.create, never an f-string: a '?' in the path would open another file.
    engine = sa.create_engine(sa.URL.create("sqlite", database=str(path)))
    sa.event.listen(engine, "connect", _on_connect)
    return engine


def check_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not ours to open."""
    if is_network_path(path):
        raise StorageError(
            f"数据库位于网络共享文件夹（{path}）。在网络位置上使用可能损坏数据，"
            "请把数据库复制到本机磁盘后再打开。"
        )
    if not path.exists():
        parent = path.parent
        if not parent.exists():
            raise StorageError(f"文件夹不存在：{parent}。请先创建该文件夹或选择其他位置。")
        if not os.access(parent, os.W_OK):
            raise StorageError(f"没有权限在此文件夹中创建数据库：{parent}。请选择其他位置。")
        return
    if path.is_dir():
        raise StorageError(f"{path} 是一个文件夹，不是数据库文件。")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{exc.strerror}。") from exc
    if head and head != SQLITE_HEADER:
        raise StorageError(
            f"{path.name} 不是 SoilDesk 数据库文件（也不是 SQLite 数据库）。"
            "请确认选择的文件是否正确；该文件未被修改。"
        )
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StorageError(
            f"数据库文件 {path.name} 或其所在文件夹是只读的，无法保存修改。"
            "请检查文件属性（取消“只读”）或把它复制到可写的位置；该文件未被修改。"
        )


def open_database(path: Path, *, lock: bool = True) -> Database:
    path = Path(path).expanduser().absolute()
    check_file(path)
    created = not path.exists()
    guard = DatabaseLock(path) if lock else None
    if guard:
        guard.acquire()
    try:
        current = migrate.current_revision(path)
        head = migrate.head_revision()
        if current is not None and current != head:
            if not migrate.is_known(current):
                raise StorageError(
                    f"数据库 {path.name} 由更新版本的 SoilDesk 创建（结构版本 {current}），"
                    "本程序无法打开。请安装最新版本的 SoilDesk；该文件未被修改。"
                )
            from ..backup import safety_backup  # the backup module builds on this one

            saved = safety_backup(path, f"升级前v{current}")
            log.info("backed up %s to %s before upgrading", path, saved.path)
        if current is None:  # a new file (or an empty one)
            migrate.create(path)
        elif current != head:  # an older one; at HEAD there is nothing to do
            migrate.upgrade(path)
        return Database(path, guard)
    except KnownError:
        _give_up(path, guard, created)
        raise
    except database_errors() as exc:
        _give_up(path, guard, created)
        known = storage_error(exc, str(path))
        if known is None:
            raise
        raise known from exc


def _give_up(path: Path, guard: DatabaseLock | None, created: bool) -> None:
    if guard:
        guard.release()
    if created and path.exists() and path.stat().st_size == 0:
        path.unlink()  # made empty by the lock: no database is left behind by a refusal
