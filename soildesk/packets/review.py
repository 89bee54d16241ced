"""The review of returned packets, before anything is written: per sub-item what would
change (old → new), what conflicts, what cannot be taken; then accepting the chosen
answers in one transaction, one undo step, with a receipt per packet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..changes import Change, now
from ..db.database import Database
from ..db.lazy import m, sa
from ..domain import Level, Node, PlanInfo
from ..errors import ValidationError
from ..evidence import EvidenceStore
from ..progress import PeriodInfo, Progress, ProgressService, Status, checked, id_list
from ..units import UnitService
from . import layout as L
from . import receipts
from .bundle import Bundle, files_by_row, gather_bundle, strip_row
from .read import Answer, PacketRefused, ReturnedPacket, read_packet

FIELD_LABELS = ("进展情况", "完成状态", "完成日期", "滞后原因", "备注")


def fill_values(p: Progress | None) -> tuple[str, ...]:
    """A progress as the five fill-in cells show it."""
    if p is None:
        return ("",) * 5
    done = p.completed_on.isoformat() if p.completed_on else ""
    return (p.text, p.status.label, done, p.lag_reason, p.note)


@dataclass(frozen=True, slots=True)
class Proposal:
    """One department's answer on a sub-item."""

    unit_id: int
    unit_name: str
    file: str
    row: int
    progress: Progress | None  # None: the answer cannot be taken (see problems)
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass
class ReviewItem:
    node: Node
    current: Progress | None
    proposals: list[Proposal]
    options: list[Progress]  # the distinct answers that can be taken
    conflicts: list[str] = field(default_factory=list)
    accept: int | None = None  # index into options; None: keep what SoilDesk has
    files: list[Path] = field(default_factory=list)  # evidence sent with the packet
    lead: int | None = None  # the option the sub-item's lead unit gave, if any
    lead_ids: frozenset[int] = frozenset()  # the sub-item's (or its item's) lead units
    take_files: bool = True  # evidence adds to what is there: taken unless declined

    @property
    def label(self) -> str:
        return f"{self.node.number}{self.node.text}"

    @property
    def kind(self) -> str:
        """'same' (nothing would change), 'change', 'conflict' or 'error'."""
        if self.conflicts:
            return "conflict"
        if not self.options:
            return "change" if self.files and not self.problems() else "error"
        if self.files:
            return "change"
        return "same" if _same(self.options[0], self.current) else "change"

    def changes(self, option: int = 0) -> list[tuple[str, str, str]]:
        old = fill_values(self.current)
        new = fill_values(self.options[option]) if self.options else old
        out = [(FIELD_LABELS[i], old[i], new[i]) for i in range(5) if old[i] != new[i]]
        if self.files:
            out.append(("佐证材料", "", "、".join(f.name for f in self.files)))
        return out

    def option_units(self, n: int) -> str:
        """Who gave option n, the lead marked: 县环保局（牵头）、县农业局."""
        option = self.options[n]
        names = dict.fromkeys(
            p.unit_name + ("（牵头）" if p.unit_id in self.lead_ids else "")
            for p in self.proposals
            if p.progress is not None and _same(p.progress, option)
        )
        return "、".join(names)

    def problems(self) -> list[str]:
        return [
            f"{p.unit_name}（{p.file} 第 {p.row} 行）：{x}"
            for p in self.proposals
            for x in p.problems
        ]

    def warnings(self) -> list[str]:
        return [f"{p.unit_name}：{x}" for p in self.proposals for x in p.warnings]


