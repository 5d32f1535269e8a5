; Inno Setup 6 script: a per-user installer for Budget Desk (预算绩效工作台) on Windows 10/11 x64.
; No administrator: installs under %LOCALAPPDATA%\Programs\BudgetDesk, a Start menu entry, an
; optional desktop shortcut, an uninstaller (Settings → Apps). The user's data folder
; (%LOCALAPPDATA%\BudgetDesk) is written by the program, not by the installer, and the
; uninstaller leaves it alone. Built by build.ps1: ISCC /DAppVersion=… /DSourceDir=… /DOutputDir=…

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\budget-desk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6F1C2A4E-8B1D-4C55-9B0E-5A3F2D7C9E11}
AppName=预算绩效工作台
AppVersion={#AppVersion}
AppVerName=预算绩效工作台 {#AppVersion}
AppPublisher=Budget Desk
VersionInfoVersion={#AppVersion}
VersionInfoProductName=预算绩效工作台 Budget Desk
VersionInfoDescription=预算绩效工作台 安装程序
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\BudgetDesk
DefaultGroupName=预算绩效工作台
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or newer
MinVersion=10.0.17763
SetupIconFile=..\..\resources\icons\budget-desk.ico
UninstallDisplayIcon={app}\budget-desk.exe
UninstallDisplayName=预算绩效工作台
OutputDir={#OutputDir}
OutputBaseFilename=budget-desk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "chs"; MessagesFile: "ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\预算绩效工作台"; Filename: "{app}\budget-desk.exe"; WorkingDir: "{app}"
Name: "{group}\卸载 预算绩效工作台"; Filename: "{uninstallexe}"
Name: "{userdesktop}\预算绩效工作台"; Filename: "{app}\budget-desk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\budget-desk.exe"; Description: "启动 预算绩效工作台"; Flags: nowait postinstall skipifsilent
