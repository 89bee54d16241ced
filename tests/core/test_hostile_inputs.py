"""Every importer and the restore of a backup against hostile files: each gets its
Chinese message, exit code 1, no traceback, and nothing is written."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from soildesk.cli import main
from tests.hostile_files import CASES, Case


def _state(folder: Path) -> dict[str, str]:
    """Every file beside the database, by content (the lock files aside)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
        and not p.name.endswith(".lock")
        and "-wal" not in p.name
        and "-shm" not in p.name
    }


_NAMES = {"soildesk", "SoilDesk", "Excel", "WPS", "Word", "PNG", "JPEG", "GIF", "BMP", "PDF", "RTF",
          "RAR", "XML", "zip", "xlsx", "xls", "docx", "doc", "ods", "txt", "md", "UTF", "GBK", "MB",
          "OpenDocument"}  # fmt: skip


def _english(message: str) -> list[str]:
    """English words in a message, names of formats and programs aside, and what it
    quotes from the file (a sheet's or a member's name)."""
    own_words = re.sub(r"“[^”]*”", "", message)
    return [w for w in re.findall(r"[A-Za-z]{3,}", own_words) if w not in _NAMES]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_hostile_file_is_refused_in_chinese_and_nothing_is_written(
    case: Case, tmp_path: Path, capsys
) -> None:
    files, data = tmp_path / "files", tmp_path / "data"
    files.mkdir()
    data.mkdir()
    db = data / "土十条.db"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    before = _state(data)
    path = case.build(files)
    code = main(["--db", str(db), case.command, str(path)])
    err = capsys.readouterr().err
    if not case.expect:  # in bounds: read as the table it is
        assert code == 0 and "Traceback" not in err
        return
    assert code == 1, err
    assert case.expect in err and "Traceback" not in err and "程序出错" not in err
    assert _english(err.replace(str(path), "").replace(path.name, "")) == []
    assert _state(data) == before  # the database and its folders as they were
    assert not list(tmp_path.rglob("evil.txt"))
