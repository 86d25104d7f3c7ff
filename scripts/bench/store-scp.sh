#!/usr/bin/env bash
# C-STORE benchmark (docs/benchmarks.md, section "C-STORE"): 300 synthetic 512x512 CT images sent by dcmtk storescu
# (TCP_NODELAY=1) into (a) the node's `receive` (durable: one fdatasync of its write-ahead journal before Success) and
# (b) dcmtk storescp (TCP_NODELAY=1, no fsync), alternated run by run; then 4 concurrent associations (75 files each)
# into the node vs `storescp --fork`; then the node's SCU (`send`) vs storescu, both into storescp. Median of RUNS runs.
# (c) the whole node, `dicom-ai-node run` (journal flush, full parse, index commit in SQLite with synchronous=FULL,
# before each Success), with and without the spool journal (Disk:Journal).
# Context rows, alternated with the others: the node with --no-journal (fsync of file and folder), the node with
# --no-fsync (protocol engine alone), and `storescp --ignore` (receives and discards: the most any receiver can get
# out of storescu on this machine). The node runs as published for deployment (ReadyToRun), falling back to the build.
# Runs inside a loopback-only network namespace when root. Total runtime about 2-4 minutes.
# Usage: scripts/bench/store-scp.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
runs=${1:-5}
work=/tmp/dan-bench
series=$work/ct
mkdir -p "$work"
for tool in storescu storescp echoscu /usr/bin/python3; do command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y dcmtk python3-pydicom python3-numpy" >&2; exit 1; }; done

