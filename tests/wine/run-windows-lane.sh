#!/usr/bin/env bash
# The Windows lane: publishes the Windows tests and the test service for win-x64 and runs them
# under Wine in a fresh prefix, set up as /work/shared/WINE.md (shared/WINE.md beside the
# repository) measured. Prints "N passed, N failed, N skipped" as its last line; exits non-zero
# when a test failed, when no test ran, or when Wine could not be set up.
#
#   bash tests/wine/run-windows-lane.sh [RUN_DIR]
#
# RUN_DIR (default artifacts/wine-lane in the repository) is emptied first; it receives the
# prefix, the published programs and the logs. The prefix and the programs are removed at the
# end unless CERTDEPLOY_KEEP_LANE=1. Every Wine call has a time limit. Each test method runs in
# a process of its own (CERTDEPLOY_LANE_TEST_LIMIT seconds, default 150); a crash or a hang
# counts as one failure of that method and the others still run. CERTDEPLOY_LANE_FILTER (an
# extended regular expression) runs only the test methods whose full names match it.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
run_dir=${1:-$repo/artifacts/wine-lane}
started=$SECONDS

say() { printf 'wine lane [%3ds]: %s\n' "$((SECONDS - started))" "$*" >&2; }

finish() {
  # wineserver -w would wait forever while a service runs; -k ends the prefix's processes.
  if [ -n "${WINEPREFIX:-}" ] && command -v wineserver >/dev/null 2>&1; then
    timeout 30 wineserver -k >/dev/null 2>&1
  fi
}
trap finish EXIT

give_up() {
  say "$*"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
}

# ---- Wine, installed as WINE.md says (no recommends: no Mono, no Gecko, no 32-bit part).
if ! command -v wine >/dev/null 2>&1; then
  say "installing wine wine64"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >"${TMPDIR:-/tmp}/wine-lane-apt.log" 2>&1 \
    || give_up "apt-get update failed, see ${TMPDIR:-/tmp}/wine-lane-apt.log"
  timeout 600 apt-get install -y -qq --no-install-recommends wine wine64 \
    >>"${TMPDIR:-/tmp}/wine-lane-apt.log" 2>&1 \
    || give_up "apt-get install wine wine64 failed, see ${TMPDIR:-/tmp}/wine-lane-apt.log"
fi
command -v wine >/dev/null 2>&1 || give_up "wine is not on PATH after installing it"
say "$(wine --version 2>/dev/null)"

rm -rf "$run_dir"
mkdir -p "$run_dir/logs" || give_up "cannot create $run_dir"
logs=$run_dir/logs

# ---- A fresh prefix. No X server: DISPLAY unset.
export WINEPREFIX=$run_dir/prefix
export WINEARCH=win64
export WINEDEBUG=-all
unset DISPLAY WINEDLLOVERRIDES

say "creating the prefix"
# The override keeps wineboot from looking for the Mono and Gecko add-ons (not downloadable
# here). Only for wineboot: while it is set, .NET programs cannot load System.Runtime.
WINEDLLOVERRIDES="mscoree,mshtml=" timeout 180 wineboot -i >"$logs/wineboot.log" 2>&1 \
  || give_up "wineboot -i failed or timed out, see $logs/wineboot.log"
timeout 120 wine winecfg -v win10 >"$logs/winecfg.log" 2>&1 \
  || give_up "winecfg -v win10 failed, see $logs/winecfg.log"

# Without an empty AeDebug debugger an unhandled exception ends a program with exit code 0.
timeout 60 wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' \
  /v Debugger /t REG_SZ /d '' /f >"$logs/aedebug.log" 2>&1 \
  || give_up "setting the empty AeDebug debugger failed, see $logs/aedebug.log"
say "prefix ready: $WINEPREFIX"

# ---- The programs, self-contained and not single-file (a single-file exe does not start).
publish() {
  local project=$1 output=$2
  timeout 900 dotnet publish "$repo/tests/$project" -r win-x64 --self-contained -c Release \
    -o "$output" >"$logs/publish-$project.log" 2>&1 \
    || give_up "dotnet publish $project failed, see $logs/publish-$project.log"
}
say "publishing"
publish CertDeploy.Windows.Tests "$run_dir/tests"
publish CertDeploy.TestService "$run_dir/tests/testservice"

