"""Reading breakdown tables (text dump, and later xlsx/docx) into draft trees."""

from pathlib import Path

from ..errors import ValidationError
from .table import ImportResult

SUPPORTED = {".xlsx": "Excel 工作簿", ".docx": "Word 文档", ".txt": "文本"}


def load_file(path: Path) -> ImportResult:
    """Read a breakdown table from .xlsx, .docx or a .txt text dump."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(
            f"找不到文件：{path}。" if not path.exists() else f"{path} 不是文件。"
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from .xlsx import load_xlsx

        return load_xlsx(path)
    if suffix == ".docx":
        from .docx import load_docx

        return load_docx(path)
    if suffix == ".txt":
        from .textdump import load_text_dump

        return load_text_dump(path)
    if suffix in (".xls", ".doc", ".et", ".wps"):
        raise ValidationError(
            f"不支持旧版 {suffix} 格式。请在 Excel/WPS/Word 中打开后另存为 .xlsx 或 .docx 再导入。"
        )
    raise ValidationError(
        f"无法导入 {path.name}：只支持 Excel（.xlsx）、Word（.docx）和文本（.txt）文件。"
    )
