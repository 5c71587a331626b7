#!/usr/bin/env bash
# Runs every test. The test fixture starts its own in-memory Azurite on free ports (and the page tests their own sign-in
# provider), so a running dev service does not interfere. Prints a closing "N passed, N failed" line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/azurite.sh"
cd "$ROOT"
# The page tests drive Debian's chromium through Playwright (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the page tests..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
RESULTS="$ROOT/tests/TestResults"
rm -rf "$RESULTS"
status=0
dotnet test FosteringWorkflows.sln --configuration Release --logger "trx;LogFilePrefix=results" \
  --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@" || status=$?
python3 - "$RESULTS" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
failures = []
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    root = ET.parse(f).getroot()
    c = root.find(".//{*}Counters")
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)); skipped += int(c.get("notExecuted", 0))
    for r in root.findall(".//{*}UnitTestResult"):
        if r.get("outcome") in ("Failed", "Error", "Timeout", "Aborted"):
            message = r.find(".//{*}ErrorInfo/{*}Message")
            stack = r.find(".//{*}ErrorInfo/{*}StackTrace")
            text = (message.text or "").strip() if message is not None else ""
            where = [l.strip() for l in (stack.text or "").splitlines() if ".cs:line" in l][:3] if stack is not None else []
            failures.append((r.get("testName"), r.get("duration"), text, where))
# The failures again at the very end, where a log cut to its last lines still shows them.
for name, duration, text, where in failures:
    print(f"FAILED {name} [{duration}]")
    for line in text.splitlines()[:12]:
        print(f"    {line[:300]}")
    for line in where:
        print(f"    {line[:300]}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
