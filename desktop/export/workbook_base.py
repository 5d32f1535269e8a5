"""The writing machinery shared by the workbook's sheets: formats, safe text, Excel's number
limits, column widths and row heights."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.export import layout

EXCEL_CELL_LIMIT = 32767
WAN = Decimal(10000)
Progress = Callable[[int, str], None]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Writer:
    def __init__(self, path: Path, report: Any, constant_memory: bool):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory,
                                                    "strings_to_formulas": False, "strings_to_urls": False})
        self.report = report
        self.page_header = ""  # unit and year, printed at the top left of every page
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
        # right-aligned so that a "—" (no rate) sits where the figures stand
        self.f_pct = b.add_format({**base, "num_format": "0.00\"%\"", "border": 1, "align": "right"})
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
            ws.write_number(row, col, fit_excel(value, lambda: f"{ws.name}!{_cell(row, col)}"), fmt)

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
        # A detail page printed alone still says whose, which year, what and in which unit.
        ws.set_header(f"&L{_header_text(self.page_header)}&C{_header_text(name)}&R{money_unit_note(headers, title)}")
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


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a code in an Excel page header


def money_unit_note(headers: list[str], title: str = "") -> str:
    """金额单位 of a sheet, read from its column headers and title (…（元） / …（万元））."""
    text = title + "".join(headers)
    units = [u for u in ("万元", "元") if f"（{u}" in text or f"{u}）" in text or f"（{u}，" in text]
    if "万元" in units and any("（元" in h or "元）" in h.replace("万元）", "") for h in headers + [title]):
        return "金额单位：见各列"
    return f"金额单位：{units[0]}" if units else ""


def fit_excel(value: Decimal | int, where: Callable[[], str]) -> Decimal | int:
    """Excel keeps 15 significant digits. A stored amount always fits (at most 13 digits before
    the point and 2 after); a computed ratio such as 100/12 is cut to 15 digits, half-up. An
    integer part beyond 15 digits cannot be shown truthfully and is refused."""
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2 and abs(value) < 10**13:
        return value  # a stored amount (分): always fits
    if isinstance(value, int):
        if abs(value) >= 10**15:
            raise ValueError(f"{where()} 的数值超过 Excel 的 15 位有效数字")
        return value
    if value == 0:
        return Decimal(0)
    integer_digits = max(value.adjusted() + 1, 1)
    if integer_digits > 15:
        raise ValueError(f"{where()} 的数值超过 Excel 的 15 位有效数字")
    decimals = 15 - integer_digits
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        from decimal import ROUND_HALF_UP

        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value


def _cell(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col)


def col_letter(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)


def field_value(item: dict, key: str) -> Any:
    for part in key.split("."):
        item = (item or {}).get(part) if isinstance(item, dict) else None
    return item


class RowStream:
    """Rows produced when iterated (e.g. asset cards straight from SQL), with their count known
    beforehand: a sheet of 100,000 cards is written without the cards ever being held at once."""

    def __init__(self, produce: Callable[[], Any], count: int):
        self._produce, self._count = produce, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        return iter(self._produce())

    def head(self, n: int) -> list[dict]:
        from itertools import islice

        rows = iter(self._produce())
        try:
            return list(islice(rows, n))
        finally:
            close = getattr(rows, "close", None)
            if close:
                close()  # stop the query behind it


def column_widths(sheet: layout.DataSheet, items) -> list[int]:
    head = items.head(300) if isinstance(items, RowStream) else items[:300]
    widths = []
    for c in sheet.columns:
        sample = [display_width(_shown(c, field_value(i, c.key))) for i in head]
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


def row_height(cells: list[tuple[str, int]]) -> int | None:
    """Height for a row whose wrapped cells hold (text, column width): viewers that do not fit
    rows themselves (LibreOffice, print) would otherwise draw long text over the next rows."""
    lines = 1
    for text, width in cells:
        if text:
            lines = max(lines, sum(max(1, -(-display_width(part) // max(width - 1, 1))) for part in text.split("\n")))
    return None if lines == 1 else min(409, 14 * lines + 2)  # points; Excel's maximum is 409


def getter(key: str):
    if "." not in key:
        return lambda item: item.get(key)
    outer, _, inner = key.partition(".")
    if "." not in inner:  # "disposal.method": called per cell of 100,000 card rows
        return lambda item: (item.get(outer) or {}).get(inner)
    return lambda item: field_value(item, key)
