"""Cross-checks (勾稽校验): every identity the data of a year must satisfy.

Each result has a severity — 通过, 尾差, 错误 or 提示 — a Chinese message and the figures
involved. 尾差 is a difference that comes only from rounding at the printed precision: parts
rounded separately add up to at most one unit of the last printed digit more or less than the
rounded total. Anything larger, or any difference between exact amounts, is an 错误.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.domain import (
    ESTABLISHED_STAFF,
    MAIN_CATEGORIES,
    THREE_PUBLIC_BUDGET_CATEGORIES,
    THREE_PUBLIC_CATEGORIES,
    VEHICLE_CATEGORIES,
    AssetKind,
    AssetStatus,
    BudgetCategory as C,
    LedgerAccount,
    ProcurementType,
    IncomeSource,
    StaffCategory,
)
from desktop.core.facts import NO_STAFF, ZERO, YearFacts
from desktop.core.money import Unit, format_amount, round_half_up

PASS, TAIL, ERROR, INFO = "通过", "尾差", "错误", "提示"
SEVERITIES = (ERROR, TAIL, INFO, PASS)


@dataclass
class Check:
    id: str
    name: str
    severity: str
    message: str
    figures: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "severity": self.severity, "message": self.message,
                "figures": self.figures}


def _wan(value: Decimal, places: int = 2) -> str:
    """An amount with its unit: a check's figures mix 万元 (as the report prints) and 元 (exact)."""
    return f"{format_amount(value, Unit.WAN, places)} 万元"


def _yuan(value: Decimal) -> str:
    return f"{format_amount(value)} 元"


def printed_sum(check_id: str, name: str, total: tuple[str, Decimal], parts: list[tuple[str, Decimal]],
                places: int) -> Check:
    """Total against its parts: exact in 分, then as printed in 万元 with `places` decimals."""
    total_label, total_value = total
    exact = total_value - sum((v for _, v in parts), ZERO)
    figures = {total_label: _wan(total_value, places)}
    figures.update({label: _wan(value, places) for label, value in parts})
    if exact != 0:
        figures["差额"] = _yuan(exact)
        return Check(check_id, name, ERROR, f"{total_label}与各分项之和相差 {_yuan(exact)}", figures)
    printed_total = round_half_up(total_value / 10000, places)
    printed_parts = sum((round_half_up(v / 10000, places) for _, v in parts), Decimal(0))
    diff = printed_total - printed_parts
    step = Decimal(1).scaleb(-places)
    if diff == 0:
        return Check(check_id, name, PASS, f"按万元{places}位小数显示时分项之和等于{total_label}", figures)
    figures["分项合计"] = _wan(printed_parts * 10000, places)
    if abs(diff) <= step:
        return Check(check_id, name, TAIL,
                     f"按万元{places}位小数分别四舍五入后，分项合计 {printed_parts:,.{places}f} 与{total_label} "
                     f"{printed_total:,.{places}f} 相差 {abs(diff):.{places}f}，属四舍五入尾差，精确到分时相等", figures)
    return Check(check_id, name, ERROR, f"分项合计与{total_label}相差 {abs(diff):.{places}f} 万元，超出尾差范围", figures)


