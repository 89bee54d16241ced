"""Turn a grid holding a 任务分解表 into a four-level draft tree. The header is found by
meaning (header.py); an empty 条/款/项 cell means "merged with the cell above".

Every cell keeps the document's words; every clean-up applied to a messy real file is
reported, never silent. Columns beyond the known ones are kept on their sub-items."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..domain import Level, NodeDraft, count_levels
from ..errors import ValidationError
from ..numbering import split_number
from ..unit_text import ParsedUnits, parse_units
from .grid import MAX_CELL, Grid
from .header import Col, Header, find_header

HEADER = ("条内容", "款内容", "项内容", "责任单位", "小项内容", "责任单位", "具体工作内容")
_SPACES = re.compile(r"[ \u3000\xa0]{2,}")
_LABEL = re.compile(r"^附件\s*\d*\s*[：:]?$")


@dataclass(slots=True)
class ImportResult:
    title: str = ""
    label: str = ""
    roots: list[NodeDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)  # kept columns, in order
    shape: str = "levels"

    def counts(self) -> dict[Level, int]:
        return count_levels(self.roots)


def _has_space(text: str) -> bool:
    return " " in text or "\u3000" in text or "\xa0" in text  # rare in Chinese text


def clean_cell(text: str | None) -> tuple[str, bool]:
    """Trim lines and collapse runs of spaces; True when something was changed."""
    if not text:
        return "", False
    runs = _has_space(text) and _SPACES.search(text) is not None
    if "\n" not in text and "\r" not in text and not runs:
        stripped = text.strip()  # the common case, without splitting into lines
        return stripped, stripped != text
    raw = str(text).replace("\r\n", "\n")
    if runs:
        lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    else:
        lines = [line.strip() for line in raw.split("\n")]
    cleaned = "\n".join(line for line in lines if line)
    return cleaned, cleaned != raw.strip()


def drop_repeated_line(text: str) -> tuple[str, str | None]:
    """A merged cell whose text is repeated on a second line, sometimes with an old
    number (五、… then 三、…): keep the first line. Returns (text, dropped line)."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text, None
    first = split_number(lines[0])[1]
    for i in range(1, len(lines)):
        if split_number(lines[i])[1] == first:
            dropped = lines[i]
            return "\n".join(lines[:i] + lines[i + 1 :]), dropped
    return text, None


@lru_cache(maxsize=4096)
def _parse(text: str) -> ParsedUnits:
    return parse_units(text)  # real tables repeat the same unit cells many times


class Cells:
    """One row's cells by meaning, with what a vertical merge continues from above."""

    def __init__(self, grid: Grid, header: Header, r: int, continued: set[tuple[int, int]]):
        self.grid, self.header, self.r, self.continued = grid, header, r, continued
        self.values = grid.rows[r] if r < len(grid.rows) else []
        self.cleaned: list[str] = []  # where spaces were cleaned: 第19行“具体工作内容”
        self._read: dict[str, str] = {}

    def get(self, col: str) -> str:
        """A cell's cleaned text, read once however often it is asked for (the clean-up
        of a cell asked for twice was counted twice). An empty cell, most of a merged
        sheet's, is answered here: a 10,000-row import asks 100,000 times."""
        text = self._read.get(col)
        if text is None:
            c = self.header.columns.get(col)
            values = self.values
            empty = c is None or c >= len(values) or not values[c]
            text = self._read[col] = "" if empty else self._clean(col, c)  # type: ignore[arg-type]
        return text

    def _clean(self, col: str, c: int) -> str:
        text, changed = clean_cell(self.values[c])
        if changed:
            self.cleaned.append(f"{self.grid.where(self.r)}“{self.header.labels.get(c, col)}”")
        if len(text) > MAX_CELL:
            raise ValidationError(
                f"{self.grid.where(self.r)}“{self.header.labels.get(c, col)}”列的内容有 "
                f"{len(text)} 个字，超过一个单元格能容纳的 {MAX_CELL} 个字。请核对文件。"
            )
        return text

    def is_continued(self, col: str) -> bool:
        c = self.header.get(col)
        return c is not None and (self.r, c) in self.continued

    def extras(self, tops: dict[tuple[int, int], str]) -> dict[str, str]:
        out = {}
        for c, label in self.header.extras:
            text = clean_cell(self.grid.cell(self.r, c))[0] or tops.get((self.r, c), "")
            if text:
                out[label] = text
        return out

    def merged_value(self, col: str, tops: dict[tuple[int, int], str]) -> str:
        """A deadline or remark merged down over several sub-items belongs to each."""
        c = self.header.get(col)
        return self.get(col) or (tops.get((self.r, c), "") if c is not None else "")


