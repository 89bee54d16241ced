"""Reviewing a draft drafted from the plan document, before it becomes a plan: the draft
tree beside the document's text (clicking a node shows where it came from), with merge,
split, promote, demote and leave out / take in. The corrections are the core's
(soildesk.drafting.review); this dialog shows them."""

from __future__ import annotations

from itertools import count

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import Level, Node, NodeDraft, UnitLink
from soildesk.drafting.review import Review

from .import_dialog import preview_tree
from .plan_document import PlanDocument
from .tree_model import PlanTreeModel

LEFT_OUT = "〔不列入〕"


class DraftReviewDialog(QDialog):
    def __init__(
        self,
        review: Review,
        lines: list[str],
        proposed_name: str,
        position: tuple[int, int] = (1, 1),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.drafts: dict[int, NodeDraft] = {}  # preview node id -> the draft node
        n, total = position
        self.setWindowTitle(
            "审阅方案草稿" + (f"（第 {n} 个，共 {total} 个方案）" if total > 1 else "")
        )
        self.name = QLineEdit(proposed_name, self)
        form = QFormLayout()
        form.addRow("新计划名称", self.name)
        form.addRow("方案标题", QLabel(review.draft.title or "（无）", self))

        self.document = PlanDocument(None, self)  # a preview: never edited
        self.model = PlanTreeModel(self.document, self)
        self.tree = preview_tree(self, self.model, units_width=240)
        self.source = QPlainTextEdit(self)
        self.source.setReadOnly(True)
        self.source.setPlainText("\n".join(lines))
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.source)
        splitter.setSizes([560, 440])

        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.buttons_row = QHBoxLayout()
        self.merge_button = self._button(
            "合并到上一条", self._merge, "把这一条接到上一条的文字后面"
        )
        self.split_button = self._button("拆分", self._split, "在第一句之后拆成两条")
        self.promote_button = self._button("升一级", self._promote, "升为上一级（小项→项，项→款）")
        self.demote_button = self._button(
            "降一级", self._demote, "把这一项并入上一项，作为它的小项"
        )
        self.exclude_button = self._button(
            "不列入 / 列入", self._exclude, "这一条是否列入任务分解表"
        )
        self.buttons_row.addStretch(1)
        self.guesses = QListWidget(self)
        self.guesses.setWordWrap(True)
        self.guesses.addItems(review.draft.guesses or ["没有需要特别核对的地方。"])
        self.guesses.setMaximumHeight(120)

        box = QDialogButtonBox(self)
        self.create_button = box.addButton("生成计划", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda t: self.create_button.setEnabled(bool(t.strip())))
        self.create_button.setEnabled(bool(proposed_name.strip()))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.buttons_row)
        layout.addWidget(QLabel(f"需要核对的地方（{len(review.draft.guesses)} 处）：", self))
        layout.addWidget(self.guesses)
        layout.addWidget(box)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.refresh()

    def _button(self, text: str, slot: object, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons_row.addWidget(button)
        return button

    # -- the tree ------------------------------------------------------------------
    def refresh(self, select: NodeDraft | None = None) -> None:
        ids = count(-1, -1)
        self.drafts = {}

        def build(d: NodeDraft, parent: Node | None) -> Node:
            prefix = LEFT_OUT if id(d) in self.review.excluded else ""
            units = [UnitLink(0, u.role, u.wording) for u in d.units]
            node = Node(next(ids), d.level, d.number, prefix + d.text, d.duties, units,
                        d.units_raw, units_text=d.units_text, parent=parent)  # fmt: skip
            self.drafts[node.id] = d
            node.children = [build(c, node) for c in d.children]
            return node

        self.document.load([build(a, None) for a in self.review.roots])
        self.tree.expandToDepth(1)
        target = next((nid for nid, d in self.drafts.items() if d is select), None)
        if target is not None:
            index = self.model.index_of(target)
            self.tree.scrollTo(index)
            self.tree.setCurrentIndex(index)
        self._update_buttons()

    def current(self) -> NodeDraft | None:
        node = self.model.node_from_index(self.tree.currentIndex())
        return self.drafts.get(node.id) if node else None

    def select(self, draft: NodeDraft) -> None:
        self.refresh(select=draft)

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        draft = self.current()
        self._update_buttons()
        if draft is None:
            return
        self._show_source(draft)
        inherited = self.review.draft.inherited.get(id(draft), [])
        parts = []
        if inherited:
            parts.append(
                "继承的单位（原文在前面统一说明，此处不重复写出）："
                + "、".join(f"{u.wording}（{u.role.label}）" for u in inherited)
            )
        if draft.units_text:
            parts.append(f"责任单位（原文）：{draft.units_text}")
        if draft.deadline_text:
            parts.append(f"文中期限：{draft.deadline_text}")
        if self.review.is_excluded(draft):
            parts.append("这一条不列入任务分解表。")
        self.detail.setText("　".join(parts))

    def _show_source(self, draft: NodeDraft) -> None:
        src = self.review.draft.sources.get(id(draft))
        if src is None:
            self.source.setExtraSelections([])
            return
        doc = self.source.document()
        start = doc.findBlockByNumber(src.first_line - 1)
        end = doc.findBlockByNumber(src.last_line - 1)
        cursor = QTextCursor(start)
        cursor.setPosition(
            end.position() + max(end.length() - 1, 0), QTextCursor.MoveMode.KeepAnchor
        )
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fff1b8"))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.format = fmt
        selection.cursor = cursor
        self.source.setExtraSelections([selection])
        self.source.setTextCursor(QTextCursor(start))
        self.source.centerCursor()

    def highlighted_lines(self) -> tuple[int, int] | None:
        """The source lines shown as the current node's origin (1-based), for tests."""
        selections = self.source.extraSelections()
        if not selections:
            return None
        cursor = selections[0].cursor
        doc = self.source.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber() + 1
        last = doc.findBlock(cursor.selectionEnd()).blockNumber() + 1
        return first, last

    def _update_buttons(self) -> None:
        draft = self.current()
        level = draft.level if draft else None
        self.merge_button.setEnabled(draft is not None and level != Level.ARTICLE)
        self.split_button.setEnabled(draft is not None and level in (Level.ITEM, Level.SUBITEM))
        self.promote_button.setEnabled(level in (Level.ITEM, Level.SUBITEM))
        self.demote_button.setEnabled(level == Level.ITEM)
        self.exclude_button.setEnabled(draft is not None)

    # -- corrections ------------------------------------------------------------------
    def _apply(self, change: object) -> None:
        draft = self.current()
        if draft is None:
            return
        result = change(draft)  # type: ignore[operator]
        self.refresh(select=result or draft)
        if result is None:
            self.detail.setText("这一条不能这样调整。")

    def _merge(self) -> None:
        self._apply(self.review.merge_into_previous)

    def _split(self) -> None:
        self._apply(self.review.split)

    def _promote(self) -> None:
        self._apply(self.review.promote)

    def _demote(self) -> None:
        self._apply(self.review.demote)

    def _exclude(self) -> None:
        draft = self.current()
        if draft is not None:
            self.review.toggle_excluded(draft)
            self.refresh(select=draft)

    def plan_name(self) -> str:
        return self.name.text().strip()
