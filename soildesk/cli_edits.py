"""Command-line edits and their history: `soildesk renumber`, `soildesk history`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .cli_progress import find_plan, find_unit
from .db.database import Database
from .history import HistoryService
from .plans import PlanService


def add_parsers(sub: argparse._SubParsersAction) -> None:
    ren = sub.add_parser("renumber", help="重新编号，或设置“编号随位置更新”")
    ren.add_argument("--plan", required=True, help="计划名称")
    ren.add_argument(
        "--follow",
        choices=("on", "off"),
        help="on：以后新增、删除、移动后编号自动按位置更新（并立即重新编号）；off：保持原编号",
    )
    his = sub.add_parser("history", help="修改记录：列出或导出为 .xlsx（供督查）")
    his.add_argument("--plan", required=True, help="计划名称")
    his.add_argument("--from", dest="since", type=date.fromisoformat, help="起始日期 YYYY-MM-DD")
    his.add_argument("--to", dest="until", type=date.fromisoformat, help="截止日期 YYYY-MM-DD")
    his.add_argument("--unit", help="只看某单位牵头或配合的条目")
    his.add_argument("--kind", default="", help="只看某类操作，如 进展、删除、责任单位")
    his.add_argument("-o", "--output", type=Path, help="导出的 .xlsx 文件（不给则列在屏幕上）")


def cmd_renumber(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    plans = PlanService(db)
    if args.follow is not None:
        change = plans.set_numbering(plan.id, args.follow == "on")
    else:
        change = plans.renumber(plan.id)
    changed = len({f.node_id for f in change.fields() if f.field == "number"})
    print(f"{change.label}：{changed} 个条目的编号有变化。")
    return 0


def cmd_history(db: Database, args: argparse.Namespace) -> int:
    plan = find_plan(db, args.plan)
    unit_id = find_unit(db, args.unit).id if args.unit else None
    history = HistoryService(db)
    entries = history.for_plan(plan.id, args.since, args.until, unit_id, args.kind)
    if args.output:
        history.export_xlsx(args.output, entries, f"{plan.name} 修改记录")
        print(f"已导出 {len(entries)} 条修改记录：{args.output}")
        return 0
    for e in entries:
        print(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.user}  {e.label}  {e.what}")
        for line in e.lines:
            print(f"    {line}")
    if not entries:
        print("没有符合条件的修改记录。")
    return 0


def add_backup_parsers(sub: argparse._SubParsersAction) -> None:
    bak = sub.add_parser("backup", help="备份：数据库和全部佐证材料打包为一个 .zip")
    bak.add_argument("-o", "--output", type=Path, required=True, help="备份文件（.zip）")
    res = sub.add_parser("restore", help="从备份恢复（先核对备份的完整性；现有数据库先另存一份）")
    res.add_argument("file", type=Path, metavar="FILE", help="备份文件（.zip）")


def cmd_backup(db: Database, args: argparse.Namespace) -> int:
    from .backup import make_backup

    info = make_backup(db, args.output)
    print(f"已备份：{info.path}（佐证材料 {info.files} 个，共 {info.size / 1e6:.1f} MB）")
    if info.warning:
        print(f"提示：{info.warning}", file=sys.stderr)
    return 0


def cmd_restore(db_path: Path, args: argparse.Namespace) -> int:
    """Runs with the database closed: it is the file being replaced."""
    from .restore import restore_backup

    saved = restore_backup(args.file, db_path)
    print(f"已从 {args.file.name} 恢复到 {db_path}。")
    if saved is not None:
        print(f"恢复前的数据库已另存为：{saved}")
    return 0
