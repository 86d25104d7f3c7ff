"""ONNX exports in the Ultralytics segment contract (shared/reference/yoloe-onnx-contract.md §2-4).

Classic: input `images [B,3,H,W]` float32 (dynamic batch) -> `output0 [B,4+nc+32,A]` (xywh in input pixels,
sigmoid class scores, raw mask coefficients) and `output1 [B,32,H/4,W/4]` (raw prototypes).
Vocabulary: a second input `class_embeddings [B|1,K,D]` replaces the trained class table (output0 [B,4+K+32,A]).
metadata_props are Python str() reprs, as Ultralytics' exporter writes them."""
import datetime
import json

import onnx
import torch

from .model import PhantomYoloeSeg, VocabularyExport
from .preprocessing import WINDOWS

OPSET = 17
PROJECT_VERSION = "1.0.0"


def metadata(names, imgsz, description, extra=None, batch=1):
    meta = {
        "description": description,
        "author": "DicomAiNode",
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "version": PROJECT_VERSION,
        "license": "DicomAiNode repository license (trained on synthetic phantoms only)",
        "docs": "models/README.md",
        "stride": 32,
        "task": "segment",
        "batch": batch,
        "imgsz": [imgsz, imgsz],
        "names": {i: n for i, n in enumerate(names)},
        "args": {"batch": batch, "dynamic": True, "half": False, "opset": OPSET, "simplify": False, "nms": False},
        "channels": 3,
        "end2end": False,
        "windows": [{"name": n, "center": c, "width": w} for n, c, w in WINDOWS],
    }
    meta.update(extra or {})
    return {k: str(v) for k, v in meta.items()}


def _set_dims(value_info, dims):
    shape = value_info.type.tensor_type.shape
    del shape.dim[:]
    for d in dims:
        entry = shape.dim.add()
        if isinstance(d, str):
            entry.dim_param = d
        else:
            entry.dim_value = d


def _finish(path, meta, output_dims):
    m = onnx.load(path)
    for out, dims in zip(m.graph.output, output_dims):
        _set_dims(out, dims)  # torch's shape inference leaves symbolic names where the sizes are known
    del m.metadata_props[:]
    for k, v in meta.items():
        entry = m.metadata_props.add()
        entry.key, entry.value = k, v
    if m.ir_version > 10:
        m.ir_version = 10  # ONNX Runtime compatibility, as Ultralytics caps it
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return m


def export_classic(model: PhantomYoloeSeg, path, names, description):
    model.eval()
    imgsz = model.imgsz
    dummy = torch.zeros(1, 3, imgsz, imgsz)
    with torch.no_grad():
        torch.onnx.export(model, (dummy,), path, opset_version=OPSET, do_constant_folding=True,
                          input_names=["images"], output_names=["output0", "output1"],
                          dynamic_axes={"images": {0: "batch"}, "output0": {0: "batch"}, "output1": {0: "batch"}})
    return _finish(path, metadata(names, imgsz, description), _output_dims(model, 4 + len(names) + 32))


def export_vocabulary(model: PhantomYoloeSeg, path, names, description, embeddings_file):
    model.eval()
    imgsz = model.imgsz
    wrapper = VocabularyExport(model).eval()
    dummy = torch.zeros(1, 3, imgsz, imgsz)
    emb = model.normalised_class_embeddings().unsqueeze(0)
    with torch.no_grad():
        torch.onnx.export(wrapper, (dummy, emb), path, opset_version=OPSET, do_constant_folding=True,
                          input_names=["images", "class_embeddings"], output_names=["output0", "output1"],
                          dynamic_axes={"images": {0: "batch"}, "class_embeddings": {0: "prompt_batch", 1: "classes"},
                                        "output0": {0: "batch", 1: "channels"}, "output1": {0: "batch"}})
    extra = {"embedding_dim": int(emb.shape[-1]), "embeddings_file": embeddings_file,
             "prompt_input": "class_embeddings"}
    return _finish(path, metadata(names, imgsz, description, extra), _output_dims(model, "channels"))


def _output_dims(model, channels):
    imgsz = model.imgsz
    anchors = sum((imgsz // s) ** 2 for s in model.strides)
    return [["batch", channels, anchors], ["batch", 32, imgsz // 4, imgsz // 4]]


def write_embeddings(model: PhantomYoloeSeg, path, names):
    """class name -> L2-normalised D-dimensional embedding, in the trained class order."""
    e = model.normalised_class_embeddings()
    table = {n: [round(float(v), 7) for v in e[i]] for i, n in enumerate(names)}
    with open(path, "w") as f:
        json.dump(table, f, indent=1)
        f.write("\n")


LARGE_CONFIG = dict(num_classes=80, embed_dim=512, widths=(64, 128, 256, 512, 512), depth=3, head_width=288,
                    proto_width=160, imgsz=640)


def export_large_random(path, seed=0):
    """A YOLOv8l-seg-sized graph (640x640, nc=80, ~110 GMAC) with random weights, for benchmarks only."""
    torch.manual_seed(seed)
    model = PhantomYoloeSeg(**LARGE_CONFIG).eval()
    names = [f"class{i}" for i in range(80)]
    export_classic(model, path, names, "DicomAiNode benchmark graph: YOLOv8l-seg-sized, RANDOM WEIGHTS")
    return model
