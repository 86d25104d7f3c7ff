#!/usr/bin/python3
"""Evaluates the phantom model on held-out phantom studies (seeds disjoint from training, which uses >= 1,000,000).

  scripts/evaluate_phantom_model.py --checkpoint /tmp/phantom-train/checkpoint.pt --studies 60 --seed 1000
  scripts/evaluate_phantom_model.py --checkpoint ... --rules config/rules.json          # what the node reports
  scripts/evaluate_phantom_model.py --onnx models/phantom-yoloe-seg.onnx --rules config/rules.json   # the committed file
  scripts/evaluate_phantom_model.py --checkpoint ... --rules config/rules.json --sweep-conf 0.25 0.4 0.5 --min-slices 1 2

Without --rules: the raw model (contract decoding, conf 0.25, IoU 0.7, all classes, 3D linking by any overlap).
With --rules: the node's decoding and post-processing of that rule (phantom/node_postprocess.py mirrors the C#
Vision library: its confidence, IoU, max detections and classes, closing, hole filling, minimum area in mm2, lung
constraint, 3D linking with overlap >= 0.2, MinSlices / MinFindingConfidence); only the rule's classes are scored.
--sweep-conf and --min-slices score several settings from one inference pass (greedy NMS at a lower threshold
keeps every box a higher threshold keeps).

Inference runs the PyTorch model (ONNX Runtime for Python is not available here) with the ONNX contract's
pre/post-processing: three windows -> letterbox -> output0/output1 -> NMS (conf 0.25, IoU 0.7, class-aware,
max_det 300) -> process_mask -> masks in the original slice; per-slice instances are linked into 3D findings
(same class, overlapping masks on adjacent slices).
Metrics: per-finding sensitivity for findings >= 6 mm (detected = a predicted 3D finding of the same class
overlaps it), false positives per study (predicted findings that overlap no ground-truth finding of their class),
median 3D Dice for findings >= 10 mm (ground truth vs the union of the predicted findings that overlap it)."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from phantom.findings import CLASS_NAMES  # noqa: E402
from phantom import node_postprocess as node  # noqa: E402
from phantom.postprocess import decode, link_3d  # noqa: E402
from phantom.preprocessing import letterbox, windowed_channels  # noqa: E402
from phantom.scoring import score_study, summarise  # noqa: E402
from phantom.study import generate_study  # noqa: E402
from train_phantom_model import load_checkpoint  # noqa: E402


def predict_study(model, hu, conf, iou, batch=16, class_embeddings=None, max_det=300, classes=None, retina=False):
    n, h0, w0 = hu.shape
    imgsz = model.imgsz
    per_slice = []
    with torch.no_grad():
        for k0 in range(0, n, batch):
            x = torch.from_numpy(windowed_channels(hu[k0:k0 + batch]))
            x = letterbox(x, imgsz)
            out0, out1 = model(x, class_embeddings)
            for i in range(out0.shape[0]):
                per_slice.append(decode(out0[i], out1[i], out0.shape[1] - 36, (imgsz, imgsz), (h0, w0), conf, iou,
                                        max_det, classes, retina))
    return per_slice


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default="/tmp/phantom-train/checkpoint.pt")
    ap.add_argument("--onnx", default=None, help="score an exported classic-layout ONNX file (e.g. the committed "
                    "models/phantom-yoloe-seg.onnx) instead of a checkpoint; slower (graph run op by op)")
    ap.add_argument("--studies", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1000, help="first held-out seed (training uses >= 1,000,000)")
    ap.add_argument("--slices", type=int, default=48)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--conf", type=float, default=None, help="confidence threshold (default: the rule's, or 0.25)")
    ap.add_argument("--iou", type=float, default=None, help="NMS IoU (default: the rule's, or 0.7)")
    ap.add_argument("--rules", default=None, help="score what the node reports with this rules.json")
    ap.add_argument("--rule", default=None, help="rule name (default: the first enabled rule)")
    ap.add_argument("--all-classes", action="store_true",
                    help="with --rules: ask for all model classes (the lung constraint stays on the rule's lung classes)")
    ap.add_argument("--sweep-conf", type=float, nargs="+", default=None, help="score these confidence thresholds")
    ap.add_argument("--min-slices", type=int, nargs="+", default=[1], help="MinSlices values to score (node mode)")
    ap.add_argument("--min-area", type=float, nargs="+", default=None,
                    help="minimum instance areas in mm2 to score (node mode; default: the rule's minSizeMm2)")
    ap.add_argument("--min-finding-confidence", type=float, default=0.0)
    ap.add_argument("--retina-masks", action="store_true",
                    help="masks by process_mask_native (SegmentationOptions.RetinaMasks) instead of process_mask")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None, help="write per-study details here")
    args = ap.parse_args()
    if args.seed + args.studies > 1_000_000:
        ap.error("held-out seeds must stay below 1,000,000 (training seeds)")
    torch.set_num_threads(args.threads)
    if args.onnx:
        from phantom.onnx_check import OnnxGraph  # noqa: PLC0415 (torch-free callers need not import it)
        model, ck = OnnxGraph(args.onnx), {"steps": None}
    else:
        model, ck = load_checkpoint(args.checkpoint)
    opts = None
    if args.rules:
        rule = node.load_rule(args.rules, args.rule)
        opts = node.NodeOptions(CLASS_NAMES, rule, min_finding_confidence=args.min_finding_confidence)
        if args.all_classes:
            # Every class, the lung constraint still on the rule's lung classes only (as a second rule without the
            # constraint would ask for liver cysts; the node holds every non-pleural class of a rule in the lungs).
            opts.classes = list(range(len(CLASS_NAMES)))
        conf0 = args.conf if args.conf is not None else opts.conf
        iou, max_det, classes = (args.iou if args.iou is not None else opts.iou), opts.max_det, opts.classes
        min_slices = args.min_slices
        min_areas = sorted(set(args.min_area or [opts.min_area_mm2]))
        opts.min_area_mm2 = min(min_areas)
    else:
        min_areas = [0.0]
        conf0, iou, max_det, classes = (args.conf if args.conf is not None else 0.25), (args.iou or 0.7), 300, None
        min_slices = [1]
    confs = sorted(set(args.sweep_conf or [conf0]))
    settings = [(c, ms, ma) for c in confs for ms in min_slices for ma in min_areas]
    t0 = time.time()
    acc = {s: ([], []) for s in settings}
    details = []
    for i in range(args.studies):
        seed = args.seed + i
        study = generate_study(seed, args.slices, args.size)
        per_slice = predict_study(model, study.hu, min(confs), iou, max_det=max_det, classes=classes,
                                  retina=args.retina_masks or (opts is not None and opts.retina_masks))
        if opts:
            pixel_area = study.geometry.pixel_spacing ** 2
            hu = study.hu
            per_slice = [node.cleanup(d, hu[k], pixel_area, opts) for k, d in enumerate(per_slice)]
        line = []
        for c, ms, ma in settings:
            kept = [[d for d in s if d["score"] > c and d.get("area_mm2", ma) >= ma] for s in per_slice]
            if opts:
                opts.min_slices = ms
                predicted = node.link(kept, opts)
            else:
                predicted = link_3d(kept)
            results, fps = score_study(study, predicted, classes)
            acc[(c, ms, ma)][0].extend(results)
            acc[(c, ms, ma)][1].append(fps)
            line.append(f"{len(fps)}")
            if (c, ms, ma) == settings[0]:
                missed = [f"{r['class']} {r['diameter_mm']:.0f}mm" for r in results if not r["detected"] and r["diameter_mm"] >= 6]
                details.append({"seed": seed, "thickness": study.geometry.thickness, "spacing": study.geometry.pixel_spacing,
                                "findings": results, "false_positives": fps})
        print(f"seed {seed}: {len(results)} findings, FP per setting {'/'.join(line)}"
              + (f", missed: {', '.join(missed)}" if missed else ""), flush=True)
    wall = time.time() - t0
    summaries = []
    for c, ms, ma in settings:
        summary = summarise(acc[(c, ms, ma)][0], acc[(c, ms, ma)][1], args)
        summary.update({"conf": c, "iou": iou, "max_det": max_det, "mode": "node" if opts else "raw",
                        "rules": args.rules, "retina_masks": args.retina_masks, "min_slices": ms if opts else None, "min_area_mm2": ma if opts else None,
                        "classes": [CLASS_NAMES[k] for k in classes] if classes is not None else list(CLASS_NAMES),
                        "wall_seconds": round(wall, 1), "checkpoint_steps": ck.get("steps")})
        summaries.append(summary)
    print(json.dumps(summaries[0] if len(summaries) == 1 else summaries, indent=1))
    print("conf  minSlices  minArea  sens>=6mm  FP/study  medianDice>=10mm  | per class sens / dice / FP")
    for s in summaries:
        pc = "  ".join(f"{k[:6]} {v['sensitivity_ge6mm']}/{v['median_dice_ge10mm']}/{v['false_positives']}"
                       for k, v in s["per_class"].items() if v["findings_ge6mm"])
        print(f"{s['conf']:.2f}  {s['min_slices'] or 1}  {s['min_area_mm2'] or 0:g}  {s['sensitivity_ge6mm']}  {s['false_positives_per_study']}  "
              f"{s['median_dice_ge10mm']}  | {pc}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summaries": summaries, "studies": details}, f, indent=1)


if __name__ == "__main__":
    main()
