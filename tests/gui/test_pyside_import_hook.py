"""PySide reads the source of each module imported after it, looking for __feature__
use; SoilDesk never selects a feature, so ui/__init__.py turns the reading off (30-50 ms
of every start from source)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

import ui  # noqa: F401 - installs the replacement


def test_a_module_imported_after_pyside_is_not_read(tmp_path: Path, monkeypatch) -> None:
    read: list[object] = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or real(obj))
    (tmp_path / "soildesk_probe_module.py").write_text("from PySide6.QtCore import QObject\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        exec("import soildesk_probe_module")  # an import statement, as PySide hooks those
    finally:
        sys.modules.pop("soildesk_probe_module", None)
    assert read == []


def test_a_module_using_pyside_still_works(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "soildesk_probe_widget.py").write_text(
        "from PySide6.QtCore import QObject, Signal\n"
        "class Probe(QObject):\n    changed = Signal(int)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        namespace: dict = {}
        exec("import soildesk_probe_widget as m", namespace)
        probe = namespace["m"].Probe()
        got: list[int] = []
        probe.changed.connect(got.append)
        probe.changed.emit(7)
        assert got == [7] and probe.objectName() == ""  # camelCase names, no feature
    finally:
        sys.modules.pop("soildesk_probe_widget", None)


pytestmark = pytest.mark.usefixtures("qapp")
