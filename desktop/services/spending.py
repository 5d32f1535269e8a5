"""Spending: actual expenditure by category and project, cumulative treasury disbursement by
month (for progress against 序时进度), and the year's carry-over and appropriation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop.core import entry_rules
from desktop.core.errors import ValidationError
from desktop.core.money import Unit, format_amount
from desktop.services import audited, fields
from desktop.services.budget import _category_and_project
from desktop.services.workspace import Workspace
from desktop.store.models import CarryOver, Disbursement, Expenditure
from desktop.store.types import money_sum


@dataclass(frozen=True)
class ExpenditureRow:
    id: int
    category: str
    project_code: str | None
    amount: Decimal
    note: str


def add_expenditure(ws: Workspace, year: int, *, category: Any, amount: Any,
                    money_unit: Unit = Unit.YUAN, project: str | None = None, note: str = "",
                    unit: str | None = None) -> int:
    value = fields.money(amount, "支出金额", money_unit, allow_negative=True, key="amount")
    note = fields.text(note, "备注", required=False, key="note")
    with ws.edit_year(year, unit) as (s, fy):
        cat, proj = _category_and_project(s, fy, category, project)
        entry_rules.check_spending_category(cat.value, "类别", "category")
        spent = s.scalar(select(money_sum(func.abs(Expenditure.__table__.c.amount_fen)))
                         .where(Expenditure.year_id == fy.id))
        entry_rules.check_year_total("支出", spent + abs(value), "支出金额", "amount")
        row = Expenditure(year_id=fy.id, category=cat.value, project=proj, amount=value, note=note)
        audited.audited_create(s, ws.actor, fy, row, "expenditure",
                            f"支出 {cat.label}{' ' + proj.name if proj else ''} {format_amount(value)} 元")
        return row.id


def change_expenditure(ws: Workspace, year: int, row_id: int, *, amount: Any,
                       money_unit: Unit = Unit.YUAN, note: str | None = None,
                       unit: str | None = None) -> None:
    value = fields.money(amount, "支出金额", money_unit, allow_negative=True)
    with ws.edit_year(year, unit) as (s, fy):
        row = audited.get_row(s, Expenditure, row_id, fy, "支出记录")
        changes: dict[str, Any] = {"amount": value}
        if note is not None:
            changes["note"] = fields.text(note, "备注", required=False)
        audited.audited_update(s, ws.actor, fy, row, "expenditure", changes,
                            f"修改支出记录 {row_id}：{format_amount(value)} 元")


def delete_expenditure(ws: Workspace, year: int, row_id: int, unit: str | None = None) -> None:
    with ws.edit_year(year, unit) as (s, fy):
        row = audited.get_row(s, Expenditure, row_id, fy, "支出记录")
        audited.audited_delete(s, ws.actor, fy, row, "expenditure", f"删除支出记录 {row_id}")


def list_expenditures(ws: Workspace, year: int, unit: str | None = None) -> list[ExpenditureRow]:
    with ws.read_year(year, unit) as (s, fy):
        query = select(Expenditure).where(Expenditure.year_id == fy.id).order_by(Expenditure.id)
        return [ExpenditureRow(e.id, e.category, e.project.code if e.project else None, e.amount, e.note)
                for e in s.scalars(query)]


def set_disbursement(ws: Workspace, year: int, month: int, cumulative: Any, *,
                     money_unit: Unit = Unit.YUAN, unit: str | None = None) -> None:
    """Record the cumulative 国库支付 at the end of `month` (creates or replaces it)."""
    if not 1 <= int(month) <= 12:
        raise ValidationError(f"月份：{month} 不是 1–12 月", "月份")
    value = fields.money(cumulative, f"{month}月末累计支付", money_unit)
    with ws.edit_year(year, unit) as (s, fy):
        row = s.scalar(select(Disbursement).where(Disbursement.year_id == fy.id, Disbursement.month == month))
        summary = f"{month}月末累计国库支付 {format_amount(value)} 元"
        if row is None:
            audited.audited_create(s, ws.actor, fy, Disbursement(year_id=fy.id, month=int(month), cumulative=value),
                                "disbursement", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "disbursement", {"cumulative": value}, summary)


def disbursements(ws: Workspace, year: int, unit: str | None = None) -> dict[int, Decimal]:
    with ws.read_year(year, unit) as (s, fy):
        return {m: c for m, c in s.execute(select(Disbursement.month, Disbursement.cumulative)
                                           .where(Disbursement.year_id == fy.id).order_by(Disbursement.month))}


def set_carryover(ws: Workspace, year: int, *, begin: Any, appropriation: Any, end: Any,
                  money_unit: Unit = Unit.YUAN, unit: str | None = None) -> None:
    values = {
        key: fields.money(value, label, money_unit, key=key)
        for key, label, value in (("begin", "年初结转和结余", begin), ("appropriation", "本年财政拨款收入", appropriation),
                                  ("end", "年末结转和结余", end))
    }
    with ws.edit_year(year, unit) as (s, fy):
        row = s.get(CarryOver, fy.id)
        summary = "结转结余：" + "，".join(f"{k} {format_amount(v)}" for k, v in values.items())
        if row is None:
            audited.audited_create(s, ws.actor, fy, CarryOver(year_id=fy.id, **values), "carryover", summary)
        else:
            audited.audited_update(s, ws.actor, fy, row, "carryover", values, summary)


def clear_disbursement(ws: Workspace, year: int, month: int, unit: str | None = None) -> None:
    """Remove the figure of one month (used by undo of a first entry)."""
    with ws.edit_year(year, unit) as (s, fy):
        row = s.scalar(select(Disbursement).where(Disbursement.year_id == fy.id, Disbursement.month == month))
        if row is not None:
            audited.audited_delete(s, ws.actor, fy, row, "disbursement", f"删除{month}月末累计国库支付")


def carryover(ws: Workspace, year: int, unit: str | None = None) -> CarryOver | None:
    with ws.read_year(year, unit) as (s, fy):
        row = s.get(CarryOver, fy.id)
        if row is not None:
            s.expunge(row)
        return row
