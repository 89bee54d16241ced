"""The unit registry: one unit per body, with every name it was written under."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .changes import Change
from .db.database import Database
from .db.lazy import m, sa
from .domain import Role, UnitInfo, UnitLink, UnitRef
from .errors import ValidationError
from .unit_names import alias_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Edit = tuple[int, str, str]  # (row id, old text, new text)


_LEVEL = "县市省区"


def renamed_wording(wording: str, old_name: str, new_name: str) -> str:
    """How a document's wording of a unit reads after the unit's rename, in the same
    style: 环保局 -> 生态环境局 when the unit 县环保局 becomes 县生态环境局."""
    if wording == old_name or not new_name or new_name[0] not in _LEVEL:
        return new_name
    if wording[0] not in _LEVEL and old_name[0] in _LEVEL and len(new_name) > 2:
        return new_name[1:]  # the document left out the county, as before
    return new_name


def replace_wording(cell: str, old: str, new: str) -> str:
    """Replace a unit's wording in a 责任单位 cell; a bare 环保局 is not the one inside
    市环保局 or 县环保局."""
    guard = f"(?<![{_LEVEL}])" if old[0] not in _LEVEL else ""
    return re.sub(guard + re.escape(old), lambda _m: new, cell)


def resolve_unit(s: Session, wording: str, same_as: str | None = None) -> int:
    """The unit a wording names: by exact alias, then by alias key, else a new unit.
    With `same_as` (the clerk said 农也局 is 农业局) the wording becomes that unit's alias."""
    wording = wording.strip()
    if not wording:
        raise ValidationError("单位名称不能为空。")
    found = s.scalar(sa.select(m.UnitAliasRow.unit_id).where(m.UnitAliasRow.alias == wording))
    if found is not None:
        return found
    key = alias_key(wording)
    if same_as:
        found = resolve_unit(s, same_as)
    else:
        found = s.scalar(
            sa.select(m.UnitAliasRow.unit_id)
            .where(m.UnitAliasRow.key == key)
            .order_by(m.UnitAliasRow.id)
        )
    if found is None:
        unit = m.UnitRow(name=wording)
        s.add(unit)
        s.flush()
        found = unit.id
    s.add(m.UnitAliasRow(unit_id=found, alias=wording, key=key))
    s.flush()
    return found


def write_links(s: Session, node_id: int, links: Sequence[UnitLink | UnitRef]) -> list[UnitLink]:
    """Replace a node's unit links; UnitRefs are resolved (and created) by wording."""
    s.execute(m.NodeUnitRow.__table__.delete().where(m.NodeUnitRow.node_id == node_id))
    stored: list[UnitLink] = []
    for pos, link in enumerate(links):
        unit_id = link.unit_id if isinstance(link, UnitLink) else resolve_unit(s, link.wording)
        s.add(
            m.NodeUnitRow(
                node_id=node_id,
                unit_id=unit_id,
                role=link.role.value,
                wording=link.wording,
                position=pos,
            )
        )
        stored.append(UnitLink(unit_id, link.role, link.wording))
    s.flush()
    return stored


