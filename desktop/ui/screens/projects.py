"""项目与绩效目标: level-2 projects with budget and spending, their performance targets
(产出/效益/满意度; target, direction, actual), and the key tasks (重点工作, 民生实事)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain import (
    Direction,
    ProjectClass,
    ProjectStatus,
    TargetLevel1,
    TargetLevel2,
    TaskKind,
    TaskStatus,
)
from desktop.core.facts import target_met
from desktop.services import projects, snapshots
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import enum_combo, fit_columns, selected_row, table_view
from desktop.ui.undo import perform
from desktop.ui.widgets import Screen, clear_messages, keyed_rows, report_to

PROJECT_COLUMNS = (
    Column("code", "项目编码", lambda r: r.code),
    Column("name", "项目名称", lambda r: r.name),
    Column("class", "类别", lambda r: ProjectClass(r.project_class).label),
    Column("status", "状态", lambda r: ProjectStatus(r.status).label),
    Column("initial", "年初预算", lambda r: r.initial, "money"),
    Column("adjusted", "调整预算", lambda r: r.adjusted, "money"),
    Column("actual", "支出", lambda r: r.actual, "money"),
    Column("rate", "执行率", lambda r: r.actual * 100 / r.adjusted if r.adjusted > 0 else None, "percent"),
    Column("targets", "绩效目标达成", lambda r: f"{r.targets_met}/{r.targets_total}"),
)
TARGET_COLUMNS = (
    Column("level1", "一级指标", lambda r: TargetLevel1(r.level1).label),
    Column("level2", "二级指标", lambda r: TargetLevel2(r.level2).label),
    Column("name", "三级指标", lambda r: r.name),
    Column("target", "目标值", lambda r: f"{Direction(r.direction).label}{r.target_value}{r.measure_unit}"),
    Column("actual", "实际值", lambda r: "" if r.actual_value is None else f"{r.actual_value}{r.measure_unit}"),
    Column("met", "是否达成", lambda r: {True: "达成", False: "未达成", None: "未填"}[
        target_met(r.direction, r.target_value, r.actual_value)]),
)
TASK_COLUMNS = (
    Column("kind", "类别", lambda r: TaskKind(r.kind).label),
    Column("name", "任务", lambda r: r.name),
    Column("status", "完成情况", lambda r: TaskStatus(r.status).label),
)


class ProjectsScreen(Screen):
    title = "项目与绩效目标"
    areas = frozenset({"projects", "budget", "spending"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        split = QSplitter()
        self.body.addWidget(split, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        lv.addWidget(self.summary)
        self.projects = RowsTableModel(PROJECT_COLUMNS, lambda: state.money_unit, self)
        self.projects_view = table_view(self.projects)
        lv.addWidget(self.projects_view, 2)
        box = QGroupBox("新增项目 / 修改状态")
        form = QFormLayout(box)
        self.code, self.name = QLineEdit(), QLineEdit()
        self.project_class = enum_combo(ProjectClass)
        self.status = enum_combo(ProjectStatus)
        row = QHBoxLayout()
        self.add_project_button = QPushButton("新增项目")
        self.set_status_button = QPushButton("把所选项目设为此状态")
        row.addWidget(self.add_project_button)
        row.addWidget(self.set_status_button)
        # keyed by the parameters of projects.add_project (and change_project, for 状态)
        self.project_errors = keyed_rows(form, (("项目编码", "code", self.code), ("项目名称", "name", self.name),
                                                ("类别", "project_class", self.project_class),
                                                ("状态", "status", self.status)))
        form.addRow(row)
        lv.addWidget(box)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.targets_title = QLabel("绩效目标")
        rv.addWidget(self.targets_title)
        self.targets = RowsTableModel(TARGET_COLUMNS, parent=self)
        self.targets_view = table_view(self.targets)
        rv.addWidget(self.targets_view, 1)
        box = QGroupBox("新增绩效目标（所选项目）")
        form = QFormLayout(box)
        self.level1 = enum_combo(TargetLevel1)
        self.level2 = enum_combo(TargetLevel2)
        self.target_name = QLineEdit()
        self.direction = enum_combo(Direction)
        self.target_value = QLineEdit()
        self.measure_unit = QLineEdit()
        buttons = QHBoxLayout()
        self.add_target_button = QPushButton("新增目标")
        self.actual_button = QPushButton("填写所选目标的实际值…")
        buttons.addWidget(self.add_target_button)
        buttons.addWidget(self.actual_button)
        # keyed by the parameters of projects.add_target
        self.target_errors = keyed_rows(form, (
            ("一级指标", "level1", self.level1), ("二级指标", "level2", self.level2),
            ("三级指标", "name", self.target_name), ("比较方向", "direction", self.direction),
            ("目标值", "target_value", self.target_value), ("计量单位", "measure_unit", self.measure_unit)))
        form.addRow(buttons)
        rv.addWidget(box)
        rv.addWidget(QLabel("重点工作与民生实事"))
        self.tasks = RowsTableModel(TASK_COLUMNS, parent=self)
        self.tasks_view = table_view(self.tasks)
        rv.addWidget(self.tasks_view, 1)
        task_row = QHBoxLayout()
        self.task_kind = enum_combo(TaskKind)
        self.task_name = QLineEdit()
        self.add_task_button = QPushButton("新增")
        self.task_status = enum_combo(TaskStatus)
        self.task_status_button = QPushButton("设置所选任务状态（可撤销）")
        for widget in (self.task_kind, self.task_name, self.add_task_button, self.task_status, self.task_status_button):
            task_row.addWidget(widget)
        rv.addLayout(task_row)
        split.addWidget(right)
        split.setSizes([700, 500])

        self.projects_view.selectionModel().selectionChanged.connect(self._on_projects_view_selection_changed)
        self.add_project_button.clicked.connect(self._on_add_project_button_clicked)
        self.set_status_button.clicked.connect(self._on_set_status_button_clicked)
        self.add_target_button.clicked.connect(self._on_add_target_button_clicked)
        self.actual_button.clicked.connect(self._on_actual_button_clicked)
        self.add_task_button.clicked.connect(self._on_add_task_button_clicked)
        self.task_status_button.clicked.connect(self._on_task_status_button_clicked)
        state.money_unit_changed.connect(self.projects.refresh_unit)

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        return lambda: snapshots.projects_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.ProjectsSnapshot) -> None:
        selected = selected_row(self.projects_view)
        self.projects.set_rows(snap.figures)
        self.tasks.set_rows(snap.tasks)
        fit_columns(self.projects_view)
        fit_columns(self.tasks_view)
        self.summary.setText(f"二级项目 {len(snap.figures)} 个：执行 {snap.executed} 个，完成 {snap.completed} 个；"
                             f"其中基本建设类 {snap.capital} 个")
        if selected is not None:
            for row, p in enumerate(self.projects.rows):
                if p.code == selected.code:
                    self.projects_view.selectRow(row)
        self._show_targets()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.add_project_button, self.set_status_button, self.add_target_button, self.actual_button,
                       self.add_task_button, self.task_status_button, self.code, self.name, self.target_name,
                       self.target_value, self.task_name):
            widget.setEnabled(not read_only)

    def _current_project(self):
        return selected_row(self.projects_view)

    def _on_projects_view_selection_changed(self, *_args) -> None:
        self._show_targets()

    def _show_targets(self) -> None:
        project = self._current_project()
        detail = self.shown.project(project.code) if project and self.shown else None
        self.targets.set_rows(detail.targets if detail else [])
        self.targets_title.setText(f"绩效目标：{detail.code} {detail.name}" if detail else "绩效目标（请先选择项目）")
        fit_columns(self.targets_view)

    def _on_add_project_button_clicked(self) -> None:
        clear_messages(self.project_errors)
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        values = dict(code=self.code.text(), name=self.name.text(), project_class=self.project_class.currentData(),
                      status=self.status.currentData())
        self.write(lambda: projects.add_project(ws, year, unit=unit, **values), "projects",
                   on_done=self._on_project_added, errors=self.project_errors)

    def _on_project_added(self, _result) -> None:
        self.code.clear()
        self.name.clear()

    def _on_set_status_button_clicked(self) -> None:
        clear_messages(self.project_errors)
        project = self._current_project()
        if project is None:
            return
        ws, year, unit, new, old = self.state.ws, self.state.year, self.state.unit, self.status.currentData(), project.status
        perform(self.state, f"{project.name} 状态",
                lambda: projects.change_project(ws, year, project.code, status=new, unit=unit),
                lambda: projects.change_project(ws, year, project.code, status=old, unit=unit), "projects",
                on_error=lambda exc: report_to(self, exc, self.project_errors))

    def _on_add_target_button_clicked(self) -> None:
        clear_messages(self.target_errors)
        project = self._current_project()
        if project is None:
            self.target_errors[""].show_message("请先在左侧选择项目")
            return
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        values = dict(level1=self.level1.currentData(), level2=self.level2.currentData(), name=self.target_name.text(),
                      direction=self.direction.currentData(), target_value=self.target_value.text(),
                      measure_unit=self.measure_unit.text())
        self.write(lambda: projects.add_target(ws, year, project.code, unit=unit, **values), "projects",
                   on_done=self._on_target_added, errors=self.target_errors)

    def _on_target_added(self, _result) -> None:
        self.target_name.clear()
        self.target_value.clear()

    def _on_actual_button_clicked(self) -> None:
        clear_messages(self.target_errors)
        target = selected_row(self.targets_view)
        if target is None:
            return
        text, ok = QInputDialog.getText(self, "实际值", f"{target.name}（目标 {Direction(target.direction).label}"
                                        f"{target.target_value}{target.measure_unit}）实际完成值：")
        if not ok:
            return
        ws, year, unit, old = self.state.ws, self.state.year, self.state.unit, target.actual_value
        perform(self.state, f"{target.name} 实际值",
                lambda: projects.set_target_actual(ws, year, target.id, text, unit=unit),
                lambda: projects.set_target_actual(ws, year, target.id, old, unit=unit), "projects",
                on_error=lambda exc: report_to(self, exc, self.target_errors))

    def _on_add_task_button_clicked(self) -> None:
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        kind, name = self.task_kind.currentData(), self.task_name.text()
        self.write(lambda: projects.add_task(ws, year, kind=kind, name=name, unit=unit), "projects",
                   on_done=lambda _r: self.task_name.clear())

    def _on_task_status_button_clicked(self) -> None:
        task = selected_row(self.tasks_view)
        if task is None:
            return
        ws, year, unit, new, old = self.state.ws, self.state.year, self.state.unit, self.task_status.currentData(), task.status
        perform(self.state, f"{task.name} 完成情况",
                lambda: projects.set_task_status(ws, year, task.id, new, unit=unit),
                lambda: projects.set_task_status(ws, year, task.id, old, unit=unit), "projects",
                on_error=lambda exc: report_to(self, exc))