def _budget_identities(f: YearFacts) -> list[Check]:
    P, U, J = C.PERSONNEL, C.PUBLIC, C.PROJECT
    return [
        printed_sum("initial_basic_parts", "年初预算：基本支出 = 人员经费 + 日常公用经费",
                    ("基本支出预算", f.initial_basic),
                    [("人员经费", f.initial_of(P)), ("日常公用经费", f.initial_of(U))], 0),
        printed_sum("initial_total_parts", "年初预算：合计 = 基本支出 + 项目支出",
                    ("年初预算", f.initial_total), [("基本支出", f.initial_basic), ("项目支出", f.initial_of(J))], 0),
        printed_sum("initial_three_public_parts", "“三公”经费预算 = 各项之和",
                    ("“三公”经费预算", f.three_public_initial),
                    [(c.label, f.initial_of(c)) for c in THREE_PUBLIC_BUDGET_CATEGORIES], 0),
        printed_sum("adjusted_total_parts", "调整预算：合计 = 基本支出 + 项目支出",
                    ("调整预算数", f.adjusted_total), [("基本支出", f.adjusted_basic), ("项目支出", f.adjusted_of(J))], 2),
        printed_sum("adjusted_basic_parts", "调整预算：基本支出 = 人员经费 + 日常公用经费",
                    ("基本支出调整预算数", f.adjusted_basic),
                    [("人员经费", f.adjusted_of(P)), ("日常公用经费", f.adjusted_of(U))], 2),
        printed_sum("actual_total_parts", "支出：合计 = 人员经费 + 公用经费 + 项目支出",
                    ("财政拨款支出决算数", f.actual_total),
                    [("人员经费", f.actual_of(P)), ("公用经费", f.actual_of(U)), ("项目支出", f.actual_of(J))], 2),
        printed_sum("three_public_actual_parts", "“三公”经费支出 = 各项之和",
                    ("“三公”经费支出", f.three_public_actual),
                    [(c.label, f.actual_of(c)) for c in THREE_PUBLIC_CATEGORIES], 2),
        printed_sum("procurement_parts", "政府采购支出 = 货物 + 服务 + 工程",
                    ("政府采购支出", f.procurement_sum("paid")),
                    [(t.label, f.procurement_sum("paid", t.value)) for t in ProcurementType], 2),
        printed_sum("fixed_asset_parts", "固定资产原值 = 在用 + 闲置 + 出租出借 + 待处置",
                    ("年末固定资产账面原值", f.held(AssetKind.FIXED)),
                    [(s.label, f.held(AssetKind.FIXED, s)) for s in AssetStatus if s is not AssetStatus.DISPOSED], 2),
    ]


def _adjustment_checks(f: YearFacts) -> list[Check]:
    out = []
    seqs = [e.seq for e in f.adjustment_entries]
    missing = sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))
    by_seq = {e.seq: e for e in f.adjustment_entries}
    audited_missing = sorted(set(f.audited_adjustments) - set(seqs))
    if missing or audited_missing:
        gone = sorted(set(missing) | set(audited_missing))
        figures = {f"第{n}号": (_yuan(f.audited_adjustments[n]) + "（据操作日志）")
                   if n in f.audited_adjustments else "无记录" for n in gone}
        lost = sum((f.audited_adjustments.get(n, ZERO) for n in gone), ZERO)
        figures["调整预算数（现）"] = _wan(f.adjusted_total)
        if lost:
            figures["补回后调整预算数"] = _wan(f.adjusted_total + lost)
        out.append(Check("adjustment_sequence", "预算调整明细完整（序号连续，与操作日志一致）", ERROR,
                         f"缺少第 {'、'.join(map(str, gone))} 号预算调整，调整后预算可能少计 {_yuan(lost)}", figures))
    else:
        out.append(Check("adjustment_sequence", "预算调整明细完整（序号连续，与操作日志一致）", PASS,
                         f"共 {len(seqs)} 笔调整，序号连续", {"笔数": str(len(seqs))}))
    changed = [n for n in seqs if n in f.audited_adjustments and f.audited_adjustments[n] != by_seq[n].amount]
    if changed:
        out.append(Check("adjustment_amounts", "预算调整金额与操作日志一致", ERROR,
                         f"第 {'、'.join(map(str, changed))} 号调整的金额与录入时的记录不一致",
                         {f"第{n}号": f"现 {_yuan(by_seq[n].amount)} / 录入时 {_yuan(f.audited_adjustments[n])}"
                          for n in changed}))
    bad_reversals = [e.seq for e in f.adjustment_entries
                     if e.reverses is not None and (e.reverses not in by_seq or by_seq[e.reverses].amount != -e.amount
                                                    or by_seq[e.reverses].category != e.category)]
    if bad_reversals:
        out.append(Check("adjustment_reversals", "冲销记录与原记录金额相反", ERROR,
                         f"第 {'、'.join(map(str, bad_reversals))} 号冲销记录与被冲销的调整不对应", {}))
    out.append(printed_sum("adjusted_equals_initial_plus_adjustments", "调整预算 = 年初预算 + 预算调整",
                           ("调整预算数", f.adjusted_total),
                           [("年初预算", f.initial_total),
                            ("预算调整合计", sum((f.adjustments.get(c.value, ZERO) for c in (C.PERSONNEL, C.PUBLIC, C.PROJECT)), ZERO))],
                           2))
    return out


