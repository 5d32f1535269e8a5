"""The per-column fast paths of the workbook reader (desktop/export/cells.py) give exactly what the full converters give."""

import random

import pytest

from desktop.export import cells, layout, reader


class _Cells:
    """What the converters touch on a sheet: its name, notes and the memo of short texts."""

    name = "资产卡片"

    def __init__(self):
        self.memo = {}
        self.parsed = reader.ParsedWorkbook()


def _outcome(convert, column, value, header):
    try:
        return convert(_Cells(), 2, 3, column, value, header)
    except cells.REFUSED as exc:
        return ("refused", str(exc))


def _column(kind, key=None):
    return next(c for s in layout.DATA_SHEETS for c in s.columns if c.kind == kind and (key is None or c.key == key))


EDGES = [0.0, -0.0, 0.1, 0.05, -0.05, 1e12, 999999999999.99, 999999999999.995, 1e13, 1e-5, 1.005, 123.456,
         5e-324, float("inf"), float("nan"), 12345678901.23, -1234.5, 2.675, 1e15, -1e16]


@pytest.mark.parametrize("header", ["账面原值（元）", "金额（万元）"])
def test_money_fast_path_equals_the_full_converter(header):
    rng = random.Random(13)
    values = EDGES + [rng.randint(-10**14, 10**14) / 100 for _ in range(5000)]
    values += [round(rng.random() * 10 ** rng.randint(0, 13), rng.randint(0, 3)) for _ in range(5000)]
    values += ["1,234.50", " 12.3 ", "¥5", "１２", True, 7, None]
    column = _column("yuan")
    fast = cells.converter(column)
    for value in values:
        assert _outcome(fast, column, value, header) == _outcome(cells.CONVERT["yuan"], column, value, header), value


@pytest.mark.parametrize("key", ["name", "note"])
def test_text_fast_path_equals_the_full_converter(key):
    column = next(c for s in layout.DATA_SHEETS for c in s.columns if c.kind == "text" and c.key == key)
    fast = cells.converter(column)
    for value in ["办公室", "  张三 ", "a_x000D_b", "x" * 41 + " ", 2020001.0, 12, "", "_x", "\u3000全角空格\u3000"]:
        assert _outcome(fast, column, value, column.header) == _outcome(cells.CONVERT["text"], column, value, column.header)
