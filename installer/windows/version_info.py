"""Write the Windows version resource (PyInstaller's version-file format) for budget-desk.exe and
budget-desk-cli.exe from pyproject.toml's version: Explorer's Properties → Details shows it.

    python installer/windows/version_info.py OUT_FILE
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'Budget Desk'),
      StringStruct('FileDescription', '预算绩效工作台'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'budget-desk'),
      StringStruct('LegalCopyright', 'Budget Desk'),
      StringStruct('OriginalFilename', 'budget-desk.exe'),
      StringStruct('ProductName', '预算绩效工作台 Budget Desk'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def main(argv: list[str]) -> int:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    numbers = [int(p) for p in version.split(".")[:4] if p.isdigit()]
    nums = tuple((numbers + [0, 0, 0, 0])[:4])
    Path(argv[0]).write_text(TEMPLATE.format(nums=nums, version=version), encoding="utf-8")
    print(version)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
