"""What each screen of the window shows, read in one call: one frozen snapshot per screen,
computed from the store and core, ready to draw. The window runs these in its worker thread and
only draws the result (see `desktop/ui/widgets.py::Screen`); they are plain functions, tested
without Qt (`tests/test_snapshots.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop.core import checks as core_checks
from desktop.core import indicators as core_indicators
from desktop.core import scoring
from desktop.core.charts import KINDS, ChartData, chart_data
from desktop.core.domain import MAIN_CATEGORIES, AssetKind, AssetStatus, ProcurementType, ProjectClass, StaffCategory
from desktop.core.facts import ZERO, ProjectFacts
from desktop.core.money import Unit
from desktop.core.summary import time_progress
from desktop.services import assets, audit_log, budget, evaluation, narrative, procurement, projects, spending, staff
from desktop.services.facts import project_facts, year_facts
from desktop.services.workspace import Workspace

MONTHS = range(1, 13)


# --- 概览 -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OverviewSnapshot:
    unit_name: str
    year: int
    locked: bool
    indicators: dict[str, core_indicators.Result]
    checks: tuple[core_checks.Check, ...]
    score: scoring.ScoreSheet
    charts: tuple[ChartData, ...]  # drawn to pictures by the screen's worker, one by one

    @property
    def errors(self) -> tuple[core_checks.Check, ...]:
        return tuple(c for c in self.checks if c.severity == "错误")

    @property
    def rounding_differences(self) -> int:
        return sum(1 for c in self.checks if c.severity == "尾差")


def overview_snapshot(ws: Workspace, year: int, unit: str | None, money_unit: Unit) -> OverviewSnapshot:
    ev = evaluation.evaluate(ws, year, unit)
    facts = ev.facts
    return OverviewSnapshot(facts.unit_name, facts.year, facts.locked, ev.indicators, tuple(ev.checks), ev.score,
                            tuple(chart_data(kind, facts, ev.indicators, money_unit) for kind in KINDS))


# --- 预算与调整 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetSnapshot:
    lines: tuple[budget.BudgetLineRow, ...]
    adjustments: tuple[budget.AdjustmentRow, ...]
    projects: tuple[projects.ProjectRow, ...]
    initial: Decimal      # main categories only (the report's 年初预算)
    adjusted: Decimal

    @property
    def adjustment(self) -> Decimal:
        return self.adjusted - self.initial


def budget_snapshot(ws: Workspace, year: int, unit: str | None) -> BudgetSnapshot:
    by_category = {c.category: c for c in budget.budget_by_category(ws, year, unit)}
    main = [by_category[c.value] for c in MAIN_CATEGORIES]
    return BudgetSnapshot(tuple(budget.list_budget_lines(ws, year, unit)), tuple(budget.list_adjustments(ws, year, unit)),
                          tuple(projects.list_projects(ws, year, unit)),
                          sum((c.initial for c in main), ZERO), sum((c.adjusted for c in main), ZERO))


# --- 支出与进度 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthProgress:
    month: int
    cumulative: Decimal | None   # cumulative treasury disbursement at month end
    progress: Decimal | None     # cumulative ÷ adjusted budget, in %
    time_progress: Decimal       # 序时进度, in %


@dataclass(frozen=True)
class CarryOverCheck:
    begin: Decimal
    appropriation: Decimal
    end: Decimal
    computed_end: Decimal        # begin + appropriation − this year's spending

    @property
    def difference(self) -> Decimal:
        return self.end - self.computed_end


@dataclass(frozen=True)
class SpendingSnapshot:
    expenditures: tuple[spending.ExpenditureRow, ...]
    projects: tuple[projects.ProjectRow, ...]
    months: tuple[MonthProgress, ...]
    carryover: CarryOverCheck | None


def spending_snapshot(ws: Workspace, year: int, unit: str | None) -> SpendingSnapshot:
    by_category = {c.category: c for c in budget.budget_by_category(ws, year, unit)}
    adjusted = sum((by_category[c.value].adjusted for c in MAIN_CATEGORIES), ZERO)
    rows = tuple(spending.list_expenditures(ws, year, unit))
    main = {c.value for c in MAIN_CATEGORIES}
    actual = sum((r.amount for r in rows if r.category in main), ZERO)
    found = spending.disbursements(ws, year, unit)
    months = tuple(MonthProgress(m, found.get(m), found[m] * 100 / adjusted if m in found and adjusted > 0 else None,
                                 time_progress(m)) for m in MONTHS)
    carry = spending.carryover(ws, year, unit)
    check = None if carry is None else CarryOverCheck(carry.begin, carry.appropriation, carry.end,
                                                      carry.begin + carry.appropriation - actual)
    return SpendingSnapshot(rows, tuple(projects.list_projects(ws, year, unit)), months, check)


# --- 政府采购 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProcurementSnapshot:
    lines: tuple[procurement.ProcurementRow, ...]
    projects: tuple[projects.ProjectRow, ...]
    budget: Decimal
    paid: Decimal
    paid_by_type: tuple[tuple[str, Decimal], ...]   # (type label, paid)

    @property
    def rate(self) -> Decimal | None:
        return self.paid * 100 / self.budget if self.budget else None


def procurement_snapshot(ws: Workspace, year: int, unit: str | None) -> ProcurementSnapshot:
    lines = tuple(procurement.list_procurements(ws, year, unit))
    by_type = tuple((t.label, sum((r.paid for r in lines if r.ptype == t.value), ZERO)) for t in ProcurementType)
    return ProcurementSnapshot(lines, tuple(projects.list_projects(ws, year, unit)),
                               sum((r.budget for r in lines), ZERO), sum((r.paid for r in lines), ZERO), by_type)


# --- 项目与绩效目标 ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectsSnapshot:
    figures: tuple[ProjectFacts, ...]            # budget, spending and targets met, per project
    projects: tuple[projects.ProjectRow, ...]    # the same projects with their targets
    tasks: tuple[projects.TaskRow, ...]

    @property
    def executed(self) -> int:
        return sum(1 for p in self.figures if p.executed)

    @property
    def completed(self) -> int:
        return sum(1 for p in self.figures if p.completed)

    @property
    def capital(self) -> int:
        return sum(1 for p in self.figures if p.project_class == ProjectClass.CAPITAL.value)

    def project(self, code: str) -> projects.ProjectRow | None:
        return next((p for p in self.projects if p.code == code), None)


def projects_snapshot(ws: Workspace, year: int, unit: str | None) -> ProjectsSnapshot:
    return ProjectsSnapshot(tuple(project_facts(ws, year, unit)), tuple(projects.list_projects(ws, year, unit)),
                            tuple(projects.list_tasks(ws, year, unit)))


# --- 资产 ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssetFigures:
    fixed: Decimal                # original value of fixed assets held at year end
    in_use: Decimal
    pending_disposal: Decimal
    disposed_book_value: Decimal  # cards disposed of this year

    @property
    def utilization(self) -> Decimal | None:
        return self.in_use * 100 / self.fixed if self.fixed else None


@dataclass(frozen=True)
class AssetsSnapshot:
    figures: AssetFigures
    totals: assets.CardTotals            # of the cards the filter selects
    first_page: tuple[assets.CardRow, ...]


def assets_snapshot(ws: Workspace, year: int, unit: str | None, flt: assets.CardFilter, *, sort: str = "card_no",
                    descending: bool = False, page: int = 200) -> AssetsSnapshot:
    facts = year_facts(ws, year, unit, with_previous=False)
    figures = AssetFigures(facts.held(AssetKind.FIXED), facts.held(AssetKind.FIXED, AssetStatus.IN_USE),
                           facts.held(AssetKind.FIXED, AssetStatus.PENDING_DISPOSAL), facts.disposed_book_value)
    return AssetsSnapshot(figures, assets.card_totals(ws, year, flt, unit),
                          tuple(assets.query_cards(ws, year, flt, sort=sort, descending=descending, limit=page,
                                                   unit=unit)))


# --- 人员编制 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffSnapshot:
    headcount: tuple[staff.HeadcountRow, ...]
    metrics: tuple[staff.MetricRow, ...]

    @property
    def established(self) -> tuple[int, int]:
        rows = [r for r in self.headcount if r.category != StaffCategory.CONTRACT.value]
        return sum(r.authorized for r in rows), sum(r.actual for r in rows)

    @property
    def contract(self) -> staff.HeadcountRow | None:
        return self.of(StaffCategory.CONTRACT.value)

    def of(self, category: str) -> staff.HeadcountRow | None:
        return next((r for r in self.headcount if r.category == category), None)


def staff_snapshot(ws: Workspace, year: int, unit: str | None) -> StaffSnapshot:
    return StaffSnapshot(tuple(staff.list_headcount(ws, year, unit)), tuple(staff.list_metrics(ws, year, unit)))


# --- 绩效指标 ---------------------------------------------------------------------------------------
CHECK_ORDER = {"错误": 0, "尾差": 1, "提示": 2, "通过": 3}


@dataclass(frozen=True)
class IndicatorsSnapshot:
    indicators: tuple[core_indicators.Result, ...]
    checks: tuple[core_checks.Check, ...]        # errors first
    score: scoring.ScoreSheet

    def count(self, severity: str) -> int:
        return sum(1 for c in self.checks if c.severity == severity)

    @property
    def met(self) -> int:
        return sum(1 for r in self.indicators if r.met)

    @property
    def judged(self) -> int:
        return sum(1 for r in self.indicators if r.met is not None)


def indicators_snapshot(ws: Workspace, year: int, unit: str | None) -> IndicatorsSnapshot:
    ev = evaluation.evaluate(ws, year, unit)
    return IndicatorsSnapshot(tuple(ev.indicators.values()),
                              tuple(sorted(ev.checks, key=lambda c: CHECK_ORDER[c.severity])), ev.score)


# --- 报告文字 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NarrativeSnapshot:
    texts: dict[str, str]   # section → text


def narrative_snapshot(ws: Workspace, year: int, unit: str | None) -> NarrativeSnapshot:
    return NarrativeSnapshot(narrative.narratives(ws, year, unit))


# --- 操作日志 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditSnapshot:
    entries: tuple[audit_log.AuditRow, ...]
    broken_at: int | None   # first entry whose hash does not chain, None when the log is intact


def audit_snapshot(ws: Workspace, *, year: int | None, text: str | None, limit: int = 2000) -> AuditSnapshot:
    return AuditSnapshot(tuple(audit_log.entries(ws, year=year, text=text, limit=limit)),
                         audit_log.verify_chain(ws))
