"""A single-writer guard on a database file, shared by the window and the command line.

An OS file lock (not a marker file) is released by the system when the process dies, so a
crash never leaves the database locked. The core cannot use QLockFile (no Qt here) and
the command line must honour the same lock as the window.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from ..errors import StorageError


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StorageError(
                "这个数据库正由另一个 SoilDesk 使用。为免两处同时修改造成数据混乱，"
                "请先关闭另一个 SoilDesk 窗口（或等待其命令执行完毕）后再打开。"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        if sys.platform == "win32":
            import msvcrt

            os.lseek(self._fd, 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        os.close(self._fd)  # closing releases flock
        self._fd = None
