"""Load the figures of a fiscal year from the store with SQL aggregates (fast on big registers)."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.core.facts import (
    AdjustmentEntry,
    AssetAnomaly,
    AssetGroup,
    ManualScore,
    Metric,
    ProcurementGroup,
    ProcurementLine,
    ProjectFacts,
    Staffing,
    TargetFacts,
    TaskState,
    YearFacts,
    target_met,
)
from desktop.core.entry_rules import asset_problem_text
from desktop.services.workspace import Workspace
from desktop.store.totals import asset_groups
from desktop.store.types import money_sum
from desktop.store.models import (
    AuditEntry,
    IndicatorTarget,
    BudgetAdjustment,
    BudgetLine,
    CarryOver,
    Disbursement,
    Expenditure,
    FiscalYear,
    Headcount,
    IncomeLine,
    KeyTask,
    LedgerBalance,
    OutcomeMetric,
    PerformanceTarget,
    Procurement,
    Project,
    ScoreEntry,
)


def year_facts(ws: Workspace, year: int, unit: str | None = None, *, with_previous: bool = True) -> YearFacts:
    """The figures of a year. Kept until the data file changes (`Workspace.stamp`): the screens,
    the summary and the charts that follow one change share one load."""
    key = ("year_facts", year, unit, with_previous)
    found = ws.cached(key) or (None if with_previous else ws.cached(("year_facts", year, unit, True)))
    if found is not None:
        return found  # (the figures with the previous year serve a caller that does not need it)
    stamp = ws.stamp()
    with ws.read_year(year, unit) as (s, fy):
        facts = load_facts(s, fy, with_previous=with_previous)
    ws.keep(key, facts, stamp)
    return facts


def project_facts(ws: Workspace, year: int, unit: str | None = None) -> list[ProjectFacts]:
    """Budget, spending and targets met per project, without the rest of the year's figures."""
    with ws.read_year(year, unit) as (s, fy):
        return _projects(s, fy)


def load_facts(s: Session, fy: FiscalYear, *, with_previous: bool = True) -> YearFacts:
    carry = s.get(CarryOver, fy.id)
    assets = tuple(_assets(s, fy))
    previous = None
    if with_previous:
        prev = s.scalar(select(FiscalYear).where(FiscalYear.unit_id == fy.unit_id,
                                                 FiscalYear.year == fy.year - 1))
        if prev is not None:
            previous = load_facts(s, prev, with_previous=False)
    anomalies, anomaly_count = _asset_anomalies(s, fy) if assets else ((), 0)
    return YearFacts(
        unit_code=fy.unit.code, unit_name=fy.unit.name, year=fy.year, locked=fy.locked,
        initial=_sum_by_category(s, BudgetLine, fy),
        adjustments=_sum_by_category(s, BudgetAdjustment, fy),
        actual=_sum_by_category(s, Expenditure, fy),
        adjustment_count=s.scalar(
            select(func.count()).select_from(BudgetAdjustment).where(BudgetAdjustment.year_id == fy.id)) or 0,
        projects=tuple(_projects(s, fy)),
        disbursements={m: c for m, c in s.execute(
            select(Disbursement.month, Disbursement.cumulative).where(Disbursement.year_id == fy.id))},
        carryover_begin=carry.begin if carry else None,
        appropriation=carry.appropriation if carry else None,
        carryover_end=carry.end if carry else None,
        procurement=tuple(_procurement(s, fy)),
        assets=assets,
        headcount={c: Staffing(a, b) for c, a, b in s.execute(
            select(Headcount.category, Headcount.authorized, Headcount.actual).where(Headcount.year_id == fy.id))},
        tasks=tuple(TaskState(k, st) for k, st in s.execute(
            select(KeyTask.kind, KeyTask.status).where(KeyTask.year_id == fy.id).order_by(KeyTask.position))),
        metrics={m.code: Metric(m.code, m.name, m.measure_unit, m.value, m.target, m.direction, m.previous)
                 for m in s.scalars(select(OutcomeMetric).where(OutcomeMetric.year_id == fy.id)
                                    .order_by(OutcomeMetric.position))},
        previous=previous,
        **_adjustment_detail(s, fy),
        procurement_lines=tuple(ProcurementLine(*r) for r in s.execute(
            select(Procurement.code, Procurement.name, Procurement.budget, Procurement.contract, Procurement.paid)
            .where(Procurement.year_id == fy.id).order_by(Procurement.code))),
        ledger={a: v for a, v in s.execute(
            select(LedgerBalance.account, LedgerBalance.amount).where(LedgerBalance.year_id == fy.id))},
        asset_anomalies=anomalies,
        asset_anomaly_count=anomaly_count,
        score_entries={i: ManualScore(p, r) for i, p, r in s.execute(
            select(ScoreEntry.item, ScoreEntry.points, ScoreEntry.reason).where(ScoreEntry.year_id == fy.id))},
        retired_count=fy.retired_count, internal_units=fy.internal_units, reception_persons=fy.reception_persons,
        income={src: amount for src, amount in s.execute(
            select(IncomeLine.source, IncomeLine.amount).where(IncomeLine.year_id == fy.id))},
        target_overrides={i: v for i, v in s.execute(
            select(IndicatorTarget.indicator, IndicatorTarget.value).where(IndicatorTarget.year_id == fy.id))},
    )


