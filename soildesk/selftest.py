"""`soildesk --selftest`: the whole chain a clerk uses, on the shipped demo table, in a
temporary folder — for a frozen build on a machine with no Python, and for support on a
clerk's PC. One line per step; exit 0 when every step holds, 1 at the first that fails
(with its reason). Nothing outside the temporary folder is read or written."""

from __future__ import annotations

import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from .domain import Level, subitems


def run(
    out: Callable[[str], None] = print,
    extra: Sequence[tuple[str, Callable[[Path, dict], str]]] = (),
) -> int:
    """`extra`: further steps (the window's printer path), given the folder and state."""
    with tempfile.TemporaryDirectory(prefix="soildesk-selftest-") as folder:
        tmp = Path(folder)
        state: dict = {}
        steps: list[tuple[str, Callable[[], str]]] = [
            ("数据库", lambda: _open(tmp, state)),
            ("导入示例任务分解表", lambda: _import(state)),
            ("填报进展", lambda: _progress(state)),
            ("添加并核对佐证材料", lambda: _evidence(tmp, state)),
            ("导出 Excel 并读回", lambda: _export(tmp, state)),
            ("打印任务分解表 PDF", lambda: _pdf(tmp, state, "breakdown")),
            ("打印单位责任清单 PDF", lambda: _pdf(tmp, state, "duties")),
            ("打印进展报告 PDF", lambda: _pdf(tmp, state, "progress")),
            ("部门填报表：生成、填写、收录", lambda: _packet(tmp, state)),
            ("报送进展情况表和佐证材料包", lambda: _return(tmp, state)),
        ]
        steps += [(label, lambda step=step: step(tmp, state)) for label, step in extra]
        try:
            for label, step in steps:
                started = time.perf_counter()
                try:
                    detail = step()
                except Exception as exc:  # a self-test reports every failure, whatever it is
                    out(f"失败  {label}：{exc}")
                    out(traceback.format_exc().rstrip())
                    return 1
                out(f"通过  {label}（{detail}，{time.perf_counter() - started:.2f} 秒）")
        finally:
            if "db" in state:
                state["db"].close()
    out("自检全部通过。")
    return 0


def _open(tmp: Path, state: dict) -> str:
    from .db.database import open_database
    from .db.migrate import current_revision, head_revision

    state["db"] = open_database(tmp / "selftest.db")
    version = current_revision(tmp / "selftest.db")
    if version != head_revision():
        raise RuntimeError(f"新数据库的结构版本是 {version}，应为 {head_revision()}")
    return f"已建立，结构版本 {version}"


def _import(state: dict) -> str:
    from .demo import DEMO_FILE
    from .importing import load_file
    from .importing.plan_import import store_import
    from .paths import resources_dir
    from .plans import PlanService

    result = load_file(resources_dir() / DEMO_FILE)
    state["plan"] = store_import(PlanService(state["db"]), result, "自检计划")
    counts = result.counts()
    _expect(counts[Level.SUBITEM] == 60, f"小项应为 60 个，读到 {counts[Level.SUBITEM]} 个")
    return "，".join(f"{lv.label} {counts[lv]}" for lv in Level)


def _progress(state: dict) -> str:
    from .plans import PlanService
    from .progress import Progress, ProgressService, Status

    progress = ProgressService(state["db"])
    plan = state["plan"]
    period = progress.add_period(plan.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    progress.set_current(plan.id, period.id)
    sub = subitems(PlanService(state["db"]).load_tree(plan.id))[0]
    progress.set_progress(
        sub.id, period.id, Progress(Status.DONE, "自检：已完成", date(2024, 5, 1))
    )
    stored = progress.get(sub.id, period.id)
    _expect(stored is not None and stored.status == Status.DONE, "进展没有保存")
    state["sub"], state["period"] = sub, period
    return "1 个小项已完成"


def _evidence(tmp: Path, state: dict) -> str:
    from .evidence import EvidenceStore

    source = tmp / "现场照片说明.txt"
    source.write_text("自检用的佐证材料。", encoding="utf-8")
    store = EvidenceStore(state["db"])
    store.add(state["sub"].id, source, state["period"].id)
    problems = store.verify()
    _expect(not problems, f"核对发现问题：{problems}")
    return "1 个文件，校验一致"


def _export(tmp: Path, state: dict) -> str:
    from .export.xlsx_breakdown import export_breakdown
    from .importing import load_file
    from .plans import PlanService

    target = tmp / "任务分解表.xlsx"
    roots = PlanService(state["db"]).load_tree(state["plan"].id)
    report = export_breakdown(target, state["plan"], roots)
    _expect(zipfile.is_zipfile(target), "导出的文件不是有效的 xlsx")
    back = load_file(target).counts()
    _expect(back[Level.SUBITEM] == 60, f"读回的小项应为 60 个，读到 {back[Level.SUBITEM]} 个")
    return f"{report.rows} 行，读回一致"


def _pdf(tmp: Path, state: dict, report: str) -> str:
    from .reports.render import render_report

    target = tmp / f"{report}.pdf"
    pages = render_report(
        state["db"], state["plan"], report, target, period=state["period"].name,
        today=date(2024, 6, 20),
    )  # fmt: skip
    data = target.read_bytes()
    _expect(data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], "PDF 文件不完整")
    _expect(pages >= 1, "PDF 没有页面")
    return f"{pages} 页"


def _packet(tmp: Path, state: dict) -> str:
    """A department's packet round trip, filled as a department would (openpyxl)."""
    import openpyxl

    from .packets import layout as L
    from .packets.make import export_packets
    from .packets.review import apply_review, build_review
    from .progress import ProgressService

    db, plan, period = state["db"], state["plan"], state["period"]
    folder = tmp / "填报表"
    made = export_packets(db, plan, period.name, folder, ["县水利局"])
    wb = openpyxl.load_workbook(made[0].path)
    ws = wb[L.SHEET]
    ws.cell(L.FIRST_DATA_ROW + 2, L.FIRST_FILL + 1).value = "自检：部门填写的进展"
    ws.cell(L.FIRST_DATA_ROW + 2, L.FIRST_FILL + 2).value = "推进中"
    back = tmp / "县水利局（已填）.xlsx"
    wb.save(back)
    review = build_review(db, plan, period, [back])
    _expect(not review.refused and review.count("change") == 1, f"审阅结果不对：{review.refused}")
    apply_review(db, review)
    node = next(i.node for i in review.items if i.kind == "change")
    stored = ProgressService(db).get(node.id, period.id)
    _expect(stored is not None and stored.text == "自检：部门填写的进展", "收录的进展没有保存")
    return f"{made[0].rows} 行，收录 1 项"


def _return(tmp: Path, state: dict) -> str:
    from .evidence_packet import export_evidence
    from .returns import save_sent, write_return

    db, plan, period = state["db"], state["plan"], state["period"]
    target = tmp / "进展情况表.xlsx"
    done = write_return(db, plan, period.name, target, report=True, day=date(2024, 7, 3))
    _expect(done.sent is not None, "报送内容没有留存")
    again = save_sent(db, done.sent.id, tmp / "报送原样.xlsx")
    _expect(again.read_bytes() == target.read_bytes(), "留存的报送内容与导出的不一致")
    packet = export_evidence(db, plan, period.name, tmp / "佐证材料.zip")
    with zipfile.ZipFile(packet.path) as z:
        _expect(z.testzip() is None and "SHA256SUMS" in z.namelist(), "佐证材料包不完整")
    return f"{done.rows} 行，已留存；佐证材料 {packet.files} 个"


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)
