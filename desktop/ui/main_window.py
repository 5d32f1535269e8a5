"""The main window: navigation, unit/year toolbar, status bar, menus. Each page is a screen
module of its own; this file only assembles them and remembers the layout.

The frame (menus, toolbar, navigation) is built from Qt alone and shown first; the data file,
SQLAlchemy and the screens are loaded right after the first paint (`attach`), so the window
appears as fast as a bare Qt window does.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop.ui import settings, warm_start

# Dialog classes (QFileDialog, QInputDialog, QMessageBox) and the money module are imported
# where they are used: every class PySide6 loads before the first paint delays the window.
MONEY_UNITS = ("万元", "元")

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

# (title, module under desktop.ui.screens, class): imported when a data file is attached.
SCREENS = (
    ("概览", "overview", "OverviewScreen"),
    ("预算与调整", "budget", "BudgetScreen"),
    ("支出与进度", "spending", "SpendingScreen"),
    ("政府采购", "procurement", "ProcurementScreen"),
    ("项目与绩效目标", "projects", "ProjectsScreen"),
    ("资产", "assets", "AssetsScreen"),
    ("人员编制", "staff", "StaffScreen"),
    ("绩效指标", "indicators", "IndicatorsScreen"),
    ("报告文字", "narrative", "NarrativeScreen"),
    ("操作日志", "audit", "AuditScreen"),
)


def year_key(unit: str, year: int) -> str:
    """Combo data for a (unit, year) pair (Qt compares strings; tuples do not survive QVariant)."""
    return f"{unit}\t{year}"


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.state = None
        self.screens: list = []
        self._closing = self._may_close = self._in_close_event = False
        self.setWindowTitle("预算绩效工作台")
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
        for title, _module, _cls in SCREENS:
            self.nav.addItem(title)
        self.stack = QStackedWidget()
        self.placeholder = QLabel("正在打开数据文件…")
        # (no Qt.AlignCenter here: the first touch of the Qt enum namespace costs ~15 ms of start-up)
        self.placeholder.setStyleSheet("QLabel { qproperty-alignment: AlignCenter; color: #666; font-size: 16px; }")
        self.stack.addWidget(self.placeholder)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self._build_toolbar()
        self._build_menus()
        self.path_label, self.lock_label = QLabel(), QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.lock_label)
        self._restore_geometry()

    def attach(self, ws: Workspace, *, verified: bool = True, held_by: str = "", read_only_note: str = "") -> None:
        """Load the data file and the screens into the frame (heavy imports happen here)."""
        from desktop.ui.state import AppState
        from desktop.ui.widgets import show_error

        self.state = AppState(ws, self)
        self.state.verified = verified
        self.state.held_by = held_by
        self.state.read_only_note = read_only_note
        self.setWindowTitle(f"预算绩效工作台 — {ws.path.name}")
        settings.remember_file(str(ws.path))
        from desktop.ui.first_year import FirstYearPage

        self.first_year = FirstYearPage(MONEY_UNITS)
        self.first_year.set_state(self.state)
        self.first_year.created.connect(self._on_first_year_created)
        self.stack.addWidget(self.first_year)
        for title, module, cls in SCREENS:
            screen = getattr(importlib.import_module(f"desktop.ui.screens.{module}"), cls)(self.state)
            assert screen.title == title
            self.screens.append(screen)
            self.stack.addWidget(screen)
        from desktop.ui import layout_memory

        layout_memory.restore(self.screens)
        self.state.year_changed.connect(self._show_status)
        self.state.access_changed.connect(self._show_status)
        self.state.data_changed.connect(lambda _areas: self._show_status())
        self.state.error.connect(lambda exc: show_error(self, exc))
        self.state.trace_requested.connect(self._on_state_trace_requested)
        self.state.undo.canUndoChanged.connect(self.undo_action.setEnabled)
        self.state.undo.canRedoChanged.connect(self.redo_action.setEnabled)
        for action in self._data_actions:
            action.setEnabled(True)
        self.state.access_changed.emit()  # no year yet: every screen's forms start disabled
        warm_start.freeze_startup_objects()
        self._load_years()
        self._restore_view()
        if not verified:
            self.state.tasks.run(ws.verify, self._on_verified, self._on_verify_failed, background=True)
        from desktop.ui import file_safety

        file_safety.remember_audit_count(self)
        file_safety.start_daily_backup(self)

    def _on_verified(self, _result) -> None:
        self.state.verified = True
        self.state.access_changed.emit()

    def _on_verify_failed(self, exc) -> None:
        from desktop.ui.widgets import show_error

        self.state.integrity_error = str(exc)
        self.state.access_changed.emit()
        show_error(self, exc, "数据文件完整性检查未通过")

    def _on_state_trace_requested(self, indicator_id: str) -> None:
        index = next(i for i, s in enumerate(self.screens) if s.title == "绩效指标")
        self.nav.setCurrentRow(index)
        self.screens[index].show_trace(indicator_id)

    def _on_nav_current_row_changed(self, row: int) -> None:
        if self.screens and 0 <= row < len(self.screens) and self.state.year:
            self.stack.setCurrentWidget(self.screens[row])

    # --- building -----------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("单位与年度")
        bar.setObjectName("year_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(" 单位/年度："))
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(320)
        # (filled after the first paint: widen to the names when they arrive, not at first show)
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.year_box)
        bar.addSeparator()
        bar.addWidget(QLabel(" 金额单位："))
        self.unit_box = QComboBox()
        for unit in MONEY_UNITS:
            self.unit_box.addItem(unit, unit)
        bar.addWidget(self.unit_box)
        self.year_box.currentIndexChanged.connect(self._on_year_box_changed)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_changed)

    def _action(self, menu, text: str, slot, shortcut=None, needs_data: bool = True) -> QAction:
        """A menu action; one that works on the data stays disabled until a file is attached."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)  # portable text ("Ctrl+O"): importing QKeySequence costs start-up time
        action.triggered.connect(slot)
        menu.addAction(action)
        if needs_data:
            action.setEnabled(False)
            self._data_actions.append(action)
        return action

    def _build_menus(self) -> None:
        self._data_actions: list[QAction] = []
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "打开数据文件…", self._on_open_triggered, "Ctrl+O")
        self._action(file_menu, "新建数据文件…", self._on_new_triggered, "Ctrl+N")
        self.recent_menu = file_menu.addMenu("最近打开的数据文件")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        # (actions that need a year: disabled while the file has none, see `_show_status`)
        self._year_actions = [
            self._action(file_menu, "导出工作簿（Excel）…", self._on_export_xlsx_triggered, "Ctrl+E"),
            self._action(file_menu, "导入工作簿或模板（Excel）…", self._on_import_xlsx_triggered, "Ctrl+I"),
            self._action(file_menu, "导入资产卡片（其他系统导出的 Excel）…", self._on_import_assets_triggered),
            self._action(file_menu, "生成下一年度空白模板…", self._on_template_triggered)]
        file_menu.addSeparator()
        self._year_actions.append(self._action(file_menu, "导出数据交换文件（JSON）…", self._on_export_json_triggered))
        file_menu.addSeparator()
        self.restore_action = self._action(file_menu, "从备份恢复…", self._on_restore_triggered)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, "Ctrl+Q", needs_data=False)
        edit_menu = bar.addMenu("编辑(&E)")
        self.undo_action = self._action(edit_menu, "撤销", self._on_undo_triggered, "Ctrl+Z")
        self.redo_action = self._action(edit_menu, "重做", self._on_redo_triggered, "Ctrl+Y")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        year_menu = bar.addMenu("年度(&Y)")
        self._action(year_menu, "新建单位或年度…", self._on_new_year_triggered)
        self._year_actions.append(self._action(
            year_menu, "从上一年度新建年度…",
            lambda: importlib.import_module("desktop.ui.dialogs.carry_year").open_carry_year_dialog(self)))
        year_menu.addSeparator()
        self.lock_action = self._action(year_menu, "锁定本年度…", self._on_lock_triggered)
        self.unlock_action = self._action(year_menu, "解锁本年度…", self._on_unlock_triggered)
        self._action(year_menu, "目标设置…",
                     lambda: importlib.import_module("desktop.ui.dialogs.targets").show_targets_dialog(self, self.state))
        report_menu = bar.addMenu("报告(&R)")  # dialogs imported on use: they pull in python-docx
        self._year_actions.append(self._action(report_menu, "生成自评报告（Word）…",
                     lambda: importlib.import_module("desktop.ui.dialogs.report").generate_report(self)))
        self._action(report_menu, "核对报告…", lambda: importlib.import_module("desktop.ui.dialogs.report").review_report(self))
        view_menu = bar.addMenu("查看(&V)")
        for index, (title, _module, _cls) in enumerate(SCREENS):
            self._action(view_menu, title, lambda _=False, i=index: self.nav.setCurrentRow(i), f"Ctrl+{(index + 1) % 10}")
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于预算绩效工作台", self._on_about_triggered, needs_data=False)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    # --- years --------------------------------------------------------------------------------
    def _load_years(self, select: tuple[str, int] | None = None) -> None:
        """Fill the unit/year box (the list is read in the worker) and select a year."""
        from desktop.services import years

        ws = self.state.ws
        self.state.tasks.run(lambda: years.list_years(ws), lambda found: self._show_years(found, select),
                             self.state.error.emit)

    def _show_years(self, found, select: tuple[str, int] | None) -> None:
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for info in found:
            self.year_box.addItem(f"{info.unit_name}　{info.year}年度" + ("（已锁定）" if info.locked else ""),
                                  year_key(info.unit_code, info.year))
        self.year_box.setEnabled(self.year_box.count() > 0)
        self.nav.setEnabled(self.year_box.count() > 0)
        if self.year_box.count() == 0:
            self.year_box.blockSignals(False)
            self.state.select(None, 0)   # a file without years: no year 0, the first-year page instead
            self.stack.setCurrentWidget(self.first_year)
            return
        wanted = select or (settings.get(settings.UNIT), settings.get(settings.YEAR))
        index = self.year_box.findData(year_key(*wanted))
        self.year_box.setCurrentIndex(index if index >= 0 else self.year_box.count() - 1)
        self.year_box.blockSignals(False)
        self._on_year_box_changed(known=found)  # once, whether or not the index moved
        self._on_nav_current_row_changed(self.nav.currentRow())

    def _on_first_year_created(self, unit: str, year: int, money_unit: str, wants_template: bool) -> None:
        self.unit_box.setCurrentIndex(max(self.unit_box.findData(money_unit), 0))
        self._load_years((unit, year))
        if wants_template:
            from desktop.ui.dialogs import excel

            excel.write_template(self, year=year, unit=unit)

    def _on_year_box_changed(self, *_args, known=None) -> None:
        data = self.year_box.currentData()
        if data is None or self.state is None:
            return
        unit, year = data.split("\t")[0], int(data.split("\t")[1])
        self.state.select(unit, year, known)
        settings.put(settings.UNIT, unit)
        settings.put(settings.YEAR, year)

    def _on_unit_box_changed(self, *_args) -> None:
        if self.unit_box.currentData() is None or self.state is None:
            return
        from desktop.core.money import Unit

        unit = Unit(self.unit_box.currentData())
        self.state.set_money_unit(unit)
        settings.put(settings.MONEY_UNIT, unit.value)

    def _show_status(self) -> None:
        s = self.state
        self.path_label.setText(f"数据文件：{s.ws.path}")
        if s.held_by:
            self.lock_label.setText("另一窗口正在使用，只读")
        elif s.read_only_note:
            self.lock_label.setText("文件夹只读，只能查看")
        elif not s.verified:
            self.lock_label.setText("正在检查数据文件…" if not s.integrity_error else "数据文件有损坏，只读")
        elif not s.year:
            self.lock_label.setText("还没有年度")
        else:
            self.lock_label.setText(f"{s.year}年度已锁定" if s.locked else f"{s.year}年度可编辑")
        self.lock_label.setStyleSheet("color: #8a5a00; font-weight: bold;" if s.read_only else "color: #2e7d32;")
        writable = not s.held_by and not s.read_only_note
        for action in self._year_actions:
            action.setEnabled(bool(s.year))
        self.lock_action.setEnabled(bool(s.year) and not s.locked and writable)
        self.unlock_action.setEnabled(bool(s.year) and s.locked and writable)
        self.restore_action.setEnabled(writable)
        self.undo_action.setEnabled(s.undo.canUndo() and not s.read_only)
        self.redo_action.setEnabled(s.undo.canRedo() and not s.read_only)

    # --- actions ------------------------------------------------------------------------------
    def _on_undo_triggered(self) -> None:
        if not self.state.read_only:
            self.state.undo.undo()

    def _on_redo_triggered(self) -> None:
        if not self.state.read_only:
            self.state.undo.redo()

    def _on_lock_triggered(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(self, "锁定年度", f"锁定 {self.state.year} 年度后，任何途径都不能修改该年度数据。\n\n锁定原因：")
        if ok:
            self.set_lock(True, reason)

    def _on_unlock_triggered(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(self, "解锁年度", f"解锁 {self.state.year} 年度。\n\n解锁原因：")
        if ok:
            self.set_lock(False, reason)

    def set_lock(self, locked: bool, reason: str) -> None:
        from desktop.services import years

        # In the worker: locking seals every row of the year (seconds for a 1M-card register).
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        change = years.lock_year if locked else years.unlock_year
        self.state.write(lambda: change(ws, year, reason, unit), "year", on_done=self._on_lock_changed)

    def _on_lock_changed(self, _info) -> None:
        self.state.undo.clear()
        self._load_years((self.state.unit, self.state.year))

    def _on_new_year_triggered(self) -> None:
        from desktop.ui.dialogs.year import show_new_year_dialog

        created = show_new_year_dialog(self, self.state)
        if created:
            self._load_years(created)

    def _on_open_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "打开数据文件", str(self.state.ws.path.parent),
                                              "预算绩效工作台数据文件 (*.sqlite3 *.db);;所有文件 (*)")
        if path:
            self.switch_to(Path(path), create=False)

    def _on_new_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.core.errors import BudgetDeskError
        from desktop.ui.widgets import show_error

        path, _ = QFileDialog.getSaveFileName(self, "新建数据文件", str(self.state.ws.path.parent / "新数据.sqlite3"),
                                              "预算绩效工作台数据文件 (*.sqlite3)")
        if path:
            if Path(path).exists():
                show_error(self, BudgetDeskError("该文件已存在，请换一个文件名（已有文件不会被覆盖）。"))
                return
            self.switch_to(Path(path), create=True)

    def switch_to(self, path: Path, create: bool) -> None:
        from desktop.ui import file_safety

        if Path(path).resolve() == self.state.ws.path.resolve():
            return
        opened = file_safety.open_for_window(self, path, create=create)  # the new file's lock first
        if opened is None:
            return
        if self._closing:  # the window was closed while the file opened
            self.setEnabled(False)  # (as closing left it: beside_gui enabled it again)
            file_safety.let_go(opened)
            return

        def switch() -> None:
            if self._closing:  # closed while the old file's work finished: no switch any more
                file_safety.let_go(opened)
                return
            self.setEnabled(True)
            self.replace_workspace(opened.ws, opened.held_by, opened.read_only_note)
            settings.put(settings.LAST_DATABASE, str(path))
            file_safety.start_daily_backup(self)

        self.setEnabled(False)  # the old file's jobs and closing backup first, in the worker
        file_safety.finish_before_close(self, switch)

    def replace_workspace(self, ws, held_by: str = "", read_only_note: str = "") -> None:
        """Put another open workspace in place (another file, or the same file after a restore)."""
        from desktop.services import filelock
        from desktop.ui import file_safety

        self.state.tasks.wait()
        old = self.state.ws
        if not self.state.held_by and not self.state.read_only_note and old.path.resolve() != ws.path.resolve():
            filelock.release(old.path)
        self.state.ws = ws
        self.state.held_by, self.state.read_only_note = held_by, read_only_note
        file_safety.remember_audit_count(self)
        old.close()
        self.state.undo.clear()
        settings.remember_file(str(ws.path))
        self.setWindowTitle(f"预算绩效工作台 — {ws.path.name}")
        self._load_years()
        self.state.changed("all")

    def _on_restore_triggered(self) -> None:
        from desktop.ui.dialogs.restore import show_restore_dialog

        show_restore_dialog(self)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = str(self.state.ws.path) if self.state else ""
        for path in settings.recent_files():
            action = self.recent_menu.addAction(path)
            action.setEnabled(path != current and self.state is not None)
            action.triggered.connect(lambda _=False, p=path: self.switch_to(Path(p), create=False))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("（无）").setEnabled(False)

    def _on_export_xlsx_triggered(self) -> None:
        from desktop.ui.dialogs import excel

        excel.export_workbook(self)

    def _on_import_xlsx_triggered(self) -> None:
        from desktop.ui.dialogs import excel

        excel.import_workbook(self)

    def _on_import_assets_triggered(self) -> None:
        from desktop.ui.dialogs import excel

        excel.import_workbook(self, assets=True)

    def _on_template_triggered(self) -> None:
        from desktop.ui.dialogs import excel

        excel.write_template(self)

    def show_year(self, unit: str, year: int) -> None:
        """Read the list of years again and switch to `year` (a year was just created)."""
        self.state.undo.clear()
        self._load_years((unit, year))

    def reload_years(self) -> None:
        self._load_years((self.state.unit, self.state.year))

    def _on_export_json_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from desktop.services import interchange
        from desktop.ui.widgets import show_error

        path, _ = QFileDialog.getSaveFileName(self, "导出数据交换文件", f"{self.state.unit}-{self.state.year}.json",
                                              "JSON (*.json)")
        if not path:
            return
        ws, unit = self.state.ws, self.state.unit
        self.state.tasks.run(lambda: interchange.export_json(ws, Path(path), unit),
                             lambda _r: self.statusBar().showMessage(f"已导出：{path}", 5000),
                             lambda exc: show_error(self, exc))

    def _on_about_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop import __version__

        QMessageBox.about(self, "关于预算绩效工作台",
                          f"预算绩效工作台 {__version__}\n\n部门预算、支出、资产、人员与绩效自评数据的离线桌面工具。\n"
                          f"数据文件：{self.state.ws.path if self.state else '（未打开）'}")

    # --- layout memory ------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = settings.get(settings.GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        layout = settings.get(settings.WINDOW_STATE)
        if layout:
            self.restoreState(layout)

    def _restore_view(self) -> None:
        self.unit_box.setCurrentIndex(max(self.unit_box.findText(settings.get(settings.MONEY_UNIT)), 0))
        self._on_unit_box_changed()
        row = min(settings.get(settings.SCREEN), len(self.screens) - 1)
        self.nav.setCurrentRow(row)
        self._on_nav_current_row_changed(row)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.state is not None and not self._may_close:
            # Never leave in the middle of a job's transaction, nor without the closing backup:
            # both in the worker, the window disabled meanwhile; then it closes for good.
            if not self._closing:
                from desktop.ui import file_safety

                self._closing = self._in_close_event = True
                self.setEnabled(False)
                self.statusBar().showMessage("正在关闭：等待后台任务完成并备份数据文件…")
                try:
                    file_safety.finish_before_close(self, self._close_now, leaving=True)
                finally:
                    self._in_close_event = False
            if not self._may_close:  # (else it finished at once: tests' synchronous worker)
                event.ignore()
                return
        settings.put(settings.GEOMETRY, self.saveGeometry())
        settings.put(settings.WINDOW_STATE, self.saveState())
        if self.state is not None:
            self.state.tasks.close()  # (nothing is left running: finish_before_close ran last)
            settings.put(settings.SCREEN, self.nav.currentRow())
            from desktop.ui import layout_memory

            layout_memory.save(self.screens)
            settings.put(settings.LAST_DATABASE, str(self.state.ws.path))
            if not self.state.held_by and not self.state.read_only_note:
                from desktop.services import filelock

                filelock.release(self.state.ws.path)
            self.state.ws.close()
        super().closeEvent(event)


    def _close_now(self) -> None:
        self._may_close = True
        if not self._in_close_event:  # (a close inside closeEvent would be ignored by Qt)
            self.close()


def open_main_window(path: Path | None = None) -> MainWindow | None:
    """Show the window and attach the data file at once (tests, scripts)."""
    window = MainWindow()
    window.show()
    if not load_data_file(window, path, verify_in_background=False, chart_process=False):
        window.close()
        return None
    return window


def load_data_file(window: MainWindow, path: Path | None = None, *, verify_in_background: bool = True,
                   chart_process: bool = True) -> bool:
    """Open the data file (offering the demo on a first start) and attach it to the window.
    `chart_process`: draw the charts in a process of their own (False: in this one)."""
    warm_start.prepare_charts(chart_process)
    from desktop.ui.dialogs.first_start import choose_database

    path = path or _last_database()
    if not path.exists() or path.stat().st_size == 0:
        path = choose_database(path)
        if path is None:
            return False
    from desktop.services.backups import clean_at_start
    from desktop.ui.tasks import beside_gui
    from desktop.ui import file_safety

    beside_gui(window, clean_at_start)  # (it lists and removes files: off the GUI thread too)
    opened = file_safety.open_for_window(window, path, create=True, check=not verify_in_background)
    if opened is None:
        return False
    settings.put(settings.LAST_DATABASE, str(path))
    window.attach(opened.ws, verified=not verify_in_background, held_by=opened.held_by,
                  read_only_note=opened.read_only_note)
    return True


def _last_database() -> Path:
    from desktop.core.paths import default_database

    last = settings.get(settings.LAST_DATABASE)
    return Path(last) if last and Path(last).exists() else default_database()
