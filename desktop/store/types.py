"""Column types: money as integer 分, exact decimals as text."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, String
from sqlalchemy.types import TypeDecorator

from desktop.core.money import MoneyError, fen_to_yuan, yuan_to_fen


class StoredMoneyError(MoneyError):
    """A money column holds something other than integer 分 (written by another program).

    Raised while a row is read, where the record is not known; `locate_bad_money` finds it."""


class Fen(TypeDecorator):
    """An amount in 元 (`Decimal`) stored as an INTEGER number of 分.

    Refuses floats and anything finer than 分 instead of rounding: SQLAlchemy's `Numeric` on
    SQLite goes through REAL and silently loses 分.
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise MoneyError("金额", repr(value), "是浮点数；金额必须是精确的 Decimal")
        return yuan_to_fen(Decimal(value))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, int):
            # An external tool wrote REAL or TEXT into a money column: never do float
            # arithmetic on it; `Workspace` turns this into a message naming the record.
            raise StoredMoneyError("金额", repr(value), "在数据库中不是整数分，数据文件可能被外部程序改动")
        return fen_to_yuan(value)


class ExactDecimal(TypeDecorator):
    """A non-money quantity (target value, metric, rate) kept as its exact decimal text."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("ExactDecimal refuses float")
        return str(Decimal(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


def locate_bad_money(connection, limit: int = 10) -> list[tuple[str, str, int, str, object]]:
    """(table, key column, key, money column, value) of stored amounts that are not integer 分.

    `connection` is a SQLAlchemy connection; one scan per money table (only on the error path)."""
    from desktop.store.models import MONEY_COLUMNS

    found = []
    for table, columns in MONEY_COLUMNS.items():
        key = "year_id" if table == "carryovers" else "id"
        wrong = " OR ".join(f"typeof({c}) NOT IN ('integer', 'null')" for c in columns)
        rows = connection.exec_driver_sql(
            f"SELECT {key}, {', '.join(columns)} FROM {table} WHERE {wrong} ORDER BY {key} LIMIT {limit}")
        for row in rows:
            for column, value in zip(columns, row[1:]):
                if value is not None and not isinstance(value, int):
                    found.append((table, key, row[0], column, value))
    return found[:limit]


def money_sum(column):
    """SUM of a money column, as `Decimal` 元 (0.00 when there are no rows)."""
    from sqlalchemy import func

    return func.coalesce(func.sum(column), 0, type_=Fen)
