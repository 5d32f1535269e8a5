"""Backups: made with the backup API, manifest, verified, thinned, restorable (issue 9, case 2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import file_hash, run_with_file_size_limit, snapshot

from desktop.cli.main import main as cli
from desktop.core.errors import DataFileError
from desktop.core.paths import backup_dir
from desktop.services import backups, budget, interchange, years
from desktop.services.backup_figures import FileFigures, YearFigures
from desktop.core.summary import summary_json
from desktop.services.facts import year_facts
from desktop.services.workspace import Workspace
from desktop.store import audit


def _post(ws, amount="100"):
    return budget.post_adjustment(ws, 2020, date="2020-12-01", category="日常公用经费", amount=amount,
                                  doc_no="测试", reason="测试")


def test_a_backup_has_a_verified_manifest(demo_path):
    made = backups.make_backup(demo_path, "manual")
    assert made.path.parent == backup_dir() and made.verified and not made.problems
    manifest = json.loads(made.manifest_path.read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert manifest["schema"]["revision"] and manifest["schema"]["user_version"] >= 2
    with Workspace.open(demo_path) as ws:
        with ws.read() as s:
            head = audit.audit_head(s)
        summary = summary_json(year_facts(ws, 2020))
    assert manifest["audit_head"] == {"count": head.count, "last_hash": head.last_hash}
    y2020 = next(y for y in manifest["years"] if y["year"] == 2020)
    assert y2020["counts"]["asset_cards"] == 544
    assert y2020["report"]["adjusted.total"] == summary["adjusted.total"] == "240417530.00"
    assert y2020["sums_fen"]["budget_adjustments.amount_fen"] == sum(
        r[0] for r in sqlite3.connect(demo_path).execute(
            "SELECT amount_fen FROM budget_adjustments a JOIN fiscal_years y ON y.id = a.year_id WHERE y.year = 2020"))
    assert snapshot(made.path) == snapshot(demo_path)
    assert [b.path for b in backups.list_backups(demo_path)] == [made.path]
    assert backups.list_backups(demo_path.with_name("other.sqlite3")) == []


def test_backups_never_use_a_file_copy(demo_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "copyfile", lambda *a, **k: pytest.fail("plain file copy"))
    monkeypatch.setattr(shutil, "copy2", lambda *a, **k: pytest.fail("plain file copy"))
    assert backups.make_backup(demo_path).verified


def test_restore_round_trip_backs_up_first_and_is_audited(demo_path):
    made = backups.make_backup(demo_path, "manual")
    saved = snapshot(demo_path)
    with Workspace.open(demo_path) as ws:
        _post(ws, "1000")
        years.lock_year(ws, 2020, "决算")
    changed = snapshot(demo_path)
    assert backups.compare_with_current(demo_path, made)
    result = backups.restore(demo_path, made, "测试员")
    after = snapshot(demo_path)
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == \
        {t: rows for t, rows in saved.items() if t != "audit_log"}
    assert after["audit_log"][:len(saved["audit_log"])] == saved["audit_log"] or \
        set(saved["audit_log"]) <= set(after["audit_log"])
    assert len(after["audit_log"]) == len(saved["audit_log"]) + 1  # the restore itself, appended after
    with Workspace.open(demo_path) as ws, ws.read() as s:
        assert audit.verify_chain(s) is None
    assert result.safety is not None and result.safety.kind == "restore"
    assert snapshot(result.safety.path) == changed  # the pre-restore state is kept
    assert not json.loads(Path(result.safety.manifest_path).read_text(encoding="utf-8"))["problems"]


def test_a_changed_or_damaged_backup_is_refused(demo_path):
    made = backups.make_backup(demo_path)
    before = file_hash(demo_path)
    data = bytearray(made.path.read_bytes())
    data[5000] ^= 0xFF
    made.path.write_bytes(bytes(data))
    with pytest.raises(DataFileError, match="被改动过"):
        backups.restore(demo_path, made, "测试员")
    assert file_hash(demo_path) == before


def _fake(made_at: dt.datetime, verified: bool = True) -> backups.Backup:
    return backups.Backup(Path(f"/x/{made_at:%Y%m%d-%H%M%S}.sqlite3"), made_at, "daily", "/d", 1, "", verified, (),
                          FileFigures(2, "0002", 0, "", ()))


def test_retention_keeps_20_last_a_day_for_30_days_a_month_for_12_months():
    now = dt.datetime(2026, 11, 28, 12, 0)
    every_6h = [_fake(now - dt.timedelta(hours=6 * i)) for i in range(4 * 400)]
    keep = backups.keep_set(every_6h, now)
    kept = sorted((b for b in every_6h if b.path in keep), key=lambda b: b.made_at, reverse=True)
    assert kept[:20] == every_6h[:20]
    days = {b.made_at.date() for b in kept if now - b.made_at <= dt.timedelta(days=30)}
    assert len(days) == 31  # today and the 30 days before it
    old = [b for b in kept if now - b.made_at > dt.timedelta(days=31)]
    assert len({(b.made_at.year, b.made_at.month) for b in old}) == len(old)  # one a month
    assert all((now.year - b.made_at.year) * 12 + now.month - b.made_at.month < 12 for b in kept)
    assert len(kept) < 20 + 31 + 12
    # never the only verified copy, however old
    ancient = [_fake(now - dt.timedelta(days=900 + i), verified=(i == 5)) for i in range(10)]
    recent_bad = [_fake(now - dt.timedelta(hours=i), verified=False) for i in range(25)]
    keep = backups.keep_set(ancient + recent_bad, now)
    assert ancient[5].path in keep


def test_prune_deletes_files_outside_retention(demo_path):
    now = dt.datetime.now().replace(microsecond=0)
    for days in range(0, 60, 2):
        backups.make_backup(demo_path, "daily", now=now - dt.timedelta(days=days), prune_after=False)
    assert len(backups.list_backups(demo_path)) == 30
    removed = backups.prune(demo_path, now=now)
    left = backups.list_backups(demo_path)
    assert removed and len(left) == 30 - len(removed) >= 20
    assert all(not p.exists() and not backups.manifest_of(p).exists() for p in removed)


def test_backups_before_import_unlock_and_restore(demo_path, tmp_path):
    with Workspace.open(demo_path) as ws:
        document = interchange.export_document(ws, years=[2020])
        document["years"][0].update({k: [] for k, v in document["years"][0].items() if isinstance(v, list)})
        document["years"][0].update(year=2021, locked=False, lock_reason="")
        interchange.import_document(ws, document, source="t.json")
        assert [b.kind for b in backups.list_backups(demo_path)] == ["import"]
        years.unlock_year(ws, 2019, "补录")
        assert [b.kind for b in backups.list_backups(demo_path)][0] == "unlock"
        unlocked = backups.list_backups(demo_path)[0]
        assert next(y for y in unlocked.figures.years if y.year == 2019).locked  # taken while still locked
    backups.restore(demo_path, unlocked, "测试员")
    assert [b.kind for b in backups.list_backups(demo_path)] == ["restore", "unlock", "import"]
    # an import into a brand-new file has nothing to back up
    with Workspace.open(tmp_path / "new.sqlite3", create=True) as ws:
        interchange.import_document(ws, document, source="t.json")
    assert backups.list_backups(tmp_path / "new.sqlite3") == []


def test_first_write_of_the_day_makes_one_daily_backup(demo_path, capsys):
    args = ["adjust", "--year", "2020", "--date", "2020-12-01", "--category", "日常公用经费", "--amount", "10",
            "--doc-no", "测", "--reason", "测", "--db", str(demo_path)]
    assert cli(["years", "--db", str(demo_path)]) == 0
    assert backups.list_backups(demo_path) == []  # reading writes nothing
    assert cli(args) == 0 and cli(args) == 0
    assert [b.kind for b in backups.list_backups(demo_path)] == ["daily"]


def test_backup_list_and_restore_from_the_command_line(demo_path, capsys):
    assert cli(["backup", "--db", str(demo_path)]) == 0
    assert "已校验" in capsys.readouterr().out
    saved = snapshot(demo_path)
    with Workspace.open(demo_path) as ws:
        _post(ws)
    assert cli(["backups", "--db", str(demo_path)]) == 0
    listing = capsys.readouterr().out
    assert "手动" in listing and "2019（锁）、2020" in listing and "是" in listing
    assert cli(["restore", "1", "--db", str(demo_path)]) == 0  # preview only
    preview = capsys.readouterr().out
    assert "预算调整 现在 38 条，备份中 37 条" in preview and "数据未改动" in preview
    assert len(snapshot(demo_path)["budget_adjustments"]) == 38
    assert cli(["restore", "1", "--yes", "--db", str(demo_path)]) == 0
    assert "恢复前的数据已备份为" in capsys.readouterr().out
    assert snapshot(demo_path)["budget_adjustments"] == saved["budget_adjustments"]
    assert cli(["backups", "--json", "--db", str(demo_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["kind"] for b in listed] == ["restore", "manual"] and all(b["verified"] for b in listed)


def test_a_full_disk_during_a_backup_leaves_the_file_and_no_partial(demo_path):
    before = file_hash(demo_path)
    result = run_with_file_size_limit(["backup", "--db", str(demo_path)], 100_000)
    assert result.returncode == 2, result.stderr
    assert "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr
    assert file_hash(demo_path) == before
    assert not list(backup_dir().glob("*.partial")) and not list(backup_dir().glob("*.sqlite3"))
    assert backups.list_backups(demo_path) == []


def test_a_full_disk_before_an_upgrade_changes_nothing(tmp_path):
    from test_store import make_v1_file

    path = tmp_path / "old.sqlite3"
    make_v1_file(path)
    before = file_hash(path)
    result = run_with_file_size_limit(["years", "--db", str(path)], 30_000)
    assert result.returncode == 2 and "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr
    assert file_hash(path) == before
    assert not list(backup_dir().glob("*.partial")) and not list(tmp_path.glob("*.partial"))


def test_an_xlsx_export_onto_a_full_disk_is_explained(demo_path, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run_with_file_size_limit(["export", "--format", "xlsx", "--year", "2020", "--db", str(demo_path),
                                       "--out", str(out / "a.xlsx")], 20_000)
    assert result.returncode == 2, result.stderr
    assert "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_year_figures_round_trip():
    y = YearFigures("U", "单位", 2020, True, {"a": 1}, {"a.amount_fen": 5}, {"adjusted.total": "1.00"})
    assert YearFigures.from_json(json.loads(json.dumps(y.to_json()))) == y
