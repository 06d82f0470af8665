#!/usr/bin/env bash
# Runs every test of the solution on a fresh clone: installs what the tests need, proves on a scratch solution that
# this command fails on a skipped test and on a test project that ran nothing (scripts/check-test-command.sh), builds
# with warnings as errors, runs all test projects, packs the NuGet packages and runs the consumer check against them
# (one check per wiring), and prints one line "N passed, N failed, N skipped". Exits non-zero on any failure, on any
# skipped test that tests/allowed-skips.txt does not name, and on any test project of the solution (tests/*/*.Tests.csproj)
# that reported no executed test; each such project is named.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/test-results.sh
source "$root/scripts/lib/test-results.sh"
# shellcheck source=scripts/lib/package-checks.sh
source "$root/scripts/lib/package-checks.sh"
results="$root/TestResults"
configuration="${CONFIGURATION:-Release}"
allowed_skips="tests/allowed-skips.txt"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-liberation >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
fi

# The Redis tests start Debian's redis-server themselves, each on a free port (tests/ChatRoom.Redis.Tests/RedisServer.cs):
# the package's own service is not needed, so a policy-rc.d that refuses (exit 101) keeps apt from starting it.
if [ ! -x /usr/bin/redis-server ]; then
  echo "Installing redis-server for the Redis tests..."
  as_root apt-get update -qq
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  redis_status=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null || redis_status=$?
  if [ -n "$policy_added" ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  [ "$redis_status" -eq 0 ]
fi

# The DynamoDB tests run against dynalite, a real DynamoDB API from npm (pinned by tools/dynalite/package-lock.json).
if [ ! -x tools/dynalite/node_modules/.bin/dynalite ]; then
  echo "Installing dynalite for the DynamoDB tests..."
  npm ci --prefix tools/dynalite --no-audit --no-fund --loglevel=error
fi

# The template's lint test runs cfn-lint (with the SAM translator), which this machine's Python carries (pip, under
# pyenv); a non-interactive shell may not have pyenv's shims on PATH. Without it that test fails and says so.
if ! command -v cfn-lint >/dev/null 2>&1 && [ -x "$HOME/.pyenv/shims/cfn-lint" ]; then
  export PATH="$HOME/.pyenv/shims:$PATH"
fi

rm -rf "$results"
mkdir -p "$results"

# The counting below, proved first: it must fail on a skipped test and on an empty test project (3 checks).
command_check_status=0
bash scripts/check-test-command.sh | tee "$results/test-command.txt" || command_check_status=$?
count_checks "the test command's check" "$results/test-command.txt" 3 "$command_check_status"
command_passed=$checks_passed; command_failed=$checks_failed

dotnet build ChatRoom.sln -c "$configuration" -nologo -clp:ErrorsOnly -warnaserror

# A test that runs longer than the hang timeout is killed with its whole test host. The load tests (docs/load-tests.md)
# fail by themselves at their deadlines (5 and 20 minutes), so the hang timeout lies beyond the longer one, with time
# for it to report and clean up: 22 minutes, 3.3 times the slowest gateway load test measured (6 min 39 s).
status=0
run_solution_tests ChatRoom.sln "$results" -c "$configuration" --blame-hang-timeout 22m || status=$?

counting_status=0
count_test_results ChatRoom.sln "$results" "$allowed_skips" || counting_status=$?
passed=$tests_passed; failed=$tests_failed; skipped=$tests_skipped

# The packages as a user gets them: pack src/ into artifacts/packages, then restore samples/ChatRoom.Samples.Consumer
# and its WebApp (outside the solution) from that folder and run it. It prints "PASS <check>: ..." or
# "FAIL <check>: ..." per wiring; each line counts as one passed or failed check. ChatRoom entries are removed from its
# packages folder first, so a stale package is never used.
packages="$root/artifacts/packages"
consumer="$root/samples/ChatRoom.Samples.Consumer"
consumer_status=0
rm -rf "$packages" "$root"/artifacts/consumer-packages/chatroom.*
if dotnet pack ChatRoom.sln -c "$configuration" --no-build -nologo -clp:ErrorsOnly -warnaserror -o "$packages" \
  && dotnet restore "$consumer" --force -nologo -v q \
  && dotnet restore "$consumer/WebApp" --force -nologo -v q \
  && dotnet build "$consumer" -c "$configuration" --no-restore -nologo -clp:ErrorsOnly -warnaserror \
  && dotnet build "$consumer/WebApp" -c "$configuration" --no-restore -nologo -clp:ErrorsOnly -warnaserror; then
  dotnet run --project "$consumer" -c "$configuration" --no-build -- "$root/tools/dynalite/node_modules/.bin/dynalite" \
    "$consumer/WebApp/bin/$configuration/net10.0/ChatRoom.Samples.Consumer.WebApp.dll" \
    | tee "$results/consumer.txt" || consumer_status=$?
else
  consumer_status=1
fi
check_core_has_no_token_library "$packages" | tee -a "$results/consumer.txt"
count_checks "the consumer check (pack, restore, build or run)" "$results/consumer.txt" 5 "$consumer_status"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test in its results: a test host crashed or hung." >&2
  failed=1
fi
passed=$((passed + command_passed + checks_passed)); failed=$((failed + command_failed + checks_failed))

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ] && [ "$counting_status" -eq 0 ] && [ "$command_check_status" -eq 0 ] && [ "$consumer_status" -eq 0 ]
