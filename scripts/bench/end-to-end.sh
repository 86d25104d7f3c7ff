#!/usr/bin/env bash
# End-to-end benchmark (docs/benchmarks.md, section "End to end"): a phantom CT study (SLICES slices, SIZE px) is
# uploaded to a private Orthanc, which sends it to the node (`dicom-ai-node run`, CPU) with
# POST /modalities/node/store. Measured: from the last instance acknowledged (the store call returns) to the SEG
# and SR acknowledged by Orthanc (the node's audit log `delivery` events), split by stage from the audit log
# (stable-age wait, processing with the model's own time inside it, delivery), and the node's peak RSS (VmHWM).
# Each study goes to a fresh node; the load average (1 min) before and after each run is reported with it, as the
# machine may be shared. Runs inside a loopback-only network namespace when root (Orthanc listens on every interface).
# Usage: scripts/bench/end-to-end.sh [SLICESxSIZE ...]          (default: 300x512 1000x512 1000x256)
#        scripts/bench/end-to-end.sh SLICES SIZE LARGE LARGE_SIZE (the earlier form: two studies)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
studies=()
if [[ $# -eq 0 ]]; then studies=(300x512 1000x512 1000x256)
elif [[ $1 != *x* ]]; then studies=("${1}x${2:-512}"); [[ ${3:-0} -gt 0 ]] && studies+=("${3}x${4:-256}")
else studies=("$@"); fi
py=/usr/bin/python3
for tool in /usr/sbin/Orthanc curl $py; do command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y orthanc curl python3-pydicom python3-numpy" >&2; exit 1; }; done

if [[ $(id -u) -eq 0 && -z ${DAN_IN_NETNS:-} ]] && command -v ip >/dev/null; then
  ns="dan-e2e-$$"; ip netns add "$ns"; ip netns exec "$ns" ip link set lo up
  status=0; DAN_IN_NETNS=1 ip netns exec "$ns" "$0" "$@" || status=$?
  ip netns del "$ns"; exit $status
fi

work=/tmp/dan-e2e; mkdir -p "$work"
dotnet build src/DicomAiNode/DicomAiNode.csproj -c Release -nologo -v q >/dev/null
dotnet build tests/DicomAiNode.Benchmarks/DicomAiNode.Benchmarks.csproj -c Release -nologo -v q >/dev/null
node_dll=$root/src/DicomAiNode/bin/Release/net10.0/dicom-ai-node.dll
bench_dll=$root/tests/DicomAiNode.Benchmarks/bin/Release/net10.0/DicomAiNode.Benchmarks.dll
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
export TCP_NODELAY=1
free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# run_once NAME SLICES SIZE: prints one JSON line with the measurements.
run_once() {
  local name=$1 n=$2 px=$3
  local study=$work/phantom-$n-$px
  if [[ ! -f $study/phantom-7/IM00001.dcm ]]; then rm -rf "$study"; $py scripts/phantom/generate_phantom.py --out "$study" --seed 7 --slices "$n" --size "$px" --thickness 1.5 >/dev/null; fi
  local dir=$work/$name; rm -rf "$dir"; mkdir -p "$dir/config" "$dir/models" "$dir/orthanc"
  cp config/rules.json config/codes.json "$dir/config/"; cp models/phantom-yoloe-seg.onnx "$dir/models/"
  local node_port http_port o_http o_dicom
  node_port=$(free_port); http_port=$(free_port); o_http=$(free_port); o_dicom=$(free_port)
  $py - "$dir" "$node_port" "$http_port" "$o_dicom" "$o_http" <<'PY'
import json, os, sys
d, node, http, odicom, ohttp = sys.argv[1], *map(int, sys.argv[2:])
s = json.load(open("appsettings.json"))
s["Node"]["Port"] = node; s["Http"]["Url"] = f"http://127.0.0.1:{http}/"; s["StableAgeSeconds"] = 2
if os.environ.get("DAN_SPINNING"): s["Inference"]["AllowSpinning"] = os.environ["DAN_SPINNING"] == "1"  # A/B of ONNX Runtime spinning
if os.environ.get("DAN_BATCH"): s["Inference"]["BatchSize"] = int(os.environ["DAN_BATCH"])  # A/B of the batch size
if os.environ.get("DAN_SPECULATE"): s["Inference"]["SpeculateAfterSeconds"] = float(os.environ["DAN_SPECULATE"])  # A/B of speculative analysis
s["Peers"] = [{"AeTitle": "ORTHANC", "Host": "127.0.0.1", "Port": odicom, "AllowSend": True, "AllowDestination": True}]
json.dump(s, open(f"{d}/appsettings.json", "w"), indent=1)
json.dump({"Name": "bench", "StorageDirectory": f"{d}/orthanc/storage", "IndexDirectory": f"{d}/orthanc/index", "HttpPort": ohttp,
           "DicomPort": odicom, "DicomAet": "ORTHANC", "RemoteAccessAllowed": False, "AuthenticationEnabled": False,
           "DicomAlwaysAllowStore": True, "DicomCheckCalledAet": False, "DicomCheckModalityHost": False,
           "DicomModalities": {"node": ["AINODE", "127.0.0.1", node]}, "Plugins": [], "StorageCompression": False,
           "SaveJobs": False, "OverwriteInstances": True}, open(f"{d}/orthanc/orthanc.json", "w"))
PY
  /usr/sbin/Orthanc --logdir="$dir/orthanc" "$dir/orthanc/orthanc.json" >/dev/null 2>&1 & pids+=($!)
  (cd "$dir" && exec dotnet "$node_dll" run --config "$dir/appsettings.json" >"$dir/node.log" 2>&1) & local node_pid=$!; pids+=($node_pid)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$o_http/system" >/dev/null && curl -sf "http://127.0.0.1:$http_port/metrics" >/dev/null && break; sleep 0.2; done
  local ostudy=""
  for f in "$study"/phantom-7/*.dcm; do ostudy=$(curl -sf -H 'Content-Type: application/dicom' --data-binary @"$f" "http://127.0.0.1:$o_http/instances" | $py -c 'import json,sys; print(json.load(sys.stdin)["ParentStudy"])'); done
  local t0 t1
  local load0; load0=$(cut -d' ' -f1 /proc/loadavg)
  t0=$($py -c 'import time; print(time.time())')
  curl -sf -X POST -d "$ostudy" "http://127.0.0.1:$o_http/modalities/node/store" >"$dir/store.json"
  t1=$($py -c 'import time; print(time.time())')
  local audit=$dir/data/audit/audit.jsonl
  for _ in $(seq 1200); do
    [[ -f $audit ]] && [[ $(grep -c '"type":"delivery"' "$audit" || true) -ge 2 ]] && break; sleep 0.25
  done
  # The node's own thread count, RSS high-water mark; dotnet is the node process (exec above).
  local hwm; hwm=$(awk '/VmHWM/ {print $2}' "/proc/$node_pid/status")
  local load1; load1=$(cut -d' ' -f1 /proc/loadavg)
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
  # The model alone on the same number of slices, right after the run, with the node's session settings
  # (Inference:BatchSize, Inference:AllowSpinning).
  local batch spin
  read -r batch spin < <($py -c 'import json,sys; i = json.load(open(sys.argv[1])).get("Inference", {}); print(i.get("BatchSize", 4), str(i.get("AllowSpinning", False)).lower())' "$dir/appsettings.json")
  local model_only; model_only=$(dotnet "$bench_dll" model-only "$dir/models/phantom-yoloe-seg.onnx" "$n" "$batch" 0 "$spin" | tail -1)
  $py - "$audit" "$t0" "$t1" "$hwm" "$name" "$n" "$px" "$load0" "$load1" "$model_only" <<'PY'
import json, sys, datetime
path, t0, t1, hwm, name, n, px = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
load = [float(sys.argv[8]), float(sys.argv[9])]
model_only = json.loads(sys.argv[10])["model_only_s"]
ev = [json.loads(l) for l in open(path) if l.strip()]
ts = lambda e: datetime.datetime.fromisoformat(e["time"].replace("Z", "+00:00")).timestamp()
first = lambda t: next(e for e in ev if e["type"] == t)
ready, inf, produced = first("study.ready"), first("inference"), first("results.produced")
deliveries = [e for e in ev if e["type"] == "delivery" and e["outcome"] == "success"]
stable = json.load(open(path.replace("data/audit/audit.jsonl", "appsettings.json")))["StableAgeSeconds"]
out = {
  "run": name, "slices": n, "size": px, "ingest_s": round(t1 - t0, 2),
  "stable_wait_s": round(ts(ready) - t1, 2),
  "processing_s": round(ts(produced) - ts(ready), 2), "model_s": round(inf["details"]["modelMs"] / 1000, 2),
  "analysis_total_s": round(inf["details"]["totalMs"] / 1000, 2),
  "delivery_s": round(max(map(ts, deliveries)) - ts(produced), 2),
  "end_to_end_s": round(max(map(ts, deliveries)) - t1, 2), "stable_age_s": stable,
  "findings": inf["details"]["findings"], "provider": inf["details"]["executionProvider"], "peak_rss_mb": round(hwm / 1024),
  "load_1m": load, "model_only_s": model_only, "stage_s": {k: round(v / 1000, 2) for k, v in (inf["details"].get("stageMs") or {}).items()},
}
# The goal against the model's time inside the run (overlapped stages slow it a little) and against the model alone.
out["goal_s"] = round(1.2 * out["model_s"] + stable, 2)
out["goal_model_only_s"] = round(1.2 * model_only + stable, 2)
print(json.dumps(out))
PY
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for s in "${studies[@]}"; do run_once "study-$s" "${s%x*}" "${s#*x}"; done
