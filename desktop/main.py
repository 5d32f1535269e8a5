"""The `budget-desk` entry point: no arguments opens the window, anything else is the CLI.

`budget-desk gui [FILE]`, `budget-desk window [FILE]` and `budget-desk FILE` (what a file
manager runs when a data file is double-clicked) open the window on that file.

Kept outside the layers so that the command line never imports Qt and the window never
imports argparse plumbing it does not need.
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA_FILE_SUFFIXES = (".sqlite3", ".sqlite", ".db", ".bdesk")


def _window_arguments(args: list[str]) -> list[str] | None:
    """The window's arguments when `args` asks for the window, else None (the command line)."""
    if not args:
        return []
    if args[0] in ("gui", "window"):
        return args[1:]
    if len(args) == 1 and Path(args[0]).suffix.lower() in DATA_FILE_SUFFIXES:
        return args
    return None


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    # In the frozen program the window's chart-drawing process (services/chart_process.py) is
    # this executable started again: this call runs it there and returns at once everywhere else.
    multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    window_args = _window_arguments(args)
    if window_args is not None:
        from desktop.ui.app import run_window

        return run_window(window_args)
    from desktop.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
