"""Rows written with their audit record: create, change and delete a mapped row and append
what changed to the year's audit log in the same transaction; a row looked up in its year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from desktop.core.errors import NotFoundError
from desktop.store import audit
from desktop.store.models import FiscalYear


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


def check_year_total(session: Session, fy: FiscalYear, column: Any, label: str, adding: Decimal, field: str,
                     key: str = "") -> None:
    """The per-year limit of core `entry_rules` on the stored amounts of `column` plus `adding`.
    SQLite's total() sums in floating point and never overflows; a limit check needs no more."""
    from sqlalchemy import func, select

    from desktop.core import entry_rules

    stored = session.scalar(select(func.total(func.abs(column))).where(column.table.c.year_id == fy.id)) or 0
    entry_rules.check_year_total(label, Decimal(str(stored)) / 100 + abs(adding), field, key)
