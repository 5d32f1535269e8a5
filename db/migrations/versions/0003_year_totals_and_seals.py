"""Per-year totals kept by triggers (counts and money sums per table, asset buckets), the audit
row's record of them, and the guard on unlocking a year.

- `year_totals`: one row per fiscal year and year-scoped table: row count and the sums of up to
  three money columns (in the order of `desktop/store/totals.py::TOTALLED`). Triggers keep it in
  the same transaction as every insert, update and delete.
- `asset_buckets`: the asset register grouped by everything the year's figures distinguish
  (kind, class, status, acquisition, acquired/disposed in the year) with count and sums, so the
  figures of a 1M-card year are read from a few dozen rows instead of a GROUP BY over the register.
- `audit_log.totals`: the per-table totals of the year(s) an audited action changed, as they were
  after it (NULL in rows written before this revision; the digest covers it only when present).
- An UPDATE that clears `fiscal_years.locked` is refused unless the program's unlock path asked
  for it on the same connection (`budget_desk_unlock_permit`, a function only the program
  registers); the seal in the lock's audit row catches whatever gets around this.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen copy of the year-scoped tables and their money columns at this revision.
TOTALLED = {
    "projects": (),
    "performance_targets": (),
    "budget_lines": ("amount_fen",),
    "budget_adjustments": ("amount_fen",),
    "expenditures": ("amount_fen",),
    "disbursements": ("cumulative_fen",),
    "carryovers": ("begin_fen", "appropriation_fen", "end_fen"),
    "procurements": ("budget_fen", "contract_fen", "paid_fen"),
    "key_tasks": (),
    "asset_cards": ("original_fen", "depreciation_fen", "residual_fen"),
    "headcount": (),
    "outcome_metrics": (),
    "narratives": (),
    "ledger_balances": ("amount_fen",),
    "score_entries": (),
}
SUMS = ("money1_fen", "money2_fen", "money3_fen")
BUCKET_KEYS = ("year_id", "kind", "asset_class", "status", "acquisition", "acquired_this_year",
               "disposed_this_year")
BUCKET_SUMS = ("cards", "original_fen", "depreciation_fen", "residual_fen", "remitted_fen")
BUCKET_SOURCE_COLUMNS = ("year_id", "kind", "asset_class", "status", "acquisition", "acquired_on",
                         "disposed_on", "original_fen", "depreciation_fen", "residual_fen",
                         "residual_remitted")


def _totals_upsert(table: str, row: str, sign: str) -> str:
    columns = TOTALLED[table]
    values = [f"{sign}coalesce({row}.{c}, 0)" for c in columns] + ["0"] * (3 - len(columns))
    return (
        f"INSERT INTO year_totals (year_id, table_name, row_count, {', '.join(SUMS)}) "
        f"VALUES ({row}.year_id, '{table}', {sign}1, {', '.join(values)}) "
        f"ON CONFLICT (year_id, table_name) DO UPDATE SET row_count = row_count + excluded.row_count, "
        + ", ".join(f"{s} = {s} + excluded.{s}" for s in SUMS) + ";"
    )


def _bucket_upsert(row: str, sign: str) -> str:
    year = f"(SELECT year FROM fiscal_years WHERE id = {row}.year_id)"
    start, end = f"({year} || '-01-01')", f"({year} || '-12-31')"
    acquired = f"({row}.acquired_on >= {start} AND {row}.acquired_on <= {end})"
    disposed = f"coalesce({row}.disposed_on >= {start} AND {row}.disposed_on <= {end}, 0)"
    remitted = f"CASE WHEN {row}.residual_remitted THEN coalesce({row}.residual_fen, 0) ELSE 0 END"
    values = (f"{row}.year_id, {row}.kind, {row}.asset_class, {row}.status, {row}.acquisition, "
              f"{acquired}, {disposed}, {sign}1, {sign}{row}.original_fen, {sign}{row}.depreciation_fen, "
              f"{sign}coalesce({row}.residual_fen, 0), {sign}{remitted}")
    return (
        f"INSERT INTO asset_buckets ({', '.join(BUCKET_KEYS + BUCKET_SUMS)}) VALUES ({values}) "
        f"ON CONFLICT ({', '.join(BUCKET_KEYS)}) DO UPDATE SET "
        + ", ".join(f"{s} = {s} + excluded.{s}" for s in BUCKET_SUMS) + ";"
    )


def upgrade() -> None:
    op.execute(
        "CREATE TABLE year_totals (year_id INTEGER NOT NULL, table_name VARCHAR(40) NOT NULL, "
        "row_count INTEGER NOT NULL DEFAULT 0, money1_fen INTEGER NOT NULL DEFAULT 0, "
        "money2_fen INTEGER NOT NULL DEFAULT 0, money3_fen INTEGER NOT NULL DEFAULT 0, "
        "PRIMARY KEY (year_id, table_name))"
    )
    op.execute(
        "CREATE TABLE asset_buckets (year_id INTEGER NOT NULL, kind VARCHAR(20) NOT NULL, "
        "asset_class VARCHAR(10) NOT NULL, status VARCHAR(20) NOT NULL, acquisition VARCHAR(20) NOT NULL, "
        "acquired_this_year INTEGER NOT NULL, disposed_this_year INTEGER NOT NULL, "
        "cards INTEGER NOT NULL DEFAULT 0, original_fen INTEGER NOT NULL DEFAULT 0, "
        "depreciation_fen INTEGER NOT NULL DEFAULT 0, residual_fen INTEGER NOT NULL DEFAULT 0, "
        "remitted_fen INTEGER NOT NULL DEFAULT 0, "
        f"PRIMARY KEY ({', '.join(BUCKET_KEYS)}))"
    )
    for table, columns in TOTALLED.items():
        watched = ", ".join(("year_id",) + columns)
        op.execute(f"CREATE TRIGGER trg_{table}_totals_insert AFTER INSERT ON {table} "
                   f"BEGIN {_totals_upsert(table, 'NEW', '')} END")
        op.execute(f"CREATE TRIGGER trg_{table}_totals_delete AFTER DELETE ON {table} "
                   f"BEGIN {_totals_upsert(table, 'OLD', '-')} END")
        op.execute(f"CREATE TRIGGER trg_{table}_totals_update AFTER UPDATE OF {watched} ON {table} "
                   f"BEGIN {_totals_upsert(table, 'OLD', '-')} {_totals_upsert(table, 'NEW', '')} END")
        sums = [f"coalesce(sum({c}), 0)" for c in columns] + ["0"] * (3 - len(columns))
        op.execute(f"INSERT INTO year_totals (year_id, table_name, row_count, {', '.join(SUMS)}) "
                   f"SELECT year_id, '{table}', count(*), {', '.join(sums)} FROM {table} GROUP BY year_id")
    op.execute(f"CREATE TRIGGER trg_asset_cards_buckets_insert AFTER INSERT ON asset_cards "
               f"BEGIN {_bucket_upsert('NEW', '')} END")
    op.execute(f"CREATE TRIGGER trg_asset_cards_buckets_delete AFTER DELETE ON asset_cards "
               f"BEGIN {_bucket_upsert('OLD', '-')} END")
    op.execute(f"CREATE TRIGGER trg_asset_cards_buckets_update AFTER UPDATE OF "
               f"{', '.join(BUCKET_SOURCE_COLUMNS)} ON asset_cards "
               f"BEGIN {_bucket_upsert('OLD', '-')} {_bucket_upsert('NEW', '')} END")
    op.execute(
        f"INSERT INTO asset_buckets ({', '.join(BUCKET_KEYS + BUCKET_SUMS)}) "
        "SELECT c.year_id, c.kind, c.asset_class, c.status, c.acquisition, "
        "(c.acquired_on >= (f.year || '-01-01') AND c.acquired_on <= (f.year || '-12-31')) AS acq, "
        "coalesce(c.disposed_on >= (f.year || '-01-01') AND c.disposed_on <= (f.year || '-12-31'), 0) AS disp, "
        "count(*), sum(c.original_fen), sum(c.depreciation_fen), coalesce(sum(c.residual_fen), 0), "
        "coalesce(sum(CASE WHEN c.residual_remitted THEN c.residual_fen END), 0) "
        "FROM asset_cards c JOIN fiscal_years f ON f.id = c.year_id "
        "GROUP BY c.year_id, c.kind, c.asset_class, c.status, c.acquisition, acq, disp"
    )
    # Not through batch mode: recreating audit_log would drop its append-only triggers.
    op.execute("ALTER TABLE audit_log ADD COLUMN totals TEXT")
    op.execute("CREATE INDEX ix_audit_log_year_seq ON audit_log (year_id, seq)")
    op.execute(
        "CREATE TRIGGER trg_fiscal_years_unlock_guard BEFORE UPDATE OF locked ON fiscal_years "
        "WHEN OLD.locked AND NOT NEW.locked "
        "BEGIN SELECT CASE WHEN budget_desk_unlock_permit(OLD.id) THEN NULL "
        "ELSE RAISE(ABORT, '年度解锁只能通过本程序的解锁功能（会记入操作日志）') END; END"
    )
    _baseline()


def _baseline() -> None:
    """One audit row recording every year's totals and every locked year's seal, so `check` has
    something to compare with in files written before this revision."""
    from sqlalchemy.orm import Session

    from desktop.store import audit, seal

    bind = op.get_bind()
    if not bind.exec_driver_sql("SELECT 1 FROM fiscal_years LIMIT 1").first():
        return
    session = Session(bind=bind)
    locked = [row[0] for row in bind.exec_driver_sql("SELECT id FROM fiscal_years WHERE locked ORDER BY id")]
    audit.append(session, actor="升级程序", action="baseline", entity="file",
                 summary="数据文件升级：记录各年度各表的条数和金额合计及已锁定年度的封印，作为防篡改核对的起点",
                 after={"seals": {str(y): seal.seal_year(session, y) for y in locked}})
    session.flush()


def downgrade() -> None:
    raise NotImplementedError("Budget Desk never downgrades a data file; restore a backup instead")
