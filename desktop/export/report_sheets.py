"""The report sheets of the workbook (summaries in 万元, indicators, score, cross-checks): what a
superior reads. They are written from the figures the core computed and are not read back."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.checks import ERROR, INFO, PASS, TAIL, Check
from desktop.core.domain import (
    Acquisition,
    AssetClass,
    AssetKind,
    AssetStatus,
    LedgerAccount,
    ProjectClass,
)
from desktop.core.domain import (
    BudgetCategory as C,
)
from desktop.core.facts import YearFacts
from desktop.core.indicators import Result, three_public_rows
from desktop.core.money import Unit, format_amount, round_half_up
from desktop.core.scoring import ScoreSheet
from desktop.core.summary import percent, time_progress
from desktop.export import layout
from desktop.export.workbook_base import (
    WAN,
    Writer,
    col_letter,
    column_widths,
    field_value,
    row_height,
)


NO_RATE = "—"  # as the program prints a rate of a zero or negative base


def rate_formula(w: Writer, ws, row: int, col: int, numerator: str, denominator: str, value: Decimal | None) -> None:
    """A rate as the program prints it: ROUND(…, 2) in the formula, so that a spreadsheet's binary
    arithmetic cannot turn a half-way 12.345 into 12.34; "—" for a zero or negative base; the
    cached value is the program's own (core `percent`, rounded half-up)."""
    w.formula(ws, row, col, f'=IF({denominator}<=0,"{NO_RATE}",ROUND({numerator}/{denominator}*100,2))',
              NO_RATE if value is None else round_half_up(value, 2), w.f_pct)


def write_summary(w: Writer, f: YearFacts, results: dict[str, Result]) -> None:
    headers = ["项目", "年初预算", "预算调整", "调整预算", "实际支出", "执行率（%）"]
    ws, first = w.sheet("预算收支总表", headers, title=f"{f.unit_name} {f.year}年度预算收支总表（万元）",
                        widths=[22, 16, 16, 16, 16, 12])

    def line(row: int, label: str, cats) -> None:
        initial, adjusted, actual = f.initial_of(*cats), f.adjusted_of(*cats), f.actual_of(*cats)
        w.text(ws, row, 0, label)
        w.number(ws, row, 1, initial / WAN, w.f_money)
        w.number(ws, row, 2, (adjusted - initial) / WAN, w.f_money)
        w.formula(ws, row, 3, f"=B{row + 1}+C{row + 1}", adjusted / WAN, w.f_money)
        w.number(ws, row, 4, actual / WAN, w.f_money)
        rate_formula(w, ws, row, 5, f"E{row + 1}", f"D{row + 1}", percent(actual, adjusted))

    r = first
    line(r, "人员经费", [C.PERSONNEL])
    line(r + 1, "日常公用经费", [C.PUBLIC])
    def subtotal(row: int, label: str, above: tuple[int, int], initial, adjusted, actual) -> None:
        """A total row: each money column adds two rows above (a live formula with its value)."""
        w.text(ws, row, 0, label, w.f_total_label)
        for col, letter, cached in ((1, "B", initial), (2, "C", adjusted - initial), (3, "D", adjusted),
                                    (4, "E", actual)):
            w.formula(ws, row, col, f"={letter}{above[0] + 1}+{letter}{above[1] + 1}", cached / WAN, w.f_money_total)
        rate_formula(w, ws, row, 5, f"E{row + 1}", f"D{row + 1}", percent(actual, adjusted))

    subtotal(r + 2, "基本支出小计", (r, r + 1), f.initial_basic, f.adjusted_basic, f.actual_basic)
    line(r + 3, "项目支出", [C.PROJECT])
    subtotal(r + 4, "合计", (r + 2, r + 3), f.initial_total, f.adjusted_total, f.actual_total)
    capital = f.projects_of_class(ProjectClass.CAPITAL)
    w.text(ws, r + 5, 0, "其中：基本建设类项目")
    w.number(ws, r + 5, 1, sum((p.initial for p in capital), Decimal(0)) / WAN, w.f_money)
    w.number(ws, r + 5, 2, sum((p.adjustments for p in capital), Decimal(0)) / WAN, w.f_money)
    w.formula(ws, r + 5, 3, f"=B{r + 6}+C{r + 6}", f.capital_adjusted / WAN, w.f_money)
    w.number(ws, r + 5, 4, f.capital_actual / WAN, w.f_money)
    w.text(ws, r + 7, 0, "注：调整预算 = 年初预算 + 预算调整明细（见“预算调整明细”）；执行率 = 实际支出 ÷ 调整预算。", w.f_note)
    if f.appropriation is not None:
        w.text(ws, r + 8, 0, "本年财政拨款收入", w.f_text)
        w.number(ws, r + 8, 1, f.appropriation / WAN, w.f_money)
    # The chart reads a contiguous block (formulas into the table above, with their values).
    base = r + 10
    w.text(ws, base, 0, "图表数据", w.f_note)
    for col, name in enumerate(("年初预算", "调整预算", "实际支出"), start=1):
        w.text(ws, base, col, name, w.f_note)
    for n, (label, source_row, cats) in enumerate((("人员经费", r, [C.PERSONNEL]), ("日常公用经费", r + 1, [C.PUBLIC]),
                                                   ("项目支出", r + 3, [C.PROJECT]))):
        row = base + 1 + n
        w.text(ws, row, 0, label)
        for col, (letter, cached) in enumerate((("B", f.initial_of(*cats)), ("D", f.adjusted_of(*cats)),
                                                ("E", f.actual_of(*cats))), start=1):
            w.formula(ws, row, col, f"={letter}{source_row + 1}", cached / WAN, w.f_money)
    chart = w.book.add_chart({"type": "column"})
    for col, name in enumerate(("年初预算", "调整预算", "实际支出"), start=1):
        chart.add_series({"name": name, "categories": [ws.name, base + 1, 0, base + 3, 0],
                          "values": [ws.name, base + 1, col, base + 3, col]})
    chart.set_title({"name": "年初预算、调整预算与实际支出（万元）"})
    chart.set_y_axis({"num_format": "#,##0"})
    chart.set_size({"width": 640, "height": 320})
    ws.insert_chart(base + 5, 0, chart)


