#!/usr/bin/env bash
# The five-minute demo of the README: a phantom chest CT goes to the node by C-STORE (dcmtk storescu), the node
# segments it and sends a DICOM SEG and a TID 1500 SR back to a result receiver; the script then shows what arrived,
# the study's audit trail and a preview PNG, and stops everything it started.
#
# Usage: scripts/demo.sh [--keep] [--timeout SECONDS]
#   --keep           keep the work folder (phantom, node data, received results) instead of deleting it
#   --timeout S      how long to wait for the SEG and SR (default 300)
# Environment: DEMO_DIR=folder to work in (default: a new temp folder), DEMO_NO_BUILD=1 to use an existing Release
# build of src/DicomAiNode. Everything listens on 127.0.0.1 only, on ports chosen free at start.
# Needs: .NET 10 SDK, dcmtk (storescu, dcmdump), /usr/bin/python3 with numpy and pydicom (scripts/install-peers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
keep=0; timeout=300
while (($#)); do
  case "$1" in
    --keep) keep=1 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "demo: FAILED: $*" >&2; exit 1; }
for tool in dotnet storescu dcmdump; do
  command -v "$tool" >/dev/null || fail "'$tool' not found; install the .NET 10 SDK and run scripts/install-peers.sh (apt-get install dcmtk)"
done
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy, pydicom' 2>/dev/null \
  || fail "/usr/bin/python3 with numpy and pydicom is needed: apt-get install python3-numpy python3-pydicom"

work=${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dicom-ai-node-demo.XXXXXX")}
mkdir -p "$work"
pids=()
cleanup() {
  local code=$?
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if ((keep)) || ((code != 0)); then echo "demo: work folder kept: $work" >&2; else rm -rf "$work"; fi
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dll="$root/src/DicomAiNode/bin/Release/net10.0/dicom-ai-node.dll"
if [[ "${DEMO_NO_BUILD:-0}" != 1 ]]; then
  echo "== building the node (Release)"
  dotnet build src/DicomAiNode/DicomAiNode.csproj -c Release -nologo -v q >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; fail "build failed"; }
fi
[[ -f "$dll" ]] || fail "$dll is missing (build src/DicomAiNode in Release, or unset DEMO_NO_BUILD)"
node() { dotnet "$dll" "$@"; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
node_port=$(free_port); receiver_port=$(free_port); http_port=$(free_port)

echo "== generating a phantom chest CT (40 slices of 256x256) in $work/study"
/usr/bin/python3 scripts/phantom/generate_phantom.py --out "$work/study" --seed 3 --slices 40 --size 256 --thickness 2 \
  || fail "phantom generator failed"
study_dir="$work/study/phantom-3"
study_uid=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["StudyInstanceUID"])' "$study_dir/study.json")

echo "== starting the result receiver DEMOPACS on 127.0.0.1:$receiver_port (dicom-ai-node receive)"
mkdir -p "$work/received"
dotnet "$dll" receive --port "$receiver_port" --out "$work/received" --aet DEMOPACS >"$work/receiver.log" 2>&1 &
pids+=($!)

# The demo configuration: the shipped rules with the receiver as destination, a short stable age, its own data folder.
sed -e 's|"destinations": \["ORTHANC"\]|"destinations": ["DEMOPACS"]|' \
    -e "s|\"model\": \"models/|\"model\": \"$root/models/|" config/rules.json >"$work/rules.json"
grep -q DEMOPACS "$work/rules.json" || fail "could not point config/rules.json at the demo receiver"
cat >"$work/appsettings.json" <<EOF
{
  "Node": { "AeTitle": "AINODE", "BindAddress": "127.0.0.1", "Port": $node_port },
  "Peers": [
    { "AeTitle": "STORESCU", "Host": "127.0.0.1", "AllowSend": true },
    { "AeTitle": "DEMOPACS", "Host": "127.0.0.1", "Port": $receiver_port, "AllowSend": false, "AllowDestination": true }
  ],
  "DataFolder": "$work/data",
  "StableAgeSeconds": 3,
  "Disk": { "MinFreeMegabytes": 64 },
  "Http": { "Enabled": true, "Url": "http://127.0.0.1:$http_port/" },
  "RulesPath": "$work/rules.json",
  "CodesPath": "$root/config/codes.json"
}
EOF
config="$work/appsettings.json"

echo "== starting the node AINODE on 127.0.0.1:$node_port (log: $work/node.log)"
dotnet "$dll" run --config "$config" >"$work/node.log" 2>&1 &
node_pid=$!
pids+=($node_pid)
ready=0
for _ in $(seq 1 150); do
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; fail "the node exited at start"; }
  if TCP_NODELAY=1 echoscu -aet STORESCU -aec AINODE 127.0.0.1 "$node_port" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.2