if [[ ! -f $series/ct0300.dcm ]]; then /usr/bin/python3 scripts/bench/make-ct-series.py "$series" 300 >/dev/null; fi
rm -rf "$work"/part?; for p in 0 1 2 3; do mkdir -p "$work/part$p"; done
i=0; for f in "$series"/*.dcm; do ln "$f" "$work/part$((i % 4))/$(basename "$f")"; i=$((i + 1)); done

if dotnet publish src/DicomAiNode/DicomAiNode.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/bin" -nologo -v q >/dev/null 2>&1; then
  node_bin=$work/bin/dicom-ai-node
else
  echo "ReadyToRun publish failed; measuring the JIT build" >&2
  dotnet build src/DicomAiNode/DicomAiNode.csproj -c Release -nologo -v q >/dev/null
  node_bin=$root/src/DicomAiNode/bin/Release/net10.0/dicom-ai-node
fi

ns=()
if [[ $(id -u) -eq 0 ]] && command -v ip >/dev/null; then
  nsname="dan-bench-$$"; ip netns add "$nsname"; ip netns exec "$nsname" ip link set lo up; ns=(ip netns exec "$nsname")
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [[ ${#ns[@]} -gt 0 ]] && ip netns del "$nsname"; }
trap cleanup EXIT

export TCP_NODELAY=1
# node_config DIR PORT JOURNAL: a node data folder that accepts BENCH and never gets to processing (stable age 1 day).
node_config() {
  mkdir -p "$1/config" "$1/models"; cp config/rules.json config/codes.json "$1/config/"; cp models/*.onnx models/*.json "$1/models/" 2>/dev/null || true
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d, port, journal = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
s = json.load(open("appsettings.json"))
s["Node"]["Port"] = port; s["Http"]["Enabled"] = False; s["StableAgeSeconds"] = 86400; s["Disk"]["Journal"] = journal
s["Inference"]["WarmUp"] = False  # no model loading beside the measurement
s["Peers"].append({"AeTitle": "BENCH", "Host": "127.0.0.1", "Port": 104, "AllowSend": True, "AllowDestination": False})
json.dump(s, open(f"{d}/appsettings.json", "w"), indent=1)
PY
}
rm -rf "$work/noderun" "$work/noderun-twoflush"
node_config "$work/noderun" 11317 1; node_config "$work/noderun-twoflush" 11318 0
(cd "$work/noderun" && exec "${ns[@]}" "$node_bin" run --config "$work/noderun/appsettings.json" >"$work/noderun.log" 2>&1) & pids+=($!)
(cd "$work/noderun-twoflush" && exec "${ns[@]}" "$node_bin" run --config "$work/noderun-twoflush/appsettings.json" >"$work/noderun-twoflush.log" 2>&1) & pids+=($!)
"${ns[@]}" "$node_bin" receive --port 11311 --out "$work/node" --max-associations 16 >"$work/node.log" 2>&1 & pids+=($!)
"${ns[@]}" "$node_bin" receive --port 11314 --out "$work/node-nofsync" --no-fsync >"$work/node-nofsync.log" 2>&1 & pids+=($!)
"${ns[@]}" "$node_bin" receive --port 11315 --out "$work/node-twoflush" --no-journal >"$work/node-twoflush.log" 2>&1 & pids+=($!)
"${ns[@]}" storescp --ignore -aet STORESCP 11316 >/dev/null 2>&1 & pids+=($!)
"${ns[@]}" storescp -aet STORESCP -od "$work/storescp" 11312 >/dev/null 2>&1 & pids+=($!)
"${ns[@]}" storescp --fork -aet STORESCP -od "$work/storescp-fork" 11313 >/dev/null 2>&1 & pids+=($!)
mkdir -p "$work/noderun/data/spool" "$work/noderun-twoflush/data/spool" "$work/node" "$work/node-nofsync" "$work/node-twoflush" "$work/storescp" "$work/storescp-fork" "$work/ignore"
sleep 2
for port in 11317 11318; do
  for _ in $(seq 100); do "${ns[@]}" echoscu -aet BENCH -aec AINODE 127.0.0.1 "$port" 2>/dev/null && break; sleep 0.2; done
done

now() { date +%s.%N; }
# run NAME OUTDIR COMMAND...: clears OUTDIR, times the command, checks 300 files arrived, prints inst/s
run() {
  local name=$1 out=$2; shift 2
  rm -rf "${out:?}"/*; sync
  local start end; start=$(now)
  "${ns[@]}" "$@" >/dev/null 2>"$work/last.err" || { echo "$name failed:" >&2; cat "$work/last.err" >&2; exit 1; }
  end=$(now)
  local n; n=$(find "$out" -type f -name '*[0-9]*' ! -name '.*' ! -path '*/.journal/*' | wc -l)
  [[ $name == storescp_ignore || $n -eq 300 ]] || { echo "$name: $n of 300 files arrived" >&2; exit 1; }
  echo "$name $(echo "300 / ($end - $start)" | bc -l) $(cut -d' ' -f1 /proc/loadavg)" >>"$work/results.txt"
}
parallel4() { for p in 0 1 2 3; do storescu -aet BENCH -aec NODE +sd 127.0.0.1 "$1" "$work/part$p" & done; wait; }
export -f parallel4; export work

rm -f "$work/results.txt"
for r in $(seq "$runs"); do
  run node_scp       "$work/node"          storescu -aet BENCH -aec NODE +sd 127.0.0.1 11311 "$series"
  run storescp       "$work/storescp"      storescu -aet BENCH -aec STORESCP +sd 127.0.0.1 11312 "$series"
  run node_scp_nofsync "$work/node-nofsync" storescu -aet BENCH -aec NODE +sd 127.0.0.1 11314 "$series"
  run node_scp_twoflush "$work/node-twoflush" storescu -aet BENCH -aec NODE +sd 127.0.0.1 11315 "$series"
  run storescp_ignore "$work/ignore"        storescu -aet BENCH -aec STORESCP +sd 127.0.0.1 11316 "$series"
  run node_run       "$work/noderun/data/spool" storescu -aet BENCH -aec AINODE +sd 127.0.0.1 11317 "$series"
  run node_run_twoflush "$work/noderun-twoflush/data/spool" storescu -aet BENCH -aec AINODE +sd 127.0.0.1 11318 "$series"
done
for r in $(seq "$runs"); do
  run node_scp_x4     "$work/node"           bash -c "parallel4 11311"
  run storescp_fork_x4 "$work/storescp-fork" bash -c "parallel4 11313"
done
for r in $(seq "$runs"); do
  run node_scu       "$work/storescp"      "$node_bin" send STORESCP@127.0.0.1:11312 "$series" --aet BENCH --quiet
  run storescu_scu   "$work/storescp"      storescu -aet BENCH -aec STORESCP +sd 127.0.0.1 11312 "$series"
done

median() { grep "^$1 " "$work/results.txt" | awk '{print $2}' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
range() { grep "^$1 " "$work/results.txt" | awk '{print $2}' | sort -g | awk 'NR==1{min=$1} {max=$1} END {printf "%.0f-%.0f", min, max}'; }
echo "machine: $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r), loadavg during runs $(awk '{print $3}' "$work/results.txt" | sort -g | head -1)-$(awk '{print $3}' "$work/results.txt" | sort -g | tail -1)"
echo "runs: $runs each, alternated; 300 files x 525,472 B; inst/s median [min-max]"
for k in node_scp node_scp_twoflush node_scp_nofsync node_run node_run_twoflush storescp storescp_ignore node_scp_x4 storescp_fork_x4 node_scu storescu_scu; do
  printf "%-18s %8.1f  [%s]\n" "$k" "$(median $k)" "$(range $k)"
done
printf "ratio node SCP / storescp, 1 association:     %.2f\n" "$(echo "$(median node_scp) / $(median storescp)" | bc -l)"
printf "ratio node SCP two flushes / storescp:        %.2f\n" "$(echo "$(median node_scp_twoflush) / $(median storescp)" | bc -l)"
printf "ratio node SCP without fsync / storescp:      %.2f\n" "$(echo "$(median node_scp_nofsync) / $(median storescp)" | bc -l)"
printf "ratio node run (journal) / storescp:         %.2f\n" "$(echo "$(median node_run) / $(median storescp)" | bc -l)"
printf "ratio node run two flushes / storescp:        %.2f\n" "$(echo "$(median node_run_twoflush) / $(median storescp)" | bc -l)"
printf "ceiling storescp --ignore / storescp:         %.2f\n" "$(echo "$(median storescp_ignore) / $(median storescp)" | bc -l)"
printf "ratio node SCP / storescp --fork, 4 assoc.:   %.2f\n" "$(echo "$(median node_scp_x4) / $(median storescp_fork_x4)" | bc -l)"
printf "scaling node SCP 4 assoc. / 1 assoc.:         %.2f\n" "$(echo "$(median node_scp_x4) / $(median node_scp)" | bc -l)"
printf "ratio node SCU / storescu (into storescp):    %.2f\n" "$(echo "$(median node_scu) / $(median storescu_scu)" | bc -l)"
