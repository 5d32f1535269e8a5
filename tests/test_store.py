"""The data file: durability settings, integer 分, triggers, schema and identity checks.

Real power loss is not covered by any test here (kill -9 keeps the OS page cache); we rely on
synchronous=FULL and SQLite's own crash testing for that.
"""

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import text

from conftest import file_hash, snapshot
from desktop.core.errors import DataFileError
from desktop.services.workspace import Workspace
from desktop.store.engine import APPLICATION_ID, SCHEMA_VERSION
from desktop.store.models import MONEY_COLUMNS, BudgetLine


def test_connection_pragmas(demo):
    with demo.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION


def test_schema_comes_from_alembic(demo_path):
    con = sqlite3.connect(demo_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (f"{SCHEMA_VERSION:04d}",)


def test_every_money_column_holds_integers(demo_path):
    con = sqlite3.connect(demo_path)
    for table, columns in MONEY_COLUMNS.items():
        for column in columns:
            kinds = {r[0] for r in con.execute(f"SELECT DISTINCT typeof({column}) FROM {table}")}
            assert kinds <= {"integer", "null"}, (table, column, kinds)


def test_money_column_refuses_real_and_text_even_from_raw_sql(demo_path):
    con = sqlite3.connect(demo_path)
    year_id = con.execute("SELECT id FROM fiscal_years WHERE year = 2020").fetchone()[0]
    for bad in (1234.5, "1234.50"):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            con.execute("INSERT INTO budget_lines (year_id, category, amount_fen, note) VALUES (?, 'public', ?, '')",
                        (year_id, bad))


def test_orm_refuses_sub_fen_and_float(empty):
    from desktop.core.money import MoneyError

    with pytest.raises(MoneyError):
        with empty.write() as s:
            s.add(BudgetLine(year_id=1, category="public", amount=Decimal("0.015"), note=""))
    with pytest.raises(MoneyError):
        with empty.write() as s:
            s.add(BudgetLine(year_id=1, category="public", amount=0.1, note=""))


def test_locked_year_refuses_raw_sql(demo_path):
    con = sqlite3.connect(demo_path)
    year_2019 = con.execute("SELECT id FROM fiscal_years WHERE year = 2019").fetchone()[0]
    before = snapshot(demo_path)
    for sql in ("UPDATE expenditures SET amount_fen = 1 WHERE year_id = ?",
                "DELETE FROM expenditures WHERE year_id = ?",
                "INSERT INTO headcount (year_id, category, authorized, actual) VALUES (?, 'admin', 1, 1)"):
        with pytest.raises(sqlite3.IntegrityError, match="已锁定"):
            con.execute(sql, (year_2019,))
    # moving a row of an open year into the locked year is refused too
    with pytest.raises(sqlite3.IntegrityError, match="已锁定"):
        con.execute("UPDATE headcount SET year_id = ? WHERE category = 'admin'", (year_2019,))
    con.rollback()
    con.close()
    assert snapshot(demo_path) == before


def test_posted_adjustment_cannot_be_updated_or_deleted_by_raw_sql(demo_path):
    con = sqlite3.connect(demo_path)
    with pytest.raises(sqlite3.IntegrityError, match="只能冲销"):
        con.execute("UPDATE budget_adjustments SET amount_fen = 0 WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="只能冲销"):
        con.execute("DELETE FROM budget_adjustments WHERE seq = 1")


def test_audit_log_is_append_only(demo_path):
    con = sqlite3.connect(demo_path)
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        con.execute("UPDATE audit_log SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        con.execute("DELETE FROM audit_log")


def test_tampering_with_the_audit_log_is_detected(demo_path):
    from desktop.services import audit_log, budget

    with Workspace.open(demo_path) as ws:
        for i in range(3):
            budget.post_adjustment(ws, 2020, date="2020-12-01", category="日常公用经费", amount=str(100 + i),
                                   doc_no="测试", reason="测试")
        assert audit_log.verify_chain(ws) is None
    con = sqlite3.connect(demo_path)
    con.execute("DROP TRIGGER trg_audit_log_no_update")
    con.execute("UPDATE audit_log SET summary = '改过' WHERE seq = 2")
    con.commit()
    con.close()
    with Workspace.open(demo_path) as ws:
        assert audit_log.verify_chain(ws) == 2


def test_newer_schema_is_refused_and_left_untouched(demo_path):
    con = sqlite3.connect(demo_path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = file_hash(demo_path)
    with pytest.raises(DataFileError, match="更高版本"):
        Workspace.open(demo_path)
    assert file_hash(demo_path) == before


def test_foreign_sqlite_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    before = file_hash(path)
    with pytest.raises(DataFileError, match="不是本软件的数据文件"):
        Workspace.open(path)
    assert file_hash(path) == before


def test_not_a_database_and_missing_file(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"this is not sqlite at all" * 10)
    with pytest.raises(DataFileError, match="不是 SQLite"):
        Workspace.open(bad)
    with pytest.raises(DataFileError, match="不存在"):
        Workspace.open(tmp_path / "missing.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()


def test_damaged_page_is_detected_before_use(demo_path):
    # Garbage over the header and cell pointers of page 20: ordinary reads may still work,
    # the quick_check run at open does not.
    con = sqlite3.connect(demo_path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(demo_path, "r+b") as fh:
        fh.seek(page_size * 19)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(512)))
    with pytest.raises(DataFileError, match="完整性检查未通过|已损坏"):
        Workspace.open(demo_path)


def make_v1_file(path):
    """A data file as release 1 (schema 0001) left it, with a little data in it."""
    from alembic import command
    from alembic.config import Config

    from desktop.core.paths import db_path
    from desktop.store.engine import make_engine

    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(db_path("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql("PRAGMA user_version = 1")
        conn.exec_driver_sql("INSERT INTO units (id, code, name) VALUES (1, 'U', '旧单位')")
        conn.exec_driver_sql("INSERT INTO fiscal_years (id, unit_id, year, locked, lock_reason) VALUES (1, 1, 2019, 0, '')")
        conn.exec_driver_sql("INSERT INTO budget_lines (year_id, category, amount_fen, note) VALUES (1, 'public', 123456789, '')")
    engine.dispose()


def test_older_file_is_backed_up_with_the_backup_api_then_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    make_v1_file(path)
    before = snapshot_v1(path)
    with Workspace.open(path) as ws:
        with ws.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
            assert conn.exec_driver_sql("SELECT count(*) FROM score_entries").scalar() == 0
        from desktop.services.facts import year_facts

        assert year_facts(ws, 2019).initial["public"] == Decimal("1234567.89")
    from desktop.services import backups as backup_service

    made = backup_service.list_backups(path)
    assert [(b.kind, b.verified, b.figures.user_version) for b in made] == [("upgrade", True, 1)]
    assert made[0].path.parent == tmp_path / "home" / "backups"
    check = sqlite3.connect(made[0].path)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("PRAGMA user_version").fetchone() == (1,)
    assert check.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    check.close()
    assert snapshot_v1(path) == before


def snapshot_v1(path):
    con = sqlite3.connect(path)
    try:
        # the columns of version 1 (later versions add optional columns, NULL for old rows)
        return {t: con.execute(f"SELECT {columns} FROM {t} ORDER BY 1").fetchall()
                for t, columns in (("units", "*"), ("fiscal_years", "id, unit_id, year, locked, lock_reason"),
                                   ("budget_lines", "*"))}
    finally:
        con.close()


def test_locked_year_triggers_cover_the_new_tables(demo_path):
    con = sqlite3.connect(demo_path)
    year_2019 = con.execute("SELECT id FROM fiscal_years WHERE year = 2019").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="已锁定"):
        con.execute("INSERT INTO score_entries (year_id, item, points, reason) VALUES (?, 'x', '1', 'y')", (year_2019,))
    with pytest.raises(sqlite3.IntegrityError, match="已锁定"):
        con.execute("INSERT INTO ledger_balances (year_id, account, amount_fen, note) VALUES (?, 'fixed_original', 1, '')",
                    (year_2019,))


def test_migration_is_one_transaction(tmp_path, monkeypatch):
    """A failure in the middle of the migration leaves no half-made schema behind."""
    from alembic.operations import Operations

    path = tmp_path / "new.sqlite3"
    real = Operations.create_table
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("simulated crash in the middle of the migration")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_table", failing)
    with pytest.raises(RuntimeError):
        Workspace.open(path, create=True)
    con = sqlite3.connect(path)
    tables = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == []
    assert con.execute("PRAGMA user_version").fetchone() == (0,)


def test_text_amount_in_database_is_reported_not_used(demo):
    # An external tool wrote a REAL into a money column (bypassing our CHECK by dropping it is
    # not possible without rebuilding the table); reading goes through Fen, which refuses.
    from desktop.store.types import Fen

    with pytest.raises(Exception, match="不是整数分"):
        Fen().process_result_value(12.5, None)
    with demo.read() as s:
        assert s.execute(text("SELECT count(*) FROM budget_lines")).scalar() > 0
