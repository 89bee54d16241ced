"""Reading breakdown tables (text dump, and later xlsx/docx) into draft trees."""

from pathlib import Path

from ..errors import ValidationError
from ..gc_pause import collector_paused
from .table import ImportResult

SUPPORTED = {
    ".xlsx": "Excel 工作簿",
    ".xls": "Excel 97–2003 工作簿",
    ".et": "WPS 表格",
    ".ods": "OpenDocument 表格",
    ".docx": "Word 文档",
    ".txt": "文本",
}
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods")


@collector_paused()
def load_file(path: Path) -> ImportResult:
    """Read a breakdown table from a spreadsheet, a Word table or a .txt text dump."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(
            f"找不到文件：{path}。"
            if not path.exists()
            else f"“{path.name}”不是普通文件（是文件夹、设备或管道），不能导入。请选择任务分解表文件。"
        )
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        from .xlsx import load_spreadsheet

        return load_spreadsheet(path)
    if suffix == ".docx":
        from .docx import load_docx

        return load_docx(path)
    if suffix == ".txt":
        from .textdump import load_text_dump

        return load_text_dump(path)
    if suffix in (".doc", ".wps"):
        raise ValidationError(
            f"不支持旧版 Word 的 {suffix} 格式。请在 Word/WPS 中打开后“另存为” .docx 再导入。"
        )
    raise ValidationError(
        f"无法导入 {path.name}：只支持 Excel（.xlsx、.xls）、WPS 表格（.et）、OpenDocument（.ods）、"
        "Word（.docx）和文本（.txt）文件。"
    )
