"""SQLAlchemy 2 typed models of a department's fiscal years.

The schema itself is created by the Alembic migrations in `db/migrations`; these classes map
it. Money columns are `Fen` (integer 分); every table that belongs to a fiscal year carries
`year_id`, so that a locked year can be guarded uniformly (in services and by SQL triggers).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.store.types import ExactDecimal, Fen


class Base(DeclarativeBase):
    pass


class Department(Base):
    """A department (预算单位)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    years: Mapped[list[FiscalYear]] = relationship(back_populates="unit", order_by="FiscalYear.year")


class FiscalYear(Base):
    __tablename__ = "fiscal_years"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_reason: Mapped[str] = mapped_column(Text, default="")
    # The unit's details for the year (NULL: not recorded)
    retired_count: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 离退休人员
    internal_units: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 内设机构
    reception_persons: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 公务接待人次
    unit: Mapped[Department] = relationship(back_populates="years")


class Project(Base):
    """二级项目."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("year_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    project_class: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str | None] = mapped_column(String(20), nullable=True)  # ProjectOrigin; NULL: not recorded
    targets: Mapped[list[PerformanceTarget]] = relationship(
        back_populates="project", order_by="PerformanceTarget.position", cascade="all, delete-orphan"
    )


class PerformanceTarget(Base):
    """绩效目标: 产出/效益/满意度 → 数量/质量/时效/成本/…"""

    __tablename__ = "performance_targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    level1: Mapped[str] = mapped_column(String(20))
    level2: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    measure_unit: Mapped[str] = mapped_column(String(20), default="")
    direction: Mapped[str] = mapped_column(String(2))
    target_value: Mapped[Decimal] = mapped_column(ExactDecimal(40))
    actual_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(40), nullable=True)
    project: Mapped[Project] = relationship(back_populates="targets")


class BudgetLine(Base):
    """One line of the initial budget (年初预算)."""

    __tablename__ = "budget_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    amount: Mapped[Decimal] = mapped_column("amount_fen", Fen)
    note: Mapped[str] = mapped_column(Text, default="")
    project: Mapped[Project | None] = relationship()


class BudgetAdjustment(Base):
    """预算调整/调剂. Posted once; corrected only by a reversing entry that points at it."""

    __tablename__ = "budget_adjustments"
    __table_args__ = (UniqueConstraint("year_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    amount: Mapped[Decimal] = mapped_column("amount_fen", Fen)
    doc_no: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[dt.datetime] = mapped_column()
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_adjustments.id"), nullable=True, unique=True
    )
    project: Mapped[Project | None] = relationship()
    reverses: Mapped[BudgetAdjustment | None] = relationship(remote_side=[id])


class Expenditure(Base):
    """Actual spending (财政拨款支出决算) by category and project."""

    __tablename__ = "expenditures"
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    amount: Mapped[Decimal] = mapped_column("amount_fen", Fen)
    note: Mapped[str] = mapped_column(Text, default="")
    project: Mapped[Project | None] = relationship()


class Disbursement(Base):
    """Cumulative treasury disbursement (国库支付) at the end of a month."""

    __tablename__ = "disbursements"
    __table_args__ = (UniqueConstraint("year_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    month: Mapped[int] = mapped_column(Integer)
    cumulative: Mapped[Decimal] = mapped_column("cumulative_fen", Fen)


class CarryOver(Base):
    """财政拨款结转和结余: beginning balance, appropriation received, ending balance."""

    __tablename__ = "carryovers"
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), primary_key=True)
    begin: Mapped[Decimal] = mapped_column("begin_fen", Fen)
    appropriation: Mapped[Decimal] = mapped_column("appropriation_fen", Fen)
    end: Mapped[Decimal] = mapped_column("end_fen", Fen)


class Procurement(Base):
    """A government procurement line (政府采购)."""

    __tablename__ = "procurements"
    __table_args__ = (UniqueConstraint("year_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    ptype: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    budget: Mapped[Decimal] = mapped_column("budget_fen", Fen)
    contract: Mapped[Decimal] = mapped_column("contract_fen", Fen)
    paid: Mapped[Decimal] = mapped_column("paid_fen", Fen)
    supplier: Mapped[str] = mapped_column(String(200), default="")
    project: Mapped[Project | None] = relationship()


class KeyTask(Base):
    """重点工作 or 民生实事."""

    __tablename__ = "key_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class AssetCard(Base):
    """One card of the asset register as it stands at the end of its fiscal year."""

    __tablename__ = "asset_cards"
    __table_args__ = (UniqueConstraint("year_id", "card_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"))
    card_no: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    asset_class: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    acquisition: Mapped[str] = mapped_column(String(20))
    acquired_on: Mapped[dt.date] = mapped_column(Date)
    original_value: Mapped[Decimal] = mapped_column("original_fen", Fen)
    depreciation: Mapped[Decimal] = mapped_column("depreciation_fen", Fen)
    status: Mapped[str] = mapped_column(String(20))
    custodian: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    disposal_method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    disposed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    residual_value: Mapped[Decimal | None] = mapped_column("residual_fen", Fen, nullable=True)
    residual_remitted: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def book_value(self) -> Decimal:
        return self.original_value - self.depreciation


class Headcount(Base):
    __tablename__ = "headcount"
    __table_args__ = (UniqueConstraint("year_id", "category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    authorized: Mapped[int] = mapped_column(Integer)
    actual: Mapped[int] = mapped_column(Integer)


class OutcomeMetric(Base):
    """Other outcome metrics (业务量, 满意度, …) with unit, target and previous-year value."""

    __tablename__ = "outcome_metrics"
    __table_args__ = (UniqueConstraint("year_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    measure_unit: Mapped[str] = mapped_column(String(20), default="")
    value: Mapped[Decimal] = mapped_column(ExactDecimal(40))
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal(40), nullable=True)
    direction: Mapped[str | None] = mapped_column(String(2), nullable=True)
    previous: Mapped[Decimal | None] = mapped_column(ExactDecimal(40), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Narrative(Base):
    """A narrative section of the report (职能, 重点工作, 经验做法, 问题与整改, 后续计划)."""

    __tablename__ = "narratives"
    __table_args__ = (UniqueConstraint("year_id", "section"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    section: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Append-only, hash-chained record of every change (who, when, what, before, after)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    year_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The year(s)' per-table totals after this action (JSON; NULL before schema revision 0003).
    totals: Mapped[str | None] = mapped_column(Text, nullable=True)


class LedgerBalance(Base):
    """A year-end balance of the general ledger (总账), to check the cards against (账卡相符)."""

    __tablename__ = "ledger_balances"
    __table_args__ = (UniqueConstraint("year_id", "account"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    account: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column("amount_fen", Fen)
    note: Mapped[str] = mapped_column(Text, default="")


class ScoreEntry(Base):
    """The officer's score for a qualitative item of the self-evaluation (自评), with its reason."""

    __tablename__ = "score_entries"
    __table_args__ = (UniqueConstraint("year_id", "item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    item: Mapped[str] = mapped_column(String(60))
    points: Mapped[Decimal] = mapped_column(ExactDecimal(20))
    reason: Mapped[str] = mapped_column(Text)


class YearTotal(Base):
    """Row count and money sums of one year-scoped table in one year, kept by triggers."""

    __tablename__ = "year_totals"
    year_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_count: Mapped[int] = mapped_column(Integer)
    money1_fen: Mapped[int] = mapped_column(Integer)
    money2_fen: Mapped[int] = mapped_column(Integer)
    money3_fen: Mapped[int] = mapped_column(Integer)


class AssetBucket(Base):
    """Asset cards of a year grouped as the year's figures need them, kept by triggers."""

    __tablename__ = "asset_buckets"
    year_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    asset_class: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    acquisition: Mapped[str] = mapped_column(String(20), primary_key=True)
    acquired_this_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    disposed_this_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    cards: Mapped[int] = mapped_column(Integer)
    original_fen: Mapped[int] = mapped_column(Integer)
    depreciation_fen: Mapped[int] = mapped_column(Integer)
    residual_fen: Mapped[int] = mapped_column(Integer)
    remitted_fen: Mapped[int] = mapped_column(Integer)


class IncomeLine(Base):
    """决算收入 of the year by source (收入支出决算表), for 收入 and 财政拨款收入 同比增长率."""

    __tablename__ = "income_lines"
    __table_args__ = (UniqueConstraint("year_id", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    source: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column("amount_fen", Fen)
    note: Mapped[str] = mapped_column(Text, default="")


class IndicatorTarget(Base):
    """A year's own target for one indicator (目标设置), replacing the rules file's (migration 0006)."""

    __tablename__ = "indicator_targets"
    __table_args__ = (UniqueConstraint("year_id", "indicator"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(60))
    value: Mapped[Decimal] = mapped_column(ExactDecimal(40))


YEAR_SCOPED_TABLES = (
    "projects",
    "performance_targets",
    "budget_lines",
    "budget_adjustments",
    "expenditures",
    "disbursements",
    "carryovers",
    "procurements",
    "key_tasks",
    "asset_cards",
    "headcount",
    "outcome_metrics",
    "narratives",
    "ledger_balances",
    "score_entries",
    "income_lines",
    "indicator_targets",
)

MONEY_COLUMNS = {
    "budget_lines": ("amount_fen",),
    "budget_adjustments": ("amount_fen",),
    "expenditures": ("amount_fen",),
    "disbursements": ("cumulative_fen",),
    "carryovers": ("begin_fen", "appropriation_fen", "end_fen"),
    "procurements": ("budget_fen", "contract_fen", "paid_fen"),
    "asset_cards": ("original_fen", "depreciation_fen", "residual_fen"),
    "ledger_balances": ("amount_fen",),
    "income_lines": ("amount_fen",),
}
