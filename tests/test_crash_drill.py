"""The crash drill, short (issue 9): real imports and adjustment batches SIGKILLed at random
moments; after each kill the file opens without "已损坏", integrity_check and the audit chain
pass, and the data is all-before or all-after (`scripts/crash_drill.py` has the full one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_short_crash_drill(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "crash_drill.py"), "--kills", "10", "--small",
                             "--work", str(tmp_path / "drill")], capture_output=True, text=True, cwd=ROOT)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert summary["killed"] == 10 and summary["called_damaged_or_failed"] == 0 and summary["failures"] == []
    assert set(summary["by_kind"]) == {"json", "excel", "batch"}
