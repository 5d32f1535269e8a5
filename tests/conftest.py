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
