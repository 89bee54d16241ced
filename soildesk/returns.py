"""The return to the city (进展情况表, FORMAT.md §6): what each sub-item reports for a
period, and the returns as they were sent, frozen with their hash, so that a later edit
never changes what the city received and the next return can say what changed since."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .changes import now, os_user
from .db.database import Database
from .db.lazy import m
from .domain import Node, PlanInfo
from .errors import ValidationError
from .files import atomic_output
from .reports.data import ReportData

COLUMNS = ("完成时限", "进展情况", "完成状态", "佐证材料", "备注")


def return_cells(data: ReportData, sub: Node) -> list[str]:
    """The five columns the return adds to the breakdown's seven, for one sub-item."""
    state = data.states.get(sub.id)
    record = state.progress if state else None
    text = record.text if record else ""
    if record and record.completed_on:
        day = record.completed_on
        when = f"{day.year}年{day.month}月{day.day}日完成"
        text = f"{text}（{when}）" if text else when
    if record and record.lag_reason:
        text = "\n".join(t for t in (text, f"滞后原因：{record.lag_reason}") if t)
    files = "\n".join(a.original_name for a in data.evidence.get(sub.id, []))
    return [
        data.deadline_text(sub),
        text,
        record.status.label if record else "",
        files,
        record.note if record else "",
    ]


def return_title(plan: PlanInfo, period_name: str) -> str:
    base = (plan.title or plan.name).removesuffix("任务分解表").removesuffix("（演示）")
    return f"{base}进展情况表（{period_name}）"


def office_line(office: str, day: date) -> str:
    return f"填报单位：{office}　　　　填报时间：{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True, slots=True)
class SentReturn:
    id: int
    period_id: int
    period_name: str
    reported_at: datetime
    user: str
    sha256: str
    rows: int


def snapshot_rows(data: ReportData, cells: dict[int, list[str]]) -> list[dict]:
    return [
        {"key": s.key, "label": f"{s.number}{s.text}"[:60], "cells": cells[s.id]}
        for s in data.subitems()
    ]


def freeze(db: Database, period_id: int, workbook: Path, rows: list[dict]) -> SentReturn:
    """Keep the return as sent: its bytes, hash and rows. Not an edit of the plan: no
    undo step (what was sent stays sent)."""
    blob = Path(workbook).read_bytes()
    sha = hashlib.sha256(blob).hexdigest()
    with db.session() as s:
        row = m.PeriodReturnRow(
            period_id=period_id,
            reported_at=now(),
            user=os_user(),
            sha256=sha,
            rows=json.dumps(rows, ensure_ascii=False),
            workbook=blob,
        )
        s.add(row)
        s.flush()
        row_id = row.id
    return next(r for r in sent_returns(db, None) if r.id == row_id)


def sent_returns(db: Database, plan_id: int | None) -> list[SentReturn]:
    """The returns sent, oldest first (of one plan, or all)."""
    where, args = ("WHERE period.plan_id = ?", (plan_id,)) if plan_id is not None else ("", ())
    with db.read() as cur:
        found = cur.execute(
            "SELECT period_return.id, period_id, period.name, reported_at, user, sha256, rows "
            f"FROM period_return JOIN period ON period.id = period_id {where} "
            "ORDER BY reported_at, period_return.id",
            args,
        ).fetchall()
    return [
        SentReturn(i, p, n, datetime.fromisoformat(str(at)), u, sha, len(json.loads(rows)))
        for i, p, n, at, u, sha, rows in found
    ]


def save_sent(db: Database, return_id: int, target: Path) -> Path:
    """Write a sent return back out exactly as it was sent (its hash checked)."""
    with db.read() as cur:
        found = cur.execute(
            "SELECT workbook, sha256 FROM period_return WHERE id = ?", (return_id,)
        ).fetchone()
    if found is None:
        raise ValidationError(f"没有编号为 {return_id} 的报送记录。")
    blob, sha = found
    if hashlib.sha256(blob).hexdigest() != sha:
        raise ValidationError(
            "这份报送记录的内容与报送时的哈希不符（数据库可能已损坏），没有写出。请从备份恢复。"
        )
    with atomic_output(Path(target)) as tmp:
        tmp.write_bytes(blob)
    return Path(target)


