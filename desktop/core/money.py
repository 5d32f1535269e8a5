"""Money: exact amounts in 元 as `Decimal`, stored as integers of 分, printed half-up.

One rounding rule for the whole program: `round_half_up` (四舍五入, `ROUND_HALF_UP`, i.e. half
away from zero). It is applied only when a figure is printed or exported, never to stored data.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from desktop.core.errors import ValidationError

FEN_PER_YUAN = 100
YUAN_PER_WAN = Decimal(10000)
CENT = Decimal("0.01")
# Largest amount accepted anywhere: 999,999,999,999.99 元 (well inside Excel's 15 digits).
MAX_YUAN = Decimal("999999999999.99")


class Unit(str, Enum):
    """The unit an amount is typed or printed in."""

    YUAN = "元"
    WAN = "万元"

    @property
    def factor(self) -> Decimal:
        return Decimal(1) if self is Unit.YUAN else YUAN_PER_WAN

    @property
    def max_decimals(self) -> int:
        # 分 is the finest amount: two decimals of 元 are six decimals of 万元.
        return 2 if self is Unit.YUAN else 6

    @classmethod
    def parse(cls, text: str) -> "Unit":
        for unit in cls:
            if text in (unit.value, unit.name.lower()):
                return unit
        if text in ("wan", "wanyuan", "10k"):
            return cls.WAN
        if text in ("yuan", "cny", "rmb"):
            return cls.YUAN
        raise ValueError(f"未知的金额单位“{text}”，只能是“元”或“万元”")


class MoneyError(ValidationError):
    """An amount that cannot be accepted; `str()` is a Chinese message naming the field."""

    def __init__(self, field: str, text: str, reason: str):
        self.text = text
        self.reason = reason
        shown = text if len(text) <= 40 else text[:37] + "…"
        super().__init__(f"{field}：“{shown}”{reason}", field)


# After NFKC: optional sign or parentheses, digits in groups of three with commas or plain
# digits, optional decimals. ASCII digits only: NFKC maps full-width digits to ASCII, and any
# other script's digits (which int() and Decimal() would accept) stay out.
_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$", re.ASCII)
_CURRENCY_PREFIX = ("¥", "￥")


def parse_amount(text: str | int | Decimal, *, unit: Unit = Unit.YUAN, field: str = "金额",
                 allow_negative: bool = True) -> Decimal:
    """Read an amount typed in `unit` and return it in 元, exact to the 分.

    Accepts thousands separators, full-width digits, a leading minus or parentheses for a
    negative, a 元/万元 suffix that agrees with `unit`, and a ¥ sign. Refuses anything ambiguous
    (`24.000.30`, `1.234,56`, `12,34`), finer than 分, out of range, or not a number, with a
    `MoneyError` naming `field`.
    """
    if isinstance(text, bool):
        raise MoneyError(field, str(text), "不是金额")
    if isinstance(text, int):
        return _checked(Decimal(text) * unit.factor, field, str(text))
    if isinstance(text, Decimal):
        return _from_decimal(text, unit, field, str(text))
    if not isinstance(text, str):
        raise MoneyError(field, repr(text), "不是金额")

    raw = text
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise MoneyError(field, raw, "为空，请填写金额")
    for prefix in _CURRENCY_PREFIX:
        if s.startswith(prefix):
            s = s[len(prefix):].strip()
    s, suffix_unit = _strip_unit_suffix(s)
    if suffix_unit is not None and suffix_unit is not unit:
        raise MoneyError(field, raw, f"带有单位“{suffix_unit.value}”，但本栏的单位是“{unit.value}”")

    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    elif s.startswith("-"):
        negative, s = True, s[1:].strip()
    elif s.startswith("+"):
        s = s[1:].strip()

    match = _NUMBER.match(s)
    if match is None:
        raise MoneyError(field, raw, _why_not_a_number(s))
    decimals = match.group(1) or ""
    if len(decimals) > unit.max_decimals:
        finest = "分（小数点后两位）" if unit is Unit.YUAN else "分（万元小数点后六位）"
        raise MoneyError(field, raw, f"的小数位数过多，金额最小到{finest}")
    if negative and not allow_negative:
        raise MoneyError(field, raw, "不能为负数")
    value = Decimal(s.replace(",", "")) * unit.factor
    if negative:
        value = -value
    return _checked(value, field, raw)


def _strip_unit_suffix(s: str) -> tuple[str, Unit | None]:
    if s.endswith("万元"):
        return s[:-2].strip(), Unit.WAN
    if s.endswith("元"):
        return s[:-1].strip(), Unit.YUAN
    return s, None


def _why_not_a_number(s: str, what: str = "金额") -> str:
    """Why `s` is not a number; `what` it should have been (金额, or 数值 for a quantity)."""
    if s.count(".") > 1:
        return f"有多个小数点，无法识别的{what}格式"
    if "," in s and "." in s and s.rfind(",") > s.rfind("."):
        return f"的千位分隔符与小数点位置不对，无法识别的{what}格式"
    if "," in s:
        return f"的千位分隔符位置不对（应每三位一个逗号），无法识别的{what}格式"
    if " " in s:
        return f"中间有空格，无法识别的{what}格式"
    if any(ch.isdigit() and not ch.isascii() for ch in s):
        return "含有无法识别的数字字符"
    return f"不是有效的{what}"


def _from_decimal(value: Decimal, unit: Unit, field: str, raw: str) -> Decimal:
    if not value.is_finite():
        raise MoneyError(field, raw, "不是有效的金额")
    yuan = value * unit.factor
    if abs(yuan) > MAX_YUAN:  # before quantize: 1E+300 has no room for 分 (InvalidOperation)
        raise MoneyError(field, raw, "超出允许的范围（最大 999,999,999,999.99 元）")
    if yuan != yuan.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(field, raw, "的小数位数过多，金额最小到分")
    return _checked(yuan, field, raw)


def _checked(yuan: Decimal, field: str, raw: str) -> Decimal:
    if abs(yuan) > MAX_YUAN:
        raise MoneyError(field, raw, "超出允许的范围（最大 999,999,999,999.99 元）")
    result = yuan.quantize(CENT)
    # -0.00 is 0.00: a negative zero must never print as “-0.00”.
    return result + Decimal("0.00") if result != 0 else Decimal("0.00")


def yuan_to_fen(yuan: Decimal, field: str = "金额") -> int:
    """元 → integer 分; refuses anything finer than 分 (never rounds silently)."""
    if isinstance(yuan, bool) or not isinstance(yuan, (Decimal, int)):
        raise MoneyError(field, repr(yuan), "必须是精确的金额（Decimal），不能是浮点数")
    value = Decimal(yuan)
    if not value.is_finite():
        raise MoneyError(field, str(yuan), "不是有效的金额")
    fen = value * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise MoneyError(field, str(yuan), "的小数位数过多，金额最小到分")
    if abs(value) > MAX_YUAN:
        raise MoneyError(field, str(yuan), "超出允许的范围（最大 999,999,999,999.99 元）")
    return int(fen)


_PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,12}\.[0-9]{2}", re.ASCII)


def plain_to_fen(text: str, field: str = "金额") -> int:
    """The interchange format's amount text ('1234.50', '-0.05': digits, a point, exactly two
    decimals) → integer 分, without a Decimal on the way (a bulk import reads hundreds of
    thousands of them)."""
    if not isinstance(text, str) or _PLAIN_AMOUNT.fullmatch(text) is None:
        raise MoneyError(field, repr(text), "不是“元、两位小数”格式的金额（如 1234.50）")
    return int(text.replace(".", "", 1))


def fen_to_plain(fen: int) -> str:
    """Integer 分 → '1234.50' (the inverse of plain_to_fen)."""
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(CENT)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to `places` decimals: the one rounding rule of the program."""
    quantum = Decimal(1).scaleb(-places)
    result = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return result if result != 0 else abs(result)


