"""One cell of a workbook turned into the value the interchange document holds (元 as exact
"1234.50" text, dates as ISO text, enums by value), and every refusal kept with its sheet, row
and column (`Cells`). Fast paths read the values our own export writes without the forgiving
full conversion (`converter`); `tests/test_reader_fast_paths.py` holds them to the same results."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from desktop.core.errors import ValidationError
from desktop.core.money import MoneyError, Unit, format_amount, format_plain, parse_amount, parse_decimal
from desktop.export import layout
from desktop.export.xlsx_source import FIRST_TRUE_1900_DATE, Book, Sheet, column_letter

if TYPE_CHECKING:
    from desktop.export.reader import ParsedWorkbook


@dataclass(frozen=True)
class Refusal:
    sheet: str
    row: int
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”第 {self.row} 行"
        if self.column:
            where += f"第 {self.column} 列（{self.header}）"
        return f"{where}：{self.message}"


def norm(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


class Cells:
    """Turns one sheet's cells into typed values; every refusal is collected with its place."""

    def __init__(self, book: Book, sheet: Sheet, parsed: ParsedWorkbook):
        self.book, self.sheet, self.parsed = book, sheet, parsed
        self.name = sheet.title
        self.merged = sheet.merged()
        self.blank_required: list[tuple[int, int, str]] = []
        # one copy of each short text or date seen on the sheet: 100,000 cards name a few dozen
        # custodians, places and dates, and every cell would otherwise be its own string object
        self.memo: dict[str, str] = {}
        if sheet.hidden:
            parsed.hidden.append(self.name)

    def finish(self) -> None:
        """Report the required cells found blank: a formula never calculated, or simply empty."""
        formulas = self.book.formula_cells(self.name, {(r, c) for r, c, _ in self.blank_required})
        for row, col, header in self.blank_required:
            if (row, col) in formulas:
                self.refuse(row, col, header, "为公式且无计算结果，请用 Excel/WPS 打开并保存后再导入")
            else:
                self.refuse(row, col, header, "必填，不能为空")
        self.blank_required.clear()

    def refuse(self, row: int, col: int, header: str, message: str) -> None:
        self.parsed.refusals.append(Refusal(self.name, row, column_letter(col) if col >= 0 else "", header, message))

    def raw(self, row: int, col: int, value: Any, header: str) -> Any:
        if value is None and (row, col) in self.merged:
            self.refuse(row, col, header, "是合并单元格的一部分，没有独立的值，请取消合并并逐行填写")
            return FAILED
        return value

    def convert(self, row: int, col: int, column: layout.Col, value: Any, header: str, convert=None) -> Any:
        value = self.raw(row, col, value, header)
        if value is FAILED:
            return FAILED
        if value is None or (isinstance(value, str) and not value.strip()):
            if column.required:
                self.blank_required.append((row, col, header))
                return FAILED
            return None
        try:
            return (convert or CONVERT[column.kind])(self, row, col, column, value, header)
        except REFUSED as exc:
            self.refuse_because(row, col, header, exc)
            return FAILED

    def refuse_because(self, row: int, col: int, header: str, exc: Exception) -> None:
        message = str(exc)
        self.refuse(row, col, header, message.split("：", 1)[1] if "：" in message else message)


FAILED = object()
REFUSED = (MoneyError, ValidationError, ValueError, InvalidOperation, OverflowError)


def exact(value: Any) -> Any:
    """A float cell value as the decimal Excel shows: through repr, so 0.1 stays 0.1; calamine
    gives every number as a float, so a whole number comes back without a trailing .0."""
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _unit_of(header: str) -> Unit:
    return Unit.WAN if "万元" in header else Unit.YUAN


def _to_yuan(cells: Cells, row, col, column, value, header) -> str:
    unit = _unit_of(header)
    if isinstance(value, bool):
        raise ValueError("不是金额")
    if isinstance(value, float):
        # Floats from Excel: through repr, so 0.1 stays 0.1; more decimals than 分 are refused.
        value = exact(value)
    if isinstance(value, str):
        plain = value.strip()
        result = parse_amount(value, unit=unit, field=header)
        if not re.fullmatch(r"-?\d+(\.\d+)?", plain):
            cells.parsed.notes.append(f"工作表“{cells.name}”第 {row} 行第 {column_letter(col)} 列："
                                      f"文本“{plain}”按金额读作 {format_amount(result)} 元")
        return format_plain(result)
    return format_plain(parse_amount(Decimal(value) if isinstance(value, Decimal) else value, unit=unit, field=header))


def _to_int(cells, row, col, column, value, header) -> int:
    if isinstance(value, bool):
        raise ValueError("不是整数")
    if isinstance(value, float):
        if value != int(value):
            raise ValueError(f"“{value}”不是整数")
        return int(value)
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not re.fullmatch(r"-?\d+", text, re.ASCII):
        raise ValueError(f"“{value}”不是整数")
    return int(text)


