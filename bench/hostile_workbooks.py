"""Benchmark: hostile workbooks are refused before they cost anything. Times the preview's
refusal of an entity bomb and a zip bomb (310 MB of zeros in ~300 KB), next to the preview of
the plain template in the same run; a refusal should cost about as much as reading a small
file, never seconds of expansion.

    .venv/bin/python bench/hostile_workbooks.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ENTITIES = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
BILLION_LAUGHS = (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol1 "lol">{ENTITIES}]>'
                  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>').encode()


def first_sheet(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))[0]


def rebuild(src: Path, dst: Path, sheet_writer) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name == first_sheet(src):
                with zout.open(name, "w", force_zip64=True) as member:
                    sheet_writer(member)
            else:
                zout.writestr(name, zin.read(name))
    return dst


def timed(fn) -> float:
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    from desktop.core.errors import BudgetDeskError
    from desktop.services import workbook, years
    from desktop.services.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="budget-desk-hostile-"))
    ws = Workspace.open(folder / "empty.sqlite3", create=True, actor="bench")
    years.create_unit(ws, "T9", "测试局")
    years.create_year(ws, "T9", 2021)
    template = folder / "template.xlsx"
    workbook.write_template(2023, template, "T9", "测试局")
    lol = rebuild(template, folder / "lol.xlsx", lambda m: m.write(BILLION_LAUGHS))
    bomb = rebuild(template, folder / "bomb.xlsx", lambda m: [m.write(b"\0" * (1 << 20)) for _ in range(310)])

    def refuse(path: Path) -> None:
        try:
            workbook.preview_workbook(ws, path)
        except BudgetDeskError:
            return
        raise SystemExit(f"{path.name} was not refused")

    plain = timed(lambda: workbook.preview_workbook(ws, template))
    print(f"preview of the plain template: {plain:.3f} s (reference)")
    for name, path in (("entity bomb", lol), ("zip bomb, 310 MB declared", bomb)):
        t = timed(lambda p=path: refuse(p))
        print(f"refusal of the {name}: {t:.3f} s, {t / plain:.2f} × the plain preview")
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