def to_unit(yuan: Decimal, unit: Unit) -> Decimal:
    """An amount in 元 expressed in `unit`, exact (not rounded)."""
    return Decimal(yuan) / unit.factor


def format_amount(yuan: Decimal, unit: Unit = Unit.YUAN, places: int = 2,
                  separators: bool = True) -> str:
    """Print an amount in `unit`, rounded half-up, e.g. ``24,041.75``."""
    value = round_half_up(to_unit(yuan, unit), places)
    return f"{value:,.{places}f}" if separators else f"{value:.{places}f}"


def format_exact(yuan: Decimal, unit: Unit = Unit.YUAN) -> str:
    """An amount in `unit` to show in a field that is saved back: separators and 2 decimals
    (``24,000.30``, ``0.10``), more only where fewer would change it (7,545 元 in 万元 is
    ``0.7545``), so reading the field back gives the same 分."""
    value = to_unit(Decimal(yuan), unit)
    places = max(2, -value.normalize().as_tuple().exponent)
    return f"{value:,.{places}f}"


def format_plain(value: Decimal, places: int = 2) -> str:
    """Digits only, no separators: for JSON and machine-readable output."""
    return f"{round_half_up(value, places):.{places}f}"


def parse_decimal(text: str | int | Decimal, *, field: str, max_decimals: int = 4) -> Decimal:
    """A non-money quantity (a count, a rate, a target value): same strictness as amounts."""
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        value = Decimal(text)
    elif isinstance(text, str):
        s = unicodedata.normalize("NFKC", text).strip().rstrip("%").strip()
        negative = s.startswith("-")
        body = s[1:] if negative else s
        match = _NUMBER.match(body)
        if match is None:
            raise MoneyError(field, text, _why_not_a_number(body, "数值") if body else "为空")
        value = Decimal(body.replace(",", ""))
        value = -value if negative else value
    else:
        raise MoneyError(field, repr(text), "不是数值")
    if not value.is_finite():
        raise MoneyError(field, str(text), "不是数值")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_decimals:
        raise MoneyError(field, str(text), f"的小数位数过多（最多 {max_decimals} 位）")
    return value
