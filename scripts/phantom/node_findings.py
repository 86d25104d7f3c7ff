#!/usr/bin/python3
"""Prints as JSON the findings that the node reports on one generated phantom with a rule of rules.json, computed in
Python: the ONNX file run by onnx_check.run_graph (onnxruntime for Python is not available here), the contract's
decoding (postprocess.py) and the node's post-processing (node_postprocess.py). The C# test PythonMirrorTests
compares them with the node's own YoloeSegmenter, so the model card's metrics (scripts/evaluate_phantom_model.py
--rules) stay about what the node does.

  scripts/phantom/node_findings.py --onnx models/phantom-yoloe-seg.onnx --rules config/rules.json --seed 2000"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import onnx  # noqa: E402
import torch  # noqa: E402

from evaluate_phantom_model import predict_study  # noqa: E402
from phantom import node_postprocess as node  # noqa: E402
from phantom.onnx_check import OnnxGraph  # noqa: E402
from phantom.study import generate_study  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--rule", default=None)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--slices", type=int, default=48)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--retina-masks", action="store_true", help="retina masks even if the rule does not set retinaMasks")
    args = ap.parse_args()
    torch.set_num_threads(1)
    model = OnnxGraph(args.onnx)
    opts = node.NodeOptions(model.names, node.load_rule(args.rules, args.rule))
    study = generate_study(args.seed, args.slices, args.size)
    per_slice = predict_study(model, study.hu, opts.conf, opts.iou, max_det=opts.max_det, classes=opts.classes,
                              retina=args.retina_masks or opts.retina_masks)
    area = study.geometry.pixel_spacing ** 2
    per_slice = [node.cleanup(d, study.hu[k], area, opts) for k, d in enumerate(per_slice)]
    findings = [{"class": model.names[f["class"]], "first": min(f["slices"]), "last": max(f["slices"]),
                 "voxels": int(sum(int(m.sum()) for m in f["slices"].values())), "score": round(f["score"], 5)}
                for f in node.link(per_slice, opts)]
    findings.sort(key=lambda f: (f["class"], f["first"], f["voxels"]))
    json.dump(findings, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
