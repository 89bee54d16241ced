"""The command line: `soildesk [--db PATH] [COMMAND …]`. Without a command it opens the
window. Messages are Chinese; errors go to stderr with a non-zero exit code."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from . import __version__, cli_edits, cli_packets, cli_plans, cli_progress, cli_update
from .bugs import explain, setup_logging
from .db.database import Database, open_database
from .domain import Level, count_levels
from .errors import KnownError
from .evidence import EvidenceStore
from .paths import default_db_path
from .plans import PlanService
from .units import UnitService

log = logging.getLogger(__name__)

EXIT_ERROR = 1
EXIT_USAGE = 2


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Chinese: the help's headings and -h, and errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        with_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "命令和参数"
        self._optionals.title = "选项"
        if with_help:
            self.add_argument("-h", "--help", action="help", help="显示这份说明后退出")

    def error(self, message: str) -> NoReturn:  # argparse's own words are English
        self.print_usage(sys.stderr)
        print(f"soildesk：参数错误：{_in_chinese(message)}。用 --help 查看用法。", file=sys.stderr)
        sys.exit(EXIT_USAGE)


_CHOICE = re.compile(r"argument (\w+): invalid choice: '([^']*)' \(choose from (.*)\)")
_KINDS = {"COMMAND": "命令", "ACTION": "操作", "FORMAT": "格式"}


def _in_chinese(message: str) -> str:
    m = _CHOICE.fullmatch(message)
    if m:  # a mistyped command: say so, and list the real ones
        kind = _KINDS.get(m.group(1), "选项")
        names = "、".join(c.strip(" '") for c in m.group(3).split(","))
        return f"没有“{m.group(2)}”这个{kind}。可用的{kind}：{names}"
    for english, chinese in _ARGPARSE_WORDS:
        message = message.replace(english, chinese)
    if "无法识别的参数" in message and "--db" in message:
        message += "（--db 要写在命令前面，例如 soildesk --db 文件.db plans）"
    return message


_ARGPARSE_WORDS = (
    ("the following arguments are required:", "缺少必需的参数："),
    ("unrecognized arguments:", "无法识别的参数："),
    ("expected one argument", "需要一个值"),
    ("invalid choice:", "无效的选项："),
    ("choose from", "可选："),
    ("argument ", "参数 "),
    ("invalid int value:", "不是整数："),
)


def _options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options before any command; the window's start needs nothing else."""
    p.add_argument(
        "--version", action="version", version=f"SoilDesk {__version__}", help="显示版本号后退出"
    )
    p.add_argument(
        "--selftest",
        action="store_true",
        help="在临时文件夹中走一遍导入、填报、佐证、导出、打印，逐步报告结果（不碰用户数据）",
    )
    p.add_argument("--db", type=Path, metavar="PATH", help="数据库文件（默认在用户数据文件夹）")
    p.set_defaults(command=None)
    return p