# ---- The suite, one process per test method. Under Wine a failing test can take its process
# down (a CLR fatal error, a spurious NullReferenceException, a hang) and with it every test
# that would have run after it; in a process of its own it costs only itself. Each process
# builds the machine (services, certificates) again through the assembly fixture, and the
# prefix's processes are ended after each one, so that a service left running by a crashed
# test cannot disturb the next. CERTDEPLOY_WINDOWS_LANE tells the tests that they may
# register services and import certificates: they do it only in this throw-away prefix.
method_limit=${CERTDEPLOY_LANE_TEST_LIMIT:-150}   # seconds for one test method's process
suite_limit=${CERTDEPLOY_LANE_SUITE_LIMIT:-420}   # seconds for all of them together

tests_exe() {
  local limit=$1; shift
  (cd "$run_dir/tests" && CERTDEPLOY_WINDOWS_LANE=1 CERTDEPLOY_LANE_REPORTS='..\logs' \
    timeout -k 10 "$limit" \
    wine CertDeploy.Windows.Tests.exe -noColor -noLogo -parallel none "$@")
}

tests_exe 120 -list methods >"$logs/methods.log" 2>&1 \
  || give_up "listing the test methods failed, see $logs/methods.log"
mapfile -t methods < <(tr -d '\r' <"$logs/methods.log" | grep -E '^[A-Za-z_][A-Za-z0-9_.]*$')
[ "${#methods[@]}" -gt 0 ] || give_up "the test program listed no test methods, see $logs/methods.log"
if [ -n "${CERTDEPLOY_LANE_FILTER:-}" ]; then
  mapfile -t methods < <(printf '%s\n' "${methods[@]}" | grep -E -- "$CERTDEPLOY_LANE_FILTER")
  [ "${#methods[@]}" -gt 0 ] \
    || give_up "CERTDEPLOY_LANE_FILTER='$CERTDEPLOY_LANE_FILTER' matches none of the test methods in $logs/methods.log"
fi
say "running ${#methods[@]} test methods, one process each"

passed=0 failed=0 skipped=0
suite_started=$SECONDS
for method in "${methods[@]}"; do
  name=${method#CertDeploy.Windows.Tests.}
  log=$logs/test-$name.log
  left=$((suite_limit - (SECONDS - suite_started)))
  if [ "$left" -le 0 ]; then
    say "FAIL $name: not run, the suite used up its $suite_limit s"
    failed=$((failed + 1))
    continue
  fi
  limit=$((left < method_limit ? left : method_limit))

  tests_exe "$limit" -method "$method" -trx "../logs/test-$name.trx" >"$log" 2>&1
  status=$?
  timeout 30 wineserver -k >/dev/null 2>&1

  # The in-process runner closes with a summary:
  #   <assembly>  Total: N, Errors: N, Failed: N, Skipped: N, Not Run: N, Time: Ns
  summary=$(tr -d '\r' <"$log" | grep -o \
    'Total: [0-9]*, Errors: [0-9]*, Failed: [0-9]*, Skipped: [0-9]*, Not Run: [0-9]*' | tail -n 1)
  count() { printf '%s' "$summary" | sed -n "s/.*$1: \([0-9]*\).*/\1/p"; }
  if [ -z "$summary" ]; then
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      say "FAIL $name: no result within $limit s (killed), see $log"
    else
      say "FAIL $name: the process ended with $status before its summary, see $log"
    fi
    failed=$((failed + 1))
    continue
  fi

  total=$(count Total); errors=$(count Errors); bad=$(count Failed)
  skips=$(( $(count Skipped) + $(count 'Not Run') ))
  good=$((total - bad - skips))
  bad=$((bad + errors))
  if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
    say "FAIL $name: the process exited with $status although no test failed, see $log"
    bad=1
  fi
  if [ "$total" -eq 0 ]; then
    say "FAIL $name: the process ran no test, see $log"
    bad=1
  fi
  passed=$((passed + good)); failed=$((failed + bad)); skipped=$((skipped + skips))
  if [ "$bad" -gt 0 ]; then
    say "FAIL $name ($good passed, $bad failed, $skips skipped), see $log"
    sed -n '/\[FAIL\]/,/Stack Trace:/p' "$log" | head -n 20 >&2
  else
    say "ok   $name ($good passed, $skips skipped)"
  fi
done

finish
trap - EXIT
if [ -f "$logs/restart-timing.txt" ]; then
  tr -d '\r' <"$logs/restart-timing.txt" | sed 's/^/wine lane: /' >&2
fi
du -sh "$WINEPREFIX" "$run_dir/tests" 2>/dev/null | sed 's/^/wine lane disk: /' >&2
if [ "${CERTDEPLOY_KEEP_LANE:-0}" != "1" ]; then
  rm -rf "$WINEPREFIX" "$run_dir/tests"
fi
say "done"

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  say "no test passed: the lane ran nothing"
  failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
