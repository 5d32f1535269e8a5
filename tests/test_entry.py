"""The entry point: which arguments open the window, and the command line's messages in Chinese."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.cli.main import main as cli_main
from desktop.main import _window_arguments


@pytest.mark.parametrize("args, expected", [
    ([], []),
    (["gui"], []),
    (["gui", "a.sqlite3"], ["a.sqlite3"]),
    (["window", "/x/年度.sqlite3"], ["/x/年度.sqlite3"]),
    (["/home/财务/数据.sqlite3"], ["/home/财务/数据.sqlite3"]),  # double-click on a data file
    (["summary", "--year", "2020"], None),
    (["import", "a.json"], None),
])
def test_window_or_command_line(args, expected):
    assert _window_arguments(args) == expected


@pytest.mark.parametrize("args, message", [
    (["summary"], "缺少必需的参数：--year"),
    (["summary", "--year", "二〇二〇"], "参数 --year：“二〇二〇”不是有效的整数"),
    (["export", "--format", "pdf", "--out", "x"], "“pdf”不是可选值"),
    (["summary", "--year", "2020", "--zzz"], "无法识别的参数：--zzz"),
])
def test_argparse_speaks_chinese(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli_main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "用法：" in err and "usage:" not in err and "error:" not in err


def test_help_in_chinese(capsys):
    with pytest.raises(SystemExit):
        cli_main(["adjust", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示本帮助并退出" in out and "show this help" not in out


def test_window_without_display_says_so_in_chinese(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "BUDGET_DESK_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "desktop.main"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert "没有可用的图形显示" in run.stderr and "Traceback" not in run.stderr
