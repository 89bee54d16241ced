"""Before an import writes anything: the tree as it will be stored, the counts of each
level, every warning, and the name of the plan it will create."""

from __future__ import annotations

from itertools import count

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import Level, Node, NodeDraft, UnitLink
from soildesk.importing.table import ImportResult
from soildesk.unit_similar import Suspect

from .plan_document import PlanDocument
from .screen_fit import fit_to_screen
from .tree_model import COL_PROGRESS, COL_TEXT, COL_UNITS, PlanTreeModel


def preview_nodes(drafts: list[NodeDraft]) -> list[Node]:
    """Plain nodes for the preview tree (ids are placeholders, units unresolved)."""
    ids = count(-1, -1)

    def build(d: NodeDraft, parent: Node | None) -> Node:
        units = [UnitLink(0, u.role, u.wording) for u in d.units]
        node = Node(
            next(ids), d.level, d.number, d.text, d.duties, units, d.units_raw,
            units_text=d.units_text, deadline_text=d.deadline_text, remark=d.remark,
            extras=dict(d.extras), parent=parent,
        )  # fmt: skip
        node.children = [build(c, node) for c in d.children]
        return node

    return [build(d, None) for d in drafts]


def preview_tree(parent: QWidget, model: PlanTreeModel, units_width: int) -> QTreeView:
    """The tree of a plan not yet stored (an import, a draft): text and units, no 进展."""
    tree = QTreeView(parent)
    tree.setModel(model)
    tree.setUniformRowHeights(True)
    header = tree.header()
    header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    header.resizeSection(COL_UNITS, units_width)
    tree.setColumnHidden(COL_PROGRESS, True)  # nothing stored has progress yet
    return tree


class ImportPreviewDialog(QDialog):
    def __init__(
        self,
        result: ImportResult,
        proposed_name: str,
        suspects: list[Suspect] = (),  # type: ignore[assignment]
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入预览")
        fit_to_screen(self, 1100, 720)
        self.name = QLineEdit(proposed_name, self)
        counts = result.counts()
        self.counts = QLabel("　".join(f"{lv.label} {counts[lv]}" for lv in Level), self)
        form = QFormLayout()
        form.addRow("新计划名称", self.name)
        form.addRow("表格标题", QLabel(result.title or "（无）", self))
        form.addRow("条目数", self.counts)

        self.document = PlanDocument(None, self)  # a preview: never edited
        self.model = PlanTreeModel(self.document, self)
        self.document.load(preview_nodes(result.roots))
        self.tree = preview_tree(self, self.model, units_width=320)
        self.tree.expandToDepth(1)

        self.warnings = QListWidget(self)
        self.warnings.setWordWrap(True)
        self.warnings.addItems(result.warnings or ["没有发现需要处理的问题。"])
        box = QGroupBox(f"导入时的处理和提示（{len(result.warnings)} 条）", self)
        QVBoxLayout(box).addWidget(self.warnings)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(box)
        self.suspects = list(suspects)
        self.merge_boxes: list[QCheckBox] = []
        if self.suspects:
            units_box = QGroupBox(
                f"可能写错的单位名称（{len(self.suspects)} 个）：勾选后导入时按建议合并，表中文字保持原样",
                self,
            )
            units_layout = QVBoxLayout(units_box)
            for suspect in self.suspects:
                check = QCheckBox(suspect.question, units_box)
                self.merge_boxes.append(check)
                units_layout.addWidget(check)
            splitter.addWidget(units_box)
        splitter.setSizes([480, 180] + ([120] if self.suspects else []))

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "导入为新计划", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(
            lambda text: self.import_button.setEnabled(bool(text.strip()))
        )
        self.import_button.setEnabled(bool(proposed_name.strip()))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        hint = QLabel(
            "确认无误后点击“导入为新计划”。取消则不会写入任何数据。标记 ⚠ 的责任单位未能自动识别，导入后请核对。",
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def plan_name(self) -> str:
        return self.name.text().strip()

    def merges(self) -> dict[str, tuple[str, ...]]:
        return {
            s.wording: s.likely
            for s, box in zip(self.suspects, self.merge_boxes, strict=True)
            if box.isChecked()
        }
