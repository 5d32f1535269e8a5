"""A year's own indicator targets (目标设置): the value that replaces the rules file's target for
one indicator in one year, e.g. the report's 90% 控制目标 for 日常公用经费. Locked with the year
and counted in year_totals like every year-scoped table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), nullable=False, index=True),
        sa.Column("indicator", sa.String(60), nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
        sa.UniqueConstraint("year_id", "indicator"),
    )
    for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        op.execute(
            f"CREATE TRIGGER trg_indicator_targets_locked_{event.lower()} BEFORE {event} ON indicator_targets "
            f"WHEN (SELECT locked FROM fiscal_years WHERE id = {row}.year_id) "
            f"BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
        )
    op.execute(
        "CREATE TRIGGER trg_indicator_targets_locked_update_new BEFORE UPDATE ON indicator_targets "
        "WHEN (SELECT locked FROM fiscal_years WHERE id = NEW.year_id) "
        "BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
    )

    # Per-year totals kept by triggers, as 0003 does for every year-scoped table (no money columns).
    def upsert(row: str, sign: str) -> str:
        return ("INSERT INTO year_totals (year_id, table_name, row_count, money1_fen, money2_fen, money3_fen) "
                f"VALUES ({row}.year_id, 'indicator_targets', {sign}1, 0, 0, 0) "
                "ON CONFLICT (year_id, table_name) DO UPDATE SET row_count = row_count + excluded.row_count;")

    op.execute("CREATE TRIGGER trg_indicator_targets_totals_insert AFTER INSERT ON indicator_targets "
               f"BEGIN {upsert('NEW', '')} END")
    op.execute("CREATE TRIGGER trg_indicator_targets_totals_delete AFTER DELETE ON indicator_targets "
               f"BEGIN {upsert('OLD', '-')} END")
    op.execute("CREATE TRIGGER trg_indicator_targets_totals_update AFTER UPDATE OF year_id ON indicator_targets "
               f"BEGIN {upsert('OLD', '-')} {upsert('NEW', '')} END")


def downgrade() -> None:
    raise NotImplementedError("Budget Desk never downgrades a data file; restore a backup instead")
