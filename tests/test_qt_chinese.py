"""Qt's own buttons speak Chinese, and the window has the program's icon."""

import pytest

pytest.importorskip("PySide6")


@pytest.fixture
def chinese_qt(qapp):
    from desktop.ui.translations import install_qt_chinese

    translator = install_qt_chinese(qapp)
    yield translator
    if translator is not None:
        qapp.removeTranslator(translator)


def test_message_box_buttons_read_chinese_once_qtbase_zh_cn_is_loaded(chinese_qt, qtbot):
    from PySide6.QtWidgets import QMessageBox

    assert chinese_qt is not None, "qtbase_zh_CN.qm not found next to Qt"
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "删除这一行？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "")
             for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
                       QMessageBox.StandardButton.Cancel)}
    assert texts == {"是(Y)", "否(N)", "取消"}


def test_icon_files_load_at_every_size_the_menu_and_the_ico_need():
    from PySide6.QtGui import QImage

    from desktop.core.paths import resource_path

    for size in (16, 24, 32, 48, 64, 128, 256):
        image = QImage(str(resource_path("icons", f"budget-desk-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
    assert resource_path("icons", "budget-desk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
