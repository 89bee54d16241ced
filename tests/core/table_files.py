"""Helpers that write tables the way offices send them: a Word table with vertically
merged cells and soft line breaks, and workbooks in other shapes (openpyxl)."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from soildesk.importing.grid import Grid, read_spreadsheet


def _set_text(cell, text: str) -> None:
    """Lines of a cell as Word writes a Shift+Enter: one paragraph, runs split by <w:br/>."""
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if i:
            run._r.insert(0, OxmlElement("w:br"))


def _vmerge(cell, value: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if value == "restart":
        merge.set(qn("w:val"), "restart")
    tc_pr.append(merge)


def grid_to_docx(grid: Grid, path: Path, preamble_in_table: bool = False) -> Path:
    """The grid's rows as one Word table; vertical merges as vMerge, like Word saves them.
    Rows above the header go above the table (or into it, as some offices do)."""
    document = docx.Document()
    header = next(i for i, r in enumerate(grid.rows) if r and r[0].strip() == "条内容")
    above = [r[0] for r in grid.rows[:header] if r and r[0].strip()]
    if not preamble_in_table:
        for line in above:
            document.add_paragraph(line)
    rows = grid.rows[header:]
    width = 7
    extra = len(above) if preamble_in_table else 0
    table = document.add_table(rows=len(rows) + extra, cols=width)
    for i, line in enumerate(above if preamble_in_table else []):
        merged = table.cell(i, 0).merge(table.cell(i, width - 1))
        _set_text(merged, line)
    vertical = {}
    for r0, c0, r1, _c1 in grid.merges:
        if r1 > r0 and r0 >= header:
            for r in range(r0, r1 + 1):
                vertical[(r - header, c0)] = "restart" if r == r0 else "continue"
    for r, values in enumerate(rows):
        for c in range(width):
            cell = table.cell(r + extra, c)
            state = vertical.get((r, c))
            if state:
                _vmerge(cell, state)
            if state != "continue":
                _set_text(cell, values[c] if c < len(values) else "")
    document.save(str(path))
    return path


def sheet_cells(path: Path, first_header: str = "条内容") -> list[list[str]]:
    """The data rows (seven cells) of a workbook's table, as the file holds them."""
    grid = read_spreadsheet(path)[0]
    start = next(i for i, r in enumerate(grid.rows) if r and r[0].strip() == first_header)
    return [r[:7] for r in grid.rows[start + 1 :] if any(x.strip() for x in r[:7])]


def dump_cells(path: Path) -> list[list[str]]:
    """The data rows of a text dump (FORMAT.md §2), as the dump holds them."""
    cells: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            cells.append(line[1:])
        elif line.strip() and cells:
            cells[-1] += "\n" + line
    start = cells.index("条内容")
    body = cells[start + 7 :]
    rows = [body[i : i + 7] for i in range(0, len(body), 7)]
    return [r for r in rows if any(x.strip() for x in r)]


def write_workbook(path: Path, rows: list[list[object]], merges: list[str] = (), title: str = "任务分解") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def write_ods(path: Path, rows: list[list[str]], spans: dict[tuple[int, int], tuple[int, int]] = {}) -> Path:  # noqa: B006
    """A minimal OpenDocument spreadsheet, as LibreOffice writes one: spans[(r, c)] =
    (rows, columns) merged from that cell; covered cells are table:covered-table-cell."""
    import zipfile
    from xml.sax.saxutils import escape

    covered = {
        (r + i, c + j)
        for (r, c), (nr, nc) in spans.items()
        for i in range(nr)
        for j in range(nc)
        if i or j
    }
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            attrs = ""
            if (r, c) in spans:
                nr, nc = spans[(r, c)]
                attrs = f' table:number-rows-spanned="{nr}" table:number-columns-spanned="{nc}"'
            paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
            kind = ' office:value-type="string"' if text else ""
            cells.append(f"<table:table-cell{attrs}{kind}>{paragraphs if text else ''}</table:table-cell>")
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="任务分解表">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path
