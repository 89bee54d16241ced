"""Errors the clerk can act on, worded by cause. Anything else is a bug and is logged."""

from __future__ import annotations

import errno
import sqlite3
import sys


class KnownError(Exception):
    """A problem with a clear cause and a clear thing to do, in Chinese."""


class StorageError(KnownError):
    pass


class ValidationError(KnownError):
    pass


def _dbapi_error() -> tuple[type[BaseException], ...]:
    """SQLAlchemy's wrapper of driver errors, if SQLAlchemy is loaded: before, nothing can
    have raised one, and asking must not import it (db/lazy.py)."""
    exc = sys.modules.get("sqlalchemy.exc")
    return (exc.DBAPIError,) if exc is not None else ()


def database_errors() -> tuple[type[BaseException], ...]:
    """What a database operation raises when storage fails (worded by storage_error)."""
    return (*_dbapi_error(), sqlite3.Error, OSError)


def storage_error(exc: BaseException, path: str = "") -> KnownError | None:
    """Word a database failure by its cause (SQLite's error code, the OS errno), or None
    when the cause is not a known one: that is a bug, reported as such (bugs.py)."""
    inner = exc.orig if isinstance(exc, _dbapi_error()) else exc
    code = str(getattr(inner, "sqlite_errorname", "") or "")
    msg = str(inner).lower()
    err = inner.errno if isinstance(inner, OSError) else None
    where = f"（{path}）" if path else ""
    if err == errno.ENOSPC or code == "SQLITE_FULL" or "disk is full" in msg:
        return StorageError(f"磁盘空间已满，刚才的修改没有保存{where}。请清理磁盘空间后重试。")
    if err == errno.EROFS or code.startswith("SQLITE_READONLY") or "readonly" in msg:
        return StorageError(
            f"数据库文件是只读的{where}，不能保存修改。请检查文件属性或文件夹权限。"
        )
    if err in (errno.EACCES, errno.EPERM) or code == "SQLITE_PERM":
        return StorageError(
            f"没有权限读写数据库{where}。请检查文件夹权限，或把数据库放到自己的文件夹中。"
        )
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in msg:
        return StorageError(f"数据库正被另一个程序占用{where}。请关闭其他 SoilDesk 窗口后重试。")
    if code == "SQLITE_CONSTRAINT_FOREIGNKEY" or "foreign key constraint" in msg:
        return StorageError(
            f"这次修改没有保存：它涉及的记录指向已不存在的内容{where}（数据库可能损坏或被改动过）。"
            "其余数据没有变化。建议先备份，再联系技术支持。"
        )
    if err == errno.EIO or code.startswith("SQLITE_IOERR") or "disk i/o error" in msg:
        return StorageError(
            f"读写磁盘时出错{where}，刚才的修改没有保存。请检查磁盘或 U 盘是否连接好，然后重试。"
        )
    if code == "SQLITE_CANTOPEN" or "unable to open database" in msg:
        return StorageError(
            f"无法打开数据库文件{where}：文件夹可能已不存在、没有权限，或 U 盘已拔出。"
        )
    if code in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in msg or "not a database" in msg:
        return StorageError(f"数据库文件已损坏{where}。请从备份恢复，或联系技术支持。")
    return None
