#!/usr/bin/env bash
# Runs every test of the solution on a fresh clone: installs what the tests need, builds with warnings as errors,
# runs all test projects, and prints one line "N passed, N failed, N skipped". Exits non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/TestResults"
configuration="${CONFIGURATION:-Release}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-liberation >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
fi

# The DynamoDB tests run against dynalite, a real DynamoDB API from npm (pinned by tools/dynalite/package-lock.json).
if [ ! -x tools/dynalite/node_modules/.bin/dynalite ]; then
  echo "Installing dynalite for the DynamoDB tests..."
  npm ci --prefix tools/dynalite --no-audit --no-fund --loglevel=error
fi

rm -rf "$results"
dotnet build ChatRoom.sln -c "$configuration" -nologo -clp:ErrorsOnly -warnaserror

status=0
dotnet test ChatRoom.sln -c "$configuration" --no-build -nologo \
  --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" \
  --blame-hang-timeout 5m || status=$?

passed=0; failed=0; skipped=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(value total)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test in its results: a test host crashed or hung." >&2
  failed=1
fi
if [ "$total" -eq 0 ]; then
  echo "No test ran." >&2
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
