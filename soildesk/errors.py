"""Errors the clerk can act on, worded by cause. Anything else is a bug and is logged."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError


class KnownError(Exception):
    """A problem with a clear cause and a clear thing to do, in Chinese."""


class StorageError(KnownError):
    pass


class ValidationError(KnownError):
    pass


def storage_error(exc: BaseException, path: str = "") -> KnownError | None:
    """Word a database failure by its cause, or None when it is not a known one."""
    inner = exc.orig if isinstance(exc, DBAPIError) else exc
    msg = str(inner).lower()
    where = f"（{path}）" if path else ""
    if (
        (isinstance(inner, OSError) and inner.errno == 28)
        or "disk is full" in msg
        or "disk full" in msg
    ):
        return StorageError(f"磁盘空间已满，刚才的修改没有保存{where}。请清理磁盘空间后重试。")
    if "readonly" in msg or "read-only" in msg or "read only" in msg:
        return StorageError(
            f"数据库文件是只读的{where}，不能保存修改。请检查文件属性或文件夹权限。"
        )
    if "locked" in msg or "busy" in msg:
        return StorageError(f"数据库正被另一个程序占用{where}。请关闭其他 SoilDesk 窗口后重试。")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return StorageError(f"数据库文件已损坏{where}。请从备份恢复，或联系技术支持。")
    if isinstance(inner, sqlite3.Error | OSError):
        return StorageError(f"保存数据时出错{where}：{inner}")
    return None
