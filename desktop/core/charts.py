"""The series of every chart, computed from the year's facts and the indicator engine.

One function per chart kind returns a `ChartData`: categories, named series of exact values,
the unit, and the printed labels the chart shows. Drawing is elsewhere (desktop/export/charts.py)
and never computes a figure of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.domain import (
    ESTABLISHED_STAFF,
    MAIN_CATEGORIES,
    THREE_PUBLIC_CATEGORIES,
    VEHICLE_CATEGORIES,
    AssetClass,
    AssetKind,
    AssetStatus,
    BudgetCategory,
    ProcurementType,
    StaffCategory,
)
from desktop.core.facts import YearFacts
from desktop.core.indicators import Result, three_public_rows
from desktop.core.money import Unit, format_amount, format_plain
from desktop.core.summary import TIME_PROGRESS



@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal | None, ...]
    labels: tuple[str, ...]  # the printed value above each bar or point


@dataclass(frozen=True)
class ChartData:
    kind: str
    title: str
    unit: str  # "万元", "%", "人"
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    style: str = "bar"  # bar | line
    note: str = ""
    reference: tuple[Decimal, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.categories or all(v in (None, 0) for s in self.series for v in s.values)


def _money_series(name: str, values: list[Decimal], unit: Unit) -> Series:
    shown = tuple(v / unit.factor for v in values)
    return Series(name, shown, tuple(format_amount(v, unit) for v in values))


def quarterly_progress(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    entries = results["quarterly_execution"].entries
    progress = [Decimal(e["progress"]) if e["progress"] is not None else None for e in entries]
    time_progress = [TIME_PROGRESS[q] for q in (1, 2, 3, 4)]
    return ChartData(
        "quarterly_progress", "分季度累计支出进度与序时进度", "%",
        tuple(f"第{q}季度" for q in (1, 2, 3, 4)),
        (Series("累计支出进度", tuple(progress), tuple("—" if p is None else f"{format_plain(p)}%" for p in progress)),
         Series("序时进度", tuple(time_progress), tuple(f"{format_plain(t)}%" for t in time_progress))),
        style="line", note="支出进度 = 累计国库支付 ÷ 调整预算数")


def budget_by_category(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    cats = list(MAIN_CATEGORIES)
    return ChartData(
        "budget_by_category", "年初预算、调整预算与实际支出（按类别）", unit.value, tuple(c.label for c in cats),
        (_money_series("年初预算", [f.initial_of(c) for c in cats], unit),
         _money_series("调整预算", [f.adjusted_of(c) for c in cats], unit),
         _money_series("实际支出", [f.actual_of(c) for c in cats], unit)))


def three_public(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    groups = three_public_groups(f)
    return ChartData(
        "three_public", "“三公”经费预算与实际支出", unit.value, tuple(label for label, _cats in groups),
        (_money_series("预算", [f.adjusted_of(*cats) for _label, cats in groups], unit),
         _money_series("实际支出", [f.actual_of(*cats) for _label, cats in groups], unit)),
        note=f"“三公”经费控制率 {results['three_public_control_rate'].printed}%")


def three_public_groups(f: YearFacts) -> list[tuple[str, tuple[BudgetCategory, ...]]]:
    """The 三公 items as the year's budget states them: when the budget gives 公务用车购置及运行维护费
    as one sum (as the demo's, and its report, do), the vehicle's purchase, running costs and
    that sum are one item, its budget beside everything spent on the vehicle; else the four
    items (and a budget of the whole 三公 stated without its split, where there is one)."""
    rows = three_public_rows(f)
    if BudgetCategory.VEHICLE_UNSPLIT not in rows:
        return [(c.label, (c,)) for c in rows]
    vehicle = (*VEHICLE_CATEGORIES, BudgetCategory.VEHICLE_UNSPLIT)
    groups = [(c.label, (c,)) for c in rows if c not in vehicle]
    groups.insert(min(len(groups), 2), ("公务用车购置及运行维护费", vehicle))
    return groups


def procurement_by_type(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    types = list(ProcurementType)
    return ChartData(
        "procurement_by_type", "政府采购预算与支出（按类型）", unit.value, tuple(t.label for t in types),
        (_money_series("采购预算", [f.procurement_sum("budget", t.value) for t in types], unit),
         _money_series("已支付", [f.procurement_sum("paid", t.value) for t in types], unit)),
        note=f"政府采购执行率 {results['procurement_execution_rate'].printed}%")


def assets_by_class(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    classes = [c for c in AssetClass if any(g.asset_class == c.value for g in f.assets)]
    values = [sum((g.original for g in f.assets if g.asset_class == c.value
                   and g.status != AssetStatus.DISPOSED.value), Decimal(0)) for c in classes]
    return ChartData("assets_by_class", "年末资产账面原值（按分类）", unit.value, tuple(c.label for c in classes),
                     (_money_series("账面原值", values, unit),))


def assets_by_status(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    statuses = [s for s in AssetStatus if s is not AssetStatus.DISPOSED]
    values = [f.held(AssetKind.FIXED, s) for s in statuses]
    return ChartData("assets_by_status", "年末固定资产账面原值（按使用状况）", unit.value,
                     tuple(s.label for s in statuses), (_money_series("账面原值", values, unit),),
                     note=f"固定资产利用率 {results['fixed_asset_utilization_rate'].printed}%")


def headcount(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    cats = [c for c in (*ESTABLISHED_STAFF, StaffCategory.CONTRACT) if c.value in f.headcount]
    authorized = [f.headcount[c.value].authorized for c in cats]
    actual = [f.headcount[c.value].actual for c in cats]
    return ChartData("headcount", "核定人数与实有人数", "人", tuple(c.label for c in cats),
                     (Series("核定", tuple(Decimal(a) for a in authorized), tuple(str(a) for a in authorized)),
                      Series("实有", tuple(Decimal(a) for a in actual), tuple(str(a) for a in actual))))


def year_over_year(f: YearFacts, results: dict[str, Result], unit: Unit) -> ChartData:
    prev = f.previous
    rows: list[tuple[str, Decimal, Decimal]] = []
    if prev is not None:
        candidates = [("支出合计", f.actual_total, prev.actual_total),
                      ("“三公”经费", f.three_public_actual, prev.three_public_actual)]
        candidates += [(c.label, f.actual_of(c), prev.actual_of(c)) for c in THREE_PUBLIC_CATEGORIES]
        rows = [r for r in candidates if r[1] or r[2]]
        rows = [r for r in rows if r[2]]  # only what the previous year holds
    # The title says what is compared: the previous year may hold only its “三公” spending.
    what = "支出" if any(r[0] == "支出合计" for r in rows) else "“三公”经费支出"
    return ChartData(
        "year_over_year", f"{f.year}年与{f.year - 1}年{what}对比", unit.value, tuple(r[0] for r in rows),
        (_money_series(f"{f.year - 1}年", [r[2] for r in rows], unit),
         _money_series(f"{f.year}年", [r[1] for r in rows], unit)),
        note="" if rows else f"数据文件中没有 {f.year - 1} 年度可比数据")


KINDS: dict[str, tuple[str, Callable[[YearFacts, dict[str, Result], Unit], ChartData]]] = {
    "quarterly_progress": ("分季度支出进度与序时进度", quarterly_progress),
    "budget_by_category": ("年初/调整预算与实际支出（按类别）", budget_by_category),
    "three_public": ("“三公”经费预算与实际", three_public),
    "procurement_by_type": ("政府采购预算与支出（按类型）", procurement_by_type),
    "assets_by_class": ("资产账面原值（按分类）", assets_by_class),
    "assets_by_status": ("固定资产账面原值（按使用状况）", assets_by_status),
    "headcount": ("核定与实有人数", headcount),
    "year_over_year": ("本年与上年对比", year_over_year),
}


def chart_data(kind: str, f: YearFacts, results: dict[str, Result], unit: Unit = Unit.WAN) -> ChartData:
    if kind not in KINDS:
        from desktop.core.errors import ValidationError

        raise ValidationError(f"图表类型：没有“{kind}”（可选：{'、'.join(KINDS)}）", "图表类型")
    return KINDS[kind][1](f, results, unit)


__all__ = ["ChartData", "Series", "KINDS", "chart_data"]
