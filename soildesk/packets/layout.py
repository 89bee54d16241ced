"""What a packet looks like, shared by the writer and the reader: its sheets, columns
and rows, and the fingerprints that tell whether its structure was altered.

Sheet protection is weak (any tool lifts it), so the reader does not trust the lock: it
recomputes a fingerprint of every structure cell as it reads it and compares it with
the one the very hidden sheet carries, itself covered by a checksum."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from ..export.table import HEADER
from ..progress import STATUS_LABELS, Status

SHEET = "填报表"
KEY_SHEET = "_soildesk_packet"
MAGIC = "soildesk-packet"
FORMAT_VERSION = "1"

DEADLINE = "完成时限"
FILL = ("进展情况", "完成状态", "完成日期", "滞后原因", "备注")
COLUMNS = (*HEADER, DEADLINE, *FILL)
STRUCTURE = len(HEADER) + 1  # the seven columns and 完成时限: nobody changes them
FIRST_FILL = STRUCTURE
STATUS_BY_LABEL = {label: status for status, label in STATUS_LABELS.items()}
STATUS_CHOICES = [STATUS_LABELS[s] for s in Status]

# Rows, 0-based: instructions, title, the unit and period line, the header, then data.
NOTE_ROW, TITLE_ROW, INFO_ROW, HEADER_ROW = 0, 1, 2, 3
FIRST_DATA_ROW = 4

INSTRUCTIONS = (
    "填报说明：1．只需填写右侧“进展情况、完成状态、完成日期、滞后原因、备注”五栏（白底可填），"
    "其余各栏为任务原文，已锁定，请勿修改、增删行或改动工作表名称，否则县里无法收录。"
    "2．完成状态请从下拉列表中选择：已完成 / 推进中 / 未启动 / 滞后；选“滞后”的须填写滞后原因；"
    "“已完成”的请填写完成日期（如 2024-06-30）。3．填好后保存（仍为 .xlsx 格式，文件名可不改）。"
    "4．佐证材料的文件名前请加上表中左侧的行号（如“5-验收报告.pdf”），或放进名为“第5行”的文件夹，"
    "与本表一起压缩成一个 .zip 报送。"
)


def cell_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def row_digests(cells: Sequence[str]) -> str:
    """The structure cells of one row as read back (a merged range's lower cells are
    empty), one short fingerprint each."""
    return " ".join(cell_digest(c) for c in cells)


def checksum(meta: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Covers the packet's identity, the header and every row's key and fingerprints."""
    payload = json.dumps([list(meta), list(COLUMNS), [list(r) for r in rows]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
