"""What a data file holds, in a few figures: per year, the row count of every year-scoped table and
the sum of every money column (`store/models.py` YEAR_SCOPED_TABLES, MONEY_COLUMNS); the schema
revision; the audit head. Recorded in each backup's manifest and
computed again for the current file, so the restore screen can say what a restore would change.

Read straight from SQLite (not from the trigger-kept `year_totals`, which an older copy lacks),
so a backup made by an older schema version is described the same way without being migrated.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from desktop.core.money import Unit, fen_to_yuan, format_amount
from desktop.store.engine import SCHEMA_VERSION, make_engine
from desktop.store.totals import TABLE_NAMES
from desktop.store.models import MONEY_COLUMNS, YEAR_SCOPED_TABLES

COLUMN_LABELS = {
    "amount_fen": "金额", "original_fen": "原值", "depreciation_fen": "累计折旧", "residual_fen": "残值",
    "begin_fen": "年初数", "appropriation_fen": "拨款", "end_fen": "年末数", "budget_fen": "预算",
    "contract_fen": "合同金额", "paid_fen": "已支付", "cumulative_fen": "累计支付",
}
# The report's own figures shown beside each backup (computed by core, never re-added here).
HEADLINE = (("initial.total", "年初预算"), ("adjusted.total", "调整预算数"), ("actual.total", "支出决算数"))


@dataclass(frozen=True)
class YearFigures:
    unit_code: str
    unit_name: str
    year: int
    locked: bool
    counts: dict[str, int] = field(default_factory=dict)   # table -> rows
    sums: dict[str, int] = field(default_factory=dict)     # "table.column" -> 分
    report: dict[str, str] = field(default_factory=dict)   # HEADLINE key -> 元 (core's summary)

    @property
    def key(self) -> str:
        return f"{self.unit_code}/{self.year}"

    def headline(self) -> list[tuple[str, Decimal]]:
        return [(label, Decimal(self.report[key])) for key, label in HEADLINE if self.report.get(key) is not None]

    def to_json(self) -> dict:
        return {"unit": self.unit_code, "unit_name": self.unit_name, "year": self.year, "locked": self.locked,
                "counts": self.counts, "sums_fen": self.sums, "report": self.report}

    @classmethod
    def from_json(cls, data: dict) -> "YearFigures":
        return cls(str(data["unit"]), str(data.get("unit_name", "")), int(data["year"]), bool(data.get("locked")),
                   {k: int(v) for k, v in data.get("counts", {}).items()},
                   {k: int(v) for k, v in data.get("sums_fen", {}).items()},
                   {k: str(v) for k, v in data.get("report", {}).items() if v is not None})


@dataclass(frozen=True)
class FileFigures:
    user_version: int
    revision: str
    audit_count: int
    audit_last_hash: str
    years: tuple[YearFigures, ...]


def read_figures(path: Path) -> FileFigures:
    """The figures of the data file at `path`, through read-only connections."""
    con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = _figures(con)
    finally:
        con.close()
    report = _report_figures(path) if found.user_version == SCHEMA_VERSION else {}
    years = tuple(replace(y, report=report.get(y.key, {})) for y in found.years)
    return replace(found, years=years)


def _report_figures(path: Path) -> dict[str, dict[str, str]]:
    """Per year, the HEADLINE figures as core's summary computes them."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from desktop.core.summary import summary_json
    from desktop.services.facts import load_facts
    from desktop.store.models import FiscalYear

    engine = make_engine(path, read_only=True)
    try:
        with Session(engine) as s:
            out = {}
            for fy in s.scalars(select(FiscalYear)):
                summary = summary_json(load_facts(s, fy, with_previous=False))
                out[f"{fy.unit.code}/{fy.year}"] = {key: summary.get(key) for key, _label in HEADLINE}
            return out
    finally:
        engine.dispose()


