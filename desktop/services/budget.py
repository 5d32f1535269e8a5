"""The budget: initial lines, adjustments (预算调整/调剂) and the adjusted budget derived from them.

The adjusted budget is never typed in: it is the initial budget plus the posted adjustments.
A posted adjustment is corrected only by a reversing entry that points at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core import entry_rules
from desktop.core.domain import BudgetCategory
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.money import Unit, format_amount
from desktop.services import audited, fields
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.types import money_sum
from desktop.store.models import BudgetAdjustment, BudgetLine, FiscalYear, Project


@dataclass(frozen=True)
class AdjustmentRow:
    id: int
    seq: int
    date: dt.date
    category: str
    project_code: str | None
    project_name: str | None
    amount: Decimal
    doc_no: str
    reason: str
    entered_by: str
    entered_at: dt.datetime
    reverses_seq: int | None
    reversed_by_seq: int | None
    running_adjusted: Decimal  # the whole budget after this entry


def find_project(session: Session, fy: FiscalYear, code: str | None, field: str = "项目") -> Project | None:
    if code in (None, ""):
        return None
    project = session.scalar(select(Project).where(Project.year_id == fy.id, Project.code == code))
    if project is None:
        raise ValidationError(f"{field}：{fy.year}年度没有项目编码“{code}”", field, "project")
    return project


def _category_and_project(session: Session, fy: FiscalYear, category: Any, project: str | None):
    cat = BudgetCategory(fields.choice(category, BudgetCategory, "支出类别", key="category"))
    proj = find_project(session, fy, project)
    if cat is BudgetCategory.PROJECT and proj is None:
        raise ValidationError("项目：项目支出必须选择项目", "项目", "project")
    if cat is not BudgetCategory.PROJECT and proj is not None:
        raise ValidationError(f"项目：“{cat.label}”不属于具体项目，请不要选择项目", "项目", "project")
    return cat, proj


def add_budget_line(ws: Workspace, year: int, *, category: Any, amount: Any,
                    money_unit: Unit = Unit.YUAN, project: str | None = None, note: str = "",
                    unit: str | None = None) -> int:
    value = fields.money(amount, "年初预算金额", money_unit, key="amount")
    note = fields.text(note, "备注", required=False, key="note")
    with ws.edit_year(year, unit) as (s, fy):
        cat, proj = _category_and_project(s, fy, category, project)
        line = BudgetLine(year_id=fy.id, category=cat.value, project=proj, amount=value, note=note)
        audited.audited_create(s, ws.actor, fy, line, "budget_line",
                            f"年初预算 {cat.label}{' ' + proj.name if proj else ''} {format_amount(value)} 元")
        return line.id


def change_budget_line(ws: Workspace, year: int, line_id: int, *, amount: Any,
                       money_unit: Unit = Unit.YUAN, note: str | None = None,
                       unit: str | None = None) -> None:
    value = fields.money(amount, "年初预算金额", money_unit)
    with ws.edit_year(year, unit) as (s, fy):
        line = audited.get_row(s, BudgetLine, line_id, fy, "年初预算行")
        _check_budget_after(s, fy, line.category, line.project, value - line.amount, "年初预算金额", "amount")
        changes: dict[str, Any] = {"amount": value}
        if note is not None:
            changes["note"] = fields.text(note, "备注", required=False)
        audited.audited_update(s, ws.actor, fy, line, "budget_line", changes,
                            f"修改年初预算行 {line_id}：{format_amount(value)} 元")


def post_adjustment(ws: Workspace, year: int, *, date: Any, category: Any, amount: Any,
                    doc_no: str, reason: str, money_unit: Unit = Unit.YUAN,
                    project: str | None = None, unit: str | None = None) -> AdjustmentRow:
    """Post one adjustment (signed amount: + increases, − decreases the budget)."""
    value = fields.money(amount, "调整金额", money_unit, allow_negative=True, key="amount")
    entry_rules.check_adjustment_amount(value, "调整金额", "amount")
    doc_no = fields.text(doc_no, "文号", max_len=100, key="doc_no")
    reason = fields.text(reason, "调整原因", key="reason")
    with ws.edit_year(year, unit) as (s, fy):
        when = fields.date(date, "调整日期", fy.year, key="date")
        cat, proj = _category_and_project(s, fy, category, project)
        entry = _insert_adjustment(s, ws.actor, fy, when, cat.value, proj, value, doc_no, reason, None)
        return _row(s, fy, entry)


def reverse_adjustment(ws: Workspace, year: int, seq: int, *, reason: str, date: Any = None,
                       unit: str | None = None) -> AdjustmentRow:
    """冲销: a new entry of the opposite amount that points at the original, which stays."""
    reason = fields.text(reason, "冲销原因")
    with ws.edit_year(year, unit) as (s, fy):
        original = s.scalar(select(BudgetAdjustment).where(
            BudgetAdjustment.year_id == fy.id, BudgetAdjustment.seq == seq))
        if original is None:
            raise NotFoundError(f"{fy.year}年度没有第 {seq} 号预算调整")
        if original.reverses_id is not None:
            raise ConflictError(f"第 {seq} 号是冲销记录，不能再冲销；如需调整请重新录入一笔调整")
        already = s.scalar(select(BudgetAdjustment.seq).where(BudgetAdjustment.reverses_id == original.id))
        if already is not None:
            raise ConflictError(f"第 {seq} 号预算调整已被第 {already} 号冲销，不能重复冲销")
        when = fields.date(date, "冲销日期", fy.year) if date else max(original.date, _today_in(fy.year))
        entry = _insert_adjustment(s, ws.actor, fy, when, original.category, original.project,
                                   -original.amount, original.doc_no,
                                   f"冲销第 {seq} 号调整：{reason}", original)
        return _row(s, fy, entry)


def _today_in(year: int) -> dt.date:
    today = dt.date.today()
    return today if today.year == year else dt.date(year, 12, 31)


def _insert_adjustment(s: Session, actor: str, fy: FiscalYear, when: dt.date, category: str,
                       project: Project | None, amount: Decimal, doc_no: str, reason: str,
                       reverses: BudgetAdjustment | None) -> BudgetAdjustment:
    _check_budget_after(s, fy, category, project, amount, *(("冲销", "") if reverses else ("调整金额", "amount")))
    seq = (s.scalar(select(func.max(BudgetAdjustment.seq)).where(BudgetAdjustment.year_id == fy.id)) or 0) + 1
    entry = BudgetAdjustment(
        year_id=fy.id, seq=seq, date=when, category=category, project=project, amount=amount,
        doc_no=doc_no, reason=reason, entered_by=actor,
        entered_at=dt.datetime.now().replace(microsecond=0), reverses=reverses,
    )
    s.add(entry)
    s.flush()
    label = BudgetCategory(category).label
    audit.append(s, actor=actor, action="reverse" if reverses else "post", entity="budget_adjustment",
                 entity_id=entry.id, year_id=fy.id,
                 summary=(f"{'冲销' if reverses else '预算调整'} 第 {seq} 号 {label}"
                          f"{' ' + project.name if project else ''} {format_amount(amount)} 元 {doc_no}"),
                 after=audited.snapshot(entry))
    return entry


def _check_budget_after(s: Session, fy: FiscalYear, category: str, project: Project | None, change: Decimal,
                        field: str, key: str) -> None:
    """The entry rules of core (`entry_rules`), on the budget of one category (or project) as it
    would be after `change` to its initial lines (field 年初预算金额) or its adjustments: not below
    zero, and the year's total inside the limit."""
    on_initial = field == "年初预算金额"

    def total(model, *where, absolute: bool = False) -> Decimal:
        column = model.__table__.c.amount_fen
        return s.scalar(select(money_sum(func.abs(column) if absolute else column))
                        .where(model.year_id == fy.id, *where))

    def same(model) -> tuple:
        return (model.category == category,
                model.project_id == project.id if project else model.project_id.is_(None))

    initial, adjustments = total(BudgetLine, *same(BudgetLine)), total(BudgetAdjustment, *same(BudgetAdjustment))
    label = f"项目“{project.name}”" if project else BudgetCategory(category).label
    entry_rules.check_not_negative(label, initial + (change if on_initial else 0),
                                   adjustments + (0 if on_initial else change), field, key)
    model, what = (BudgetLine, "年初预算") if on_initial else (BudgetAdjustment, "预算调整")
    entry_rules.check_year_total(what, total(model, absolute=True) + abs(change), field, key)


