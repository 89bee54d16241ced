"""A single-writer guard on a database file, shared by the window and the command line.

An OS file lock (not a marker file) is released by the system when the process dies, so a
crash never leaves the database locked. The core cannot use QLockFile (no Qt here) and
the command line must honour the same lock as the window.

The guard follows the file, not the path string: one lock beside the resolved path (a
symbolic link leads to it), and one named after the file's identity on its disk (device
and file number, the same for every hard link), in the machine's temporary folder."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from ..errors import StorageError

BUSY = (
    "这个数据库正由另一个 SoilDesk 使用。为免两处同时修改造成数据混乱，"
    "请先关闭另一个 SoilDesk 窗口（或等待其命令执行完毕）后再打开。"
)


def identity_lock_path(db_path: Path) -> Path:
    info = db_path.stat()
    return Path(tempfile.gettempdir()) / "soildesk-locks" / f"{info.st_dev:x}-{info.st_ino:x}.lock"


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:  # another user's lock file in a shared /tmp: locking needs no write
        return os.open(path, os.O_RDONLY)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    os.close(fd)  # closing releases flock


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path).resolve()
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._fds: list[int] = []

    def acquire(self) -> None:
        """Take both locks or neither. A database not yet created is created empty
        (SQLite takes an empty file as a new database) so that it has an identity."""
        if not self.db_path.exists():
            os.close(os.open(self.db_path, os.O_RDWR | os.O_CREAT, 0o644))
        identity = identity_lock_path(self.db_path)
        if not identity.parent.is_dir():
            identity.parent.mkdir(exist_ok=True)
            with contextlib.suppress(OSError):  # every user of the machine locks here
                os.chmod(identity.parent, 0o1777)
        for path in (self.path, identity):
            fd = _open(path)
            if not _try_lock(fd):
                os.close(fd)
                self.release()
                raise StorageError(BUSY)
            self._fds.append(fd)
        fd = self._fds[0]
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())

    def release(self) -> None:
        while self._fds:
            _unlock(self._fds.pop())
