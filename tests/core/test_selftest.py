"""`soildesk --selftest` walks the clerk's chain in a temporary folder and says so."""

from __future__ import annotations

import pytest

from soildesk import selftest
from soildesk.cli import main


def test_every_step_passes_and_is_reported(capsys) -> None:
    assert main(["--selftest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("（")[0] for line in lines[:-1]] == [
        "通过  数据库", "通过  导入示例任务分解表", "通过  填报进展", "通过  添加并核对佐证材料",
        "通过  导出 Excel 并读回", "通过  打印任务分解表 PDF", "通过  打印单位责任清单 PDF",
        "通过  打印进展报告 PDF", "通过  部门填报表：生成、填写、收录", "通过  报送进展情况表和佐证材料包",
        "通过  送打印机：矢量页面",
    ]  # fmt: skip
    assert lines[-1] == "自检全部通过。"
    assert "小项 60" in lines[1]


def test_a_failing_step_stops_the_test_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_tmp, _state) -> str:
        raise OSError("磁盘已满")

    monkeypatch.setattr(selftest, "_evidence", broken)
    said: list[str] = []
    assert selftest.run(said.append) == 1
    assert said[-2].startswith("失败  添加并核对佐证材料：磁盘已满")
    assert not any("导出 Excel" in line for line in said)
