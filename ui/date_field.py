"""The program's one kind of date field: typed, or picked from its calendar."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget


def date_field(parent: QWidget, fmt: str, value: QDate | None = None) -> QDateEdit:
    """A date edit with a calendar popup and no spin buttons. With the buttons, Qt takes
    a click on the text of a calendar-popup date edit for its down button (the combo's
    edit field and the spin box's down button share a number), so every click put the
    date back a year and saved it. The arrow opens the calendar; the keys still step."""
    field = QDateEdit(parent) if value is None else QDateEdit(value, parent)
    field.setCalendarPopup(True)
    field.setDisplayFormat(fmt)
    field.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    return field
