"""Plain data passed between the core and the UI (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Level(IntEnum):
    ARTICLE = 1  # 条
    CLAUSE = 2  # 款
    ITEM = 3  # 项
    SUBITEM = 4  # 小项

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def has_units(self) -> bool:
        return self >= Level.ITEM

    @property
    def child(self) -> Level | None:
        return Level(self + 1) if self < Level.SUBITEM else None


LEVEL_LABELS = {Level.ARTICLE: "条", Level.CLAUSE: "款", Level.ITEM: "项", Level.SUBITEM: "小项"}


class Role(StrEnum):
    LEAD = "lead"  # 牵头
    COOPERATE = "cooperate"  # 配合 / 参与
    RESPONSIBLE = "responsible"  # 负责 / 按职责分工负责
    CARRY_OUT = "carry_out"  # 负责落实

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.LEAD: "牵头",
    Role.COOPERATE: "配合",
    Role.RESPONSIBLE: "负责",
    Role.CARRY_OUT: "负责落实",
}


@dataclass(frozen=True, slots=True)
class UnitLink:
    """A unit named on an item or sub-item, in the wording the document used."""

    unit_id: int
    role: Role
    wording: str


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit as the clerk or an importer names it, before it is resolved to an id."""

    wording: str
    role: Role


@dataclass(slots=True)
class Node:
    """One row of the breakdown tree as the UI holds it."""

    id: int
    level: Level
    number: str = ""
    text: str = ""
    duties: str = ""
    units: list[UnitLink] = field(default_factory=list)
    units_raw: str = ""  # the document's 责任单位 text when it could not be parsed
    key: str = ""  # stable across the database's life; exported files carry it
    # The 责任单位 cell word for word as the document wrote it; '' when no document did
    # (then outputs compose it from `units`). unit_text.unit_cell() is the one reader.
    units_text: str = ""
    deadline_text: str = ""  # the document's 完成时限 cell
    remark: str = ""  # the document's 备注 cell (not a period's note)
    extras: dict[str, str] = field(default_factory=dict)  # other columns: header -> text
    parent: Node | None = field(default=None, repr=False, compare=False)
    children: list[Node] = field(default_factory=list, repr=False, compare=False)

    @property
    def display(self) -> str:
        return f"{self.number}{self.text}"

    @property
    def units_flagged(self) -> bool:
        return bool(self.units_raw)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


@dataclass(frozen=True, slots=True)
class PlanInfo:
    id: int
    name: str
    region: str = ""
    title: str = ""
    year: int | None = None
    extra_columns: tuple[str, ...] = ()  # the document's other columns, in order
    auto_number: bool = False  # 编号随位置更新


@dataclass(frozen=True, slots=True)
class PlanSummary:
    plan: PlanInfo
    counts: dict[Level, int]


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    name: str
    aliases: tuple[str, ...]
    lead_count: int = 0
    cooperate_count: int = 0
    other_count: int = 0


@dataclass(slots=True)
class NodeDraft:
    """A node not yet stored: what an importer or the clerk's 'add' produces."""

    level: Level
    number: str = ""
    text: str = ""
    duties: str = ""
    units: list[UnitRef] = field(default_factory=list)
    units_raw: str = ""
    units_text: str = ""
    deadline_text: str = ""
    remark: str = ""
    extras: dict[str, str] = field(default_factory=dict)
    children: list[NodeDraft] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SubtreeSnapshot:
    """Everything needed to put a deleted subtree back exactly where it was."""

    parent_id: int | None
    position: int
    rows: tuple[dict, ...]  # node rows, parents before children
    links: tuple[dict, ...]  # unit link rows
    dependents: tuple[tuple[str, tuple[dict, ...]], ...] = ()  # progress, deadlines, attachments


def count_levels(roots: list[Node] | list[NodeDraft]) -> dict[Level, int]:
    """How many nodes of each level stand under `roots` (stored nodes or drafts)."""
    counts = dict.fromkeys(Level, 0)
    stack: list = list(roots)
    while stack:
        node = stack.pop()
        counts[node.level] += 1
        stack.extend(node.children)
    return counts


def subitems(roots: list[Node]) -> list[Node]:
    """Every sub-item under `roots`, in reading order."""
    out: list[Node] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if node.level == Level.SUBITEM:
            out.append(node)
        stack.extend(reversed(node.children))
    return out
