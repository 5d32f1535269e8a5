# Build the double-click folder on Windows: dist\budget-desk\budget-desk.exe
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
if (-not (Test-Path .venv)) { py -3 -m venv .venv }
.venv\Scripts\python -m pip install -q -e ".[test]" "pyinstaller>=6"
.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build installer\budget-desk.spec
Write-Host "dist\budget-desk\ is ready: copy the folder to the PC and double-click budget-desk.exe"
