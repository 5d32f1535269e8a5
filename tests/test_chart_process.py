"""The window's charts drawn in a process of their own (services/chart_process.py): the same
pictures as drawing in-process, a process that dies is replaced by drawing in-process, and a
drawing error reaches the window with its traceback in the log file."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop.core import logs
from desktop.export import charts as drawing
from desktop.services import chart_process, charts

SIZE = (6.4, 3.8)


@pytest.fixture
def running():
    logs.setup()  # as the window does first
    chart_process.start()
    yield chart_process._running
    chart_process.stop()


def test_the_process_draws_the_same_picture_as_this_process(demo, running):
    data = charts.chart_series(demo, 2020)["budget_by_category"]
    assert running._process.is_alive()
    assert chart_process.render(data, SIZE) == drawing.render(data, "png", SIZE)


def test_a_process_that_died_is_replaced_by_drawing_here(demo, running):
    data = charts.chart_series(demo, 2020)["headcount"]
    running._process.kill()
    running._process.join()
    assert chart_process.render(data, SIZE) == drawing.render(data, "png", SIZE)
    assert chart_process._running is None  # and later charts are drawn here without asking again
    assert "图表绘制进程已退出" in logs.log_file().read_text(encoding="utf-8")


def test_a_drawing_error_is_raised_here_and_logged_with_its_traceback(demo, running):
    data = charts.chart_series(demo, 2020)["headcount"]
    series = data.series[0]
    broken = replace(data, series=(replace(series, values=(Decimal(1), "不是数字") + series.values[2:]),))
    with pytest.raises(chart_process.ChartDrawingFailed, match="ValueError"):
        chart_process.render(broken, SIZE)
    text = logs.log_file().read_text(encoding="utf-8")
    assert "图表绘制进程出错" in text and "Traceback" in text
    assert chart_process.render(data, SIZE) == drawing.render(data, "png", SIZE)  # and it goes on drawing


def test_closing_ends_the_process(running):
    process = running._process
    chart_process.stop()
    assert not process.is_alive() and process.exitcode == 0


def test_a_process_killed_from_outside_is_not_left_a_zombie(demo, running):
    """Killed by someone else (the OOM killer, a task manager): the window draws here from then
    on and reaps the dead process instead of keeping it as a zombie for as long as it runs."""
    import os
    import signal
    from pathlib import Path

    data = charts.chart_series(demo, 2020)["headcount"]
    pid = running._process.pid
    os.kill(pid, signal.SIGKILL)
    assert chart_process.render(data, SIZE) == drawing.render(data, "png", SIZE)
    stat = Path(f"/proc/{pid}/stat")
    assert not stat.exists() or stat.read_text().split(") ")[1][0] != "Z"