def write_progress(w: Writer, f: YearFacts, items: list[dict]) -> None:
    sheet = layout.DISBURSEMENTS
    headers = [c.header for c in sheet.columns] + ["累计国库支付（万元）", "支出进度（%）", "序时进度（%）"]
    ws, first = w.sheet(sheet.name, headers, widths=[8, 24, 20, 14, 14])
    by_month = {d["month"]: Decimal(d["cumulative"]) for d in items}
    for n, month in enumerate(sorted(by_month)):
        row = first + n
        w.number(ws, row, 0, month, w.f_int)
        w.number(ws, row, 1, by_month[month], w.f_money)
        w.formula(ws, row, 2, f"=B{row + 1}/10000", by_month[month] / WAN, w.f_money)
        rate_formula(w, ws, row, 3, f"B{row + 1}", str(f.adjusted_total), percent(by_month[month], f.adjusted_total))
        w.number(ws, row, 4, time_progress(month), w.f_pct)
    last = first + len(by_month)
    # The note sits beside the header, so the data rows stay data only (the sheet is read back).
    w.text(ws, first - 1, len(headers) + 1, f"支出进度 = 累计国库支付 ÷ 调整预算数（{format_amount(f.adjusted_total)} 元）",
           w.f_note)
    if by_month:
        chart = w.book.add_chart({"type": "line"})
        for col, name in ((3, "累计支出进度"), (4, "序时进度")):
            chart.add_series({"name": name, "categories": [ws.name, first, 0, last - 1, 0],
                              "values": [ws.name, first, col, last - 1, col], "marker": {"type": "circle"},
                              "data_labels": {"value": col == 3, "num_format": "0.00"}})
        chart.set_title({"name": "分月累计支出进度与序时进度（%）"})
        chart.set_x_axis({"name": "月份"})
        chart.set_size({"width": 640, "height": 320})
        ws.insert_chart(last + 3, 0, chart)


