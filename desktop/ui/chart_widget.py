"""One chart widget for every chart: shows the image matplotlib rendered in the DB worker
(so drawing never blocks the GUI thread), and lets the chart leave the program: save as PNG or
SVG, copy to the clipboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.charts import ChartData


class ChartPicture(QLabel):
    """A rendered chart, fitted to the space it has (aspect kept). The smooth scaling is done
    when the picture is painted at a new size, not on every resize while the screen lays itself
    out (eight charts arriving one by one resize each other many times)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("正在绘制…", parent)
        self.picture = QPixmap()
        self._scaled = QPixmap()

    def set_picture(self, pixmap: QPixmap) -> None:
        self.picture, self._scaled = pixmap, QPixmap()
        self.setText("")
        self.update()

    def show_waiting(self) -> None:
        self.picture, self._scaled = QPixmap(), QPixmap()
        self.setText("正在绘制…")

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.picture.isNull():
            super().paintEvent(event)
            return
        area = self.contentsRect()
        fitted = self.picture.size().scaled(area.size(), Qt.KeepAspectRatio)
        if self._scaled.size() != fitted:
            self._scaled = self.picture.scaled(fitted, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
        super().paintEvent(event)  # the frame and background of the style sheet
        target = QRect(0, 0, fitted.width(), fitted.height())
        target.moveCenter(area.center())
        QPainter(self).drawPixmap(target, self._scaled)


class ChartWidget(QWidget):
    def __init__(self, state, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.data: ChartData | None = None
        self.png: bytes = b""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.image = ChartPicture()
        self.image.setAlignment(Qt.AlignCenter)
        self.image.setMinimumSize(320, 200)
        self.image.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.image.setStyleSheet("QLabel { background: white; border: 1px solid #ddd; }")
        layout.addWidget(self.image)
        self.setContextMenuPolicy(Qt.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.setToolTip("右键：保存为 PNG / SVG，或复制到剪贴板")

    def show_chart(self, data: ChartData, png: bytes) -> None:
        self.data, self.png = data, png
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.image.set_picture(pixmap)

    def _on_context_menu_requested(self, position) -> None:
        if self.data is None:
            return
        menu = QMenu(self)
        for text, slot in (("保存为 PNG…", lambda: self.save_dialog("png")), ("保存为 SVG…", lambda: self.save_dialog("svg")),
                           ("复制图表", self.copy)):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.exec(self.mapToGlobal(position))

    def copy(self) -> None:
        QGuiApplication.clipboard().setPixmap(self.image.picture)

    def save_dialog(self, fmt: str) -> None:
        name = f"{self.state.year}-{self.data.kind}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, "保存图表", name, f"{fmt.upper()} (*.{fmt})")
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> None:
        from desktop.ui.widgets import show_error

        data = self.data
        if path.suffix.lower() == ".png":
            from desktop.export.atomic import atomic_write_bytes

            self.state.tasks.run(lambda: atomic_write_bytes(path, self._png_for_file()), lambda _r: None,
                                 lambda exc: show_error(self, exc))
            return
        from desktop.export import charts

        self.state.tasks.run(lambda: charts.save(data, path), lambda _r: None, lambda exc: show_error(self, exc))

    def _png_for_file(self) -> bytes:
        from desktop.export import charts

        return charts.render(self.data, "png", dpi=150)
