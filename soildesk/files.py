"""Writing files so that a crash, a full disk or an antivirus scan never leaves half a
file where a good one was expected."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import KnownError

_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)  # Windows: antivirus or indexer holds the file


def replace_with_retry(src: Path, dst: Path) -> None:
    for delay in (*_RETRY_DELAYS, None):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if delay is None:
                raise
            time.sleep(delay)


def write_error(exc: OSError, target: Path) -> KnownError:
    if exc.errno == errno.ENOSPC:
        return KnownError(
            f"磁盘空间不足，无法写入 {target.name}。请清理磁盘空间后重试；原有文件未被改动。"
        )
    if isinstance(exc, PermissionError):
        return KnownError(
            f"无法写入 {target}：文件可能正被 Excel/WPS 打开，或文件夹没有写入权限。请关闭该文件或换一个位置后重试。"
        )
    return KnownError(f"无法写入 {target}：{exc.strerror or exc}。")


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` only when the block
    finishes without error."""
    target = Path(target)
    if not target.parent.exists():
        raise KnownError(f"文件夹不存在：{target.parent}。请选择一个已有的文件夹。")
    fd, tmp_name = tempfile.mkstemp(prefix=".~soildesk-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        replace_with_retry(tmp, target)
    except OSError as exc:
        raise write_error(exc, target) from exc
    finally:
        tmp.unlink(missing_ok=True)
