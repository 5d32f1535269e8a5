"""The layer rules of DESIGN.md, checked by import-linter, and no float near money."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

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
