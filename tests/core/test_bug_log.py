"""The bug log: opened at the first record (not at every start), rotated at 1 MB with
the last three kept, and a log folder that cannot be written never stops the program."""

from __future__ import annotations

import logging

from soildesk.bugs import log, log_path, setup_logging


def test_the_log_file_is_made_at_the_first_record_only() -> None:
    setup_logging()
    assert not log_path().exists()
    log.error("第一条记录")
    assert "第一条记录" in log_path().read_text(encoding="utf-8")


def test_the_log_rolls_over_at_a_megabyte_keeping_three(tmp_path) -> None:
    setup_logging()
    line = "出错了" * 2000  # about 18 kB a record, once encoded
    for _ in range(300):  # about 5 MB in all
        log.error(line)
    for handler in log.handlers:
        handler.flush()
    kept = sorted(p.name for p in log_path().parent.iterdir())
    assert kept == ["soildesk.log", "soildesk.log.1", "soildesk.log.2", "soildesk.log.3"]
    assert all(p.stat().st_size <= (1 << 20) for p in log_path().parent.iterdir())


def test_a_log_that_cannot_be_opened_leaves_the_program_running(capsys) -> None:
    setup_logging()
    log_path().mkdir()  # where the file should be: opening it fails, as in a locked profile
    log.error("写不进去")
    logging.getLogger("soildesk").warning("也写不进去")
    assert capsys.readouterr().err == ""  # nothing in the clerk's console either
    assert log_path().is_dir()
