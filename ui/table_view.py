"""表格视图: the breakdown as the official attachment, edited in place.

Text is broken into lines by soildesk.text_metrics with this font's advances, and the
same lines set the row heights and are painted, so a cell always holds its text.
Double-click, F2 or typing edits a cell; Enter moves down, Tab to the right (Alt+Enter
is a line break, as in Excel); a 责任单位 cell opens the unit picker."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QInputMethodEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from soildesk.domain import Node
from soildesk.progress import Status
from soildesk.rollup import Rollup
from soildesk.text_metrics import Measure

from .plan_document import ALL_NODES
from .status_marks import NO_STATUS_COLOR
from .table_model import (
    C_ARTICLE,
    C_CLAUSE,
    C_DUTIES,
    C_ITEM,
    C_ITEM_UNITS,
    C_PROGRESS,
    C_SUB,
    C_SUB_UNITS,
    ROLLUP_COLUMNS,
    ROLLUP_ROLE,
    SPANNED,
    UNIT_COLUMNS,
    PlanTableModel,
    cell_text,
)

AnyIndex = QModelIndex | QPersistentModelIndex
# Which of 查找和替换's fields a column shows (soildesk/find_replace.py).
FIND_FIELD = {
    C_ARTICLE: "text", C_CLAUSE: "text", C_ITEM: "text", C_SUB: "text",
    C_ITEM_UNITS: "units_text", C_SUB_UNITS: "units_text", C_DUTIES: "duties",
}  # fmt: skip
PAD_X, PAD_Y = 4.0, 3.0
# Shares of the width, as the printed table divides the page; the columns follow the
# window until the clerk drags one, then keep the clerk's widths.
COLUMN_SHARES = (6.0, 6.5, 11.0, 8.0, 15.0, 9.0, 15.0, 7.0)
MIN_WIDTH = 48
_BAND = QColor(0, 120, 215, 28)
_FOUND = QColor(255, 214, 0, 150)
_CURRENT = QColor(
    255, 140, 0, 190
)  # the place 查找和替换 shows now  # a highlighter's yellow, the words still legible
OWN_COLUMNS = (C_SUB, C_SUB_UNITS, C_DUTIES)
LAZY_ROWS = 2000  # above this, rows out of view are estimated first, measured after
MEASURE_SLICE = 400  # rows measured between events (about 30 ms)
BAR_HEIGHT = 8  # room kept under an item's, clause's or article's text for its bar  # the current row, across the cells that span it


def _paint_bar(painter: QPainter, bar: QRectF, rollup: Rollup) -> None:
    """A thin bar under the words: the share of its sub-items in each status."""
    painter.fillRect(bar, QColor(NO_STATUS_COLOR))
    x = bar.left()
    for status in (Status.DONE, Status.ONGOING, Status.LAGGING, Status.NOT_STARTED):
        n = rollup.by_status.get(status, 0)
        if n:
            w = bar.width() * n / rollup.total
            painter.fillRect(QRectF(x, bar.top(), w, bar.height()), QColor(status.color))
            x += w


class CellDelegate(QStyledItemDelegate):
    def __init__(self, view: PlanTableView) -> None:
        super().__init__(view)
        self.view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.column() == C_PROGRESS:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(opt.rect, opt.palette.brush(QPalette.ColorRole.Highlight))
        elif self.view.in_current_row(index):
            painter.fillRect(opt.rect, _BAND)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(role)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        if brush is not None and not selected:
            color = brush.color()
        painter.setPen(color)
        painter.setFont(opt.font)
        rect = QRectF(opt.rect).adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        painter.setClipRect(opt.rect)
        metrics = QFontMetricsF(opt.font)
        y = rect.top()
        text = index.data() or ""
        lines = self.view.lines(text, self.view.text_width(index.column()))
        marks = self.view.marks(text, lines, index)
        for line, spans in zip(lines, marks, strict=True):
            for start, end, color in spans:  # the words searched for, as a highlighter
                x = rect.left() + metrics.horizontalAdvance(line[:start])
                width = metrics.horizontalAdvance(line[start:end])
                painter.fillRect(QRectF(x, y, width, metrics.lineSpacing()), color)
            painter.drawText(QPointF(rect.left(), y + metrics.ascent()), line)
            y += metrics.lineSpacing()
        rollup = index.data(ROLLUP_ROLE)
        if rollup is not None:  # right under the words, where the eye is
            _paint_bar(painter, QRectF(rect.left(), y + 2, rect.width(), BAR_HEIGHT - 3), rollup)
        painter.restore()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)  # Tab goes on to the next cell
        editor.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        if not editor.toPlainText():  # typing started the edit: keep the typed key
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: object, index: AnyIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        self.view.commit_cell(index, editor.toPlainText().strip())

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        # At least three lines, even in a short cell: the clerk sees what is typed.
        rect.setHeight(max(rect.height(), int(QFontMetricsF(option.font).lineSpacing() * 3 + 8)))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier):
                    assert isinstance(editor, QPlainTextEdit)
                    editor.insertPlainText("\n")  # a line break in the cell, as in Excel
                    return True
                assert isinstance(editor, QWidget)
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.view.move_down()
                return True
        return super().eventFilter(editor, event)


class PlanTableView(QTableView):
    def __init__(
        self,
        model: PlanTableModel,
        commit: Callable[[Node, int, str], None],
        pick_units: Callable[[Node], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = model
        self._commit = commit
        self._pick_units = pick_units
        self._lines: dict[tuple[str, float], list[str]] = {}
        metrics = QFontMetricsF(self.font())
        self._measure = Measure(metrics.horizontalAdvance)
        self._spacing = metrics.lineSpacing()
        self._wide_advance = metrics.horizontalAdvance("中")
        self._per_line: dict[int, int] = {}
        self._minimum = self._spacing + 2 * PAD_Y + 1
        self._heights: dict[tuple[int, int], float] = {}  # (node id, column) -> height
        self._own: dict[int, float] = {}  # sub-item id -> its row's height
        self._widths: tuple[int, ...] = ()
        self._version = 0  # counts changes of measured words
        # Row heights of recent row sets, saved: clearing a filter restores them at once.
        self._states: OrderedDict[tuple, QByteArray] = OrderedDict()
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Always there: a scroll bar that came and went with a filter changed the width
        # and so every row's height.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # A name wider than its column wraps (具体工作|内容) instead of losing both ends.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self._fitting = False
        self.fit_columns = True  # False once the clerk sets a width by hand
        self.highlight = ""  # words marked in the cells (set_highlight)
        self.current_hit: tuple[int, str] | None = None
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(150)
        self._relayout.timeout.connect(self.lay_out)
        self._pending: list[int] = []  # rows of a big table still to measure
        self._pending_key: tuple = ()
        self._measuring = QTimer(self)
        self._measuring.setSingleShot(True)
        self._measuring.setInterval(0)
        self._measuring.timeout.connect(self._measure_more)
        self._stale = False  # a hidden table's lay_out waits until it is shown
        self._laid_out = False  # the first lay_out measures only what the window shows
        self._after_paint = False  # ...and the rest once that has been painted
        self.verticalScrollBar().valueChanged.connect(self._measure_in_view)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        header.sectionResized.connect(self._section_resized)
        # No row numbers: the table's own numbers are in its cells, and a number column
        # that widened from 9 rows to 10,000 changed every column's width.
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setMinimumSectionSize(1)
        model.modelReset.connect(self.lay_out)
        model.dataChanged.connect(self._data_changed)
        model.words_changed.connect(self._words_changed)

    # -- measuring and laying out ---------------------------------------------
    def text_width(self, column: int) -> float:
        """The width a cell's words are broken to: the cell less its grid line and
        padding, exactly what painting gets (one pixel more cut off last characters)."""
        return self.columnWidth(column) - (1 if self.showGrid() else 0) - 2 * PAD_X

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_columns:
            self._fit()

    def _fit(self) -> None:
        width = self.viewport().width()
        if not self.isVisible() or width < 200:
            return  # hidden, or folded away in the splitter: nothing to measure for
        progress = int(self.fontMetrics().horizontalAdvance("推进中 · 临近") + 28)
        rest = max(width - progress, 0)
        shares = COLUMN_SHARES[:C_PROGRESS]
        wanted = [max(MIN_WIDTH, int(rest * s / sum(shares))) for s in shares] + [progress]
        excess = sum(wanted) - width  # narrow columns held at their minimum
        while excess > 0:  # the widest give way, a pixel at a time, until all fit
            widest = max(range(C_PROGRESS), key=lambda c: wanted[c])
            if wanted[widest] <= MIN_WIDTH:
                break
            wanted[widest] -= 1
            excess -= 1
        if wanted == [self.columnWidth(c) for c in range(len(wanted))]:
            return
        self._fitting = True
        try:
            for col, w in enumerate(wanted):
                self.setColumnWidth(col, w)
        finally:
            self._fitting = False
        self._request_layout()

    def set_highlight(self, term: str, current: tuple[int, str] | None = None) -> None:
        """Mark `term` wherever a cell shows it (the search box, 查找和替换), and more
        strongly in the cell of the place shown now (a node id and a find field)."""
        if (term, current) != (self.highlight, self.current_hit):
            self.highlight, self.current_hit = term, current
            self.viewport().update()

    def marks(
        self, text: str, lines: list[str], index: AnyIndex
    ) -> list[list[tuple[int, int, QColor]]]:
        """Per line, the spans (start, end in the line) of the searched words, also
        where a word wraps over a line's end."""
        out: list[list[tuple[int, int, QColor]]] = [[] for _ in lines]
        term = self.highlight
        if not term or term not in text:
            return out
        node = self.table.node_at(index.row(), index.column())
        field = FIND_FIELD.get(index.column())
        color = _CURRENT if node is not None and (node.id, field) == self.current_hit else _FOUND
        found = []
        at = text.find(term)
        while at >= 0:
            found.append((at, at + len(term)))
            at = text.find(term, at + len(term))
        pos = 0
        for i, line in enumerate(lines):
            start = text.find(line, pos) if line else pos
            start = pos if start < 0 else start
            end = start + len(line)
            for s, e in found:
                if s < end and e > start:
                    out[i].append((max(s, start) - start, min(e, end) - start, color))
            pos = end
        return out

    def set_widths(self, widths: list[int]) -> None:
        """The clerk's own widths (remembered from the last run): they stay as set."""
        self.fit_columns = False
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                self.setColumnWidth(column, max(width, MIN_WIDTH))
        finally:
            self._fitting = False
        if self.table.rows:  # before a plan is loaded there is nothing to lay out
            self._request_layout()

    def _section_resized(self, *_args: object) -> None:
        if self._fitting:
            return
        # Only the clerk dragging a column's edge makes the widths the clerk's own; Qt
        # resizing sections itself (a reset, a font) must not stop them following.
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self.fit_columns = False
        self._request_layout()

    def _request_layout(self) -> None:
        """Measure again now, or for a big plan once the window or column stops moving
        (measuring 10,000 rows on every step of a drag froze the window)."""
        dragging = QApplication.mouseButtons() != Qt.MouseButton.NoButton
        if len(self.table.rows) <= LAZY_ROWS or not dragging:
            self.lay_out()
        else:
            self._relayout.start()

    def lines(self, text: str, width: float) -> list[str]:
        key = (text, width)
        found = self._lines.get(key)
        if found is None:
            found = self._measure.lines(text, width)
            if len(self._lines) > 200_000:
                self._lines.clear()
            self._lines[key] = found
        return found

    def _height(self, node: Node, column: int) -> float:
        key = (node.id, column)
        found = self._heights.get(key)
        if found is None:
            text = cell_text(node, column)
            found = self._minimum
            if text:
                lines = self._measure.count(text, self.text_width(column))
                found = lines * self._spacing + 2 * PAD_Y + 1
            self._heights[key] = found
        return found

    def _own_height(self, row: int) -> float:
        sub = self.table.rows[row].sub
        if sub is None:
            return self._minimum
        found = self._own.get(sub.id)
        if found is None:
            found = self._own[sub.id] = max(self._height(sub, col) for col in OWN_COLUMNS)
        return found

    def lay_out(self) -> None:
        """Spans and row heights from the model's rows and the column widths (measured
        once per cell and width: a filter or an edit measures only what is new).

        A big table shows at once: rows near the top of the view are measured, the rest
        get an estimate, and the measuring goes on in slices between events (measuring
        10,000 rows took 0.8 s before the table showed)."""
        self._pending = []
        model = self.table
        if not self.isVisible() and self.fit_columns:
            # Hidden (the window not shown yet): its columns are fitted when shown, so
            # measuring now at other widths is thrown away (a fifth of the start).
            self._stale = True
            return
        self._stale = False
        self._fit_header()
        widths = tuple(self.columnWidth(c) for c in range(C_PROGRESS))
        if widths != self._widths:
            self._widths = widths
            self._forget()
        self.clearSpans()
        for col, runs in model.spans.items():
            for first, last in runs:
                if last > first:
                    self.setSpan(first, col, last - first + 1, 1)
        vh = self.verticalHeader()
        rows = hash(tuple(id(r.sub or r.item or r.clause or r.article) for r in model.rows))
        key = (model.shape, self._version, widths, rows)
        saved = self._states.get(key)
        if saved is not None:  # rows seen before (the whole table, a filter typed again)
            vh.restoreState(saved)  # 10,000 heights at once, not one by one
            self._states.move_to_end(key)
            return
        n = len(model.rows)
        self._per_line = {  # characters a line of each column holds, for _estimate
            col: max(int(self.text_width(col) / self._wide_advance), 1) for col in OWN_COLUMNS
        }
        # The window's first paint waits for this: then even a small plan measures only
        # the rows on the screen first (the demo's 60 rows were a twentieth of the start).
        first, self._laid_out = not self._laid_out, True
        lazy = n > LAZY_ROWS or first
        heights = [self._estimate(r) for r in range(n)] if lazy else [0.0] * n
        if n > LAZY_ROWS:
            now = self._near_view(n)
        elif lazy:
            now = self._fill_screen(heights)
        else:
            now = range(n)
        for r in now:
            heights[r] = self._own_height(r)
        if now:  # spans further down grow when their rows are measured (_measure_more)
            self._grow_spans(heights, now.start, now.stop - 1)
        with self._top_kept(n > LAZY_ROWS):
            for r, h in enumerate(heights):
                vh.resizeSection(r, int(h + 0.999))
        if lazy:
            self._pending = [r for r in range(n) if self._own.get(self._sub_id(r)) is None]
            self._pending_key = key
        if self._pending and first:
            self._after_paint = True  # a zero timer would still run before the paint
            self.viewport().update()
        elif self._pending:
            self._measuring.start()
        elif n > 200:
            self._save_state(key)

    def _sub_id(self, row: int) -> int | None:
        sub = self.table.rows[row].sub
        return None if sub is None else sub.id

    def measuring(self) -> bool:
        """Whether rows are still waiting to be measured (after the first paint, or in
        a big table's slices)."""
        return bool(self._pending) or self._after_paint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint:
            self._after_paint = False
            self._measuring.start()

    def _fit_header(self) -> None:
        """As many lines for the column names as the narrowest needs (具体工作内容 takes
        two at 150 % on a 1366 screen), up to three."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        room = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 2
        lines = 1
        for c in range(self.table.columnCount()):
            name = str(self.table.headerData(c, Qt.Orientation.Horizontal) or "")
            usable = max(self.columnWidth(c) - room, 1)
            lines = max(lines, min(3, math.ceil(metrics.horizontalAdvance(name) / usable)))
        header.setFixedHeight(header.sizeHint().height() + (lines - 1) * metrics.lineSpacing())

    def _fill_screen(self, heights: list[float]) -> range:
        """Rows from the top, measured, until they fill the view twice over: what the
        first paint shows is exact (the estimates run far too tall for that)."""
        room = 2 * max(self.viewport().height(), 1)
        end = 0
        while end < len(heights) and room > 0:
            heights[end] = self._own_height(end)
            room -= heights[end]
            end += 1
        return range(end)

    def _near_view(self, n: int) -> range:
        top = max(self.rowAt(0), 0)
        return range(max(top - 20, 0), min(top + 120, n))

    def _estimate(self, row: int) -> float:
        """A row's height from the number of characters: close enough until measured."""
        sub = self.table.rows[row].sub
        if sub is None:
            return self._minimum
        found = self._own.get(sub.id)
        if found is not None:
            return found
        lines = 1
        for col, per_line in self._per_line.items():  # each character taken as wide
            text = cell_text(sub, col)
            lines = max(lines, -(-len(text) // per_line) + text.count("\n"))
        return lines * self._spacing + 2 * PAD_Y + 1

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.lay_out()

    def _measure_in_view(self, *_args: object) -> None:
        """Rows scrolled into view before the slices reached them are measured at once,
        and the spans they are in grown, so what the clerk reads is never cut."""
        if not self._pending:
            return
        vh = self.verticalHeader()
        n = len(self.table.rows)
        with self._top_kept():
            changed = True
            while changed:  # rows measured shorter bring more rows into view
                changed = False
                lo = max(self.rowAt(0), 0)
                bottom = self.rowAt(self.viewport().height() - 1)
                hi = min(n - 1 if bottom < 0 else bottom, lo + 200)
                for r in range(lo, hi + 1):
                    new = int(self._own_height(r) + 0.999)
                    if new != vh.sectionSize(r):
                        vh.resizeSection(r, new)
                        changed = True
            for col in SPANNED:
                for first, last in self.table.spans[col]:
                    if last < lo or first > hi or last == first:
                        continue
                    node = self.table.node_at(first, col)
                    if node is None:
                        continue
                    need = self._height(node, col) + (BAR_HEIGHT if col in ROLLUP_COLUMNS else 0)
                    have = sum(vh.sectionSize(r) for r in range(first, last + 1))
                    if need > have:
                        vh.resizeSection(last, int(vh.sectionSize(last) + need - have + 0.999))

    def _measure_more(self) -> None:
        """One slice of the measuring a big table's lay_out left: exact heights replace
        the estimates; the rows in view stay where they are."""
        if not self._pending:
            return
        chunk, self._pending = self._pending[:MEASURE_SLICE], self._pending[MEASURE_SLICE:]
        vh = self.verticalHeader()
        with self._top_kept():
            for r in chunk:
                if r < len(self.table.rows):
                    new = int(self._own_height(r) + 0.999)
                    if new != vh.sectionSize(r):
                        vh.resizeSection(r, new)
        if self._pending:
            self._measure_in_view()  # a span in view that this slice shrank grows again
            self._measuring.start()
            return
        n = len(self.table.rows)  # all measured: spans grow where they need, as a small table
        heights = [self._own_height(r) for r in range(n)]
        self._grow_spans(heights, 0, n - 1)
        with self._top_kept():
            for r, h in enumerate(heights):
                if vh.sectionSize(r) != int(h + 0.999):
                    vh.resizeSection(r, int(h + 0.999))
        self._save_state(self._pending_key)

    @contextmanager
    def _top_kept(self, keep: bool = True) -> Iterator[None]:
        """The row at the top of the view stays there while rows above change height;
        a view scrolled to the end stays at the end."""
        bar = self.verticalScrollBar()
        at_end = keep and bar.maximum() > 0 and bar.value() == bar.maximum()
        top = self.rowAt(0) if keep else -1
        offset = self.rowViewportPosition(top) if top >= 0 else 0
        yield
        if at_end:
            self.updateGeometries()  # the new range now, not on the next event
            bar.setValue(bar.maximum())
        elif top >= 0:
            bar.setValue(self.verticalHeader().sectionPosition(top) - offset)

    def _save_state(self, key: tuple) -> None:
        self._states[key] = self.verticalHeader().saveState()
        while len(self._states) > 6:
            self._states.popitem(last=False)

    def _grow_spans(self, heights: list[float], lo: int, hi: int) -> None:
        """A spanning cell taller than its rows grows its last row."""
        model = self.table
        for col in SPANNED:
            for first, last in model.spans[col]:
                if last < lo or first > hi:
                    continue
                node = model.node_at(first, col)
                if node is None:
                    continue
                need = self._height(node, col) + (BAR_HEIGHT if col in ROLLUP_COLUMNS else 0)
                have = sum(heights[first : last + 1])
                if need > have:
                    heights[last] += need - have

    def _forget(self) -> None:
        self._heights, self._own = {}, {}
        self._states.clear()
        self._version += 1

    def _words_changed(self, node_id: int) -> None:
        if node_id == ALL_NODES:
            self._forget()
            return
        for col in range(C_PROGRESS):
            self._heights.pop((node_id, col), None)
        self._own.pop(node_id, None)
        self._states.clear()
        self._version += 1

    def _data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] = ()
    ) -> None:
        if roles and Qt.ItemDataRole.DisplayRole not in roles:
            return  # progress marks only: no words to measure
        first, last = top_left.row(), bottom_right.row()
        if last - first > 200:
            self.lay_out()
            return
        model = self.table
        lo, hi = first, last
        for col in SPANNED:  # the spans these rows are in are measured again too
            lo = min(lo, model.span_at(first, col)[0])
            hi = max(hi, model.span_at(last, col)[1])
        heights = [self._own_height(r) if lo <= r <= hi else 0.0 for r in range(hi + 1)]
        self._grow_spans(heights, lo, hi)
        vh = self.verticalHeader()
        for r in range(lo, hi + 1):
            vh.resizeSection(r, int(heights[r] + 0.999))

    # -- the current row --------------------------------------------------------
    def in_current_row(self, index: AnyIndex) -> bool:
        current = self.currentIndex()
        if not current.isValid():
            return False
        first, last = self.table.span_at(index.row(), index.column())
        return first <= current.row() <= last

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        self.viewport().update()  # the band follows the current row across its spans

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # A wheel notch moves three lines of text, not three average rows (three
        # quarters of the screen at once: the eye lost its line).
        self.verticalScrollBar().setSingleStep(max(int(self._spacing), 1))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self.move_down()  # as in a spreadsheet
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Chinese typed on a selected cell starts editing it with what was typed (Qt
        opens the editor but does not pass the input method's text on)."""
        index = self.currentIndex()
        typed = event.commitString() or event.preeditString()
        if (
            typed
            and index.isValid()
            and self.state() != QAbstractItemView.State.EditingState
            and index.column() not in UNIT_COLUMNS
            and self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
        ):
            editor = QApplication.focusWidget()
            if isinstance(editor, QPlainTextEdit):
                QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    def select_node(self, node: Node) -> None:
        row = self.table.row_of(node.id)
        if row is None:
            return
        column = {0: 0, 1: 1, 2: 2}.get(int(node.level) - 1, 4)
        index = self.table.index(row, column)
        if self.currentIndex() != index:
            self.setCurrentIndex(index)
        self.scrollTo(index)

    # -- editing ------------------------------------------------------------------
    def edit(  # type: ignore[override]
        self, index: QModelIndex, trigger: QAbstractItemView.EditTrigger, event: QEvent | None
    ) -> bool:
        if index.isValid() and index.column() in UNIT_COLUMNS:
            node = self.table.node_at(index.row(), index.column())
            if node is not None and self._starts_edit(trigger):
                self._pick_units(node)
            return False
        return super().edit(index, trigger, event)

    def _starts_edit(self, trigger: QAbstractItemView.EditTrigger) -> bool:
        # Not AllEditTriggers: that is Tab arriving from the cell before, which moves
        # onto the units cell without opening a dialog, as a spreadsheet does.
        if trigger == QAbstractItemView.EditTrigger.AllEditTriggers:
            return False
        return bool(trigger & self.editTriggers())

    def commit_cell(self, index: AnyIndex, value: str) -> None:
        node = self.table.node_at(index.row(), index.column())
        if node is not None:
            self._commit(node, index.column(), value)

    def move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        last = self.table.span_at(current.row(), current.column())[1]
        if last + 1 < self.table.rowCount():
            self.setCurrentIndex(self.table.index(last + 1, current.column()))

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab go through the cells a row owns; a spanning cell is
        visited once, in the row where it starts."""
        current = self.currentIndex()
        step = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }.get(action)
        if step is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        row, col = current.row(), current.column()
        rows, cols = self.table.rowCount(), C_PROGRESS
        while True:
            col += step
            if col >= cols:
                row, col = row + 1, 0
            elif col < 0:
                row, col = row - 1, cols - 1
            if not 0 <= row < rows:
                return current
            starts_here = self.table.span_at(row, col)[0] == row
            if starts_here and self.table.node_at(row, col) is not None:
                return self.table.index(row, col)
