"""Small widgets shared by the screens: money fields that explain themselves, the lock
banner, error boxes, and the Screen base class."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BudgetDeskError
from desktop.core.money import MoneyError, Unit, parse_amount
from desktop.ui.state import AppState

ERROR_STYLE = "color: #b3261e;"


def show_error(parent: QWidget | None, exc: BaseException, title: str = "未能完成") -> None:
    """A Chinese message for the person; never a traceback."""
    if isinstance(exc, BudgetDeskError):
        text = str(exc)
    else:  # unexpected: the traceback goes to the log file, which the message names
        from desktop.core.logs import log_unexpected, unexpected_message

        log_unexpected(exc, title)
        text = unexpected_message(exc)
    QMessageBox.warning(parent, title, text)


def editable(yuan: Decimal, unit: Unit) -> str:
    """An amount as text to edit in `unit`: exact, no separators, no trailing zeros."""
    value = (Decimal(yuan) / unit.factor).normalize()
    text = format(value, "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


class FieldError(QLabel):
    """The message shown next to a field that cannot be saved."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class MoneyField(QWidget):
    """An amount typed in 元 or 万元 (the window's unit), checked as the officer types."""

    validity_changed = Signal(bool)

    def __init__(self, label: str, state: AppState, *, allow_negative: bool = False,
                 allow_empty: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.label, self.state = label, state
        self.allow_negative, self.allow_empty = allow_negative, allow_empty
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setAlignment(Qt.AlignRight)
        self.edit.setPlaceholderText("0.00")
        self.unit_label = QLabel()
        row.addWidget(self.edit, 1)
        row.addWidget(self.unit_label)
        layout.addLayout(row)
        self.error = FieldError()
        layout.addWidget(self.error)
        self._valid = allow_empty
        self.edit.textChanged.connect(self._on_edit_text_changed)
        state.money_unit_changed.connect(self._show_unit)
        self._show_unit()

    def _show_unit(self) -> None:
        self.unit_label.setText(self.state.money_unit.value)
        self._on_edit_text_changed(self.edit.text())

    @property
    def unit(self) -> Unit:
        return self.state.money_unit

    def value(self) -> Decimal | None:
        """The amount in 元, or None when empty; raises MoneyError when it cannot be read."""
        text = self.edit.text()
        if not text.strip() and self.allow_empty:
            return None
        return parse_amount(text, unit=self.unit, field=self.label, allow_negative=self.allow_negative)

    def is_valid(self) -> bool:
        return self._valid

    def _on_edit_text_changed(self, _text: str) -> None:
        try:
            self.value()
        except MoneyError as exc:
            message, valid = ("" if not self.edit.text().strip() else str(exc)), False
        else:
            message, valid = "", True
        self.error.show_message(message)
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self._valid = valid

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()


class LockBanner(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet("QFrame { background: #fff4ce; border: 1px solid #e0b800; }"
                           "QLabel { color: #5c4400; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel()
        layout.addWidget(self.text)
        self.hide()

    def show_lock(self, state: AppState) -> None:
        if state.held_by:
            self.text.setText(f"【只读】数据文件正被 {state.held_by} 使用，本窗口只能查看。")
        elif state.read_only_note:
            self.text.setText(f"【只读】{state.read_only_note}")
        elif not state.verified:
            self.text.setText(f"【只读】{state.integrity_error}" if state.integrity_error
                              else "【只读】正在检查数据文件完整性，完成后即可编辑…")
        else:
            why = f"（{state.lock_reason}）" if state.lock_reason else ""
            self.text.setText(f"【只读】{state.year}年度已锁定{why}。如需修改，请在“年度”菜单中解锁。")
        self.setVisible(state.read_only)


class Screen(QWidget):
    """A page of the window. Refreshes when its areas change, lazily when hidden."""

    title = ""
    areas: frozenset[str] = frozenset()

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self._stale = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.banner = LockBanner()
        outer.addWidget(self.banner)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        state.year_changed.connect(self._mark_stale)
        state.data_changed.connect(self._on_state_data_changed)
        state.money_unit_changed.connect(self._mark_stale)

    def _on_state_data_changed(self, areas: set) -> None:
        if "all" in areas or "year" in areas or areas & self.areas:
            self._mark_stale()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.banner.show_lock(self.state)
        self.set_read_only(self.state.read_only)
        self.refresh()

    def refresh(self) -> None:
        """Load the screen's data from the services."""

    def set_read_only(self, read_only: bool) -> None:
        """Disable every control that would change data."""
