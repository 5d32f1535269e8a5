"""Checks of the data file against itself (part of `check`): the trigger-kept totals against a
recount of the rows, the rows against the totals the last audit row of the year recorded, and a
locked year against its seal.

These read every row of the year, so they run in `check` (command line), not on every screen.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.checks import ERROR, PASS, Check
from desktop.core.money import format_amount, fen_to_yuan
from desktop.services.workspace import Workspace, find_year
from desktop.store import audit, seal, totals
from desktop.store.totals import table_label
from desktop.store.models import FiscalYear

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


def audited_totals_check(s: Session, fy: FiscalYear) -> Check:
    name = "数据与操作日志记录的合计一致"
    recorded = audit.recorded_totals(s, fy.id)
    if recorded is None:
        return Check("totals_audited", name, ERROR,
                     "操作日志中没有本年度的合计记录，无法核对数据是否在本程序之外被改动")
    seq, expected = recorded
    problems, figures = [], {}
    found = totals.differences(expected, totals.recount(s, fy.id))
    if found:
        message, figures = describe(found, f"第 {seq} 条日志记录", "当前数据")
        problems.append(f"数据在第 {seq} 条操作日志之后被本程序以外的方式改动：{message}")
    for at, entries in audit.unexplained_changes(s, fy.id):
        earlier = entries[0][0]
        message, more = describe([tuple(e[1:]) for e in entries], f"第 {earlier} 条日志记录", f"第 {at} 条操作前")
        problems.append(f"第 {at} 条操作日志记录前，数据曾在本程序以外被改动：{message}")
        figures.update(more)
    if not problems:
        return Check("totals_audited", name, PASS, f"各表的条数和金额合计与第 {seq} 条操作日志记录的一致")
    return Check("totals_audited", name, ERROR, "；".join(problems), figures)


def seal_check(s: Session, fy: FiscalYear) -> Check:
    name = "锁定年度的封印"
    sealed = seal.last_seal(s, fy.id)
    unlocked_at = seal.last_unlock(s, fy.id)
    active = sealed is not None and (unlocked_at is None or sealed[0] > unlocked_at)
    if not fy.locked:
        if active:
            return Check("locked_seal", name, ERROR,
                         f"本年度在第 {sealed[0]} 条操作日志锁定后没有经过解锁操作，锁定标志却已被清除："
                         "数据文件被本程序以外的方式改动")
        return Check("locked_seal", name, PASS, "本年度未锁定")
    if not active:
        return Check("locked_seal", name, ERROR,
                     "本年度标记为已锁定，但操作日志中没有对应的锁定记录（封印）：锁定标志可能被直接改动")
    seq, recorded = sealed
    broken = seal.broken_tables(s, fy.id, recorded)
    if not broken:
        return Check("locked_seal", name, PASS, f"锁定后的数据与第 {seq} 条操作日志的封印一致")
    figures = {f"{table_label(t)}（锁定时 / 现在）": f"{before} 条 / {'表或列已不存在' if now < 0 else f'{now} 条'}"
               for t, before, now in broken}
    tables = "、".join(table_label(t) for t, _, _ in broken)
    return Check("locked_seal", name, ERROR,
                 f"锁定后以下表的数据被改动（与第 {seq} 条操作日志的封印不一致）：{tables}", figures)


def integrity_checks(s: Session, fy: FiscalYear) -> list[Check]:
    return [totals_check(s, fy), audited_totals_check(s, fy), seal_check(s, fy)]


def checks(ws: Workspace, year: int, unit: str | None = None) -> list[Check]:
    with ws.read() as s:
        return integrity_checks(s, find_year(s, year, unit))