def write_three_public(w: Writer, f: YearFacts) -> None:
    headers = ["项目", "预算", "实际支出", "控制率（%）", "上年实际支出"]
    ws, first = w.sheet("“三公”经费", headers, title=f"{f.year}年度“三公”经费（万元）", widths=[22, 14, 14, 12, 14])
    rows = three_public_rows(f)
    for n, cat in enumerate(rows):
        row = first + n
        budget, actual = f.adjusted_of(cat), f.actual_of(cat)
        w.text(ws, row, 0, cat.label)
        w.number(ws, row, 1, budget / WAN, w.f_money)
        w.number(ws, row, 2, actual / WAN, w.f_money)
        if cat.budget_only:  # a budget without its split: nothing is spent on it as such
            w.text(ws, row, 3, NO_RATE, w.f_pct)
        else:
            rate_formula(w, ws, row, 3, f"C{row + 1}", f"B{row + 1}", percent(actual, budget))
        w.number(ws, row, 4, f.previous.actual_of(cat) / WAN if f.previous else None, w.f_money)
    total = first + len(rows)
    w.text(ws, total, 0, "合计", w.f_total_label)
    for col, cached in ((1, f.three_public_budget), (2, f.three_public_actual),
                        (4, f.previous.three_public_actual if f.previous else Decimal(0))):
        letter = col_letter(col)
        w.formula(ws, total, col, f"=SUM({letter}{first + 1}:{letter}{total})", cached / WAN, w.f_money_total)
    rate_formula(w, ws, total, 3, f"C{total + 1}", f"B{total + 1}", percent(f.three_public_actual, f.three_public_budget))
    w.text(ws, total + 2, 0, f"注：控制率 = 实际支出 ÷ 调整后预算（含未分项的预算）；年初预算 {format_amount(f.three_public_initial, Unit.WAN)} 万元，"
                             f"调整后 {format_amount(f.three_public_budget, Unit.WAN)} 万元。", w.f_note)


def write_project_summary(w: Writer, f: YearFacts, items: list[dict]) -> None:
    sheet = layout.PROJECTS
    extra = ["年初预算（万元）", "调整预算（万元）", "支出（万元）", "执行率（%）", "绩效目标达成"]
    ws, first = w.sheet(sheet.name, [c.header for c in sheet.columns] + extra, landscape=True,
                        widths=column_widths(sheet, items) + [14, 14, 14, 12, 12])
    by_code = {p.code: p for p in f.projects} if f else {}
    n = len(sheet.columns)
    for i, item in enumerate(items):
        row = first + i
        for col, c in enumerate(sheet.columns):
            value = field_value(item, c.key)
            w.text(ws, row, col, c.enum(value).label if c.kind == "enum" and value is not None else value)
        p = by_code.get(item["code"])
        if p:
            w.number(ws, row, n, p.initial / WAN, w.f_money)
            w.number(ws, row, n + 1, p.adjusted / WAN, w.f_money)
            w.number(ws, row, n + 2, p.actual / WAN, w.f_money)
            rate_formula(w, ws, row, n + 3, f"{col_letter(n + 2)}{row + 1}", f"{col_letter(n + 1)}{row + 1}",
                         percent(p.actual, p.adjusted))
            w.text(ws, row, n + 4, f"{p.targets_met}/{p.targets_total}")
    if items and f:
        total = first + len(items)
        w.text(ws, total, 0, "合计", w.f_total_label)
        for col, cached in ((n, f.initial_of(C.PROJECT)), (n + 1, f.adjusted_of(C.PROJECT)), (n + 2, f.actual_of(C.PROJECT))):
            letter = col_letter(col)
            w.formula(ws, total, col, f"=SUM({letter}{first + 1}:{letter}{total})", cached / WAN, w.f_money_total)


