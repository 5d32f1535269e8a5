"""Headcount (编制 and 实有 by category, contract staff), other outcome metrics, narrative
sections of the report, and the read-only audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop.core.domain import Direction, NarrativeSection, StaffCategory
from desktop.services import rows
from desktop.services.workspace import Workspace, ensure_open, find_year
from desktop.store import audit
from desktop.store.models import AuditEntry, FiscalYear, Headcount, Narrative, OutcomeMetric


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
    cat = rows.choice(category, StaffCategory, "人员类别")
    label = StaffCategory(cat).label
    values = {"authorized": rows.count(authorized, f"{label}核定数"),
              "actual": rows.count(actual, f"{label}实有数")}
    with ws.write() as s:
        fy = find_year(s, year, unit)
        ensure_open(fy)
        row = s.scalar(select(Headcount).where(Headcount.year_id == fy.id, Headcount.category == cat))
        summary = f"{label}：核定 {values['authorized']} 人，实有 {values['actual']} 人"
        if row is None:
            rows.audited_create(s, ws.actor, fy, Headcount(year_id=fy.id, category=cat, **values),
                                "headcount", summary)
        else:
            rows.audited_update(s, ws.actor, fy, row, "headcount", values, summary)


def list_headcount(ws: Workspace, year: int, unit: str | None = None) -> list[HeadcountRow]:
    with ws.read() as s:
        fy = find_year(s, year, unit)
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
        "name": rows.text(name, "指标名称", max_len=200),
        "measure_unit": rows.text(measure_unit, "计量单位", required=False, max_len=20),
        "value": rows.quantity(value, "本年值"),
        "target": None if target in (None, "") else rows.quantity(target, "目标值"),
        "direction": None if direction in (None, "") else rows.choice(direction, Direction, "比较方向"),
        "previous": None if previous in (None, "") else rows.quantity(previous, "上年值"),
        "note": rows.text(note, "备注", required=False),
    }
    code = rows.text(code, "指标代码", max_len=60)
    with ws.write() as s:
        fy = find_year(s, year, unit)
        ensure_open(fy)
        row = s.scalar(select(OutcomeMetric).where(OutcomeMetric.year_id == fy.id, OutcomeMetric.code == code))
        summary = f"{values['name']}：{values['value']}{values['measure_unit']}"
        if row is None:
            position = (s.scalar(select(func.max(OutcomeMetric.position))
                                 .where(OutcomeMetric.year_id == fy.id)) or 0) + 1
            rows.audited_create(s, ws.actor, fy, OutcomeMetric(year_id=fy.id, code=code, position=position,
                                                               **values), "outcome_metric", summary)
        else:
            rows.audited_update(s, ws.actor, fy, row, "outcome_metric", values, summary)


def list_metrics(ws: Workspace, year: int, unit: str | None = None) -> list[MetricRow]:
    with ws.read() as s:
        fy = find_year(s, year, unit)
        query = select(OutcomeMetric).where(OutcomeMetric.year_id == fy.id).order_by(OutcomeMetric.position)
        return [MetricRow(m.code, m.name, m.measure_unit, m.value, m.target, m.direction, m.previous, m.note)
                for m in s.scalars(query)]


def set_narrative(ws: Workspace, year: int, section: Any, body: str, unit: str | None = None) -> None:
    sec = rows.choice(section, NarrativeSection, "报告章节")
    text = rows.text(body, NarrativeSection(sec).label, required=False)
    with ws.write() as s:
        fy = find_year(s, year, unit)
        ensure_open(fy)
        row = s.scalar(select(Narrative).where(Narrative.year_id == fy.id, Narrative.section == sec))
        summary = f"修改报告文字：{NarrativeSection(sec).label}"
        if row is None:
            rows.audited_create(s, ws.actor, fy, Narrative(year_id=fy.id, section=sec, body=text),
                                "narrative", summary)
        else:
            rows.audited_update(s, ws.actor, fy, row, "narrative", {"body": text}, summary)


def narratives(ws: Workspace, year: int, unit: str | None = None) -> dict[str, str]:
    with ws.read() as s:
        fy = find_year(s, year, unit)
        return {n.section: n.body for n in s.scalars(select(Narrative).where(Narrative.year_id == fy.id))}


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    year: int | None
    summary: str
    before: str | None
    after: str | None


def audit_log(ws: Workspace, *, year: int | None = None, text: str | None = None,
              offset: int = 0, limit: int = 500) -> list[AuditRow]:
    with ws.read() as s:
        query = (select(AuditEntry, FiscalYear.year)
                 .outerjoin(FiscalYear, FiscalYear.id == AuditEntry.year_id)
                 .order_by(AuditEntry.seq.desc()))
        if year is not None:
            query = query.where(FiscalYear.year == year)
        if text:
            query = query.where(AuditEntry.summary.contains(text) | AuditEntry.actor.contains(text))
        return [AuditRow(e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, y, e.summary, e.before, e.after)
                for e, y in s.execute(query.offset(offset).limit(limit))]


def verify_audit_chain(ws: Workspace) -> int | None:
    with ws.read() as s:
        return audit.verify_chain(s)
