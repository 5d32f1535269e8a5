"""The frozen program (PyInstaller folder), run as a user would: its command line prints the
demo's summary, exports a workbook and a chart, and its window stays up.

Runs on a bundle named by BUDGET_DESK_BUNDLE (a dist/budget-desk folder, or /opt/budget-desk of
the installed .deb); without it these tests are skipped. CI builds the bundle with
installer/build.sh and runs them (.ci/run). The glibc scan of that bundle is
installer/check_glibc.py, run by build.sh and tested in tests/test_check_glibc.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

BUNDLE = os.environ.get("BUDGET_DESK_BUNDLE", "")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BUNDLE, reason="BUDGET_DESK_BUNDLE (the built folder) not given"),
]


@pytest.fixture
def program() -> Path:
    exe = Path(BUNDLE) / "budget-desk"
    assert exe.is_file() and os.access(exe, os.X_OK), f"no program at {exe}"
    return exe


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    # a new user: an empty home, no data folder yet
    home = tmp_path / "user"
    home.mkdir()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    clean.pop("BUDGET_DESK_HOME", None)
    return {**clean, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "LANG": "zh_CN.UTF-8"}


def run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=300)


def test_frozen_cli_prints_the_demo_summary_and_exports_a_workbook_a_report_and_a_chart(program, env, tmp_path):
    assert run(program, env, "demo").returncode == 0
    data_file = Path(env["XDG_DATA_HOME"]) / "BudgetDesk" / "budget-desk.sqlite3"
    assert data_file.is_file(), "the demo went to the user's data folder"

    summary = run(program, env, "summary", "--year", "2020")
    assert summary.returncode == 0, summary.stderr
    # the demo's 年初预算 and 调整预算数 (万元), as the source tree prints them
    assert "17,109.30" in summary.stdout and "24,041.75" in summary.stdout, summary.stdout

    workbook = tmp_path / "2020.xlsx"
    done = run(program, env, "export", "--year", "2020", "--format", "xlsx", "--out", str(workbook))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(workbook) as z:
        assert "xl/workbook.xml" in z.namelist()

    report = tmp_path / "2020自评报告.docx"
    done = run(program, env, "report", "--year", "2020", "--out", str(report))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(report) as z:
        assert "预算执行率" in z.read("word/document.xml").decode("utf-8")

    listing = run(program, env, "chart", "--list")
    kind = listing.stdout.split()[0]
    chart = tmp_path / "chart.png"
    done = run(program, env, "chart", "--year", "2020", "--kind", kind, "--out", str(chart))
    assert done.returncode == 0, done.stderr
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5000


@pytest.fixture
def display():
    """A private X server (Xvfb picks a free display number and tells it on a pipe)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or shutil.which("xwininfo") is None:
        pytest.skip("Xvfb and xwininfo (x11-utils) are needed: scripts/setup.sh --test installs them")
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=30)


def top_level_window_names(display: str) -> str:
    return subprocess.run(["xwininfo", "-root", "-tree"], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True).stdout


def test_frozen_window_opens_and_stays_up_on_a_new_users_first_start(program, env, display, tmp_path):
    log = tmp_path / "window.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(program)], env={**env, "DISPLAY": display}, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            # generous: a cold start of a frozen Qt program on a loaded CI machine
            for _ in range(240):
                if "预算绩效工作台" in top_level_window_names(display) or proc.poll() is not None:
                    break
                time.sleep(0.5)
            assert "预算绩效工作台" in top_level_window_names(display), log.read_text()
            assert proc.poll() is None, log.read_text()  # the first-start dialog waits for the user
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    text = log.read_text()
    assert "Traceback" not in text and "Could not load the Qt platform plugin" not in text, text


def test_frozen_window_draws_the_overviews_charts_in_its_drawing_process(program, env, display):
    """The frozen program started again as its chart-drawing process (multiprocessing's spawn,
    through freeze_support in desktop/main.py) draws 概览's eight charts: they land in the
    picture cache, and the log says nothing of a process that could not start or ended."""
    assert run(program, env, "demo").returncode == 0
    data = Path(env["XDG_DATA_HOME"]) / "BudgetDesk"
    proc = subprocess.Popen([str(program), str(data / "budget-desk.sqlite3")], env={**env, "DISPLAY": display},
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        helpers = set()
        for _ in range(240):
            helpers |= {p for p in _children(proc.pid) if "--multiprocessing-fork" in _command_line(p)}
            if len(list((data / "chart-cache").glob("*.png"))) >= 8 or proc.poll() is not None:
                break
            time.sleep(0.5)
        assert len(list((data / "chart-cache").glob("*.png"))) == 8
        assert helpers, "no drawing process was seen"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    log = data / "logs" / "budget-desk.log"
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "图表绘制进程" not in text and "Traceback" not in text, text


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""
