"""`soildesk update --plan NAME FILE [--yes]`: the city's revised table applied to the
plan, with the review printed first (the same rules as packets: without --yes nothing
is written; with it, what has no conflict is applied and the rest reported)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_progress import find_plan
from .db.database import Database
from .domain import LEVEL_LABELS

if TYPE_CHECKING:
    from .plan_update import UpdateReview

KIND_LABELS = {"added": "新增", "removed": "删除", "moved": "移动", "reworded": "修改"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    up = sub.add_parser(
        "update", help="用新版任务分解表更新计划：先列出审阅结果，加 --yes 才写入（进展、佐证保留）"
    )
    up.add_argument("--plan", required=True, help="计划名称")
    up.add_argument("file", type=Path, help="新版任务分解表（导出后修改的，或同一计划的新表）")
    up.add_argument(
        "--yes", action="store_true", help="应用没有冲突的修改；有进展或佐证的小项不删除"
    )


def describe(review: UpdateReview) -> list[str]:
    out = []
    for item in review.items:
        mark = KIND_LABELS[item.kind]
        if item.kind == "removed" and item.carries:
            mark = "冲突"
        out.append(f"[{mark}] {LEVEL_LABELS[item.level]}　{item.label[:40]}")
        out.extend(f"    {d}" for d in item.details)
        if item.kind == "removed" and item.carries:
            out.append(f"    新表中没有这一行，但它有{item.carries}：保留，不删除")
    counts = "，".join(f"{KIND_LABELS[k]} {review.count(k)}" for k in KIND_LABELS)
    out.append(f"共：{counts}，未变 {review.unchanged}。")
    return out


def cmd_update(db: Database, args: argparse.Namespace) -> int:
    from .importing import load_file
    from .plan_update import apply_update, build_update

    plan = find_plan(db, args.plan)
    result = load_file(args.file)
    review = build_update(db, plan, args.file, result)
    if review.empty:
        print(f"{args.file.name} 与计划“{plan.name}”完全一致，没有变化，没有写入任何内容。")
        return 0
    for line in describe(review):
        print(line)
    if review.only_kept:
        print("除上面保留的条目外没有变化，没有写入任何内容。")
        return 0
    if not args.yes:
        print("以上为审阅结果，尚未写入。确认无误后加 --yes 更新（有进展或佐证的小项不删除）。")
        return 0
    change = apply_update(db, review)
    print(f"已更新计划“{plan.name}”（{change.label}，可在窗口中撤销）。")
    if review.keep:
        print(
            f"保留 {len(review.conflicts)} 个新表中没有、但有进展或佐证的条目；确需删除请在窗口中删除。"
        )
    return 0
