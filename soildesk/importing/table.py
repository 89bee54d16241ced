"""Turn the rows of a 任务分解表 (seven cells each, an empty cell in the first four
columns meaning "merged with the cell above") into a four-level draft tree.

Every clean-up applied to a messy real file is reported, never silent."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain import Level, NodeDraft
from ..numbering import split_number
from ..unit_text import parse_units

HEADER = ("条内容", "款内容", "项内容", "责任单位", "小项内容", "责任单位", "具体工作内容")
_HEADER_VARIANTS = (
    {"条内容", "条"},
    {"款内容", "款"},
    {"项内容", "项"},
    {"责任单位", "责任部门"},
    {"小项内容", "小项"},
    {"责任单位", "责任部门"},
    {"具体工作内容", "工作内容", "具体工作"},
)
_SPACES = re.compile(r"[ \u3000\xa0]{2,}")


@dataclass(frozen=True, slots=True)
class SourceRow:
    cells: tuple[str, ...]  # seven cells
    where: str  # for messages: 第12行


@dataclass(slots=True)
class ImportResult:
    title: str = ""
    label: str = ""
    roots: list[NodeDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[Level, int]:
        counts = dict.fromkeys(Level, 0)
        stack = list(self.roots)
        while stack:
            d = stack.pop()
            counts[d.level] += 1
            stack.extend(d.children)
        return counts


def is_header(cells: Iterable[str]) -> bool:
    norm = [re.sub(r"\s+", "", c or "") for c in cells]
    return len(norm) >= 7 and all(n in v for n, v in zip(norm[:7], _HEADER_VARIANTS, strict=False))


def clean_cell(text: str | None) -> tuple[str, bool]:
    """Trim lines and collapse runs of spaces; True when something was changed."""
    if not text:
        return "", False
    lines = [_SPACES.sub(" ", line).strip() for line in str(text).replace("\r\n", "\n").split("\n")]
    cleaned = "\n".join(line for line in lines if line)
    return cleaned, cleaned != str(text).strip()


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


class TreeBuilder:
    def __init__(self) -> None:
        self.result = ImportResult()
        self.article: NodeDraft | None = None
        self.clause: NodeDraft | None = None
        self.item: NodeDraft | None = None
        self.item_units_text = ""
        self.sub: NodeDraft | None = None
        self.spaces_cleaned = 0

    def warn(self, where: str, message: str) -> None:
        self.result.warnings.append(f"{where}：{message}")

    def _cell(self, row: SourceRow, i: int) -> str:
        text, changed = clean_cell(row.cells[i] if i < len(row.cells) else "")
        self.spaces_cleaned += changed
        return text

    def _node(self, level: Level, text: str, where: str) -> NodeDraft:
        if level <= Level.CLAUSE:
            text, dropped = drop_repeated_line(text)
            if dropped:
                self.warn(
                    where, f"{level.label}的文字重复了一遍（“{dropped[:20]}…”），已去掉重复的一行"
                )
        number, body = split_number(text)
        return NodeDraft(level=level, number=number, text=body)

    def _units(self, node: NodeDraft, text: str, where: str) -> None:
        if not text:
            return
        parsed = parse_units(text)
        if parsed.ok:
            node.units = list(parsed.units)
        else:
            node.units_raw = text
            self.warn(where, f"责任单位“{text[:40]}”无法识别为单位和分工，已原样保留并标记，请核对")

    def add(self, row: SourceRow) -> None:
        a, c, i, iu, s, su, d = (self._cell(row, k) for k in range(7))
        w = row.where
        if not any((a, c, i, iu, s, su, d)):
            return
        if a:
            self.article = self._node(Level.ARTICLE, a, w)
            self.result.roots.append(self.article)
            self.clause = self.item = None
        if self.article is None:
            self.article = NodeDraft(Level.ARTICLE, text="（未填写条内容）")
            self.result.roots.append(self.article)
            self.warn(w, "表格开头没有“条内容”，已建立一个待填写的条")
        if c or self.clause is None:
            # A missing clause is kept as an empty one: the article's items hang under it.
            self.clause = self._node(Level.CLAUSE, c, w) if c else NodeDraft(Level.CLAUSE)
            self.article.children.append(self.clause)
            self.item = None
        if i:
            self.item = self._node(Level.ITEM, i, w)
            self.clause.children.append(self.item)
            self._units(self.item, iu, w)
            self.item_units_text = iu
        elif self.item is None:
            # No item text: the sub-item stands for its own item.
            self.item = NodeDraft(Level.ITEM, text=split_number(s)[1] or "（未填写项内容）")
            self.clause.children.append(self.item)
            self._units(self.item, iu, w)
            self.item_units_text = iu
            self.warn(w, "这一行没有“项内容”，已用小项内容作为项")
        elif iu:
            same = iu == self.item_units_text
            self.warn(
                w,
                "项的责任单位在同一项的续行中又填写了一次"
                + (
                    "（内容相同），已忽略"
                    if same
                    else f"（“{iu[:30]}…”与上文不同），按“项内容”列归入同一项，已忽略该格，请核对"
                ),
            )
        if not s:
            if su or d:
                self.warn(w, "这一行有责任单位或工作内容，但没有小项内容，已跳过，请核对")
            return
        number, body = split_number(s)
        sub = NodeDraft(Level.SUBITEM, number=number, text=body, duties=d)
        self._units(sub, su, w)
        self.item.children.append(sub)
        self.sub = sub

    def extend_subitem(self, row: SourceRow) -> bool:
        """A row whose sub-item cell is merged with the row above: its own duty text
        belongs to that sub-item. False when there is no sub-item to extend."""
        if self.sub is None:
            return False
        duties = self._cell(row, 6)
        if duties:
            self.sub.duties = f"{self.sub.duties}\n{duties}" if self.sub.duties else duties
        return True

    def finish(self) -> ImportResult:
        if self.spaces_cleaned:
            self.result.warnings.append(f"清理了 {self.spaces_cleaned} 个单元格中多余的空格和空行")
        return self.result


_LABEL = re.compile(r"^附件\s*\d*\s*[：:]?$")


def apply_preamble(result: ImportResult, lines: Iterable[str]) -> None:
    """The text above the table: the 附件 label, then the title."""
    for line in lines:
        if _LABEL.match(line):
            result.label = line
        elif not result.title:
            result.title = line


def build_tree(rows: Iterable[SourceRow]) -> ImportResult:
    builder = TreeBuilder()
    for row in rows:
        builder.add(row)
    return builder.finish()
