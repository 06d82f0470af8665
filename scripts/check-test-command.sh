#!/usr/bin/env bash
# Proves that the test command can go red. Builds a scratch solution in a temporary folder, its test projects set up
# like ours (tests/Directory.Build.props, Directory.Packages.props): Scratch.Skipping.Tests (one passing test, one
# [Fact(Skip = ...)]) and Scratch.Empty.Tests (no test). Runs and counts them with the functions scripts/test.sh uses
# (scripts/lib/test-results.sh), and checks that:
#   1. the run fails, names the skipped test and the empty project, and counts 1 passed and 1 skipped;
#   2. a test project that the solution does not list fails the run, named;
#   3. with the skip in the allow-list and the empty project gone, the same results pass.
# Prints "PASS <check>: ..." or "FAIL <check>: ..." per check (scripts/test.sh counts them) and exits non-zero on a
# failure. Never runs scripts/test.sh itself.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/test-results.sh
source "$root/scripts/lib/test-results.sh"
configuration="${CONFIGURATION:-Release}"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/chatroom-test-command.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"

cat > Directory.Build.props <<EOF
<Project>
  <Import Project="$root/tests/Directory.Build.props" />
</Project>
EOF
cp "$root/Directory.Packages.props" "$root/global.json" .

project() {
  mkdir -p "tests/$1"
  cat > "tests/$1/$1.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" />
    <PackageReference Include="xunit" />
    <PackageReference Include="xunit.runner.visualstudio" />
  </ItemGroup>
  <ItemGroup>
    <Using Include="Xunit" />
  </ItemGroup>
</Project>
EOF
}
project Scratch.Skipping.Tests
project Scratch.Empty.Tests
cat > tests/Scratch.Skipping.Tests/SkippingTests.cs <<'EOF'
namespace Scratch.Skipping.Tests;

public sealed class SkippingTests
{
    [Fact]
    public void Passes()
    {
    }

    [Fact(Skip = "The test command must count this and fail.")]
    public void Skipped()
    {
    }
}
EOF

dotnet new sln --name Scratch --format sln >/dev/null
dotnet sln Scratch.sln add tests/Scratch.Skipping.Tests tests/Scratch.Empty.Tests >/dev/null
dotnet build Scratch.sln -c "$configuration" -nologo -clp:ErrorsOnly -warnaserror
run_solution_tests Scratch.sln "$scratch/TestResults" -c "$configuration" >/dev/null || true

: > allowed-skips.txt
status=0
skipped_test="Scratch.Skipping.Tests.SkippingTests.Skipped"

# The output and exit status of count_test_results, and its counters, in a subshell so that its failure is a value.
count() {
  set +e
  output="$( (count_test_results Scratch.sln "$scratch/TestResults" allowed-skips.txt && echo "counted: $tests_passed $tests_failed $tests_skipped" || echo "counted: $tests_passed $tests_failed $tests_skipped failing") 2>&1)"
  set -e
}

check() {
  local name="$1" description="$2"
  shift 2
  if "$@"; then
    echo "PASS test-command $name: $description"
  else
    echo "FAIL test-command $name: $description. The counting printed:"
    printf '%s\n' "$output" | sed 's/^/    /'
    status=1
  fi
}

has() { printf '%s\n' "$output" | grep -qF -- "$1"; }

count
skip_and_empty_fail() {
  has "counted: 1 1 1 failing" && has "skipped $skipped_test" && has "Scratch.Empty.Tests: ran no test"
}
check skip-and-empty "a skipped test and a project that ran no test fail the run, both named, 1 passed and 1 skipped" skip_and_empty_fail

dotnet sln Scratch.sln remove tests/Scratch.Empty.Tests >/dev/null
count
unlisted_fails() { has "failing" && has "tests/Scratch.Empty.Tests/Scratch.Empty.Tests.csproj is not in Scratch.sln"; }
check unlisted-project "a test project the solution does not list fails the run, named" unlisted_fails

rm -rf tests/Scratch.Empty.Tests "$scratch/TestResults/Scratch.Empty.Tests"
printf '# The reason it is skipped, and the issue that brings it back.\n%s\n' "$skipped_test" > allowed-skips.txt
count
allowed_passes() { has "counted: 1 0 1" && ! has "failing"; }
check allowed-skip "a skip the allow-list names passes, still counted as skipped" allowed_passes

exit "$status"
