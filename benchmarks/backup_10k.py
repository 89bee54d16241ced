"""Backup and restore of a 10,000-sub-item plan with 500 MB of evidence (500 files of
1 MB, incompressible like scans and photos), beside their floor in the same run: copying
the same database and files with shutil (what any backup must at least read and write).

    .venv/bin/python -m benchmarks.backup_10k [--mb 500]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import generate_plan
from soildesk.backup import make_backup
from soildesk.db.database import open_database
from soildesk.domain import Level
from soildesk.evidence import EvidenceStore
from soildesk.plans import PlanService
from soildesk.restore import check_backup, restore_backup


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="soildesk-backup-bench-"))
    try:
        db = open_database(work / "万项.db")
        plans = PlanService(db)
        plan = plans.create_plan("万项计划", generate_plan(10_000))
        subs = [n.id for n in _walk(plans.load_tree(plan.id)) if n.level == Level.SUBITEM]
        store = EvidenceStore(db)
        src = work / "src.bin"
        for i in range(args.mb):
            src.write_bytes(os.urandom(1 << 20))
            store.add(subs[i * 17 % len(subs)], src)
        src.unlink()
        print(f"plan: 10,000 sub-items, {args.mb} evidence files of 1 MB")

        t = time.perf_counter()
        floor = work / "floor"
        floor.mkdir()
        conn, copy = sqlite3.connect(db.path), sqlite3.connect(floor / "db")
        conn.backup(copy)
        conn.close()
        copy.close()
        shutil.copytree(store.root, floor / "evidence")
        os.sync()
        floor_s = time.perf_counter() - t
        print(f"floor: copy database and evidence with shutil   {floor_s:6.2f} s")

        t = time.perf_counter()
        info = make_backup(db, work / "备份.zip")
        print(
            f"backup (zip, manifest, fsync)                   {time.perf_counter() - t:6.2f} s"
            f"   {info.size >> 20} MB"
        )
        db.close()
        t = time.perf_counter()
        check_backup(work / "备份.zip")
        print(f"check (every member against its SHA-256)        {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        (work / "恢复").mkdir()
        restore_backup(work / "备份.zip", work / "恢复" / "万项.db")
        print(f"restore to a new folder (check included)        {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        restore_backup(work / "备份.zip", work / "万项.db")
        print(f"restore over the live data (backup first)       {time.perf_counter() - t:6.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
