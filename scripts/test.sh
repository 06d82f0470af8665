#!/usr/bin/env bash
# Runs every test of the solution on a fresh clone: installs what the tests need, builds with warnings as errors,
# runs all test projects, packs the NuGet packages and runs the consumer check against them (one check per wiring),
# and prints one line "N passed, N failed, N skipped". Exits non-zero on any failure.
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

# A test that runs longer than the hang timeout is killed with its whole test host. The load tests (docs/load-tests.md)
# fail by themselves at their deadlines (5 and 10 minutes), so the hang timeout lies beyond them.
status=0
dotnet test ChatRoom.sln -c "$configuration" --no-build -nologo \
  --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" \
  --blame-hang-timeout 12m || status=$?

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

# The packages as a user gets them: pack src/ into artifacts/packages, then restore samples/ChatRoom.Samples.Consumer
# (outside the solution) from that folder and run it. It prints "PASS <check>: ..." or "FAIL <check>: ..." per wiring;
# each line counts as one passed or failed check. ChatRoom entries are removed from its packages folder first, so a
# stale package is never used.
packages="$root/artifacts/packages"
consumer="$root/samples/ChatRoom.Samples.Consumer"
consumer_checks=2
consumer_status=0
rm -rf "$packages" "$root"/artifacts/consumer-packages/chatroom.*
mkdir -p "$results"
if dotnet pack ChatRoom.sln -c "$configuration" --no-build -nologo -clp:ErrorsOnly -warnaserror -o "$packages" \
  && dotnet restore "$consumer" --force -nologo -v q \
  && dotnet build "$consumer" -c "$configuration" --no-restore -nologo -clp:ErrorsOnly -warnaserror; then
  dotnet run --project "$consumer" -c "$configuration" --no-build -- "$root/tools/dynalite/node_modules/.bin/dynalite" \
    | tee "$results/consumer.txt" || consumer_status=$?
else
  consumer_status=1
fi
consumer_passed="$(grep -c '^PASS ' "$results/consumer.txt" 2>/dev/null || true)"
consumer_failed="$(grep -c '^FAIL ' "$results/consumer.txt" 2>/dev/null || true)"
consumer_passed="${consumer_passed:-0}"; consumer_failed="${consumer_failed:-0}"
if [ "$consumer_status" -ne 0 ] && [ "$consumer_failed" -eq 0 ]; then
  echo "The consumer check failed before checking every wiring (pack, restore, build or a crash)." >&2
  consumer_failed=$((consumer_checks - consumer_passed))
  [ "$consumer_failed" -gt 0 ] || consumer_failed=1
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test in its results: a test host crashed or hung." >&2
  failed=1
fi
if [ "$total" -eq 0 ]; then
  echo "No test ran." >&2
  failed=$((failed + 1))
fi
passed=$((passed + consumer_passed)); failed=$((failed + consumer_failed))

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ] && [ "$consumer_status" -eq 0 ]
