"""The fiscal year as data: units, years, budget, adjustments, spending, procurement, projects,
tasks, asset register, headcount, metrics, narratives and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Every table that belongs to a fiscal year; a locked year refuses INSERT/UPDATE/DELETE on all
# of them, whatever tool writes to the file (the services refuse first, with a better message).
YEAR_SCOPED = (
    "projects", "performance_targets", "budget_lines", "budget_adjustments", "expenditures",
    "disbursements", "carryovers", "procurements", "key_tasks", "asset_cards", "headcount",
    "outcome_metrics", "narratives",
)


def money(name: str, nullable: bool = False) -> sa.Column:
    # INTEGER 分 only: SQLite would otherwise store a REAL or TEXT that slipped past the ORM.
    check = f"typeof({name}) = 'integer'" + (f" OR {name} IS NULL" if nullable else "")
    return sa.Column(name, sa.Integer, sa.CheckConstraint(check, name=f"ck_{name}_integer"),
                     nullable=nullable)


def year_fk() -> sa.Column:
    return sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), nullable=False,
                     index=True)


def project_fk() -> sa.Column:
    return sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "fiscal_years",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("lock_reason", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("unit_id", "year"),
        sa.CheckConstraint("year BETWEEN 1990 AND 2200", name="ck_year_range"),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("project_class", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("year_id", "code"),
    )
    op.create_table(
        "performance_targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False,
                  index=True),
        year_fk(),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("level1", sa.String(20), nullable=False),
        sa.Column("level2", sa.String(30), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("measure_unit", sa.String(20), nullable=False, server_default=""),
        sa.Column("direction", sa.String(2), nullable=False),
        sa.Column("target_value", sa.String(40), nullable=False),
        sa.Column("actual_value", sa.String(40), nullable=True),
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("category", sa.String(40), nullable=False),
        project_fk(),
        money("amount_fen"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "budget_adjustments",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        project_fk(),
        money("amount_fen"),
        sa.Column("doc_no", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.Column("reverses_id", sa.Integer, sa.ForeignKey("budget_adjustments.id"),
                  nullable=True, unique=True),
        sa.UniqueConstraint("year_id", "seq"),
    )
    op.create_table(
        "expenditures",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("category", sa.String(40), nullable=False),
        project_fk(),
        money("amount_fen"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "disbursements",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("month", sa.Integer, nullable=False),
        money("cumulative_fen"),
        sa.UniqueConstraint("year_id", "month"),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name="ck_month_range"),
    )
    op.create_table(
        "carryovers",
        sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), primary_key=True),
        money("begin_fen"),
        money("appropriation_fen"),
        money("end_fen"),
    )
    op.create_table(
        "procurements",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("ptype", sa.String(20), nullable=False),
        sa.Column("method", sa.String(40), nullable=False),
        project_fk(),
        money("budget_fen"),
        money("contract_fen"),
        money("paid_fen"),
        sa.Column("supplier", sa.String(200), nullable=False, server_default=""),
        sa.UniqueConstraint("year_id", "code"),
    )
    op.create_table(
        "key_tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "asset_cards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year_id", sa.Integer, sa.ForeignKey("fiscal_years.id"), nullable=False),
        sa.Column("card_no", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("asset_class", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("acquisition", sa.String(20), nullable=False),
        sa.Column("acquired_on", sa.Date, nullable=False),
        money("original_fen"),
        money("depreciation_fen"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("custodian", sa.String(100), nullable=False, server_default=""),
        sa.Column("location", sa.String(200), nullable=False, server_default=""),
        sa.Column("disposal_method", sa.String(20), nullable=True),
        sa.Column("disposed_on", sa.Date, nullable=True),
        money("residual_fen", nullable=True),
        sa.Column("residual_remitted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("year_id", "card_no"),
    )
    # The register is filtered and sorted in SQL (a million cards must stay fast).
    for column in ("asset_class", "status", "original_fen", "acquired_on", "custodian"):
        op.create_index(f"ix_asset_cards_year_{column}", "asset_cards", ["year_id", column])
    op.create_table(
        "headcount",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("authorized", sa.Integer, nullable=False),
        sa.Column("actual", sa.Integer, nullable=False),
        sa.UniqueConstraint("year_id", "category"),
        sa.CheckConstraint("authorized >= 0 AND actual >= 0", name="ck_headcount_nonneg"),
    )
    op.create_table(
        "outcome_metrics",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("measure_unit", sa.String(20), nullable=False, server_default=""),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("target", sa.String(40), nullable=True),
        sa.Column("direction", sa.String(2), nullable=True),
        sa.Column("previous", sa.String(40), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("year_id", "code"),
    )
    op.create_table(
        "narratives",
        sa.Column("id", sa.Integer, primary_key=True),
        year_fk(),
        sa.Column("section", sa.String(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("year_id", "section"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.String(60), nullable=False, server_default=""),
        sa.Column("year_id", sa.Integer, nullable=True, index=True),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("before", sa.Text, nullable=True),
        sa.Column("after", sa.Text, nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )

    for table in YEAR_SCOPED:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER trg_{table}_locked_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN (SELECT locked FROM fiscal_years WHERE id = {row}.year_id) "
                f"BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
            )
        # Moving a row into a locked year is as bad as changing one inside it.
        op.execute(
            f"CREATE TRIGGER trg_{table}_locked_update_new BEFORE UPDATE ON {table} "
            f"WHEN (SELECT locked FROM fiscal_years WHERE id = NEW.year_id) "
            f"BEGIN SELECT RAISE(ABORT, '该年度已锁定，不能修改'); END"
        )
    # A posted adjustment is never edited or deleted: it is reversed (会计基础工作规范 第六十二条).
    op.execute(
        "CREATE TRIGGER trg_budget_adjustments_no_update BEFORE UPDATE ON budget_adjustments "
        "BEGIN SELECT RAISE(ABORT, '预算调整已过账，不能修改，只能冲销'); END"
    )
    op.execute(
        "CREATE TRIGGER trg_budget_adjustments_no_delete BEFORE DELETE ON budget_adjustments "
        "BEGIN SELECT RAISE(ABORT, '预算调整已过账，不能删除，只能冲销'); END"
    )
    op.execute(
        "CREATE TRIGGER trg_audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END"
    )
    op.execute(
        "CREATE TRIGGER trg_audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END"
    )


def downgrade() -> None:
    raise NotImplementedError("Budget Desk never downgrades a data file; restore a backup instead")
