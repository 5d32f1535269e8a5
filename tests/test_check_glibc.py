"""installer/check_glibc.py: finds the highest glibc a folder's ELF files need, and fails above
the limit or when a library that must come from the target system is bundled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "check_glibc.py"
pytestmark = pytest.mark.skipif(shutil.which("objdump") is None or shutil.which("cc") is None,
                                reason="objdump and a C compiler are needed")


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def compile_program(folder: Path, source: str, name: str = "prog", *libs: str) -> Path:
    c_file = folder / f"{name}.c"
    c_file.write_text(source)
    out = folder / name
    subprocess.run(["cc", "-O0", "-o", str(out), str(c_file), *libs], check=True)
    c_file.unlink()
    return out


def machine_glibc() -> str:
    import platform

    return platform.libc_ver()[1]


def test_a_program_built_here_needs_this_machines_glibc_and_fails_a_lower_limit(tmp_path):
    # glibc 2.34 moved __libc_start_main to a new version: anything built on 2.34+ needs it
    compile_program(tmp_path, "int main(void){return 0;}\n")
    ok = check(str(tmp_path), "--glibc", machine_glibc())
    assert ok.returncode == 0, ok.stdout
    assert "ELF files scanned: 1" in ok.stdout
    if tuple(map(int, machine_glibc().split("."))) >= (2, 34):
        low = check(str(tmp_path), "--glibc", "2.28")
        assert low.returncode == 1
        assert "prog needs GLIBC_2.34 > 2.28" in low.stdout


def test_a_bundled_libstdcxx_fails_even_within_the_version_limits(tmp_path):
    compile_program(tmp_path, "int main(void){return 0;}\n", name="libstdc++.so.6")
    result = check(str(tmp_path), "--glibc", "99.0")
    assert result.returncode == 1
    assert "must come from the target system: libstdc++.so.6" in result.stdout


def test_the_target_systems_libraries_are_listed_and_bundled_ones_are_not(tmp_path):
    compile_program(tmp_path, "#include <math.h>\nint main(int c,char**v){return (int)cos(c);}\n", "prog", "-lm")
    (tmp_path / "data.txt").write_text("not an ELF file")
    listed = check(str(tmp_path), "--list-needed").stdout.split()
    assert "libc.so.6" in listed and "libm.so.6" in listed


def test_a_wheels_vendored_copy_under_dot_libs_is_not_a_system_library(tmp_path):
    vendored = tmp_path / "pillow.libs"
    vendored.mkdir()
    compile_program(vendored, "int main(void){return 0;}\n", "libxcb-9065bb12.so.1.1.0")
    result = check(str(tmp_path), "--glibc", "99.0")
    assert result.returncode == 0, result.stdout
