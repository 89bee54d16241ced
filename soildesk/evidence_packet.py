"""佐证材料包 for the city: one zip per period (or per unit) with a folder per sub-item
named by its numbers, an index workbook (目录.xlsx) listing every file with its
sub-item, and SHA256SUMS, so the city can check that every file arrived whole."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

from .db.database import Database
from .domain import Node, PlanInfo, UnitInfo
from .evidence import EvidenceStore, human_size
from .export.table import unit_keeper
from .files import atomic_output, safe_filename
from .reports.data import gather
from .unit_text import unit_cell

INDEX = "目录.xlsx"
SUMS = "SHA256SUMS"
_TRAILING = re.compile(r"[、.．,，\s]+$")


@dataclass
class EvidencePacket:
    path: Path
    files: int = 0
    subitems: int = 0
    missing: list[str] = field(default_factory=list)  # files the store no longer has


def folder_name(sub: Node, seq: int) -> str:
    """一-（一）-1 from the numbers of the sub-item and its parents; 第12项 without any."""
    parts = []
    node: Node | None = sub
    while node is not None:
        number = _TRAILING.sub("", node.number.strip())
        if number:
            parts.append(number)
        node = node.parent
    name = "-".join(reversed(parts))
    return safe_filename(name) if name else f"第{seq}项"


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        taken.add(name)
        return name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while f"{stem}（{n}）{suffix}" in taken:
        n += 1
    taken.add(f"{stem}（{n}）{suffix}")
    return f"{stem}（{n}）{suffix}"


def export_evidence(
    db: Database,
    plan: PlanInfo,
    period_name: str | None,
    target: Path,
    unit: UnitInfo | None = None,
    today: date | None = None,
) -> EvidencePacket:
    data = gather(db, plan, period_name, today)
    store = EvidenceStore(db)
    keep = unit_keeper(unit.id) if unit else None
    subs = [s for s in data.subitems() if keep is None or keep(s)]
    result = EvidencePacket(Path(target))
    index: list[list[str]] = []
    sums: list[str] = []
    folders: set[str] = set()
    with atomic_output(Path(target)) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for seq, sub in enumerate(subs, start=1):
            attachments = data.evidence.get(sub.id, [])
            if not attachments:
                continue
            folder = _unique(folder_name(sub, seq), folders)
            names: set[str] = set()
            result.subitems += 1
            for att in attachments:
                name = _unique(safe_filename(att.original_name), names)
                member = f"{folder}/{name}"
                source = store.path_for(att.sha256)
                if not source.is_file():
                    result.missing.append(f"{folder}/{att.original_name}")
                    index.append([str(len(index) + 1), folder, sub.display, unit_cell(sub, sub.number),
                                  att.original_name, "", att.sha256, "文件缺失，未打包"])  # fmt: skip
                    continue
                digest = _copy(z, source, member)
                if digest != att.sha256:  # changed on disk since it was stored: say so
                    result.missing.append(f"{member}（内容与入库时不同）")
                sums.append(f"{digest}  {member}")
                result.files += 1
                index.append([str(len(index) + 1), folder, sub.display, unit_cell(sub, sub.number),
                              name, human_size(att.size), digest, att.note])  # fmt: skip
        z.writestr(
            INDEX, _index_workbook(plan, data.period.name if data.period else "", unit, index)
        )
        z.writestr(SUMS, "\n".join(sums) + ("\n" if sums else ""))
    return result


def _copy(z: zipfile.ZipFile, source: Path, member: str) -> str:
    h = hashlib.sha256()
    with source.open("rb") as src, z.open(member, "w", force_zip64=True) as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            h.update(block)
            dst.write(block)
    return h.hexdigest()


def _index_workbook(
    plan: PlanInfo, period: str, unit: UnitInfo | None, rows: list[list[str]]
) -> bytes:
    import xlsxwriter

    from .export.fonts import HEADER_FONT, body_font

    buf = BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})  # fmt: skip
    ws = wb.add_worksheet("目录")
    body = {"font_name": body_font(), "font_size": 11, "border": 1, "text_wrap": True,
            "valign": "vcenter"}  # fmt: skip
    fmt = wb.add_format(body)
    head = wb.add_format({**body, "font_name": HEADER_FONT, "align": "center", "bold": True})
    title = wb.add_format({"font_name": HEADER_FONT, "font_size": 16, "align": "center"})
    headers = ["序号", "文件夹", "小项", "责任单位", "文件名", "大小", "SHA256", "备注"]
    widths = [6, 14, 40, 20, 28, 10, 20, 16]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    who = f"（{unit.name}）" if unit else ""
    ws.merge_range(0, 0, 0, len(headers) - 1, f"{plan.name}{who}{period}佐证材料目录", title)
    ws.set_row(0, 30)
    ws.write_row(1, 0, headers, head)
    for r, row in enumerate(rows, start=2):
        ws.write_row(r, 0, row, fmt)
    if not rows:
        ws.merge_range(2, 0, 2, len(headers) - 1, "本期没有佐证材料。", fmt)
    ws.repeat_rows(1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.freeze_panes(2, 0)
    wb.close()
    return buf.getvalue()
