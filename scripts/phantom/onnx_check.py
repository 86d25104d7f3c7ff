#!/usr/bin/python3
"""Runs an exported ONNX graph with a small op-by-op interpreter on torch tensors and compares it with the
PyTorch checkpoint. onnxruntime for Python and onnx.reference (onnx >= 1.13) are not available on Debian 12,
so this checks the exported graph (its nodes, attributes and folded weights) without them; the C# tests check
the files again with ONNX Runtime.

  scripts/phantom/onnx_check.py --checkpoint /tmp/phantom-train/checkpoint.pt --models models"""
import argparse
import ast
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pads(p):
    n = len(p) // 2
    return p[:n], p[n:]


def run_graph(model: onnx.ModelProto, feeds: dict):
    env = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
    env.update({k: torch.as_tensor(v) for k, v in feeds.items()})
    for node in model.graph.node:
        a = _attrs(node)
        x = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
        elif op == "Conv":
            begin, end = _pads(a.get("pads", [0, 0, 0, 0]))
            assert list(begin) == list(end), "asymmetric pads"
            y = F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, a.get("strides", [1, 1]), list(begin),
                         a.get("dilations", [1, 1]), a.get("group", 1))
        elif op == "MaxPool":
            begin, _ = _pads(a.get("pads", [0, 0, 0, 0]))
            y = F.max_pool2d(x[0], a["kernel_shape"], a.get("strides", [1, 1]), list(begin))
        elif op == "Resize":
            assert a.get("mode", b"nearest") == b"nearest", a
            sizes = x[3] if len(x) > 3 and x[3] is not None and x[3].numel() else None
            if sizes is not None:
                y = F.interpolate(x[0], size=[int(v) for v in sizes[2:]], mode="nearest")
            else:
                y = F.interpolate(x[0], scale_factor=[float(v) for v in x[2][2:]], mode="nearest")
        elif op == "Div" and not x[0].dtype.is_floating_point:
            y = torch.div(x[0], x[1], rounding_mode="trunc")  # ONNX integer Div truncates
        elif op in ("Mul", "Add", "Div", "Sub", "Equal"):
            y = {"Mul": torch.mul, "Add": torch.add, "Div": torch.div, "Sub": torch.sub, "Equal": torch.eq}[op](x[0], x[1])
        elif op in ("Sigmoid", "Exp", "Sqrt"):
            y = {"Sigmoid": torch.sigmoid, "Exp": torch.exp, "Sqrt": torch.sqrt}[op](x[0])
        elif op == "Concat":
            y = torch.cat(x, a["axis"])
        elif op == "Split":
            y = torch.split(x[0], [int(v) for v in x[1]], a.get("axis", 0))
        elif op == "Slice":
            starts, ends = x[1].tolist(), x[2].tolist()
            axes = x[3].tolist() if len(x) > 3 and x[3] is not None else list(range(len(starts)))
            steps = x[4].tolist() if len(x) > 4 and x[4] is not None else [1] * len(starts)
            idx = [slice(None)] * x[0].dim()
            for s, e, ax, st in zip(starts, ends, axes, steps):
                n = x[0].shape[ax]
                s = max(min(s + n if s < 0 else s, n), 0)
                e = max(min(e + n if e < 0 else e, n), 0)
                idx[ax] = slice(s, e, st)
            y = x[0][tuple(idx)]
        elif op == "Shape":
            y = torch.tensor(list(x[0].shape), dtype=torch.int64)
        elif op == "Gather":
            y = torch.index_select(x[0], a.get("axis", 0), x[1].reshape(-1).long()).reshape(
                list(x[0].shape[:a.get("axis", 0)]) + list(x[1].shape) + list(x[0].shape[a.get("axis", 0) + 1:]))
        elif op == "Reshape":
            shape = [int(v) for v in x[1]]
            shape = [x[0].shape[i] if v == 0 else v for i, v in enumerate(shape)]
            y = x[0].reshape(shape)
        elif op == "Unsqueeze":
            y = x[0]
            for ax in sorted(int(v) for v in x[1]):
                y = y.unsqueeze(ax)
        elif op == "Clip":
            y = torch.clamp(x[0], min=None if len(x) < 2 or x[1] is None else float(x[1]),
                            max=None if len(x) < 3 or x[2] is None else float(x[2]))
        elif op == "ReduceSum":
            axes = [int(v) for v in x[1]] if len(x) > 1 else None
            y = x[0].sum(dim=axes, keepdim=bool(a.get("keepdims", 1)))
        elif op == "MatMul":
            y = torch.matmul(x[0], x[1])
        elif op == "Transpose":
            y = x[0].permute(*a["perm"])
        elif op == "ConstantOfShape":
            v = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            y = torch.full([int(s) for s in x[0]], float(v[0]), dtype=torch.from_numpy(v).dtype)
        elif op == "Where":
            y = torch.where(x[0].bool(), x[1], x[2])
        elif op == "Expand":
            y = x[0] * torch.ones([int(s) for s in x[1]], dtype=x[0].dtype)
        else:
            raise NotImplementedError(op)
        outs = y if isinstance(y, (tuple, list)) else (y,)
        for name, val in zip(node.output, outs):
            env[name] = val
    return [env[o.name] for o in model.graph.output]


def main():
    from phantom.preprocessing import letterbox, windowed_channels
    from phantom.study import generate_study
    from train_phantom_model import load_checkpoint

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--models", default="models")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, _ = load_checkpoint(args.checkpoint)
    study = generate_study(4242, 6, 256)
    x = letterbox(torch.from_numpy(windowed_channels(study.hu[2:5])), model.imgsz)
    with torch.no_grad():
        ref0, ref1 = model(x)
    classic = onnx.load(os.path.join(args.models, "phantom-yoloe-seg.onnx"))
    o0, o1 = run_graph(classic, {"images": x})
    print(f"classic: output0 {tuple(o0.shape)} max |diff| {float((o0 - ref0).abs().max()):.2e}; "
          f"output1 {tuple(o1.shape)} max |diff| {float((o1 - ref1).abs().max()):.2e}")
    vocab = onnx.load(os.path.join(args.models, "phantom-yoloe-seg-vocab.onnx"))
    with open(os.path.join(args.models, "phantom-yoloe-seg.embeddings.json")) as f:
        table = json.load(f)
    names = list(table)
    order = [names[2], names[0]]  # a runtime subset, reordered
    emb = torch.tensor([[table[n] for n in order]], dtype=torch.float32)
    v0, v1 = run_graph(vocab, {"images": x, "class_embeddings": emb})
    expect = torch.cat([ref0[:, :4], ref0[:, 4 + 2:4 + 3], ref0[:, 4:5], ref0[:, 8:]], 1)
    print(f"vocabulary ({', '.join(order)}): output0 {tuple(v0.shape)} max |diff| vs the classic model's columns "
          f"{float((v0 - expect).abs().max()):.2e}; output1 max |diff| {float((v1 - ref1).abs().max()):.2e}")



class OnnxGraph:
    """An exported classic-layout graph behind the call signature of PhantomYoloeSeg."""

    def __init__(self, path):
        self.graph = onnx.load(path)
        meta = {p.key: p.value for p in self.graph.metadata_props}
        self.imgsz = ast.literal_eval(meta["imgsz"])[0]
        self.names = list(ast.literal_eval(meta["names"]).values())

    def __call__(self, x, class_embeddings=None):
        return run_graph(self.graph, {"images": x})


if __name__ == "__main__":
    main()
