"""scripts/glibc_floor.py reads the glibc a binary needs from its version references."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from scripts.glibc_floor import floor, is_elf, required

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("objdump") is None,
    reason="ELF files and objdump",
)


def running_glibc() -> tuple[int, int, int]:
    major, minor = os.confstr("CS_GNU_LIBC_VERSION").split()[1].split(".")[:2]  # type: ignore[union-attr]
    return int(major), int(minor), 0


def test_a_module_this_python_loads_needs_no_newer_glibc_than_this_one(tmp_path: Path) -> None:
    import _sqlite3

    module = Path(_sqlite3.__file__)
    version = required(module)
    assert version is not None and (2, 2, 5) <= version <= running_glibc()
    shutil.copy(module, tmp_path / module.name)
    (tmp_path / "notes.txt").write_text("不是程序文件", encoding="utf-8")
    (tmp_path / "link.so").symlink_to(tmp_path / module.name)
    top, files = floor(tmp_path)
    assert top == version and [f.name for f in files] == [module.name]
    assert not is_elf(tmp_path / "notes.txt")
