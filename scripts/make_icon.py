"""Draws the program's icon: resources/icons/soildesk.png (256 px, the window and the
Linux desktop entry) and soildesk.ico (16-256 px, the Windows exe). Run once after a
change: QT_QPA_PLATFORM=offscreen .venv/bin/python -m scripts.make_icon"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    sky = QLinearGradient(0, 0, 0, 256)
    sky.setColorAt(0, QColor("#4caf50"))
    sky.setColorAt(1, QColor("#1b5e20"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(sky)
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    # Soil layers along the bottom: the plan is about the ground.
    p.setBrush(QColor("#8d6e63"))
    p.drawRoundedRect(QRectF(8, 168, 240, 80), 44, 44)
    p.drawRect(QRectF(8, 168, 240, 40))
    p.setBrush(QColor("#5d4037"))
    p.drawRoundedRect(QRectF(8, 206, 240, 42), 40, 40)
    p.drawRect(QRectF(8, 206, 240, 20))
    # The task sheet, with a tick: the breakdown table and its progress.
    p.setBrush(QColor("#fafafa"))
    p.drawRoundedRect(QRectF(64, 36, 128, 160), 12, 12)
    pen = QPen(QColor("#90a4ae"), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    for y in (72, 100, 128):
        p.drawLine(QPointF(88, y), QPointF(168, y))
    pen = QPen(QColor("#2e7d32"), 18, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.drawPolyline([QPointF(96, 160), QPointF(120, 182), QPointF(176, 136)])
    p.end()
    return image


def main() -> None:
    _app = QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    frames = []
    for size in SIZES:
        path = OUT / f"soildesk-{size}.png"
        draw(size).save(str(path))
        frames.append(Image.open(path))
    (OUT / "soildesk-256.png").rename(OUT / "soildesk.png")
    frames[-1].save(OUT / "soildesk.ico", sizes=[(s, s) for s in SIZES])
    for size in SIZES[:-1]:
        (OUT / f"soildesk-{size}.png").unlink()


if __name__ == "__main__":
    main()
