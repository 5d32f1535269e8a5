"""Small widgets shared by the screens: money fields that explain themselves, the lock
banner, error boxes, and the Screen base class."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
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
    """An amount as text to edit in `unit`: exact, as it is printed (24,000.30; 0.10)."""
    from desktop.core.money import format_exact

    return format_exact(yuan, unit)


def grow_for_messages(dialog: QWidget, width: int = 480) -> None:
    """A form dialog wide enough for its messages, growing taller when one appears (a message
    under 账面原值 is shown whole, not cut to the field's height)."""
    from PySide6.QtWidgets import QLayout

    dialog.setProperty("grows_for_messages", True)
    layout = dialog.layout()
    layout.addStrut(width)  # (a minimum width the size constraint keeps; setMinimumWidth it overrides)
    layout.setSizeConstraint(QLayout.SetMinimumSize)


class FieldError(QLabel):
    """The message shown next to a field that cannot be saved. `holder`: a widget that holds only
    this message, shown and hidden with it (so that it takes no room in its form while empty)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.holder: QWidget | None = None
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        if self.holder is not None:
            self.holder.setVisible(bool(text))
        window = self.window()
        if text and window is not self and window.property("grows_for_messages"):
            window.layout().activate()
            window.adjustSize()  # taller by the message's wrapped lines (see grow_for_messages)


class MoneyField(QWidget):
    """An amount typed in 元 or 万元, checked as the officer types. The screen sets the unit when
    the window's unit changes (`set_unit`); a dialog that keeps amounts in 元 just never does."""

    validity_changed = Signal(bool)

    def __init__(self, label: str, unit: Unit = Unit.YUAN, *, allow_negative: bool = False,
                 allow_empty: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.label, self.unit = label, unit
        self.allow_negative, self.allow_empty = allow_negative, allow_empty
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setAlignment(Qt.AlignRight)
        self.edit.setPlaceholderText("0.00")
        self.unit_label = QLabel(unit.value)
        self.echo = QLabel()  # what an amount typed in 万元 is in 元: "= 123,450,000.00 元"
        self.echo.setStyleSheet("color: #666;")
        self.echo.hide()
        row.addWidget(self.edit, 1)
        row.addWidget(self.unit_label)
        row.addWidget(self.echo)
        layout.addLayout(row)
        self.error = FieldError()
        layout.addWidget(self.error)
        self._valid = allow_empty
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self._on_edit_text_changed(self.edit.text())

    def set_unit(self, unit: Unit) -> None:
        self.unit = unit
        self.unit_label.setText(unit.value)
        self._on_edit_text_changed(self.edit.text())

    def value(self) -> Decimal | None:
        """The amount in 元, or None when empty; raises MoneyError when it cannot be read."""
        text = self.edit.text()
        if not text.strip() and self.allow_empty:
            return None
        return parse_amount(text, unit=self.unit, field=self.label, allow_negative=self.allow_negative)

    def is_valid(self) -> bool:
        return self._valid

    def _on_edit_text_changed(self, _text: str) -> None:
        echo = ""
        try:
            value = self.value()
        except MoneyError as exc:
            message, valid = ("" if not self.edit.text().strip() else str(exc)), False
        else:
            message, valid = "", True
            if value is not None and self.unit is not Unit.YUAN and self.edit.text().strip():
                from desktop.core.money import format_amount

                echo = f"= {format_amount(value)} 元"
        self.echo.setText(echo)
        self.echo.setVisible(bool(echo))
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
        if not state.year:
            from desktop.ui.first_year import NO_YEAR

            self.text.setText(NO_YEAR)
        elif state.held_by:
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
    """A page of the window. It draws one snapshot: `snapshot()` returns the job that reads it
    (one service call, run by the task runner off the GUI thread), `draw(snapshot)` shows it.
    A snapshot that arrives after a newer one was asked for is dropped. Refreshes when its areas
    change, lazily when hidden; `drawn` is emitted after each draw (tests and the benchmark wait
    on it)."""

    title = ""
    areas: frozenset[str] = frozenset()
    snapshot_uses_money_unit = False   # True: the snapshot itself changes with 元/万元 (charts)
    draws_in_steps = False             # True: the screen emits `drawn` itself when it has finished
    drawn = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.shown: object | None = None   # the snapshot on screen
        self._stale = True
        self._redraw = False
        self._generation = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.banner = LockBanner()
        outer.addWidget(self.banner)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        state.year_changed.connect(self._mark_stale)
        state.data_changed.connect(self._on_state_data_changed)
        state.money_unit_changed.connect(self._on_money_unit_changed)
        state.access_changed.connect(self._show_access)

    def _show_access(self) -> None:
        self.banner.show_lock(self.state)
        self.set_read_only(self.state.read_only)

    def _on_state_data_changed(self, areas: set) -> None:
        if "all" in areas or "year" in areas or areas & self.areas:
            self._mark_stale()

    def _on_money_unit_changed(self) -> None:
        for field in self.findChildren(MoneyField):
            field.set_unit(self.state.money_unit)
        if self.snapshot_uses_money_unit:
            self._mark_stale()
        elif self.shown is not None:
            self._redraw = True  # the same snapshot in the other unit: now, or when next shown
            if self.isVisible():
                self._draw_again()

    def _draw_again(self) -> None:
        self._redraw = False
        self.draw(self.shown)

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self.reload()
        elif self._redraw:
            self._draw_again()

    def reload(self, *_args) -> None:
        """Ask for a fresh snapshot; it is drawn when it arrives."""
        self._stale = False
        self._show_access()
        if not self.state.year:
            return
        self._generation += 1
        generation = self._generation
        self.state.tasks.run(self.snapshot(), lambda snap: self._arrived(generation, snap), self._failed)

    def _arrived(self, generation: int, snap) -> None:
        if generation != self._generation:
            return  # a newer snapshot is on its way
        self.shown = snap
        self._redraw = False
        self.draw(snap)
        if not self.draws_in_steps:
            self.drawn.emit()

    @property
    def snapshots_asked(self) -> int:
        """How many snapshots this screen has asked for (the benchmark waits when it grows)."""
        return self._generation

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def snapshot(self):
        """The job reading what this screen shows: a function without arguments, run in the worker."""
        raise NotImplementedError

    def draw(self, snapshot) -> None:
        """Show a snapshot. Reads nothing from the data file."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        """Disable every control that would change data."""

    def write(self, op, area: str, *, on_done=None, errors: FieldError | dict | None = None) -> None:
        """Run one change (`op`, a service call) in the worker; on success announce `area` as
        changed and call `on_done`, on a refusal show it next to its field (see `report_to`)."""
        self.state.write(op, area, on_done=on_done, on_error=lambda exc: report_to(self, exc, errors))


def report_to(parent: QWidget, exc: BaseException, errors: FieldError | dict | None = None) -> None:
    """Show a refusal where the officer looks: next to the field whose key it names (the `key`
    of a ValidationError or ConflictError: the service parameter), under the form (one
    FieldError, or the dict's ""), or else in a box."""
    if isinstance(errors, FieldError) and isinstance(exc, BudgetDeskError):
        errors.show_message(str(exc))
        return
    if isinstance(errors, dict) and isinstance(exc, BudgetDeskError):
        label = errors.get(getattr(exc, "key", "")) or errors.get("")
        if label is not None:
            label.show_message(str(exc))
            return
    show_error(parent, exc)


def keyed_rows(form: QFormLayout, rows) -> dict[str, FieldError]:
    """Add each (label, key, input) of `rows` to `form` with a FieldError under the input (a
    MoneyField's own), then one for the whole form; returns them by key, the form's as "".
    The input and its message share one cell (a box layout sizes a wrapped message by its
    width, as QFormLayout does not): a one-line message takes one line, an empty one none.
    `key` is the service parameter the input's value goes to: `report_to` shows a refusal
    carrying that key under the input, any other under the form (an input whose key is None
    goes to no service parameter)."""
    errors: dict[str, FieldError] = {}
    for label, key, widget in rows:
        if key is None or isinstance(widget, MoneyField):
            form.addRow(label, widget)
            if key is not None:
                errors[key] = widget.error
            continue
        errors[key] = FieldError()
        form.addRow(label, _column(widget, errors[key]))
    if isinstance(form.parentWidget(), QGroupBox):
        _room_for_a_message(form.parentWidget())
    errors[""] = FieldError()
    errors[""].holder = _column(errors[""])  # (in a box layout too, so that a long message gets all its lines)
    errors[""].holder.hide()
    form.addRow(errors[""].holder)
    return errors


def _column(*widgets: QWidget) -> QWidget:
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    return cell


def _room_for_a_message(box: QWidget) -> None:
    """A form in a screen sits under a table that takes the rest of the height: a message would
    make it taller, moving its top edge and every input in it up. It keeps room for one line
    under its last row instead (set when first shown, once its size is known), so a message
    only pushes down the rows after it."""
    from PySide6.QtCore import QEvent, QObject

    class KeepRoom(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
            if event.type() == QEvent.Show:
                watched.removeEventFilter(self)
                room = watched.fontMetrics().height() + 4
                watched.setMinimumHeight(watched.sizeHint().height() + room)
            return False

    box.installEventFilter(KeepRoom(box))


def clear_messages(errors: dict[str, FieldError]) -> None:
    """A form saved again starts without the messages of the last refusal."""
    for label in errors.values():
        label.show_message("")
