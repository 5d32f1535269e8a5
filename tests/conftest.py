"""Shared fixtures: every test gets a fresh data file in its own temporary folder."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BUDGET_DESK_USER"] = "测试员"

from desktop.services import charts, years  # noqa: E402
from desktop.services.demo import create_demo  # noqa: E402
from desktop.services.workspace import Workspace  # noqa: E402


@pytest.fixture(scope="session")
def _chart_pictures(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch, _chart_pictures):
    monkeypatch.setenv("BUDGET_DESK_HOME", str(tmp_path / "home"))
    # Chart pictures are kept by what they show (services/charts.py): the suite shares them, so
    # the demo's charts are drawn once, not in every window test.
    monkeypatch.setattr(charts, "picture_cache", lambda: _chart_pictures)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    create_demo(path, actor="测试员")
    return path


@pytest.fixture
def demo_path(tmp_path, demo_template) -> Path:
    """A private copy of the demo database (copied with the backup API)."""
    target = tmp_path / "demo.sqlite3"
    src, dst = sqlite3.connect(demo_template), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def demo(demo_path):
    with Workspace.open(demo_path, actor="测试员") as ws:
        yield ws


@pytest.fixture
def empty(tmp_path):
    """An empty data file with one unit and an open year 2021."""
    with Workspace.open(tmp_path / "empty.sqlite3", create=True, actor="测试员") as ws:
        years.create_unit(ws, "T01", "测试单位")
        years.create_year(ws, "T01", 2021)
        yield ws


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


BUSINESS_TABLES = (
    "units", "fiscal_years", "projects", "performance_targets", "budget_lines", "budget_adjustments",
    "expenditures", "disbursements", "carryovers", "procurements", "key_tasks", "asset_cards",
    "headcount", "outcome_metrics", "narratives", "ledger_balances", "score_entries", "audit_log",
)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal snapshots mean nothing changed."""
    con = sqlite3.connect(path)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in BUSINESS_TABLES}
    finally:
        con.close()


@pytest.fixture
def messages(monkeypatch):
    """The texts of the message boxes shown (a modal box would otherwise stop the test)."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def app_state(demo_path, monkeypatch, messages):
    """The window's state on the demo's 2020, without a window (background jobs run inline)."""
    from desktop.ui.state import AppState
    from desktop.ui.tasks import TaskRunner

    monkeypatch.setattr(TaskRunner, "synchronous", True)
    with Workspace.open(demo_path) as ws:
        state = AppState(ws)
        state.select("LHZSJ", 2020)
        yield state


@pytest.fixture
def open_screen(qtbot, app_state):
    """Build and show one screen by its title (the other nine are not built)."""
    import importlib

    from desktop.ui.main_window import SCREENS

    def build(title):
        module, cls = next((m, c) for t, m, c in SCREENS if t == title)
        screen = getattr(importlib.import_module(f"desktop.ui.screens.{module}"), cls)(app_state)
        qtbot.addWidget(screen)
        screen.show()
        return screen

    return build


# --- faults (issue 9): a killed writer, another holder, a read-only folder, a full disk -------

KILLED_WRITER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size = 2")  # spill changed pages into the file before the commit
con.execute("BEGIN")
for _ in range(2):
    con.execute("UPDATE asset_cards SET name = name || '未提交的修改未提交的修改未提交的修改' "
                "WHERE year_id = (SELECT id FROM fiscal_years WHERE year = 2020)")
print("ready", flush=True)
time.sleep(60)
"""


def leave_hot_journal(path: Path) -> None:
    """A writer changes the 2020 asset cards in one transaction and is SIGKILLed before the commit:
    the file has half-written pages and a hot `-journal` beside it."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.kill()
    proc.wait()
    assert Path(str(path) + "-journal").stat().st_size > 0


HOLD_LOCK = """
import sys, time
from pathlib import Path
from desktop.services import filelock
other = filelock.acquire(Path(sys.argv[1]), sys.argv[2])
print("held" if other is None else "busy", flush=True)
time.sleep(float(sys.argv[3]))
"""


def hold_lock(db: Path, user: str, seconds: float = 60.0):
    """Another process (a window elsewhere) holding the file's lock; kill it when done."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), user, str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def read_only_folder(tmp_path):
    """(folder, freeze): fill `folder`, then `freeze()` makes it read-only — file modes for a normal
    user, a read-only bind mount for root (root ignores modes)."""
    import subprocess

    folder = tmp_path / "readonly"
    folder.mkdir()
    mounted = []

    def freeze() -> Path:
        if os.geteuid() != 0:
            for item in folder.iterdir():
                item.chmod(0o444)
            folder.chmod(0o555)
            return folder
        for cmd in (["mount", "--bind", str(folder), str(folder)], ["mount", "-o", "remount,bind,ro", str(folder)]):
            if subprocess.run(cmd, capture_output=True).returncode:
                if mounted:
                    subprocess.run(["umount", str(folder)])
                pytest.skip("running as root without mount: cannot make a read-only folder")
            mounted.append(cmd)
        return folder

    yield folder, freeze
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)
    elif os.geteuid() != 0:
        folder.chmod(0o755)


def run_with_file_size_limit(args: list[str], limit: int, env: dict | None = None):
    """`budget-desk ARGS` in a subprocess that cannot write files past `limit` bytes (a full disk:
    writes fail with EFBIG, which SQLite reports as an I/O error)."""
    import resource
    import signal
    import subprocess
    import sys

    def pre() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    return subprocess.run([sys.executable, "-m", "desktop.main", *args], preexec_fn=pre, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})
