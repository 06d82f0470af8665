# Sourced by scripts/test.sh, and by scripts/check-test-command.sh, which runs these same functions against a scratch
# solution to prove they fail on a skipped test and on a test project that ran nothing. Bash; needs dotnet, grep, sed.
#
# A test project is a tests/*/*.Tests.csproj in the solution. `dotnet test` on the solution writes one TRX file per test
# project into a folder named after it (tests/Directory.Build.props maps ChatRoomTestResults to VSTestResultsDirectory),
# so a result file always names its project. Each test counts once: passed, failed (executed without passing) or
# skipped (total - executed: an xunit [Fact(Skip = ...)] leaves the TRX counter notExecuted at 0).

# Prints the names of the solution's test projects, one a line. Fails naming every tests/*/*.Tests.csproj on disk that
# the solution does not list: such a project would never run and nothing would notice.
solution_test_projects() {
  local solution="$1" dir listed on_disk missing project
  dir="$(cd "$(dirname "$solution")" && pwd)"
  listed="$(dotnet sln "$solution" list | tr '\\' '/' | grep -E '^tests/[^/]+/[^/]+\.Tests\.csproj$' | sort -u || true)"
  on_disk="$(cd "$dir" && find tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' 2>/dev/null | sort -u || true)"
  missing="$(comm -13 <(printf '%s\n' "$listed") <(printf '%s\n' "$on_disk") | grep -v '^$' || true)"
  if [ -n "$missing" ]; then
    while IFS= read -r project; do
      echo "$project is not in $(basename "$solution"), so it never runs: add it with dotnet sln add." >&2
    done <<< "$missing"
    return 1
  fi
  if [ -z "$listed" ]; then
    echo "$(basename "$solution") lists no test project (tests/*/*.Tests.csproj)." >&2
    return 1
  fi
  printf '%s\n' "$listed" | sed 's|.*/||; s|\.csproj$||'
}

# Runs every test project of the solution (already built), each writing its TRX into "$results/<project>/".
# Further arguments go to dotnet test (configuration, --blame-hang-timeout, ...). Returns dotnet test's exit status.
run_solution_tests() {
  local solution="$1" results="$2"
  shift 2
  dotnet test "$solution" --no-build -nologo "-p:ChatRoomTestResults=$results" \
    --logger "trx" --logger "console;verbosity=minimal" "$@"
}

# One counter of a TRX file's <Counters> element.
trx_counter() {
  local trx="$1" name="$2"
  grep -o '<Counters [^>]*>' "$trx" | head -n 1 | sed -n "s/.* $name=\"\([0-9]*\)\".*/\1/p" || true
}

# The names of the tests a TRX file reports as not executed (skipped), one a line, XML entities decoded.
trx_skipped_names() {
  grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$1" \
    | sed -n 's/.* testName="\([^"]*\)".*/\1/p' \
    | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g' || true
}

# Whether the allow-list names a skipped test: the exact name, or the theory's name without its arguments. The file
# holds one test name a line; blank lines and lines starting with # (the reason, above its entry) are ignored.
skip_allowed() {
  local allowed="$1" name="$2"
  [ -f "$allowed" ] || return 1
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$allowed" | sed 's/[[:space:]]*$//' \
    | grep -qxF -e "$name" -e "${name%%(*}"
}

# Counts the results of run_solution_tests. Sets tests_passed, tests_failed, tests_skipped and tests_problems (test
# projects without results or without an executed test, unexpected result folders: each also counts as failed), prints
# one line per problem and per skipped test that the allow-list does not name, and returns non-zero on any of them or
# on a failed test.
count_test_results() {
  local solution="$1" results="$2" allowed="$3"
  local projects project trx total executed passed names name folder unlisted=0
  tests_passed=0; tests_failed=0; tests_skipped=0; tests_problems=0
  if ! projects="$(solution_test_projects "$solution")"; then
    tests_problems=$((tests_problems + 1))
    projects=""
  fi

  for project in $projects; do
    local files=()
    shopt -s nullglob
    files=("$results/$project"/*.trx)
    shopt -u nullglob
    if [ "${#files[@]}" -eq 0 ]; then
      echo "$project: no test results. It did not run (not a test project any more, no test adapter) or its test host died before reporting." >&2
      tests_problems=$((tests_problems + 1))
      continue
    fi

    local project_executed=0
    for trx in "${files[@]}"; do
      total="$(trx_counter "$trx" total)"; executed="$(trx_counter "$trx" executed)"; passed="$(trx_counter "$trx" passed)"
      total="${total:-0}"; executed="${executed:-0}"; passed="${passed:-0}"
      tests_passed=$((tests_passed + passed))
      tests_failed=$((tests_failed + executed - passed))
      tests_skipped=$((tests_skipped + total - executed))
      project_executed=$((project_executed + executed))

      names="$(trx_skipped_names "$trx")"
      if [ "$(printf '%s' "$names" | grep -c '' || true)" -lt $((total - executed)) ]; then
        echo "$project: $((total - executed)) test(s) did not execute, but its results name fewer as skipped ($trx)." >&2
        unlisted=$((unlisted + 1))
      fi
      while IFS= read -r name; do
        [ -n "$name" ] || continue
        if ! skip_allowed "$allowed" "$name"; then
          echo "$project: skipped $name, which $allowed does not name (a skipped test fails the run)." >&2
          unlisted=$((unlisted + 1))
        fi
      done <<< "$names"
    done

    if [ "$project_executed" -eq 0 ]; then
      echo "$project: ran no test (its results hold none that executed)." >&2
      tests_problems=$((tests_problems + 1))
    fi
  done

  # Results from a project that is not one of the test projects would be counted without being expected.
  for folder in "$results"/*/; do
    project="$(basename "$folder")"
    if compgen -G "$folder*.trx" >/dev/null && ! printf '%s\n' $projects | grep -qxF "$project"; then
      echo "$project: wrote test results but is not a test project of $(basename "$solution") (tests/*/*.Tests.csproj)." >&2
      tests_problems=$((tests_problems + 1))
    fi
  done

  tests_failed=$((tests_failed + tests_problems))
  [ "$tests_failed" -eq 0 ] && [ "$unlisted" -eq 0 ]
}

# Counts the "PASS <check>: ..." and "FAIL <check>: ..." lines of a check's output file into checks_passed and
# checks_failed. A check that exited non-zero without a FAIL line (it crashed, or never got to its checks) is reported,
# and its checks that did not pass count as failed, at least one.
count_checks() {
  local label="$1" output="$2" expected="$3" status="$4"
  checks_passed="$(grep -c '^PASS ' "$output" 2>/dev/null || true)"
  checks_failed="$(grep -c '^FAIL ' "$output" 2>/dev/null || true)"
  checks_passed="${checks_passed:-0}"; checks_failed="${checks_failed:-0}"
  if [ "$status" -ne 0 ] && [ "$checks_failed" -eq 0 ]; then
    echo "$label failed (exit status $status) before running every check." >&2
    checks_failed=$((expected - checks_passed))
    [ "$checks_failed" -gt 0 ] || checks_failed=1
  fi
}
