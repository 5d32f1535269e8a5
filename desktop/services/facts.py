"""Load the figures of a fiscal year from the store with SQL aggregates (fast on big registers)."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.core.facts import AssetGroup, Metric, ProcurementGroup, ProjectFacts, YearFacts, target_met
from desktop.services.workspace import Workspace, find_year
from desktop.store.totals import asset_groups
from desktop.store.types import money_sum
from desktop.store.models import (
    AssetCard,
    AuditEntry,
    BudgetAdjustment,
    BudgetLine,
    CarryOver,
    Disbursement,
    Expenditure,
    FiscalYear,
    Headcount,
    KeyTask,
    LedgerBalance,
    OutcomeMetric,
    PerformanceTarget,
    Procurement,
    Project,
    ScoreEntry,
)


def year_facts(ws: Workspace, year: int, unit: str | None = None, *, with_previous: bool = True) -> YearFacts:
    with ws.read() as s:
        fy = find_year(s, year, unit)
        return load_facts(s, fy, with_previous=with_previous)


def load_facts(s: Session, fy: FiscalYear, *, with_previous: bool = True) -> YearFacts:
    facts = YearFacts(unit_code=fy.unit.code, unit_name=fy.unit.name, year=fy.year, locked=fy.locked)
    facts.initial = _sum_by_category(s, BudgetLine, fy)
    facts.adjustments = _sum_by_category(s, BudgetAdjustment, fy)
    facts.actual = _sum_by_category(s, Expenditure, fy)
    facts.adjustment_count = s.scalar(
        select(func.count()).select_from(BudgetAdjustment).where(BudgetAdjustment.year_id == fy.id)) or 0
    facts.projects = _projects(s, fy)
    facts.disbursements = {m: c for m, c in s.execute(
        select(Disbursement.month, Disbursement.cumulative).where(Disbursement.year_id == fy.id))}
    carry = s.get(CarryOver, fy.id)
    if carry is not None:
        facts.carryover_begin, facts.appropriation, facts.carryover_end = (
            carry.begin, carry.appropriation, carry.end)
    facts.procurement = _procurement(s, fy)
    facts.assets = _assets(s, fy)
    facts.headcount = {c: (a, b) for c, a, b in s.execute(
        select(Headcount.category, Headcount.authorized, Headcount.actual).where(Headcount.year_id == fy.id))}
    facts.tasks = [(k, st) for k, st in s.execute(
        select(KeyTask.kind, KeyTask.status).where(KeyTask.year_id == fy.id).order_by(KeyTask.position))]
    facts.metrics = {
        m.code: Metric(m.code, m.name, m.measure_unit, m.value, m.target, m.direction, m.previous)
        for m in s.scalars(select(OutcomeMetric).where(OutcomeMetric.year_id == fy.id)
                           .order_by(OutcomeMetric.position))
    }
    _load_check_detail(s, fy, facts)
    if with_previous:
        prev = s.scalar(select(FiscalYear).where(FiscalYear.unit_id == fy.unit_id,
                                                 FiscalYear.year == fy.year - 1))
        if prev is not None:
            facts.previous = load_facts(s, prev, with_previous=False)
    return facts


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
    t = PerformanceTarget
    for pid, direction, target, value in s.execute(
            select(t.project_id, t.direction, t.target_value, t.actual_value).where(t.year_id == fy.id)):
        total, met = targets.get(pid, (0, 0))
        targets[pid] = (total + 1, met + (1 if target_met(direction, target, value) else 0))
    zero = Decimal("0.00")
    result = []
    for p in s.scalars(select(Project).where(Project.year_id == fy.id).order_by(Project.code)):
        total, met = targets.get(p.id, (0, 0))
        result.append(ProjectFacts(p.code, p.name, p.project_class, p.status,
                                   initial.get(p.id, zero), adjust.get(p.id, zero),
                                   actual.get(p.id, zero), total, met))
    return result


def _procurement(s: Session, fy: FiscalYear) -> list[ProcurementGroup]:
    t = Procurement.__table__.c
    query = (select(t.ptype, func.count(), money_sum(t.budget_fen), money_sum(t.contract_fen), money_sum(t.paid_fen))
             .where(t.year_id == fy.id).group_by(t.ptype))
    return [ProcurementGroup(*row) for row in s.execute(query)]


def _assets(s: Session, fy: FiscalYear) -> list[AssetGroup]:
    # Read from the trigger-kept buckets (store/totals.py): a few dozen rows at any register size.
    return asset_groups(s, fy.id)


def _load_check_detail(s: Session, fy: FiscalYear, facts: YearFacts) -> None:
    adjustments = s.execute(select(BudgetAdjustment.id, BudgetAdjustment.seq, BudgetAdjustment.category,
                                   BudgetAdjustment.amount, BudgetAdjustment.reverses_id)
                            .where(BudgetAdjustment.year_id == fy.id).order_by(BudgetAdjustment.seq)).all()
    seq_by_id = {row.id: row.seq for row in adjustments}
    facts.adjustment_entries = [(r.seq, r.category, r.amount, seq_by_id.get(r.reverses_id)) for r in adjustments]
    for (after,) in s.execute(select(AuditEntry.after).where(
            AuditEntry.year_id == fy.id, AuditEntry.entity == "budget_adjustment",
            AuditEntry.action.in_(("post", "reverse")))):
        data = json.loads(after or "{}")
        if "seq" in data and "amount" in data:
            facts.audited_adjustments[int(data["seq"])] = Decimal(data["amount"])
    # An import is one action with one audit row, which lists the adjustments it brought in.
    facts.audited_adjustments.update(_imported_adjustments(s, fy))
    facts.procurement_lines = [tuple(r) for r in s.execute(
        select(Procurement.code, Procurement.name, Procurement.budget, Procurement.contract, Procurement.paid)
        .where(Procurement.year_id == fy.id).order_by(Procurement.code))]
    facts.ledger = {a: v for a, v in s.execute(
        select(LedgerBalance.account, LedgerBalance.amount).where(LedgerBalance.year_id == fy.id))}
    facts.score_entries = {i: (p, r) for i, p, r in s.execute(
        select(ScoreEntry.item, ScoreEntry.points, ScoreEntry.reason).where(ScoreEntry.year_id == fy.id))}
    t = AssetCard.__table__.c
    end = f"{fy.year}-12-31"
    problems = (
        (t.depreciation_fen > t.original_fen, "累计折旧（摊销）大于账面原值"),
        (t.acquired_on > end, f"取得日期晚于 {fy.year} 年末"),
        ((t.status == "disposed") & (t.disposed_on.is_(None) | t.disposal_method.is_(None)), "已处置但缺少处置日期或方式"),
        ((t.status != "disposed") & t.disposed_on.is_not(None), "有处置日期但状态不是已处置"),
        (t.disposed_on > end, f"处置日期晚于 {fy.year} 年末"),
        ((t.kind == "intangible") != (t.asset_class == "9"), "资产类型与分类不一致"),
    )
    if not facts.assets:
        return
    # One pass over the register counts every kind of problem; examples only where there are some.
    counts = s.execute(select(*[func.coalesce(func.sum(case((cond, 1), else_=0)), 0) for cond, _ in problems])
                       .where(t.year_id == fy.id)).one()
    for (condition, text), n in zip(problems, counts):
        if n:
            facts.asset_anomaly_count += n
            query = select(t.card_no).where(t.year_id == fy.id, condition).order_by(t.card_no).limit(10)
            facts.asset_anomalies += [(no, text) for (no,) in s.execute(query)]


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