def _to_qty(cells, row, col, column, value, header) -> str:
    if isinstance(value, float):
        value = exact(value)
    return str(parse_decimal(value if not isinstance(value, str) else value, field=header, max_decimals=6))


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def _to_date(cells: Cells, row, col, column, value, header) -> str:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            cells.parsed.notes.append(f"工作表“{cells.name}”第 {row} 行第 {column_letter(col)} 列：日期带有时间，已只取日期")
        value = value.date()
    if isinstance(value, dt.date):
        if value < FIRST_TRUE_1900_DATE and not cells.book.mac_1904:
            # a date cell holding serial 59 or 60 both read as 1900-02-28: one of them is wrong
            raise ValueError(f"日期 {value.isoformat()} 早于 1900-03-01：Excel 的 1900 日期系统在此之前"
                             "有一天虚构的 1900-02-29（序号 60），无法确定真实日期，请改为文本日期（如 2020-03-31）")
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return cells.book.serial_date(value).isoformat()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"“{value}”不是有效日期（例如 2020-03-31）")


def _to_datetime(cells, row, col, column, value, header) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "T")
    try:
        return dt.datetime.fromisoformat(text).replace(microsecond=0).isoformat()
    except ValueError:
        return f"{_to_date(cells, row, col, column, value, header)}T00:00:00"


def _to_bool(cells, row, col, column, value, header) -> bool:
    text = norm(value)
    if text in ("是", "1", "true", "TRUE", "True", "1.0", "已上缴", "Y"):
        return True
    if text in ("否", "0", "false", "FALSE", "False", "0.0", "未上缴", "N"):
        return False
    raise ValueError(f"“{value}”应为“是”或“否”")


def _to_enum(cells, row, col, column, value, header) -> str:
    text = norm(value)
    for member in column.enum:
        if text in (member.value, norm(member.label)):
            return member.value
    return column.enum.from_text(str(value).strip(), header).value  # raises with the choices


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _to_text(cells, row, col, column, value, header) -> str:
    if isinstance(value, float) and value == int(value):
        value = int(value)  # a code typed as a number, e.g. 2020001
    text = str(value)
    if "_x" in text:  # characters XML cannot hold (such as CR) are stored as _xHHHH_
        text = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if column.key in ("body", "reason", "note"):
        return text
    text = text.strip()
    return cells.memo.setdefault(text, text) if len(text) <= 40 else text


# repr of a float with at most 12 integer digits and 1–2 decimals (or ".0"): no exponent, no more.
_PLAIN_FLOAT = re.compile(r"(-?[0-9]{1,12})(?:\.0|\.([0-9]{1,2}))", re.ASCII)

CONVERT = {"yuan": _to_yuan, "int": _to_int, "qty": _to_qty, "date": _to_date, "datetime": _to_datetime,
            "bool": _to_bool, "enum": _to_enum, "text": _to_text}


def converter(column: layout.Col):
    """The column's converter with a fast path for the values our own export writes (an exact
    label, an ISO date); anything else goes through the full, forgiving converter."""
    slow = CONVERT[column.kind]
    if column.kind == "yuan":
        def yuan(cells, row, col, column, value, header):
            # A number cell in a 元 column whose shortest repr has at most 12 integer digits and at
            # most two decimals is exactly the amount the slow path reads (exact goes through the
            # same repr; 12 digits stay under MAX_YUAN); anything else takes the slow path.
            if value.__class__ is float and "万元" not in header:
                match = _PLAIN_FLOAT.fullmatch(repr(value))
                if match is not None:
                    whole, decimals = match.groups()
                    text = f"{whole}.{(decimals or '').ljust(2, '0')}"
                    return "0.00" if text in ("-0.00", "0.00") else text
            return slow(cells, row, col, column, value, header)
        return yuan
    if column.kind == "text":
        keep_spaces = column.key in ("body", "reason", "note")

        def text(cells, row, col, column, value, header):
            if value.__class__ is str and "_x" not in value:
                if keep_spaces:
                    return value
                value = value.strip()
                return cells.memo.setdefault(value, value) if len(value) <= 40 else value
            return slow(cells, row, col, column, value, header)
        return text
    if column.kind == "enum":
        table = {text: m.value for m in column.enum for text in (m.value, m.label, norm(m.label))}

        def enum(cells, row, col, column, value, header):
            hit = table.get(value) if isinstance(value, str) else None
            return hit if hit is not None else slow(cells, row, col, column, value, header)
        return enum
    if column.kind == "date":
        def date(cells, row, col, column, value, header):
            if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
                try:
                    text = dt.date.fromisoformat(value).isoformat()
                    return cells.memo.setdefault(text, text)
                except ValueError:
                    pass
            return slow(cells, row, col, column, value, header)
        return date
    return slow