def _project_checks(f: YearFacts) -> list[Check]:
    out = []
    for label, attr, category_total in (
        ("年初预算", "initial", f.initial_of(C.PROJECT)),
        ("调整预算", "adjusted", f.adjusted_of(C.PROJECT)),
        ("支出", "actual", f.actual_of(C.PROJECT)),
    ):
        by_project = sum((getattr(p, attr) for p in f.projects), ZERO)
        figures = {f"项目支出{label}": _yuan(category_total), f"各项目{label}合计": _yuan(by_project)}
        if by_project == category_total:
            out.append(Check(f"projects_{attr}", f"项目支出：{label}合计 = 各项目{label}之和", PASS,
                             f"{len(f.projects)} 个项目合计一致", figures))
        else:
            figures["差额"] = _yuan(category_total - by_project)
            out.append(Check(f"projects_{attr}", f"项目支出：{label}合计 = 各项目{label}之和", ERROR,
                             f"有未归入项目（或归错类别）的{label}记录，差额 {_yuan(category_total - by_project)}",
                             figures))
    over = [p for p in f.projects if p.actual > p.adjusted]
    if over:
        out.append(Check("projects_within_budget", "项目支出不超过调整预算", ERROR,
                         f"{len(over)} 个项目支出超过调整预算",
                         {f"{p.code} {p.name}": f"支出 {_yuan(p.actual)} / 预算 {_yuan(p.adjusted)}" for p in over[:10]}))
    else:
        out.append(Check("projects_within_budget", "项目支出不超过调整预算", PASS, "所有项目支出均在调整预算内", {}))
    unmet = [p for p in f.projects if p.status == "completed" and p.targets_met < p.targets_total]
    if unmet:
        out.append(Check("completed_projects_targets", "已完成项目的绩效目标均已达成", INFO,
                         f"{len(unmet)} 个已完成项目有未达成的绩效目标",
                         {f"{p.code} {p.name}": f"{p.targets_met}/{p.targets_total}" for p in unmet[:10]}))
    no_targets = [p for p in f.projects if p.targets_total == 0]
    if no_targets:
        out.append(Check("projects_have_targets", "项目均设置绩效目标", INFO,
                         f"{len(no_targets)} 个项目没有绩效目标", {p.code: p.name for p in no_targets[:10]}))
    return out


def _spending_checks(f: YearFacts) -> list[Check]:
    out = []
    over = [c for c in (C.PERSONNEL, C.PUBLIC, C.PROJECT) if f.actual_of(c) > f.adjusted_of(c)]
    out.append(Check("categories_within_budget", "各类支出不超过调整预算", ERROR if over else PASS,
                     ("、".join(c.label for c in over) + " 支出超过调整预算") if over else "各类支出均在调整预算内",
                     {c.label: f"支出 {_wan(f.actual_of(c))} / 预算 {_wan(f.adjusted_of(c))}" for c in (C.PERSONNEL, C.PUBLIC, C.PROJECT)}))
    tp, public = f.three_public_actual, f.actual_of(C.PUBLIC)
    if f.comparison_only:  # only the “三公” figures a later year compares with: nothing to contain them
        out.append(Check("three_public_within_public", "“三公”经费支出包含在公用经费支出中", INFO,
                         "本年度没有预算和公用经费支出数据（仅供对比），不核对", {"“三公”经费支出": _wan(tp)}))
        return out
    out.append(Check("three_public_within_public", "“三公”经费支出包含在公用经费支出中", ERROR if tp > public else PASS,
                     "“三公”经费支出大于公用经费支出，口径有误" if tp > public else "“三公”经费支出不大于公用经费支出",
                     {"“三公”经费支出": _wan(tp), "公用经费支出": _wan(public)}))
    over_items = [(label, actual, budget) for label, actual, budget in three_public_groups(f) if actual > budget]
    if over_items:
        out.append(Check("three_public_items_within_budget", "“三公”经费各项不超预算", INFO,
                         "、".join(label for label, _, _ in over_items) + " 超过预算",
                         {label: f"支出 {_wan(actual)} / 预算 {_wan(budget)}" for label, actual, budget in over_items}))
    return out


