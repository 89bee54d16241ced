"""查找和替换 over a plan's words: the text of every row, the 责任单位 cell's wording and
the 具体工作内容. Finding walks the rows in table order; replacing is one edit (one undo
step, one history line) whether it changes one place or all of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .changes import Change
from .db.database import Database
from .db.lazy import m, sa
from .domain import Level, Node
from .errors import ValidationError
from .unit_text import unit_cell

FIELDS = {"text": "内容", "units_text": "责任单位", "duties": "具体工作内容"}


@dataclass(frozen=True, slots=True)
class Hit:
    node_id: int
    field: str  # a key of FIELDS
    start: int  # in the field's words as shown


def words(node: Node, field: str) -> str:
    """A field's words as the table shows them (a 责任单位 cell composed from the units
    when the document gave none)."""
    if field == "units_text":
        if not node.level.has_units:
            return ""
        return unit_cell(node, node.number if node.level == Level.SUBITEM else "")
    return str(getattr(node, field))


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    for n in nodes:
        yield n
        yield from walk(n.children)


def find(roots: list[Node], needle: str, fields: Iterable[str] = FIELDS) -> list[Hit]:
    if not needle:
        return []
    wanted = [f for f in FIELDS if f in set(fields)]
    hits = []
    for node in walk(roots):
        for field in wanted:
            text = words(node, field)
            at = text.find(needle)
            while at >= 0:
                hits.append(Hit(node.id, field, at))
                at = text.find(needle, at + len(needle))
    return hits


def replace(
    db: Database, nodes: dict[int, Node], hits: list[Hit], needle: str, replacement: str
) -> Change:
    """Replace the needle at each hit (one or all), in one transaction."""
    if not needle or not hits:
        raise ValidationError("没有找到要替换的内容。")
    by_place: dict[tuple[int, str], list[int]] = {}
    for hit in hits:
        by_place.setdefault((hit.node_id, hit.field), []).append(hit.start)
    label = f"替换“{needle}”为“{replacement}”（{len(hits)} 处）"
    values: dict[int, dict[str, str]] = {}
    for (node_id, field), starts in by_place.items():
        node = nodes.get(node_id)
        if node is None:
            continue
        text = words(node, field)
        for start in sorted(starts, reverse=True):  # later places first: offsets hold
            if text[start : start + len(needle)] == needle:
                text = text[:start] + replacement + text[start + len(needle) :]
        if field == "text" and not text.strip() and node.level != Level.CLAUSE:
            raise ValidationError(f"替换后“{node.display[:20]}”的内容为空，没有替换。")
        values.setdefault(node_id, {})[field] = text
    by_fields: dict[frozenset[str], list[dict]] = {}
    for node_id, fields in values.items():
        by_fields.setdefault(frozenset(fields), []).append({"id": node_id, **fields})
    with db.change(label, hits[0].node_id if len(hits) == 1 else None) as (s, rec):
        for batch in by_fields.values():
            # One UPDATE by primary key for many rows (a row at a time through the
            # session took 15 s for 21,740 places); the journal's triggers still see
            # each row.
            s.execute(sa.update(m.NodeRow), batch)
    assert rec.change is not None
    return rec.change
