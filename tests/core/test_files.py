"""Writing files the Windows way: safe names, atomic replace with retries."""

from pathlib import Path

import pytest

from soildesk import files
from soildesk.errors import KnownError
from soildesk.files import atomic_output, replace_with_retry, safe_filename


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("梨树县:任务/分解表?.xlsx", "梨树县_任务_分解表_.xlsx"),
        ('报告"最终"<版>|*.pdf', "报告_最终__版___.pdf"),
        ("CON.xlsx", "_CON.xlsx"),
        ("lpt1", "_lpt1"),
        ("结尾有点. ", "结尾有点"),
        ("", "未命名"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_replace_retries_while_the_file_is_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, dst = tmp_path / "new", tmp_path / "old"
    src.write_text("新内容", encoding="utf-8")
    dst.write_text("旧内容", encoding="utf-8")
    real_replace, failures = files.os.replace, []

    def held(a, b):  # antivirus holds the target twice (WinError 32), then lets go
        if len(failures) < 2:
            failures.append(1)
            raise PermissionError(32, "being used by another process")
        real_replace(a, b)

    monkeypatch.setattr(files.os, "replace", held)
    monkeypatch.setattr(files.time, "sleep", lambda _s: None)
    replace_with_retry(src, dst)
    assert dst.read_text(encoding="utf-8") == "新内容" and len(failures) == 2


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "表.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("crash while writing")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["表.xlsx"]


def test_a_held_file_that_never_frees_is_worded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        files.os, "replace", lambda a, b: (_ for _ in ()).throw(PermissionError(32, "held"))
    )
    monkeypatch.setattr(files.time, "sleep", lambda _s: None)
    with (
        pytest.raises(KnownError, match="正被 Excel/WPS 打开"),
        atomic_output(tmp_path / "x.xlsx") as tmp,
    ):
        tmp.write_bytes(b"data")
    assert list(tmp_path.iterdir()) == []


def test_written_files_are_readable_by_others_like_any_document(tmp_path) -> None:
    import os
    import stat

    from soildesk.files import atomic_output

    target = tmp_path / "任务分解表.xlsx"
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"x")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_full_disk_during_an_xlsx_export_is_worded_and_leaves_nothing(
    tmp_path, monkeypatch, capsys
) -> None:
    import errno
    import zipfile

    from soildesk.cli import main

    db = str(tmp_path / "a.db")
    assert main(["--db", db, "demo"]) == 0

    class FullDisk(zipfile.ZipFile):
        def write(self, *args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        writestr = write

    monkeypatch.setattr(zipfile, "ZipFile", FullDisk)  # the workbook's zip, as it is written
    out = tmp_path / "导出.xlsx"
    plan = "梨树县土壤污染防治行动计划（演示）"
    capsys.readouterr()
    assert main(["--db", db, "export", "xlsx", "--plan", plan, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "程序出错" not in err
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(("xdg", "home")))
    assert left == ["a.db", "a.db.lock"]


def test_a_folder_without_write_permission_is_said_plainly(tmp_path: Path, monkeypatch) -> None:
    """The temporary file beside the target could not be made (a read-only folder): a
    message saying so and what to do, not 程序出错 blaming the program."""
    import tempfile

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", str(tmp_path / ".~soildesk-x.pdf"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with (
        pytest.raises(KnownError, match=r"没有写入权限.*换一个位置"),
        atomic_output(tmp_path / "x.pdf"),
    ):
        raise AssertionError("never reached")
