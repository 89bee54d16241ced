"""The text dump of a Word table (FORMAT.md §2): each cell starts with a tab, a line
without a leading tab continues the cell above, blank lines carry nothing, and every
seven cells make one row."""

from __future__ import annotations

from pathlib import Path

from ..errors import ValidationError
from .grid import MAX_ROWS, Grid
from .header import reads_as_header
from .table import HEADER, ImportResult, import_grid

MAX_BYTES = 20 * 1024 * 1024  # a real dump is tens of KB
WIDTH = len(HEADER)


def read_text(path: Path, what: str = "任务分解表的文本") -> str:
    """A text file in UTF-8 or GBK (as Chinese Windows saves it), within a size limit."""
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(
            f"{path.name} 有 {path.stat().st_size // (1024 * 1024)} MB，不像是{what}"
            f"（SoilDesk 最多读取 {MAX_BYTES // (1024 * 1024)} MB）。请确认选择的文件。"
        )
    data = path.read_bytes()
    if not data.strip():
        raise ValidationError(
            f"{path.name} 是空文件，里面没有任何内容。请确认选择的文件，或向发件单位重新索取。"
        )
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
    start = next(
        (i for i in range(max(len(cells) - WIDTH + 1, 0)) if reads_as_header(cells[i : i + WIDTH])),
        None,
    )
    if start is None:
        raise ValidationError(
            "没有找到任务分解表的表头。表头应为：" + " | ".join(HEADER) + "。请确认文件内容。"
        )
    body = cells[start:]
    if len(body) // WIDTH > MAX_ROWS:
        raise ValidationError(
            f"文件有 {len(body) // WIDTH} 行，超过 SoilDesk 一次能导入的 {MAX_ROWS} 行。"
        )
    table = [body[i : i + WIDTH] for i in range(0, len(body), WIDTH)]
    grid = _DumpGrid("文本", [[p] for p in preamble] + table)
    grid.offset = len(preamble)
    grid.lines = [cell_lines[start + i] for i in range(0, len(body), WIDTH)]
    result = import_grid(grid)
    assert result is not None  # the header was found above
    if len(body) % WIDTH:
        result.warnings.append(
            f"文件末尾有 {len(body) % WIDTH} 个单元格凑不成完整一行，已按缺少的单元格为空处理"
        )
    return result


class _DumpGrid(Grid):
    """Messages name the dump's own line numbers."""

    offset: int = 0
    lines: list[int] = []  # noqa: RUF012 - set per instance

    def where(self, r: int) -> str:
        i = r - self.offset
        return f"第{self.lines[i]}行" if 0 <= i < len(self.lines) else f"第{r + 1}行"


def load_text_dump(path: Path) -> ImportResult:
    return parse_text_dump(read_text(path))
