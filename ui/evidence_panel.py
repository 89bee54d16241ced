"""The evidence files of the selected sub-item: thumbnails for images and PDFs, add by
file dialog or by dropping files, open with the system's viewer, remove (undoable)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImageReader,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import Level, Node
from soildesk.errors import KnownError
from soildesk.evidence import Attachment, human_size
from soildesk.evidence_check import DamagedEvidence
from soildesk.paths import view_cache_dir

from .plan_session import PlanSession

THUMB = 72
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}


def thumbnail(path: Path, suffix: str) -> QPixmap | None:
    """A small picture of an image or of a PDF's first page, or None."""
    try:
        if suffix in IMAGE_SUFFIXES:
            reader = QImageReader(str(path))
            reader.setAutoTransform(True)
            size = reader.size()
            if size.isValid():
                reader.setScaledSize(
                    size.scaled(THUMB * 2, THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio)
                )
            image = reader.read()
            return QPixmap.fromImage(image) if not image.isNull() else None
        if suffix == ".pdf":
            from .pdf_pages import render_page  # pypdfium2 loads with the first PDF shown

            return QPixmap.fromImage(render_page(path, 0, longest_side=THUMB * 2))
    except Exception:  # a broken file shows the generic icon, never an error
        return None
    return None


class EvidenceList(QListWidget):
    """Accepts files dropped from the desktop or Explorer."""

    def __init__(self, panel: EvidencePanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.setAcceptDrops(True)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setSpacing(2)
        # A narrow pane wraps a file's line (size, period, date) rather than hiding its
        # end behind a sideways scroll bar.
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        # One file in view at the least: the panel shrinks by its list, never by
        # cutting off its buttons (1366×768 at 150 %).
        hint = super().minimumSizeHint()
        return QSize(hint.width(), THUMB + 2 * self.frameWidth() + 8)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.panel.add_files(paths)


def _button(text: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


class EvidencePanel(QGroupBox):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__("佐证材料（可把文件拖到这里或左侧的小项上）", parent)
        self.session = session
        self.node: Node | None = None
        self.list = EvidenceList(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        # Tool buttons: a push button is at least 80 px wide, and four of them ran past
        # the pane's edge at 150 %.
        self.add_button = _button("添加文件…", self)
        self.open_button = _button("打开", self)
        self.note_button = _button("备注…", self)
        self.remove_button = _button("移除", self)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.note_button.clicked.connect(self.edit_note)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.open_button, self.note_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._view_dir = view_cache_dir()
        session.document.states_changed.connect(self.populate)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        remove = QAction("移除", self.list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.list.addAction(remove)

    def set_node(self, node: Node | None) -> None:
        self.node = node if node is not None and node.level == Level.SUBITEM else None
        self.setVisible(self.node is not None)
        self.populate()

    def attachments(self) -> list[Attachment]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def populate(self) -> None:
        self.list.clear()
        if self.node is None or self.session.document.node(self.node.id) is None:
            return
        periods = {
            p.id: p.name for p in self.session.progress.list_periods(self.session.plan_id or 0)
        }
        generic = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for att in self.session.evidence.list_for_node(self.node.id):
            period = periods.get(att.period_id, "") if att.period_id else ""
            text = f"{att.original_name}\n{human_size(att.size)}　{period}　{att.added_at:%Y-%m-%d %H:%M}"
            if att.note:
                text += f"\n备注：{att.note}"
            condition = self.session.evidence.condition(att)
            pixmap = None
            if condition == "invalid":  # a crafted record: listed, never read or opened
                text += "\n⚠ 记录无效：不会读取或打开此文件（请运行“检查佐证材料”）"
            elif condition == "missing":
                text += "\n⚠ 文件丢失：请重新添加原始文件"
            elif condition == "altered":
                text += "\n⚠ 文件已损坏或被改动，与添加时不一致：请重新添加原始文件"
            else:
                pixmap = thumbnail(self.session.evidence.path_for(att.sha256), att.suffix)
            item = QListWidgetItem(QIcon(pixmap) if pixmap else generic, text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, att)
            item.setToolTip(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.list.currentItem() is not None
        for b in (self.open_button, self.note_button, self.remove_button):
            b.setEnabled(selected)

    def add_files(self, paths: list[Path]) -> None:
        if self.node is not None:
            self.session.add_evidence(self.node.id, paths)

    def choose_files(self) -> None:
        paths = self.session.interaction.open_files(
            "添加佐证材料",
            "所有文件 (*);;PDF (*.pdf);;图片 (*.jpg *.jpeg *.png);;Word/Excel (*.doc *.docx *.xls *.xlsx)",
        )
        if paths:
            self.add_files(paths)

    def selected(self) -> Attachment | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def open_selected(self) -> None:
        att = self.selected()
        if att is None:
            return
        try:
            self._view_dir.mkdir(parents=True, exist_ok=True)
            try:
                copy = self.session.evidence.viewable_copy(att, self._view_dir)
            except DamagedEvidence as exc:
                if not self.session.interaction.confirm(
                    "佐证材料已损坏",
                    f"{exc}\n\n仍要打开损坏的文件吗？它不能作为佐证材料使用。",
                    "仍然打开",
                    danger=True,
                ):
                    return
                copy = self.session.evidence.viewable_copy(att, self._view_dir, damaged_ok=True)
        except (KnownError, OSError) as exc:
            self.session.report(str(exc))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self.session.report(f"没有找到能打开“{att.original_name}”的程序。文件副本在：{copy}")

    def edit_note(self) -> None:
        att = self.selected()
        if att is None:
            return
        note = self.session.interaction.ask_text(
            "佐证材料备注", f"“{att.original_name}”的备注：", att.note
        )
        if note is not None:
            self.session.set_evidence_note(att, note)

    def remove_selected(self) -> None:
        att = self.selected()
        if att is not None:
            self.session.remove_evidence(att)