def changed_since(
    db: Database, plan_id: int, rows: list[dict]
) -> tuple[SentReturn | None, list[str]]:
    """What differs from the last return sent for this plan: one line per sub-item."""
    sent = sent_returns(db, plan_id)
    if not sent:
        return None, []
    last = sent[-1]
    with db.read() as cur:
        (text,) = cur.execute("SELECT rows FROM period_return WHERE id = ?", (last.id,)).fetchone()
    before = {r["key"]: r for r in json.loads(text)}
    out = []
    for row in rows:
        was = before.pop(row["key"], None)
        if was is None:
            out.append(f"新增：{row['label']}")
            continue
        diffs = [
            name for name, a, b in zip(COLUMNS, was["cells"], row["cells"], strict=False) if a != b
        ]
        if diffs:
            out.append(f"{row['label'][:30]}：{'、'.join(diffs)}有变化")
    out.extend(f"已删除：{r['label']}" for r in before.values())
    return last, out


OFFICE_KEY = "office_name"


def office_name(db: Database, plan: PlanInfo) -> str:
    """Who fills in the return: the name the clerk gave last, else the plan's region."""
    from .db import settings

    return settings.read(db, OFFICE_KEY) or plan.region or "（填报单位）"


def remember_office(db: Database, name: str) -> None:
    from .db import settings

    with db.session() as s:
        settings.put(s, OFFICE_KEY, name.strip())


@dataclass(frozen=True, slots=True)
class WrittenReturn:
    path: Path
    rows: int
    warnings: tuple[str, ...]
    sent: SentReturn | None  # the frozen copy, when it was reported
    since: SentReturn | None  # the return it was compared with
    changes: tuple[str, ...]  # what differs from `since`
    empty: int = 0  # sub-items with no progress for the period
    undecided: int = 0  # departments' answers still open (conflicts, mistakes)

    def gaps(self) -> list[str]:
        """What the clerk should know before sending it."""
        out = []
        if self.empty:
            out.append(f"{self.empty} 个小项本期还没有进展，进展情况一栏为空")
        if self.undecided:
            out.append(f"部门填报表中还有 {self.undecided} 处冲突或有误的答复没有处理")
        return out


def write_return(
    db: Database,
    plan: PlanInfo,
    period_name: str | None,
    target: Path,
    *,
    office: str | None = None,
    day: date | None = None,
    report: bool = False,
    city: bool = False,
) -> WrittenReturn:
    """The return for a period as .xlsx (or .pdf by the target's suffix); with `city`,
    in the city's own layout (the plan's confirmed template); with `report`, frozen as
    sent. One entry for the command line and the window."""
    from .export.return_xlsx import export_return
    from .reports.data import gather

    target = Path(target)
    day = day or date.today()
    if office and office.strip():
        remember_office(db, office)
    office = office_name(db, plan)
    data = gather(db, plan, period_name, day)
    if data.period is None:
        raise ValidationError("这个计划还没有填报期，无法生成进展情况表。请先添加填报期。")
    cells = {s.id: return_cells(data, s) for s in data.subitems()}  # once: deadlines cost
    empty = sum(1 for s in data.subitems() if not data.states[s.id].progress)
    undecided = _undecided(db, data.period.id)
    rows = snapshot_rows(data, cells)
    since, changes = changed_since(db, plan.id, rows)
    suffix = target.suffix.lower()
    template = None
    if city:
        from .city_template import saved_template

        template = saved_template(db, plan)
        if template is None:
            raise ValidationError(
                "这个计划还没有设置市里的报表模板。请先用“设置市里模板…”（soildesk template）选择模板文件。"
            )
        if suffix != ".xlsx":
            raise ValidationError("按市里模板填写的进展情况表保存为 .xlsx 文件。")
    if suffix == ".pdf":
        if report:
            raise ValidationError("报送（留存所报内容）需要生成 .xlsx 文件；PDF 可另行打印。")
        from .reports.return_pdf import print_return

        print_return(target, data, office, day)
        return WrittenReturn(target, len(rows), (), None, since, tuple(changes), empty, undecided)
    if suffix != ".xlsx":
        raise ValidationError(
            f"进展情况表只能保存为 .xlsx 或 .pdf 文件，“{target.name}”"
            + (f"是 {target.suffix} 文件" if target.suffix else "没有扩展名")
            + "。请把文件名改为以 .xlsx 或 .pdf 结尾，例如 进展情况表.xlsx。"
        )
    if template is not None:
        from .export.city_xlsx import fill_city_template

        written = fill_city_template(target, template, data, office, day, cells)
    else:
        written = export_return(target, data, office, day, cells)
    sent = freeze(db, data.period.id, target, rows) if report else None
    return WrittenReturn(
        target, written.rows, tuple(written.warnings), sent, since, tuple(changes), empty, undecided
    )


def _undecided(db: Database, period_id: int) -> int:
    from .packets.receipts import open_answers

    return len(open_answers(db, period_id))