@dataclass
class Review:
    plan: PlanInfo
    period: PeriodInfo
    packets: list[ReturnedPacket] = field(default_factory=list)
    items: list[ReviewItem] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    received: list[ReturnedPacket] = field(default_factory=list)  # this very file before
    bundle: Bundle | None = None  # where the packets and their files were unpacked
    notes: list[str] = field(default_factory=list)  # rows not taken, said once each
    settled: set[tuple[int, str]] = field(default_factory=set)  # (unit, key) decided before

    def count(self, kind: str) -> int:
        return sum(i.kind == kind for i in self.items)

    def cleanup(self) -> None:
        """Remove what was unpacked from zips (after applying or cancelling)."""
        if self.bundle is not None:
            self.bundle.cleanup()

    @property
    def nothing_new(self) -> bool:
        """Every packet was taken in before and nothing it says would change anything
        (conflicts left open stay open: they need the clerk's choice)."""
        return (
            bool(self.packets)
            and len(self.received) == len(self.packets)
            and not self.count("change")
        )


def _same(a: Progress | None, b: Progress | None) -> bool:
    return fill_values(a) == fill_values(b)


def _proposal(
    given: tuple[str, ...], unit_id: int, unit_name: str, file: str, row: int, period: PeriodInfo
) -> Proposal:
    text, status_label, done, lag, note = given
    problems: list[str] = []
    warnings: list[str] = []
    status = L.STATUS_BY_LABEL.get(status_label)
    if not status_label:
        status = Status.ONGOING
        warnings.append("未选择完成状态，按“推进中”收录")
    elif status is None:
        problems.append(f"完成状态“{status_label}”不是可选的值（已完成、推进中、未启动、滞后）")
    completed: date | None = None
    if done:
        try:
            completed = date.fromisoformat(done)
        except ValueError:  # the rest of the row still stands
            warnings.append(f"完成日期“{done}”不是完整的日期（应写成 2024-06-30），日期未收录")
        if status is not None and status != Status.DONE:
            warnings.append(f"状态不是“已完成”，完成日期 {done} 不收录")
            completed = None
        elif (
            completed is not None
            and not period.start.replace(year=period.start.year - 1) <= completed
        ):
            warnings.append(f"完成日期 {done} 早于本填报期一年以上，请核对")
        elif completed is not None and completed > period.end:
            warnings.append(f"完成日期 {done} 晚于本填报期（至 {period.end}），请核对")
    elif status == Status.DONE:
        warnings.append("状态为“已完成”，但没有填写完成日期")
    if status == Status.LAGGING and not lag:
        problems.append("状态为“滞后”，但没有填写滞后原因")
    if problems or status is None:
        return Proposal(unit_id, unit_name, file, row, None, tuple(problems))
    progress = checked(Progress(status, text, completed, lag, (unit_id,), note))
    return Proposal(unit_id, unit_name, file, row, progress, (), tuple(warnings))


def _merge(options: list[Progress], current: Progress | None, unit_ids: list[int]) -> Progress:
    first = options[0]
    reporters = tuple(dict.fromkeys([*(current.reported_by if current else ()), *unit_ids]))
    return Progress(
        first.status, first.text, first.completed_on, first.lag_reason, reporters, first.note
    )


