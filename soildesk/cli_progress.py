"""Command-line commands for sub-items, periods and evidence files."""

from __future__ import annotations

import argparse
from datetime import date

from .db.database import Database
from .domain import Node, PlanInfo, UnitInfo, subitems
from .errors import KnownError, ValidationError
from .evidence import EvidenceStore, human_size
from .plans import PlanService
from .progress import ProgressService, standard_periods
from .units import UnitService


def find_plan(db: Database, name: str) -> PlanInfo:
    plan = PlanService(db).find_plan(name)
    if plan is None:
        names = "、".join(s.plan.name for s in PlanService(db).list_plans()) or "（无）"
        raise KnownError(f"找不到名为“{name}”的计划。数据库中的计划：{names}")
    return plan


def find_unit(db: Database, name: str) -> UnitInfo:
    units = UnitService(db)
    unit = units.find_unit(name)
    if unit is None:
        names = [u.name for u in units.list_units()]
        listed = "、".join(names[:40]) + ("等" if len(names) > 40 else "")
        raise KnownError(f"找不到单位“{name}”。已有的单位：{listed or '（无）'}")
    return unit


def node_path(node: Node) -> str:
    parts = []
    n: Node | None = node
    while n is not None:
        parts.append(n.number or n.text[:6])
        n = n.parent
    return "".join(reversed(parts))


def cmd_subitems(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    for n in subitems(PlanService(db).load_tree(plan.id)):
        extra = "".join(
            f"\t{label}：{value}"
            for label, value in (("完成时限", n.deadline_text), ("备注", n.remark))
            if value
        )
        print(f"{n.id}\t{node_path(n)}\t{n.text[:40]}{extra}")
    return 0


def cmd_periods(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    progress = ProgressService(db)
    if args.add:
        start, end = args.start, args.end
        if start is None or end is None:
            year = int(args.add[:4]) if args.add[:4].isdigit() else date.today().year
            preset = {name: (s, e) for name, s, e in standard_periods(year)}.get(args.add)
            if preset is None:
                raise ValidationError(
                    "自定义填报期请用 --start 和 --end 给出起止日期（YYYY-MM-DD）。"
                )
            start, end = preset
        period = progress.add_period(plan.id, args.add, start, end, current=args.current)
        print(f"已添加填报期：{period.name}（{period.start} 至 {period.end}）")
    for p in progress.list_periods(plan.id):
        print(f"{'*' if p.is_current else ' '} {p.name}\t{p.start} 至 {p.end}")
    return 0


def cmd_evidence(db: Database, args: argparse.Namespace) -> int:
    store = EvidenceStore(db)
    if args.action == "add":
        return _add(db, store, args)
    if args.action == "list":
        plans = PlanService(db)
        chosen = [find_plan(db, args.plan)] if args.plan else [s.plan for s in plans.list_plans()]
        for plan in chosen:
            names = {n.id: node_path(n) for n in subitems(plans.load_tree(plan.id))}
            periods = {p.id: p.name for p in ProgressService(db).list_periods(plan.id)}
            for a in store.list_for_plan(plan.id):
                period = periods.get(a.period_id, "") if a.period_id else ""
                print(
                    f"{a.id}\t{plan.name}\t{names.get(a.node_id, a.node_id)}\t{a.original_name}\t{human_size(a.size)}\t{period}\t{a.added_at:%Y-%m-%d %H:%M}"
                )
        return 0
    problems = store.verify()
    if not problems:
        print("佐证材料检查完毕：全部文件都在，内容未被改动。")
        return 0
    plans = PlanService(db)
    names: dict[int, str] = {}
    for s in plans.list_plans():
        names.update(
            {n.id: f"{s.plan.name} {node_path(n)}" for n in subitems(plans.load_tree(s.plan.id))}
        )
    for p in problems:
        print(
            f"{p.label}\t{p.attachment.original_name}\t{names.get(p.attachment.node_id, '')}",
            flush=True,
        )
    raise KnownError(
        f"发现 {len(problems)} 个佐证材料有问题（见上）。请找到原件重新添加，或从备份恢复佐证材料文件夹。"
    )


def _add(db: Database, store: EvidenceStore, args: argparse.Namespace) -> int:
    plans = PlanService(db)
    plan_id = next(
        (
            s.plan.id
            for s in plans.list_plans()
            if any(n.id == args.subitem for n in subitems(plans.load_tree(s.plan.id)))
        ),
        None,
    )
    if plan_id is None:
        raise ValidationError(
            f"没有 ID 为 {args.subitem} 的小项。可用 soildesk subitems --plan 计划名称 查看。"
        )
    progress = ProgressService(db)
    period = (
        progress.find_period(plan_id, args.period)
        if args.period
        else progress.current_period(plan_id)
    )
    if args.period and period is None:
        raise ValidationError(f"找不到填报期“{args.period}”。")
    failed = 0
    for path in args.files:
        try:
            att = store.add(args.subitem, path, period.id if period else None, args.note)
        except KnownError as exc:
            failed += 1
            print(f"未添加：{exc}")
            continue
        print(f"已添加：{att.original_name}（{human_size(att.size)}）")
    if failed:
        raise KnownError(f"{failed} 个文件没有添加（原因见上），其余已添加。")
    return 0


def cmd_print(db: Database, args: argparse.Namespace) -> int:
    from .reports.render import render_report

    plan = find_plan(db, args.plan)
    unit = find_unit(db, args.unit) if args.unit else None
    pages = render_report(
        db,
        plan,
        args.report,
        args.output,
        unit=unit,
        period=args.period,
        landscape_mode=not args.portrait,
        preset=args.preset,
    )
    print(f"已生成 {args.output}（共 {pages} 页）")
    return 0
