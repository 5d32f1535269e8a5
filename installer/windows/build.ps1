# Build Budget Desk for Windows 10/11 (x64) on Windows: the folder dist\budget-desk\ with
# budget-desk.exe (the window) and budget-desk-cli.exe (the command line, with a console), then
# the installer dist\budget-desk-setup-<version>.exe with Inno Setup 6 (ISCC.exe) when present.
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Not run on the Linux machine this was written on: see installer\windows\README.md.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -q --upgrade pip
.venv\Scripts\python -m pip install -q -e . "pyinstaller>=6.10,<7"

$versionFile = Join-Path $PWD "build\version_info.txt"
New-Item -ItemType Directory -Force build | Out-Null
$version = (.venv\Scripts\python installer\windows\version_info.py $versionFile).Trim()
$env:BUDGET_DESK_VERSION_FILE = $versionFile
.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\budget-desk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
Write-Host "dist\budget-desk\ is ready (budget-desk.exe, budget-desk-cli.exe)"

$iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
          "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $iscc) { Write-Host "Inno Setup 6 not found: no installer built (the folder works as it is)"; exit 0 }
# Inno Setup ships Simplified Chinese among its unofficial translations only; the CI workflow
# fetches it next to the script (ChineseSimplified.isl) when the installed copy lacks it.
$isl = Join-Path $PSScriptRoot "ChineseSimplified.isl"
if (-not (Test-Path $isl)) {
  $installed = Join-Path (Split-Path $iscc) "Languages\Unofficial\ChineseSimplified.isl"
  if (Test-Path $installed) { Copy-Item $installed $isl } else { throw "ChineseSimplified.isl missing: see installer\windows\README.md" }
}
& $iscc "/DAppVersion=$version" "/DSourceDir=$PWD\dist\budget-desk" "/DOutputDir=$PWD\dist" installer\windows\budget-desk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "dist\budget-desk-setup-$version.exe is ready"
