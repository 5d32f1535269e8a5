"""The seal of a locked year: per table, the row count and a SHA-256 over every row of the year.

Locking a year records its seal in the lock's audit row (`after["seals"]`), and so do an import
of a locked year and the upgrade baseline; `check` computes it again. Any change to a sealed
year — by the program (it refuses), by raw SQL with the triggers dropped, or by flipping the
`locked` flag off and back on around a change — shows as a table whose seal no longer matches.

The seal lists the columns it covers, so a later migration that adds a column keeps old seals
verifiable (they go on hashing the columns they name).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store.models import YEAR_SCOPED_TABLES, AuditEntry

SEALED = ("fiscal_years",) + YEAR_SCOPED_TABLES
Seal = dict[str, dict]


def _columns(session: Session, table: str) -> list[str]:
    return [row[1] for row in session.connection().exec_driver_sql(f"PRAGMA table_info({table})")]


def _table_seal(session: Session, table: str, year_id: int, columns: list[str]) -> dict:
    key = "id" if table == "fiscal_years" else "year_id"
    quoted = ", ".join(f'"{c}"' for c in columns)
    digest = hashlib.sha256()
    rows = 0
    # The driver's own cursor: a million cards go through here, without SQLAlchemy's row objects.
    cursor = session.connection().connection.cursor()
    cursor.execute(f"SELECT {quoted} FROM {table} WHERE {key} = ? ORDER BY rowid", (year_id,))
    # repr keeps the storage type visible: 100 and 100.0 and '100' seal differently. The bytes
    # are each row's repr and a newline, whatever the batch size.
    while batch := cursor.fetchmany(2000):
        digest.update(("\n".join(map(repr, batch)) + "\n").encode("utf-8"))
        rows += len(batch)
    return {"columns": columns, "rows": rows, "sha256": digest.hexdigest()}


def seal_year(session: Session, year_id: int) -> Seal:
    session.flush()
    # A table a later migration creates is not there yet when an earlier one seals (0003's baseline).
    found = {table: _columns(session, table) for table in SEALED}
    return {table: _table_seal(session, table, year_id, columns) for table, columns in found.items() if columns}


def broken_tables(session: Session, year_id: int, seal: Seal) -> list[tuple[str, int, int]]:
    """(table, rows when sealed, rows now) for every table whose rows no longer match the seal."""
    broken = []
    for table, recorded in seal.items():
        try:
            now = _table_seal(session, table, year_id, recorded["columns"])
        except sqlite3.Error:  # a sealed column or table is gone: that table's seal is broken
            broken.append((table, recorded["rows"], -1))
            continue
        if now["sha256"] != recorded["sha256"]:
            broken.append((table, recorded["rows"], now["rows"]))
    return broken


def last_seal(session: Session, year_id: int) -> tuple[int, Seal] | None:
    """The newest audit row that sealed the year: (seq, seal)."""
    query = (select(AuditEntry.seq, AuditEntry.after)
             .where((AuditEntry.year_id == year_id) | AuditEntry.year_id.is_(None),
                    AuditEntry.after.contains('"seals"'))
             .order_by(AuditEntry.seq.desc()))
    for seq, after in session.execute(query):
        seals = json.loads(after).get("seals") or {}
        if str(year_id) in seals:
            return seq, seals[str(year_id)]
    return None


def last_unlock(session: Session, year_id: int) -> int | None:
    return session.scalar(select(AuditEntry.seq).where(
        AuditEntry.year_id == year_id, AuditEntry.entity == "fiscal_year", AuditEntry.action == "unlock")
        .order_by(AuditEntry.seq.desc()).limit(1))