def build_review(db: Database, plan: PlanInfo, period: PeriodInfo, paths: Sequence[Path]) -> Review:
    """Read every packet and compare it with what SoilDesk holds. Nothing is written."""
    review = Review(plan, period)
    units = UnitService(db)
    bundle = review.bundle = gather_bundle(list(paths))
    review.refused.extend(bundle.refused)
    review.notes.extend(bundle.notes)
    for path in bundle.packets:
        try:
            packet = read_packet(Path(path))
            _check_identity(db, packet, plan, period, units)
        except PacketRefused as exc:
            review.refused.append((Path(path), str(exc)))
            continue
        review.packets.append(packet)
    if not review.packets:
        return review
    taken_in = receipts.received(db, period.id)
    _newest_copies(review)
    nodes = _subitems(db, plan.id, [a.key for p in review.packets for a in p.answers])
    for packet in list(review.packets):  # made from another database: nothing of it is here
        if packet.answers and not any(a.key in nodes for a in packet.answers):
            review.packets.remove(packet)
            review.refused.append((packet.path, _foreign(packet)))
    if not review.packets:
        return review
    review.received = [p for p in review.packets if (p.unit_id, p.sha256) in taken_in]
    memory = receipts.remembered(db, period.id)
    names = {u.id: u.name for u in units.list_units(plan.id)}
    current = ProgressService(db).progress_for(period.id)
    by_node: dict[int, list[tuple[Proposal, Answer]]] = {}
    files: dict[int, list[Path]] = {}
    gone: list[str] = []
    for packet in review.packets:
        rows = {a.row for a in packet.answers}
        by_row, loose, programs = files_by_row(bundle, packet.path, rows)
        if loose:
            names = "、".join(f.name for f in loose[:10]) + ("等" if len(loose) > 10 else "")
            review.notes.append(
                f"{packet.unit_name}报送的 {len(loose)} 个文件没有标明小项所在的行号"
                f"（小项在第 {min(rows)}–{max(rows)} 行；{names}），"
                "未能对应到小项；可在窗口中把它们拖到相应小项上添加"
            )
        if programs:
            review.notes.append(
                f"{packet.unit_name}报送的文件中有程序或脚本（{'、'.join(f.name for f in programs)}），"
                "不是佐证材料，没有收录"
            )
        for answer in packet.answers:
            node = nodes.get(answer.key)
            if node is not None and answer.row in by_row:
                files.setdefault(node.id, []).extend(by_row[answer.row])
            node = nodes.get(answer.key)
            if node is None:
                if not answer.empty:
                    gone.append(f"{packet.path.name} 第 {answer.row} 行")
                continue
            if answer.empty:
                continue
            before = memory.get((packet.unit_id, answer.key))
            if before is not None and not before.open and before.given == answer.given:
                review.settled.add((packet.unit_id, answer.key))
                continue  # decided already: the same words again change nothing
            proposal = _proposal(
                answer.given, packet.unit_id, packet.unit_name, packet.path.name, answer.row, period
            )
            by_node.setdefault(node.id, []).append((proposal, answer))
    # Answers of earlier packets still undecided (a conflict or a mistake left open) take
    # part again, unless the same department answers the sub-item anew in this batch: a
    # later packet must not settle a disagreement by arriving last.
    answering = {(p.unit_id, a.key) for p in review.packets for a in p.answers if not a.empty}
    for (unit_id, key), r in memory.items():
        node = nodes.get(key)
        if not r.open or node is None or node.id not in by_node or (unit_id, key) in answering:
            continue
        earlier = Answer(r.row, node.key, ("",) * 5, r.given)
        name = f"{r.file}（{r.at[:10]}收到）"
        by_node[node.id].append(
            (_proposal(r.given, r.unit_id, r.unit_name, name, r.row, period), earlier)
        )
    order = {n.id: i for i, n in enumerate(nodes.values())}
    by_id = {n.id: n for n in nodes.values()}
    held_files = _attached(db, period.id, list(files))
    for node_id, found in files.items():
        new = _new_files(found, held_files.get(node_id, set()))
        files[node_id] = new
        if new and node_id not in by_node:
            by_node[node_id] = []
    for node_id in sorted(by_node, key=order.__getitem__):
        node = by_id[node_id]
        held = current.get(node_id)
        pairs = by_node[node_id]
        options: list[Progress] = []
        for proposal, _answer in pairs:
            if proposal.progress is not None and not any(
                _same(proposal.progress, o) for o in options
            ):
                options.append(proposal.progress)
        item = ReviewItem(node, held, [p for p, _ in pairs], options, files=files.get(node_id, []))
        if len(options) > 1:
            names = "、".join(dict.fromkeys(p.unit_name for p, _ in pairs))
            item.conflicts.append(f"{names}填报的内容不同，请选择收录哪一份")
        elif options and any(p.progress is None for p, _ in pairs):
            wrong = "、".join(dict.fromkeys(p.unit_name for p, _ in pairs if p.progress is None))
            item.conflicts.append(f"{wrong}的答复有误（见下），请核对后再选择是否收录")
        # Changed since the packet went out, and not by this department's own earlier
        # answer (its corrected copy comes back on top of its first one).
        changed_since = [
            a
            for p, a in pairs
            if p.progress is not None
            and a.sent != fill_values(held)
            and not (held and p.unit_id in held.reported_by)
        ]
        if changed_since and options and not all(_same(o, held) for o in options):
            by = "、".join(names[u] for u in (held.reported_by if held else ()) if u in names)
            source = f"已收录{by}的答复" if by else "已在 SoilDesk 中填写或修改"
            item.conflicts.append(
                f"发出填报表后，本期进展{source}"
                f"（发出时：{_brief(changed_since[0].sent)}；现在：{_brief(fill_values(held))}），"
                "请核对后选择是否改为这份答复"
            )
        if len(options) == 1:
            ids = [p.unit_id for p, _ in pairs if p.progress is not None]
            item.options = [_merge(options, held, ids)]
        else:
            item.options = [
                _merge(
                    [o], held, [p.unit_id for p, _ in pairs if p.progress and _same(p.progress, o)]
                )
                for o in options
            ]
        item.accept = 0 if item.kind == "change" else None
        item.lead, item.lead_ids = _lead_option(db, node_id, item)
        review.items.append(item)
    review.notes.extend(f"{where}的小项已在 SoilDesk 中删除，该行不收录。" for where in gone)
    if review.count("change") or review.count("conflict"):
        from ..returns import sent_returns

        sent = [r for r in sent_returns(db, plan.id) if r.period_id == period.id]
        if sent:
            review.notes.append(
                f"本期已于 {sent[-1].reported_at:%Y-%m-%d %H:%M} 报送市里；收录后进展情况表将与已报送的不同，"
                "需要时请重新报送"
            )
    for packet in review.packets:
        if not packet.answered:
            review.notes.append(f"{packet.unit_name}的 {packet.path.name} 一行也没有填写")
        if packet.outside:
            review.notes.append(
                f"{packet.path.name} 在表格下方（第 {'、'.join(map(str, packet.outside[:5]))} 行）写了内容，"
                "不在任何小项的行上，没有收录；请让该单位写在相应小项的行内"
            )
    return review


