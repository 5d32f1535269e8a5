"""Drives the window for bench/screens.py inside its window process: each screen visited, one
form saved (as a person would: fields filled, the button clicked), and the event loop's lateness
recorded by a 10 ms timer. Not a test: it only measures."""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer


class Lateness:
    """A 10 ms timer. `worst` is the longest it fired late (ms): the window did not answer for
    that long. `worst_cpu` is the most CPU time the GUI thread itself spent between two ticks:
    our own work, apart from time the machine gave to other processes."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.worst = self.worst_cpu = 0.0
        self._last = self._last_cpu = 0.0

    def start(self) -> None:
        self.worst = self.worst_cpu = 0.0
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.worst = max(self.worst, (now - self._last - 0.010) * 1000)
        self.worst_cpu = max(self.worst_cpu, (cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        return max(self.worst, 0.0), self.worst_cpu


def wait_drawn(app, screen, timeout_ms: int = 120_000) -> None:
    """Run the event loop until `screen` has drawn a snapshot."""
    loop = QEventLoop()
    screen.drawn.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    screen.drawn.disconnect(loop.quit)


def settle(app, ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _save_adjustment(s, n):
    s.adj_category.setCurrentIndex(s.adj_category.findData("public"))
    s.adj_amount.edit.setText("1.25")
    s.adj_doc.setText(f"测〔2020〕{n}号")
    s.adj_reason.setText("基准测试")
    s.adj_save.click()
    return "录入预算调整"


def _save_month(s, n):
    s.month.setValue(12)
    s.cumulative.edit.setText("24000")
    s.month_save.click()
    return "保存12月累计支付"


def _save_procurement(s, n):
    s.code.setText(f"BENCH-{n}")
    s.name.setText("基准测试采购")
    s.budget.edit.setText("1")
    s.add_button.click()
    return "添加采购"


def _save_task(s, n):
    s.task_name.setText(f"基准测试任务{n}")
    s.add_task_button.click()
    return "新增重点工作"


def _save_card_status(s, n):
    s.view.selectRow(0)
    s.status_box.setCurrentIndex(s.status_box.findData("idle"))
    s.status_button.click()
    return "第一张卡片设为闲置"


def _save_headcount(s, n):
    s.category.setCurrentIndex(s.category.findData("admin"))
    s.actual.setValue(s.actual.value() + 1 if s.actual.value() < s.authorized.value() else 1)
    s.save.click()
    return "保存人数"


def _save_narrative(s, n):
    s.editor.setPlainText(s.editor.toPlainText() + "。")
    s.save.click()
    return "保存报告文字"


def _switch_unit(window, s, n):
    window.unit_box.setCurrentIndex(window.unit_box.findText("元"))
    return "金额单位改为元（图表重绘）"


def _search_audit(s, n):
    s.search.setText("基准")
    return "按内容筛选"


def _indicators_trace(s, n):
    s.show_trace("fixed_asset_utilization_rate")
    return "查看指标追溯"


SAVES = {
    "预算与调整": _save_adjustment, "支出与进度": _save_month, "政府采购": _save_procurement,
    "项目与绩效目标": _save_task, "资产": _save_card_status, "人员编制": _save_headcount,
    "报告文字": _save_narrative, "操作日志": _search_audit, "绩效指标": _indicators_trace,
}


def drive(app, window) -> list[tuple[str, str, tuple[float, float], tuple[float, float]]]:
    """Visit every screen, then save a form on it; the worst lateness (ms) of each step."""
    results = []
    lateness = Lateness()
    for row, screen in enumerate(window.screens):
        settle(app, 100)
        lateness.start()
        asked = screen.snapshots_asked
        window.nav.setCurrentRow(row)
        if screen.snapshots_asked != asked:
            wait_drawn(app, screen)
        settle(app, 100)
        visit = lateness.stop()
        lateness.start()
        if screen.title == "概览":
            action = _switch_unit(window, screen, row)
            wait_drawn(app, screen)
        else:
            action = SAVES[screen.title](screen, row)
            if screen.title == "绩效指标":
                settle(app, 200)
            else:
                wait_drawn(app, screen)
        settle(app, 100)
        results.append((screen.title, action, visit, lateness.stop()))
    return results
