"""文件 › 导入 / 导出 in the window, and the import preview dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from soildesk.domain import Level
from soildesk.importing import load_file
from tests.conftest import SAMPLES
from tests.core.xlsx_helpers import read_sheet
from ui.import_dialog import ImportPreviewDialog
from ui.main_window import MainWindow


def test_import_from_the_menu_creates_and_shows_the_plan(window: MainWindow, interaction) -> None:
    interaction.open_answer = SAMPLES / "lishu_part.xlsx"
    window.file_actions.import_action.trigger()
    result, proposed, _suspects = interaction.reviewed[-1]
    assert proposed == "梨树县土壤污染防治行动计划" and result.counts()[Level.SUBITEM] == 60
    assert window.plan_combo.currentText() == "梨树县土壤污染防治行动计划"
    assert window.session.document.counts()[Level.SUBITEM] == 60
    assert len(window.session.plans.list_plans()) == 2


def test_cancelled_import_writes_nothing(window: MainWindow, interaction) -> None:
    interaction.open_answer = SAMPLES / "lishu_part.txt"
    interaction.import_name = None
    window.file_actions.import_action.trigger()
    assert len(window.session.plans.list_plans()) == 1


def test_bad_file_gives_a_message_and_the_window_keeps_working(
    window: MainWindow, interaction, tmp_path: Path
) -> None:
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a workbook")
    interaction.open_answer = bad
    window.file_actions.import_action.trigger()
    assert any("不是有效的Excel 工作簿" in e for e in interaction.errors())
    assert len(window.session.plans.list_plans()) == 1
    assert window.session.document.counts()[Level.SUBITEM] == 60


def test_export_all_and_for_one_unit(window: MainWindow, interaction, tmp_path: Path) -> None:
    interaction.save_answer = tmp_path / "全部"
    window.file_actions.export_action.trigger()
    saved = tmp_path / "全部.xlsx"  # the extension is added
    assert read_sheet(saved).cells["A2"]["value"] == "梨树县土壤污染防治行动计划任务分解表"
    assert interaction.messages[-1][2] == "梨树县土壤污染防治行动计划（演示）任务分解表.xlsx"
    interaction.pick_answer = "县公安局"
    interaction.save_answer = tmp_path / "公安.xlsx"
    window.file_actions.export_unit_action.trigger()
    assert load_file(tmp_path / "公安.xlsx").counts()[Level.SUBITEM] == 7
    assert "（县公安局）" in interaction.messages[-1][2]


def test_export_failure_is_worded(window: MainWindow, interaction, tmp_path: Path) -> None:
    interaction.save_answer = tmp_path / "没有的文件夹" / "x.xlsx"
    window.file_actions.export_action.trigger()
    assert any("文件夹不存在" in e for e in interaction.errors())


def test_preview_dialog_shows_tree_counts_warnings_and_name(qtbot) -> None:
    result = load_file(SAMPLES / "lishu_part.txt")
    dialog = ImportPreviewDialog(result, "梨树县土壤污染防治行动计划")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.counts.text() == "条 6　款 18　项 20　小项 60"
    assert dialog.model.rowCount() == 6
    assert dialog.warnings.count() == len(result.warnings) == 5
    dialog.name.clear()
    assert not dialog.import_button.isEnabled()  # a plan needs a name
    dialog.name.setText("新名称")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportPreviewDialog.DialogCode.Accepted
    assert dialog.plan_name() == "新名称"


def test_the_preview_lists_unit_slips_and_merges_the_ticked_ones(qtbot, tmp_path) -> None:
    from soildesk.importing import load_file
    from soildesk.importing.plan_import import unit_suspects
    from tests.core.table_files import write_workbook
    from tests.core.test_table_shapes import HEADER
    from ui.import_dialog import ImportPreviewDialog

    rows = (
        [HEADER]
        + [
            [
                f"{'一二三四'[n]}、任务",
                "（一）款",
                "项。",
                "县农业局牵头",
                "1、小项。",
                "1、农业局牵头。",
                "（1）…",
            ]
            for n in range(4)
        ]
        + [
            [
                "五、任务",
                "（一）款",
                "项。",
                "县农业局牵头",
                "1、小项。",
                "1、农也局牵头。",
                "（1）…",
            ]
        ]
    )
    result = load_file(write_workbook(tmp_path / "错字.xlsx", rows))
    suspects = unit_suspects(result, [])
    dialog = ImportPreviewDialog(result, "错字计划", suspects)
    qtbot.addWidget(dialog)
    [likely] = suspects[0].likely  # 农业局 or 县农业局: one unit written two ways
    assert likely.endswith("农业局")
    assert [box.text() for box in dialog.merge_boxes] == [
        f"“农也局”是否就是“{likely}”？（一字之差）"
    ]
    assert dialog.merges() == {}  # nothing is merged unless the clerk ticks it
    qtbot.mouseClick(dialog.merge_boxes[0], Qt.MouseButton.LeftButton)
    assert dialog.merges() == {"农也局": (likely,)}
