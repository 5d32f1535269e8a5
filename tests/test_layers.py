"""The layer rules of DESIGN.md, checked by import-linter, and no float near money."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([exe], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# The one place a binary float is allowed below the GUI: a bar's position on a chart axis
# (desktop/export/charts.py, `_to_axis`); every label on the chart is the core's exact text.
ALLOWED_FLOAT = {("desktop/export/charts.py", "_to_axis")}


def _allowed(path, tree):
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (str(path.relative_to(ROOT)), node.name) in ALLOWED_FLOAT:
            spans.append((node.lineno, node.end_lineno))
    return spans


def test_no_float_or_builtin_round_below_the_gui():
    offenders = []
    for folder in ("core", "store", "services", "export", "cli"):
        for path in (ROOT / "desktop" / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            allowed = _allowed(path, tree)
            for node in ast.walk(tree):
                if any(a <= getattr(node, "lineno", 0) <= b for a, b in allowed):
                    continue
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("float", "round"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}()")
                if isinstance(node, ast.Name) and node.id in ("Float", "REAL", "Numeric"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.id}")
    assert offenders == []


def test_start_up_modules_do_not_import_heavy_libraries():
    code = ("import sys, desktop.cli.main, desktop.services.facts, desktop.core.summary; "
            "print([m for m in ('matplotlib', 'openpyxl', 'PySide6') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# --- errors reach their field by key (ValidationError.key), never by their text ---------------

_SEARCHES = {"split", "rsplit", "partition", "rpartition", "find", "rfind", "index", "rindex", "startswith",
             "endswith", "removeprefix", "removesuffix", "count", "replace"}
_COLONS = ("：", ":")


def _error_names(tree) -> set[str]:
    """Names bound to an exception: `except … as exc`, and parameters named or typed as one."""
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler) and node.name}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.Lambda, ast.AsyncFunctionDef)):
            for arg in node.args.args + node.args.kwonlyargs:
                typed = ast.unparse(arg.annotation) if arg.annotation is not None else ""
                if arg.arg in ("exc", "error", "err") or "Error" in typed or "Exception" in typed:
                    names.add(arg.arg)
    return names


def _reads_error_text(node, names: set[str]) -> bool:
    """`node` contains the text of an exception: str(exc), exc.args, exc.field (the label)."""
    for sub in ast.walk(node):
        if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in ("str", "repr", "format")
                and sub.args and isinstance(sub.args[0], ast.Name) and sub.args[0].id in names):
            return True
        if (isinstance(sub, ast.Attribute) and sub.attr in ("args", "field") and isinstance(sub.value, ast.Name)
                and sub.value.id in names):
            return True
        if isinstance(sub, ast.JoinedStr) and any(
                isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id in names
                for v in sub.values):
            return True
    return False


def text_matching_of_errors(source: str) -> list[str]:
    """Where `source` finds a field from an error's text: splits on a colon, or compares,
    searches or pattern-matches the text of an exception."""
    tree = ast.parse(source)
    names = _error_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SEARCHES:
            colon = any(isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.strip() in _COLONS
                        for a in node.args)
            if (colon and node.func.attr != "replace") or _reads_error_text(node.func.value, names):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and \
                any(_reads_error_text(a, names) for a in node.args):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Compare) and any(_reads_error_text(n, names) for n in (node.left, *node.comparators)):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_window_links_errors_to_fields_by_key_not_by_their_text():
    """A refusal reaches the input it is about by its key (desktop/ui/widgets.py `report_to`);
    nothing in desktop/ui reads a field out of a message ("采购编号：…" split on "：", or the
    message matched against labels)."""
    offenders = {str(path.relative_to(ROOT)): found for path in (ROOT / "desktop" / "ui").rglob("*.py")
                 if (found := text_matching_of_errors(path.read_text(encoding="utf-8")))}
    assert offenders == {}


@pytest.mark.parametrize("source", [
    'def f(exc):\n    field, _ = str(exc).split("：", 1)',
    'try:\n    pass\nexcept ValueError as e:\n    if "采购编号" in str(e):\n        pass',
    'def f(exc: BaseException):\n    return str(exc).startswith(label)',
    'def f(message):\n    return message.partition("：")[0]',
    'def f(error):\n    return re.match("(.*)：", str(error))',
    'def f(exc):\n    return labels[exc.field]  if exc.field == "日期" else None',
    'def f(exc):\n    return f"{exc}".find(name) >= 0',
])
def test_the_text_matching_check_finds_what_it_looks_for(source):
    assert text_matching_of_errors(source)


def test_the_text_matching_check_passes_keyed_routing():
    source = ('def report_to(parent, exc, errors):\n    label = errors.get(getattr(exc, "key", "")) or errors.get("")\n'
              '    label.show_message(str(exc))\n    tab, year = data.split("\\t")')
    assert text_matching_of_errors(source) == []
