"""佐证材料包: a folder per sub-item named by its numbers, the index workbook, SHA256SUMS
that check out; per unit; a file gone from the store is said, not silently dropped."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import openpyxl
import pytest

from soildesk.cli import main
from soildesk.domain import subitems
from soildesk.evidence import EvidenceStore
from soildesk.evidence_packet import export_evidence, folder_name
from soildesk.progress import ProgressService
from soildesk.units import UnitService


@pytest.fixture
def period(db, demo):
    return ProgressService(db).add_period(
        demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )


@pytest.fixture
def attached(db, demo, plans, period, tmp_path):
    subs = subitems(plans.load_tree(demo.id))
    store = EvidenceStore(db)
    files = {}
    for n, (sub, name) in enumerate(
        [(subs[0], "验收报告.pdf"), (subs[0], "照片.jpg"), (subs[5], "照片.jpg")]
    ):
        src = tmp_path / f"src{n}" / name
        src.parent.mkdir()
        src.write_bytes(f"内容 {n}".encode() * 100)
        store.add(sub.id, src, period.id, note="原件已存档" if n == 0 else "")
        files[n] = src
    return subs, files


def test_the_packet_has_folders_by_number_an_index_and_checksums(
    db, demo, period, attached, tmp_path
) -> None:
    subs, files = attached
    out = tmp_path / "佐证材料.zip"
    done = export_evidence(db, demo, period.name, out)
    assert (done.files, done.subitems, done.missing) == (3, 2, [])
    z = zipfile.ZipFile(out)
    first = folder_name(subs[0], 1)
    assert first == "一-（一）-1"
    names = z.namelist()
    assert f"{first}/验收报告.pdf" in names and f"{first}/照片.jpg" in names
    assert f"{folder_name(subs[5], 6)}/照片.jpg" in names
    assert z.read(f"{first}/验收报告.pdf") == files[0].read_bytes()
    sums = z.read("SHA256SUMS").decode("utf-8").splitlines()
    assert len(sums) == 3
    for line in sums:
        digest, member = line.split("  ", 1)
        assert hashlib.sha256(z.read(member)).hexdigest() == digest
    ws = openpyxl.load_workbook(io.BytesIO(z.read("目录.xlsx"))).active
    assert ws.cell(1, 1).value.endswith("2024年上半年佐证材料目录")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[4] for r in rows] == ["验收报告.pdf", "照片.jpg", "照片.jpg"]
    assert rows[0][1] == first and rows[0][7] == "原件已存档"
    assert rows[0][2] == subs[0].display


def test_per_unit_and_a_missing_file_is_said(db, demo, period, attached, tmp_path) -> None:
    subs, _ = attached
    unit = next(u for u in UnitService(db).list_units(demo.id) if u.id == subs[0].units[0].unit_id)
    att = EvidenceStore(db).list_for_node(subs[0].id)[0]
    EvidenceStore(db).path_for(att.sha256).unlink()
    done = export_evidence(db, demo, period.name, tmp_path / "u.zip", unit)
    assert done.missing == [f"{folder_name(subs[0], 1)}/验收报告.pdf"]
    z = zipfile.ZipFile(tmp_path / "u.zip")
    ws = openpyxl.load_workbook(io.BytesIO(z.read("目录.xlsx"))).active
    assert "文件缺失，未打包" in [c.value for c in ws[3]]


def test_command_line_evidence_packet(db, demo, period, attached, tmp_path, capsys) -> None:
    path = str(db.path)
    db.close()
    out = tmp_path / "e.zip"
    assert main(["--db", path, "export", "evidence", "--plan", demo.name, "-o", str(out)]) == 0
    assert "2 个小项，3 个文件" in capsys.readouterr().out
    assert zipfile.ZipFile(out).testzip() is None
    assert (
        main(
            ["--db", path, "export", "evidence", "--plan", demo.name, "-o", str(tmp_path / "e.rar")]
        )
        == 1
    )
