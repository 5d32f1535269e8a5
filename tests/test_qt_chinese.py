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


def test_fcitx_is_reached_through_the_ibus_portal_when_qt_has_no_fcitx_plugin(tmp_path):
    from desktop.ui.input_method import route_fcitx_through_ibus_portal

    plugins = tmp_path / "plugins"
    (plugins / "platforminputcontexts").mkdir(parents=True)
    env = {"QT_IM_MODULE": "fcitx"}
    assert route_fcitx_through_ibus_portal(env, plugins)
    assert env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}

    # another input method, or none, is left alone
    for other in ({"QT_IM_MODULE": "ibus"}, {}):
        before = dict(other)
        assert not route_fcitx_through_ibus_portal(other, plugins)
        assert other == before

    # a Qt that has the fcitx plugin loads it as asked
    (plugins / "platforminputcontexts" / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    env = {"QT_IM_MODULE": "fcitx"}
    assert not route_fcitx_through_ibus_portal(env, plugins)
    assert env == {"QT_IM_MODULE": "fcitx"}
