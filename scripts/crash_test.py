"""Crash safety: edits in a child process, killed with SIGKILL at a random moment, then
the database and its evidence checked: SQLite's integrity, every reference, every
stored file against its hash, and every edit the child had acknowledged (its commit
returned) still there. Undo and redo are among the edits.

    .venv/bin/python -m scripts.crash_test [--kills 200] [--seed 1]

The child appends one line per edit to an acknowledgement file *after* the edit's
transaction committed, and fsyncs it; an edit in flight when the kill came may or may
not be in the database (it never acknowledged), but never half of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from soildesk.db.database import open_database
from soildesk.demo import add_demo_plan
from soildesk.domain import Level
from soildesk.evidence import EvidenceStore
from soildesk.plans import PlanService
from soildesk.progress import Progress, ProgressService, Status


def child(db_path: Path, acks: Path, seed: int) -> None:
    """Edit until killed. Values carry a sequence number, so the check can tell an older
    value (an acknowledged edit lost) from a newer one (the edit in flight)."""
    rnd = random.Random(seed)
    db = open_database(db_path)
    plans, progress, store = PlanService(db), ProgressService(db), EvidenceStore(db)
    plan = plans.list_plans()[0].plan
    period = progress.list_periods(plan.id)[0]
    subs = [n.id for n in _walk(plans.load_tree(plan.id)) if n.level == Level.SUBITEM]
    seq = int(time.time() * 1000)  # grows across children
    scratch = Path(tempfile.mkdtemp(prefix="crash-src-"))
    out = acks.open("a", encoding="utf-8")

    def ack(**entry: object) -> None:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())

    ack(kind="ready")
    while True:
        seq += 1
        node = rnd.choice(subs)
        roll = rnd.random()
        if roll < 0.45:
            plans.update_fields(node, "改文字", text=f"崩溃测试文字#{seq}")
            ack(kind="text", node=node, seq=seq)
        elif roll < 0.75:
            note = f"进展#{seq}"
            progress.set_progress(node, period.id, Progress(Status.ONGOING, note))
            ack(kind="progress", node=node, seq=seq)
        elif roll < 0.9:
            src = scratch / f"佐证{seq}.pdf"
            src.write_bytes(f"%PDF evidence {seq} ".encode() * rnd.randint(1, 4000))
            att = store.add(node, src)
            ack(kind="evidence", node=node, attachment=att.id, sha=att.sha256)
        else:
            change = plans.update_fields(node, "改文字", text=f"撤销前#{seq}")
            db.undo(change)  # back to what it was
            ack(kind="undo", node=node)


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def check(db_path: Path, acks: Path) -> list[str]:
    """What is wrong after a kill ([] when everything holds)."""
    problems = []
    conn = sqlite3.connect(db_path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("dangling references")
        texts = dict(conn.execute("SELECT id, text FROM node"))
        notes = dict(conn.execute("SELECT node_id, text FROM progress"))
        attachments = {r[0] for r in conn.execute("SELECT id FROM attachment")}
    finally:
        conn.close()
    last: dict[tuple[str, int], int] = {}
    for line in acks.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)  # a torn last line cannot be: each is fsynced whole
        kind = entry["kind"]
        if kind in ("text", "progress"):
            last[(kind, entry["node"])] = entry["seq"]
        elif kind == "evidence" and entry["attachment"] not in attachments:
            problems.append(f"acknowledged attachment {entry['attachment']} lost")
    for (kind, node), seq in last.items():
        value = (texts if kind == "text" else notes).get(node, "")
        found = int(value.rsplit("#", 1)[1]) if "#" in value else -1
        if found < seq:  # newer is the edit in flight; older is an acknowledged edit lost
            problems.append(f"acknowledged {kind} of node {node} lost: {value!r} < #{seq}")
    db = open_database(db_path)  # opens after a kill: the lock died with the child
    try:
        store = EvidenceStore(db)
        store.collect_garbage()  # what the kill left is cleaned; nothing used goes
        problems += [f"evidence {p.label}: {p.attachment.original_name}" for p in store.verify()]
    finally:
        db.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=3, metavar=("DB", "ACKS", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return 0
    rnd = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="soildesk-crash-"))
    db_path, acks = work / "崩溃测试.db", work / "acks.jsonl"
    db = open_database(db_path)
    plan, _ = add_demo_plan(PlanService(db))
    ProgressService(db).add_period(plan.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    db.close()
    acks.touch()
    started = time.perf_counter()
    failures = 0
    for kill in range(1, args.kills + 1):
        before = acks.read_text(encoding="utf-8").count("\n")
        proc = subprocess.Popen(
            [sys.executable, "-m", "scripts.crash_test", "--child", str(db_path), str(acks), str(rnd.randrange(1 << 30))],
            cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        while acks.read_text(encoding="utf-8").count('"ready"') < kill:  # opened, editing
            if proc.poll() is not None:
                print(f"child {kill} ended by itself with code {proc.returncode}")
                return 1
            time.sleep(0.01)
        time.sleep(rnd.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        problems = check(db_path, acks)
        edits = acks.read_text(encoding="utf-8").count("\n") - before - 1
        if problems:
            failures += 1
            print(f"kill {kill}: {edits} edits acknowledged; PROBLEMS: {problems}")
        elif kill % 25 == 0:
            print(f"kill {kill}: all held")
    total = acks.read_text(encoding="utf-8").count("\n") - args.kills
    print(
        f"{args.kills} SIGKILLs, {total} acknowledged edits, {failures} kills with problems, "
        f"{time.perf_counter() - started:.0f} s; data in {work}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
