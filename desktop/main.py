"""The `budget-desk` entry point: no arguments opens the window, anything else is the CLI.

Kept outside the layers so that the command line never imports Qt and the window never
imports argparse plumbing it does not need.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("gui", "window"):
        from desktop.ui.app import run_window

        return run_window(args[1:])
    from desktop.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
