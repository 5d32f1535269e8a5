"""Units and fiscal years: create, list, lock and unlock (each audited, with a reason)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from desktop.core.errors import ConflictError, ValidationError
from desktop.services import backups, fields
from desktop.services.workspace import Workspace, find_year
from desktop.store import audit, seal
from desktop.store.models import FiscalYear, Department


@dataclass(frozen=True)
class YearInfo:
    unit_code: str
    unit_name: str
    year: int
    locked: bool
    lock_reason: str


def _info(fy: FiscalYear) -> YearInfo:
    return YearInfo(fy.unit.code, fy.unit.name, fy.year, fy.locked, fy.lock_reason)


def create_unit(ws: Workspace, code: str, name: str) -> None:
    code = fields.text(code, "单位代码", max_len=40)
    name = fields.text(name, "单位名称", max_len=200)
    with ws.write() as s:
        _add_unit(s, ws, code, name)


def _add_unit(s, ws: Workspace, code: str, name: str) -> Department:
    if s.scalar(select(Department).where(Department.code == code)):
        raise ConflictError(f"单位代码“{code}”已存在", "code")
    unit = Department(code=code, name=name)
    s.add(unit)
    s.flush()
    audit.append(s, actor=ws.actor, action="create", entity="unit", entity_id=unit.id,
                 summary=f"新建单位 {name}", after={"code": code, "name": name})
    return unit


def _check_year(year: int) -> None:
    if not 1990 <= int(year) <= 2200:
        raise ValidationError(f"年度：{year} 不是有效的年度", "年度", "year")


def create_year(ws: Workspace, unit: str, year: int) -> YearInfo:
    _check_year(year)
    with ws.write() as s:
        found = s.scalar(select(Department).where((Department.code == unit) | (Department.name == unit)))
        if found is None:
            raise ValidationError(f"单位：没有单位“{unit}”", "单位")
        return _add_year(s, ws, found, year)


def create_unit_and_year(ws: Workspace, code: str, name: str, year: int) -> YearInfo:
    """The first start: a new unit and its first year, both or neither (one transaction)."""
    name = fields.text(name, "单位名称", max_len=200, key="name")
    code = fields.text(code, "单位代码", max_len=40, key="code")
    _check_year(year)
    with ws.write() as s:
        return _add_year(s, ws, _add_unit(s, ws, code, name), year)


def _add_year(s, ws: Workspace, unit: Department, year: int) -> YearInfo:
    if s.scalar(select(FiscalYear).where(FiscalYear.unit_id == unit.id, FiscalYear.year == year)):
        raise ConflictError(f"{unit.name} 的 {year} 年度已存在", "year")
    fy = FiscalYear(unit=unit, year=int(year), locked=False, lock_reason="")
    s.add(fy)
    s.flush()
    audit.append(s, actor=ws.actor, action="create", entity="fiscal_year", entity_id=fy.id,
                 year_id=fy.id, summary=f"新建 {year} 年度", after={"year": year})
    return _info(fy)


def list_years(ws: Workspace) -> list[YearInfo]:
    with ws.read() as s:
        query = select(FiscalYear).join(Department).order_by(Department.code, FiscalYear.year)
        return [_info(fy) for fy in s.scalars(query)]


def lock_year(ws: Workspace, year: int, reason: str, unit: str | None = None) -> YearInfo:
    return _set_lock(ws, year, unit, True, fields.text(reason, "锁定原因"))


def unlock_year(ws: Workspace, year: int, reason: str, unit: str | None = None) -> YearInfo:
    reason = fields.text(reason, "解锁原因")
    backups.before(ws.path, "unlock")  # the locked year as it was, verified, before it can change
    return _set_lock(ws, year, unit, False, reason)


def _set_lock(ws: Workspace, year: int, unit: str | None, locked: bool, reason: str) -> YearInfo:
    with ws.write() as s:
        fy = find_year(s, year, unit)
        if fy.locked == locked:
            raise ConflictError(f"{year}年度{'已经锁定' if locked else '未锁定'}")
        before = {"locked": fy.locked, "lock_reason": fy.lock_reason}
        if not locked:  # the unlock trigger (migration 0003) lets only this path through
            s.execute(text("SELECT budget_desk_allow_unlock(:id)"), {"id": fy.id})
        fy.locked = locked
        fy.lock_reason = reason if locked else ""
        s.flush()
        after = {"locked": locked, "reason": reason}
        if locked:  # the seal `check` verifies while the year stays locked
            after["seals"] = {str(fy.id): seal.seal_year(s, fy.id)}
        audit.append(s, actor=ws.actor, action="lock" if locked else "unlock", entity="fiscal_year",
                     entity_id=fy.id, year_id=fy.id,
                     summary=f"{'锁定' if locked else '解锁'} {year} 年度：{reason}",
                     before=before, after=after)
        return _info(fy)