def _sum_by_category(s: Session, model, fy: FiscalYear) -> dict[str, Decimal]:
    query = (select(model.category, money_sum(model.__table__.c.amount_fen))
             .where(model.year_id == fy.id).group_by(model.category))
    return {key: value for key, value in s.execute(query)}


def _by_project(s: Session, model, fy: FiscalYear) -> dict[int, Decimal]:
    query = (select(model.project_id, money_sum(model.__table__.c.amount_fen))
             .where(model.year_id == fy.id, model.project_id.is_not(None)).group_by(model.project_id))
    return {key: value for key, value in s.execute(query)}


def _projects(s: Session, fy: FiscalYear) -> list[ProjectFacts]:
    initial = _by_project(s, BudgetLine, fy)
    adjust = _by_project(s, BudgetAdjustment, fy)
    actual = _by_project(s, Expenditure, fy)
    targets: dict[int, tuple[int, int]] = {}
    detail: dict[int, list[TargetFacts]] = {}
    t = PerformanceTarget
    for pid, level1, name, unit, direction, target, value in s.execute(
            select(t.project_id, t.level1, t.name, t.measure_unit, t.direction, t.target_value, t.actual_value)
            .where(t.year_id == fy.id).order_by(t.project_id, t.position)):
        total, met = targets.get(pid, (0, 0))
        targets[pid] = (total + 1, met + (1 if target_met(direction, target, value) else 0))
        detail.setdefault(pid, []).append(TargetFacts(level1, name, unit, direction, target, value))
    zero = Decimal("0.00")
    result = []
    for p in s.scalars(select(Project).where(Project.year_id == fy.id).order_by(Project.code)):
        total, met = targets.get(p.id, (0, 0))
        result.append(ProjectFacts(p.code, p.name, p.project_class, p.status,
                                   initial.get(p.id, zero), adjust.get(p.id, zero),
                                   actual.get(p.id, zero), total, met, p.origin, tuple(detail.get(p.id, ()))))
    return result


def _procurement(s: Session, fy: FiscalYear) -> list[ProcurementGroup]:
    t = Procurement.__table__.c
    query = (select(t.ptype, func.count(), money_sum(t.budget_fen), money_sum(t.contract_fen), money_sum(t.paid_fen))
             .where(t.year_id == fy.id).group_by(t.ptype))
    return [ProcurementGroup(*row) for row in s.execute(query)]


def _assets(s: Session, fy: FiscalYear) -> list[AssetGroup]:
    # Read from the trigger-kept buckets (store/totals.py): a few dozen rows at any register size.
    return asset_groups(s, fy.id)


