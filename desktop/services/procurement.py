"""Government procurement lines (政府采购): type, method, budget, contract, paid."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop.core.domain import ProcurementMethod, ProcurementType
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.money import Unit, format_amount
from desktop.services import audited, fields
from desktop.services.budget import find_project
from desktop.services.workspace import Workspace
from desktop.store.models import Procurement


@dataclass(frozen=True)
class ProcurementRow:
    id: int
    code: str
    name: str
    ptype: str
    method: str
    project_code: str | None
    budget: Decimal
    contract: Decimal
    paid: Decimal
    supplier: str


def _fields(values: dict[str, Any], money_unit: Unit) -> dict[str, Any]:
    """The values of a line, each refusal keyed by its parameter (`code`, `budget`, …)."""
    out: dict[str, Any] = {}
    if "code" in values:
        out["code"] = fields.text(values["code"], "采购编号", max_len=40, key="code")
    if "name" in values:
        out["name"] = fields.text(values["name"], "采购项目名称", max_len=200, key="name")
    if "ptype" in values:
        out["ptype"] = fields.choice(values["ptype"], ProcurementType, "采购类型", key="ptype")
    if "method" in values:
        out["method"] = fields.choice(values["method"], ProcurementMethod, "采购方式", key="method")
    for key, label in (("budget", "采购预算"), ("contract", "合同金额"), ("paid", "已支付金额")):
        if key in values:
            out[key] = fields.money(values[key], label, money_unit, key=key)
    if "supplier" in values:
        out["supplier"] = fields.text(values["supplier"], "供应商", required=False, max_len=200, key="supplier")
    return out


def _check(line: dict[str, Any]) -> None:
    if line["paid"] > line["contract"] and line["contract"] > 0:
        raise ValidationError("已支付金额：不能超过合同金额", "已支付金额", "paid")


def add_procurement(ws: Workspace, year: int, *, code: str, name: str, ptype: Any, method: Any,
                    budget: Any, contract: Any = "0", paid: Any = "0", supplier: str = "",
                    project: str | None = None, money_unit: Unit = Unit.YUAN,
                    unit: str | None = None) -> int:
    values = _fields(dict(code=code, name=name, ptype=ptype, method=method, budget=budget,
                          contract=contract, paid=paid, supplier=supplier), money_unit)
    _check(values)
    with ws.edit_year(year, unit) as (s, fy):
        if s.scalar(select(Procurement.id).where(Procurement.year_id == fy.id, Procurement.code == values["code"])):
            raise ConflictError(f"采购编号：{fy.year}年度已有采购编号“{values['code']}”", "code")
        row = Procurement(year_id=fy.id, project=find_project(s, fy, project), **values)
        audited.audited_create(s, ws.actor, fy, row, "procurement",
                            f"政府采购 {values['name']} 预算 {format_amount(values['budget'])} 元")
        return row.id


def change_procurement(ws: Workspace, year: int, row_id: int, *, money_unit: Unit = Unit.YUAN,
                       unit: str | None = None, **changes: Any) -> None:
    values = _fields(changes, money_unit)
    with ws.edit_year(year, unit) as (s, fy):
        row = audited.get_row(s, Procurement, row_id, fy, "政府采购")
        merged = {"paid": row.paid, "contract": row.contract, **values}
        _check(merged)
        audited.audited_update(s, ws.actor, fy, row, "procurement", values, f"修改政府采购 {row.code}")


def delete_procurement(ws: Workspace, year: int, row_id: int, unit: str | None = None) -> None:
    with ws.edit_year(year, unit) as (s, fy):
        row = audited.get_row(s, Procurement, row_id, fy, "政府采购")
        audited.audited_delete(s, ws.actor, fy, row, "procurement", f"删除政府采购 {row.code}")


def list_procurements(ws: Workspace, year: int, unit: str | None = None) -> list[ProcurementRow]:
    with ws.read_year(year, unit) as (s, fy):
        query = select(Procurement).where(Procurement.year_id == fy.id).order_by(Procurement.code)
        return [ProcurementRow(p.id, p.code, p.name, p.ptype, p.method,
                               p.project.code if p.project else None, p.budget, p.contract, p.paid,
                               p.supplier) for p in s.scalars(query)]
