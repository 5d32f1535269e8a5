"""Projects (二级项目) with their performance targets, and key tasks (重点工作, 民生实事)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop.core.domain import (
    Direction,
    ProjectClass,
    ProjectStatus,
    TargetLevel1,
    TargetLevel2,
    TaskKind,
    TaskStatus,
)
from desktop.core.errors import ConflictError
from desktop.services import audited, fields
from desktop.services.budget import find_project
from desktop.services.workspace import Workspace
from desktop.store.models import KeyTask, PerformanceTarget, Project


@dataclass(frozen=True)
class TargetRow:
    id: int
    level1: str
    level2: str
    name: str
    measure_unit: str
    direction: str
    target_value: Decimal
    actual_value: Decimal | None


@dataclass(frozen=True)
class ProjectRow:
    id: int
    code: str
    name: str
    project_class: str
    status: str
    note: str
    targets: tuple[TargetRow, ...]


def add_project(ws: Workspace, year: int, *, code: str, name: str, project_class: Any = "general",
                status: Any = "in_progress", note: str = "", unit: str | None = None) -> int:
    values = dict(
        code=fields.text(code, "项目编码", max_len=40, key="code"),
        name=fields.text(name, "项目名称", max_len=200, key="name"),
        project_class=fields.choice(project_class, ProjectClass, "项目类别", key="project_class"),
        status=fields.choice(status, ProjectStatus, "项目状态", key="status"),
        note=fields.text(note, "备注", required=False, key="note"),
    )
    with ws.edit_year(year, unit) as (s, fy):
        if s.scalar(select(Project).where(Project.year_id == fy.id, Project.code == values["code"])):
            raise ConflictError(f"项目编码：{fy.year}年度已有项目“{values['code']}”", "code")
        row = Project(year_id=fy.id, **values)
        audited.audited_create(s, ws.actor, fy, row, "project", f"新建项目 {values['code']} {values['name']}")
        return row.id


def change_project(ws: Workspace, year: int, code: str, *, unit: str | None = None, **changes: Any) -> None:
    parsers = {
        "name": lambda v: fields.text(v, "项目名称", max_len=200, key="name"),
        "project_class": lambda v: fields.choice(v, ProjectClass, "项目类别", key="project_class"),
        "status": lambda v: fields.choice(v, ProjectStatus, "项目状态", key="status"),
        "note": lambda v: fields.text(v, "备注", required=False, key="note"),
    }
    values = {k: parsers[k](v) for k, v in changes.items()}
    with ws.edit_year(year, unit) as (s, fy):
        row = _project(s, fy, code)
        audited.audited_update(s, ws.actor, fy, row, "project", values, f"修改项目 {code}")


def _project(s, fy, code: str) -> Project:
    project = find_project(s, fy, code, "项目编码")
    assert project is not None
    return project


def add_target(ws: Workspace, year: int, project: str, *, level1: Any, level2: Any, name: str,
               direction: Any, target_value: Any, measure_unit: str = "",
               actual_value: Any = None, unit: str | None = None) -> int:
    values = dict(
        level1=fields.choice(level1, TargetLevel1, "一级指标", key="level1"),
        level2=fields.choice(level2, TargetLevel2, "二级指标", key="level2"),
        name=fields.text(name, "指标名称", max_len=200, key="name"),
        direction=fields.choice(direction, Direction, "比较方向", key="direction"),
        target_value=fields.quantity(target_value, "目标值", key="target_value"),
        measure_unit=fields.text(measure_unit, "计量单位", required=False, max_len=20, key="measure_unit"),
        actual_value=None if actual_value in (None, "") else fields.quantity(actual_value, "实际值",
                                                                            key="actual_value"),
    )
    with ws.edit_year(year, unit) as (s, fy):
        proj = _project(s, fy, project)
        position = (s.scalar(select(func.max(PerformanceTarget.position))
                             .where(PerformanceTarget.project_id == proj.id)) or 0) + 1
        row = PerformanceTarget(project=proj, year_id=fy.id, position=position, **values)
        audited.audited_create(s, ws.actor, fy, row, "performance_target", f"{proj.name} 新增绩效目标 {values['name']}")
        return row.id


def set_target_actual(ws: Workspace, year: int, target_id: int, actual_value: Any,
                      unit: str | None = None) -> None:
    value = None if actual_value in (None, "") else fields.quantity(actual_value, "实际值", key="actual_value")
    with ws.edit_year(year, unit) as (s, fy):
        row = audited.get_row(s, PerformanceTarget, target_id, fy, "绩效目标")
        audited.audited_update(s, ws.actor, fy, row, "performance_target", {"actual_value": value},
                            f"绩效目标 {row.name} 实际值 {value}")


def list_projects(ws: Workspace, year: int, unit: str | None = None) -> list[ProjectRow]:
    with ws.read_year(year, unit) as (s, fy):
        query = select(Project).where(Project.year_id == fy.id).order_by(Project.code)
        return [ProjectRow(p.id, p.code, p.name, p.project_class, p.status, p.note, tuple(
            TargetRow(t.id, t.level1, t.level2, t.name, t.measure_unit, t.direction, t.target_value,
                      t.actual_value) for t in p.targets)) for p in s.scalars(query)]


@dataclass(frozen=True)
class TaskRow:
    id: int
    kind: str
    name: str
    status: str
    note: str


def add_task(ws: Workspace, year: int, *, kind: Any, name: str, status: Any = "not_started",
             note: str = "", unit: str | None = None) -> int:
    values = dict(kind=fields.choice(kind, TaskKind, "任务类别"), name=fields.text(name, "任务名称", max_len=300),
                  status=fields.choice(status, TaskStatus, "完成情况"), note=fields.text(note, "备注", required=False))
    with ws.edit_year(year, unit) as (s, fy):
        position = (s.scalar(select(func.max(KeyTask.position)).where(KeyTask.year_id == fy.id)) or 0) + 1
        row = KeyTask(year_id=fy.id, position=position, **values)
        audited.audited_create(s, ws.actor, fy, row, "key_task", f"新增{TaskKind(values['kind']).label} {values['name']}")
        return row.id


def set_task_status(ws: Workspace, year: int, task_id: int, status: Any, note: str | None = None,
                    unit: str | None = None) -> None:
    values: dict[str, Any] = {"status": fields.choice(status, TaskStatus, "完成情况")}
    if note is not None:
        values["note"] = fields.text(note, "备注", required=False)
    with ws.edit_year(year, unit) as (s, fy):
        row = audited.get_row(s, KeyTask, task_id, fy, "重点工作")
        audited.audited_update(s, ws.actor, fy, row, "key_task", values,
                            f"{row.name}：{TaskStatus(values['status']).label}")


def list_tasks(ws: Workspace, year: int, unit: str | None = None) -> list[TaskRow]:
    with ws.read_year(year, unit) as (s, fy):
        query = select(KeyTask).where(KeyTask.year_id == fy.id).order_by(KeyTask.position)
        return [TaskRow(t.id, t.kind, t.name, t.status, t.note) for t in s.scalars(query)]
