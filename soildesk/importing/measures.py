"""The other common shape of 任务分解表 (FORMAT.md §2b):

    序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限 | 备注

Article headings (一、…) stand as rows of their own, merged across the sheet; a 重点任务
cell is merged down over its measures and becomes a clause; each measure row is a
sub-item, under one item per clause (the table has no item level: the item carries the
task's words). Lead and cooperating units stand in two columns; the sub-item's 责任单位
cell is written from them with their words kept."""

from __future__ import annotations

from ..domain import Level, NodeDraft
from ..numbering import split_number
from .grid import Grid
from .header import Col, Header
from .table import (
    Cells,
    ImportResult,
    TreeBuilder,
    apply_preamble,
    merge_maps,
    preamble,
    report_columns,
)

_ARTICLE_MARK = "一二三四五六七八九十"


def _heading(grid: Grid, header: Header, r: int, spans: dict[int, int]) -> str | None:
    """The text of an article heading row, or None for a row of measures."""
    filled = [(c, text.strip()) for c, text in enumerate(grid.rows[r]) if text.strip()]
    if len(filled) != 1:
        return None
    c, text = filled[0]
    if header.get(Col.MEASURE) == c:
        return None
    wide = spans.get(r, 0) >= 2  # merged across the sheet
    number = split_number(text)[0]
    return text if wide or (number and number[0] in _ARTICLE_MARK) else None


def build_measures(grid: Grid, header: Header) -> ImportResult:
    result = ImportResult(shape="measures")
    apply_preamble(result, preamble(grid, header))
    continued, tops = merge_maps(grid, header, (Col.TASK,))
    spans = {r0: c1 - c0 for r0, c0, r1, c1 in grid.merges if r0 == r1 and r0 > header.row}
    builder = TreeBuilder(result)
    article: NodeDraft | None = None
    clause: NodeDraft | None = None
    item: NodeDraft | None = None
    for r in range(header.row + 1, len(grid.rows)):
        where = grid.where(r)
        heading = _heading(grid, header, r, spans)
        if heading is not None:
            article = builder.node(Level.ARTICLE, heading, where)
            result.roots.append(article)
            clause = item = None
            continue
        row = Cells(grid, header, r, continued)
        task, measure = row.get(Col.TASK), row.get(Col.MEASURE)
        builder.spaces_cleaned += row.cleaned
        if not measure:
            if task or row.get(Col.LEAD) or row.get(Col.COOPERATE):
                builder.warn(where, "这一行没有具体措施，已跳过，请核对")
            continue
        if article is None:
            article = NodeDraft(Level.ARTICLE, text="（未填写条内容）")
            result.roots.append(article)
            builder.warn(where, "表格开头没有条的标题行，已建立一个待填写的条")
        if task or clause is None:
            clause = builder.node(Level.CLAUSE, task, where) if task else NodeDraft(Level.CLAUSE)
            article.children.append(clause)
            item = NodeDraft(Level.ITEM, text=clause.text or split_number(article.text)[1])
            clause.children.append(item)
        assert item is not None
        number, body = split_number(measure)
        sub = NodeDraft(
            Level.SUBITEM, number=number, text=body,
            deadline_text=row.merged_value(Col.DEADLINE, tops),
            remark=row.merged_value(Col.REMARK, tops), extras=row.extras(tops),
        )  # fmt: skip
        builder.units(sub, _units_cell(row, tops), where)
        item.children.append(sub)
    builder.finish()
    if header.get(Col.LEAD) is not None:
        result.warnings.append(
            "“牵头单位”“配合单位”两列已合写为各小项的一格责任单位：两列都有单位时写作"
            "“水利局牵头，环保局等部门配合”，只有牵头单位时照原样写单位名称；单位名称与原表一字不差"
        )
    result.warnings.append(
        "此表没有“项”一级：每个重点任务作为一款，其下建立一个同名的项，各项具体措施作为小项"
    )
    report_columns(result, header)
    return result


def _units_cell(row: Cells, tops: dict[tuple[int, int], str]) -> str:
    if row.header.get(Col.UNITS) is not None:
        return row.merged_value(Col.UNITS, tops)
    lead = row.merged_value(Col.LEAD, tops).rstrip("。；;，, ")
    cooperate = row.merged_value(Col.COOPERATE, tops).rstrip("。；;，, ")
    if not cooperate:
        return lead  # one column filled: its words alone, as the table wrote them
    if not lead:
        return f"{cooperate}配合"
    return f"{lead}牵头，{cooperate}配合"
