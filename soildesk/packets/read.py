"""Reading a packet a department returned. What it says is only trusted after its
structure checks out: the packet's own checksum, then every locked cell's fingerprint
against the one it was sent with. A packet that fails is refused with what differs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ValidationError
from ..importing.grid import Grid, read_spreadsheet
from . import layout as L

HINT = "请确认选择的是 SoilDesk 生成、由部门填好的填报表（.xlsx）。"
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class PacketRefused(ValidationError):
    """A packet that cannot be taken in as it is: the message says what differs."""


@dataclass(frozen=True, slots=True)
class Answer:
    row: int  # 1-based row in the sheet, as the department sees it
    key: str  # the sub-item's key
    sent: tuple[str, ...]  # the five fill-in values as the packet went out
    given: tuple[str, ...]  # as it came back (a date as YYYY-MM-DD when it reads as one)

    @property
    def empty(self) -> bool:
        return not any(self.given)


@dataclass
class ReturnedPacket:
    path: Path
    sha256: str
    database_id: str
    plan_name: str
    period_name: str
    unit_name: str
    unit_id: int
    made_at: str
    answers: list[Answer] = field(default_factory=list)
    outside: list[int] = field(default_factory=list)  # rows below the table written in

    @property
    def answered(self) -> int:
        return sum(not a.empty for a in self.answers)


def is_packet(path: Path) -> bool:
    """Whether a file looks like a packet (an .xlsx naming the packet's hidden sheet),
    cheaply: a file dropped on a sub-item is evidence unless it is one."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 1 << 20:
                return False
            return L.KEY_SHEET.encode() in z.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def read_packet(path: Path) -> ReturnedPacket:
    path = Path(path)
    try:
        grids = {g.name: g for g in read_spreadsheet(path, include_hidden=True)}
    except ValidationError as exc:
        raise PacketRefused(str(exc)) from exc
    keys = grids.get(L.KEY_SHEET)
    if keys is None or not keys.rows or _cell(keys, 0, 0) != L.MAGIC:
        raise PacketRefused(
            f"{path.name} 不是 SoilDesk 生成的填报表（缺少填报表的核对信息）。{HINT}"
            "若是部门自己做的表格，请让其在 SoilDesk 发出的填报表中填写后再报回。"
        )
    meta = [_cell(keys, 0, c) for c in range(9)]
    if meta[1] != L.FORMAT_VERSION:
        raise PacketRefused(f"{path.name} 是新版 SoilDesk 生成的填报表，请先升级本程序。")
    stored = [(_cell(keys, r, 1), _cell(keys, r, 2)) for r in range(3, len(keys.rows))]
    if _cell(keys, 1, 1) != L.checksum(meta, [list(k) for k in stored]):
        raise PacketRefused(
            f"{path.name} 的隐藏核对信息被改动过，无法确认表中内容，已拒绝收录。"
            "请重新生成该单位的填报表，让其重新填写。"
        )
    packet = ReturnedPacket(
        path, _sha256(path), meta[2], meta[3], meta[4], meta[5], int(meta[6] or 0), meta[7]
    )
    sheet = grids.get(L.SHEET)
    if sheet is None:
        others = "、".join(f"“{n}”" for n in grids if n != L.KEY_SHEET)
        raise PacketRefused(
            f"{path.name} 中找不到工作表“{L.SHEET}”（现有：{others}），工作表可能被改名或删除，"
            f"已拒绝收录。请把工作表名称改回“{L.SHEET}”，或重新发一份填报表。"
        )
    header = [_cell(sheet, L.HEADER_ROW, c) for c in range(len(L.COLUMNS))]
    if header != list(L.COLUMNS):
        raise PacketRefused(
            f"{path.name} 第 {L.HEADER_ROW + 1} 行的栏目与发出时不同"
            f"（现为：{' | '.join(h for h in header if h) or '空'}），列可能被插入、删除或改名，已拒绝收录。"
        )
    _check_rows(path, sheet, stored)
    for i, (key, _digests) in enumerate(stored):
        r = L.FIRST_DATA_ROW + i
        sent = tuple(_cell(keys, 3 + i, 3 + c) for c in range(len(L.FILL)))
        given = tuple(_cell(sheet, r, L.FIRST_FILL + c).strip() for c in range(len(L.FILL)))
        given = (*given[:2], _date_text(given[2]), *given[3:])
        packet.answers.append(Answer(r + 1, key, sent, given))
    below = range(L.FIRST_DATA_ROW + len(stored), len(sheet.rows))
    packet.outside = [
        r + 1 for r in below if any(_cell(sheet, r, c).strip() for c in range(len(L.COLUMNS)))
    ]
    return packet


def _check_rows(path: Path, sheet: Grid, stored: list[tuple[str, str]]) -> None:
    """Every row's locked cells as sent, in order; else say where the first difference
    is: a row deleted, inserted or moved, or a cell rewritten."""
    found = [
        L.row_digests([_cell(sheet, L.FIRST_DATA_ROW + i, c) for c in range(L.STRUCTURE)])
        for i in range(max(len(sheet.rows) - L.FIRST_DATA_ROW, 0))
    ]
    while found and found[-1] == L.row_digests([""] * L.STRUCTURE):
        found.pop()  # empty rows below the table
    expected = [d for _k, d in stored]
    if found == expected:
        return
    for i, want in enumerate(expected):
        row = L.FIRST_DATA_ROW + i + 1
        if i >= len(found):
            raise PacketRefused(
                f"{path.name} 从第 {row} 行起少了 {len(expected) - i} 行（行被删除），已拒绝收录。"
                "请用发出的原表重新填写，不要删除行。"
            )
        if found[i] == want:
            continue
        if i + 1 < len(expected) and found[i] == expected[i + 1]:
            raise PacketRefused(
                f"{path.name} 第 {row} 行（原表中的一个小项）被删除，已拒绝收录。"
                "请用发出的原表重新填写，不要删除行。"
            )
        if i + 1 < len(found) and found[i + 1] == want:
            raise PacketRefused(
                f"{path.name} 第 {row} 行是插入的行，已拒绝收录。请删去插入的行，"
                "需要补充的情况写在“进展情况”或“备注”栏中。"
            )
        have, sent = found[i].split(), want.split()
        col = next(c for c in range(L.STRUCTURE) if have[c] != sent[c])
        text = _cell(sheet, row - 1, col)
        raise PacketRefused(
            f"{path.name} 第 {row} 行“{L.COLUMNS[col]}”栏与发出时不同"
            f"（现为：“{text[:30]}{'…' if len(text) > 30 else ''}”），锁定的任务原文被改动，已拒绝收录。"
            "请用发出的原表重新填写，任务原文有误请另行告知县里。"
        )
    raise PacketRefused(
        f"{path.name} 在第 {L.FIRST_DATA_ROW + len(expected) + 1} 行起多了 "
        f"{len(found) - len(expected)} 行（行被插入），已拒绝收录。请删去插入的行。"
    )


def _cell(grid: Grid, r: int, c: int) -> str:
    if r >= len(grid.rows) or c >= len(grid.rows[r]):
        return ""
    return grid.rows[r][c]


def _date_text(text: str) -> str:
    """A date the department typed or picked, as YYYY-MM-DD; other text as it stands
    (the review says it is not a date)."""
    m = _DATE.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return text
    return text


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