def build_parser() -> argparse.ArgumentParser:
    p = _options(_Parser(prog="soildesk", description="土壤污染防治行动计划任务分解表管理"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="打开程序窗口（默认）")
    sub.add_parser("plans", help="列出数据库中的计划及各级条目数")
    sub.add_parser("demo", help="加入演示计划（梨树县任务分解表前六条）")
    imp = sub.add_parser(
        "import", help="导入任务分解表（.xlsx / .xls / .et / .ods / .docx / .txt）为新计划"
    )
    imp.add_argument(
        "--merge-suspects",
        action="store_true",
        help="把疑似写错的单位名称（如 农也局）按建议并入已有单位；表中文字保持原样",
    )
    imp.add_argument("file", type=Path, help="要导入的文件")
    imp.add_argument("--name", help="新计划的名称（默认取自表格标题）")
    drf = sub.add_parser(
        "draft", help="从行动计划/工作方案原文（.docx / .txt / .md）生成任务分解表草稿并建立计划"
    )
    drf.add_argument("file", type=Path, help="方案文档")
    drf.add_argument("--name", help="新计划的名称（文件中只有一个方案时可用；默认取自方案标题）")
    drf.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="SECTION",
        help="把默认不列入的部分（如 工作目标）也列入，可重复",
    )
    exp = sub.add_parser("export", help="导出计划")
    formats = exp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    xlsx = formats.add_parser("xlsx", help="导出为官方附件格式的任务分解表.xlsx")
    xlsx.add_argument("--plan", required=True, help="计划名称")
    xlsx.add_argument("-o", "--output", type=Path, required=True, help="输出文件")
    xlsx.add_argument("--unit", help="只导出该单位牵头或配合的小项")
    cli_packets.add_export_parsers(formats)
    pr = sub.add_parser("print", help="打印为 PDF：任务分解表、责任清单、进展报告")
    pr.add_argument(
        "report",
        choices=["breakdown", "duties", "progress"],
        help="breakdown 任务分解表；duties 单位责任清单；progress 填报期进展报告",
    )
    pr.add_argument("--plan", required=True, help="计划名称")
    pr.add_argument(
        "--unit", help="单位（breakdown：只打印该单位的小项；duties：只打印该单位，默认全部单位）"
    )
    pr.add_argument("--period", help="填报期名称（默认当前填报期）")
    pr.add_argument("--portrait", action="store_true", help="纵向（默认横向）")
    pr.add_argument(
        "--preset",
        choices=["standard", "meeting", "report", "a3"],
        default="standard",
        help="standard 标准 A4；meeting 会议版（大字）；report 报送版（含填报单位）；a3 A3 纸",
    )
    pr.add_argument("-o", "--output", type=Path, required=True, help="输出的 PDF 文件")
    subs = sub.add_parser("subitems", help="列出计划的小项及其编号（ID），供 evidence add 使用")
    subs.add_argument("--plan", required=True, help="计划名称")
    periods = sub.add_parser("periods", help="列出或添加填报期")
    periods.add_argument("--plan", required=True, help="计划名称")
    periods.add_argument(
        "--add", metavar="NAME", help="添加填报期，如 2024年上半年、2024年第三季度"
    )
    periods.add_argument(
        "--start", type=date.fromisoformat, help="开始日期 YYYY-MM-DD（自定义填报期）"
    )
    periods.add_argument(
        "--end", type=date.fromisoformat, help="结束日期 YYYY-MM-DD（自定义填报期）"
    )
    periods.add_argument("--current", action="store_true", help="设为当前填报期")
    ev = sub.add_parser("evidence", help="佐证材料：添加、列出、检查")
    ev_sub = ev.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = ev_sub.add_parser("add", help="把文件作为佐证材料添加到小项")
    add.add_argument(
        "--subitem", type=int, required=True, metavar="ID", help="小项的 ID（见 soildesk subitems）"
    )
    add.add_argument("--period", help="填报期名称（默认当前填报期）")
    add.add_argument("--note", default="", help="备注")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE")
    lst = ev_sub.add_parser("list", help="列出佐证材料")
    lst.add_argument("--plan", help="只列出该计划的")
    ev_sub.add_parser("verify", help="检查佐证材料：文件都在，且内容未被改动")
    cli_edits.add_parsers(sub)
    cli_edits.add_backup_parsers(sub)
    cli_plans.add_parsers(sub)
    cli_packets.add_parsers(sub)
    cli_update.add_parsers(sub)
    return p


def _open(args: argparse.Namespace) -> Database:
    path: Path = args.db or default_db_path()
    if args.db is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path)


def cmd_plans(db: Database, args: argparse.Namespace) -> int:
    summaries = PlanService(db).list_plans()
    if not summaries:
        print("数据库中还没有计划。可用 `soildesk demo` 加入演示计划。")
        return 0
    for s in summaries:
        counts = "，".join(f"{lv.label} {s.counts[lv]}" for lv in Level)
        print(f"{s.plan.name}\t{counts}")
    return 0


def cmd_demo(db: Database, args: argparse.Namespace) -> int:
    from .demo import add_demo_plan

    plan, created = add_demo_plan(PlanService(db))
    if created:
        print(f"已加入演示计划：{plan.name}")
    else:
        print(f"演示计划已存在：{plan.name}")
    return 0


def cmd_import(db: Database, args: argparse.Namespace) -> int:
    from .importing import load_file
    from .importing.plan_import import store_import, unit_suspects

    result = load_file(args.file)
    suspects = unit_suspects(result, [u.name for u in UnitService(db).list_units()])
    merges = {s.wording: s.likely for s in suspects} if args.merge_suspects else {}
    plan = store_import(PlanService(db), result, args.name, merges)
    counts = result.counts()
    print(f"已导入计划：{plan.name}")
    print("，".join(f"{lv.label} {counts[lv]}" for lv in Level))
    for warning in result.warnings:
        print(f"提示：{warning}")
    for suspect in suspects:
        done = (
            "已按建议合并" if args.merge_suspects else "未合并（加 --merge-suspects 可按建议合并）"
        )
        print(f"单位名称：{suspect.question}{done}")
    return 0