def three_public_groups(f: YearFacts) -> list[tuple[str, Decimal, Decimal]]:
    """(label, actual, adjusted budget) of each 三公 item whose budget is known. A budget stated
    only as a total (未分项) is compared only as that total: its parts are unknown, so no part
    can be said to exceed its budget."""
    if f.adjusted_of(C.THREE_PUBLIC_UNSPLIT) != 0:
        return [("“三公”经费合计", f.three_public_actual, f.three_public_budget)]
    groups = [(c.label, f.actual_of(c), f.adjusted_of(c)) for c in (C.ABROAD, C.RECEPTION)]
    if f.adjusted_of(C.VEHICLE_UNSPLIT) != 0:
        groups.append(("公务用车购置及运行维护费", f.actual_of(*VEHICLE_CATEGORIES),
                       f.adjusted_of(*VEHICLE_CATEGORIES, C.VEHICLE_UNSPLIT)))
    else:
        groups += [(c.label, f.actual_of(c), f.adjusted_of(c)) for c in VEHICLE_CATEGORIES]
    return groups


def _carryover_checks(f: YearFacts) -> list[Check]:
    if f.appropriation is None or f.carryover_begin is None or f.carryover_end is None:
        return [Check("carryover_identity", "年末结转结余 = 年初结转结余 + 本年财政拨款收入 − 本年支出", INFO,
                      "没有填写结转结余表，无法核对", {})]
    computed = f.carryover_begin + f.appropriation - f.actual_total
    figures = {"年初结转和结余": _wan(f.carryover_begin), "本年财政拨款收入": _wan(f.appropriation),
               "本年支出": _wan(f.actual_total), "计算的年末结转和结余": _wan(computed),
               "填报的年末结转和结余": _wan(f.carryover_end)}
    if computed == f.carryover_end:
        return [Check("carryover_identity", "年末结转结余 = 年初结转结余 + 本年财政拨款收入 − 本年支出", PASS,
                      f"年末结转和结余 {_wan(computed)}，与填报数一致", figures)]
    return [Check("carryover_identity", "年末结转结余 = 年初结转结余 + 本年财政拨款收入 − 本年支出", ERROR,
                  f"计算得 {_yuan(computed)}，填报 {_yuan(f.carryover_end)}，相差 {_yuan(f.carryover_end - computed)}",
                  figures)]


def _progress_checks(f: YearFacts) -> list[Check]:
    out = []
    months = sorted(f.disbursements)
    if not months:
        return [Check("disbursement_present", "已录入国库支付进度", INFO, "没有国库支付进度数据，无法计算分季执行率", {})]
    falling = [m for a, m in zip(months, months[1:]) if f.disbursements[m] < f.disbursements[a]]
    out.append(Check("disbursement_rising", "累计国库支付逐月不减少", ERROR if falling else PASS,
                     f"{'、'.join(f'{m}月' for m in falling)}末累计支付少于上月" if falling else "累计支付逐月递增",
                     {f"{m}月末": _wan(f.disbursements[m]) for m in months}))
    missing_quarters = [q for q in (1, 2, 3, 4) if q * 3 not in f.disbursements]
    if missing_quarters:
        out.append(Check("disbursement_quarters", "各季度末累计支付齐全", INFO,
                         f"缺少第 {'、'.join(map(str, missing_quarters))} 季度末数据", {}))
    if 12 in f.disbursements and f.appropriation is not None:
        december = f.disbursements[12]
        ok = december == f.appropriation
        out.append(Check("disbursement_year_end", "12月末累计国库支付 = 本年财政拨款收入", PASS if ok else ERROR,
                         "全年国库支付与本年财政拨款收入一致" if ok else
                         f"相差 {_yuan(december - f.appropriation)}",
                         {"12月末累计国库支付": _wan(december), "本年财政拨款收入": _wan(f.appropriation)}))
    over = [m for m in months if f.disbursements[m] > f.adjusted_total]
    if over:
        out.append(Check("disbursement_within_budget", "累计支付不超过调整预算", ERROR,
                         f"{'、'.join(f'{m}月' for m in over)}末累计支付超过调整预算",
                         {"调整预算数": _wan(f.adjusted_total)}))
    return out


