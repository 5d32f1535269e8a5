"""The GUI thread never waits on the database: with the real worker thread, every read and write
of the data file (each goes through `Workspace.read` or `Workspace.write`) happens off the GUI
thread while the window opens, every screen is visited and forms are saved."""

import ast
import threading
import traceback
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop.services import staff  # noqa: E402
from desktop.services.workspace import Workspace  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def gui_thread_sessions(monkeypatch):
    """Where each database session opened on the GUI thread was asked for."""
    found = []

    def spy(original):
        def opened(self, *args, **kwargs):
            if threading.current_thread() is threading.main_thread():
                found.append("".join(traceback.format_stack(limit=8)[:-1]))
            return original(self, *args, **kwargs)
        return opened

    monkeypatch.setattr(Workspace, "read", spy(Workspace.read))
    monkeypatch.setattr(Workspace, "write", spy(Workspace.write))
    return found


def test_no_database_session_on_the_gui_thread(qtbot, demo_path, monkeypatch, gui_thread_sessions):
    shown = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text))
    from desktop.ui.main_window import MainWindow, load_data_file

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert load_data_file(window, demo_path)  # integrity check in the background, as in use
    overview = window.screens[0]
    with qtbot.waitSignal(overview.drawn, timeout=60000):
        pass  # the year list, the lock state, the snapshot and the charts: all in the worker
    for row, screen in enumerate(window.screens[1:], start=1):
        asked = screen.snapshots_asked
        with qtbot.waitSignal(screen.drawn, timeout=60000):
            window.nav.setCurrentRow(row)
        assert screen.snapshots_asked == asked + 1 and screen.shown is not None, screen.title
    people = window.screens[6]
    people.category.setCurrentIndex(people.category.findData("admin"))
    people.actual.setValue(7)
    window.nav.setCurrentRow(6)
    with qtbot.waitSignal(people.drawn, timeout=60000):
        people.save.click()
    with qtbot.waitSignal(people.drawn, timeout=60000):
        window.undo_action.trigger()
    window.state.tasks.wait()
    on_gui_thread = list(gui_thread_sessions)
    assert shown == []
    assert on_gui_thread == [], on_gui_thread[0]
    assert staff.list_headcount(window.state.ws, 2020)[0].actual == 9  # saved, then undone
    window.close()  # (closing finishes in the worker: done before the window is deleted, or the
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)  # next test gets its callback)


# Service functions the window may call on its GUI thread: none of them touches the data file.
NOT_THE_DATABASE = {
    "chart_process.start": "starts the chart-drawing process",
    "assets.CardFilter": "the register's filter, a frozen dataclass",
    "backups.copy_size_text": "prints a size",
    "backup_figures.differences": "compares two sets of figures already read",
    "filelock.acquire": "the lock file beside the data file (it names who holds it), not the database",
    "filelock.release": "the same lock file",
    "workspace.current_actor": "the user's name, from the environment",
}
DATABASE_METHODS = ("read", "write", "edit_year", "read_year", "verify", "stamp")
SLOT_TAKERS = ("connect", "singleShot")  # what they are given runs later, on the GUI thread