def _row(s: Session, fy: FiscalYear, entry: BudgetAdjustment) -> AdjustmentRow:
    return next(r for r in list_adjustments_in(s, fy) if r.id == entry.id)


def list_adjustments(ws: Workspace, year: int, unit: str | None = None) -> list[AdjustmentRow]:
    with ws.read_year(year, unit) as (s, fy):
        return list_adjustments_in(s, fy)


def list_adjustments_in(s: Session, fy: FiscalYear) -> list[AdjustmentRow]:
    initial = initial_total(s, fy)
    entries = s.scalars(select(BudgetAdjustment).where(BudgetAdjustment.year_id == fy.id)
                        .order_by(BudgetAdjustment.seq)).all()
    seq_by_id = {e.id: e.seq for e in entries}
    reversed_by = {e.reverses_id: e.seq for e in entries if e.reverses_id is not None}
    running = initial
    result = []
    for e in entries:
        if BudgetCategory(e.category).is_main:
            running += e.amount
        result.append(AdjustmentRow(
            id=e.id, seq=e.seq, date=e.date, category=e.category,
            project_code=e.project.code if e.project else None,
            project_name=e.project.name if e.project else None,
            amount=e.amount, doc_no=e.doc_no, reason=e.reason, entered_by=e.entered_by,
            entered_at=e.entered_at, reverses_seq=seq_by_id.get(e.reverses_id) if e.reverses_id else None,
            reversed_by_seq=reversed_by.get(e.id), running_adjusted=running,
        ))
    return result


