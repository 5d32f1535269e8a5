"""Headcount (编制 and 实有 by category, contract staff) and the other outcome metrics (业务量,
满意度, …) that the 人员编制 screen keeps."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop.core.domain import Direction, StaffCategory
from desktop.services import audited, fields
from desktop.services.workspace import Workspace
from desktop.store.models import Headcount, OutcomeMetric


@dataclass(frozen=True)
class HeadcountRow:
    category: str
    authorized: int
    actual: int

    @property
    def vacancy(self) -> int:
        return self.authorized - self.actual


def set_headcount(ws: Workspace, year: int, category: Any, *, authorized: Any, actual: Any,
                  unit: str | None = None) -> None:
    cat = fields.choice(category, StaffCategory, "人员类别", key="category")
    label = StaffCategory(cat).label
    values = {"authorized": fields.count(authorized, f"{label}核定数", key="authorized"),
              "actual": fields.count(actual, f"{label}实有数", key="actual")}
    with ws.edit_year(year, unit) as (s, fy):
        row = s.scalar(select(Headcount).where(Headcount.year_id == fy.id, Headcount.category == cat))
        summary = f"{label}：核定 {values['authorized']} 人，实有 {values['actual']} 人"
        if row is None:
            audited.audited_create(s, ws.actor, fy, Headcount(year_id=fy.id, category=cat, **values),
                                "headcount", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "headcount", values, summary)


def list_headcount(ws: Workspace, year: int, unit: str | None = None) -> list[HeadcountRow]:
    with ws.read_year(year, unit) as (s, fy):
        found = {h.category: h for h in s.scalars(select(Headcount).where(Headcount.year_id == fy.id))}
        return [HeadcountRow(c.value, found[c.value].authorized, found[c.value].actual)
                for c in StaffCategory if c.value in found]


@dataclass(frozen=True)
class MetricRow:
    code: str
    name: str
    measure_unit: str
    value: Decimal
    target: Decimal | None
    direction: str | None
    previous: Decimal | None
    note: str


def set_metric(ws: Workspace, year: int, code: str, *, name: str, value: Any, measure_unit: str = "",
               target: Any = None, direction: Any = None, previous: Any = None, note: str = "",
               unit: str | None = None) -> None:
    values = {
        "name": fields.text(name, "指标名称", max_len=200, key="name"),
        "measure_unit": fields.text(measure_unit, "计量单位", required=False, max_len=20, key="measure_unit"),
        "value": fields.quantity(value, "本年值", key="value"),
        "target": None if target in (None, "") else fields.quantity(target, "目标值", key="target"),
        "direction": None if direction in (None, "") else fields.choice(direction, Direction, "比较方向",
                                                                         key="direction"),
        "previous": None if previous in (None, "") else fields.quantity(previous, "上年值", key="previous"),
        "note": fields.text(note, "备注", required=False, key="note"),
    }
    code = fields.text(code, "指标代码", max_len=60, key="code")
    with ws.edit_year(year, unit) as (s, fy):
        row = s.scalar(select(OutcomeMetric).where(OutcomeMetric.year_id == fy.id, OutcomeMetric.code == code))
        summary = f"{values['name']}：{values['value']}{values['measure_unit']}"
        if row is None:
            position = (s.scalar(select(func.max(OutcomeMetric.position))
                                 .where(OutcomeMetric.year_id == fy.id)) or 0) + 1
            audited.audited_create(s, ws.actor, fy, OutcomeMetric(year_id=fy.id, code=code, position=position,
                                                               **values), "outcome_metric", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "outcome_metric", values, summary)


def list_metrics(ws: Workspace, year: int, unit: str | None = None) -> list[MetricRow]:
    with ws.read_year(year, unit) as (s, fy):
        query = select(OutcomeMetric).where(OutcomeMetric.year_id == fy.id).order_by(OutcomeMetric.position)
        return [MetricRow(m.code, m.name, m.measure_unit, m.value, m.target, m.direction, m.previous, m.note)
                for m in s.scalars(query)]
