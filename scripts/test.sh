#!/usr/bin/env bash
# Runs every test of DicomAiNode on a fresh Debian machine with the .NET 10 SDK.
# Installs the Debian peers (dcmtk, Orthanc, dicom3tools, pydicom, pixelmed), builds in Release,
# and runs the tests inside a loopback-only network namespace, so that storescp and Orthanc
# (which listen on every interface) are reachable from nowhere else.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/install-peers.sh
dotnet build DicomAiNode.sln -c Release -warnaserror -nologo -v q
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

ns=""
if [[ $(id -u) -eq 0 ]] && command -v ip >/dev/null; then
  ns="dan-test-$$"
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
  run=(ip netns exec "$ns")
else
  echo "test.sh: not root: tests run in the host network namespace (servers still bind 127.0.0.1 where they can)" >&2
  run=()
fi

status=0
# A test that hangs (the suite takes about 2 minutes) is stopped after 10 minutes and named, instead of holding CI.
"${run[@]}" dotnet test DicomAiNode.sln -c Release --no-build --nologo \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# One plain closing line for CI: 'N passed, N failed'.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -e "$trx" ]] || continue
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$line"); n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if ((passed == 0 && status == 0)); then echo "test.sh: no test ran" >&2; exit 1; fi
exit $status
