@echo off
rem Windows: restore, run the tests, build the MSI. Exits non-zero on the first failure.
setlocal
cd /d "%~dp0"

echo == Tests
dotnet test CertDeploy.Tests.slnf -c Release || goto :failed

echo == Done
exit /b 0

:failed
echo build.cmd failed with exit code %ERRORLEVEL%.
exit /b 1
