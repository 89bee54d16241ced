"""Command-line plan and period management and 查找和替换, as the window does them:
`soildesk plan rename|copy|delete`, `soildesk period rename|delete`, `soildesk replace`."""

from __future__ import annotations

import argparse

from .cli_progress import find_plan
from .db.database import Database
from .errors import ValidationError
from .find_replace import FIELDS, find, replace, walk
from .plan_admin import PlanAdmin, next_name
from .plans import PlanService
from .progress import ProgressService

_FIELD_NAMES = {"text": "text", "units": "units_text", "duties": "duties"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    plan = sub.add_parser("plan", help="计划：重命名、复制为新计划、删除")
    plan_sub = plan.add_subparsers(dest="action", metavar="ACTION", required=True)
    ren = plan_sub.add_parser("rename", help="重命名计划（记入修改记录）")
    ren.add_argument("--plan", required=True, help="计划名称")
    ren.add_argument("new_name", help="新名称")
    cp = plan_sub.add_parser("copy", help="复制为新计划：同样的结构、责任单位和分工，不含进展")
    cp.add_argument("--plan", required=True, help="计划名称")
    cp.add_argument("--name", help="新计划的名称（默认：年份加一，或加“副本”）")
    rm = plan_sub.add_parser("delete", help="删除计划（先自动备份；不能撤销）")
    rm.add_argument("--plan", required=True, help="计划名称")
    rm.add_argument("--yes", action="store_true", help="确认删除")
    period = sub.add_parser("period", help="填报期：改名、删除")
    period_sub = period.add_subparsers(dest="action", metavar="ACTION", required=True)
    pren = period_sub.add_parser("rename", help="填报期改名")
    pren.add_argument("--plan", required=True, help="计划名称")
    pren.add_argument("name", help="现在的名称")
    pren.add_argument("new_name", help="新名称")
    prm = period_sub.add_parser("delete", help="删除填报期及其进展（先自动备份；不能撤销）")
    prm.add_argument("--plan", required=True, help="计划名称")
    prm.add_argument("name", help="填报期名称")
    prm.add_argument("--yes", action="store_true", help="确认删除")
    rep = sub.add_parser("replace", help="查找和替换：内容、责任单位写法、具体工作内容")
    rep.add_argument("--plan", required=True, help="计划名称")
    rep.add_argument("find", help="要查找的文字")
    rep.add_argument("replacement", help="替换为")
    rep.add_argument(
        "--field", action="append", choices=sorted(_FIELD_NAMES), help="只在某一栏中替换，可重复"
    )
    rep.add_argument("--dry-run", action="store_true", help="只列出找到的地方，不替换")


def cmd_plan(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    admin = PlanAdmin(PlanService(db))
    if args.action == "rename":
        admin.rename(plan.id, args.new_name)
        print(f"已把计划“{plan.name}”改名为“{args.new_name.strip()}”")
    elif args.action == "copy":
        taken = {s.plan.name for s in admin.plans.list_plans()}
        copy = admin.duplicate(plan.id, args.name or next_name(plan.name, taken))
        print(f"已复制为新计划：{copy.name}（不含进展、填报期和佐证材料）")
    else:
        _require_yes(args, f"删除计划“{plan.name}”")
        admin.delete(plan.id)
        print(f"已删除计划“{plan.name}”（删除前已自动备份到备份文件夹）")
    return 0


def cmd_period(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    progress = ProgressService(db)
    period = progress.find_period(plan.id, args.name)
    if period is None:
        raise ValidationError(f"计划“{plan.name}”中没有名为“{args.name}”的填报期。")
    if args.action == "rename":
        progress.rename_period(period.id, args.new_name)
        print(f"已把填报期“{period.name}”改名为“{args.new_name.strip()}”")
    else:
        _require_yes(args, f"删除填报期“{period.name}”及其进展")
        progress.delete_period(period.id)
        print(f"已删除填报期“{period.name}”（删除前已自动备份）")
    return 0


def _require_yes(args: argparse.Namespace, what: str) -> None:
    if not args.yes:
        raise ValidationError(f"{what}不能撤销：确认要删除时请加 --yes（删除前会自动备份）。")


def cmd_replace(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    roots = PlanService(db).load_tree(plan.id)
    fields = [_FIELD_NAMES[f] for f in args.field] if args.field else list(FIELDS)
    hits = find(roots, args.find, fields)
    nodes = {n.id: n for n in walk(roots)}
    for hit in hits:
        node = nodes[hit.node_id]
        print(f"{node.level.label} {node.display[:30]}\t{FIELDS[hit.field]}")
    if not hits:
        print(f"没有找到“{args.find}”。")
        return 0
    if args.dry_run:
        print(f"共 {len(hits)} 处（未替换）")
        return 0
    change = replace(db, nodes, hits, args.find, args.replacement)
    print(f"{change.label}：已替换（记入修改记录）")
    return 0
