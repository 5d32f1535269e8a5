"""报告 menu: write the Word draft of the self-evaluation report, and check a written report
against the data — the report's text on one side with every number highlighted by its finding,
the list of findings on the other, the trace of the selected one below. All work runs on the
task runner's worker thread; the GUI thread only shows results."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
)

from desktop.core.errors import BudgetDeskError
from desktop.core.review import KINDS, Review
from desktop.services import report
from desktop.ui.widgets import show_error

log = logging.getLogger(__name__)

COLORS = {"不一致": "#f4b4ae", "格式错误": "#e9a3e6", "口径不同": "#ffd27a", "精度不一": "#fff0a0",
          "尾差": "#bfdcff", "用语": "#c9c3f7", "未能对应": "#e2e2e2", "一致": "#cdebc9"}
PROBLEMS = ("不一致", "格式错误", "口径不同", "精度不一", "用语")


# --- 生成自评报告 ------------------------------------------------------------------------------------

def _path_row(line: QLineEdit, button_text: str, slot) -> QHBoxLayout:
    button = QPushButton(button_text)
    button.clicked.connect(slot)
    row = QHBoxLayout()
    row.addWidget(line, 1)
    row.addWidget(button)
    return row


class GenerateDialog(QDialog):
    """Where to save, which template, and whether to add the appendix and the charts."""

    def __init__(self, window, default_name: str):
        super().__init__(window)
        self.setWindowTitle("生成自评报告（Word）")
        form = QFormLayout(self)
        self.out = QLineEdit(str(Path.home() / default_name))
        form.addRow("保存为：", _path_row(self.out, "浏览…", self._on_browse_clicked))
        self.template = QLineEdit()
        self.template.setPlaceholderText("默认模板（A4，仿宋正文）")
        form.addRow("模板：", _path_row(self.template, "选择模板…", self._on_pick_clicked))
        form.addRow("", QLabel("单位自己的模板可用 {{ 数据编号 }} 字段（如 {{ adjusted.total }}），"
                               "可用字段见命令 budget-desk report --fields"))
        self.sources = QCheckBox("附“数据来源”附录（每个数据的公式和来源）")
        self.sources.setChecked(True)
        self.charts = QCheckBox("插入图表")
        self.charts.setChecked(True)
        form.addRow("", self.sources)
        form.addRow("", self.charts)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("生成")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(640, 0)

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存自评报告", self.out.text(), "Word 文档 (*.docx)")
        if name:
            self.out.setText(name)

    def _on_pick_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择模板", str(Path.home()), "Word 文档 (*.docx)")
        if name:
            self.template.setText(name)


def generate_report(window, out: Path | None = None, template: Path | None = None, *, ask: bool = True) -> None:
    state = window.state
    if ask:
        dialog = GenerateDialog(window, f"{state.unit}-{state.year}年度部门整体支出绩效自评报告.docx")
        if dialog.exec() != QDialog.Accepted:
            return
        out = Path(dialog.out.text().strip())
        template = Path(dialog.template.text().strip()) if dialog.template.text().strip() else None
        sources, charts = dialog.sources.isChecked(), dialog.charts.isChecked()
    else:
        sources, charts = True, True
    ws, year, unit = state.ws, state.year, state.unit
    window.statusBar().showMessage("正在生成自评报告…")

    def done(written) -> None:
        notes = [f"“{name}”一节没有文字，报告中留有【待填写】标记" for name in written.placeholders]
        notes += [f"字段 {{{{ {name} }}}} 没有数据，填为“—”" for name in written.blank_fields]
        window.statusBar().showMessage(f"已生成自评报告：{written.path}", 10000)
        window.last_report = written.path
        QMessageBox.information(window, "自评报告已生成",
                                f"已保存到：\n{written.path}" + ("\n\n" + "\n".join(notes) if notes else ""))

    def failed(exc) -> None:
        window.statusBar().clearMessage()
        if not isinstance(exc, BudgetDeskError):
            log.error("生成自评报告失败", exc_info=exc)
        show_error(window, exc, "未能生成自评报告")

    state.tasks.run(lambda: report.write_report(ws, year, out, unit=unit, template=template, sources=sources,
                                                charts=charts), done, failed)


# --- 核对报告 ----------------------------------------------------------------------------------------

class ReviewDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.review: Review | None = None
        self.setWindowTitle("核对报告")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = QLabel("选择一份自评报告（.docx 或 .txt），逐个核对其中的数字。")
        choose = QPushButton("选择报告文件…")
        choose.clicked.connect(self._on_choose_clicked)
        self.filter = QComboBox()
        self.filter.addItems(["只看问题", "问题、尾差和未能对应", "全部"])
        self.filter.currentIndexChanged.connect(self._fill_list)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel("列表："))
        top.addWidget(self.filter)
        top.addWidget(choose)
        layout.addLayout(top)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Horizontal)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.text.cursorPositionChanged.connect(self._on_text_cursor_moved)
        right = QSplitter(Qt.Vertical)
        self.list = QTableWidget(0, 4)
        self.list.setHorizontalHeaderLabels(["结论", "报告所写", "数据", "行"])
        self.list.setSelectionBehavior(QTableWidget.SelectRows)
        self.list.setSelectionMode(QTableWidget.SingleSelection)
        self.list.setEditTriggers(QTableWidget.NoEditTriggers)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.trace = QPlainTextEdit()
        self.trace.setReadOnly(True)
        self.trace.setPlaceholderText("点击一条结论，查看数据的计算公式和来源")
        right.addWidget(self.list)
        right.addWidget(self.trace)
        right.setSizes([420, 220])
        split.addWidget(self.text)
        split.addWidget(right)
        split.setSizes([640, 520])
        layout.addWidget(split, 1)
        legend = QHBoxLayout()
        for kind in KINDS:
            chip = QLabel(f" {kind} ")
            chip.setStyleSheet(f"background: {COLORS[kind]}; border-radius: 3px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        layout.addLayout(legend)
        self._shown: list[int] = []
        self.resize(1200, 760)

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择要核对的报告", str(getattr(self.window_, "last_report", "") or
                                                                       Path.home()), "报告 (*.docx *.txt)")
        if name:
            self.check(Path(name))

    def check(self, path: Path) -> None:
        state = self.window_.state
        ws, year, unit = state.ws, state.year, state.unit
        self.file_label.setText(f"正在核对：{path}")

        def failed(exc) -> None:
            self.file_label.setText("未能核对")
            if not isinstance(exc, BudgetDeskError):
                log.error("核对报告失败", exc_info=exc)
            show_error(self, exc, "未能核对报告")

        state.tasks.run(lambda: report.review_file(ws, path, year, unit), lambda r: self.show_review(path, r), failed)

    def show_review(self, path: Path, review: Review) -> None:
        self.review = review
        self.file_label.setText(f"{path.name}（{self.window_.state.year} 年度数据）")
        counts = review.counts()
        self.summary.setText("共 {} 处数字与用语：".format(len(review.findings))
                             + "，".join(f"{k} {v}" for k, v in counts.items() if v)
                             + ("　——　有不一致或格式错误" if review.failed else ""))
        self.text.setPlainText(review.text)
        selections = []
        for f in review.findings:
            sel = QTextEdit.ExtraSelection()
            sel.format = QTextCharFormat()
            sel.format.setBackground(QColor(COLORS[f.kind]))
            if f.kind in ("不一致", "格式错误"):
                sel.format.setFontWeight(700)
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(f.start)
            cursor.setPosition(f.end, QTextCursor.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.text.setExtraSelections(selections)
        self._fill_list()

    def _fill_list(self) -> None:
        if self.review is None:
            return
        choice = self.filter.currentIndex()
        self._shown = [i for i, f in enumerate(self.review.findings)
                       if choice == 2 or f.kind in PROBLEMS or (choice == 1 and f.kind != "一致")]
        self.list.setRowCount(len(self._shown))
        for row, index in enumerate(self._shown):
            f = self.review.findings[index]
            for col, value in enumerate((f.kind, f.printed, f.expected or "", str(f.line))):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setBackground(QColor(COLORS[f.kind]))
                self.list.setItem(row, col, item)
        self.list.resizeColumnsToContents()

    def _on_list_selection_changed(self) -> None:
        rows = {i.row() for i in self.list.selectedItems()}
        if not rows or self.review is None:
            return
        f = self.review.findings[self._shown[min(rows)]]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(f.start)
        cursor.setPosition(f.end, QTextCursor.KeepAnchor)
        self.text.blockSignals(True)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        self.text.blockSignals(False)
        head = f"【{f.kind}】{f.printed}" + (f"　数据编号 {f.figure}" if f.figure else "") + f"　（第 {f.line} 行）"
        self.trace.setPlainText("\n".join(x for x in (head, f.message, f"上下文：…{f.text}…",
                                                      "—— 数据来源 ——\n" + f.trace if f.trace else "") if x))

    def _on_text_cursor_moved(self) -> None:
        """Clicking a highlighted number in the text selects its finding in the list."""
        if self.review is None:
            return
        pos = self.text.textCursor().position()
        for row, index in enumerate(self._shown):
            f = self.review.findings[index]
            if f.start <= pos <= f.end:
                self.list.selectRow(row)
                return


def review_report(window, path: Path | None = None) -> ReviewDialog:
    dialog = ReviewDialog(window)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    if path is not None:
        dialog.check(Path(path))
    return dialog
