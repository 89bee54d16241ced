"""How a sub-item's state looks: a coloured dot for its status, words for its warnings."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from soildesk.alerts import DeadlineState
from soildesk.task_state import TaskState

NO_STATUS_COLOR = "#d0d0d0"
ALERT_COLOR = "#b42318"


@cache
def status_dot(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def warnings_of(state: TaskState) -> list[str]:
    out = []
    if state.alert.deadline in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON):
        out.append(state.alert.deadline.label)
    if state.alert.lagging:
        out.append("序时滞后")
    return out


def progress_label(state: TaskState) -> str:
    parts = [state.status_label]
    if state.deadline:
        parts.append(f"{state.deadline.due:%Y-%m-%d}")
    parts.extend(warnings_of(state))
    if state.evidence:
        parts.append(f"佐证{state.evidence}")
    return " · ".join(parts)


def progress_tooltip(state: TaskState) -> str:
    if state.progress:
        lines = [f"状态：{state.progress.status.label}"]
    elif state.in_period:
        lines = ["状态：本期未填报"]
    else:
        lines = ["状态：还没有填报期（用“进展 › 管理填报期…”添加后填报）"]
    if state.deadline:
        lines.append(
            f"完成时限：{state.deadline.due:%Y年%m月%d日}（{state.deadline.source or '手工设定'}）"
        )
    else:
        lines.append("完成时限：未确认")
    for w in warnings_of(state):
        lines.append(f"预警：{w}")
    if state.progress and state.progress.lag_reason:
        lines.append(f"滞后原因：{state.progress.lag_reason}")
    lines.append(f"佐证材料：{state.evidence} 个")
    return "\n".join(lines)


def progress_data(state: TaskState, role: int, label: str) -> object:
    """A progress cell's data for a role, shown as `label` (the tree's long one, the
    table's short one)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return label
    if role == Qt.ItemDataRole.DecorationRole:
        return status_dot(state.status.color if state.status else NO_STATUS_COLOR)
    if role == Qt.ItemDataRole.ForegroundRole and state.alert.any:
        return QBrush(QColor(ALERT_COLOR))
    if role == Qt.ItemDataRole.ToolTipRole:
        return progress_tooltip(state)
    return None


def short_progress_label(state: TaskState) -> str:
    return " · ".join([state.status_label, *warnings_of(state)])
