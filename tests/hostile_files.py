"""The table of hostile inputs: truncated files, wrong extensions, zip and XML bombs, huge
merges and spans, huge cells, invalid encodings, `../` entries, 1,000 sheets, for every
importer and for restoring a backup. Each case builds its file and names the command
that reads it and words the refusal must contain.

Used by tests/core/test_hostile_inputs.py (in-process: message, exit code, nothing
written) and by scripts/hostile_inputs.py (each case in its own process: time and peak
memory)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"
XLSX, XLS = SAMPLES / "lishu_part.xlsx", SAMPLES / "lishu_part.xls"
HEADER = ["条", "款", "项", "小项", "责任单位", "分工", "具体工作内容"]


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]  # writes the file into a folder, returns its path
    command: str  # "import" or "restore"
    expect: str  # words the Chinese message must contain; "" when the file is read (in bounds)


def _rezip(
    src: Path,
    out: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in replace:
                data = replace[item.filename]
            zout.writestr(item.filename, data)
        for name, data in add.items():
            zout.writestr(name, data)
    return out


def _sheet_xml(src: Path = XLSX) -> bytes:
    with zipfile.ZipFile(src) as z:
        return z.read("xl/worksheets/sheet1.xml")


def _truncated(src: Path, name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = src.read_bytes()
        return _write(folder / name, data[: len(data) // 2])

    return build


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    return lambda folder: _write(folder / name, data)


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]><sst><si><t>&lol9;</t></si></sst>"
)


def xlsx_zip_bomb(folder: Path) -> Path:
    out = folder / "炸弹.xlsx"
    with zipfile.ZipFile(XLSX) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
        with zout.open("xl/media/padding.bin", "w") as f:  # 400 MB of zeros, 0.4 MB packed
            chunk = bytes(1 << 20)
            for _ in range(400):
                f.write(chunk)
    return out


def xlsx_huge_merge(folder: Path) -> Path:
    sheet = _sheet_xml()
    if b"<mergeCells" in sheet:
        sheet = sheet.replace(
            b"<mergeCells", b'<mergeCells><mergeCell ref="H5:XFD1048576"/></mergeCells><x', 1
        )
        sheet = sheet.replace(b"<x count", b"<mergeCells count", 1)
    else:
        sheet = sheet.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="1"><mergeCell ref="H5:XFD1048576"/></mergeCells>',
        )
    return _rezip(XLSX, folder / "巨大合并.xlsx", {"xl/worksheets/sheet1.xml": sheet})


def xlsx_far_cell(folder: Path) -> Path:
    sheet = _sheet_xml().replace(
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    return _rezip(XLSX, folder / "远处的单元格.xlsx", {"xl/worksheets/sheet1.xml": sheet})


def xlsx_huge_cell(folder: Path) -> Path:
    """A duty of 40,000 characters: more than Excel holds, and than export would write."""
    sheet = _sheet_xml()
    at = sheet.index(b"<t>", sheet.index(b'<c r="G5"')) + 3
    end = sheet.index(b"</t>", at)
    big = sheet[:at] + ("很长的内容" * 8000).encode() + sheet[end:]
    return _rezip(XLSX, folder / "超长单元格.xlsx", {"xl/worksheets/sheet1.xml": big})


def xlsx_entity_bomb(folder: Path) -> Path:
    doctype = _LAUGHS[: _LAUGHS.index(b"]>") + 2].replace(b"<!DOCTYPE lolz", b"<!DOCTYPE worksheet")
    sheet = _sheet_xml()
    sheet = doctype + sheet.replace(b"<t>\xe9\x99\x84", b"<t>&lol9;\xe9\x99\x84", 1)
    return _rezip(XLSX, folder / "实体炸弹.xlsx", {"xl/worksheets/sheet1.xml": sheet})


def xlsx_traversal(folder: Path) -> Path:
    return _rezip(XLSX, folder / "越界路径.xlsx", add={"../../evil.txt": b"x"})


def xlsx_thousand_sheets(folder: Path) -> Path:
    import xlsxwriter

    out = folder / "一千个工作表.xlsx"
    wb = xlsxwriter.Workbook(str(out))
    for i in range(1000):
        wb.add_worksheet(f"表{i}").write(0, 0, "没有表头")
    wb.close()
    return out


def ods_huge_repeat(folder: Path) -> Path:
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b'<office:spreadsheet><table:table table:name="Sheet1">'
        b'<table:table-row table:number-rows-repeated="1048576">'
        b'<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>"
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        b"</manifest:manifest>"
    )
    out = folder / "重复的行.ods"
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return out


def _docx(folder: Path, name: str, body_rows: str, extra_entities: bytes = b"") -> Path:
    import docx

    base = folder / "base.docx"
    document = docx.Document()
    table = document.add_table(rows=1, cols=7)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    document.save(str(base))
    with zipfile.ZipFile(base) as z:
        xml = z.read("word/document.xml")
    xml = xml.replace(b"</w:tbl>", body_rows.encode() + b"</w:tbl>", 1)
    if extra_entities:
        xml = extra_entities
    out = _rezip(base, folder / name, {"word/document.xml": xml})
    base.unlink()
    return out


def docx_grid_span(folder: Path) -> Path:
    row = '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="50000000"/></w:tcPr><w:p/></w:tc></w:tr>'
    return _docx(folder, "巨大跨列.docx", row)


def docx_many_rows(folder: Path) -> Path:
    return _docx(folder, "六万行.docx", "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 60_000)


def docx_entity_bomb(folder: Path) -> Path:
    return _docx(
        folder,
        "实体炸弹.docx",
        "",
        _LAUGHS.replace(b"<sst><si><t>", b"<w:document><w:t>").replace(
            b"</t></si></sst>", b"</w:t></w:document>"
        ),
    )


def txt_huge(folder: Path) -> Path:
    out = folder / "一百兆.txt"
    with out.open("wb") as f:
        line = ("\t开展土壤污染状况详查\n" * 1000).encode()
        while f.tell() < 100 * 1024 * 1024:
            f.write(line)
    return out


def txt_huge_cell(folder: Path) -> Path:
    text = (
        "".join(f"\t{h}\n" for h in HEADER)
        + "\t一、\n\t（一）\n\t1.\n\t"
        + "很长" * 20_000
        + "\n\t县环保局\n\t牵头\n\t内容\n"
    )
    return _write(folder / "超长单元格.txt", text.encode("utf-8"))


def txt_fifo(folder: Path) -> Path:
    path = folder / "管道.txt"
    os.mkfifo(path)
    return path


def _backup_member_bomb(folder: Path) -> Path:
    out = folder / "清单炸弹.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("manifest.json", "w") as f:
            chunk = b" " * (1 << 20)
            for _ in range(400):
                f.write(chunk)
        z.writestr("database.sqlite", b"SQLite format 3\x00")
    return out


def _backup_many(folder: Path) -> Path:
    out = folder / "一千个成员.zip"
    with zipfile.ZipFile(out, "w") as z:
        for i in range(1000):
            z.writestr(f"evidence/{i:064x}", b"x")
    return out


def _backup_traversal(folder: Path) -> Path:
    out = folder / "越界.zip"
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", "{}")
        z.writestr("database.sqlite", b"x")
        z.writestr("../../evil.txt", b"x")
    return out


def _backup_truncated(folder: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("manifest.json", '{"format": "soildesk-backup-1"}')
        z.writestr("database.sqlite", bytes(100_000))
    return _write(folder / "截断的备份.zip", buf.getvalue()[:50_000])


PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000)

CASES: list[Case] = [
    Case("xlsx 截断", _truncated(XLSX, "截断.xlsx"), "import", "已损坏"),
    Case("xlsx 实为图片", _bytes("图片.xlsx", PNG), "import", "PNG 图片"),
    Case("xlsx 空文件", _bytes("空.xlsx", b""), "import", "空文件"),
    Case("xlsx 加密或旧格式", _bytes("加密.xlsx", OLE), "import", "密码"),
    Case("xlsx zip 炸弹", xlsx_zip_bomb, "import", "解压后大小异常"),
    Case("xlsx XML 实体炸弹", xlsx_entity_bomb, "import", "无法作为表格打开"),
    Case("xlsx 合并 H5:XFD1048576", xlsx_huge_merge, "import", ""),
    Case("xlsx 单元格在 XFD1048576", xlsx_far_cell, "import", "超过 SoilDesk 一次能导入"),
    Case("xlsx 超长单元格", xlsx_huge_cell, "import", "超过一个单元格能容纳"),
    Case("xlsx ../ 路径", xlsx_traversal, "import", "不安全的内部路径"),
    Case("xlsx 1000 个工作表", xlsx_thousand_sheets, "import", "表头"),
    Case("xls 截断", _truncated(XLS, "截断.xls"), "import", "无法作为表格打开"),
    Case("xls 乱码", _bytes("乱码.xls", OLE), "import", "无法作为表格打开"),
    Case(
        "xls 实为文本",
        _bytes("文本.xls", "一、总体要求".encode() * 50),
        "import",
        "不是有效的表格文件",
    ),
    Case("ods 巨量重复行列", ods_huge_repeat, "import", "超过 SoilDesk 一次能导入"),
    Case("ods 截断", lambda f: _truncated(ods_huge_repeat(f), "截断.ods")(f), "import", "已损坏"),
    Case("docx 截断", lambda f: _truncated(docx_many_rows(f), "截断.docx")(f), "import", "已损坏"),
    Case("docx gridSpan=50000000", docx_grid_span, "import", "列数异常"),
    Case("docx 六万行", docx_many_rows, "import", "行数超过"),
    Case("docx XML 实体炸弹", docx_entity_bomb, "import", "无法作为 Word 文档打开"),
    Case("docx 实为 PDF", _bytes("报告.docx", b"%PDF-1.4" + bytes(100)), "import", "PDF 文件"),
    Case("txt 100 MB", txt_huge, "import", "最多读取"),
    Case(
        "txt 编码无效",
        _bytes("乱码.txt", b"\xff\xfe\xff" * 2000 + b"\x81"),
        "import",
        "不是可识别的文本文件",
    ),
    Case("txt 超长单元格", txt_huge_cell, "import", "超过一个单元格能容纳"),
    Case("txt 命名管道", txt_fifo, "import", "不是普通文件"),
    Case("备份 不是 zip", _bytes("备份.zip", PNG), "restore", "不是 SoilDesk 的备份"),
    Case("备份 截断", _backup_truncated, "restore", "不是 SoilDesk 的备份"),
    Case("备份 清单炸弹", _backup_member_bomb, "restore", "大小异常"),
    Case("备份 ../ 路径", _backup_traversal, "restore", "不应出现的文件"),
    Case("备份 一千个成员", _backup_many, "restore", "不是完整的"),
]
