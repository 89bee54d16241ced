"""PDF pages as images, with PDFium (PySide6-Essentials has no QtPdf), for evidence
thumbnails (the print preview paints the report's own layout: ui/page_paint.py)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtGui import QImage


def render_page(
    pdf_path: Path, index: int, scale: float | None = None, longest_side: int | None = None
) -> QImage:
    """Page `index` at `scale` (1 = 72 dpi), or scaled so its longest side is `longest_side` px."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[index]
        if scale is None:
            scale = (longest_side or 100) / max(page.get_width(), page.get_height())
        bitmap = page.render(scale=scale)
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_BGR888,
        )
        return image.copy()  # the bitmap's buffer goes away with the document
    finally:
        pdf.close()
