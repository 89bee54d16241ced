"""Command-line commands for department packets: make them, take them back in (the
review first; with --yes what has no conflict), and who has not answered."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_progress import find_plan
from .db.database import Database
from .domain import PlanInfo
from .errors import KnownError
from .progress import PeriodInfo, ProgressService

if TYPE_CHECKING:
    from .packets.review import Review

EXIT_REFUSED = 1


def add_parsers(sub: argparse._SubParsersAction) -> None:
    pk = sub.add_parser("packets", help="部门填报表：生成、收录、查看未报送的单位")
    actions = pk.add_subparsers(dest="action", metavar="ACTION", required=True)
    ex = actions.add_parser("export", help="为每个单位生成本期的填报表（.xlsx）")
    ex.add_argument("--plan", required=True, help="计划名称")
    ex.add_argument("--period", help="填报期名称（默认当前填报期）")
    ex.add_argument("--unit", action="append", metavar="U", help="只为该单位生成，可重复")
    ex.add_argument("-o", "--output", type=Path, required=True, help="输出文件夹")
    im = actions.add_parser("import", help="收录部门填好的填报表：先列出审阅结果，加 --yes 才写入")
    im.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="填好的填报表（.xlsx，或连同佐证材料的 .zip）",
    )
    im.add_argument("--plan", help="计划名称（默认取自填报表）")
    im.add_argument("--period", help="填报期名称（默认当前填报期）")
    im.add_argument("--yes", action="store_true", help="收录没有冲突的内容；有冲突的列出，不收录")
    im.add_argument(
        "--lead",
        action="store_true",
        help="与 --yes 一起用：部门之间有冲突的小项，采用牵头单位的答复（没有牵头单位答复的仍不收录）",
    )
    tp = sub.add_parser(
        "template", help="市里的报表模板：按表头识别各列，确认后保存，报送时按其填写"
    )
    tp.add_argument("--plan", required=True, help="计划名称")
    tp.add_argument(
        "file", nargs="?", type=Path, help="模板文件（.xlsx / .xls / .et）；不给则显示当前设置"
    )
    tp.add_argument(
        "--map", action="append", default=[], metavar="列=内容",
        help="更正某列的填写内容，如 5=进展情况、7=（留空则不填），可重复",
    )  # fmt: skip
    tp.add_argument("--yes", action="store_true", help="确认并保存这一对应关系")
    tp.add_argument("--clear", action="store_true", help="不再使用市里的模板")
    rt = sub.add_parser("returns", help="已报送的进展情况表：列出，或按原样另存")
    rt.add_argument("--plan", required=True, help="计划名称")
    rt.add_argument("--save", type=int, metavar="ID", help="把该编号的报送按原样另存")
    rt.add_argument("-o", "--output", type=Path, help="另存的文件（与 --save 一起用）")
    ms = actions.add_parser("missing", help="本期尚未报送或留有空行的单位，及催办文字")
    ms.add_argument("--plan", required=True, help="计划名称")
    ms.add_argument("--period", help="填报期名称（默认当前填报期）")
    ms.add_argument("--due", help="催办文字中的报送期限，如 7月5日")
    ms.add_argument("-o", "--output", type=Path, help="另存催办单为 PDF")


def add_export_parsers(formats: argparse._SubParsersAction) -> None:
    ret = formats.add_parser("return", help="导出报送市里的进展情况表（.xlsx 或 .pdf）")
    ret.add_argument("--plan", required=True, help="计划名称")
    ret.add_argument("--period", help="填报期名称（默认当前填报期）")
    ret.add_argument("--office", help="填报单位（记住，下次默认使用）")
    ret.add_argument(
        "--report", action="store_true", help="作为正式报送：留存所报内容及其哈希，日后修改不影响"
    )
    ret.add_argument(
        "--city", action="store_true", help="按市里的报表模板填写（先用 soildesk template 设置）"
    )
    ret.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx 或 .pdf）")
    ev = formats.add_parser(
        "evidence", help="导出佐证材料包（.zip：按小项编号分文件夹，附目录和 SHA256SUMS）"
    )
    ev.add_argument("--plan", required=True, help="计划名称")
    ev.add_argument("--period", help="填报期名称（默认当前填报期）")
    ev.add_argument("--unit", help="只导出该单位的小项的材料")
    ev.add_argument("-o", "--output", type=Path, required=True, help="输出的 .zip 文件")


def _evidence(db: Database, args: argparse.Namespace) -> int:
    from .cli_progress import find_unit
    from .evidence_packet import export_evidence

    plan = find_plan(db, args.plan)
    period = find_period(db, plan, args.period)
    unit = find_unit(db, args.unit) if args.unit else None
    if args.output.suffix.lower() != ".zip":
        raise KnownError("佐证材料包是 .zip 文件，请用 .zip 结尾的文件名。")
    done = export_evidence(db, plan, period.name, args.output, unit)
    print(
        f"已导出“{period.name}”佐证材料包：{done.path}（{done.subitems} 个小项，{done.files} 个文件）"
    )
    for line in done.missing:
        print(f"提示：{line}：文件缺失或已被改动，请用“检查佐证材料”查看")
    return 0


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    if args.format == "return":
        return _return(db, args)
    if args.format == "evidence":
        return _evidence(db, args)
    raise KnownError(f"未知的导出格式：{args.format}")


def _return(db: Database, args: argparse.Namespace) -> int:
    from .returns import write_return

    plan = find_plan(db, args.plan)
    period = find_period(db, plan, args.period)
    done = write_return(
        db, plan, period.name, args.output, office=args.office, report=args.report, city=args.city
    )
    print(f"已导出“{period.name}”进展情况表（{done.rows} 个小项）到 {done.path}")
    for warning in [*done.warnings, *done.gaps()]:
        print(f"提示：{warning}")
    if done.since is not None:
        print(
            f"与 {done.since.reported_at:%Y-%m-%d %H:%M} 报送的“{done.since.period_name}”相比，"
            f"{len(done.changes)} 个小项有变化" + ("：" if done.changes else "。")
        )
        for line in done.changes[:50]:
            print(f"    {line}")
        if len(done.changes) > 50:
            print(f"    …另有 {len(done.changes) - 50} 项")
    if done.sent is not None:
        print(f"已留存报送内容（编号 {done.sent.id}，SHA256 {done.sent.sha256}）。")
    return 0


def find_period(db: Database, plan: PlanInfo, name: str | None) -> PeriodInfo:
    progress = ProgressService(db)
    period = progress.find_period(plan.id, name) if name else progress.current_period(plan.id)
    if period is None:
        names = "、".join(p.name for p in progress.list_periods(plan.id)) or "（无）"
        if name:
            raise KnownError(f"找不到填报期“{name}”。该计划的填报期：{names}")
        raise KnownError(
            f"计划“{plan.name}”还没有填报期。请先用 soildesk periods --plan … --add 添加。"
        )
    return period


def cmd_template(db: Database, args: argparse.Namespace) -> int:
    from .city_template import parse_mapping, read_template, save_template, saved_template

    plan = find_plan(db, args.plan)
    if args.clear:
        save_template(db, plan, None)
        print("已不再使用市里的报表模板；报送时使用官方格式。")
        return 0
    if args.file is None:
        template = saved_template(db, plan)
        if template is None:
            print("这个计划还没有设置市里的报表模板。")
            return 0
        print(f"市里的报表模板：{template.name}")
    else:
        template = read_template(args.file)
        print(f"模板 {template.name}：表头在第 {len(template.top)} 行，各列识别为：")
    parse_mapping(template, args.map)
    for line in template.describe():
        print(f"    {line}")
    if args.file is not None or args.map:
        if not args.yes:
            print("确认无误后加 --yes 保存；需要更正的列用 --map 列号=内容。")
            return 0
        save_template(db, plan, template)
        print("已保存。导出进展情况表时加 --city 即按此模板填写。")
    return 0


def cmd_returns(db: Database, args: argparse.Namespace) -> int:
    from .returns import save_sent, sent_returns

    plan = find_plan(db, args.plan)
    if args.save is not None:
        if args.output is None:
            raise KnownError("请用 -o 指定另存的文件。")
        if args.save not in {r.id for r in sent_returns(db, plan.id)}:
            raise KnownError(f"计划“{plan.name}”没有编号为 {args.save} 的报送记录。")
        print(f"已按报送原样另存：{save_sent(db, args.save, args.output)}")
        return 0
    sent = sent_returns(db, plan.id)
    if not sent:
        print("还没有报送记录。导出进展情况表时加 --report 即留存报送内容。")
    for r in sent:
        print(
            f"{r.id}\t{r.period_name}\t{r.reported_at:%Y-%m-%d %H:%M}\t{r.user}\t{r.rows} 项\t{r.sha256}"
        )
    return 0


def cmd_packets(db: Database, args: argparse.Namespace) -> int:
    return {"export": _export, "import": _import, "missing": _missing}[args.action](db, args)


def _export(db: Database, args: argparse.Namespace) -> int:
    from .packets.make import export_packets

    plan = find_plan(db, args.plan)
    period = find_period(db, plan, args.period)
    made = export_packets(db, plan, period.name, args.output, args.unit)
    for f in made:
        print(f"{f.path}\t{f.unit.name}\t{f.rows} 项")
    print(f"已为 {len(made)} 个单位生成“{period.name}”的填报表。")
    return 0


def _import(db: Database, args: argparse.Namespace) -> int:
    from .packets.read import PacketRefused, read_packet
    from .packets.review import build_review

    name = args.plan
    if name is None:  # the plan the first readable packet names, if this database has it
        from .plans import PlanService

        here = {s.plan.name for s in PlanService(db).list_plans()}
        for path in args.files:
            try:
                named = read_packet(path).plan_name
            except PacketRefused:
                continue
            if named in here:
                name = named
                break
    if name is None:  # none readable: the review below says why, for the only plan
        from .plans import PlanService

        plans = PlanService(db).list_plans()
        if len(plans) != 1:
            raise KnownError(
                "这些文件都不是能读取的填报表。请用 --plan 指定计划后再试，以查看原因。"
            )
        name = plans[0].plan.name
    plan = find_plan(db, name)
    period = find_period(db, plan, args.period)
    review = build_review(db, plan, period, args.files)
    try:
        return _review_and_apply(db, review, args.yes, args.lead)
    finally:
        review.cleanup()


def _review_and_apply(db: Database, review: Review, yes: bool, lead: bool = False) -> int:
    from .packets.review import apply_review

    for line in describe(review):
        print(line)
    refused = bool(review.refused)
    if not review.packets:
        return EXIT_REFUSED
    left = review.count("conflict") + review.count("error")
    by_lead = (
        yes and lead and any(i.kind == "conflict" and i.lead is not None for i in review.items)
    )
    if review.nothing_new and not by_lead:
        print("这些填报表已收录过，内容没有新的变化，没有写入任何内容。")
        if left:
            print(
                f"仍有 {left} 个小项有冲突或填写有误，请在窗口中“收录填报表…”逐项选择，或手工填写。"
            )
        return EXIT_REFUSED if refused else 0
    if not yes:
        print("以上为审阅结果，尚未写入。确认无误后加 --yes 收录（有冲突的不收录）。")
        return EXIT_REFUSED if refused else 0
    settled = 0
    if lead:  # the lead unit's answer settles a disagreement between departments
        for item in review.items:
            if item.kind == "conflict" and item.lead is not None and item.accept is None:
                item.accept = item.lead
                settled += 1
    change = apply_review(db, review)
    print(f"已收录：{change.label}，记录了 {len(review.packets)} 份填报表。")
    if settled:
        print(f"其中 {settled} 个有冲突的小项采用了牵头单位的答复。")
    left = review.count("conflict") + review.count("error") - settled
    if left:
        print(
            f"有 {left} 个小项因冲突或填写有误未收录，请在窗口中“收录填报表…”逐项选择，或手工填写。"
        )
    return EXIT_REFUSED if refused else 0


def describe(review: Review) -> list[str]:
    """The review as lines of text: the command prints it, a test reads it."""
    out = []
    for path, why in review.refused:
        out.append(f"拒绝：{path.name}：{why}")
    for packet in review.packets:
        again = "（此文件已收录过）" if packet in review.received else ""
        out.append(
            f"填报表：{packet.path.name}　{packet.unit_name}　填了 {packet.answered}/"
            f"{len(packet.answers)} 行{again}"
        )
    marks = {"change": "变更", "conflict": "冲突", "error": "有误", "same": "无变化"}
    for item in review.items:
        if item.kind == "same":
            continue
        out.append(f"[{marks[item.kind]}] {item.label[:40]}")
        for label, old, new in item.changes(0) if item.kind != "error" else []:
            out.append(f"    {label}：{old or '（空）'} → {new or '（空）'}")
        if item.kind == "conflict" and len(item.options) > 1:
            for n, option in enumerate(item.options):
                text = f"，{option.text[:30]}" if option.text else ""
                out.append(
                    f"    答复 {n + 1}（{item.option_units(n)}）：{option.status.label}{text}"
                )
        out.extend(f"    冲突：{c}" for c in item.conflicts)
        out.extend(f"    有误：{p}" for p in item.problems())
        out.extend(f"    提示：{w}" for w in item.warnings())
    out.extend(f"提示：{n}" for n in review.notes)
    if review.items:
        out.append(
            f"共 {len(review.items)} 个小项有填报：变更 {review.count('change')}，冲突 "
            f"{review.count('conflict')}，有误 {review.count('error')}，无变化 {review.count('same')}。"
        )
    return out


def _missing(db: Database, args: argparse.Namespace) -> int:
    from .packets.missing import missing_units, reminder_text

    plan = find_plan(db, args.plan)
    period = find_period(db, plan, args.period)
    rows = missing_units(db, plan, period)
    if not rows:
        print(f"“{period.name}”各单位的填报表都已收回，且没有空行。")
        return 0
    for r in rows:
        print(f"{r.unit.name}\t{r.what}")
    print()
    print(reminder_text(plan, period, rows, args.due))
    if args.output:
        from .packets.missing import print_reminder

        print_reminder(args.output, plan, period, rows, args.due)
        print(f"已保存催办单：{args.output}")
    return 0