class UnitService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list_units(self, plan_id: int | None = None) -> list[UnitInfo]:
        in_plan = "JOIN node ON node.id = node_unit.node_id WHERE node.plan_id = ?"
        with self.db.read() as cur:
            counts: dict[int, dict[str, int]] = {}
            for unit_id, role, n in cur.execute(
                "SELECT unit_id, role, count(DISTINCT node_id) FROM node_unit "
                f"{in_plan if plan_id is not None else ''} GROUP BY unit_id, role",
                () if plan_id is None else (plan_id,),
            ):
                counts.setdefault(unit_id, {})[role] = n
            aliases: dict[int, list[str]] = {}
            for unit_id, alias in cur.execute("SELECT unit_id, alias FROM unit_alias ORDER BY id"):
                aliases.setdefault(unit_id, []).append(alias)
            out = []
            for unit_id, name in cur.execute("SELECT id, name FROM unit ORDER BY id").fetchall():
                c = counts.get(unit_id, {})
                out.append(
                    UnitInfo(
                        id=unit_id,
                        name=name,
                        aliases=tuple(a for a in aliases.get(unit_id, []) if a != name),
                        lead_count=c.get(Role.LEAD.value, 0),
                        cooperate_count=c.get(Role.COOPERATE.value, 0),
                        other_count=c.get(Role.RESPONSIBLE.value, 0)
                        + c.get(Role.CARRY_OUT.value, 0),
                    )
                )
            return out

    def find_unit(self, name: str) -> UnitInfo | None:
        """A unit by its name or any alias, else by alias key (环保部门 finds 县环保局)."""
        name = name.strip()
        with self.db.session() as s:
            unit_id = s.scalar(
                sa.select(m.UnitAliasRow.unit_id).where(m.UnitAliasRow.alias == name)
            )
            if unit_id is None:
                unit_id = s.scalar(
                    sa.select(m.UnitAliasRow.unit_id)
                    .where(m.UnitAliasRow.key == alias_key(name))
                    .order_by(m.UnitAliasRow.id)
                )
        if unit_id is None:
            return None
        return next((u for u in self.list_units() if u.id == unit_id), None)

    def rename_preview(self, unit_id: int, new_name: str) -> tuple[int, int]:
        """(责任单位 cells, 具体工作内容 texts) whose words a rename would change; raises
        the rename's own refusal (an empty name, a name another unit has) first."""
        with self.db.session() as s:
            unit = self._check_rename(s, unit_id, new_name.strip())
            _, cells, duties = self._wording_changes(s, unit, new_name.strip())
            return len(cells), len(duties)

    def _check_rename(self, s: Session, unit_id: int, new_name: str) -> m.UnitRow:
        if not new_name:
            raise ValidationError("单位名称不能为空。")
        unit = s.get(m.UnitRow, unit_id)
        if unit is None:
            raise ValidationError("该单位已不存在。")
        owner = s.scalar(sa.select(m.UnitAliasRow.unit_id).where(m.UnitAliasRow.alias == new_name))
        if owner is not None and owner != unit_id:
            other = s.get(m.UnitRow, owner)
            raise ValidationError(
                f"“{new_name}”已是单位“{other.name if other else ''}”的名称或别名。"
                "如果两者是同一单位，请使用“合并”。"
            )
        return unit

    def _wording_changes(
        self, s: Session, unit: m.UnitRow, new_name: str
    ) -> tuple[list[Edit], list[Edit], list[Edit]]:
        """What a rename that the wording follows changes: each link's wording, each
        责任单位 cell and each 具体工作内容 text that names the unit as it was written."""
        links: list[Edit] = []
        wordings: dict[int, set[str]] = {}  # node id -> this unit's wordings on it
        for link_id, node_id, wording in s.execute(
            sa.select(m.NodeUnitRow.id, m.NodeUnitRow.node_id, m.NodeUnitRow.wording).where(
                m.NodeUnitRow.unit_id == unit.id
            )
        ):
            new = renamed_wording(wording, unit.name, new_name)
            if new != wording:
                links.append((link_id, wording, new))
            wordings.setdefault(node_id, set()).add(wording)
        # Sub-items whose units come from their item name the unit in their duties too.
        for node_id, parent_id in s.execute(
            sa.select(m.NodeRow.id, m.NodeRow.parent_id).where(
                m.NodeRow.parent_id.in_(list(wordings))
            )
        ):
            wordings.setdefault(node_id, set()).update(wordings[parent_id])
        cells: list[Edit] = []
        duties: list[Edit] = []
        for node_id, cell, duty in s.execute(
            sa.select(m.NodeRow.id, m.NodeRow.units_text, m.NodeRow.duties).where(
                m.NodeRow.id.in_(list(wordings))
            )
        ):
            for text, out in ((cell, cells), (duty, duties)):
                new_text = text
                for w in sorted(wordings[node_id], key=len, reverse=True):
                    new_text = replace_wording(new_text, w, renamed_wording(w, unit.name, new_name))
                if new_text != text:
                    out.append((node_id, text, new_text))
        return links, cells, duties

    def rename(self, unit_id: int, new_name: str, follow_wording: bool = False) -> Change:
        """Rename a unit (the old name stays an alias). With `follow_wording` the table's
        cells and duties that name it, and its links' wordings, follow in the same
        transaction."""
        new_name = new_name.strip()
        label = f"单位改名为“{new_name}”" + ("（表中文字一并修改）" if follow_wording else "")
        with self.db.change(label) as (s, rec):
            unit = self._check_rename(s, unit_id, new_name)
            names = [new_name]
            if follow_wording:
                links, cells, duties = self._wording_changes(s, unit, new_name)
                self._apply_wording(s, links, cells, duties)
                names += [w for _, _, w in links]
            for name in dict.fromkeys(names):  # every new wording is an alias of the unit
                if (
                    s.scalar(sa.select(m.UnitAliasRow.id).where(m.UnitAliasRow.alias == name))
                    is None
                ):
                    s.add(m.UnitAliasRow(unit_id=unit_id, alias=name, key=alias_key(name)))
            unit.name = new_name  # the old name stays an alias
        assert rec.change is not None
        return rec.change

    @staticmethod
    def _apply_wording(
        s: Session, links: Sequence[Edit], cells: Sequence[Edit], duties: Sequence[Edit]
    ) -> None:
        for link_id, _old, wording in links:
            s.execute(
                sa.update(m.NodeUnitRow).where(m.NodeUnitRow.id == link_id).values(wording=wording)
            )
        for node_id, _old, text in cells:
            s.execute(sa.update(m.NodeRow).where(m.NodeRow.id == node_id).values(units_text=text))
        for node_id, _old, text in duties:
            s.execute(sa.update(m.NodeRow).where(m.NodeRow.id == node_id).values(duties=text))

    def merge(self, keep_id: int, gone_id: int, label: str = "合并单位") -> Change:
        """One unit from two: `gone`'s names and links become `keep`'s."""
        if keep_id == gone_id:
            raise ValidationError("不能把一个单位合并到它自己。")
        with self.db.change(label) as (s, rec):
            gone = s.get(m.UnitRow, gone_id)
            if gone is None or s.get(m.UnitRow, keep_id) is None:
                raise ValidationError("要合并的单位已不存在。")
            s.execute(
                sa.update(m.UnitAliasRow)
                .where(m.UnitAliasRow.unit_id == gone_id)
                .values(unit_id=keep_id)
            )
            s.execute(
                sa.update(m.NodeUnitRow)
                .where(m.NodeUnitRow.unit_id == gone_id)
                .values(unit_id=keep_id)
            )
            s.delete(gone)
        assert rec.change is not None
        return rec.change
