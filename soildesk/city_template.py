"""The city's own return template: its columns mapped by what their headers mean (the
clerk confirms or corrects the mapping once, kept per plan), then filled every period
in the city's column order, under its own title rows, written as .xlsx.

The template is read with the same reader as an import (.xlsx, .xls, .et); what is
kept is its layout (the rows down to the header, their merges, each column's label),
not the file, so a template from an .xls fills an .xlsx just the same."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .db import settings
from .db.database import Database
from .domain import PlanInfo
from .errors import ValidationError
from .importing.grid import read_spreadsheet
from .importing.header import Col, labels_over, meaning

SEARCH_ROWS = 30

# What SoilDesk can put in a column, by id, with the clerk's word for it.
FIELDS = {
    "seq": "序号",
    "article": "条内容",
    "clause": "款内容",
    "item": "项内容（重点任务）",
    "item_units": "项的责任单位",
    "sub": "小项内容（具体措施）",
    "units": "小项的责任单位",
    "lead": "牵头单位",
    "cooperate": "配合单位",
    "duties": "具体工作内容",
    "deadline": "完成时限",
    "progress": "进展情况",
    "status": "完成状态",
    "done_yn": "是否完成（是/否）",
    "done_on": "完成日期",
    "lag": "滞后原因",
    "evidence": "佐证材料",
    "note": "备注（本期）",
    "": "（不填）",
}
MERGED_FIELDS = ("article", "clause", "item", "item_units")  # spanning their sub-items

_RETURN_LABELS = (
    (r"^(工作)?(进展|进度)(情况)?$|^(完成|推进|落实|工作)情况$|^工作进展$", "progress"),
    (r"^是否完成$|^完成与否$", "done_yn"),
    (r"^(完成)?状态$", "status"),
    (r"^(实际)?完成(日期|时间)$", "done_on"),
    (r"^(滞后|未完成|进展缓慢)(的)?原因$|^存在(的)?问题$", "lag"),
    (r"^佐证(材料|资料)?$|^(证明|支撑)材料$", "evidence"),
    (r"^备注$", "note"),
)
_BY_MEANING = {
    Col.SEQ: "seq", Col.ARTICLE: "article", Col.CLAUSE: "clause", Col.ITEM: "item",
    Col.TASK: "item", Col.SUB: "sub", Col.MEASURE: "sub", Col.LEAD: "lead",
    Col.COOPERATE: "cooperate", Col.UNITS: "units", Col.DUTIES: "duties",
    Col.DEADLINE: "deadline", Col.REMARK: "note",
}  # fmt: skip


def field_for(label: str) -> str:
    """The field a header label most likely means ('' when none)."""
    text = re.sub(r"\s+", "", label)
    text = re.sub(r"[（(][^）)]*[）)]$", "", text).rstrip("：:")
    for pattern, name in _RETURN_LABELS:
        if re.search(pattern, text):
            return name
    return _BY_MEANING.get(meaning(text) or "", "")


@dataclass
class CityTemplate:
    name: str  # the file it came from, for the clerk
    top: list[list[str]]  # the rows down to and including the header, as text
    merges: list[tuple[int, int, int, int]]  # within those rows
    header_rows: int
    labels: list[str]  # each column's label
    fields: list[str]  # each column's field id ('' = left empty)

    def to_json(self) -> str:
        return json.dumps(
            {"name": self.name, "top": self.top, "merges": self.merges,
             "header_rows": self.header_rows, "labels": self.labels, "fields": self.fields},
            ensure_ascii=False,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> CityTemplate:
        d = json.loads(text)
        return cls(d["name"], d["top"], [tuple(m) for m in d["merges"]], d["header_rows"],
                   d["labels"], d["fields"])  # fmt: skip

    def describe(self) -> list[str]:
        lines = [
            f"第 {c + 1} 列“{label or '（无标题）'}” → {FIELDS.get(f, '（不填）')}"
            for c, (label, f) in enumerate(zip(self.labels, self.fields, strict=True))
        ]
        return lines + [f"注意：{w}" for w in self.warnings()]

    def warnings(self) -> list[str]:
        """Two columns with the same content is seldom what the city meant."""
        seen: dict[str, list[int]] = {}
        for c, f in enumerate(self.fields):
            if f and f not in ("seq",):
                seen.setdefault(f, []).append(c + 1)
        return [
            f"第 {'、'.join(map(str, cols))} 列都填“{FIELDS[f]}”，请核对是否有一列应填别的内容"
            for f, cols in seen.items()
            if len(cols) > 1
        ]


def read_template(path: Path) -> CityTemplate:
    """Find the header (the row, or pair of rows, that names the most known columns) in
    the first sheet and propose a field for every column."""
    grids = read_spreadsheet(Path(path))
    if not grids:
        raise ValidationError(f"{Path(path).name} 中没有可见的工作表。")
    grid = grids[0]
    best: tuple[int, int, int] | None = None  # (score, top, bottom)
    for r in range(min(SEARCH_ROWS, len(grid.rows))):
        if not any(field_for(t) for t in labels_over(grid, r, r).values()):
            continue  # a header's top row names columns itself (not a 填报单位 line)
        for bottom in (r, r + 1):
            if bottom >= len(grid.rows):
                continue
            if bottom > r and not any(c.strip() for c in grid.rows[bottom]):
                continue
            labels = labels_over(grid, r, bottom)
            score = sum(1 for t in labels.values() if field_for(t))
            # A group row over its parts reads as well as the row alone: take both.
            deeper = best is not None and score == best[0] and best[1] == r
            if best is None or score > best[0] or deeper:
                best = (score, r, bottom)
    if best is None or best[0] < 2:
        raise ValidationError(
            f"{Path(path).name} 中找不到表头（如 序号、重点任务、责任单位、进展情况、完成状态）。"
            "请确认这是市里下发的报表模板，表头在前 30 行内。"
        )
    _score, top, bottom = best
    labels_map = labels_over(grid, top, bottom)
    width = max(labels_map) + 1
    labels = [labels_map.get(c, "") for c in range(width)]
    fields = [field_for(t) for t in labels]
    _second_units(labels, fields)
    top_rows = [
        list(row[:width]) + [""] * (width - len(row[:width])) for row in grid.rows[: bottom + 1]
    ]
    merges = [m for m in grid.merges if m[2] <= bottom]
    return CityTemplate(Path(path).name, top_rows, merges, bottom - top + 1, labels, fields)


def _second_units(labels: list[str], fields: list[str]) -> None:
    """Two 责任单位 columns, as in the official table: the first is the item's."""
    units = [c for c, f in enumerate(fields) if f == "units"]
    if len(units) == 2 and "item" in fields and fields.index("item") < units[0]:
        fields[units[0]] = "item_units"


