"""Check that a Linux bundle starts on glibc 2.28 (UOS 20, Kylin V10, Debian 10).

Scans every ELF file in a folder, or in a .deb (unpacked with dpkg-deb), with `objdump -p` (the
version references the dynamic linker checks at start: "required from libc.so.6: GLIBC_2.28"),
prints the highest GLIBC and GLIBCXX any file needs with the files that need it, and the system
libraries the bundle expects from the target. Fails (exit 1) when a file needs more than the
limits, when a library that must come from the target (libstdc++, libc, X11...) is bundled, or
when a GPL-only library (readline) is.

    python installer/check_glibc.py dist/budget-desk [--glibc 2.28] [--glibcxx 3.4.25]
    python installer/check_glibc.py dist/budget-desk_0.1.0_amd64.deb
    python installer/check_glibc.py dist/budget-desk --list-needed   (sonames only)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

VERSION_REF = re.compile(r"\b(GLIBC|GLIBCXX|CXXABI)_(\d+(?:\.\d+)*)\b")
NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.M)
# Libraries the target system provides: a bundled copy would shadow it (the libstdc++ case)
MUST_COME_FROM_TARGET = re.compile(
    r"^(libc|libm|libdl|librt|libpthread|ld-linux[^.]*|libstdc\+\+|libgcc_s|libGL|libEGL|libGLX|"
    r"libOpenGL|libX11|libX11-xcb|libxcb|libxkbcommon|libfontconfig|libfreetype|libglib-2\.0|"
    r"libgobject-2\.0|libgio-2\.0|libdbus-1)(\.so|-)")
GPL_ONLY = re.compile(r"^(libreadline|libhistory)\.so")


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


@dataclass
class Scan:
    elf_files: int = 0
    needs: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {"GLIBC": {}, "GLIBCXX": {}, "CXXABI": {}})
    needed_outside: dict[str, list[str]] = field(default_factory=dict)
    bundled_names: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def highest(self, kind: str) -> str | None:
        versions = self.needs[kind]
        return max(versions, key=version_key) if versions else None


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def scan_folder(folder: Path) -> Scan:
    scan = Scan()
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)]
    scan.bundled_names = {p.name for p in folder.rglob("*") if p.is_file()}
    for path in files:
        scan.elf_files += 1
        rel = str(path.relative_to(folder))
        dump = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
        refs = dump.split("Version References:", 1)[1] if "Version References:" in dump else ""
        for kind, version in set(VERSION_REF.findall(refs)):
            scan.needs[kind].setdefault(version, []).append(rel)
        for lib in NEEDED.findall(dump):
            if lib not in scan.bundled_names:
                scan.needed_outside.setdefault(lib, []).append(rel)
        # a wheel's own copies under *.libs/ (auditwheel, renamed with a hash) are built for old
        # glibc and loaded by that wheel only: they shadow nothing of the system's
        vendored = any(part.endswith(".libs") for part in path.relative_to(folder).parts[:-1])
        if MUST_COME_FROM_TARGET.match(path.name) and not vendored:
            scan.problems.append(f"bundled, but must come from the target system: {rel}")
        if GPL_ONLY.match(path.name):
            scan.problems.append(f"GPL-only library bundled: {rel}")
    return scan


def report(scan: Scan, limits: dict[str, str]) -> int:
    print(f"ELF files scanned: {scan.elf_files}")
    for kind in ("GLIBC", "GLIBCXX", "CXXABI"):
        top = scan.highest(kind)
        limit = limits.get(kind)
        print(f"max {kind}: {top or '-'}" + (f" (limit {limit})" if limit else ""))
        for version in sorted(scan.needs[kind], key=version_key, reverse=True):
            over = limit is not None and version_key(version) > version_key(limit)
            if over:
                for rel in scan.needs[kind][version]:
                    scan.problems.append(f"{rel} needs {kind}_{version} > {limit}")
        if top:
            example = sorted(scan.needs[kind][top])[:3]
            print(f"  needed by: {', '.join(example)}" + (" ..." if len(scan.needs[kind][top]) > 3 else ""))
    print("libraries expected from the target system:")
    for lib in sorted(scan.needed_outside):
        print(f"  {lib}")
    for problem in scan.problems:
        print(f"FAIL: {problem}")
    return 1 if scan.problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查打包目录或 .deb 中每个 ELF 文件所需的最高 GLIBC/GLIBCXX 版本")
    parser.add_argument("target", type=Path, help="打包目录（dist/budget-desk）或 .deb 文件")
    parser.add_argument("--glibc", default="2.28", help="允许的最高 GLIBC 版本（默认 2.28）")
    parser.add_argument("--glibcxx", default="3.4.25", help="允许的最高 GLIBCXX 版本（默认 3.4.25）")
    parser.add_argument("--list-needed", action="store_true",
                        help="只列出需要由目标系统提供的库（每行一个），供打包脚本生成依赖")
    args = parser.parse_args(argv)
    if args.list_needed:
        print("\n".join(sorted(scan_folder(args.target).needed_outside)))
        return 0
    limits = {"GLIBC": args.glibc, "GLIBCXX": args.glibcxx}
    if args.target.suffix == ".deb":
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["dpkg-deb", "-x", str(args.target), tmp], check=True)
            return report(scan_folder(Path(tmp)), limits)
    if not args.target.is_dir():
        parser.error(f"找不到目录或 .deb 文件：{args.target}")
    return report(scan_folder(args.target), limits)


if __name__ == "__main__":
    sys.exit(main())
