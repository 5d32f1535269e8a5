"""Shared plumbing of the area services: snapshots for the audit log, audited create/change/
delete, and the field parsers that turn typed text into checked values."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from desktop.core.domain import Labeled
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.money import MoneyError, Unit, parse_amount, parse_decimal
from desktop.store import audit
from desktop.store.models import FiscalYear

MAX_TEXT = 32767  # Excel's cell limit: anything longer could not be exported intact


def snapshot(obj: Any) -> dict[str, Any]:
    """The mapped columns of a row, as the audit log records them."""
    mapper = sa_inspect(obj).mapper
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


def _key(obj: Any) -> Any:
    identity = sa_inspect(obj).identity
    return identity[0] if identity and len(identity) == 1 else identity or ""


def audited_create(session: Session, actor: str, fy: FiscalYear, obj: Any, entity: str,
                   summary: str) -> Any:
    session.add(obj)
    session.flush()
    audit.append(session, actor=actor, action="create", entity=entity, entity_id=_key(obj),
                 year_id=fy.id, summary=summary, after=snapshot(obj))
    return obj


def audited_update(session: Session, actor: str, fy: FiscalYear, obj: Any, entity: str,
                   changes: dict[str, Any], summary: str) -> Any:
    before = snapshot(obj)
    for key, value in changes.items():
        setattr(obj, key, value)
    session.flush()
    after = snapshot(obj)
    if before != after:
        audit.append(session, actor=actor, action="update", entity=entity,
                     entity_id=_key(obj), year_id=fy.id, summary=summary,
                     before={k: v for k, v in before.items() if after[k] != v},
                     after={k: v for k, v in after.items() if before[k] != v})
    return obj


def audited_delete(session: Session, actor: str, fy: FiscalYear, obj: Any, entity: str,
                   summary: str) -> None:
    before = snapshot(obj)
    key = _key(obj)
    session.delete(obj)
    session.flush()
    audit.append(session, actor=actor, action="delete", entity=entity, entity_id=key,
                 year_id=fy.id, summary=summary, before=before)


def get_row(session: Session, model: type, row_id: int, fy: FiscalYear, what: str) -> Any:
    obj = session.get(model, row_id)
    if obj is None or getattr(obj, "year_id", fy.id) != fy.id:
        raise NotFoundError(f"{fy.year}年度没有编号为 {row_id} 的{what}")
    return obj


# --- field parsers: every refusal names the field -------------------------------------------

def money(value: Any, field: str, unit: Unit = Unit.YUAN, *, allow_negative: bool = False, key: str = "") -> Decimal:
    try:
        return parse_amount(value, unit=unit, field=field, allow_negative=allow_negative)
    except MoneyError as exc:
        raise ValidationError(str(exc), field, key) from exc


def quantity(value: Any, field: str, max_decimals: int = 4) -> Decimal:
    try:
        return parse_decimal(value, field=field, max_decimals=max_decimals)
    except MoneyError as exc:
        raise ValidationError(str(exc), field) from exc


def count(value: Any, field: str) -> int:
    if isinstance(value, bool):
        raise ValidationError(f"{field}：必须是非负整数", field)
    if isinstance(value, int):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not re.fullmatch(r"\d{1,9}", text, re.ASCII):
            raise ValidationError(f"{field}：“{value}”不是非负整数", field)
        number = int(text)
    if number < 0:
        raise ValidationError(f"{field}：必须是非负整数", field)
    return number


def text(value: Any, field: str, *, required: bool = True, max_len: int = MAX_TEXT, key: str = "") -> str:
    s = "" if value is None else unicodedata.normalize("NFC", str(value)).strip()
    if required and not s:
        raise ValidationError(f"{field}：不能为空", field, key)
    if len(s) > max_len:
        raise ValidationError(f"{field}：长度超过 {max_len} 个字符", field, key)
    bad = [ch for ch in s if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
    if bad:
        raise ValidationError(f"{field}：含有不可见的控制字符，请删除后再保存", field, key)
    return s


def choice(value: Any, enum: type[Labeled], field: str) -> str:
    try:
        return enum.from_text(str(value), field).value
    except ValueError as exc:
        raise ValidationError(str(exc), field) from exc


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def date(value: Any, field: str, fiscal_year: int | None = None, *, key: str = "") -> dt.date:
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        s = unicodedata.normalize("NFKC", str(value or "")).strip()
        for fmt in _DATE_FORMATS:
            try:
                result = dt.datetime.strptime(s, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise ValidationError(f"{field}：“{value}”不是有效日期（例如 2020-03-31）", field, key)
    if fiscal_year is not None and result.year != fiscal_year:
        raise ValidationError(f"{field}：{result.isoformat()} 不在 {fiscal_year} 年度内", field, key)
    return result


def check_year_total(session: Session, fy: FiscalYear, column: Any, label: str, adding: Decimal, field: str) -> None:
    """The per-year limit of core `entry_rules` on the stored amounts of `column` plus `adding`.
    SQLite's total() sums in floating point and never overflows; a limit check needs no more."""
    from sqlalchemy import func, select

    from desktop.core import entry_rules

    stored = session.scalar(select(func.total(func.abs(column))).where(column.table.c.year_id == fy.id)) or 0
    entry_rules.check_year_total(label, Decimal(str(stored)) / 100 + abs(adding), field)
