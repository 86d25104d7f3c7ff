"""The node's post-processing, mirrored from the C# Vision library so that the model card's metrics describe what
the node reports with a rule of config/rules.json (src/DicomAiNode/Pipeline/RuleSegmentationOptions.cs maps the
rule to these options):

- InstanceCleanup: closing with a (2r+1)^2 square (no erosion at the frame border), hole filling (background not
  4-connected to the outside of the mask's bounds), minimum area in mm^2, anatomical constraint (>= 30 % of the
  mask inside LungRegion for the rule's constraintClasses, by default its classes that are not pleural); masks
  decoded at input resolution when the rule sets retinaMasks;
- LungRegion: air below -400 HU not 4-connected to the image border, components >= 400 mm^2, each filled along
  its rows and its columns;
- FindingLinker: same class and intersection over the smaller mask >= MinLinkOverlap (0.2) on adjacent slices or
  on one slice, union-find; per-slice mask = union; findings with fewer than MinVoxels voxels, fewer than
  MinSlices slices or a best confidence below MinFindingConfidence are dropped.

Needs scipy (Debian python3-scipy) for the connected components."""
import json
import re

import numpy as np
from scipy import ndimage

from .linking import link_instances

CROSS = ndimage.generate_binary_structure(2, 1)  # 4-connectivity, as the C# floods


def load_rule(path, name=None):
    """The first enabled rule (or the one called `name`) of a rules.json file (JSON with // comments)."""
    with open(path) as f:
        text = f.read()
    text = re.sub(r'^\s*//.*$', "", text, flags=re.M)
    rules = json.loads(text)["rules"]
    for rule in rules:
        if (name is None and rule.get("enabled", True)) or rule.get("name") == name:
            return rule
    raise SystemExit(f"{path}: no rule {name or '(enabled)'}")


class NodeOptions:
    """PostProcessingOptions + DecodeOptions of a rule, with the C# defaults for what a rule does not set."""

    def __init__(self, class_names, rule=None, min_slices=1, min_finding_confidence=0.0):
        rule = rule or {}
        th = rule.get("thresholds", {})
        pp = rule.get("postProcessing", {})
        self.conf = float(th.get("confidence", 0.25))
        self.iou = float(th.get("iou", 0.5))
        self.max_det = int(th.get("maxDetections", 100))
        self.closing_radius = int(pp.get("closingRadius", 1))
        self.fill_holes = bool(pp.get("fillHoles", True))
        self.min_area_mm2 = float(pp.get("minSizeMm2", 4.0))
        prompt = rule.get("prompt", {}).get("classes") or list(class_names)
        self.classes = [class_names.index(c) for c in prompt if c in class_names]
        constraint = str(pp.get("constraint") or "none").lower()
        constrained = pp.get("constraintClasses") or [c for c in prompt if "pleural" not in c.lower()]
        self.lung_classes = {class_names.index(c) for c in constrained if c in class_names} if constraint == "lung" else set()
        self.retina_masks = bool(pp.get("retinaMasks", False))
        self.min_inside_fraction = 0.3  # AnatomicalConstraint.Lungs' default
        self.min_link_overlap = 0.2
        self.min_voxels = 1
        self.min_slices = int(min_slices)
        self.min_finding_confidence = float(min_finding_confidence)


def lung_region(hu, pixel_area, threshold_hu=-400.0, min_component_mm2=400.0):
    """LungRegion.Compute of one HU slice -> bool [h, w]."""
    air = hu < threshold_hu
    labels, n = ndimage.label(air, structure=CROSS)
    region = np.zeros(hu.shape, dtype=bool)
    if n == 0:
        return region
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    counts = np.bincount(labels.ravel(), minlength=n + 1)
    for i in range(1, n + 1):
        if i in border or counts[i] * pixel_area < min_component_mm2:
            continue
        comp = labels == i
        rows = np.nonzero(comp.any(1))[0]
        for y in rows:
            xs = np.nonzero(comp[y])[0]
            region[y, xs[0]:xs[-1] + 1] = True
        for x in np.nonzero(comp.any(0))[0]:
            ys = np.nonzero(comp[:, x])[0]
            region[ys[0]:ys[-1] + 1, x] = True
    return region


def close(mask, radius):
    """BinaryMorphology.Close: dilation then erosion by a (2r+1)^2 square on an unbounded plane, clipped to the
    frame (the frame border does not erode)."""
    if radius <= 0:
        return mask
    p = 2 * radius
    padded = np.pad(mask, p)
    size = 2 * radius + 1
    dilated = ndimage.maximum_filter(padded, size=size, mode="constant", cval=0)
    eroded = ndimage.minimum_filter(dilated, size=size, mode="constant", cval=1)
    return eroded[p:-p, p:-p]


def fill_holes(mask):
    """BinaryMorphology.FillHoles: background not 4-connected to the outside of the bounds becomes foreground."""
    return ndimage.binary_fill_holes(mask, structure=CROSS)


def cleanup(instances, hu, pixel_area, opts, region_cache=None):
    """InstanceCleanup.Apply for one slice; instances are decode() dicts with a bool 'mask' in the slice frame."""
    kept = []
    region = region_cache
    for d in instances:
        m = close(d["mask"], opts.closing_radius)
        if not m.any():
            continue
        if opts.fill_holes:
            m = fill_holes(m)
        area = int(m.sum())
        if area == 0 or area * pixel_area < opts.min_area_mm2:
            continue
        if d["class"] in opts.lung_classes:
            if region is None:
                region = lung_region(hu, pixel_area)
            if np.logical_and(m, region).sum() / area < opts.min_inside_fraction:
                continue
        kept.append(dict(d, mask=m, area_mm2=area * pixel_area))
    return kept


def _overlap(a, b):
    smaller = min(int(a.sum()), int(b.sum()))
    return 0.0 if smaller == 0 else float(np.logical_and(a, b).sum()) / smaller


def link(per_slice, opts):
    """FindingLinker.Link; per_slice is in slice-location order. Returns findings
    {class, score, slices: {k: bool mask}}."""
    def linked(a, b):
        return a["class"] == b["class"] and _overlap(a["mask"], b["mask"]) >= opts.min_link_overlap

    return [f for f in link_instances(per_slice, linked, same_slice=True)
            if sum(int(m.sum()) for m in f["slices"].values()) >= opts.min_voxels
            and len(f["slices"]) >= opts.min_slices and f["score"] >= opts.min_finding_confidence]