def write_asset_summary(w: Writer, f: YearFacts) -> None:
    statuses = [s for s in AssetStatus if s is not AssetStatus.DISPOSED]
    headers = ["资产分类"] + [s.label for s in statuses] + ["合计"]
    ws, first = w.sheet("资产汇总", headers, title=f"{f.year}年末资产账面原值（万元，不含已处置）",
                        widths=[26] + [12] * len(statuses) + [14])
    classes = [c for c in AssetClass if any(g.asset_class == c.value for g in f.assets)]
    for n, cls in enumerate(classes):
        row = first + n
        w.text(ws, row, 0, cls.label)
        for col, status in enumerate(statuses, start=1):
            value = sum((g.original for g in f.assets if g.asset_class == cls.value and g.status == status.value),
                        Decimal(0))
            w.number(ws, row, col, value / WAN, w.f_money)
        last = col_letter(len(statuses))
        total = sum((g.original for g in f.assets if g.asset_class == cls.value and g.status != "disposed"), Decimal(0))
        w.formula(ws, row, len(statuses) + 1, f"=SUM(B{row + 1}:{last}{row + 1})", total / WAN, w.f_money_total)
    end = first + len(classes)
    w.text(ws, end, 0, "合计", w.f_total_label)
    for col in range(1, len(statuses) + 2):
        letter = col_letter(col)
        cached = (sum((g.original for g in f.assets if g.status == statuses[col - 1].value), Decimal(0))
                  if col <= len(statuses) else f.held(AssetKind.FIXED) + f.held(AssetKind.INTANGIBLE))
        if classes:
            w.formula(ws, end, col, f"=SUM({letter}{first + 1}:{letter}{end})", cached / WAN, w.f_money_total)
        else:  # no cards: a SUM over no rows would refer to its own cell
            w.number(ws, end, col, cached / WAN, w.f_money_total)
    facts_rows = [
        ("新购固定资产账面价值", f.acquired(AssetKind.FIXED, Acquisition.PURCHASE)),
        ("调拨固定资产账面价值", f.acquired(AssetKind.FIXED, Acquisition.TRANSFER_IN)),
        ("新购无形资产账面价值", f.acquired(AssetKind.INTANGIBLE, Acquisition.PURCHASE)),
        ("调拨无形资产账面价值", f.acquired(AssetKind.INTANGIBLE, Acquisition.TRANSFER_IN)),
        ("本年处置资产账面价值", f.disposed_book_value),
        ("年末固定资产账面原值", f.held(AssetKind.FIXED)),
        ("其中在用", f.held(AssetKind.FIXED, AssetStatus.IN_USE)),
    ]
    for n, (label, value) in enumerate(facts_rows, start=end + 2):
        w.text(ws, n, 0, label)
        w.number(ws, n, 1, value / WAN, w.f_money)
    _write_card_reconciliation(w, ws, end + 3 + len(facts_rows), f)


def _write_card_reconciliation(w: Writer, ws, row: int, f: YearFacts) -> None:
    """The card register against the ledger (元): the 资产卡片明细 合计 includes the disposed cards,
    the ledger does not, so both totals and the net book value are shown side by side."""
    w.text(ws, row, 0, "账卡核对（元）：卡片明细合计含已处置卡片，总账余额不含", w.f_total_label)
    headers = ("资产", "卡片原值（含已处置）", "其中已处置", "卡片原值（不含已处置）", "累计折旧/摊销（不含已处置）",
               "账面净值（不含已处置）", "总账原值", "差额（卡片 − 总账）")
    for col, header in enumerate(headers):
        w.text(ws, row + 1, col, header, w.f_total_label)
    for n, (kind, account) in enumerate(((AssetKind.FIXED, LedgerAccount.FIXED_ORIGINAL),
                                         (AssetKind.INTANGIBLE, LedgerAccount.INTANGIBLE_ORIGINAL)), start=row + 2):
        held, worn = f.held(kind), f.held(kind, attr="depreciation")
        w.text(ws, n, 0, kind.label)
        for col, value in enumerate((f.asset_sum("original", kind=kind.value),
                                     f.asset_sum("original", kind=kind.value, status=AssetStatus.DISPOSED.value),
                                     held, worn, held - worn), start=1):
            w.number(ws, n, col, value, w.f_money)
        ledger = f.ledger.get(account.value)
        if ledger is None:
            w.text(ws, n, 6, "未录入")
        else:
            w.number(ws, n, 6, ledger, w.f_money)
            w.number(ws, n, 7, held - ledger, w.f_money)


