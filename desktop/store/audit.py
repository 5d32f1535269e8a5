"""The audit log: one row per change, in the same transaction as the change, hash-chained.

entry_hash = SHA-256 over the canonical JSON of the row and the previous hash, so a changed or
deleted row is detectable even by someone who dropped the append-only triggers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.store.models import AuditEntry

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot audit {type(value).__name__}")


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [entry.seq, entry.at.isoformat(), entry.actor, entry.action, entry.entity,
         entry.entity_id, entry.year_id, entry.summary, entry.before, entry.after,
         entry.prev_hash],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(session: Session, *, actor: str, action: str, entity: str, entity_id: Any = "",
           year_id: int | None = None, summary: str = "", before: Any = None,
           after: Any = None, now: dt.datetime | None = None) -> AuditEntry:
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    entry = AuditEntry(
        seq=seq,
        at=(now or dt.datetime.now()).replace(microsecond=0),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        year_id=year_id,
        summary=summary,
        before=to_json(before),
        after=to_json(after),
        prev_hash=prev,
    )
    entry.hash = _digest(entry)
    session.add(entry)
    session.flush()
    return entry


def verify_chain(session: Session) -> int | None:
    """The first sequence number whose entry does not verify, or None when the chain holds."""
    prev = GENESIS
    expected_seq = 1
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if entry.seq != expected_seq or entry.prev_hash != prev or entry.hash != _digest(entry):
            return expected_seq
        prev = entry.hash
        expected_seq += 1
    return None


@dataclass(frozen=True)
class AuditHead:
    """Where the chain ends: how many rows, and the latest row's hash. Recorded outside the file
    (backup manifests) so that a later truncation or rewrite of the log can be noticed."""

    count: int
    last_hash: str


def audit_head(session: Session) -> AuditHead:
    count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    last = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
    return AuditHead(int(count), last or GENESIS)