def _key(plan: PlanInfo) -> str:
    return f"city_template:{plan.id}"


def saved_template(db: Database, plan: PlanInfo) -> CityTemplate | None:
    text = settings.read(db, _key(plan))
    return CityTemplate.from_json(text) if text else None


def save_template(db: Database, plan: PlanInfo, template: CityTemplate | None) -> None:
    """Keep the confirmed mapping for the plan (None forgets it)."""
    if template is not None:
        unknown = [f for f in template.fields if f not in FIELDS]
        if unknown:
            raise ValidationError(f"未知的填写内容：{'、'.join(unknown)}")
        if not any(template.fields):
            raise ValidationError("模板的每一列都设为“不填”，没有可填写的内容。")
    with db.session() as s:
        if template is None:
            from .db.lazy import m

            row = s.get(m.SettingRow, _key(plan))
            if row is not None:
                s.delete(row)
        else:
            settings.put(s, _key(plan), template.to_json())


def parse_mapping(template: CityTemplate, pairs: list[str]) -> None:
    """Corrections from the command line: '4=进展情况' or '4=' (leave empty)."""
    by_word = {label: key for key, label in FIELDS.items()}
    by_word.update({label.split("（")[0]: key for key, label in FIELDS.items()})
    for pair in pairs:
        column, _, word = pair.partition("=")
        if not column.strip().isdigit() or not 1 <= int(column) <= len(template.fields):
            raise ValidationError(f"“{pair}”：列号应是 1 到 {len(template.fields)} 之间的数字。")
        word = word.strip()
        if word and word not in by_word and word not in FIELDS and field_for(word):
            word = field_for(word)  # a header word the city uses: 进度, 工作进展, 是否完成
        if word and word not in by_word and word not in FIELDS:
            words = [v.split("（")[0] for k, v in FIELDS.items() if k]
            raise ValidationError(
                f"“{pair}”：不认识“{word}”。可填：{'、'.join(words)}；留空表示不填。"
            )
        template.fields[int(column) - 1] = by_word.get(word, word) if word else ""
