"""The main window: navigation, unit/year toolbar, status bar, menus. Each page is a screen
module of its own; this file only assembles them and remembers the layout."""

from __future__ import annotations

from pathlib import Path


from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop.core.errors import BudgetDeskError
from desktop.core.money import Unit
from desktop.core.paths import default_database
from desktop.services import years
from desktop.services.workspace import Workspace
from desktop.ui import settings
from desktop.ui.screens.assets import AssetsScreen
from desktop.ui.screens.audit import AuditScreen
from desktop.ui.screens.budget import BudgetScreen
from desktop.ui.screens.indicators import IndicatorsScreen
from desktop.ui.screens.narrative import NarrativeScreen
from desktop.ui.screens.overview import OverviewScreen
from desktop.ui.screens.procurement import ProcurementScreen
from desktop.ui.screens.projects import ProjectsScreen
from desktop.ui.screens.spending import SpendingScreen
from desktop.ui.screens.staff import StaffScreen
from desktop.ui.state import AppState
from desktop.ui.widgets import show_error

SCREENS = (OverviewScreen, BudgetScreen, SpendingScreen, ProcurementScreen, ProjectsScreen, AssetsScreen,
           StaffScreen, IndicatorsScreen, NarrativeScreen, AuditScreen)


def year_key(unit: str, year: int) -> str:
    """Combo data for a (unit, year) pair (Qt compares strings; tuples do not survive QVariant)."""
    return f"{unit}\t{year}"


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace):
        super().__init__()
        self.state = AppState(ws, self)
        self.setWindowTitle(f"预算绩效工作台 — {ws.path.name}")
        self.resize(1280, 800)
        self.setStyleSheet("QTableView::item { padding: 0 4px; }"
                           "QListWidget#nav { font-size: 14px; } QListWidget#nav::item { padding: 7px 10px; }"
                           "QListWidget#nav::item:selected { background: #1f5fa8; color: white; }")

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.screens = [cls(self.state) for cls in SCREENS]
        for screen in self.screens:
            self.nav.addItem(screen.title)
            self.stack.addWidget(screen)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        self._build_toolbar()
        self._build_menus()
        self.path_label, self.lock_label = QLabel(), QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.lock_label)
        self.state.year_changed.connect(self._show_status)
        self.state.data_changed.connect(lambda _areas: self._show_status())
        self.state.error.connect(lambda exc: show_error(self, exc))
        self.state.undo.canUndoChanged.connect(self.undo_action.setEnabled)
        self.state.undo.canRedoChanged.connect(self.redo_action.setEnabled)
        self._load_years()
        self._restore()

    # --- building -----------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("单位与年度")
        bar.setObjectName("year_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(" 单位/年度："))
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(320)
        bar.addWidget(self.year_box)
        bar.addSeparator()
        bar.addWidget(QLabel(" 金额单位："))
        self.unit_box = QComboBox()
        for unit in (Unit.WAN, Unit.YUAN):
            self.unit_box.addItem(unit.value, unit.value)
        bar.addWidget(self.unit_box)
        self.year_box.currentIndexChanged.connect(self._on_year_box_changed)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_changed)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "打开数据文件…", self._on_open_triggered, QKeySequence.Open)
        self._action(file_menu, "新建数据文件…", self._on_new_triggered, QKeySequence.New)
        file_menu.addSeparator()
        self._action(file_menu, "导出数据交换文件（JSON）…", self._on_export_json_triggered)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.Quit)
        edit_menu = bar.addMenu("编辑(&E)")
        self.undo_action = self._action(edit_menu, "撤销", self._on_undo_triggered, QKeySequence.Undo)
        self.redo_action = self._action(edit_menu, "重做", self._on_redo_triggered, QKeySequence.Redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        year_menu = bar.addMenu("年度(&Y)")
        self._action(year_menu, "新建单位或年度…", self._on_new_year_triggered)
        year_menu.addSeparator()
        self.lock_action = self._action(year_menu, "锁定本年度…", self._on_lock_triggered)
        self.unlock_action = self._action(year_menu, "解锁本年度…", self._on_unlock_triggered)
        view_menu = bar.addMenu("查看(&V)")
        for index, screen in enumerate(self.screens):
            self._action(view_menu, screen.title, lambda _=False, i=index: self.nav.setCurrentRow(i), f"Ctrl+{(index + 1) % 10}")
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于预算绩效工作台", self._on_about_triggered)

    # --- years --------------------------------------------------------------------------------
    def _load_years(self, select: tuple[str, int] | None = None) -> None:
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for info in years.list_years(self.state.ws):
            self.year_box.addItem(f"{info.unit_name}　{info.year}年度" + ("（已锁定）" if info.locked else ""),
                                  year_key(info.unit_code, info.year))
        self.year_box.blockSignals(False)
        if self.year_box.count() == 0:
            self.path_label.setText(f"{self.state.ws.path}：还没有任何年度，请用“年度 → 新建单位或年度”开始。")
            return
        wanted = select or (settings.get(settings.UNIT), settings.get(settings.YEAR))
        index = self.year_box.findData(year_key(*wanted))
        self.year_box.setCurrentIndex(index if index >= 0 else self.year_box.count() - 1)
        self._on_year_box_changed()

    def _on_year_box_changed(self, *_args) -> None:
        data = self.year_box.currentData()
        if data is None:
            return
        unit, year = data.split("\t")[0], int(data.split("\t")[1])
        self.state.select(unit, year)
        settings.put(settings.UNIT, unit)
        settings.put(settings.YEAR, year)

    def _on_unit_box_changed(self, *_args) -> None:
        if self.unit_box.currentData() is None:
            return
        unit = Unit(self.unit_box.currentData())
        self.state.set_money_unit(unit)
        settings.put(settings.MONEY_UNIT, unit.value)

    def _show_status(self) -> None:
        s = self.state
        self.path_label.setText(f"数据文件：{s.ws.path}")
        self.lock_label.setText(f"{s.year}年度已锁定" if s.locked else f"{s.year}年度可编辑")
        self.lock_label.setStyleSheet("color: #8a5a00; font-weight: bold;" if s.locked else "color: #2e7d32;")
        self.lock_action.setEnabled(not s.locked)
        self.unlock_action.setEnabled(s.locked)
        self.undo_action.setEnabled(s.undo.canUndo() and not s.locked)
        self.redo_action.setEnabled(s.undo.canRedo() and not s.locked)

    # --- actions ------------------------------------------------------------------------------
    def _on_undo_triggered(self) -> None:
        if not self.state.locked:
            self.state.undo.undo()

    def _on_redo_triggered(self) -> None:
        if not self.state.locked:
            self.state.undo.redo()

    def _on_lock_triggered(self) -> None:
        reason, ok = QInputDialog.getText(self, "锁定年度", f"锁定 {self.state.year} 年度后，任何途径都不能修改该年度数据。\n\n锁定原因：")
        if ok:
            self.set_lock(True, reason)

    def _on_unlock_triggered(self) -> None:
        reason, ok = QInputDialog.getText(self, "解锁年度", f"解锁 {self.state.year} 年度。\n\n解锁原因：")
        if ok:
            self.set_lock(False, reason)

    def set_lock(self, locked: bool, reason: str) -> None:
        try:
            (years.lock_year if locked else years.unlock_year)(self.state.ws, self.state.year, reason, self.state.unit)
        except BudgetDeskError as exc:
            show_error(self, exc)
            return
        self.state.undo.clear()
        self._load_years((self.state.unit, self.state.year))
        self.state.changed("year")

    def _on_new_year_triggered(self) -> None:
        from desktop.ui.dialogs.year import show_new_year_dialog

        created = show_new_year_dialog(self, self.state.ws)
        if created:
            self._load_years(created)

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开数据文件", str(self.state.ws.path.parent),
                                              "预算绩效工作台数据文件 (*.sqlite3 *.db);;所有文件 (*)")
        if path:
            self.switch_to(Path(path), create=False)

    def _on_new_triggered(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "新建数据文件", str(self.state.ws.path.parent / "新数据.sqlite3"),
                                              "预算绩效工作台数据文件 (*.sqlite3)")
        if path:
            if Path(path).exists():
                show_error(self, BudgetDeskError("该文件已存在，请换一个文件名（已有文件不会被覆盖）。"))
                return
            self.switch_to(Path(path), create=True)

    def switch_to(self, path: Path, create: bool) -> None:
        try:
            ws = Workspace.open(path, create=create)
        except BudgetDeskError as exc:
            show_error(self, exc, "无法打开数据文件")
            return
        self.state.tasks.wait()
        old = self.state.ws
        self.state.ws = ws
        old.close()
        settings.put(settings.LAST_DATABASE, str(path))
        self.setWindowTitle(f"预算绩效工作台 — {path.name}")
        self._load_years()
        self.state.changed("all")

    def _on_export_json_triggered(self) -> None:
        from desktop.services import interchange

        path, _ = QFileDialog.getSaveFileName(self, "导出数据交换文件", f"{self.state.unit}-{self.state.year}.json",
                                              "JSON (*.json)")
        if not path:
            return
        ws, unit = self.state.ws, self.state.unit
        self.state.tasks.run(lambda: interchange.write_json(interchange.export_document(ws, unit), Path(path)),
                             lambda _r: self.statusBar().showMessage(f"已导出：{path}", 5000),
                             lambda exc: show_error(self, exc))

    def _on_about_triggered(self) -> None:
        from desktop import __version__

        QMessageBox.about(self, "关于预算绩效工作台",
                          f"预算绩效工作台 {__version__}\n\n部门预算、支出、资产、人员与绩效自评数据的离线桌面工具。\n"
                          f"数据文件：{self.state.ws.path}")

    # --- layout memory ------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = settings.get(settings.GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        layout = settings.get(settings.WINDOW_STATE)
        if layout:
            self.restoreState(layout)
        self.unit_box.setCurrentIndex(max(self.unit_box.findText(settings.get(settings.MONEY_UNIT)), 0))
        self.nav.setCurrentRow(min(settings.get(settings.SCREEN), len(self.screens) - 1))

    def closeEvent(self, event) -> None:  # noqa: N802
        self.state.tasks.wait()  # never leave in the middle of a job's transaction
        settings.put(settings.GEOMETRY, self.saveGeometry())
        settings.put(settings.WINDOW_STATE, self.saveState())
        settings.put(settings.SCREEN, self.nav.currentRow())
        settings.put(settings.LAST_DATABASE, str(self.state.ws.path))
        self.state.ws.close()
        super().closeEvent(event)


def open_main_window(path: Path | None = None) -> MainWindow | None:
    from desktop.ui.dialogs.first_start import choose_database

    path = path or _last_database()
    if not path.exists() or path.stat().st_size == 0:
        path = choose_database(path)
        if path is None:
            return None
    try:
        ws = Workspace.open(path, create=True)
    except BudgetDeskError as exc:
        QMessageBox.critical(None, "无法打开数据文件", str(exc))
        return None
    settings.put(settings.LAST_DATABASE, str(path))
    window = MainWindow(ws)
    window.show()
    return window


def _last_database() -> Path:
    last = settings.get(settings.LAST_DATABASE)
    return Path(last) if last and Path(last).exists() else default_database()


