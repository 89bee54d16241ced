"""Reading a 任务分解表 from a spreadsheet: .xlsx, .xls (Excel 97–2003, WPS), .ods, and
.et when its bytes are an xls. The table may stand on any visible sheet (a 填报说明
sheet first), under any title rows."""

from __future__ import annotations

from pathlib import Path

from ..errors import ValidationError
from .grid import read_spreadsheet
from .table import ImportResult, import_grid, no_header_message


def load_spreadsheet(path: Path) -> ImportResult:
    grids = read_spreadsheet(path)
    for grid in grids:
        result = import_grid(grid)
        if result is not None:
            if len(grids) > 1:
                result.warnings.insert(0, f"任务分解表取自工作表“{grid.name}”")
            return result
    raise ValidationError(no_header_message(path.name))
