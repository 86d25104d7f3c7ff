"""Ultralytics-compatible decoding of the classic segment layout (shared/reference/yoloe-onnx-contract.md §5):
NMS, process_mask (crop_mask with both code paths), mapping back to the original slice; and 3D linking of
per-slice instances into findings across adjacent slices (same class, overlapping masks)."""
import numpy as np
import torch
import torch.nn.functional as F

from .linking import link_instances

MAX_WH = 7680
MAX_NMS = 30000


def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(2)
    return inter / (area_a[:, None] + area_b[None, :] - inter)


def non_max_suppression(output0, num_classes, conf=0.25, iou=0.7, max_det=300, agnostic=False, classes=None):
    """output0 [4+nc+nm, A] of one image -> (boxes xyxy [N,4], scores [N], classes [N], coefficients [N,nm])."""
    x = output0.T
    scores_all = x[:, 4:4 + num_classes]
    best, cls = scores_all.max(1)
    keep = best > conf
    x, best, cls = x[keep], best[keep], cls[keep]
    if classes is not None:
        m = torch.isin(cls, torch.as_tensor(classes))
        x, best, cls = x[m], best[m], cls[m]
    xy, wh = x[:, :2], x[:, 2:4]
    boxes = torch.cat([xy - wh / 2, xy + wh / 2], 1)
    order = torch.argsort(best, descending=True, stable=True)[:MAX_NMS]
    boxes, best, cls, coef = boxes[order], best[order], cls[order], x[order, 4 + num_classes:]
    offset = boxes + (0 if agnostic else cls[:, None].float() * MAX_WH)
    ious = box_iou(offset, offset)
    suppressed = torch.zeros(len(boxes), dtype=torch.bool)
    kept = []
    for i in range(len(boxes)):
        if suppressed[i]:
            continue
        kept.append(i)
        suppressed |= ious[i] > iou
    kept = torch.as_tensor(kept[:max_det], dtype=torch.long)
    return boxes[kept], best[kept], cls[kept], coef[kept]


def crop_mask(masks, boxes):
    """Zero mask pixels outside the boxes (proto scale). n < 50 on CPU: integer (half-to-even rounded) boxes;
    otherwise the vectorised float comparison, as Ultralytics does."""
    n, h, w = masks.shape
    rows = torch.arange(h, dtype=boxes.dtype)[None, :, None]
    cols = torch.arange(w, dtype=boxes.dtype)[None, None, :]
    b = torch.round(boxes) if n < 50 else boxes
    x1, y1, x2, y2 = (b[:, i][:, None, None] for i in range(4))
    inside = (cols >= x1) & (cols < x2) & (rows >= y1) & (rows < y2)
    return masks * inside


def process_mask(protos, coef, boxes, shape):
    """protos [nm,mh,mw], coef [N,nm], boxes xyxy in input pixels, shape (H,W) -> bool masks [N,H,W]."""
    nm, mh, mw = protos.shape
    ih, iw = shape
    masks = (coef @ protos.reshape(nm, -1)).reshape(-1, mh, mw)
    scaled = boxes.clone()
    scaled[:, [0, 2]] *= mw / iw
    scaled[:, [1, 3]] *= mh / ih
    masks = crop_mask(masks, scaled)
    masks = F.interpolate(masks[None], (ih, iw), mode="bilinear", align_corners=False)[0]
    return masks > 0.0


def process_mask_native(protos, coef, boxes, original_shape):
    """Retina masks (process_mask_native): logits scale_masks-ed to the original slice (padding cropped at
    prototype scale, bilinear), then cropped with the boxes in slice pixels, > 0."""
    nm, mh, mw = protos.shape
    h0, w0 = original_shape
    masks = (coef @ protos.reshape(nm, -1)).reshape(-1, mh, mw)
    gain = min(mh / h0, mw / w0)
    pad_w, pad_h = (mw - w0 * gain) / 2, (mh - h0 * gain) / 2
    top, left = int(round(pad_h - 0.1)), int(round(pad_w - 0.1))
    bottom, right = mh - int(round(pad_h + 0.1)), mw - int(round(pad_w + 0.1))
    masks = F.interpolate(masks[None, :, top:bottom, left:right], (h0, w0), mode="bilinear", align_corners=False)[0]
    return crop_mask(masks, boxes) > 0.0


def scale_boxes(boxes, input_shape, original_shape):
    ih, iw = input_shape
    h0, w0 = original_shape
    gain = min(ih / h0, iw / w0)
    pad_x = round((iw - w0 * gain) / 2 - 0.1)
    pad_y = round((ih - h0 * gain) / 2 - 0.1)
    b = boxes.clone()
    b[:, [0, 2]] = ((b[:, [0, 2]] - pad_x) / gain).clamp(0, w0)
    b[:, [1, 3]] = ((b[:, [1, 3]] - pad_y) / gain).clamp(0, h0)
    return b


def masks_to_original(masks, original_shape):
    """Letterboxed masks [N,H,W] -> original slice [N,h0,w0] (remove padding, bilinear, >= 0.5)."""
    n, ih, iw = masks.shape
    h0, w0 = original_shape
    if (ih, iw) == (h0, w0):
        return masks
    gain = min(ih / h0, iw / w0)
    pad_w, pad_h = (iw - w0 * gain) / 2, (ih - h0 * gain) / 2
    top, left = int(round(pad_h - 0.1)), int(round(pad_w - 0.1))
    bottom, right = ih - int(round(pad_h + 0.1)), iw - int(round(pad_w + 0.1))
    m = masks[:, top:bottom, left:right].float()[None]
    return F.interpolate(m, (h0, w0), mode="bilinear", align_corners=False)[0] >= 0.5


def decode(output0, output1, num_classes, input_shape, original_shape, conf=0.25, iou=0.7, max_det=300, classes=None,
           retina=False):
    """One image: returns list of dicts (box in original pixels, score, class, mask bool [h0,w0] numpy).
    classes: keep only these class indices (after the best class is chosen, as Ultralytics and the node do).
    retina: masks by process_mask_native instead of process_mask."""
    boxes, scores, cls, coef = non_max_suppression(output0, num_classes, conf, iou, max_det, classes=classes)
    if len(boxes) == 0:
        return []
    if retina:
        boxes = scale_boxes(boxes, input_shape, original_shape)
        masks = process_mask_native(output1, coef, boxes, original_shape)
    else:
        masks = process_mask(output1, coef, boxes, input_shape)
    nonempty = masks.flatten(1).any(1)
    boxes, scores, cls, masks = boxes[nonempty], scores[nonempty], cls[nonempty], masks[nonempty]
    if len(boxes) == 0:
        return []
    if not retina:
        boxes = scale_boxes(boxes, input_shape, original_shape)
        masks = masks_to_original(masks, original_shape)
        # a mask that vanishes when scaled to the slice goes too (as the node does)
        nonempty = masks.flatten(1).any(1)
        boxes, scores, cls, masks = boxes[nonempty], scores[nonempty], cls[nonempty], masks[nonempty]
    return [{"box": boxes[i].tolist(), "score": float(scores[i]), "class": int(cls[i]),
             "mask": masks[i].numpy()} for i in range(len(boxes))]


def link_3d(detections_per_slice):
    """detections_per_slice: list over slices of decode() results. Instances of the same class whose masks
    overlap on adjacent slices join one finding (union-find). Returns a list of findings, each
    {class, score (max), slices: {k: bool mask}}."""
    return link_instances(detections_per_slice,
                          lambda a, b: a["class"] == b["class"] and bool(np.logical_and(a["mask"], b["mask"]).any()))
