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
    assert "提示：第16行：条的文字在格中写了两遍，保留第一行“三、开展土壤污染调查" in out
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


def test_periods_subitems_and_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    plan = "梨树县土壤污染防治行动计划（演示）"
    main(["--db", db, "demo"])
    assert main(["--db", db, "periods", "--plan", plan, "--add", "2024年上半年"]) == 0
    assert (
        main(
            [
                "--db",
                db,
                "periods",
                "--plan",
                plan,
                "--add",
                "专项检查",
                "--start",
                "2024-03-01",
                "--end",
                "2024-04-30",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "* 2024年上半年\t2024-01-01 至 2024-06-30" in out
        and "  专项检查\t2024-03-01 至 2024-04-30" in out
    )
    assert main(["--db", db, "subitems", "--plan", plan]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 60
    first_id = lines[0].split("\t")[0]
    scan = tmp_path / "现场照片.jpg"
    scan.write_bytes(b"\xff\xd8photo")
    assert (
        main(["--db", db, "evidence", "add", "--subitem", first_id, str(scan), "--note", "现场"])
        == 0
    )
    assert "已添加：现场照片.jpg" in capsys.readouterr().out
    assert main(["--db", db, "evidence", "list"]) == 0
    listed = capsys.readouterr().out
    assert "现场照片.jpg" in listed and "2024年上半年" in listed
    assert main(["--db", db, "evidence", "verify"]) == 0
    assert "全部文件都在" in capsys.readouterr().out
    stored = next(p for p in (tmp_path / "c.evidence").rglob("*") if len(p.name) == 64)
    stored.write_bytes(b"changed")
    assert main(["--db", db, "evidence", "verify"]) == 1
    captured = capsys.readouterr()
    assert (
        "文件内容被改动\t现场照片.jpg" in captured.out and "发现 1 个佐证材料有问题" in captured.err
    )
    assert main(["--db", db, "evidence", "add", "--subitem", "99999", str(scan)]) == 1
    assert "没有 ID 为 99999 的小项" in capsys.readouterr().err


def test_print_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    plan = "梨树县土壤污染防治行动计划（演示）"
    main(["--db", db, "demo"])
    for report in ("breakdown", "duties", "progress"):
        out = tmp_path / f"{report}.pdf"
        assert (
            main(["--db", db, "print", report, "--plan", plan, "-o", str(out), "--portrait"]) == 0
        )
        assert out.read_bytes().startswith(b"%PDF")
    assert "已生成" in capsys.readouterr().out
    assert (
        main(
            [
                "--db",
                db,
                "print",
                "duties",
                "--plan",
                plan,
                "--unit",
                "不存在的局",
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "找不到单位" in err and "已有的单位：" in err and "县公安局" in err  # what to type


def test_subitems_show_the_documents_deadline_and_remark(tmp_path, capsys) -> None:
    from soildesk.cli import main
    from tests.core.table_files import write_workbook
    from tests.core.test_table_shapes import HEADER, ROWS

    table = write_workbook(
        tmp_path / "t.xlsx",
        [[*HEADER, "完成时限", "备注"], [*ROWS[0], "2018年底前", "已纳入考核"], [*ROWS[1], "", ""]],
    )
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "import", str(table), "--name", "期限计划"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "subitems", "--plan", "期限计划"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].split("\t")[0].isdigit()
    assert lines[0].endswith("\t完成时限：2018年底前\t备注：已纳入考核")
    assert "完成时限" not in lines[1]


def test_an_unforeseen_error_is_logged_with_its_traceback_and_told_as_a_bug(
    tmp_path, monkeypatch, capsys
) -> None:
    from soildesk import cli
    from soildesk.bugs import log_path

    def broken(db, args):
        raise RuntimeError("no code expected this")

    monkeypatch.setitem(cli.COMMANDS, "plans", broken)
    assert cli.main(["--db", str(tmp_path / "a.db"), "plans"]) == 1
    err = capsys.readouterr().err
    assert "程序出错" in err and str(log_path()) in err and "Traceback" not in err
    assert "请从备份恢复" not in err
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: no code expected this" in logged


def test_plans_periods_and_replace_from_the_command_line(tmp_path, capsys) -> None:
    from soildesk.cli import main

    db = str(tmp_path / "a.db")
    plan = "梨树县土壤污染防治行动计划（演示）"
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "replace", "--plan", plan, "环保局", "生态环境分局", "--dry-run"]) == 0
    found = int(capsys.readouterr().out.splitlines()[-1].split()[1])
    assert found > 10
    assert main(["--db", db, "replace", "--plan", plan, "环保局", "生态环境分局"]) == 0
    assert f"（{found} 处）" in capsys.readouterr().out
    assert main(["--db", db, "replace", "--plan", plan, "环保局", "x", "--dry-run"]) == 0
    assert "没有找到" in capsys.readouterr().out
    assert main(["--db", db, "plan", "copy", "--plan", plan, "--name", "2025年计划"]) == 0
    assert main(["--db", db, "plan", "delete", "--plan", plan]) == 1  # needs --yes
    assert "--yes" in capsys.readouterr().err
    assert main(["--db", db, "plan", "delete", "--plan", plan, "--yes"]) == 0
    assert main(["--db", db, "plan", "rename", "--plan", "2025年计划", "二〇二五年计划"]) == 0
    assert main(["--db", db, "periods", "--plan", "二〇二五年计划", "--add", "2025年上半年"]) == 0
    assert (
        main(["--db", db, "period", "rename", "--plan", "二〇二五年计划", "2025年上半年", "上半年"])
        == 0
    )
    assert (
        main(["--db", db, "period", "delete", "--plan", "二〇二五年计划", "上半年", "--yes"]) == 0
    )
    capsys.readouterr()
    assert main(["--db", db, "plans"]) == 0
    assert capsys.readouterr().out.startswith("二〇二五年计划\t条 6，款 18，项 20，小项 60")


@pytest.mark.parametrize("args", [["--help"], ["export", "--help"], ["plan", "rename", "--help"]])
def test_help_is_chinese(capsys, args) -> None:
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：soildesk") and "显示这份说明后退出" in out
    for english in ("usage", "positional arguments", "options:", "show this help", "show program"):
        assert english not in out


@pytest.mark.parametrize("args", [["--help"], ["-h", "--db", "x.db"]])
def test_the_help_lists_every_command(capsys, args) -> None:
    """The window's start reads only the options; the help still shows the commands."""
    with pytest.raises(SystemExit):
        main(args)
    out = capsys.readouterr().out
    assert all(f"    {c}" in out for c in ("gui", "import", "export", "print", "packets", "update"))


def test_an_option_without_its_value_is_worded_by_the_full_parser(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--db"])
    assert done.value.code != 0
    err = capsys.readouterr().err
    assert "COMMAND" in err and "需要一个值" in err


def test_options_in_either_form_reach_the_command(tmp_path, capsys) -> None:
    db = tmp_path / "a.db"
    assert main([f"--db={db}", "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "plans"]) == 0
    assert "梨树县土壤污染防治行动计划（演示）" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["foo"], "没有“foo”这个命令。可用的命令：gui、plans、demo、import"),
        (["export", "pdf"], "没有“pdf”这个格式。可用的格式：xlsx、return、evidence"),
        (["plans", "--db", "a.db"], "--db 要写在命令前面"),
    ],
)
def test_a_mistyped_command_is_said_in_chinese(capsys, args, said) -> None:
    with pytest.raises(SystemExit):
        main(args)
    err = capsys.readouterr().err
    assert said in err and "invalid choice" not in err and "COMMAND:" not in err


def test_a_return_without_an_extension_is_refused_with_what_to_do(tmp_path, capsys) -> None:
    db = str(tmp_path / "a.db")
    plan = "梨树县土壤污染防治行动计划（演示）"
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "periods", "--plan", plan, "--add", "2026年上半年", "--current"]) == 0
    capsys.readouterr()
    out = tmp_path / "报表"
    assert main(["--db", db, "export", "return", "--plan", plan, "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert "“报表”没有扩展名" in err and "例如 进展情况表.xlsx" in err
    assert not out.exists()
