"""The audit log: one row per change, in the same transaction as the change, hash-chained.

entry_hash = SHA-256 over the canonical JSON of the row and the previous hash, so a changed or
deleted row is detectable even by someone who dropped the append-only triggers.

Since schema revision 0003 each row also records the per-table totals (counts and money sums,
`store/totals.py`) of the year(s) its action changed, as they were after it; `check` compares the
data with the last recorded totals, so a change made around the program shows. The digest covers
`totals` only when present, so rows written before 0003 verify unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store import totals as year_totals
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
         entry.prev_hash] + ([] if entry.totals is None else [entry.totals]),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(session: Session, *, actor: str, action: str, entity: str, entity_id: Any = "",
           year_id: int | None = None, summary: str = "", before: Any = None,
           after: Any = None, now: dt.datetime | None = None) -> AuditEntry:
    """Append one row. It records the totals of the row's year, or of every year when the row
    has none (an import, the upgrade baseline)."""
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
        totals=_totals_json(session, year_id),
    )
    entry.hash = _digest(entry)
    session.add(entry)
    session.flush()
    return entry


TOTALS_AT_BEGIN = "totals_at_begin"  # session.info key: every year's totals when the transaction began


def remember_totals_at_begin(session: Session) -> None:
    """Called first in a write transaction, so that `append` can tell whether the data changed
    outside the program since the last audit row (see `_unexplained`)."""
    session.info[TOTALS_AT_BEGIN] = year_totals.all_year_totals(session)


def _totals_json(session: Session, year_id: int | None) -> str:
    session.flush()  # the triggers have run for every pending change
    if year_id is None:
        found = year_totals.all_year_totals(session)
    else:
        found = {year_id: year_totals.year_totals(session, year_id)}
    recorded: dict[str, Any] = {
        str(y): {t: v.to_json() for t, v in tables.items() if any(v.to_json())} for y, tables in found.items()}
    unexplained = _unexplained(session, found)
    if unexplained:
        recorded["unexplained"] = unexplained
    return json.dumps(recorded, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _unexplained(session: Session, found: dict[int, year_totals.YearTotals]) -> dict[str, list]:
    """Differences between a year's totals when this transaction began and those the last audit
    row recorded: a change made outside the program, which this row would otherwise take over as
    legitimate. Kept in the row, so `check` goes on reporting it."""
    at_begin = session.info.get(TOTALS_AT_BEGIN)
    if at_begin is None:
        return {}
    unexplained = {}
    for year_id, tables in found.items():
        last = recorded_totals(session, year_id)
        if last is not None and year_id in at_begin:
            differences = year_totals.differences(last[1], at_begin[year_id])
            if differences:
                unexplained[str(year_id)] = [[last[0], *d] for d in differences]
        at_begin[year_id] = tables  # later rows of this transaction start from here
    return unexplained


def unexplained_changes(session: Session, year_id: int) -> list[tuple[int, list]]:
    """(seq, [[recorded at seq, table, figure, recorded, found], …]) of rows that found the year
    changed outside the program before their action."""
    query = (select(AuditEntry.seq, AuditEntry.totals)
             .where(AuditEntry.totals.contains('"unexplained"'),
                    (AuditEntry.year_id == year_id) | AuditEntry.year_id.is_(None))
             .order_by(AuditEntry.seq))
    found = []
    for seq, data in session.execute(query):
        entries = json.loads(data).get("unexplained", {}).get(str(year_id))
        if entries:
            found.append((seq, entries))
    return found


def recorded_totals(session: Session, year_id: int) -> tuple[int, year_totals.YearTotals] | None:
    """The totals of a year recorded by the last audit row that recorded them: (seq, totals)."""
    query = (select(AuditEntry.seq, AuditEntry.totals)
             .where(AuditEntry.totals.is_not(None),
                    (AuditEntry.year_id == year_id) | AuditEntry.year_id.is_(None))
             .order_by(AuditEntry.seq.desc()))
    key = str(year_id)
    for seq, data in session.execute(query):
        recorded = json.loads(data)
        if key in recorded:
            return seq, {t: year_totals.TableTotal.from_json(v) for t, v in recorded[key].items()}
    return None


@dataclass(frozen=True)
class AuditHead:
    """How long the chain is and the hash of its last row (GENESIS for an empty log)."""

    count: int
    last_hash: str


def audit_head(session: Session) -> AuditHead:
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return AuditHead(last[0], last[1]) if last else AuditHead(0, GENESIS)


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



def verify_chain_of_file(con) -> int | None:
    """`verify_chain` over a plain sqlite3 connection, for a copy of any schema revision (a
    pre-upgrade backup has no `totals` column; rows without totals digest as before 0003)."""
    from types import SimpleNamespace

    columns = [c[1] for c in con.execute("PRAGMA table_info(audit_log)")]
    wanted = ["seq", "at", "actor", "action", "entity", "entity_id", "year_id", "summary", "before", "after",
              "prev_hash", "hash"] + (["totals"] if "totals" in columns else [])
    prev, expected_seq = GENESIS, 1
    query = "SELECT " + ", ".join(f'"{c}"' for c in wanted) + " FROM audit_log ORDER BY seq"
    for values in con.execute(query):
        row = SimpleNamespace(**{"totals": None, **dict(zip(wanted, values))})
        row.at = dt.datetime.fromisoformat(row.at)
        if row.seq != expected_seq or row.prev_hash != prev or row.hash != _digest(row):
            return expected_seq
        prev, expected_seq = row.hash, expected_seq + 1
    return None
