#!/usr/bin/python3
"""Generates synthetic chest CT studies as DICOM series with ground truth.

Usage: scripts/phantom/generate_phantom.py --out DIR [--seed S] [--studies K] [--slices N] [--size PX]
           [--thickness MM] [--spacing MM] [--noise HU] [--random-uids]
Writes DIR/phantom-<seed>/ with IM00001.dcm ..., labels.npz (instances, anatomy), findings.json, study.json."""
import argparse
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from phantom.anatomy import ANATOMY_NAMES  # noqa: E402
from phantom.dicom_series import write_series  # noqa: E402
from phantom.findings import CLASS_NAMES  # noqa: E402
from phantom.study import generate_study  # noqa: E402


def write_study(study, folder, uid_salt=""):
    ids = write_series(folder, study.stored, study.geometry, study.seed, uid_salt)
    np.savez_compressed(os.path.join(folder, "labels.npz"), instances=study.labels, anatomy=study.anatomy)
    g = study.geometry
    with open(os.path.join(folder, "findings.json"), "w") as f:
        json.dump({"classes": CLASS_NAMES, "findings": study.findings}, f, indent=1)
    meta = {
        "seed": study.seed, "slices": g.slices, "rows": g.size, "columns": g.size,
        "pixel_spacing_mm": g.pixel_spacing, "slice_thickness_mm": g.thickness,
        "first_pixel_x_mm": g.x0, "first_pixel_y_mm": g.y0, "z_first_slice_mm": g.z_top,
        "noise_hu": round(study.noise_hu, 2), "anatomy_codes": ANATOMY_NAMES,
        "label_volume": "labels.npz: instances[k,row,col] = finding id (findings.json), anatomy = tissue code; "
                        "k = InstanceNumber - 1",
        **ids,
    }
    with open(os.path.join(folder, "study.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return ids


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--studies", type=int, default=1, help="studies with seeds seed, seed+1, ...")
    ap.add_argument("--slices", type=int, default=120)
    ap.add_argument("--size", type=int, default=512, help="rows = columns")
    ap.add_argument("--thickness", type=float, default=None, help="mm (default: random 1-5)")
    ap.add_argument("--spacing", type=float, default=None, help="pixel spacing mm (default: U(0.6,0.9)*512/size)")
    ap.add_argument("--noise", type=float, default=None, help="noise standard deviation in HU (default U(6,25))")
    ap.add_argument("--random-uids", action="store_true", help="fresh UIDs instead of UIDs derived from the seed")
    args = ap.parse_args(argv)
    if args.slices < 1 or args.size < 32:
        ap.error("--slices must be >= 1 and --size >= 32")
    for i in range(args.studies):
        seed = args.seed + i
        t0 = time.time()
        study = generate_study(seed, args.slices, args.size, args.thickness, args.spacing, args.noise)
        t1 = time.time()
        folder = os.path.join(args.out, f"phantom-{seed}")
        write_study(study, folder, uuid.uuid4().hex if args.random_uids else "")
        t2 = time.time()
        summary = ", ".join(f"{f['class']} {f['diameter_mm']:.0f}mm" for f in study.findings)
        print(f"{folder}: {args.slices}x{args.size}x{args.size}, spacing {study.geometry.pixel_spacing} mm, "
              f"thickness {study.geometry.thickness} mm; {len(study.findings)} findings ({summary}); "
              f"generated {t1 - t0:.1f}s, written {t2 - t1:.1f}s", flush=True)


if __name__ == "__main__":
    main()
