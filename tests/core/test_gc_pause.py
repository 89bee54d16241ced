"""The cycle collector is paused only while a big table is read or written."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from soildesk.errors import ValidationError
from soildesk.gc_pause import collector_paused
from soildesk.importing import load_file


def test_the_collector_runs_again_after_the_work_and_after_an_error(tmp_path: Path) -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer pause holds
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError):
        load_file(broken)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