def service_calls_on_the_gui_thread(path: Path) -> list[tuple[int, str]]:
    """Calls in `path` (a desktop/ui module) of a service function, or of a workspace's session,
    that run where they are written: not inside a lambda or a nested function (the jobs handed
    to the task runner, `AppState.write` or `beside_gui`), unless that lambda or function is
    handed to a signal's `connect` or to `QTimer.singleShot`: a slot runs on the GUI thread."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, names = {}, {}
    slot_lambdas, slot_names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SLOT_TAKERS:
            slot_lambdas.update(id(a) for a in node.args if isinstance(a, ast.Lambda))
            slot_names.update(a.id for a in node.args if isinstance(a, ast.Name))
        if isinstance(node, ast.Import):  # import desktop.services.facts as facts
            modules.update({a.asname: a.name.rsplit(".", 1)[1] for a in node.names
                            if a.asname and a.name.startswith("desktop.services.")})
        elif isinstance(node, ast.ImportFrom) and node.module == "desktop.services":
            modules.update({a.asname or a.name: a.name for a in node.names})
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("desktop.services."):
            names.update({a.asname or a.name: f"{node.module.rsplit('.', 1)[1]}.{a.name}" for a in node.names})
    found = []

    def called(call: ast.Call) -> str | None:
        f = call.func
        if isinstance(f, ast.Name) and f.id in names:
            return names[f.id]
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            if f.value.id in modules:
                return f"{modules[f.value.id]}.{f.attr}"
            if f.value.id in names:
                return f"{names[f.value.id]}.{f.attr}"
        if isinstance(f, ast.Attribute) and f.attr in DATABASE_METHODS and ast.unparse(f.value).endswith("ws"):
            return f"Workspace.{f.attr}"
        return None

    def visit(node: ast.AST, deferred: bool, depth: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, deferred, 0)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):  # a def inside a def: a job
                visit(child, deferred or (depth >= 1 and child.name not in slot_names), depth + 1)
            else:
                later = deferred or (isinstance(child, ast.Lambda) and id(child) not in slot_lambdas)
                if isinstance(child, ast.Call) and not later and called(child):
                    found.append((child.lineno, called(child)))
                visit(child, later, depth)

    visit(tree, False, 0)
    return found


def test_no_service_read_is_written_to_run_on_the_gui_thread():
    """What grep cannot tell, the syntax tree can: in desktop/ui every call of a service that
    reads or writes the data file (year_facts, the snapshots, a Workspace session…) is inside a
    job handed to the worker, never in a slot's own body."""
    ui = Path(__file__).resolve().parents[1] / "desktop" / "ui"
    offenders = [f"{path.relative_to(ui.parent.parent)}:{line} {name}"
                 for path in sorted(ui.rglob("*.py"))
                 for line, name in service_calls_on_the_gui_thread(path) if name not in NOT_THE_DATABASE]
    assert offenders == []


def test_the_check_finds_a_read_on_the_gui_thread(tmp_path):
    """Control: a slot that reads the facts itself is found; the same call in a job is not."""
    module = tmp_path / "screen.py"
    module.write_text(
        "from desktop.services import facts\n"
        "class S:\n"
        "    def refresh(self):\n"
        "        self.f = facts.year_facts(self.ws, 2020)\n"
        "        self.tasks.run(lambda: facts.year_facts(self.ws, 2020), self.draw, self.failed)\n"
        "    def save(self):\n"
        "        with self.state.ws.write() as s:\n"
        "            pass\n", encoding="utf-8")
    assert service_calls_on_the_gui_thread(module) == [(4, "facts.year_facts"), (7, "Workspace.write")]


def test_the_check_finds_a_read_in_a_slot_written_as_a_lambda_or_nested_function(tmp_path):
    """Control: a lambda or nested function connected to a signal, or given to a timer, runs on
    the GUI thread (found); one handed to the worker does not (not found); a module imported
    with `import … as` is known too."""
    module = tmp_path / "screen.py"
    module.write_text(
        "import desktop.services.budget as budget\n"
        "from desktop.services import facts\n"
        "class S:\n"
        "    def __init__(self):\n"
        "        self.button.clicked.connect(lambda: budget.post_adjustment(self.ws, 2020))\n"
        "        def on_click():\n"
        "            facts.year_facts(self.ws, 2020)\n"
        "        self.other.clicked.connect(on_click)\n"
        "        QTimer.singleShot(0, lambda: self.draw(facts.year_facts(self.ws, 2020)))\n"
        "        def job():\n"
        "            return facts.year_facts(self.ws, 2020)\n"
        "        self.tasks.run(job, lambda f: self.draw(f), self.failed)\n", encoding="utf-8")
    assert service_calls_on_the_gui_thread(module) == [
        (5, "budget.post_adjustment"), (7, "facts.year_facts"), (9, "facts.year_facts")]
