"""`soildesk [--db PATH] COMMAND`: Chinese output, errors on stderr with exit codes."""

from pathlib import Path

import pytest

from soildesk import __version__
from soildesk.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"SoilDesk {__version__}"


def test_plans_on_a_new_database_then_demo_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "plans"]) == 0
    assert "还没有计划" in capsys.readouterr().out
    assert main(["--db", db, "demo"]) == 0
    assert "已加入演示计划" in capsys.readouterr().out
    assert main(["--db", db, "demo"]) == 0
    assert "演示计划已存在" in capsys.readouterr().out
    assert main(["--db", db, "plans"]) == 0
    assert (
        capsys.readouterr().out.strip()
        == "梨树县土壤污染防治行动计划（演示）\t条 6，款 18，项 20，小项 60"
    )


def test_default_database_lives_in_the_user_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    assert list((tmp_path / "xdg-data").rglob("soildesk.db"))


def test_bad_database_is_an_error_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("不是数据库", encoding="utf-8")
    assert main(["--db", str(bad), "plans"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "不是 SoilDesk 数据库文件" in captured.err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_import_then_export_xlsx_for_a_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import SAMPLES

    db = str(tmp_path / "c.db")
    assert main(["--db", db, "import", str(SAMPLES / "lishu_part.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已导入计划：梨树县土壤污染防治行动计划\n条 6，款 18，项 20，小项 60\n")
    assert "提示：第16行：条的文字重复了一遍" in out
    assert main(["--db", db, "import", str(SAMPLES / "lishu_part.txt"), "--name", "文本版"]) == 0
    assert "已导入计划：文本版" in capsys.readouterr().out
    target = tmp_path / "环保.xlsx"
    args = [
        "--db",
        db,
        "export",
        "xlsx",
        "--plan",
        "文本版",
        "-o",
        str(target),
        "--unit",
        "环保部门",
    ]
    assert main(args) == 0
    assert f"已导出 38 行到 {target}" in capsys.readouterr().out
    assert target.exists()


def test_import_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "import", str(tmp_path / "missing.xlsx")]) == 1
    assert "找不到文件" in capsys.readouterr().err
    assert (
        main(["--db", db, "export", "xlsx", "--plan", "没有这个", "-o", str(tmp_path / "x.xlsx")])
        == 1
    )
    assert "找不到名为“没有这个”的计划" in capsys.readouterr().err
    assert main(["--db", db, "plans"]) == 0
    assert "还没有计划" in capsys.readouterr().out  # nothing was written by the failures