def _figures(con: sqlite3.Connection) -> FileFigures:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    try:
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.Error:
        revision = ""
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    columns = {t: [c[1] for c in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    # The business tables and money columns as the store defines them (the same ones its per-year
    # totals keep), counted from the rows so that a copy of an older schema is described too.
    year_tables = [t for t in YEAR_SCOPED_TABLES if t in columns and "year_id" in columns[t]]
    years: list[YearFigures] = []
    query = ("SELECT fy.id, u.code, u.name, fy.year, fy.locked FROM fiscal_years fy "
             "JOIN units u ON u.id = fy.unit_id ORDER BY u.code, fy.year")
    rows = con.execute(query).fetchall() if "fiscal_years" in tables else []
    for year_id, code, name, year, locked in rows:
        counts: dict[str, int] = {}
        sums: dict[str, int] = {}
        for table in year_tables:
            money = [c for c in MONEY_COLUMNS.get(table, ()) if c in columns[table]]
            select = ", ".join(["count(*)"] + [f'coalesce(sum("{c}"), 0)' for c in money])
            found = con.execute(f'SELECT {select} FROM "{table}" WHERE year_id = ?', (year_id,)).fetchone()
            counts[table] = int(found[0])
            for column, value in zip(money, found[1:]):
                sums[f"{table}.{column}"] = int(value)
        years.append(YearFigures(code, name, int(year), bool(locked), counts, sums))
    count, last = 0, "0" * 64
    if "audit_log" in tables:
        count = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        found = con.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        last = found[0] if found else last
    return FileFigures(int(version), str(revision), int(count), str(last), tuple(years))


def _label(table: str) -> str:
    return TABLE_NAMES.get(table, table)


def differences(now: FileFigures, backup: FileFigures) -> list[str]:
    """What restoring `backup` would change, in sentences (empty: the same figures)."""
    lines: list[str] = []
    current = {y.key: y for y in now.years}
    saved = {y.key: y for y in backup.years}
    for key, year in saved.items():
        if key not in current:
            lines.append(f"{year.unit_name} {year.year}年度：现在没有，恢复后会回来")
    for key, year in current.items():
        old = saved.get(key)
        title = f"{year.unit_name} {year.year}年度"
        if old is None:
            lines.append(f"{title}：备份中没有，恢复后将不存在")
            continue
        old_report = dict(old.headline())
        for label, value in year.headline():
            if label in old_report and old_report[label] != value:
                lines.append(f"{title}：{label} 现在 {format_amount(value, Unit.WAN)} 万元，"
                             f"备份中 {format_amount(old_report[label], Unit.WAN)} 万元")
        if old.locked != year.locked:
            lines.append(f"{title}：现在{'已锁定' if year.locked else '未锁定'}，备份中{'已锁定' if old.locked else '未锁定'}")
        for table in sorted(set(year.counts) | set(old.counts), key=lambda t: YEAR_SCOPED_TABLES.index(t)
                            if t in YEAR_SCOPED_TABLES else 99):
            a, b = year.counts.get(table, 0), old.counts.get(table, 0)
            if a != b:
                lines.append(f"{title}：{_label(table)} 现在 {a} 条，备份中 {b} 条")
        for column in sorted(set(year.sums) | set(old.sums)):
            a, b = year.sums.get(column, 0), old.sums.get(column, 0)
            if a != b:
                table, name = column.split(".")
                lines.append(f"{title}：{_label(table)}{COLUMN_LABELS.get(name, name)}合计 现在 "
                             f"{format_amount(fen_to_yuan(a), Unit.YUAN)} 元，备份中 {format_amount(fen_to_yuan(b), Unit.YUAN)} 元")
    if now.audit_count != backup.audit_count:
        later = now.audit_count - backup.audit_count
        extra = f"（备份之后又有 {later} 次操作）" if later > 0 else ""
        lines.append(f"操作日志：现在 {now.audit_count} 条，备份中 {backup.audit_count} 条{extra}")
    if now.revision != backup.revision:
        lines.append(f"数据版本：现在 {now.revision}，备份为 {backup.revision}（恢复后会自动升级）")
    return lines
