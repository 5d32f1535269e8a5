"""The audit head kept outside the file: on the workbook cover, in the JSON export and in a backup;
`log --verify --against` finds a truncated or a rewritten chain that `log --verify` passes."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli.main import main
from desktop.core.errors import ValidationError
from desktop.export import layout
from desktop.export.reader import read_cover_values
from desktop.services import budget
from desktop.services.audit_evidence import head_of_file, verify_against
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.engine import backup_copy
from desktop.store.models import AuditEntry


@pytest.fixture
def exported(demo, demo_path, tmp_path):
    """The demo with three adjustments posted, then exported as JSON and xlsx and backed up."""
    for n in range(3):
        budget.post_adjustment(demo, 2020, date="2020-12-0" + str(n + 1), category="日常公用经费",
                               amount=f"{n + 1}00.00", doc_no=f"测试〔2020〕{n}号", reason="测试")
    files = {"json": tmp_path / "export.json", "xlsx": tmp_path / "export.xlsx",
             "backup": tmp_path / "backup.sqlite3"}
    assert main(["export", "--db", str(demo_path), "--out", str(files["json"])]) == 0
    assert main(["export", "--db", str(demo_path), "--year", "2020", "--format", "xlsx",
                 "--out", str(files["xlsx"])]) == 0
    backup_copy(demo_path, files["backup"])
    return files


def log_verify(demo_path, against=None) -> int:
    args = ["log", "--db", str(demo_path), "--verify", "--limit", "1"]
    return main(args + (["--against", str(against)] if against else []))


def test_the_head_is_on_the_cover_in_the_json_and_in_the_backup(demo, exported):
    with demo.read() as s:
        head = audit.audit_head(s)
    assert head.count == 4 and head.last_hash != audit.GENESIS
    cover = read_cover_values(exported["xlsx"])
    assert cover[layout.COVER_AUDIT_COUNT] == "4" and cover[layout.COVER_AUDIT_HASH] == head.last_hash
    assert json.loads(exported["json"].read_text(encoding="utf-8"))["audit_head"] == {
        "count": 4, "last_hash": head.last_hash}
    for path in exported.values():
        assert head_of_file(path) == head
        assert verify_against(demo, path).ok


def test_later_work_still_agrees(demo, demo_path, exported, capsys):
    budget.post_adjustment(demo, 2020, date="2020-12-20", category="日常公用经费", amount="1.00",
                           doc_no="测试〔2020〕9号", reason="测试")
    assert log_verify(demo_path, exported["json"]) == 0
    assert "此后新增 1 条" in capsys.readouterr().out


def _drop_audit_triggers(path) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("DROP TRIGGER trg_audit_log_no_delete")
        con.execute("DROP TRIGGER trg_audit_log_no_update")
    con.close()


def test_truncation_passes_the_chain_but_not_the_head(demo_path, exported, capsys):
    _drop_audit_triggers(demo_path)
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("DELETE FROM audit_log WHERE seq > 2")
    con.close()
    assert log_verify(demo_path) == 0  # what the issue saw: the shortened chain verifies
    capsys.readouterr()
    for path in exported.values():
        assert log_verify(demo_path, path) == 1
        out = capsys.readouterr().out
        assert "操作日志被截断" in out and "有 4 条，现在只有 2 条" in out


def test_rewrite_with_the_chain_recomputed_passes_the_chain_but_not_the_head(demo_path, exported, capsys):
    _drop_audit_triggers(demo_path)
    with Workspace.open(demo_path) as ws, ws.write() as s:
        entries = s.query(AuditEntry).order_by(AuditEntry.seq).all()
        entries[2].after = entries[2].after.replace("200.00", "20000.00")
        prev = entries[1].hash
        for entry in entries[2:]:  # the program's own digest, as the tester did
            entry.prev_hash = prev
            entry.hash = audit._digest(entry)
            prev = entry.hash
    assert log_verify(demo_path) == 0
    capsys.readouterr()
    for path in exported.values():
        assert log_verify(demo_path, path) == 1
        assert "操作日志被改写：第 4 条的哈希" in capsys.readouterr().out


def test_a_file_without_a_head_is_refused_in_chinese(demo, tmp_path):
    plain = tmp_path / "plain.json"
    plain.write_text('{"format": "budget-desk"}', encoding="utf-8")
    with pytest.raises(ValidationError, match="没有操作日志头"):
        verify_against(demo, plain)
    with pytest.raises(ValidationError, match="不存在"):
        verify_against(demo, tmp_path / "missing.xlsx")
