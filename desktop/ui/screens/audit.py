"""操作日志: every change, newest first, filterable and read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit

from desktop.services import snapshots
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import fit_columns, selected_row, table_view
from desktop.ui.widgets import Screen

ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "post": "录入调整", "reverse": "冲销",
           "lock": "锁定年度", "unlock": "解锁年度", "import": "导入", "export": "导出"}
COLUMNS = (
    Column("seq", "序号", lambda r: r.seq, "int"),
    Column("at", "时间", lambda r: r.at.strftime("%Y-%m-%d %H:%M:%S")),
    Column("actor", "操作人", lambda r: r.actor),
    Column("action", "操作", lambda r: ACTIONS.get(r.action, r.action)),
    Column("year", "年度", lambda r: r.year or ""),
    Column("summary", "内容", lambda r: r.summary),
)


class AuditScreen(Screen):
    title = "操作日志"
    areas = frozenset({"budget", "spending", "procurement", "projects", "assets", "staff", "narrative"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("按内容或操作人筛选…")
        self.this_year = QCheckBox("只看本年度")
        self.chain = QLabel()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.this_year)
        bar.addWidget(self.chain)
        self.body.addLayout(bar)
        self.model = RowsTableModel(COLUMNS, parent=self)
        self.view = table_view(self.model)
        self.body.addWidget(self.view, 3)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.body.addWidget(self.detail, 1)
        self.search.textChanged.connect(self.reload)
        self.this_year.toggled.connect(self.reload)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)

    def snapshot(self):
        ws, text = self.state.ws, self.search.text().strip() or None
        year = self.state.year if self.this_year.isChecked() else None
        return lambda: snapshots.audit_snapshot(ws, year=year, text=text)

    def draw(self, snap: snapshots.AuditSnapshot) -> None:
        self.model.set_rows(snap.entries)
        fit_columns(self.view)
        self.chain.setText("日志校验：通过" if snap.broken_at is None else f"日志校验：第 {snap.broken_at} 条起不一致，可能被篡改")

    def _on_view_selection_changed(self, *_args) -> None:
        row = selected_row(self.view)
        if row is None:
            self.detail.clear()
            return
        self.detail.setPlainText(f"{row.summary}\n\n修改前：{row.before or '—'}\n修改后：{row.after or '—'}")