def _adjustment_detail(s: Session, fy: FiscalYear) -> dict:
    adjustments = s.execute(select(BudgetAdjustment.id, BudgetAdjustment.seq, BudgetAdjustment.category,
                                   BudgetAdjustment.amount, BudgetAdjustment.reverses_id)
                            .where(BudgetAdjustment.year_id == fy.id).order_by(BudgetAdjustment.seq)).all()
    seq_by_id = {row.id: row.seq for row in adjustments}
    audited: dict[int, Decimal] = {}
    for (after,) in s.execute(select(AuditEntry.after).where(
            AuditEntry.year_id == fy.id, AuditEntry.entity == "budget_adjustment",
            AuditEntry.action.in_(("post", "reverse")))):
        data = json.loads(after or "{}")
        if "seq" in data and "amount" in data:
            audited[int(data["seq"])] = Decimal(data["amount"])
    # An import is one action with one audit row, which lists the adjustments it brought in.
    audited.update(_imported_adjustments(s, fy))
    return {"adjustment_entries": tuple(AdjustmentEntry(r.seq, r.category, r.amount, seq_by_id.get(r.reverses_id))
                                        for r in adjustments),
            "audited_adjustments": audited}


# The cards whose values contradict each other, verbatim as the partial index of migration 0004
# states it: SQLite uses that index (and reads only these cards) for a query repeating this term.
ANOMALY = ("depreciation_fen > original_fen"
           " OR (status = 'disposed' AND (disposed_on IS NULL OR disposal_method IS NULL))"
           " OR (status <> 'disposed' AND disposed_on IS NOT NULL)"
           " OR ((kind = 'intangible') <> (asset_class = '9'))")


def _asset_anomalies(s: Session, fy: FiscalYear) -> tuple[tuple[AssetAnomaly, ...], int]:
    end = f"{fy.year}-12-31"
    # (condition, problem, index): a contradiction is read through the partial index (ANOMALY),
    # a date after the year end through the date's index; named, as the planner would otherwise
    # walk the whole year in card-number order to spare the sort of at most ten rows.
    # The rules of core.entry_rules.ASSET_CARD_PROBLEMS (which the form and the imports apply), in SQL.
    rules = (
        ("depreciation_fen > original_fen", "depreciation_over_original", "ix_asset_cards_anomalies"),
        ("acquired_on > :end", "acquired_after_year", "ix_asset_cards_year_acquired_on"),
        ("status = 'disposed' AND (disposed_on IS NULL OR disposal_method IS NULL)", "disposed_without_disposal",
         "ix_asset_cards_anomalies"),
        ("status <> 'disposed' AND disposed_on IS NOT NULL", "disposal_not_disposed", "ix_asset_cards_anomalies"),
        ("disposed_on > :end", "disposed_after_year", "ix_asset_cards_year_disposed_on"),
        ("disposed_on < acquired_on", "disposed_before_acquired", "ix_asset_cards_year_disposed_on"),
        ("(kind = 'intangible') <> (asset_class = '9')", "kind_and_class", "ix_asset_cards_anomalies"),
    )
    problems = [(condition, asset_problem_text(code, fy.year), index) for condition, code, index in rules]

    def cards(condition: str, index: str) -> str:
        contradiction = f" AND ({ANOMALY})" if index == "ix_asset_cards_anomalies" else ""
        return f"FROM asset_cards INDEXED BY {index} WHERE year_id = :year AND ({condition}){contradiction}"

    examples: list[AssetAnomaly] = []
    total = 0
    for condition, problem, index in problems:
        found = [no for (no,) in s.execute(text(f"SELECT card_no {cards(condition, index)} ORDER BY card_no LIMIT 10"),
                                           {"year": fy.id, "end": end})]
        if not found:
            continue
        n = len(found) if len(found) < 10 else s.scalar(text(f"SELECT count(*) {cards(condition, index)}"),
                                                        {"year": fy.id, "end": end})
        total += n
        examples += [AssetAnomaly(no, problem) for no in found]
    return tuple(examples), total


def _imported_adjustments(s: Session, fy: FiscalYear) -> dict[int, Decimal]:
    found: dict[int, Decimal] = {}
    for (after,) in s.execute(select(AuditEntry.after).where(AuditEntry.action == "import",
                                                             AuditEntry.entity == "document")):
        data = json.loads(after or "{}")
        if data.get("unit") != fy.unit.code:
            continue
        for seq, amount in data.get("adjustments", {}).get(str(fy.year), []):
            found[int(seq)] = Decimal(amount)
    return found
