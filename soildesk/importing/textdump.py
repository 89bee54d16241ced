"""The text dump of a Word table (FORMAT.md §2): each cell starts with a tab, a line
without a leading tab continues the cell above, blank lines carry nothing, and every
seven cells make one row."""

from __future__ import annotations

from pathlib import Path

from ..errors import ValidationError
from .table import HEADER, ImportResult, SourceRow, apply_preamble, build_tree, is_header


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"{path.name} 不是可识别的文本文件（既不是 UTF-8 也不是 GBK 编码）。")


def parse_text_dump(text: str) -> ImportResult:
    preamble: list[str] = []
    cells: list[str] = []
    cell_lines: list[int] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith("\t"):
            cells.append(line[1:])
            cell_lines.append(lineno)
        elif not line.strip():
            continue
        elif cells:
            cells[-1] += "\n" + line
        else:
            preamble.append(line.strip())
    start = next((i for i in range(0, max(len(cells) - 6, 0)) if is_header(cells[i : i + 7])), None)
    if start is None:
        raise ValidationError(
            "没有找到任务分解表的表头。表头应为：" + " | ".join(HEADER) + "。请确认文件内容。"
        )
    body = cells[start + 7 :]
    rows = [
        SourceRow(tuple(body[i : i + 7]), f"第{cell_lines[start + 7 + i]}行")
        for i in range(0, len(body), 7)
    ]
    result = build_tree(rows)
    if len(body) % 7:
        result.warnings.append(
            f"文件末尾有 {len(body) % 7} 个单元格凑不成完整一行，已按缺少的单元格为空处理"
        )
    apply_preamble(result, preamble)
    return result


def load_text_dump(path: Path) -> ImportResult:
    return parse_text_dump(read_text(path))
