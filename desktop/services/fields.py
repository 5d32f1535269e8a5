"""Field parsers: typed or imported text turned into checked values. Every refusal is a
ValidationError naming the field as the person reads it (`field`) and, from a form, the service
parameter it came in (`key`), so the form shows it next to that field."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from desktop.core.domain import Labeled
from desktop.core.errors import ValidationError
from desktop.core.money import MoneyError, Unit, parse_amount, parse_decimal

MAX_TEXT = 32767  # Excel's cell limit: anything longer could not be exported intact


def money(value: Any, field: str, unit: Unit = Unit.YUAN, *, allow_negative: bool = False, key: str = "") -> Decimal:
    try:
        return parse_amount(value, unit=unit, field=field, allow_negative=allow_negative)
    except MoneyError as exc:
        raise ValidationError(str(exc), field, key) from exc


def quantity(value: Any, field: str, max_decimals: int = 4, *, key: str = "") -> Decimal:
    try:
        return parse_decimal(value, field=field, max_decimals=max_decimals)
    except MoneyError as exc:
        raise ValidationError(str(exc), field, key) from exc


def count(value: Any, field: str, *, key: str = "") -> int:
    if isinstance(value, bool):
        raise ValidationError(f"{field}：必须是非负整数", field, key)
    if isinstance(value, int):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not re.fullmatch(r"\d{1,9}", text, re.ASCII):
            raise ValidationError(f"{field}：“{value}”不是非负整数", field, key)
        number = int(text)
    if number < 0:
        raise ValidationError(f"{field}：必须是非负整数", field, key)
    return number


def text(value: Any, field: str, *, required: bool = True, max_len: int = MAX_TEXT, key: str = "") -> str:
    s = "" if value is None else unicodedata.normalize("NFC", str(value)).strip()
    if required and not s:
        raise ValidationError(f"{field}：不能为空", field, key)
    if len(s) > max_len:
        raise ValidationError(f"{field}：长度超过 {max_len} 个字符", field, key)
    bad = [ch for ch in s if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
    if bad:
        raise ValidationError(f"{field}：含有不可见的控制字符，请删除后再保存", field, key)
    return s


def choice(value: Any, enum: type[Labeled], field: str, *, key: str = "") -> str:
    try:
        return enum.from_text(str(value), field).value
    except ValueError as exc:
        raise ValidationError(str(exc), field, key) from exc


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def date(value: Any, field: str, fiscal_year: int | None = None, *, key: str = "") -> dt.date:
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        s = unicodedata.normalize("NFKC", str(value or "")).strip()
        for fmt in _DATE_FORMATS:
            try:
                result = dt.datetime.strptime(s, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise ValidationError(f"{field}：“{value}”不是有效日期（例如 2020-03-31）", field, key)
    if fiscal_year is not None and result.year != fiscal_year:
        raise ValidationError(f"{field}：{result.isoformat()} 不在 {fiscal_year} 年度内", field, key)
    return result