def _procurement_checks(f: YearFacts) -> list[Check]:
    overpaid = [line for line in f.procurement_lines if line.paid > line.contract]
    over_budget = [line for line in f.procurement_lines if line.contract > line.budget]
    out = [Check("procurement_paid_within_contract", "采购支付不超过合同金额", ERROR if overpaid else PASS,
                 f"{len(overpaid)} 条采购支付超过合同金额" if overpaid else f"{len(f.procurement_lines)} 条采购均未超合同支付",
                 {f"{x.code} {x.name}": f"支付 {_yuan(x.paid)} / 合同 {_yuan(x.contract)}" for x in overpaid[:10]})]
    if over_budget:
        out.append(Check("procurement_contract_within_budget", "合同金额不超过采购预算", INFO,
                         f"{len(over_budget)} 条采购合同超过采购预算",
                         {f"{x.code} {x.name}": f"合同 {_yuan(x.contract)} / 预算 {_yuan(x.budget)}" for x in over_budget[:10]}))
    return out


def _asset_checks(f: YearFacts) -> list[Check]:
    out = []
    if f.asset_anomaly_count:
        out.append(Check("asset_cards_valid", "资产卡片数据有效", ERROR, f"{f.asset_anomaly_count} 张卡片数据有误",
                         {a.card_no: a.problem for a in f.asset_anomalies}))
    else:
        out.append(Check("asset_cards_valid", "资产卡片数据有效", PASS, "卡片原值、折旧、日期、状态均有效", {}))
    pairs = (
        (LedgerAccount.FIXED_ORIGINAL, f.held(AssetKind.FIXED)),
        (LedgerAccount.FIXED_DEPRECIATION, f.held(AssetKind.FIXED, attr="depreciation")),
        (LedgerAccount.INTANGIBLE_ORIGINAL, f.held(AssetKind.INTANGIBLE)),
        (LedgerAccount.INTANGIBLE_AMORTIZATION, f.held(AssetKind.INTANGIBLE, attr="depreciation")),
    )
    if not f.ledger:
        if f.assets:
            out.append(Check("asset_cards_vs_ledger", "资产卡片与总账相符（账卡相符）", INFO, "没有录入总账余额，无法核对", {}))
        return out
    for account, cards in pairs:
        if account.value not in f.ledger:
            continue
        ledger = f.ledger[account.value]
        figures = {f"总账{account.label}": _yuan(ledger), f"卡片{account.label}合计": _yuan(cards)}
        if ledger == cards:
            out.append(Check(f"ledger_{account.value}", f"卡片{account.label}与总账相符", PASS, "账卡相符", figures))
        else:
            figures["差额"] = _yuan(cards - ledger)
            out.append(Check(f"ledger_{account.value}", f"卡片{account.label}与总账相符", ERROR,
                             f"卡片合计与总账相差 {_yuan(cards - ledger)}", figures))
    not_remitted = f.asset_sum("residual", disposed_this_year=True) - f.asset_sum("residual_remitted", disposed_this_year=True)
    if not_remitted > 0:
        out.append(Check("disposal_residual_remitted", "处置残值已上缴", INFO,
                         f"本年处置资产残值尚有 {_yuan(not_remitted)}未上缴", {}))
    return out


def _staff_checks(f: YearFacts) -> list[Check]:
    over = []
    for cat in (*ESTABLISHED_STAFF, StaffCategory.CONTRACT):
        authorized, actual = f.headcount.get(cat.value, NO_STAFF)
        if actual > authorized:
            over.append((cat, authorized, actual))
    if not f.headcount:
        return [Check("headcount_present", "已录入人员编制", INFO, "没有人员编制数据", {})]
    if over:
        return [Check("headcount_within_authorized", "各类人员实有数不超过核定数", ERROR,
                      "、".join(f"{c.label}实有 {b} 人超过核定 {a} 人" for c, a, b in over),
                      {c.label: f"核定 {a} / 实有 {b}" for c, a, b in over})]
    authorized, actual = f.staff()
    return [Check("headcount_within_authorized", "各类人员实有数不超过核定数", PASS,
                  f"在编实有 {actual} 人，核定编制 {authorized} 人；临聘实有 {f.contract_staff.actual} 人，核定 {f.contract_staff.authorized} 人",
                  {c.label: f"核定 {f.headcount.get(c.value, NO_STAFF).authorized} / 实有 {f.headcount.get(c.value, NO_STAFF).actual}"
                   for c in (*ESTABLISHED_STAFF, StaffCategory.CONTRACT)})]


