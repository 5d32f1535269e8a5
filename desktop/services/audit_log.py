"""The audit log as the window and the command line read it: newest first, filtered, and
checked against its hash chain (`desktop/store/audit.py`). Nothing here writes to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.models import AuditEntry, FiscalYear


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


def entries(ws: Workspace, *, year: int | None = None, text: str | None = None,
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


def verify_chain(ws: Workspace) -> int | None:
    with ws.read() as s:
        return audit.verify_chain(s)


def length(ws: Workspace) -> int:
    """How many entries the audit log has (the window compares it on closing: a backup after changes)."""
    with ws.read() as session:
        return audit.audit_head(session).count