def write_indicators(w: Writer, results: dict[str, Result]) -> None:
    headers = ["指标", "数值", "单位", "目标", "是否达标", "计算公式", "口径", "说明"]
    ws, first = w.sheet("绩效指标", headers, landscape=True, widths=[22, 10, 6, 10, 8, 44, 36, 24])
    for n, r in enumerate(results.values()):
        row = first + n
        w.text(ws, row, 0, r.name)
        if r.value is None:
            w.text(ws, row, 1, NO_RATE, w.f_pct)
        else:  # the figure as printed (two decimals, half-up), not a longer one the viewer would round again
            w.number(ws, row, 1, round_half_up(r.value, 2), w.f_money)
        w.text(ws, row, 2, r.unit)
        w.text(ws, row, 3, r.target_text)
        w.text(ws, row, 4, {True: "达标", False: "未达标", None: ""}[r.met],
               {True: w.f_good, False: w.f_bad, None: w.f_cell}[r.met])
        w.text(ws, row, 5, r.formula)
        w.text(ws, row, 6, r.basis)
        w.text(ws, row, 7, r.note or r.reason)
    quarterly = results.get("quarterly_execution")
    if quarterly is not None and quarterly.entries:
        _write_quarters(w, ws, first + len(results) + 1, quarterly)


def _write_quarters(w: Writer, ws, row: int, r: Result) -> None:
    """分季执行率 quarter by quarter, as the report's table prints it (国库支付口径)."""
    w.text(ws, row, 0, f"分季执行率（{TREASURY_NOTE}）", w.f_total_label)
    for col, header in enumerate(("季度", "累计支出进度（%）", "序时进度（%）", "分季执行率（%）", "是否达到序时进度")):
        w.text(ws, row + 1, col, header, w.f_total_label)
    for n, e in enumerate(r.entries, start=row + 2):
        w.text(ws, n, 0, f"第{e['quarter']}季度")
        for col, key in ((1, "progress"), (2, "time_progress"), (3, "rate")):
            if e.get(key) is None:
                w.text(ws, n, col, NO_RATE, w.f_pct)
            else:
                w.number(ws, n, col, round_half_up(Decimal(e[key]), 2), w.f_money)
        reached = None if e.get("rate") is None else round_half_up(Decimal(e["rate"]), 2) >= 100
        w.text(ws, n, 4, {True: "达到", False: "未达到", None: ""}[reached],
               {True: w.f_good, False: w.f_bad, None: w.f_cell}[reached])


TREASURY_NOTE = "国库支付口径：各季度末累计国库支付 ÷ 调整预算数，与当季序时进度相比"
_SC = {h: n for n, h in enumerate(layout.SCORE_HEADERS)}  # score sheet column of each header


