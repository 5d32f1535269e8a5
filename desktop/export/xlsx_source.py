"""A workbook opened for its values with python-calamine (Rust; about 12× faster than openpyxl
on a 100,000-row sheet, see bench/io.py).

calamine gives each cell's cached value: a formula never calculated reads as blank, which the
reader then looks up in openpyxl's formula view (`formula_cells`, only for required cells found
blank, so the formula parse happens only on a file that is refused anyway). Every file has passed
`xlsx_safety.check_file` and `check_xml_prologs` before calamine reads a byte of XML.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from desktop.core.logs import log
from desktop.export.xlsx_safety import assert_defused, translate_open_error

# A serial number in a cell without a date format: days since the epoch. The 1900 system counts
# a 1900-02-29 that never existed (serial 60, kept from Lotus 1-2-3), so serials after it are off
# by one day from a plain count; 1904 (old Mac Excel) has no such day.
EPOCH_1900 = dt.date(1899, 12, 30)
EPOCH_1900_BEFORE_LEAP = dt.date(1899, 12, 31)
EPOCH_1904 = dt.date(1904, 1, 1)
FIRST_TRUE_1900_DATE = dt.date(1900, 3, 1)  # before it, a 1900-system date may be the fictitious day


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Sheet:
    """One sheet's rows as tuples (None for an empty cell), numbered from 1 as Excel shows them."""

    def __init__(self, book: Book, name: str, raw):
        self.book, self.title, self._raw = book, name, raw
        self.hidden = name in book.hidden
        self._pad = (None,) * raw.start[1] if raw.start else ()

    def rows(self, min_row: int = 1, max_row: int | None = None) -> Iterator[tuple]:
        pad = self._pad
        for number, row in enumerate(self._raw.iter_rows(), start=1):
            if number < min_row:
                continue
            if max_row is not None and number > max_row:
                return
            yield pad + tuple([None if v == "" else v for v in row])

    def merged(self) -> set[tuple[int, int]]:
        """Cells covered by a merge but not its anchor, as (row from 1, column from 0)."""
        covered = set()
        for (r0, c0), (r1, c1) in self._raw.merged_cell_ranges or ():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered.add((r + 1, c))
        return covered


class Book:
    def __init__(self, path: Path):
        from python_calamine import CalamineWorkbook, SheetVisibleEnum

        self.path = Path(path)
        try:
            self._book = CalamineWorkbook.from_path(str(self.path))
            self.sheetnames: list[str] = list(self._book.sheet_names)
            self.hidden = {m.name for m in self._book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        except Exception as exc:  # calamine raises English errors of several types
            log.warning("无法打开工作簿 %s", self.path.name, exc_info=True)
            raise translate_open_error(exc, self.path.name) from exc
        self.mac_1904 = _uses_1904(self.path)

    def close(self) -> None:
        self._book.close()

    def __getitem__(self, name: str) -> Sheet:
        try:
            return Sheet(self, name, self._book.get_sheet_by_name(name))
        except Exception as exc:
            log.warning("无法读取工作簿 %s", self.path.name, exc_info=True)
            raise translate_open_error(exc, self.path.name) from exc

    def serial_date(self, serial: float) -> dt.date:
        days = int(serial)
        if days < 1:
            raise ValueError(f"“{serial}”不是有效日期（例如 2020-03-31）")
        if self.mac_1904:
            return EPOCH_1904 + dt.timedelta(days=days)
        if days == 60:
            raise ValueError("序号 60 是 Excel 虚构的 1900-02-29，不是有效日期")
        return (EPOCH_1900_BEFORE_LEAP if days < 60 else EPOCH_1900) + dt.timedelta(days=days)

    def formula_cells(self, sheet: str, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which of these (row, column) cells hold a formula: openpyxl's formula view, one pass."""
        import openpyxl

        if not cells:
            return set()
        assert_defused()
        view = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
        try:
            wanted_rows = {r for r, _ in cells}
            found = set()
            rows = view[sheet].iter_rows(max_row=max(wanted_rows), values_only=True)
            for row_number, row in enumerate(rows, start=1):
                if row_number in wanted_rows:
                    for r, c in cells:
                        if r == row_number and c < len(row) and isinstance(row[c], str) and row[c].startswith("="):
                            found.add((r, c))
            return found
        finally:
            view.close()


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"")


def _uses_1904(path: Path) -> bool:
    """The workbook's date system, from xl/workbook.xml (a small part, already size-checked)."""
    with zipfile.ZipFile(path) as archive:
        try:
            data = archive.read("xl/workbook.xml")
        except KeyError:
            return False
    return _DATE1904.search(data) is not None
