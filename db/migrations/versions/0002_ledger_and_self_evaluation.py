"""Ledger balances (总账余额, for 账卡相符) and the officer's self-evaluation entries (自评打分).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NEW_TABLES = ("ledger_balances", "score_entries")


def upgrade() -> None:
    op.create_table(
        "ledger_balances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), nullable=False, index=True),
        sa.Column("account", sa.String(40), nullable=False),
        sa.Column("amount_fen", sa.Integer,
                  sa.CheckConstraint("typeof(amount_fen) = 'integer'", name="ck_amount_fen_integer"),
                  nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("year_id", "account"),
    )
    op.create_table(
        "score_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), nullable=False, index=True),
        sa.Column("item", sa.String(60), nullable=False),
        sa.Column("points", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.UniqueConstraint("year_id", "item"),
    )
    for table in NEW_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER trg_{table}_locked_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN (SELECT locked FROM fiscal_years WHERE id = {row}.year_id) "
                f"BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
            )
        op.execute(
            f"CREATE TRIGGER trg_{table}_locked_update_new BEFORE UPDATE ON {table} "
            f"WHEN (SELECT locked FROM fiscal_years WHERE id = NEW.year_id) "
            f"BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
        )


def downgrade() -> None:
    raise NotImplementedError("Budget Desk never downgrades a data file; restore a backup instead")
