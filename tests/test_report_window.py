"""报告 in the window: the draft written off the GUI thread, and the check shown side by side."""

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QMenu  # noqa: E402

from test_window import messages, window  # noqa: E402,F401  (the window on the demo, message boxes caught)

REAL_REPORT = Path(__file__).parent / "data" / "longhua-2020-self-evaluation.txt"


def test_the_report_menu(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "报告(&R)" in titles
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "报告(&R)")
    assert [a.text() for a in menu.actions()] == ["生成自评报告（Word）…", "核对报告…"]
    assert all(a.isEnabled() for a in menu.actions())


def test_generate_then_check_in_the_window(window, tmp_path, messages, qtbot):
    from desktop.ui.dialogs import report as dialogs

    out = tmp_path / "自评报告.docx"
    dialogs.generate_report(window, out, ask=False)
    assert out.exists() and "已保存到" in messages[-1] and "制度管理情况" in messages[-1]
    dialog = dialogs.review_report(window, out)
    qtbot.addWidget(dialog)
    review = dialog.review
    assert review is not None and not review.failed
    assert len(dialog.text.extraSelections()) == len(review.findings)
    dialog.filter.setCurrentIndex(2)  # 全部
    assert dialog.list.rowCount() == len(review.findings)


def test_a_finding_shows_its_trace_and_its_place(window, qtbot):
    from desktop.ui.dialogs import report as dialogs

    dialog = dialogs.review_report(window, REAL_REPORT)
    qtbot.addWidget(dialog)
    kinds = [dialog.list.item(r, 0).text() for r in range(dialog.list.rowCount())]
    assert "格式错误" in kinds and "精度不一" in kinds and "用语" in kinds and "一致" not in kinds
    row = kinds.index("格式错误")
    dialog.list.selectRow(row)
    assert "24.000.30" in dialog.trace.toPlainText() and "appropriation" in dialog.trace.toPlainText()
    assert dialog.text.textCursor().selectedText() == "24.000.30万元"
    # clicking a highlighted number in the text selects its finding
    precision = next(f for f in dialog.review.findings if f.kind == "精度不一")
    cursor = dialog.text.textCursor()
    cursor.setPosition(precision.start + 1)
    dialog.text.setTextCursor(cursor)
    selected = dialog.list.selectedItems()
    assert selected and selected[0].text() == "精度不一"
    assert "57.60%" in dialog.trace.toPlainText() and "国库支付" in dialog.trace.toPlainText()
    assert isinstance(cursor, QTextCursor)


def test_a_refused_file_is_explained(window, tmp_path, messages, qtbot):
    from desktop.ui.dialogs import report as dialogs

    bad = tmp_path / "报告.pdf"
    bad.write_bytes(b"%PDF-1.4")
    dialog = dialogs.review_report(window, bad)
    qtbot.addWidget(dialog)
    assert dialog.review is None and ".docx 或 .txt" in messages[-1]
