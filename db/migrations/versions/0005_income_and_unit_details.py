"""Figures other departments' reports print: 决算收入 by source (for 收入同比), the unit's
离退休人员 / 内设机构 counts and 公务接待人次 for the year, and a project's origin
(年初安排 / 年中追加 / 上年结转). Every new column is optional (NULL: not recorded).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fiscal_years") as batch:
        batch.add_column(sa.Column("retired_count", sa.Integer, nullable=True))
        batch.add_column(sa.Column("internal_units", sa.Integer, nullable=True))
        batch.add_column(sa.Column("reception_persons", sa.Integer, nullable=True))
    op.add_column("projects", sa.Column("origin", sa.String(20), nullable=True))
    op.create_table(
        "income_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), nullable=False, index=True),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("amount_fen", sa.Integer,
                  sa.CheckConstraint("typeof(amount_fen) = 'integer'", name="ck_amount_fen_integer"),
                  nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("year_id", "source"),
    )
    for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        op.execute(
            f"CREATE TRIGGER trg_income_lines_locked_{event.lower()} BEFORE {event} ON income_lines "
            f"WHEN (SELECT locked FROM fiscal_years WHERE id = {row}.year_id) "
            f"BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
        )
    op.execute(
        "CREATE TRIGGER trg_income_lines_locked_update_new BEFORE UPDATE ON income_lines "
        "WHEN (SELECT locked FROM fiscal_years WHERE id = NEW.year_id) "
        "BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
    )


    # Per-year totals kept by triggers, as 0003 does for every year-scoped table (frozen copy of its SQL).
    sums = "money1_fen, money2_fen, money3_fen"

    def upsert(row: str, sign: str) -> str:
        return (f"INSERT INTO year_totals (year_id, table_name, row_count, {sums}) "
                f"VALUES ({row}.year_id, 'income_lines', {sign}1, {sign}coalesce({row}.amount_fen, 0), 0, 0) "
                "ON CONFLICT (year_id, table_name) DO UPDATE SET row_count = row_count + excluded.row_count, "
                "money1_fen = money1_fen + excluded.money1_fen, money2_fen = money2_fen + excluded.money2_fen, "
                "money3_fen = money3_fen + excluded.money3_fen;")

    op.execute(f"CREATE TRIGGER trg_income_lines_totals_insert AFTER INSERT ON income_lines BEGIN {upsert('NEW', '')} END")
    op.execute(f"CREATE TRIGGER trg_income_lines_totals_delete AFTER DELETE ON income_lines BEGIN {upsert('OLD', '-')} END")
    op.execute("CREATE TRIGGER trg_income_lines_totals_update AFTER UPDATE OF year_id, amount_fen ON income_lines "
               f"BEGIN {upsert('OLD', '-')} {upsert('NEW', '')} END")


def downgrade() -> None:
    raise NotImplementedError("Budget Desk never downgrades a data file; restore a backup instead")
