"""The workbook for superiors, written with XlsxWriter.

Why XlsxWriter: it writes formulas together with their computed values (so a viewer that does
not recalculate still shows the totals), native Excel charts, and `Decimal` numbers exactly as
their decimal text; it is also about twice as fast as openpyxl at writing. openpyxl reads.

Every text cell is written with `write_string` (text beginning with = + - @ is never a formula);
control characters are removed and over-long cells cut at Excel's 32,767 characters, and each
such change is reported. The file is written next to its target and moved into place.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.checks import ERROR, INFO, PASS, TAIL, Check
from desktop.core.domain import (
    THREE_PUBLIC_CATEGORIES,
    AssetClass,
    AssetKind,
    AssetStatus,
    BudgetCategory as C,
    ProjectClass,
)
from desktop.core.facts import YearFacts
from desktop.core.indicators import Result
from desktop.core.scoring import ScoreSheet
from desktop.core.summary import TIME_PROGRESS
from desktop.export import layout
from desktop.export.atomic import atomic_write

EXCEL_CELL_LIMIT = 32767
WAN = Decimal(10000)
Progress = Callable[[int, str], None]


@dataclass
class WorkbookInput:
    unit_code: str
    unit_name: str
    year: int
    locked: bool
    lock_reason: str
    year_doc: dict[str, Any]
    facts: YearFacts | None = None
    indicators: dict[str, Result] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    score: ScoreSheet | None = None
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))


@dataclass
class WriteReport:
    path: Path
    sheets: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)  # text cells changed to be writable


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Writer:
    def __init__(self, path: Path, report: WriteReport, constant_memory: bool):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory,
                                                    "strings_to_formulas": False, "strings_to_urls": False})
        self.report = report
        b = self.book
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        self.f_text = b.add_format({**base})
        self.f_wrap = b.add_format({**base, "text_wrap": True, "valign": "top"})
        self.f_head = b.add_format({**base, "bold": True, "bg_color": "#DDE7F3", "border": 1, "align": "center",
                                    "text_wrap": True})
        self.f_title = b.add_format({**base, "bold": True, "font_size": 14})
        self.f_note = b.add_format({**base, "font_color": "#555555", "italic": True})
        self.f_money = b.add_format({**base, "num_format": "#,##0.00", "border": 1})
        self.f_money_total = b.add_format({**base, "num_format": "#,##0.00", "border": 1, "bold": True,
                                           "bg_color": "#F2F2F2"})
        self.f_pct = b.add_format({**base, "num_format": "0.00\"%\"", "border": 1})
        self.f_int = b.add_format({**base, "num_format": "#,##0", "border": 1})
        self.f_cell = b.add_format({**base, "border": 1})
        self.f_cell_wrap = b.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"})
        self.f_total_label = b.add_format({**base, "border": 1, "bold": True, "bg_color": "#F2F2F2"})
        self.f_bad = b.add_format({**base, "border": 1, "font_color": "#B3261E", "bold": True})
        self.f_good = b.add_format({**base, "border": 1, "font_color": "#2E7D32"})

    # --- cells ------------------------------------------------------------------------------
    def text(self, ws, row: int, col: int, value: Any, fmt=None) -> None:
        ws.write_string(row, col, self.clean("" if value is None else str(value), ws.name, row, col), fmt or self.f_cell)

    def clean(self, text: str, sheet: str, row: int, col: int) -> str:
        if len(text) <= EXCEL_CELL_LIMIT and text.isprintable():
            return text  # the common case, checked in C
        cleaned = "".join(ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
        if cleaned != text:
            self.report.cleaned.append(f"{sheet}!{_cell(row, col)}：删除了不可见的控制字符")
        if len(cleaned) > EXCEL_CELL_LIMIT:
            cleaned = cleaned[:EXCEL_CELL_LIMIT - 6] + "…（已截断）"
            self.report.cleaned.append(f"{sheet}!{_cell(row, col)}：超过 Excel 单元格 32,767 字的上限，已截断")
        return cleaned

    def number(self, ws, row: int, col: int, value: Decimal | int | None, fmt) -> None:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, fit_excel(value, f"{ws.name}!{_cell(row, col)}"), fmt)

    def formula(self, ws, row: int, col: int, formula: str, cached: Decimal | int | None, fmt) -> None:
        ws.write_formula(row, col, formula, fmt, cached if cached is not None else "")

    # --- sheets -----------------------------------------------------------------------------
    def sheet(self, name: str, headers: list[str], *, landscape: bool = False, title: str = "", widths=None):
        ws = self.book.add_worksheet(name)
        self.report.sheets.append(name)
        ws.set_paper(9)  # A4
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.set_footer("&C第 &P 页，共 &N 页")
        top = 0
        if title:
            ws.write_string(0, 0, title, self.f_title)
            top = 1
        for col, header in enumerate(headers):
            ws.write_string(top, col, header, self.f_head)
        ws.freeze_panes(top + 1, 0)
        ws.repeat_rows(0, top)
        widths = widths or [display_width(h) for h in headers]
        for col, width in enumerate(widths):
            ws.set_column(col, col, min(max(width, display_width(headers[col]) if col < len(headers) else 0) + 2, 60))
        return ws, top + 1


def fit_excel(value: Decimal | int, where: str) -> Decimal | int:
    """Excel keeps 15 significant digits. A stored amount always fits (at most 13 digits before
    the point and 2 after); a computed ratio such as 100/12 is cut to 15 digits, half-up. An
    integer part beyond 15 digits cannot be shown truthfully and is refused."""
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2 and abs(value) < 10**13:
        return value  # a stored amount (分): always fits
    if isinstance(value, int):
        if abs(value) >= 10**15:
            raise ValueError(f"{where} 的数值超过 Excel 的 15 位有效数字")
        return value
    if value == 0:
        return Decimal(0)
    integer_digits = max(value.adjusted() + 1, 1)
    if integer_digits > 15:
        raise ValueError(f"{where} 的数值超过 Excel 的 15 位有效数字")
    decimals = 15 - integer_digits
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        from decimal import ROUND_HALF_UP

        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value


def _cell(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col)


def _col(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)


def _value(item: dict, key: str) -> Any:
    for part in key.split("."):
        item = (item or {}).get(part) if isinstance(item, dict) else None
    return item


def _widths(sheet: layout.DataSheet, items: list[dict]) -> list[int]:
    widths = []
    for c in sheet.columns:
        sample = [display_width(_shown(c, _value(i, c.key))) for i in items[:300]]
        cap = 100 if c.key == "body" else (50 if c.kind == "text" else 22)
        widths.append(min(max([display_width(c.header), *sample]), cap))
    return widths


def _shown(col: layout.Col, value: Any) -> str:
    if value is None:
        return ""
    if col.kind == "enum":
        return col.enum(value).label
    if col.kind == "bool":
        return "是" if value else "否"
    if col.kind == "yuan":
        return f"{Decimal(value):,.2f}"
    return str(value)


WRAPPED = ("body", "reason")


def row_height(cells: list[tuple[str, int]]) -> float | None:
    """Height for a row whose wrapped cells hold (text, column width): viewers that do not fit
    rows themselves (LibreOffice, print) would otherwise draw long text over the next rows."""
    lines = 1
    for text, width in cells:
        if text:
            lines = max(lines, sum(max(1, -(-display_width(part) // max(width - 1, 1))) for part in text.split("\n")))
    return None if lines == 1 else min(409.0, 13.5 * lines + 2)


def _getter(key: str):
    if "." not in key:
        return lambda item: item.get(key)
    return lambda item: _value(item, key)


def write_data_sheet(w: _Writer, sheet: layout.DataSheet, items: list[dict], progress: Progress | None = None) -> None:
    ws, first = w.sheet(sheet.name, [c.header for c in sheet.columns], landscape=sheet.landscape,
                        widths=_widths(sheet, items))
    # Per column, once: how to read the value and how to write it (the loop below runs per cell).
    plan = []
    for col, c in enumerate(sheet.columns):
        get = _getter(c.key)
        if c.kind == "yuan":
            plan.append((col, get, "number", w.f_money, None))
        elif c.kind == "int":
            plan.append((col, get, "number", w.f_int, None))
        elif c.kind == "enum":
            plan.append((col, get, "text", w.f_cell, {m.value: m.label for m in c.enum}))
        elif c.kind == "bool":
            plan.append((col, get, "text", w.f_cell, {True: "是", False: "否"}))
        else:
            plan.append((col, get, "text", w.f_cell_wrap if c.key in WRAPPED else w.f_cell, None))
    widths = _widths(sheet, items)
    wrapped = [(get, widths[col] + 2) for col, get, how, fmt, labels in plan if sheet.columns[col].key in WRAPPED]
    row = first
    for n, item in enumerate(items):
        if wrapped:  # before the row's cells: constant-memory mode writes a row out when the next starts
            height = row_height([(str(get(item) or ""), width) for get, width in wrapped])
            if height:
                ws.set_row(row, height)
        for col, get, how, fmt, labels in plan:
            value = get(item)
            if how == "number":
                if value is None:
                    ws.write_blank(row, col, None, fmt)
                else:
                    w.number(ws, row, col, Decimal(value) if isinstance(value, str) else value, fmt)
            elif value is None:
                ws.write_string(row, col, "", fmt)
            else:
                w.text(ws, row, col, labels[value] if labels is not None else value, fmt)
        row += 1
        if progress and n % 20000 == 0 and n:
            progress(-1, f"{sheet.name}：已写 {n:,} 行")
    if sheet.total_columns and items:
        w.text(ws, row, 0, "合计", w.f_total_label)
        for col, c in enumerate(sheet.columns):
            if c.key in sheet.total_columns:
                total = sum((Decimal(_value(i, c.key) or 0) for i in items), Decimal(0))
                letter = _col(col)
                w.formula(ws, row, col, f"=SUM({letter}{first + 1}:{letter}{row})", total, w.f_money_total)
    ws.autofilter(first - 1, 0, max(row - 1, first - 1), len(sheet.columns) - 1)


def write_cover(w: _Writer, data: WorkbookInput, contents: list[tuple[str, str]]) -> None:
    ws = w.book.add_worksheet(layout.COVER)
    w.report.sheets.append(layout.COVER)
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 60)
    ws.write_string(0, 0, f"{data.unit_name} {data.year}年度预算绩效数据", w.f_title)
    rows = [("单位代码", data.unit_code), ("单位名称", data.unit_name), ("年度", str(data.year)),
            ("年度状态", "已锁定" if data.locked else "未锁定"), ("锁定原因", data.lock_reason),
            ("导出时间", data.generated_at.strftime("%Y-%m-%d %H:%M")),
            ("金额单位", "汇总表为万元（两位小数），明细表为元"), ("生成软件", "预算绩效工作台")]
    for n, (label, value) in enumerate(rows, start=2):
        w.text(ws, n, 0, label, w.f_head)
        w.text(ws, n, 1, value)
    start = len(rows) + 3
    ws.write_string(start, 0, "目录", w.f_title)
    for n, (name, description) in enumerate(contents, start=start + 1):
        ws.write_url(n, 0, f"internal:'{name}'!A1", string=name)
        w.text(ws, n, 1, description, w.f_text)


def write_summary(w: _Writer, f: YearFacts, results: dict[str, Result]) -> None:
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
        rate = actual * 100 / adjusted if adjusted else None
        w.formula(ws, row, 5, f'=IF(D{row + 1}=0,"",E{row + 1}/D{row + 1}*100)', rate, w.f_pct)

    r = first
    line(r, "人员经费", [C.PERSONNEL])
    line(r + 1, "日常公用经费", [C.PUBLIC])
    w.text(ws, r + 2, 0, "基本支出小计", w.f_total_label)
    for col, letter in ((1, "B"), (2, "C"), (3, "D"), (4, "E")):
        cached = {1: f.initial_basic, 2: f.adjusted_basic - f.initial_basic, 3: f.adjusted_basic,
                  4: f.actual_basic}[col] / WAN
        w.formula(ws, r + 2, col, f"={letter}{r + 1}+{letter}{r + 2}", cached, w.f_money_total)
    rate = f.actual_basic * 100 / f.adjusted_basic if f.adjusted_basic else None
    w.formula(ws, r + 2, 5, f'=IF(D{r + 3}=0,"",E{r + 3}/D{r + 3}*100)', rate, w.f_pct)
    line(r + 3, "项目支出", [C.PROJECT])
    w.text(ws, r + 4, 0, "合计", w.f_total_label)
    for col, letter in ((1, "B"), (2, "C"), (3, "D"), (4, "E")):
        cached = {1: f.initial_total, 2: f.adjusted_total - f.initial_total, 3: f.adjusted_total,
                  4: f.actual_total}[col] / WAN
        w.formula(ws, r + 4, col, f"={letter}{r + 3}+{letter}{r + 4}", cached, w.f_money_total)
    rate = f.actual_total * 100 / f.adjusted_total if f.adjusted_total else None
    w.formula(ws, r + 4, 5, f'=IF(D{r + 5}=0,"",E{r + 5}/D{r + 5}*100)', rate, w.f_pct)
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


def write_progress(w: _Writer, f: YearFacts, items: list[dict]) -> None:
    sheet = layout.DISBURSEMENTS
    headers = [c.header for c in sheet.columns] + ["累计国库支付（万元）", "支出进度（%）", "序时进度（%）"]
    ws, first = w.sheet(sheet.name, headers, widths=[8, 24, 20, 14, 14])
    by_month = {d["month"]: Decimal(d["cumulative"]) for d in items}
    for n, month in enumerate(sorted(by_month)):
        row = first + n
        w.number(ws, row, 0, month, w.f_int)
        w.number(ws, row, 1, by_month[month], w.f_money)
        w.formula(ws, row, 2, f"=B{row + 1}/10000", by_month[month] / WAN, w.f_money)
        progress = by_month[month] * 100 / f.adjusted_total if f.adjusted_total else None
        w.formula(ws, row, 3, f'=IF({f.adjusted_total}=0,"",B{row + 1}/{f.adjusted_total}*100)', progress, w.f_pct)
        time_progress = TIME_PROGRESS[month // 3] if month % 3 == 0 else Decimal(month * 100) / 12
        w.number(ws, row, 4, time_progress, w.f_pct)
    last = first + len(by_month)
    # The note sits beside the header, so the data rows stay data only (the sheet is read back).
    w.text(ws, first - 1, len(headers) + 1, f"支出进度 = 累计国库支付 ÷ 调整预算数（{f.adjusted_total:,.2f} 元）", w.f_note)
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


def write_three_public(w: _Writer, f: YearFacts) -> None:
    headers = ["项目", "预算", "实际支出", "控制率（%）", "上年实际支出"]
    ws, first = w.sheet("“三公”经费", headers, title=f"{f.year}年度“三公”经费（万元）", widths=[22, 14, 14, 12, 14])
    for n, cat in enumerate(THREE_PUBLIC_CATEGORIES):
        row = first + n
        budget, actual = f.adjusted_of(cat), f.actual_of(cat)
        w.text(ws, row, 0, cat.label)
        w.number(ws, row, 1, budget / WAN, w.f_money)
        w.number(ws, row, 2, actual / WAN, w.f_money)
        w.formula(ws, row, 3, f'=IF(B{row + 1}=0,"",C{row + 1}/B{row + 1}*100)',
                  actual * 100 / budget if budget else None, w.f_pct)
        w.number(ws, row, 4, f.previous.actual_of(cat) / WAN if f.previous else None, w.f_money)
    total = first + len(THREE_PUBLIC_CATEGORIES)
    w.text(ws, total, 0, "合计", w.f_total_label)
    for col, cached in ((1, f.three_public_budget), (2, f.three_public_actual),
                        (4, f.previous.three_public_actual if f.previous else Decimal(0))):
        letter = _col(col)
        w.formula(ws, total, col, f"=SUM({letter}{first + 1}:{letter}{total})", cached / WAN, w.f_money_total)
    w.formula(ws, total, 3, f'=IF(B{total + 1}=0,"",C{total + 1}/B{total + 1}*100)',
              f.three_public_actual * 100 / f.three_public_budget if f.three_public_budget else None, w.f_pct)


def write_project_summary(w: _Writer, f: YearFacts, items: list[dict]) -> None:
    sheet = layout.PROJECTS
    extra = ["年初预算（万元）", "调整预算（万元）", "支出（万元）", "执行率（%）", "绩效目标达成"]
    ws, first = w.sheet(sheet.name, [c.header for c in sheet.columns] + extra, landscape=True,
                        widths=_widths(sheet, items) + [14, 14, 14, 12, 12])
    by_code = {p.code: p for p in f.projects} if f else {}
    n = len(sheet.columns)
    for i, item in enumerate(items):
        row = first + i
        for col, c in enumerate(sheet.columns):
            value = _value(item, c.key)
            w.text(ws, row, col, c.enum(value).label if c.kind == "enum" else value)
        p = by_code.get(item["code"])
        if p:
            w.number(ws, row, n, p.initial / WAN, w.f_money)
            w.number(ws, row, n + 1, p.adjusted / WAN, w.f_money)
            w.number(ws, row, n + 2, p.actual / WAN, w.f_money)
            w.formula(ws, row, n + 3, f'=IF({_col(n + 1)}{row + 1}=0,"",{_col(n + 2)}{row + 1}/{_col(n + 1)}{row + 1}*100)',
                      p.actual * 100 / p.adjusted if p.adjusted else None, w.f_pct)
            w.text(ws, row, n + 4, f"{p.targets_met}/{p.targets_total}")
    if items and f:
        total = first + len(items)
        w.text(ws, total, 0, "合计", w.f_total_label)
        for col, cached in ((n, f.initial_of(C.PROJECT)), (n + 1, f.adjusted_of(C.PROJECT)), (n + 2, f.actual_of(C.PROJECT))):
            letter = _col(col)
            w.formula(ws, total, col, f"=SUM({letter}{first + 1}:{letter}{total})", cached / WAN, w.f_money_total)


def write_asset_summary(w: _Writer, f: YearFacts) -> None:
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
        last = _col(len(statuses))
        total = sum((g.original for g in f.assets if g.asset_class == cls.value and g.status != "disposed"), Decimal(0))
        w.formula(ws, row, len(statuses) + 1, f"=SUM(B{row + 1}:{last}{row + 1})", total / WAN, w.f_money_total)
    end = first + len(classes)
    w.text(ws, end, 0, "合计", w.f_total_label)
    for col in range(1, len(statuses) + 2):
        letter = _col(col)
        cached = (sum((g.original for g in f.assets if g.status == statuses[col - 1].value), Decimal(0))
                  if col <= len(statuses) else f.held(AssetKind.FIXED) + f.held(AssetKind.INTANGIBLE))
        w.formula(ws, end, col, f"=SUM({letter}{first + 1}:{letter}{end})", cached / WAN, w.f_money_total)
    from desktop.core.domain import Acquisition

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


def write_indicators(w: _Writer, results: dict[str, Result]) -> None:
    headers = ["指标", "数值", "单位", "目标", "是否达标", "计算公式", "口径", "说明"]
    ws, first = w.sheet("绩效指标", headers, landscape=True, widths=[22, 10, 6, 10, 8, 44, 36, 24])
    for n, r in enumerate(results.values()):
        row = first + n
        w.text(ws, row, 0, r.name)
        w.number(ws, row, 1, None if r.value is None else r.value.quantize(Decimal("0.000001")), w.f_money)
        w.text(ws, row, 2, r.unit)
        w.text(ws, row, 3, r.target_text)
        w.text(ws, row, 4, {True: "达标", False: "未达标", None: ""}[r.met],
               {True: w.f_good, False: w.f_bad, None: w.f_cell}[r.met])
        w.text(ws, row, 5, r.formula)
        w.text(ws, row, 6, r.basis)
        w.text(ws, row, 7, r.note or r.reason)


def write_score(w: _Writer, score: ScoreSheet | None, manual_items: list[tuple[str, str, str, str, Decimal]]) -> None:
    ws, first = w.sheet(layout.SCORE_SHEET, list(layout.SCORE_HEADERS), landscape=True,
                        widths=[18, 8, 14, 24, 6, 6, 6, 8, 70])
    if score is None:  # the template: only the items the officer scores
        for n, (code, l1, l2, name, weight) in enumerate(manual_items):
            row = first + n
            for col, value in enumerate((code, l1, l2, name)):
                w.text(ws, row, col, value)
            w.number(ws, row, 4, weight, w.f_money)
            w.text(ws, row, 7, "人工")
        return
    for n, s in enumerate(score.items):
        row = first + n
        height = row_height([(s.reason, 72)])
        if height:
            ws.set_row(row, height)
        manual = s.item.rule["type"] == "manual"
        for col, value in enumerate((s.item.code, s.item.level1, s.item.level2, s.item.name)):
            w.text(ws, row, col, value)
        w.number(ws, row, 4, s.item.weight, w.f_money)
        w.number(ws, row, 5, s.points, w.f_money)
        w.formula(ws, row, 6, f"=E{row + 1}-F{row + 1}", s.lost, w.f_money)
        # Only scores the officer entered are read back by an import ("人工"); an item not yet
        # scored is marked so that its 0 is not mistaken for a score.
        w.text(ws, row, 7, ("人工" if s.entered else "人工（未评分）") if manual else "定量")
        w.text(ws, row, 8, s.reason, w.f_cell_wrap)
    total = first + len(score.items)
    w.text(ws, total, 3, "总分", w.f_total_label)
    for col, cached in ((4, score.full), (5, score.total), (6, score.full - score.total)):
        letter = _col(col)
        w.formula(ws, total, col, f"=SUM({letter}{first + 1}:{letter}{total})", cached, w.f_money_total)
    w.text(ws, total, 7, "等级", w.f_total_label)
    w.text(ws, total, 8, f"{score.grade}（{score.rules_name}）", w.f_total_label)


def write_checks(w: _Writer, checks: list[Check]) -> None:
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


def _flatten(doc: dict[str, Any]) -> dict[str, list[dict]]:
    """Sections of the year document as lists of rows (targets pulled out of projects)."""
    sections = {s.section: list(doc.get(s.section) or []) for s in layout.DATA_SHEETS}
    sections["carryover"] = [doc["carryover"]] if doc.get("carryover") else []
    sections["targets"] = [{"project": p["code"], **t} for p in doc.get("projects", []) for t in p.get("targets", [])]
    return sections


CONTENTS = (
    ("预算收支总表", "年初预算、预算调整、调整预算、实际支出及执行率（万元），含图表"),
    ("预算调整明细", "每一笔预算调整/调剂及冲销（元）"),
    ("分季支出进度", "分月累计国库支付、支出进度与序时进度，含图表"),
    ("“三公”经费", "“三公”经费预算、实际支出与上年对比（万元）"),
    ("政府采购", "政府采购明细（元）"),
    ("项目", "二级项目及预算、支出、执行率"),
    ("绩效目标", "项目绩效目标及完成值"),
    ("资产汇总", "资产账面原值按分类和使用状况汇总（万元）"),
    ("资产卡片明细", "资产卡片（元）"),
    ("人员编制", "核定与实有人数"),
    ("绩效指标", "各项绩效指标、目标及是否达标"),
    ("自评评分表", "自评得分、扣分及原因"),
    ("勾稽校验", "数据勾稽校验结果"),
    ("年初预算明细", "年初预算行（元）"),
    ("支出明细", "支出记录（元）"),
    ("结转结余", "财政拨款结转和结余（元）"),
    ("重点工作", "重点工作与民生实事"),
    ("其他绩效指标", "业务量、满意度等"),
    ("报告文字", "自评报告的文字部分"),
    ("总账余额", "年末总账余额（用于账卡核对）"),
)


def write_workbook(data: WorkbookInput, out: Path, progress: Progress | None = None,
                   manual_items: list | None = None, template: bool = False) -> WriteReport:
    """Write the whole workbook (or, with `template`, the empty workbook of the same sheets)."""
    report = WriteReport(Path(out))
    sections = _flatten(data.year_doc)
    big = len(sections.get("asset_cards", [])) > 20000

    def write(tmp: Path) -> None:
        w = _Writer(tmp, report, constant_memory=big)
        step = progress or (lambda pct, text: None)
        contents = [c for c in CONTENTS if not template or c[0] not in
                    ("预算收支总表", "“三公”经费", "资产汇总", "绩效指标", "勾稽校验")]
        write_cover(w, data, contents)
        f = data.facts
        if not template:
            step(5, "预算收支总表")
            write_summary(w, f, data.indicators)
        write_data_sheet(w, layout.ADJUSTMENTS, sections["adjustments"])
        step(15, "分季支出进度")
        if template:
            write_data_sheet(w, layout.DISBURSEMENTS, [])
        else:
            write_progress(w, f, sections["disbursements"])
            write_three_public(w, f)
        write_data_sheet(w, layout.PROCUREMENTS, sections["procurements"])
        if template:
            write_data_sheet(w, layout.PROJECTS, [])
        else:
            write_project_summary(w, f, sections["projects"])
        write_data_sheet(w, layout.TARGETS, sections["targets"])
        step(25, "资产")
        if not template:
            write_asset_summary(w, f)
        write_data_sheet(w, layout.CARDS, sections["asset_cards"], progress)
        step(80, "人员、指标与评分")
        write_data_sheet(w, layout.HEADCOUNT, sections["headcount"])
        if not template:
            write_indicators(w, data.indicators)
        write_score(w, None if template else data.score, manual_items or [])
        if not template:
            write_checks(w, data.checks)
        for sheet in (layout.BUDGET_LINES, layout.EXPENDITURES, layout.CARRYOVER, layout.TASKS, layout.METRICS,
                      layout.NARRATIVES, layout.LEDGER):
            write_data_sheet(w, sheet, sections[sheet.section])
        step(90, "保存文件")
        w.book.close()

    atomic_write(Path(out), write)
    if progress:
        progress(100, "完成")
    return report

