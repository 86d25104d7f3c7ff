#!/bin/bash
# Header parsing of a 300-file CT series: dicom-ai-node versus dcmtk's dcmdump, on the same files, in the same run.
#
#   scripts/bench/parse-vs-dcmdump.sh [ROUNDS]      (default 7 rounds; prints a Markdown table for docs/benchmarks.md)
#
# Each round runs, one after the other: our `dump --headers-only --quiet` (parse only), our `dump --headers-only`
# (parse and print like dcmdump), and `dcmdump -M` (dcmtk parses and prints, long values not loaded). The medians over
# the rounds are compared. Our CLI is published ReadyToRun, as a deployed node runs; every timing is a whole process
# (start-up included). The reader alone also runs as scripts/bench/header-parse, published NativeAOT (no .NET start-up
# or JIT in the timing, like dcmdump). The in-process row is the median warm pass of the benchmark project's
# parse-headers mode.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-7}
command -v dcmdump >/dev/null || { echo "dcmdump is missing: apt-get install dcmtk" >&2; exit 1; }
/usr/bin/python3 -c "import pydicom, numpy" 2>/dev/null || { echo "pydicom is missing: apt-get install python3-pydicom python3-numpy" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "generating 300 CT files (512x512, 16 bit) ..." >&2
/usr/bin/python3 "$ROOT/scripts/bench/make-ct-series-real-header.py" "$WORK/series" 300
echo "publishing dicom-ai-node (ReadyToRun) and building the benchmarks ..." >&2
dotnet publish "$ROOT/src/DicomAiNode/DicomAiNode.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$WORK/node" -nologo -v q >&2
dotnet publish "$ROOT/scripts/bench/header-parse/HeaderParse.csproj" -c Release -r linux-x64 -o "$WORK/aot" -nologo -v q >&2
dotnet publish "$ROOT/tests/DicomAiNode.Benchmarks/DicomAiNode.Benchmarks.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$WORK/bench" -nologo -v q >&2

NODE="$WORK/node/dicom-ai-node"
FILES=("$WORK"/series/*.dcm)

seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

BENCH="$WORK/bench/DicomAiNode.Benchmarks"
ours_quiet=(); ours_full=(); theirs=(); ours_reader=()
for ((r = 1; r <= ROUNDS; r++)); do
    ours_reader+=("$(seconds "$WORK/aot/HeaderParse" "$WORK/series")")
    ours_quiet+=("$(seconds "$NODE" dump --headers-only --quiet "$WORK/series")")
    ours_full+=("$(seconds "$NODE" dump --headers-only "$WORK/series")")
    theirs+=("$(seconds dcmdump -M "${FILES[@]}")")
    echo "round $r: reader ${ours_reader[-1]} ms, ours parse ${ours_quiet[-1]} ms, ours dump ${ours_full[-1]} ms, dcmdump -M ${theirs[-1]} ms" >&2
done
inproc=$("$BENCH" parse-headers "$WORK/series" $((ROUNDS + 1)) | tail -n +2 | awk '{print $(NF-1)}')

/usr/bin/python3 - "${ours_quiet[*]}" "${ours_full[*]}" "${theirs[*]}" "$inproc" "$ROUNDS" "${ours_reader[*]}" <<'PY'
import os, platform, statistics, subprocess, sys
quiet, full, dcm, inproc, reader = ([float(x) for x in a.split()] for a in sys.argv[1:5] + sys.argv[6:7])
mq, mf, md, mi, mr = (statistics.median(v) for v in (quiet, full, dcm, inproc, reader))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
dcmtk = subprocess.run(["dcmdump", "--version"], capture_output=True, text=True).stdout.splitlines()[0].strip("$ ")
print(f"Machine: {cpu}, {os.cpu_count()} vCPU, load average {os.getloadavg()[0]:.1f}; {dcmtk}; median of {sys.argv[5]} alternating rounds.\n")
print("| what (300 CT files, 512x512x16 bit, headers) | median ms | dcmdump -M / this |")
print("| --- | ---: | ---: |")
print(f"| `dcmdump -M` (parse + print) | {md:.0f} | 1.0 |")
print(f"| `dicom-ai-node dump --headers-only` (parse + print, whole process) | {mf:.0f} | {md / mf:.1f}x |")
print(f"| `dicom-ai-node dump --headers-only --quiet` (parse only, whole process) | {mq:.0f} | {md / mq:.1f}x |")
print(f"| reader only: `scripts/bench/header-parse` NativeAOT (parse only, whole process) | {mr:.0f} | {md / mr:.1f}x |")
print(f"| in-process warm parse (`DicomAiNode.Benchmarks parse-headers`) | {mi:.0f} | {md / mi:.1f}x |")
PY
