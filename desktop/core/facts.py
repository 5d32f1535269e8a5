"""The figures of one fiscal year, as plain data: what the summary, the indicators and the
cross-checks compute from. Loaded by `desktop.services.facts`; no SQL and no Qt here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from desktop.core.domain import (
    BASIC_CATEGORIES,
    ESTABLISHED_STAFF,
    MAIN_CATEGORIES,
    THREE_PUBLIC_BUDGET_CATEGORIES,
    THREE_PUBLIC_CATEGORIES,
    Acquisition,
    AssetKind,
    AssetStatus,
    BudgetCategory,
    Direction,
    ProjectClass,
    ProjectStatus,
    StaffCategory,
    TaskKind,
    TaskStatus,
)

ZERO = Decimal("0.00")
THREE_PUBLIC_CODES = frozenset(c.value for c in THREE_PUBLIC_CATEGORIES)


@dataclass(frozen=True)
class TargetFacts:
    """One performance target of a project, as a score rule may read it."""

    level1: str
    name: str
    measure_unit: str
    direction: str
    target: Decimal
    actual: Decimal | None


@dataclass(frozen=True)
class ProjectFacts:
    code: str
    name: str
    project_class: str
    status: str
    initial: Decimal
    adjustments: Decimal
    actual: Decimal
    targets_total: int = 0
    targets_met: int = 0
    origin: str | None = None  # ProjectOrigin code; None where not recorded
    targets: tuple[TargetFacts, ...] = ()

    @property
    def adjusted(self) -> Decimal:
        return self.initial + self.adjustments

    @property
    def executed(self) -> bool:
        return self.status in (ProjectStatus.IN_PROGRESS.value, ProjectStatus.COMPLETED.value)

    @property
    def completed(self) -> bool:
        return self.status == ProjectStatus.COMPLETED.value


@dataclass(frozen=True)
class AssetGroup:
    """Cards grouped by everything the figures distinguish (one SQL GROUP BY)."""

    kind: str
    asset_class: str
    status: str
    acquisition: str
    acquired_this_year: bool
    disposed_this_year: bool
    count: int
    original: Decimal
    depreciation: Decimal
    residual: Decimal
    residual_remitted: Decimal


@dataclass(frozen=True)
class ProcurementGroup:
    ptype: str
    count: int
    budget: Decimal
    contract: Decimal
    paid: Decimal


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    measure_unit: str
    value: Decimal
    target: Decimal | None
    direction: str | None
    previous: Decimal | None


class Staffing(NamedTuple):
    authorized: int   # 核定（编制）
    actual: int       # 实有


class TaskState(NamedTuple):
    kind: str
    status: str


class AdjustmentEntry(NamedTuple):
    seq: int
    category: str
    amount: Decimal
    reverses: int | None   # seq of the adjustment this one reverses


class ProcurementLine(NamedTuple):
    code: str
    name: str
    budget: Decimal
    contract: Decimal
    paid: Decimal


class AssetAnomaly(NamedTuple):
    card_no: str
    problem: str


class ManualScore(NamedTuple):
    points: Decimal
    reason: str


NO_STAFF = Staffing(0, 0)


@dataclass(frozen=True)
class YearFacts:
    """Built once, complete (`desktop/services/facts.py::load_facts`), and never changed: the
    window shares one between its screens."""

    unit_code: str
    unit_name: str
    year: int
    locked: bool = False
    initial: dict[str, Decimal] = field(default_factory=dict)        # category → amount
    adjustments: dict[str, Decimal] = field(default_factory=dict)
    actual: dict[str, Decimal] = field(default_factory=dict)
    adjustment_count: int = 0
    projects: tuple[ProjectFacts, ...] = ()
    disbursements: dict[int, Decimal] = field(default_factory=dict)  # month → cumulative
    carryover_begin: Decimal | None = None
    appropriation: Decimal | None = None
    carryover_end: Decimal | None = None
    procurement: tuple[ProcurementGroup, ...] = ()
    assets: tuple[AssetGroup, ...] = ()
    headcount: dict[str, Staffing] = field(default_factory=dict)     # category → staffing
    tasks: tuple[TaskState, ...] = ()
    metrics: dict[str, Metric] = field(default_factory=dict)
    previous: YearFacts | None = None
    # detail that the cross-checks need
    adjustment_entries: tuple[AdjustmentEntry, ...] = ()
    audited_adjustments: dict[int, Decimal] = field(default_factory=dict)  # seq → amount, from the audit log
    procurement_lines: tuple[ProcurementLine, ...] = ()
    ledger: dict[str, Decimal] = field(default_factory=dict)
    asset_anomalies: tuple[AssetAnomaly, ...] = ()   # examples, at most 10 per kind of problem
    asset_anomaly_count: int = 0
    score_entries: dict[str, ManualScore] = field(default_factory=dict)  # item → the officer's score
    # the unit's details for the year (None: not recorded)
    retired_count: int | None = None  # 离退休人员
    internal_units: int | None = None  # 内设机构
    reception_persons: int | None = None  # 公务接待人次
    income: dict[str, Decimal] = field(default_factory=dict)  # 决算收入: IncomeSource code → amount
    # indicator id → the target the year sets instead of the rules file's (目标设置)
    target_overrides: dict[str, Decimal] = field(default_factory=dict)

    # --- budget ---------------------------------------------------------------------------
    def initial_of(self, *cats: BudgetCategory) -> Decimal:
        return sum((self.initial.get(c.value, ZERO) for c in cats), ZERO)

    def adjusted_of(self, *cats: BudgetCategory) -> Decimal:
        return sum((self.initial.get(c.value, ZERO) + self.adjustments.get(c.value, ZERO)
                    for c in cats), ZERO)

    def actual_of(self, *cats: BudgetCategory) -> Decimal:
        return sum((self.actual.get(c.value, ZERO) for c in cats), ZERO)

    @property
    def initial_total(self) -> Decimal:
        return self.initial_of(*MAIN_CATEGORIES)

    @property
    def comparison_only(self) -> bool:
        """A year without a budget: it holds at most the figures a later year compares with (the
        demo's 2019: its “三公” spending), or nothing yet. Not cross-checked as a budget, not scored."""
        return not any(self.initial.values()) and not any(self.adjustments.values()) and not any(
            v for c, v in self.actual.items() if c not in THREE_PUBLIC_CODES)

    @property
    def initial_basic(self) -> Decimal:
        return self.initial_of(*BASIC_CATEGORIES)

    @property
    def adjusted_total(self) -> Decimal:
        return self.adjusted_of(*MAIN_CATEGORIES)

    @property
    def adjusted_basic(self) -> Decimal:
        return self.adjusted_of(*BASIC_CATEGORIES)

    @property
    def actual_total(self) -> Decimal:
        return self.actual_of(*MAIN_CATEGORIES)

    @property
    def actual_basic(self) -> Decimal:
        return self.actual_of(*BASIC_CATEGORIES)

    @property
    def three_public_budget(self) -> Decimal:
        """Adjusted 三公 budget, the unsplit parts included (the base of the control rate)."""
        return self.adjusted_of(*THREE_PUBLIC_BUDGET_CATEGORIES)

    @property
    def three_public_initial(self) -> Decimal:
        return self.initial_of(*THREE_PUBLIC_BUDGET_CATEGORIES)

    @property
    def income_total(self) -> Decimal | None:
        return sum(self.income.values(), ZERO) if self.income else None

    def project(self, code: str) -> ProjectFacts | None:
        return next((p for p in self.projects if p.code == code), None)

    @property
    def three_public_actual(self) -> Decimal:
        return self.actual_of(*THREE_PUBLIC_CATEGORIES)

    def projects_of_class(self, project_class: ProjectClass) -> list[ProjectFacts]:
        return [p for p in self.projects if p.project_class == project_class.value]

    @property
    def capital_adjusted(self) -> Decimal:
        return sum((p.adjusted for p in self.projects_of_class(ProjectClass.CAPITAL)), ZERO)

    @property
    def capital_actual(self) -> Decimal:
        return sum((p.actual for p in self.projects_of_class(ProjectClass.CAPITAL)), ZERO)

    @property
    def projects_executed(self) -> int:
        return sum(1 for p in self.projects if p.executed)

    @property
    def projects_completed(self) -> int:
        return sum(1 for p in self.projects if p.completed)

    # --- progress -------------------------------------------------------------------------
    def cumulative_at_quarter(self, quarter: int) -> Decimal | None:
        return self.disbursements.get(quarter * 3)

    # --- procurement ----------------------------------------------------------------------
    def procurement_sum(self, attr: str, ptype: str | None = None) -> Decimal:
        return sum((getattr(g, attr) for g in self.procurement if ptype in (None, g.ptype)), ZERO)

    # --- assets ---------------------------------------------------------------------------
    def asset_sum(self, attr: str = "original", **where) -> Decimal:
        return sum((getattr(g, attr) for g in self.assets if _matches(g, where)), ZERO)

    def asset_count(self, **where) -> int:
        return sum(g.count for g in self.assets if _matches(g, where))

    def acquired(self, kind: AssetKind, how: Acquisition) -> Decimal:
        return self.asset_sum(kind=kind.value, acquisition=how.value, acquired_this_year=True)

    @property
    def disposed_book_value(self) -> Decimal:
        return (self.asset_sum("original", disposed_this_year=True)
                - self.asset_sum("depreciation", disposed_this_year=True))

    def held(self, kind: AssetKind, status: AssetStatus | None = None, attr: str = "original") -> Decimal:
        """Original value (or `attr`) of cards still held at year end (not disposed)."""
        groups = [g for g in self.assets if g.kind == kind.value
                  and g.status != AssetStatus.DISPOSED.value
                  and (status is None or g.status == status.value)]
        return sum((getattr(g, attr) for g in groups), ZERO)

    # --- people and tasks -----------------------------------------------------------------
    def staff(self, *cats: StaffCategory) -> Staffing:
        cats = cats or ESTABLISHED_STAFF
        pairs = [self.headcount.get(c.value, NO_STAFF) for c in cats]
        return Staffing(sum(p.authorized for p in pairs), sum(p.actual for p in pairs))

    @property
    def contract_staff(self) -> Staffing:
        return self.headcount.get(StaffCategory.CONTRACT.value, NO_STAFF)

    def task_count(self, kind: TaskKind | None = None, done: bool | None = None) -> int:
        return sum(1 for t in self.tasks
                   if (kind is None or t.kind == kind.value)
                   and (done is None or (t.status == TaskStatus.DONE.value) == done))


def target_met(direction: str, target: Decimal, actual: Decimal | None) -> bool | None:
    """Whether an actual value meets its target in the target's direction (None: no actual)."""
    if actual is None:
        return None
    if direction == Direction.AT_LEAST.value:
        return actual >= target
    if direction == Direction.AT_MOST.value:
        return actual <= target
    return actual == target


def _matches(group: AssetGroup, where: dict) -> bool:
    return all(getattr(group, key) == value for key, value in where.items())
