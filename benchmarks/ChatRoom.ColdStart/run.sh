#!/usr/bin/env bash
# The Lambda sample's cold start (issue 17): publishes the bootstrap as JIT, ReadyToRun and Native AOT for one runtime
# identifier, then starts each as a fresh process ROUNDS times, variants alternated, against dynalite and a local
# Runtime API (docs/benchmarks.md, "Cold start"). Usage: run.sh [results.json]   Environment: ROUNDS (10), RID (linux-x64).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rid="${RID:-linux-x64}"
rounds="${ROUNDS:-10}"
out="$root/artifacts/cold-start/$rid"
bootstrap=benchmarks/ChatRoom.ColdStart.Bootstrap

if [ ! -x tools/dynalite/node_modules/.bin/dynalite ]; then
  npm ci --prefix tools/dynalite --no-audit --no-fund --loglevel=error
fi

rm -rf "$out"
# As SAM's dotnet builder publishes for the managed runtime: framework-dependent for the function's architecture.
dotnet publish "$bootstrap" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=false -o "$out/jit" -nologo -v q
dotnet publish "$bootstrap" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/r2r" -nologo -v q
# Native AOT reports the trim and AOT warnings of everything the function reaches; they are kept, not hidden. As it
# stands the binary fails its init (options binding by reflection is trimmed away), so it is checked once, not timed;
# "aot-rooted" keeps every member of our assemblies (an experiment, same warnings) to show what AOT would give.
dotnet publish "$bootstrap" -c Release -r "$rid" -p:ColdStartAot=true -p:TreatWarningsAsErrors=false -o "$out/aot" -nologo -v q \
  > "$out-aot-publish.txt"
echo "Native AOT publish: $(grep -c 'warning IL' "$out-aot-publish.txt" || true) trim/AOT warnings (in $out-aot-publish.txt)"
dotnet publish "$bootstrap" -c Release -r "$rid" -p:ColdStartAot=true -p:ColdStartAotRooted=true -p:TreatWarningsAsErrors=false \
  -o "$out/aot-rooted" -nologo -v q > /dev/null

dotnet build benchmarks/ChatRoom.ColdStart -c Release -nologo -v q
name=ChatRoom.ColdStart.Bootstrap
tool=benchmarks/ChatRoom.ColdStart/bin/Release/net10.0/ChatRoom.ColdStart.dll
echo "Native AOT as published:"
dotnet "$tool" --variant "aot=$out/aot/$name" --rounds 1 --warmup 0 2>&1 | grep -m1 -E 'init error|round 1' || true
dotnet "$tool" --variant "jit=$out/jit/$name.dll" --variant "r2r=$out/r2r/$name.dll" --variant "aot-rooted=$out/aot-rooted/$name" \
  --rounds "$rounds" ${1:+--out "$1"}
