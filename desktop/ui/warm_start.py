"""What the window does once as it starts so that 概览 fills fast: the chart process (or the
matplotlib import) started while the data file opens, and the start-up objects moved out of the
garbage collector's reach (docs/DESIGN-NOTES.md, "Window"; measured by bench/screens.py)."""

from __future__ import annotations


def prepare_charts(in_a_process: bool) -> None:
    """Get the 概览's charts ready while the data file is opened and the screens are built
    (after the frame's first paint): start the process that draws them, which imports
    matplotlib on the machine's other core (services/chart_process.py); failing that, or when
    asked, import matplotlib here in a thread of its own."""
    import threading

    from desktop.services import chart_process, charts

    if in_a_process:
        try:
            chart_process.start()
            return
        except Exception as exc:  # (a machine that cannot start it draws in this process)
            from desktop.core.logs import log_unexpected

            log_unexpected(exc, "无法启动图表绘制进程，改在本进程中绘制")

    def warm_up() -> None:
        try:
            charts.warm_up()
        except Exception as exc:  # the first chart will report it; the window goes on
            from desktop.core.logs import log_unexpected

            log_unexpected(exc, "图表组件预加载失败")
        freeze_startup_objects()

    threading.Thread(target=warm_up, name="charts-warm-up").start()


def freeze_startup_objects() -> None:
    """Move what is alive now (modules, widgets, matplotlib) out of the collector's reach. A full
    collection walks every tracked object with the interpreter lock held: at ~70 ms for a
    started window, a worker thread that triggers one freezes the GUI thread for as long
    (measured by bench/screens.py). Later collections only walk what was created since."""
    import gc

    gc.freeze()