def write_score(w: Writer, score: ScoreSheet | None, manual_items: list[tuple[str, str, str, str, Decimal]],
                entries: dict[str, tuple[Decimal, str]] | None = None) -> None:
    ws, first = w.sheet(layout.SCORE_SHEET, list(layout.SCORE_HEADERS), landscape=True,
                        widths=[8, 14, 24, 6, 6, 6, 8, 10, 62, 18])
    weight_col, points_col, lost_col = _SC["分值"], _SC["得分"], _SC["扣分"]
    if score is None:  # the template: only the items the officer scores
        for n, (code, l1, l2, name, weight) in enumerate(manual_items):
            row = first + n
            for key, value in (("一级指标", l1), ("二级指标", l2), ("评分项", name), ("评分项代码", code)):
                w.text(ws, row, _SC[key], value)
            w.number(ws, row, weight_col, weight, w.f_money)
            w.text(ws, row, _SC["评分方式"], "人工")
        return
    weight_l, points_l = col_letter(weight_col), col_letter(points_col)
    for n, s in enumerate(score.items):
        row = first + n
        height = row_height([(s.reason, 64)])
        if height:
            ws.set_row(row, height)
        manual = s.item.rule["type"] == "manual"
        for key, value in (("一级指标", s.item.level1), ("二级指标", s.item.level2), ("评分项", s.item.name),
                           ("评分项代码", s.item.code), ("目标（满分点）", s.target)):
            w.text(ws, row, _SC[key], value)
        w.number(ws, row, weight_col, s.item.weight, w.f_money)
        w.number(ws, row, points_col, s.points, w.f_money)
        w.formula(ws, row, lost_col, f"={weight_l}{row + 1}-{points_l}{row + 1}", s.lost, w.f_money)
        # Only scores the officer entered are read back by an import ("人工"); an item not yet
        # scored is marked so that its 0 is not mistaken for a score.
        w.text(ws, row, _SC["评分方式"], ("人工" if s.entered else "人工（未评分）") if manual else "定量")
        w.text(ws, row, _SC["评分说明"], s.reason, w.f_cell_wrap)
    total = first + len(score.items)
    w.text(ws, total, _SC["评分项"], "总分", w.f_total_label)
    for col, cached in ((weight_col, score.full), (points_col, score.total), (lost_col, score.full - score.total)):
        letter = col_letter(col)
        w.formula(ws, total, col, f"=SUM({letter}{first + 1}:{letter}{total})", cached, w.f_money_total)
    w.text(ws, total, _SC["评分方式"], "等级", w.f_total_label)
    w.text(ws, total, _SC["评分说明"], f"{score.grade}（{score.rules_name}）", w.f_total_label)
    _write_other_scores(w, ws, total + 2, score, entries or {})


def _write_other_scores(w: Writer, ws, row: int, score: ScoreSheet, entries: dict[str, tuple[Decimal, str]]) -> None:
    """Scores the officer entered for items of other rules (a district's own rules file): not part
    of this total, but written (as 人工 rows, below it) so that an import of this file keeps them."""
    scored = {s.item.code for s in score.items}
    others = sorted(code for code in entries if code not in scored)
    if not others:
        return
    w.text(ws, row, 0, f"以下 {len(others)} 项人工评分属于其他评分规则，不计入上面的总分；导入时保留", w.f_note)
    for n, code in enumerate(others, start=row + 1):
        points, reason = entries[code]
        w.text(ws, n, _SC["评分项代码"], code)
        w.text(ws, n, _SC["评分项"], "（当前评分规则中没有此项）")
        w.number(ws, n, _SC["得分"], points, w.f_money)
        w.text(ws, n, _SC["评分方式"], "人工")
        w.text(ws, n, _SC["评分说明"], reason, w.f_cell_wrap)


def write_checks(w: Writer, checks: list[Check]) -> None:
    ws, first = w.sheet("勾稽校验", ["结果", "校验", "说明", "有关数据"], landscape=True, widths=[6, 40, 60, 60])
    order = {ERROR: 0, TAIL: 1, INFO: 2, PASS: 3}
    for n, c in enumerate(sorted(checks, key=lambda c: order[c.severity])):
        row = first + n
        figures = "；".join(f"{k}：{v}" for k, v in c.figures.items())
        height = row_height([(c.message, 62), (figures, 62)])
        if height:
            ws.set_row(row, height)
        w.text(ws, row, 0, c.severity, w.f_bad if c.severity == ERROR else w.f_cell)
        w.text(ws, row, 1, c.name)
        w.text(ws, row, 2, c.message, w.f_cell_wrap)
        w.text(ws, row, 3, figures, w.f_cell_wrap)
