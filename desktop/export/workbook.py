"""The workbook for superiors, written with XlsxWriter.

Why XlsxWriter: it writes formulas together with their computed values (so a viewer that does
not recalculate still shows the totals), native Excel charts, and `Decimal` numbers exactly as
their decimal text; it is also about twice as fast as openpyxl at writing. python-calamine
reads (reader.py).

Every text cell is written with `write_string` (text beginning with = + - @ is never a formula);
control characters are removed and over-long cells cut at Excel's 32,767 characters, and each
such change is reported. The file is written next to its target and moved into place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.checks import Check
from desktop.core.facts import YearFacts
from desktop.core.indicators import Result
from desktop.core.scoring import ScoreSheet
from desktop.export import layout
from desktop.export.atomic import atomic_write
from desktop.export.report_sheets import (
    write_asset_summary,
    write_checks,
    write_indicators,
    write_progress,
    write_project_summary,
    write_score,
    write_summary,
    write_three_public,
)
from desktop.export.workbook_base import (
    EXCEL_CELL_LIMIT,
    WRAPPED,
    Progress,
    RowStream,
    Writer,
    col_letter,
    column_widths,
    field_value,
    getter,
    row_height,
)


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
    audit_head: tuple[int, str] | None = None  # (count, last hash) of the audit log at export


@dataclass
class WriteReport:
    path: Path
    sheets: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)  # text cells changed to be writable


def printed_datetime(value: str | None) -> str | None:
    """An ISO time (2020-02-18T16:21:00) as printed: a space, and no seconds when they are zero."""
    if not value:
        return value
    text = value.replace("T", " ")
    return text[:-3] if len(text) == 19 and text.endswith(":00") else text


def write_data_sheet(w: Writer, sheet: layout.DataSheet, items: list[dict] | RowStream,
                     progress: Progress | None = None) -> None:
    """One data sheet, rows in one pass (`items` may be a RowStream), the totals summed on the way."""
    widths = column_widths(sheet, items)
    ws, first = w.sheet(sheet.name, [c.header for c in sheet.columns], landscape=sheet.landscape, widths=widths)
    # Per column, once: how to read the value and how to write it (the loop below runs per cell).
    plan = []
    for col, c in enumerate(sheet.columns):
        get = getter(c.key)
        if c.kind == "yuan":
            plan.append((col, get, "number", w.f_money, None))
        elif c.kind == "int":
            plan.append((col, get, "number", w.f_int, None))
        elif c.kind == "enum":
            plan.append((col, get, "text", w.f_cell, {m.value: m.label for m in c.enum}))
        elif c.kind == "bool":
            plan.append((col, get, "text", w.f_cell, {True: "是", False: "否"}))
        elif c.kind == "datetime":  # 2020-02-18 16:21 as an officer writes it (read back by fromisoformat)
            plan.append((col, lambda item, get=get: printed_datetime(get(item)), "text", w.f_cell, None))
        else:
            plan.append((col, get, "text", w.f_cell_wrap if c.key in WRAPPED else w.f_cell, None))
    wrapped = [(get, widths[col] + 2) for col, get, how, fmt, labels in plan if sheet.columns[col].key in WRAPPED]
    totals = {col: Decimal(0) for col, c in enumerate(sheet.columns) if c.key in sheet.total_columns}
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
                    value = Decimal(value) if isinstance(value, str) else value
                    w.number(ws, row, col, value, fmt)
                    if col in totals:
                        totals[col] += value
            elif value is None:
                ws.write_blank(row, col, None, fmt)  # bordered, empty: reads back as blank like ""
            else:
                value = labels[value] if labels is not None else value
                if value.__class__ is str and len(value) <= EXCEL_CELL_LIMIT and value.isprintable():
                    ws.write_string(row, col, value, fmt)  # the common case of w.text, without its call
                else:
                    w.text(ws, row, col, value, fmt)
        row += 1
        if progress and n % 20000 == 0 and n:
            progress(-1, f"{sheet.name}：已写 {n:,} 行")
    if totals and row > first:
        w.text(ws, row, 0, "合计", w.f_total_label)
        for col, total in totals.items():
            letter = col_letter(col)
            w.formula(ws, row, col, f"=SUM({letter}{first + 1}:{letter}{row})", total, w.f_money_total)
    ws.autofilter(first - 1, 0, max(row - 1, first - 1), len(sheet.columns) - 1)


def write_cover(w: Writer, data: WorkbookInput, contents: list[tuple[str, str]]) -> None:
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
    if data.audit_head is not None:
        rows += [(layout.COVER_AUDIT_COUNT, str(data.audit_head[0])), (layout.COVER_AUDIT_HASH, data.audit_head[1])]
    for n, (label, value) in enumerate(rows, start=2):
        w.text(ws, n, 0, label, w.f_head)
        w.text(ws, n, 1, value)
    start = len(rows) + 3
    ws.write_string(start, 0, "目录", w.f_title)
    for n, (name, description) in enumerate(contents, start=start + 1):
        ws.write_url(n, 0, f"internal:'{name}'!A1", string=name)
        w.text(ws, n, 1, description, w.f_text)


def _rows(value: Any) -> list[dict] | RowStream:
    return value if isinstance(value, RowStream) else list(value or [])


def _flatten(doc: dict[str, Any]) -> dict[str, list[dict] | RowStream]:
    """Sections of the year document as lists of rows (targets pulled out of projects)."""
    sections = {s.section: _rows(doc.get(s.section)) for s in layout.DATA_SHEETS}
    sections["carryover"] = [doc["carryover"]] if doc.get("carryover") else []
    details = doc.get("unit_details") or {}
    sections["unit_details"] = [details] if any(v is not None for v in details.values()) else []
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
    ("决算收入", "决算收入（按来源，用于收入同比增长率）"),
    ("单位情况", "离退休人员、内设机构、公务接待人次"),
    ("目标设置", "本年度设定的指标目标（替代评分规则中的目标）"),
)


def write_workbook(data: WorkbookInput, out: Path, progress: Progress | None = None,
                   manual_items: list | None = None, template: bool = False) -> WriteReport:
    """Write the whole workbook (or, with `template`, the empty workbook of the same sheets)."""
    report = WriteReport(Path(out))
    sections = _flatten(data.year_doc)
    big = len(sections.get("asset_cards", [])) > 20000

    def write(tmp: Path) -> None:
        w = Writer(tmp, report, constant_memory=big)
        w.page_header = f"{data.unit_name} {data.year}年度".strip()  # printed atop every page of every sheet
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
        write_score(w, None if template else data.score, manual_items or [],
                    data.facts.score_entries if data.facts and not template else {})
        if not template:
            write_checks(w, data.checks)
        for sheet in (layout.BUDGET_LINES, layout.EXPENDITURES, layout.CARRYOVER, layout.TASKS, layout.METRICS,
                      layout.NARRATIVES, layout.LEDGER, layout.INCOME, layout.UNIT_DETAILS, layout.INDICATOR_TARGETS):
            write_data_sheet(w, sheet, sections[sheet.section])
        step(90, "保存文件")
        w.book.close()

    atomic_write(Path(out), write)
    if progress:
        progress(100, "完成")
    return report