done
((ready)) || { tail -20 "$work/node.log" >&2; fail "the node did not answer C-ECHO on 127.0.0.1:$node_port within 30 s"; }

echo "== sending the study with storescu (calling AE STORESCU)"
TCP_NODELAY=1 storescu -aet STORESCU -aec AINODE +sd +r +sp '*.dcm' 127.0.0.1 "$node_port" "$study_dir" \
  || fail "storescu could not send the study to 127.0.0.1:$node_port"
echo "   sent $(find "$study_dir" -name '*.dcm' | wc -l) instances of study $study_uid"

echo "== waiting (at most ${timeout} s) for the SEG and the SR to come back"
modality_of() { dcmdump +P 0008,0060 "$1" 2>/dev/null | sed -n 's/.*\[\(.*\)\].*/\1/p' | head -1; }
seg=""; sr=""; start=$SECONDS
while [[ -z "$seg" || -z "$sr" ]]; do
  kill -0 "$node_pid" 2>/dev/null || { tail -30 "$work/node.log" >&2; fail "the node stopped while processing"; }
  ((SECONDS - start < timeout)) || { tail -30 "$work/node.log" >&2; fail "no SEG and SR within ${timeout} s (received: $(ls "$work/received" | wc -l) files; node log above)"; }
  for f in "$work"/received/*.dcm; do
    [[ -e "$f" ]] || continue
    case "$(modality_of "$f")" in
      SEG) seg=$f ;;
      SR) sr=$f ;;
    esac
  done
  [[ -n "$seg" && -n "$sr" ]] || sleep 1
done
echo "   results arrived after $((SECONDS - start)) s"

echo
echo "== received by DEMOPACS ($work/received)"
for f in "$seg" "$sr"; do
  echo "-- $(basename "$f")"
  node dump --max-value-length 80 "$f" | grep -iE '\((0008,0016|0008,0060|0008,103e|0028,0008|0062,0005|0062,0009|0040,a160|0040,a30a)\)' \
    | head -24 || true
done
echo "SEG received: $seg"
echo "SR received: $sr"

echo
echo "== audit trail of study $study_uid"
node audit --config "$config" --study "$study_uid"

echo
echo "== preview"
preview=$(find "$work/data" -name '*.png' 2>/dev/null | head -1)
if [[ -z "$preview" ]]; then
  node infer "$study_dir" --out "$work/infer" --config "$config" >"$work/infer.log" 2>&1 \
    || { cat "$work/infer.log" >&2; fail "dicom-ai-node infer could not make the preview"; }
  preview=$(find "$work/infer" -name 'preview.png' | head -1)
fi
[[ -n "$preview" ]] || fail "no preview PNG was written"
# Results outlive the work folder: artifacts/demo/ (ignored by git).
out="$root/artifacts/demo"
rm -rf "$out"; mkdir -p "$out"
cp "$seg" "$out/seg.dcm"; cp "$sr" "$out/sr.dcm"; cp "$preview" "$out/preview.png"
echo "Preview PNG: $out/preview.png"
echo "SEG and SR copied to: $out/seg.dcm, $out/sr.dcm"
echo
echo "demo: OK: SEG and SR received by DEMOPACS; node and receiver stop now$( ((keep)) && echo "; work folder kept: $work")"
