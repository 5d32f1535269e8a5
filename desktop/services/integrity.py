"""Checks of the data file against itself (part of `check`): the trigger-kept totals against a
recount of the rows.

These read every row of the year, so they run in `check` (command line), not on every screen.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.checks import ERROR, PASS, Check
from desktop.core.money import format_amount, fen_to_yuan
from desktop.services.workspace import Workspace, find_year
from desktop.store import totals
from desktop.store.models import FiscalYear

TABLE_NAMES = {
    "projects": "项目", "performance_targets": "绩效目标", "budget_lines": "年初预算",
    "budget_adjustments": "预算调整", "expenditures": "支出", "disbursements": "国库支付进度",
    "carryovers": "结转结余", "procurements": "政府采购", "key_tasks": "重点工作",
    "asset_cards": "资产卡片", "headcount": "人员编制", "outcome_metrics": "其他指标",
    "narratives": "报告文字", "ledger_balances": "总账余额", "score_entries": "自评打分",
}


def table_label(table: str) -> str:
    return f"{TABLE_NAMES.get(table, table)}（{table}）"


def figure_text(figure: str, value) -> str:
    """A count as is; a money sum (分) as 元."""
    if figure == "条数" or not isinstance(value, int):
        return str(value)
    return f"{format_amount(fen_to_yuan(value))} 元"


def describe(differences, expected_label: str, actual_label: str) -> tuple[str, dict[str, str]]:
    parts, figures = [], {}
    for table, figure, expected, actual in differences:
        name = f"{table_label(table)} {figure}"
        parts.append(f"{name}：{expected_label} {figure_text(figure, expected)}，{actual_label} {figure_text(figure, actual)}")
        figures[f"{name}（{expected_label}）"] = figure_text(figure, expected)
        figures[f"{name}（{actual_label}）"] = figure_text(figure, actual)
    return "；".join(parts), figures


def totals_check(s: Session, fy: FiscalYear) -> Check:
    name = "合计表与明细一致"
    found = totals.differences(totals.recount(s, fy.id), totals.year_totals(s, fy.id))
    kept, recounted = totals.asset_groups(s, fy.id), totals.recount_asset_groups(s, fy.id, fy.year)
    if kept != recounted:
        found.append(("asset_cards", "分组合计", f"{len(recounted)} 组", f"{len(kept)} 组（内容不同）"))
    if not found:
        return Check("totals_kept", name, PASS, "各表的条数和金额合计与逐条重新统计的结果一致")
    message, figures = describe(found, "逐条统计", "合计表")
    return Check("totals_kept", name, ERROR,
                 f"合计表与明细不一致，数据文件可能被外部程序改动（触发器被删除）：{message}", figures)


def integrity_checks(s: Session, fy: FiscalYear) -> list[Check]:
    return [totals_check(s, fy)]


def checks(ws: Workspace, year: int, unit: str | None = None) -> list[Check]:
    with ws.read() as s:
        return integrity_checks(s, find_year(s, year, unit))