class TreeBuilder:
    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.article: NodeDraft | None = None
        self.clause: NodeDraft | None = None
        self.item: NodeDraft | None = None
        self.item_units_text = ""
        self.sub: NodeDraft | None = None
        self.spaces_cleaned: list[str] = []

    def warn(self, where: str, message: str) -> None:
        self.result.warnings.append(f"{where}：{message}")

    def node(self, level: Level, text: str, where: str) -> NodeDraft:
        if level <= Level.CLAUSE:
            text, dropped = drop_repeated_line(text)
            if dropped:
                kept = text.split("\n", 1)[0]
                self.warn(
                    where,
                    f"{level.label}的文字在格中写了两遍，保留第一行“{kept[:24]}…”，"
                    f"去掉了重复的“{dropped[:24]}…”",
                )
        number, body = split_number(text)
        return NodeDraft(level=level, number=number, text=body)

    def units(self, node: NodeDraft, text: str, where: str) -> None:
        if not text:
            return
        node.units_text = text  # the cell word for word; the parsed units serve the rest
        parsed = _parse(text)
        if parsed.ok:
            node.units = list(parsed.units)
        else:
            node.units_raw = text
            self.warn(where, f"责任单位“{text[:40]}”无法识别为单位和分工，已原样保留并标记，请核对")

    def add(self, row: Cells, where: str, tops: dict[tuple[int, int], str]) -> None:
        a, c, i = row.get(Col.ARTICLE), row.get(Col.CLAUSE), row.get(Col.ITEM)
        iu, s, su, d = (row.get(k) for k in (Col.ITEM_UNITS, Col.SUB, Col.SUB_UNITS, Col.DUTIES))
        deadline = row.merged_value(Col.DEADLINE, tops)
        remark = row.merged_value(Col.REMARK, tops)
        extras = row.extras(tops)
        self.spaces_cleaned += row.cleaned
        if not any((a, c, i, iu, s, su, d)):
            if (deadline or remark or extras) and not row.is_continued(Col.DEADLINE):
                self.warn(where, "这一行只有完成时限、备注或其他列的内容，没有任务，已跳过，请核对")
            return
        if a:
            self.article = self.node(Level.ARTICLE, a, where)
            self.result.roots.append(self.article)
            self.clause = self.item = None
        if self.article is None:
            self.article = NodeDraft(Level.ARTICLE, text="（未填写条内容）")
            self.result.roots.append(self.article)
            self.warn(where, "表格开头没有“条内容”，已建立一个待填写的条")
        if c or self.clause is None:
            # A missing clause is kept as an empty one: the article's items hang under it.
            self.clause = self.node(Level.CLAUSE, c, where) if c else NodeDraft(Level.CLAUSE)
            self.article.children.append(self.clause)
            self.item = None
        if i:
            self.item = self.node(Level.ITEM, i, where)
            self.clause.children.append(self.item)
            self.units(self.item, iu, where)
            self.item_units_text = iu
        elif self.item is None:
            # No item text: the sub-item stands for its own item.
            self.item = NodeDraft(Level.ITEM, text=split_number(s)[1] or "（未填写项内容）")
            self.clause.children.append(self.item)
            self.units(self.item, iu, where)
            self.item_units_text = iu
            self.warn(where, "这一行没有“项内容”，已用小项内容作为项")
        elif iu:
            same = iu == self.item_units_text
            self.warn(
                where,
                "项的责任单位在同一项的续行中又填写了一次"
                + (
                    "（内容相同），已忽略"
                    if same
                    else f"（“{iu[:30]}…”与上文不同），按“项内容”列归入同一项，已忽略该格，请核对"
                ),
            )
        if not s:
            if su or d:
                self.warn(where, "这一行有责任单位或工作内容，但没有小项内容，已跳过，请核对")
            return
        number, body = split_number(s)
        sub = NodeDraft(
            Level.SUBITEM, number=number, text=body, duties=d, deadline_text=deadline,
            remark=remark, extras=extras,
        )  # fmt: skip
        self.units(sub, su, where)
        self.item.children.append(sub)
        self.sub = sub

    def extend_subitem(self, row: Cells) -> bool:
        """A row whose sub-item cell is merged with the row above: its own duty text
        belongs to that sub-item. False when there is no sub-item to extend."""
        if self.sub is None:
            return False
        duties = row.get(Col.DUTIES)
        self.spaces_cleaned += row.cleaned
        if duties:
            self.sub.duties = f"{self.sub.duties}\n{duties}" if self.sub.duties else duties
        return True

    def finish(self) -> ImportResult:
        if self.spaces_cleaned:
            places = "、".join(self.spaces_cleaned[:10]) + (
                "等" if len(self.spaces_cleaned) > 10 else ""
            )
            self.result.warnings.append(
                f"清理了 {len(self.spaces_cleaned)} 个单元格中多余的空格和空行（{places}）"
            )
        return self.result


