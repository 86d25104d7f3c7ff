#!/usr/bin/env bash
# Installs the real DICOM peers the tests talk to (Debian packages), without starting any service.
# Usage: scripts/install-peers.sh [--with-torch]   (torch/onnx are only needed to re-train the phantom model)
set -euo pipefail
pkgs=(dcmtk orthanc dicom3tools libopenjp2-tools python3-pydicom python3-numpy python3-scipy pixelmed-apps iproute2 curl)
if [[ "${1:-}" == "--with-torch" ]]; then pkgs+=(python3-torch python3-onnx); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-peers: missing Debian packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
# Keep package scripts from starting Orthanc on every interface (policy-rc.d 101 = action forbidden).
created_policy=0
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; created_policy=1
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
if ((created_policy)); then rm -f /usr/sbin/policy-rc.d; fi
systemctl disable orthanc >/dev/null 2>&1 || true
