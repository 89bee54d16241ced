"""Export and import of a generated 10,000 sub-item plan, timed.

.venv/bin/python -m benchmarks.xlsx_10k
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.domain import Level
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.importing.plan_import import store_import
from soildesk.plans import PlanService


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "big.db")
        plans = PlanService(db)
        plan = plans.create_plan("生成的计划", generate_plan(10_000), title="生成县任务分解表")
        roots = plans.load_tree(plan.id)
        out = Path(tmp) / "big.xlsx"
        t0 = time.perf_counter()
        report = export_breakdown(out, plan, roots)
        t1 = time.perf_counter()
        result = load_file(out)
        t2 = time.perf_counter()
        stored = store_import(plans, result, "导回的计划")
        t3 = time.perf_counter()
        assert result.counts()[Level.SUBITEM] == 10_000 and report.rows == 10_000
        print(f"export 10,000 rows to xlsx   {t1 - t0:6.2f} s  ({out.stat().st_size / 1e6:.1f} MB)")
        print(f"read it back (parse + tree)  {t2 - t1:6.2f} s")
        print(f"store as a new plan          {t3 - t2:6.2f} s  ({stored.name})")
        # Memory in a second pass: tracemalloc slows Python several times over.
        tracemalloc.start()
        export_breakdown(out, plan, roots)
        _, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        load_file(out)
        _, import_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"peak traced memory: export {export_peak / 1e6:.0f} MB, import {import_peak / 1e6:.0f} MB"
        )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