def apply_preamble(result: ImportResult, lines: Iterable[str]) -> None:
    """The text above the table: the 附件 label, then the title."""
    for line in lines:
        if _LABEL.match(line):
            result.label = line
        elif not result.title:
            result.title = line


def preamble(grid: Grid, header: Header) -> list[str]:
    return [cell.strip() for row in grid.rows[: header.top] for cell in row if cell.strip()]


def merge_maps(
    grid: Grid, header: Header, structure: tuple[str, ...]
) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    """Cells below the header that continue a vertical merge, and the text each one
    continues (the merge's top cell). Merges in the `structure` columns (an empty cell
    there already means "as above") are skipped: they are most of a sheet's merges."""
    skip = {header.columns[k] for k in structure if k in header.columns}
    continued: set[tuple[int, int]] = set()
    tops: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in grid.merges:
        if r1 <= header.row or r1 == r0 or (c0 in skip and c1 == c0):
            continue
        top = clean_cell(grid.cell(r0, c0))[0]
        for r in range(max(r0 + 1, header.row + 1), r1 + 1):
            for c in range(c0, c1 + 1):
                continued.add((r, c))
                tops[(r, c)] = top
    return continued, tops


def reads_as_a_return(columns: Iterable[str]) -> bool:
    """Whether a table's other columns are those of the return to the city (进展情况表,
    returns.COLUMNS): the breakdown's columns, then its period's 进展情况 and 完成状态."""
    return {"进展情况", "完成状态"} <= set(columns)


def report_columns(result: ImportResult, header: Header) -> None:
    if header.get(Col.SEQ) is not None:
        result.warnings.append("识别到“序号”列：序号按行的位置重新生成，不单独保存")
    if header.get(Col.DEADLINE) is not None:
        result.warnings.append("“完成时限”列已作为各小项的完成时限文字保存，并据此建议完成日期")
    if header.get(Col.REMARK) is not None:
        result.warnings.append("“备注”列已作为各小项的备注保存，导出时原样写回")
    result.extra_columns = [label for _, label in header.extras]
    if reads_as_a_return(result.extra_columns):
        result.warnings.insert(
            0,
            "这个文件像是进展情况表（报送给市里的表），不是任务分解表：它的进展情况、完成状态"
            "等列会作为其他列保存。要导入任务分解表，请选择任务分解表文件",
        )
    for label in result.extra_columns:
        result.warnings.append(f"表中有“{label}”列，SoilDesk 已原样保存在各小项上，导出时写回")


def build_levels(grid: Grid, header: Header) -> ImportResult:
    """The official shape: 条 | 款 | 项 | 责任单位 | 小项 | 责任单位 | 具体工作内容 (any order)."""
    result = ImportResult()
    apply_preamble(result, preamble(grid, header))
    structure = (Col.ARTICLE, Col.CLAUSE, Col.ITEM, Col.ITEM_UNITS)
    continued, tops = merge_maps(grid, header, structure)
    builder = TreeBuilder(result)
    spanned: list[str] = []
    for r in range(header.row + 1, len(grid.rows)):
        row = Cells(grid, header, r, continued)
        if (
            not row.get(Col.SUB)
            and (row.is_continued(Col.SUB) or row.is_continued(Col.SUB_UNITS))
            and builder.extend_subitem(row)
        ):
            spanned.append(str(r + 1))
            continue
        builder.add(row, grid.where(r), tops)
    builder.finish()
    if spanned:
        result.warnings.append(
            f"第{'、'.join(spanned[:10])}{'等' if len(spanned) > 10 else ''}行的小项单元格与上一行合并，"
            "已按同一个小项读取（该行的工作内容并入上一行）"
        )
    report_columns(result, header)
    return result


def import_grid(grid: Grid) -> ImportResult | None:
    """A grid's breakdown, in whichever known shape it has; None when it has no header."""
    header = find_header(grid)
    if header is None:
        return None
    if header.shape == "measures":
        from .measures import build_measures

        return build_measures(grid, header)
    return build_levels(grid, header)


def no_header_message(name: str) -> str:
    return (
        f"{name} 中没有找到任务分解表的表头。常见的表头是：{' | '.join(HEADER)}，"
        "或 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限；列的顺序不限，"
        "表头可以占两行。请确认选择的文件，或在 Excel/WPS 中补上表头后再导入。"
    )