def initial_total(s: Session, fy: FiscalYear) -> Decimal:
    main = [c.value for c in BudgetCategory if c.is_main]
    return s.scalar(select(money_sum(BudgetLine.__table__.c.amount_fen))
                    .where(BudgetLine.year_id == fy.id, BudgetLine.category.in_(main)))


@dataclass(frozen=True)
class CategoryBudget:
    category: str
    initial: Decimal
    adjustments: Decimal

    @property
    def adjusted(self) -> Decimal:
        return self.initial + self.adjustments


def budget_by_category(ws: Workspace, year: int, unit: str | None = None) -> list[CategoryBudget]:
    with ws.read_year(year, unit) as (s, fy):
        initial = _sum_by(s, BudgetLine, fy)
        adjust = _sum_by(s, BudgetAdjustment, fy)
        return [CategoryBudget(c.value, initial.get(c.value, Decimal("0.00")),
                               adjust.get(c.value, Decimal("0.00"))) for c in BudgetCategory]


def _sum_by(s: Session, model, fy: FiscalYear) -> dict[str, Decimal]:
    query = (select(model.category, money_sum(model.__table__.c.amount_fen))
             .where(model.year_id == fy.id).group_by(model.category))
    return {key: value for key, value in s.execute(query)}


@dataclass(frozen=True)
class BudgetLineRow:
    id: int
    category: str
    project_code: str | None
    project_name: str | None
    amount: Decimal
    note: str


def list_budget_lines(ws: Workspace, year: int, unit: str | None = None) -> list[BudgetLineRow]:
    with ws.read_year(year, unit) as (s, fy):
        query = select(BudgetLine).where(BudgetLine.year_id == fy.id).order_by(BudgetLine.id)
        return [BudgetLineRow(b.id, b.category, b.project.code if b.project else None,
                              b.project.name if b.project else None, b.amount, b.note) for b in s.scalars(query)]
