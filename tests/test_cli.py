import json
import subprocess
import sys

from desktop.cli.main import main


def test_demo_refuses_a_file_with_data(demo_path, capsys):
    assert main(["demo", "--db", str(demo_path)]) == 2
    assert "已有数据" in capsys.readouterr().err


def test_export_import_export_via_cli(demo_path, tmp_path, capsys):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["export", "--db", str(demo_path), "--out", str(first)]) == 0
    assert main(["import", "--db", str(tmp_path / "new.sqlite3"), str(first)]) == 0
    assert main(["export", "--db", str(tmp_path / "new.sqlite3"), "--out", str(second)]) == 0
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    a.pop("exported_at"), b.pop("exported_at")
    a.pop("audit_head"), b.pop("audit_head")  # each file's own audit log
    assert a == b


def test_adjust_reverse_and_log(demo_path, capsys):
    db = ["--db", str(demo_path), "--year", "2020"]
    assert main(["adjust", *db, "--date", "2020-12-20", "--category", "日常公用经费", "--amount", "1.5",
                 "--in-wan", "--doc-no", "测试文号", "--reason", "测试", "--json"]) == 0
    posted = json.loads(capsys.readouterr().out)
    assert posted["amount"] == "15000.00"
    assert main(["reverse", *db, "--seq", str(posted["seq"]), "--reason", "录错"]) == 0
    capsys.readouterr()
    assert main(["log", "--db", str(demo_path), "--limit", "2", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "冲销" in out and "通过" in out


def test_bad_amount_gives_chinese_error_and_exit_2(demo_path, capsys):
    code = main(["adjust", "--db", str(demo_path), "--year", "2020", "--date", "2020-12-20",
                 "--category", "人员经费", "--amount", "24.000.30", "--doc-no", "X", "--reason", "Y"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("错误：调整金额：“24.000.30”有多个小数点")
    assert "Traceback" not in err


def test_help_is_chinese_and_lists_the_commands():
    out = subprocess.run([sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    for name in ("demo", "import", "export", "summary", "adjust", "reverse", "lock"):
        assert name in out
    assert "预算绩效工作台" in out


def test_locked_year_via_cli(demo_path, capsys):
    code = main(["adjust", "--db", str(demo_path), "--year", "2019", "--date", "2019-12-20",
                 "--category", "人员经费", "--amount", "1", "--doc-no", "X", "--reason", "Y"])
    assert code == 2
    assert "2019年度已锁定" in capsys.readouterr().err
