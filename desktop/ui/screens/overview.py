"""概览: the year at a glance. One card per headline indicator, marked met or not met against
its target (a click opens its trace), the cross-check errors, and every chart of the year. The
cards are drawn as soon as the snapshot arrives; each chart is then rendered to a picture in the
worker and shown when it is ready, so the screen fills without the GUI thread waiting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.core.charts import KINDS
from desktop.core.money import format_plain
from desktop.services import charts, snapshots
from desktop.ui.chart_widget import ChartWidget
from desktop.ui.widgets import Screen

CARDS = (
    ("budget_execution_rate", "预算执行率"),
    ("quarterly_execution", "支出进度（第4季度末）"),
    ("public_expense_control_rate", "日常公用经费控制率"),
    ("three_public_control_rate", "“三公”经费控制率"),
    ("procurement_execution_rate", "政府采购执行率"),
    ("fixed_asset_utilization_rate", "固定资产利用率"),
    ("staffing_rate", "在职人员控制率"),
)


class Card(QFrame):
    clicked = Signal(str)

    def __init__(self, key: str, title: str, parent=None):
        super().__init__(parent)
        self.key = key
        self.setCursor(Qt.PointingHandCursor)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.title = QLabel(title)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        for w in (self.title, self.value, self.detail):
            layout.addWidget(w)
        self.set_met(None)

    def set_met(self, met: bool | None) -> None:
        color = {True: "#2e7d32", False: "#b3261e", None: "#888888"}[met]
        self.setStyleSheet(f"QFrame#card {{ border: 1px solid #ccc; border-left: 5px solid {color}; background: white; }}")
        self.detail.setStyleSheet(f"color: {color};")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


class OverviewScreen(Screen):
    title = "概览"
    areas = frozenset({"budget", "spending", "procurement", "projects", "assets", "staff"})
    snapshot_uses_money_unit = True  # the charts' axes are in the window's unit
    draws_in_steps = True             # `drawn` comes after the last chart

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.body.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        content = QWidget()
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)
        column = QVBoxLayout(content)
        cards = QGridLayout()
        self.cards: dict[str, Card] = {}
        for n, (key, title) in enumerate(CARDS + (("score", "自评得分"),)):
            card = Card(key, title)
            card.clicked.connect(self._on_card_clicked)
            self.cards[key] = card
            cards.addWidget(card, n // 4, n % 4)
        column.addLayout(cards)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        column.addWidget(self.problems)
        grid = QGridLayout()
        self.charts: dict[str, ChartWidget] = {}
        for n, kind in enumerate(KINDS):
            widget = ChartWidget(state)
            widget.setMinimumHeight(300)
            self.charts[kind] = widget
            grid.addWidget(widget, n // 2, n % 2)
        column.addLayout(grid)
        self._waiting: set[str] = set()
        self._told = False

    def snapshot(self):
        ws, year, unit, money_unit = self.state.ws, self.state.year, self.state.unit, self.state.money_unit
        self.heading.setText(f"{year}年度概览（正在计算…）")
        return lambda: snapshots.overview_snapshot(ws, year, unit, money_unit)

    def draw(self, snap: snapshots.OverviewSnapshot) -> None:
        self.heading.setText(f"{snap.unit_name}　{snap.year}年度概览" + ("（已锁定）" if snap.locked else ""))
        for key, _title in CARDS:
            result = snap.indicators[key]
            card = self.cards[key]
            card.value.setText(f"{result.printed}{'%' if result.value is not None else ''}")
            met_text = {True: "达标", False: "未达标", None: ""}[result.met]
            detail = f"目标 {result.target_text}　{met_text}" if result.target_text else (result.reason or "")
            if key == "quarterly_execution":
                q4 = result.entries[-1]
                detail = f"序时进度 {q4['time_progress']}%，分季执行率 {q4['rate'] or '—'}%　{met_text}"
            card.detail.setText(detail)
            card.set_met(result.met)
        score = self.cards["score"]
        score.value.setText(f"{format_plain(snap.score.total)} 分　{snap.score.grade}")
        sheet = snap.score
        lost = sorted((s for s in sheet.items if s.lost), key=lambda s: s.lost, reverse=True)  # every deduction
        bands = "，".join(f"{name} ≥{format_plain(minimum, 0)}" for name, minimum in sheet.grades if minimum)
        score.detail.setText(("扣分：" + "；".join(f"{s.item.name} −{format_plain(s.lost)}" for s in lost)
                              if lost else "满分") + (f"\n（等级：{bands}）" if bands else ""))
        score.set_met(sheet.top_grade)  # the bands come from the rules file, not a number here
        if snap.errors:
            self.problems.setStyleSheet("color: #b3261e;")
            self.problems.setText("勾稽校验发现错误：" + "；".join(f"{c.name}（{c.message}）" for c in snap.errors))
        else:
            self.problems.setStyleSheet("color: #2e7d32;")
            self.problems.setText(f"勾稽校验：{len(snap.checks)} 项，无错误；尾差 {snap.rounding_differences} 项"
                                  "（四舍五入所致，见“绩效指标 → 勾稽校验”）")
        self._render_charts(snap)

    def _render_charts(self, snap: snapshots.OverviewSnapshot) -> None:
        """One job per chart on the drawing thread, shown as each picture arrives (a newer
        snapshot drops them). A chart that cannot be drawn says so in its place; the reason is
        told once per snapshot, not once per chart."""
        generation = self._generation
        self._waiting = {data.kind for data in snap.charts}
        self._told = False
        for data in snap.charts:
            self.charts[data.kind].image.show_waiting()
            self.state.tasks.run(lambda d=data: charts.picture(d),
                                 lambda png, d=data: self._show_chart(generation, d, png),
                                 lambda exc, d=data: self._chart_failed(generation, d, exc), drawing=True)

    def _show_chart(self, generation: int, data, png: bytes) -> None:
        if generation != self._generation:
            return
        self.charts[data.kind].show_chart(data, png)
        self._chart_done(data.kind)

    def _chart_failed(self, generation: int, data, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.charts[data.kind].image.setText("未能绘制此图表")
        if not self._told:
            self._told = True
            self._failed(exc)
        self._chart_done(data.kind)

    def _chart_done(self, kind: str) -> None:
        self._waiting.discard(kind)
        if not self._waiting:
            self.drawn.emit()

    def _on_card_clicked(self, key: str) -> None:
        self.state.trace_requested.emit("budget_execution_rate" if key == "score" else key)
