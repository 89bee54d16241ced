"""编辑 › 复制/剪切/粘贴/复制一份 of rows, in the tree and the table (Ctrl+C/X/V/D, when
the view has the focus; in a text field they act on text as always).

The clipboard gets the seven columns as tab-separated text (pasted into Excel or WPS
they are a table) and the rows themselves as JSON (pasted back, units and duties come
along exactly). A block copied from Excel or WPS pastes as new rows through the
importer. Pasted rows go after the selected row when they are of its level (or of an
ancestor's: after that ancestor), or into it when they are one level below; each paste
is one undo step, and copies get keys of their own."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from soildesk.domain import Level, Node, NodeDraft, Role, UnitRef
from soildesk.errors import KnownError

if TYPE_CHECKING:
    from .main_window import MainWindow

MIME = "application/x-soildesk-rows"


class RowClipboard(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        keys = QKeySequence.StandardKey
        self.copy_action = window._action(
            "复制行", self.copy, keys.Copy, "复制所选的行（可粘贴到 Excel/WPS）"
        )
        self.cut_action = window._action("剪切行", self.cut, keys.Cut)
        self.paste_action = window._action(
            "粘贴行", self.paste, keys.Paste, "粘贴复制的行，或从 Excel/WPS 复制的七列表格"
        )
        self.duplicate_action = window._action("复制一份", self.duplicate, "Ctrl+D")
        self.actions = [self.copy_action, self.cut_action, self.paste_action, self.duplicate_action]
        for action in self.actions:  # text fields keep Ctrl+C/X/V for their text
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            window.tree.addAction(action)
            window.table.addAction(action)

    def update(self, node: Node | None) -> None:
        has_plan = self.window.session.plan_id is not None
        for action in (self.copy_action, self.cut_action, self.duplicate_action):
            action.setEnabled(node is not None)
        self.paste_action.setEnabled(has_plan)

    def copy(self) -> bool:
        node = self.window.selected_node()
        if node is None:
            return False
        self.window.editor.flush()
        mime = QMimeData()
        from soildesk.node_copy import as_draft  # copy and paste load when first used
        from soildesk.row_text import to_tsv

        mime.setText(to_tsv([node]))
        mime.setData(MIME, json.dumps([asdict(as_draft(node))], ensure_ascii=False).encode())
        QGuiApplication.clipboard().setMimeData(mime)
        self.window.statusBar().showMessage(f"已复制{node.level.label}“{node.display[:20]}”", 5000)
        return True

    def cut(self) -> None:
        node = self.window.selected_node()
        if node is not None and self.copy():
            self.window.session.push(lambda: self.window.session.plans.delete_subtree(node.id))
            self.window.statusBar().showMessage("已剪切（可撤销）；选中要放到的位置后粘贴。", 6000)

    def duplicate(self) -> None:
        node = self.window.selected_node()
        if node is not None:
            self.window.editor.flush()
            from soildesk.node_copy import as_draft

            self._insert([as_draft(node)], node, "复制一份")

    def paste(self) -> None:
        w = self.window
        if w.session.plan_id is None:
            w.interaction.inform("粘贴", "请先打开或新建一个计划。")
            return
        w.editor.flush()
        mime = QGuiApplication.clipboard().mimeData()
        try:
            if mime is not None and mime.hasFormat(MIME):
                drafts = [_draft(d) for d in json.loads(bytes(mime.data(MIME)).decode())]
            elif mime is not None and mime.hasText():
                from soildesk.row_text import drafts_from_text

                drafts = _real_rows(drafts_from_text(mime.text()), w.selected_node())
            else:
                raise KnownError("剪贴板中没有可以粘贴的行。")
        except KnownError as exc:
            w.interaction.error("无法粘贴", str(exc))
            return
        self._insert(drafts, w.selected_node(), f"粘贴 {len(drafts)} 行")

    def _insert(self, drafts: list[NodeDraft], at: Node | None, label: str) -> None:
        w, session = self.window, self.window.session
        level = drafts[0].level
        place = _place(level, at, session.document.roots)
        if place is None:
            name = {Level.CLAUSE: "条", Level.ITEM: "款", Level.SUBITEM: "项"}.get(level, "")
            w.interaction.error(
                "无法粘贴",
                f"复制的是{level.label}：请选中一个{level.label}（粘贴在它之后）"
                + (f"，或一个{name}（粘贴到它里面）" if name else "")
                + "，再粘贴。",
            )
            return
        parent, position = place
        plan_id, parent_id = session.plan_id, parent.id if parent else None
        if w.proxy.active:  # new rows would be hidden by the filter
            w.search.clear()
            w.unit_filter.setCurrentIndex(0)
        command = session.push(
            lambda: session.plans.insert_drafts(plan_id or 0, parent_id, position, drafts, label)
        )
        if command.node_id is not None:
            w.select_node(command.node_id)
            if session.plan is not None and not session.plan.auto_number:
                w.statusBar().showMessage(
                    f"已{label}。编号保持原样：需要时用“编辑 › 重新编号”，"
                    "或打开“编辑 › 编号随位置更新”。",
                    10000,
                )


def _place(level: Level, at: Node | None, roots: list[Node]) -> tuple[Node | None, int] | None:
    """Where rows of `level` go: after `at` or its ancestor of that level, or at the end
    of `at` when it is one level up; articles with nothing chosen go last."""
    n = at
    while n is not None and n.level > level:
        n = n.parent
    if n is not None and n.level == level:
        siblings = n.parent.children if n.parent else roots
        return n.parent, siblings.index(n) + 1
    if at is not None and at.level == level - 1:
        return at, len(at.children)
    if level == Level.ARTICLE:
        return None, len(roots)
    return None


def _real_rows(roots: list[NodeDraft], at: Node | None) -> list[NodeDraft]:
    """The highest level of a pasted block that holds new rows. A block of sub-items
    copied from Excel has no 条/款/项 of its own (placeholders), and a full row of the
    city's table repeats the 条/款/项 the clerk has selected: those are the places the
    new rows go, not new rows themselves."""
    from soildesk.row_text import _PLACEHOLDER, drafts_at

    here = {}
    n = at
    while n is not None:  # the selection's own article, clause and item
        here[n.level] = f"{n.number}{n.text}"
        n = n.parent
    for level in (Level.ARTICLE, Level.CLAUSE, Level.ITEM):
        found = drafts_at(roots, level)
        placeholders = all(d.text in _PLACEHOLDER.values() and not d.number for d in found)
        same_place = len(found) == 1 and f"{found[0].number}{found[0].text}" == here.get(level)
        if not (placeholders or same_place):
            return found
    return drafts_at(roots, Level.SUBITEM)


def _draft(data: dict) -> NodeDraft:
    return NodeDraft(
        level=Level(data["level"]),
        number=data.get("number", ""),
        text=data.get("text", ""),
        duties=data.get("duties", ""),
        units=[UnitRef(u["wording"], Role(u["role"])) for u in data.get("units", [])],
        units_raw=data.get("units_raw", ""),
        units_text=data.get("units_text", ""),
        deadline_text=data.get("deadline_text", ""),
        remark=data.get("remark", ""),
        extras=dict(data.get("extras", {})),
        children=[_draft(c) for c in data.get("children", [])],
    )