def run_checks(f: YearFacts) -> list[Check]:
    checks = (_budget_identities(f) + _adjustment_checks(f) + _spending_checks(f) + _project_checks(f)
              + _carryover_checks(f) + _progress_checks(f) + _procurement_checks(f) + _asset_checks(f)
              + _staff_checks(f) + _figure_checks(f))
    return checks


# --- figures that would read wrong (shown only when they apply) -------------------------------------

LOW_EXECUTION = Decimal(95)  # 预算执行率 below this with nothing carried over is worth a question


def _figure_checks(f: YearFacts) -> list[Check]:
    return (_negative_budget_checks(f) + _negative_disbursement_checks(f) + _execution_vs_carryover_checks(f)
            + _income_checks(f))


def _negative_budget_checks(f: YearFacts) -> list[Check]:
    below = [(c.label, f.adjusted_of(c)) for c in (*MAIN_CATEGORIES, *THREE_PUBLIC_BUDGET_CATEGORIES)
             if f.adjusted_of(c) < 0]
    below += [(f"项目 {p.code} {p.name}", p.adjusted) for p in f.projects if p.adjusted < 0]
    if not below:
        return []
    return [Check("budget_not_negative", "调整预算不低于零", ERROR,
                  f"{'、'.join(label for label, _ in below)} 的调整预算低于零（调减超过了预算），执行率等比率无法计算",
                  {label: f"{_yuan(value)}" for label, value in below[:10]})]


def _negative_disbursement_checks(f: YearFacts) -> list[Check]:
    negative = [m for m in sorted(f.disbursements) if f.disbursements[m] < 0]
    if not negative:
        return []
    return [Check("disbursement_not_negative", "累计国库支付不为负数", INFO,
                  f"{'、'.join(f'{m}月' for m in negative)}末累计国库支付为负数（退回多于已支付），支出进度为负，请核实",
                  {f"{m}月末": _wan(f.disbursements[m]) for m in negative})]


def _execution_vs_carryover_checks(f: YearFacts) -> list[Check]:
    if f.adjusted_total <= 0 or f.appropriation is None or f.carryover_begin is None:
        return []
    rate = f.actual_total * 100 / f.adjusted_total
    end = f.carryover_begin + f.appropriation - f.actual_total
    stored = f.carryover_end if f.carryover_end is not None else end
    if round_half_up(rate, 2) >= LOW_EXECUTION or stored != 0:
        return []
    unspent = f.adjusted_total - f.actual_total
    return [Check("low_execution_zero_carryover", "执行率偏低而无结转结余", INFO,
                  f"预算执行率 {round_half_up(rate, 2)}% 低于 {LOW_EXECUTION}%，未执行的 {_wan(unspent)}"
                  f"却没有形成结转和结余，请核实资金去向（是否收回、调出或漏记支出）",
                  {"调整预算数": _wan(f.adjusted_total), "财政拨款支出决算数": _wan(f.actual_total),
                   "年末财政拨款结转和结余": _wan(stored)})]


def _income_checks(f: YearFacts) -> list[Check]:
    recorded = f.income.get(IncomeSource.APPROPRIATION.value)
    if recorded is None or f.appropriation is None:
        return []
    ok = recorded == f.appropriation
    figures = {"决算收入：财政拨款收入": _wan(recorded), "结转结余表：本年财政拨款收入": _wan(f.appropriation)}
    return [Check("income_appropriation", "决算收入中的财政拨款收入 = 本年财政拨款收入", PASS if ok else ERROR,
                  "两处的本年财政拨款收入一致" if ok else f"相差 {_yuan(recorded - f.appropriation)}", figures)]


def worst(checks: list[Check]) -> str:
    for severity in SEVERITIES:
        if any(c.severity == severity for c in checks):
            return severity
    return PASS
