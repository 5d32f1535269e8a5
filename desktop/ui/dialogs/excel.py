"""Excel from the window: export with progress (and cancel), template, and import with a
preview of what will be added, changed and refused before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
)

from desktop.services import workbook
from desktop.ui.tasks import Cancelled
from desktop.ui.widgets import show_error


def export_workbook(window, out: Path | None = None) -> None:
    state = window.state
    if out is None:
        name, _ = QFileDialog.getSaveFileName(window, "导出工作簿", f"{state.unit}-{state.year}年度预算绩效数据.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if not name:
            return
        out = Path(name)
    dialog = QProgressDialog("正在导出…", "取消", 0, 100, window)
    dialog.setWindowTitle("导出工作簿")
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(300)
    ws, year, unit = state.ws, state.year, state.unit

    def on_progress(percent: int, text: str) -> None:
        if percent >= 0:
            dialog.setValue(percent)
        dialog.setLabelText(text)

    def done(report) -> None:
        dialog.reset()
        extra = f"\n（{len(report.cleaned)} 处文字按 Excel 的限制作了处理）" if report.cleaned else ""
        window.statusBar().showMessage(f"已导出 {len(report.sheets)} 个工作表：{report.path}{extra}", 8000)

    def failed(exc) -> None:
        dialog.reset()
        if isinstance(exc, Cancelled):
            window.statusBar().showMessage("已取消导出，原有文件未被改动", 8000)
        else:
            show_error(window, exc, "导出未完成")

    progress = state.tasks.run(lambda p: workbook.export_workbook(ws, year, out, unit, progress=p.report),
                               done, failed, on_progress=on_progress, with_progress=True)
    dialog.canceled.connect(progress.cancel)


def write_template(window, out: Path | None = None, *, year: int | None = None, unit: str | None = None) -> None:
    """The blank template of `year` (the next year by default) for `unit` (the current one)."""
    state = window.state
    ws, unit, year = state.ws, unit or state.unit, year or state.year + 1
    if out is None:
        name, _ = QFileDialog.getSaveFileName(window, "生成空白模板", str(ws.path.parent / f"{unit}-{year}年度模板.xlsx"),
                                              "Excel 工作簿 (*.xlsx)")
        if not name:
            return
        out = Path(name)
    from desktop.services import years


    def job():
        info = next(y for y in years.list_years(ws) if y.unit_code == unit)
        return workbook.write_template(year, out, info.unit_code, info.unit_name)

    state.tasks.run(job, lambda _r: window.statusBar().showMessage(f"已生成 {year} 年度空白模板：{out}", 8000),
                    lambda exc: show_error(window, exc))


class PreviewDialog(QDialog):
    """Shows what an import would do; 导入 is enabled only when nothing was refused."""

    def __init__(self, parent, preview: workbook.ImportPreview):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("导入预览（数据尚未改动）")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        headline = ("可以导入。" if preview.ok else "有被拒绝的内容，不能导入，请修改文件后重试。")
        if preview.duplicate:
            headline += f"\n{preview.duplicate}"
        self.headline = QLabel(headline)
        self.headline.setStyleSheet("font-weight: bold;" + ("" if preview.ok else "color: #b3261e;"))
        layout.addWidget(self.headline)
        self.text = QPlainTextEdit("\n".join(preview.lines()))
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("导入")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(preview.ok)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)


def import_workbook(window, path: Path | None = None, *, assets: bool = False, confirm=None) -> None:
    """Preview in the worker, show it, then (if confirmed) write it all or nothing."""
    state = window.state
    if path is None:
        name, _ = QFileDialog.getOpenFileName(window, "导入资产卡片" if assets else "导入工作簿或模板", "",
                                              "Excel 工作簿 (*.xlsx);;所有文件 (*)")
        if not name:
            return
        path = Path(name)
    ws, year, unit = state.ws, state.year, state.unit
    confirm = confirm or (lambda preview: PreviewDialog(window, preview).exec() == QDialog.Accepted)

    def previewed(preview) -> None:
        if not confirm(preview):
            return
        state.tasks.run(lambda: workbook.apply_import(ws, preview, force=bool(preview.duplicate), unit=unit),
                        applied, lambda exc: show_error(window, exc, "导入未完成"))

    def applied(_result) -> None:
        window.statusBar().showMessage(f"已导入：{path.name}", 8000)
        if assets:
            state.changed("assets")
        else:
            window.reload_years()
            state.changed("all")

    job = (lambda: workbook.preview_asset_list(ws, year, path, unit)) if assets else \
        (lambda: workbook.preview_workbook(ws, path))
    state.tasks.run(job, previewed, lambda exc: show_error(window, exc, "无法导入"))
