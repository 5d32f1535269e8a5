"""The summary of a year: the inputs of the self-evaluation report, each computed from the data.

Keys name the figures the 2020 report prints (tests/test_summary.py checks each against the
report's printed digits). Amounts are exact 元; they are
rounded (half-up) only by the printers at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from desktop.core.domain import (
    Acquisition,
    AssetKind,
    AssetStatus,
    BudgetCategory as C,
    IncomeSource,
    ProjectClass,
    ProjectOrigin,
    StaffCategory,
    TaskKind,
)
from desktop.core.facts import ZERO, YearFacts
from desktop.core.money import Unit, format_amount, format_plain

Kind = Literal["amount", "count", "percent"]
TIME_PROGRESS = {1: Decimal(25), 2: Decimal(50), 3: Decimal(75), 4: Decimal(100)}  # at each quarter's end


def time_progress(month: int) -> Decimal:
    """序时进度 at a month's end (month ÷ 12, exact): the quarters are exactly 25/50/75/100%."""
    return TIME_PROGRESS[month // 3] if month % 3 == 0 else Decimal(month * 100) / 12
SATISFACTION_METRIC = "hall_satisfaction"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: Kind
    value: Decimal | int | None  # None: no data for it


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Exact ratio × 100; None for a zero or negative denominator (printed as “—”: a rate of a
    budget below zero means nothing). Every rate the program shows and the workbook's formulas
    follow this rule."""
    if denominator <= 0:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def summary_figures(f: YearFacts) -> list[Figure]:
    out: list[Figure] = []

    def amount(key: str, label: str, value: Decimal | None) -> None:
        out.append(Figure(key, label, "amount", value))

    def count(key: str, label: str, value: int | None) -> None:
        out.append(Figure(key, label, "count", value))

    def pct(key: str, label: str, value: Decimal | None) -> None:
        out.append(Figure(key, label, "percent", value))

    amount("initial.total", "年初预算", f.initial_total)
    amount("initial.basic", "基本支出预算", f.initial_basic)
    amount("initial.personnel", "人员经费（年初）", f.initial_of(C.PERSONNEL))
    amount("initial.public", "日常公用经费（年初）", f.initial_of(C.PUBLIC))
    amount("initial.project", "项目支出预算（年初）", f.initial_of(C.PROJECT))
    amount("initial.three_public", "“三公”经费预算", f.three_public_initial)
    amount("initial.three_public.abroad", "因公出国（境）费用预算", f.initial_of(C.ABROAD))
    amount("initial.three_public.reception", "公务接待费预算", f.initial_of(C.RECEPTION))
    amount("initial.three_public.vehicle", "公务用车购置与运行维护费预算",
           f.initial_of(C.VEHICLE_PURCHASE, C.VEHICLE_OPERATION, C.VEHICLE_UNSPLIT))
    amount("initial.three_public.unsplit", "其中未分项的“三公”经费预算", f.initial_of(C.THREE_PUBLIC_UNSPLIT))
    amount("adjusted.three_public", "“三公”经费调整预算数（控制率所用）", f.three_public_budget)
    amount("initial.procurement", "政府采购预算", f.procurement_sum("budget"))
    amount("adjusted.total", "调整预算数", f.adjusted_total)
    amount("adjusted.basic", "基本支出调整预算数", f.adjusted_basic)
    amount("adjusted.personnel", "人员经费调整预算数", f.adjusted_of(C.PERSONNEL))
    amount("adjusted.public", "日常公用经费调整预算数", f.adjusted_of(C.PUBLIC))
    amount("adjusted.project", "项目支出调整预算数", f.adjusted_of(C.PROJECT))
    amount("adjusted.project.capital", "其中基本建设类项目", f.capital_adjusted)
    amount("actual.total", "财政拨款支出决算数", f.actual_total)
    amount("actual.personnel", "人员经费支出", f.actual_of(C.PERSONNEL))
    amount("actual.public", "公用经费支出", f.actual_of(C.PUBLIC))
    amount("actual.project", "项目支出", f.actual_of(C.PROJECT))
    amount("actual.project.capital", "其中基本建设类项目", f.capital_actual)
    amount("carryover.begin", "年初财政拨款结转和结余", f.carryover_begin)
    amount("carryover.end", "年末财政拨款结转和结余", f.carryover_end)
    amount("appropriation", "本年财政拨款收入", f.appropriation)
    amount("procurement.actual", "政府采购支出", f.procurement_sum("paid"))
    amount("procurement.goods", "其中货物", f.procurement_sum("paid", "goods"))
    amount("procurement.services", "其中服务", f.procurement_sum("paid", "services"))
    amount("procurement.works", "其中工程", f.procurement_sum("paid", "works"))
    amount("three_public.actual", "“三公”经费实际支出", f.three_public_actual)
    amount("three_public.abroad", "因公出国（境）费", f.actual_of(C.ABROAD))
    amount("three_public.reception", "公务接待费", f.actual_of(C.RECEPTION))
    amount("three_public.vehicle_purchase", "公务用车购置费", f.actual_of(C.VEHICLE_PURCHASE))
    amount("three_public.vehicle_operation", "公务用车运行费", f.actual_of(C.VEHICLE_OPERATION))
    prev = f.previous
    amount("previous.three_public.actual", "上年“三公”经费实际支出",
           prev.three_public_actual if prev else None)
    amount("previous.three_public.vehicle_operation", "上年公务用车运行费",
           prev.actual_of(C.VEHICLE_OPERATION) if prev else None)
    for q in (1, 2, 3, 4):
        cumulative = f.cumulative_at_quarter(q)
        pct(f"progress.q{q}", f"第{q}季度末支出进度（累计国库支付/调整预算）",
            percent(cumulative, f.adjusted_total) if cumulative is not None else None)
    for q in (1, 2, 3, 4):
        pct(f"time_progress.q{q}", f"第{q}季度序时进度", TIME_PROGRESS[q])
    amount("assets.fixed.new", "新购固定资产账面价值", f.acquired(AssetKind.FIXED, Acquisition.PURCHASE))
    amount("assets.fixed.transfer_in", "调拨固定资产账面价值",
           f.acquired(AssetKind.FIXED, Acquisition.TRANSFER_IN))
    amount("assets.intangible.new", "新购无形资产账面价值",
           f.acquired(AssetKind.INTANGIBLE, Acquisition.PURCHASE))
    amount("assets.intangible.transfer_in", "调拨无形资产账面价值",
           f.acquired(AssetKind.INTANGIBLE, Acquisition.TRANSFER_IN))
    amount("assets.disposed", "本年处置资产账面价值", f.disposed_book_value)
    amount("assets.fixed.original", "年末固定资产账面原值", f.held(AssetKind.FIXED))
    amount("assets.fixed.in_use", "其中在用", f.held(AssetKind.FIXED, AssetStatus.IN_USE))
    amount("assets.fixed.pending_disposal", "其中待处置",
           f.held(AssetKind.FIXED, AssetStatus.PENDING_DISPOSAL))
    authorized, actual = f.staff()
    count("staff.authorized", "核定编制", authorized)
    count("staff.actual", "实有在编", actual)
    count("staff.admin", "其中行政人员", f.staff(StaffCategory.ADMIN)[1])
    count("staff.civil_service_institution", "其中参公事业人员",
          f.staff(StaffCategory.CIVIL_SERVICE_INSTITUTION)[1])
    count("staff.institution", "其中非参公事业人员", f.staff(StaffCategory.INSTITUTION)[1])
    count("contract.authorized", "临聘人员核定数", f.contract_staff[0])
    count("contract.actual", "临聘人员实有数", f.contract_staff[1])
    count("tasks.key", "牵头重点工作", f.task_count(TaskKind.KEY))
    count("tasks.key.done", "其中已完成", f.task_count(TaskKind.KEY, done=True))
    count("tasks.livelihood", "民生实事", f.task_count(TaskKind.LIVELIHOOD))
    count("tasks.livelihood.done", "其中已完成", f.task_count(TaskKind.LIVELIHOOD, done=True))
    count("projects.executed", "全年执行二级项目数", f.projects_executed)
    count("projects.completed", "完成二级项目数", f.projects_completed)
    count("projects.capital", "其中基本建设类项目数", len(f.projects_of_class(ProjectClass.CAPITAL)))
    for origin in ProjectOrigin:
        chosen = [p for p in f.projects if p.origin == origin.value]
        count(f"projects.origin.{origin.value}", f"其中{origin.label}项目数", len(chosen))
        amount(f"projects.origin.{origin.value}.adjusted", f"{origin.label}项目调整预算",
               sum((p.adjusted for p in chosen), ZERO))
    count("unit.retired", "离退休人员", f.retired_count)
    count("unit.internal_units", "内设机构", f.internal_units)
    count("three_public.reception_persons", "公务接待人次", f.reception_persons)
    for source in IncomeSource:
        amount(f"income.{source.value}", f"决算收入：{source.label}", f.income.get(source.value))
    amount("income.total", "决算收入合计", f.income_total)
    amount("previous.income.total", "上年决算收入合计", prev.income_total if prev else None)
    metric = f.metrics.get(SATISFACTION_METRIC)
    pct("satisfaction", "行政服务大厅平均满意率", metric.value if metric else None)
    return out


def summary_json(f: YearFacts) -> dict[str, str | int | None]:
    """One flat object: amounts as strings of 元 with two decimals, counts as integers,
    percentages as strings with two decimals; None where the data is missing."""
    result: dict[str, str | int | None] = {}
    for fig in summary_figures(f):
        if fig.value is None:
            result[fig.key] = None
        elif fig.kind == "count":
            result[fig.key] = int(fig.value)
        else:
            result[fig.key] = format_plain(Decimal(fig.value), 2)
    return result


def print_value(fig: Figure, unit: Unit = Unit.WAN) -> str:
    if fig.value is None:
        return "—"
    if fig.kind == "count":
        return f"{fig.value:,}"
    if fig.kind == "percent":
        return f"{format_plain(Decimal(fig.value), 2)}%"
    return format_amount(Decimal(fig.value), unit)


__all__ = ["Figure", "summary_figures", "summary_json", "print_value", "percent", "ZERO"]
