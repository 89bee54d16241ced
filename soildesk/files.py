"""Writing files so that a crash, a full disk or an antivirus scan never leaves half a
file where a good one was expected."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import KnownError

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)  # Windows: antivirus or indexer holds the file


def safe_filename(name: str) -> str:
    """A file name Windows accepts: forbidden characters become '_', no trailing dot or
    space, no reserved device name."""
    cleaned = _FORBIDDEN.sub("_", name).rstrip(" .") or "未命名"
    stem = cleaned.split(".")[0].upper()
    return f"_{cleaned}" if stem in _RESERVED else cleaned


def refuse_to_replace(target: Path) -> None:
    """What an export or backup must never take the place of: a folder, a device (a
    backup to /dev/full replaced the device), a database (a backup saved as 土十条.db
    destroyed the data it was to keep)."""
    if not target.exists():
        return
    if target.is_dir():
        raise KnownError(f"“{target.name}”是一个文件夹。请在文件夹中另起一个文件名保存。")
    if not target.is_file():
        raise KnownError(
            f"“{target.name}”不是普通文件（可能是设备），不能保存到这里。请换一个文件名。"
        )
    try:
        with target.open("rb") as f:
            head = f.read(16)
    except OSError:
        return  # unreadable: the write itself will say why
    if head == b"SQLite format 3\x00":
        raise KnownError(
            f"“{target.name}”是一个数据库文件，不能被导出或备份的文件覆盖（那样会毁掉其中的数据）。"
            "请换一个文件名。"
        )


def replace_with_retry(src: Path, dst: Path) -> None:
    for delay in (*_RETRY_DELAYS, None):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if delay is None:
                raise
            time.sleep(delay)


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` survive power loss (POSIX; Windows cannot open a
    folder as a file, and NTFS journals renames)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY if os.name == "posix" else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_error(exc: OSError, target: Path) -> KnownError:
    if exc.errno == errno.ENOSPC:
        return KnownError(
            f"磁盘空间不足，无法写入 {target.name}。请清理磁盘空间后重试；原有文件未被改动。"
        )
    if isinstance(exc, PermissionError):
        return KnownError(
            f"无法写入 {target}：文件可能正被 Excel/WPS 打开，或文件夹没有写入权限。请关闭该文件或换一个位置后重试。"
        )
    because = {
        errno.ENOENT: "文件夹不存在或已被移走",
        errno.EISDIR: "这是一个文件夹",
        errno.EROFS: "磁盘是只读的",
        errno.EIO: "读写磁盘时出错（U 盘是否已拔出？）",
        errno.ENAMETOOLONG: "文件名太长",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return KnownError(f"无法写入 {target}：{because}。")


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` only when the block
    finishes without error."""
    target = Path(target)
    if not target.parent.exists():
        raise KnownError(f"文件夹不存在：{target.parent}。请选择一个已有的文件夹。")
    refuse_to_replace(target)
    try:  # a read-only folder fails here, before anything is written
        fd, tmp_name = tempfile.mkstemp(
            prefix=".~soildesk-", suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise write_error(exc, target) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file readable by its owner only; an exported table is an
        # ordinary document (others in the office open it from a shared folder).
        os.chmod(tmp, 0o644)
        fsync_file(tmp)  # a backup or return is whole on disk before it takes the name
        replace_with_retry(tmp, target)
        fsync_dir(target.parent)
    except Exception as exc:
        inner = _os_error(exc)
        if inner is None:
            raise
        raise write_error(inner, target) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _os_error(exc: BaseException) -> OSError | None:
    """The OS error behind a failed write, also when a library wrapped it (XlsxWriter
    raises FileCreateError(OSError) when the disk is full)."""
    for candidate in (exc, *exc.args[:1], exc.__cause__, exc.__context__):
        if isinstance(candidate, OSError):
            return candidate
    return None
