@echo off
rem Windows: restore, run the tests, build CertDeploy.msi (nb-NO and en-US) and print where it is.
rem Needs the .NET SDK 10 (the WiX SDK and DTF come from NuGet). Exits non-zero on any failure.
setlocal
cd /d "%~dp0"
set CONFIGURATION=Release

echo == Tests (the same command as on Linux)
dotnet test CertDeploy.Tests.slnf -c %CONFIGURATION% || goto :failed

echo == Custom actions (DTF, .NET Framework 4.7.2)
dotnet build customactions\CertDeploy.CustomActions\CertDeploy.CustomActions.csproj -c %CONFIGURATION% || goto :failed

echo == Installer (WiX; ICE validation runs as part of the build)
dotnet build installer\CertDeploy.Installer.wixproj -c %CONFIGURATION% || goto :failed

echo == Built
set FOUND=
for /r installer\bin %%f in (*.msi) do (
  echo %%f
  set FOUND=1
)
if not defined FOUND (
  echo No .msi was produced under installer\bin.
  goto :failed
)
exit /b 0

:failed
echo build.cmd failed.
exit /b 1