def _lead_option(db: Database, node_id: int, item: ReviewItem) -> tuple[int | None, frozenset[int]]:
    """The sub-item's lead units (牵头, or 负责; else its item's) and the option they gave."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT node_id, unit_id FROM node_unit WHERE role IN ('lead', 'responsible') AND "
            "node_id IN (?, (SELECT parent_id FROM node WHERE id = ?))",
            (node_id, node_id),
        ).fetchall()
    own = [u for n, u in rows if n == node_id]
    leads = frozenset(own or [u for _n, u in rows])
    if len(item.options) < 2:
        return None, leads
    for n, option in enumerate(item.options):
        if any(
            p.unit_id in leads and p.progress is not None and _same(p.progress, option)
            for p in item.proposals
        ):
            return n, leads
    return None, leads


def _subitems(db: Database, plan_id: int, keys: list[str]) -> dict[str, Node]:
    """The plan's sub-items the packets name, by key, in the plan's order (only what
    the review shows: loading the whole tree was half of reviewing a big packet)."""
    import json

    with db.read() as cur:
        rows = cur.execute(
            "SELECT id, key, number, text FROM node WHERE plan_id = ? AND level = 4 "
            "AND key IN (SELECT value FROM json_each(?))",
            (plan_id, json.dumps(sorted(set(keys)))),
        ).fetchall()
    found = {
        key: Node(nid, Level.SUBITEM, number, text, key=key) for nid, key, number, text in rows
    }
    return {k: found[k] for k in dict.fromkeys(keys) if k in found}


def _attached(db: Database, period_id: int, node_ids: list[int]) -> dict[int, set[str]]:
    """The SHA-256 of the files each sub-item already has for the period."""
    import json

    with db.read() as cur:
        rows = cur.execute(
            "SELECT node_id, sha256 FROM attachment JOIN evidence_file ON evidence_file.id = file_id "
            "WHERE period_id = ? AND node_id IN (SELECT value FROM json_each(?))",
            (period_id, json.dumps(node_ids)),
        ).fetchall()
    out: dict[int, set[str]] = {}
    for node_id, sha in rows:
        out.setdefault(node_id, set()).add(sha)
    return out


def _new_files(found: list[Path], held: set[str]) -> list[Path]:
    """Files not yet attached (by content): a packet taken in twice attaches nothing."""
    import hashlib

    out, seen = [], set(held)
    for path in found:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() not in seen:
            seen.add(h.hexdigest())
            out.append(path)
    return out


def _newest_copies(review: Review) -> None:
    """Two copies from one department in one batch: the newer file (by when it was
    saved) is its answer, as if they had come one after the other."""
    by_unit: dict[int, list[ReturnedPacket]] = {}
    for p in review.packets:
        by_unit.setdefault(p.unit_id, []).append(p)
    for copies in by_unit.values():
        if len(copies) < 2:
            continue
        copies.sort(key=lambda p: p.path.stat().st_mtime)
        newest = copies[-1]
        for old in copies[:-1]:
            review.packets.remove(old)
        names = "、".join(p.path.name for p in copies[:-1])
        review.notes.append(
            f"{newest.unit_name}报送了 {len(copies)} 份填报表，按最新保存的 {newest.path.name} 收录"
            f"（未用：{names}）"
        )


def _foreign(packet: ReturnedPacket) -> str:
    return (
        f"{packet.path.name} 中的小项在这个计划中一个也找不到：它是从另一个数据库生成的"
        "（另一台电脑上的 SoilDesk，或重新导入的同名计划），已拒绝收录。"
        "请用本机的 SoilDesk 重新生成该单位的填报表发出。"
    )


def _brief(values: tuple[str, ...]) -> str:
    status = values[1] or "未填报"
    text = values[0][:20] + ("…" if len(values[0]) > 20 else "")
    return f"{status}，{text}" if text else status


def _check_identity(
    db: Database, packet: ReturnedPacket, plan: PlanInfo, period: PeriodInfo, units: UnitService
) -> None:
    name = packet.path.name
    if packet.plan_name != plan.name:
        raise PacketRefused(
            f"{name} 是计划“{packet.plan_name}”的填报表，当前是计划“{plan.name}”，已拒绝收录。"
            f"请在 SoilDesk 中打开计划“{packet.plan_name}”后再收录。"
        )
    if packet.period_name != period.name:
        raise PacketRefused(
            f"{name} 是“{packet.period_name}”的填报表，当前填报期是“{period.name}”，已拒绝收录。"
            f"请先把当前填报期切换为“{packet.period_name}”（命令行加 --period {packet.period_name}），"
            "或请该单位填写本期的填报表。"
        )
    with db.read() as cur:
        found = cur.execute("SELECT id FROM unit WHERE id = ?", (packet.unit_id,)).fetchone()
    unit_id = found[0] if found else None
    if unit_id is None:  # merged into another since: found by its name
        unit = units.find_unit(packet.unit_name)
        unit_id = unit.id if unit else None
    if unit_id is None:
        raise PacketRefused(
            f"{name} 的填报单位“{packet.unit_name}”已不在单位名录中，已拒绝收录。"
            "请重新生成该单位的填报表。"
        )
    packet.unit_id = unit_id


def apply_review(db: Database, review: Review) -> Change:
    """Write the accepted answers, the evidence that came with them, and a receipt per
    packet (with its answers, the undecided ones marked open): one transaction, one undo
    step. Refused if the progress of an accepted sub-item changed since the review."""
    import json

    chosen = {i.node.id: i for i in review.items if i.accept is not None and i.options}
    with_files = {i.node.id: i for i in review.items if i.files and i.take_files}
    units = sorted({p.unit_name for p in review.packets})
    who = units[0] if len(units) == 1 else f"{units[0]}等 {len(units)} 个单位"
    store = EvidenceStore(db)
    ingested = {  # copied into the store first: the transaction then only records them
        node_id: [replace(store.ingest(f), name=strip_row(f.name)) for f in item.files]
        for node_id, item in with_files.items()
    }
    decided = {i.node.key for i in review.items if i.accept is not None or i.kind == "same"}
    files = sum(len(v) for v in ingested.values())
    what = f"进展 {len(chosen)} 项" + (f"、佐证材料 {files} 个" if files else "")
    with db.change(f"收录填报表（{who}）：{what}") as (s, rec):
        stored = {
            r.node_id: r
            for r in s.scalars(
                sa.select(m.ProgressRow).where(
                    m.ProgressRow.period_id == review.period.id,
                    m.ProgressRow.node_id.in_(id_list(list(chosen))),
                )
            )
        }
        writes: dict[int, Progress] = {}
        for node_id, item in chosen.items():
            row = stored.get(node_id)
            if (row is None) != (item.current is None) or (
                row is not None and _row_values(row) != fill_values(item.current)
            ):
                raise ValidationError(
                    f"审阅期间“{item.label[:20]}”的进展已被改动，没有收录任何内容。请重新收录这些填报表。"
                )
            writes[node_id] = item.options[item.accept or 0]
        ProgressService.write_many(s, review.period.id, writes)
        for node_id, item in with_files.items():
            sender = "、".join(dict.fromkeys(p.unit_name for p in item.proposals)) or _sender(
                review, item
            )
            EvidenceStore.record(
                s, node_id, ingested[node_id], review.period.id, f"{sender}随填报表报送"
            )
        receipts.close(s, review.period.id, decided)  # earlier answers now decided
        kept = {
            (r.unit_id, r.sha256): r
            for r in s.scalars(
                sa.select(m.PacketReceiptRow).where(
                    m.PacketReceiptRow.period_id == review.period.id
                )
            )
        }
        for packet in review.packets:
            answers = {
                a.key: {
                    "given": list(a.given),
                    "open": a.key not in decided and (packet.unit_id, a.key) not in review.settled,
                    "row": a.row,
                }
                for a in packet.answers
                if not a.empty
            }
            old = kept.get((packet.unit_id, packet.sha256))
            if old is not None:  # taken in before: what is still open stays open
                before = json.loads(old.answers) if old.answers else {}
                for key, a in answers.items():
                    a["open"] = a["open"] and before.get(key, {}).get("open", True)
                old.answers = json.dumps(answers, ensure_ascii=False)
                continue
            row = m.PacketReceiptRow(
                period_id=review.period.id,
                unit_id=packet.unit_id,
                received_at=now(),
                file_name=packet.path.name[:260],
                sha256=packet.sha256,
                answered=packet.answered,
                rows=len(packet.answers),
                answers=json.dumps(answers, ensure_ascii=False),
            )
            kept[(packet.unit_id, packet.sha256)] = row
            s.add(row)
    assert rec.change is not None
    return rec.change


def _sender(review: Review, item: ReviewItem) -> str:
    """The unit whose packet row a file came with, for an evidence-only row."""
    for packet in review.packets:
        if any(a.key == item.node.key for a in packet.answers):
            return packet.unit_name
    return ""


def _row_values(row: m.ProgressRow) -> tuple[str, ...]:
    done = row.completed_on.isoformat() if row.completed_on else ""
    label = Status(row.status).label
    return (row.text, label, done, row.lag_reason, row.note)
