"""Regenerate the icon's PNG sizes and the Windows .ico from budget-desk.svg.

Run from the repository: `.venv/bin/python resources/icons/make_icons.py`. Qt renders the SVG
(PySide6 is already a dependency), Pillow packs the .ico (it comes with matplotlib).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256)  # freedesktop hicolor sizes and the .ico's frames


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "budget-desk.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / f"budget-desk-{size}.png"))
    largest = Image.open(HERE / "budget-desk-256.png")
    largest.save(HERE / "budget-desk.ico", sizes=[(s, s) for s in SIZES])
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
