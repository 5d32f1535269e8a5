from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.money import (
    MoneyError,
    Unit,
    fen_to_yuan,
    format_amount,
    format_exact,
    parse_amount,
    round_half_up,
    yuan_to_fen,
)


@pytest.mark.parametrize("text,unit,expected", [
    ("1234.56", Unit.YUAN, "1234.56"),
    ("1,234.56", Unit.YUAN, "1234.56"),
    (" 1234.56 ", Unit.YUAN, "1234.56"),
    ("1234.56\u00a0", Unit.YUAN, "1234.56"),
    ("¥1,234.56", Unit.YUAN, "1234.56"),
    ("1234.56元", Unit.YUAN, "1234.56"),
    ("１２３４．５６", Unit.YUAN, "1234.56"),
    ("１２３.４５", Unit.YUAN, "123.45"),
    ("－１００", Unit.YUAN, "-100.00"),
    ("-1,200", Unit.YUAN, "-1200.00"),
    ("(1,234.00)", Unit.YUAN, "-1234.00"),
    ("24,041.75", Unit.WAN, "240417500.00"),
    ("1,234.56 万元", Unit.WAN, "12345600.00"),
    ("0.000001", Unit.WAN, "0.01"),
    ("-0", Unit.YUAN, "0.00"),
    ("999,999,999,999.99", Unit.YUAN, "999999999999.99"),
])
def test_accepted_amounts(text, unit, expected):
    assert parse_amount(text, unit=unit) == Decimal(expected)


@pytest.mark.parametrize("text,unit,why", [
    ("24.000.30", Unit.YUAN, "多个小数点"),
    ("24.000.30", Unit.WAN, "多个小数点"),
    ("1.234,56", Unit.YUAN, "无法识别"),
    ("1 234,56", Unit.YUAN, "无法识别"),
    ("12,34", Unit.YUAN, "千位分隔符"),
    ("1,23,4.56", Unit.YUAN, "千位分隔符"),
    ("0.015", Unit.YUAN, "小数位数过多"),
    ("1234.565", Unit.YUAN, "小数位数过多"),
    ("0.0000001", Unit.WAN, "小数位数过多"),
    ("abc", Unit.YUAN, "不是有效的金额"),
    ("12元3", Unit.YUAN, "不是有效的金额"),
    ("١٢٣", Unit.YUAN, "无法识别的数字"),
    ("", Unit.YUAN, "为空"),
    ("1,234.56 万元", Unit.YUAN, "单位"),
    ("1000000000000", Unit.YUAN, "超出"),
    ("（一）", Unit.YUAN, ""),
])
def test_refused_amounts_name_the_field(text, unit, why):
    with pytest.raises(MoneyError) as info:
        parse_amount(text, unit=unit, field="调整金额")
    message = str(info.value)
    assert message.startswith("调整金额：")
    assert why in message


def test_plain_decimal_accepts_full_width_digits_but_not_the_full_width_point():
    # Why NFKC + an ASCII regex: Decimal() alone would take foreign digits silently.
    assert Decimal("１２３.４５") == Decimal("123.45")
    with pytest.raises(Exception):
        Decimal("１２３４．５６")


def test_negative_refused_where_not_allowed():
    with pytest.raises(MoneyError, match="不能为负数"):
        parse_amount("-5", field="账面原值", allow_negative=False)


@pytest.mark.parametrize("value,places,expected", [
    ("2.675", 2, "2.68"), ("2.665", 2, "2.67"), ("-2.675", 2, "-2.68"), ("0.005", 2, "0.01"),
    ("1.004999", 2, "1.00"), ("99.545", 2, "99.55"), ("-0.001", 2, "0.00"), ("17109.30", 0, "17109"),
    ("29.05", 0, "29"), ("24000.295", 2, "24000.30"),
])
def test_round_half_up(value, places, expected):
    result = round_half_up(Decimal(value), places)
    assert str(result) == expected


def test_format_in_wan_rounds_half_up_with_separators():
    assert format_amount(Decimal("240417530.00"), Unit.WAN) == "24,041.75"
    assert format_amount(Decimal("171093000.00"), Unit.WAN, 0) == "17,109"
    assert format_amount(Decimal("-1234567.89")) == "-1,234,567.89"
    # the tail-difference example of RELIABILITY-CATALOG §3
    parts = [Decimal("968434.64"), Decimal("307039.46"), Decimal("793432.71")]
    assert [format_amount(p, Unit.WAN) for p in parts] == ["96.84", "30.70", "79.34"]
    assert format_amount(sum(parts), Unit.WAN) == "206.89"


def test_fen_conversion_refuses_float_and_sub_fen():
    assert yuan_to_fen(Decimal("0.01")) == 1
    with pytest.raises(MoneyError):
        yuan_to_fen(0.1)  # float
    with pytest.raises(MoneyError):
        yuan_to_fen(Decimal("0.015"))


amounts = st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"),
                      places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_fen_round_trip_is_exact(value):
    assert fen_to_yuan(yuan_to_fen(value)) == value


@given(amounts)
def test_printed_amount_parses_back_exactly(value):
    assert parse_amount(format_amount(value)) == value


@given(amounts)
def test_wan_input_is_exact(value):
    # Printing in 万元 with six decimals and reading it back in 万元 loses nothing.
    assert parse_amount(format_amount(value, Unit.WAN, 6), unit=Unit.WAN) == value


@given(amounts, st.sampled_from(list(Unit)))
def test_a_field_shows_an_amount_as_printed_and_reads_it_back_exactly(value, unit):
    assert parse_amount(format_exact(value, unit), unit=unit) == value


def test_fields_show_two_decimals_with_separators_and_more_only_when_needed():
    assert format_exact(Decimal("1000"), Unit.WAN) == "0.10"
    assert format_exact(Decimal("240003000"), Unit.WAN) == "24,000.30"
    assert format_exact(Decimal("240003000"), Unit.YUAN) == "240,003,000.00"
    assert format_exact(Decimal("7545"), Unit.WAN) == "0.7545"  # not 0.75: saving it back would change it