def cmd_draft(db: Database, args: argparse.Namespace) -> int:
    from .drafting import default_name, draft_file, store_draft

    drafts, _ = draft_file(args.file)
    if args.name and len(drafts) > 1:
        raise KnownError(
            f"{args.file.name} 中有 {len(drafts)} 个方案（{'、'.join(d.title for d in drafts)}），"
            "每个方案各建一个计划并以其标题命名，不能共用一个 --name。请去掉 --name 再试。"
        )
    for draft in drafts:
        include = [
            i
            for i, section in enumerate(draft.left_out)
            if any(word in section.text for word in args.include)
        ]
        wanted = args.name or default_name(draft.title, set())
        plan = store_draft(PlanService(db), draft, args.name, include)
        if plan.name != wanted:
            print(f"提示：已有名为“{wanted}”的计划，新计划命名为“{plan.name}”")
        counts = draft.counts()
        for lv, n in count_levels([draft.left_out[i] for i in include]).items():
            counts[lv] += n
        print(f"已生成计划：{plan.name}")
        print("，".join(f"{lv.label} {counts[lv]}" for lv in Level))
        for section in (s for i, s in enumerate(draft.left_out) if i not in include):
            print(
                f"未列入：{section.number}{section.text}（需要时加 --include {section.text[:4]}）"
            )
        for guess in draft.guesses:
            print(f"需核对：{guess}")
    return 0


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    from .export.xlsx_breakdown import export_breakdown

    if args.format != "xlsx":
        return cli_packets.cmd_export(db, args)

    plan = cli_progress.find_plan(db, args.plan)
    unit = None
    if args.unit:
        unit = UnitService(db).find_unit(args.unit)
        if unit is None:
            raise KnownError(f"找不到单位“{args.unit}”。可在程序的“单位管理”中查看单位名称。")
    report = export_breakdown(args.output, plan, PlanService(db).load_tree(plan.id), unit)
    print(f"已导出 {report.rows} 行到 {report.path}")
    for warning in report.warnings:
        print(f"提示：{warning}")
    return 0


COMMANDS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "plans": cmd_plans,
    "demo": cmd_demo,
    "import": cmd_import,
    "draft": cmd_draft,
    "export": cmd_export,
    "subitems": cli_progress.cmd_subitems,
    "periods": cli_progress.cmd_periods,
    "evidence": cli_progress.cmd_evidence,
    "print": cli_progress.cmd_print,
    "renumber": cli_edits.cmd_renumber,
    "history": cli_edits.cmd_history,
    "backup": cli_edits.cmd_backup,
    "plan": cli_plans.cmd_plan,
    "period": cli_plans.cmd_period,
    "replace": cli_plans.cmd_replace,
    "packets": cli_packets.cmd_packets,
    "returns": cli_packets.cmd_returns,
    "template": cli_packets.cmd_template,
    "update": cli_update.cmd_update,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # A start with no command (a double-click, --db) opens the window: the parser of
    # every command (15-20 ms of each start) is built only when a command is named.
    quick = _options(_Parser(prog="soildesk", add_help=False, exit_on_error=False))
    try:
        top, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:  # the full parser words the error, with every command
        top, rest = None, argv
    args = top if top is not None and not rest else build_parser().parse_args(argv)
    if args.selftest:
        from .selftest import run

        try:  # the window's printer path, where Qt is there (always in the bundle)
            from ui.selfcheck import STEPS
        except ImportError:
            STEPS = []
        return run(extra=STEPS)
    if args.command in (None, "gui"):
        # The window lives in ui/, which the core never imports at module level.
        from ui.app import run_gui

        return run_gui(args.db)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    setup_logging()
    if args.command == "restore":  # the file it replaces must not be open
        try:
            return cli_edits.cmd_restore(args.db or default_db_path(), args)
        except Exception as exc:
            print(f"soildesk：{explain(exc)}", file=sys.stderr)
            return EXIT_ERROR
    try:
        db = _open(args)
    except Exception as exc:
        print(f"soildesk：{explain(exc)}", file=sys.stderr)
        return EXIT_ERROR
    try:
        EvidenceStore(db).collect_garbage()  # what a crash left: every entry point tidies
        if problem := db.dangling_references():
            print(f"soildesk：提示：{problem}", file=sys.stderr)
        return COMMANDS[args.command](db, args)
    except BrokenPipeError:  # `soildesk subitems … | head`: the reader has gone
        sys.stderr.close()
        return 0
    except Exception as exc:  # a known problem in its own words; a bug with the log's path
        print(f"soildesk：{explain(exc)}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
