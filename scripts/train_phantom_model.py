#!/usr/bin/python3
"""Trains the phantom YOLOE-style segmentation model on synthetic chest CT slices and exports it to ONNX.

  scripts/train_phantom_model.py --minutes 35 --threads 2 --out /tmp/phantom-train --models models
  scripts/train_phantom_model.py --export-only --checkpoint /tmp/phantom-train/checkpoint.pt --models models
  scripts/train_phantom_model.py --export-large-random /tmp/yolov8l-seg-sized-random.onnx

Training studies are generated on the fly (seeds from 1,000,000 + 100,000 * --seed up; held-out evaluation uses
seeds below 1,000,000) into a rolling in-memory buffer; nothing is written to disk but the checkpoint and the exports."""
import argparse
import copy
import math
import os
import sys
import time
from collections import deque

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from phantom.anatomy import LUNG  # noqa: E402
from phantom.findings import CLASS_NAMES  # noqa: E402
from phantom.model import PhantomYoloeSeg, count_macs  # noqa: E402
from phantom.onnx_export import export_classic, export_large_random, export_vocabulary, write_embeddings  # noqa: E402
from phantom.preprocessing import letterbox, letterbox_mask, windowed_channels  # noqa: E402
from phantom.study import generate_study  # noqa: E402

TRAIN_SEED_BASE = 1_000_000
MIN_AREA_PX = 3
# Object size (max side, px) ranges each level learns (overlapping, FCOS-like).
LEVEL_RANGES = {8: (0.0, 64.0), 16: (24.0, 128.0), 32: (64.0, 1e9)}
MASK_SAMPLES_PER_IMAGE = 12
DESCRIPTION = ("DicomAiNode phantom YOLOE-style segmentation model (synthetic chest CT; classes lung_nodule, "
               "ground_glass_opacity, pleural_effusion, liver_cyst). NOT FOR CLINICAL USE.")


class SliceStream:
    """Rolling buffer of generated studies; batches of letterboxed slices with instance targets."""

    def __init__(self, rng, imgsz, buffer_studies, seed_base=TRAIN_SEED_BASE):
        self.rng, self.imgsz, self.next_seed = rng, imgsz, seed_base
        self.buffer = deque(maxlen=buffer_studies)
        self.generated = 0
        self.positive_fraction = 0.8
        self.vessel_fraction = 0.0

    def add_study(self):
        rng = self.rng
        if rng.random() < 0.15:
            size, slices = int(rng.choice([320, 384, 512])), int(rng.integers(16, 28))
        else:
            size, slices = 256, int(rng.integers(40, 72))
        study = generate_study(self.next_seed, slices, size)
        self.next_seed += 1
        self.generated += 1
        labels = study.labels
        positive = np.nonzero(labels.reshape(labels.shape[0], -1).max(1) > 0)[0]
        classes = {f["id"]: f["class_index"] for f in study.findings}
        # Hard negatives: lung voxels much denser than aerated lung that carry no finding are the pulmonary
        # vessels (and pleural edges), what a 2D model mistakes for nodules when a slice cuts them across.
        hu = study.hu
        vessels = np.argwhere((study.anatomy == LUNG) & (hu > -500) & (labels == 0))
        if len(vessels) > 4000:
            vessels = vessels[self.rng.choice(len(vessels), 4000, replace=False)]
        self.buffer.append((hu, labels, classes, positive, vessels))

    def sample(self, batch, crop=0):
        """crop > 0: a crop x crop window of the letterboxed slice, centred near a finding 80 % of the time
        (training on crops is what makes the CPU budget go far; the network is fully convolutional), or centred on
        a pulmonary vessel (hard negatives) a share `vessel_fraction` of the time."""
        images, targets = [], []
        size = crop or self.imgsz
        for _ in range(batch):
            hu, labels, classes, positive, vessels = self.buffer[self.rng.integers(len(self.buffer))]
            vessel_centre = None
            if crop and len(vessels) and self.rng.random() < self.vessel_fraction:
                k, vr, vc = (int(v) for v in vessels[self.rng.integers(len(vessels))])
                gain = self.imgsz / max(hu.shape[1], hu.shape[2])
                vessel_centre = (vr * gain, vc * gain)
            elif len(positive) and self.rng.random() < self.positive_fraction:
                k = int(self.rng.choice(positive))
            else:
                k = int(self.rng.integers(hu.shape[0]))
            img = torch.from_numpy(windowed_channels(hu[k]))[None]
            ids = [i for i in np.unique(labels[k]) if i != 0]
            masks = np.stack([labels[k] == i for i in ids]) if ids else np.zeros((0,) + labels[k].shape, bool)
            if img.shape[-1] != self.imgsz or img.shape[-2] != self.imgsz:
                img = letterbox(img, self.imgsz)
                masks = letterbox_mask(masks, self.imgsz).numpy() if len(ids) else np.zeros((0, self.imgsz, self.imgsz), bool)
            if crop:
                present = [j for j in range(len(ids)) if masks[j].any()]  # letterboxing can erase a tiny one
                if vessel_centre is not None:
                    cy = int(vessel_centre[0]) + self.rng.integers(-crop // 4, crop // 4 + 1)
                    cx = int(vessel_centre[1]) + self.rng.integers(-crop // 4, crop // 4 + 1)
                elif present and self.rng.random() < 0.8:
                    rr, cc = np.nonzero(masks[present[self.rng.integers(len(present))]])
                    j = self.rng.integers(len(rr))
                    cy, cx = rr[j] + self.rng.integers(-crop // 3, crop // 3 + 1), cc[j] + self.rng.integers(-crop // 3, crop // 3 + 1)
                else:
                    cy, cx = self.rng.integers(crop // 2, self.imgsz - crop // 2 + 1, 2)
                y0 = int(np.clip(cy - crop // 2, 0, self.imgsz - crop))
                x0 = int(np.clip(cx - crop // 2, 0, self.imgsz - crop))
                img = img[..., y0:y0 + crop, x0:x0 + crop]
                masks = masks[:, y0:y0 + crop, x0:x0 + crop]
            keep = [j for j in range(len(ids)) if masks[j].sum() >= MIN_AREA_PX]
            cls = torch.tensor([classes[int(ids[j])] for j in keep], dtype=torch.long)
            m = torch.from_numpy(np.ascontiguousarray(masks[keep])) if keep else torch.zeros((0, size, size), dtype=torch.bool)
            boxes = torch.zeros((len(keep), 4))
            for n in range(len(keep)):
                rr, cc = torch.nonzero(m[n], as_tuple=True)
                boxes[n] = torch.tensor([cc.min(), rr.min(), cc.max() + 1, rr.max() + 1], dtype=torch.float32)
            images.append(img[0])
            targets.append((cls, boxes, m))
        return torch.stack(images), targets


def assign(anchors, strides, boxes):
    """Centre sampling per level by object size; returns (gt index per anchor, positive mask)."""
    g = boxes.shape[0]
    a = anchors.shape[1]
    if g == 0:
        return torch.zeros(a, dtype=torch.long), torch.zeros(a, dtype=torch.bool)
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    size = torch.max(w, h)[:, None]
    s = strides[0][None]
    lo = torch.zeros_like(s)
    hi = torch.zeros_like(s)
    for st, (l, u) in LEVEL_RANGES.items():
        lo[s == st], hi[s == st] = l, u
    in_range = (size > lo) & (size <= hi)
    dx, dy = (anchors[0][None] - cx[:, None]).abs(), (anchors[1][None] - cy[:, None]).abs()
    in_centre = (dx <= torch.max(0.3 * w[:, None], 0.75 * s)) & (dy <= torch.max(0.3 * h[:, None], 0.75 * s))
    cand = in_range & in_centre
    dist = (dx ** 2 + dy ** 2) / s ** 2
    dist[~in_range] = float("inf")
    cand[torch.arange(g), dist.argmin(1)] = True  # every object gets at least its nearest anchor
    area = (w * h)[:, None].expand(g, a)
    cost = torch.where(cand, area, torch.full_like(area, float("inf")))
    return cost.argmin(0), cand.any(0)


def giou(a, b):
    """a, b xyxy [N,4] -> GIoU [N]."""
    inter = (torch.min(a[:, 2:], b[:, 2:]) - torch.max(a[:, :2], b[:, :2])).clamp(min=0).prod(1)
    area_a, area_b = (a[:, 2:] - a[:, :2]).prod(1), (b[:, 2:] - b[:, :2]).prod(1)
    union = area_a + area_b - inter + 1e-7
    hull = (torch.max(a[:, 2:], b[:, 2:]) - torch.min(a[:, :2], b[:, :2])).prod(1) + 1e-7
    iou = inter / union
    return iou - (hull - union) / hull


def compute_loss(model, images, targets, rng):
    box_raw, emb, coef, proto = model.features(images)
    logits = model.class_logits(emb, model.class_embeddings)  # [B,nc,A]
    anchors, strides = model.anchor_grid(images.shape[-1])
    b_size, nc, a = logits.shape
    cls_target = torch.zeros_like(logits)
    l_box, l_l1, l_mask, npos, nmask = [], [], [], 0, 0
    s = strides[0]
    imgsz = images.shape[-1]
    for b, (cls, boxes, masks) in enumerate(targets):
        gt_idx, pos = assign(anchors, strides, boxes)
        if not pos.any():
            continue
        pa = torch.nonzero(pos)[:, 0]
        gi = gt_idx[pa]
        cls_target[b, cls[gi], pa] = 1.0
        npos += len(pa)
        gb = boxes[gi]
        gcx, gcy = (gb[:, 0] + gb[:, 2]) / 2, (gb[:, 1] + gb[:, 3]) / 2
        gw, gh = gb[:, 2] - gb[:, 0], gb[:, 3] - gb[:, 1]
        sa = s[pa]
        t = torch.stack([(gcx - anchors[0, pa]) / sa, (gcy - anchors[1, pa]) / sa,
                         torch.log(gw / sa), torch.log(gh / sa)], 1)
        raw = box_raw[b, :, pa].T
        l_l1.append((raw - t).abs().sum(1))
        # decode with the anchors of the positives (as PhantomYoloeSeg.decode_boxes)
        xy = anchors[:, pa] + raw[:, :2].T * sa
        wh = torch.exp(raw[:, 2:].clamp(max=6.0)).T * sa
        pb = torch.cat([xy - wh / 2, xy + wh / 2], 0).T
        l_box.append(1.0 - giou(pb, gb))
        # Masks: a random subset of positives. The loss sees the mask the way the node and Ultralytics' default
        # predictor decode it (process_mask, contract §5): logits cropped to the predicted box at prototype scale
        # (half-to-even rounded, zero outside), upsampled bilinearly, > 0. Trained without the crop, the zeros
        # outside the crop bleed into the upsampled mask and small findings come out as blocks of prototype pixels
        # (2.5x too large). A quarter weight on the uncropped logits keeps the upsample-then-crop (retina) path sane.
        sel = torch.from_numpy(rng.permutation(len(pa))[:MASK_SAMPLES_PER_IMAGE])
        mh, mw = proto.shape[-2:]
        logits_p = (coef[b, :, pa[sel]].T @ proto[b].flatten(1)).view(-1, mh, mw)
        cb = torch.round(pb[sel].detach().clamp(0, imgsz) * (mw / imgsz))
        prow = torch.arange(mh, dtype=torch.float32)[None, :, None]
        pcol = torch.arange(mw, dtype=torch.float32)[None, None, :]
        in_crop = ((pcol >= cb[:, 0, None, None]) & (pcol < cb[:, 2, None, None])
                   & (prow >= cb[:, 1, None, None]) & (prow < cb[:, 3, None, None])).float()
        both = torch.stack([logits_p * in_crop, logits_p], 1)
        both = F.interpolate(both, size=(imgsz, imgsz), mode="bilinear", align_corners=False)
        gm = masks[gi[sel]].float()
        sb = gb[sel]
        cbi = cb / (mw / imgsz)
        lo = torch.min(sb[:, :2], cbi[:, :2]) - 4
        hi = torch.max(sb[:, 2:], cbi[:, 2:]) + 4
        rows = torch.arange(imgsz, dtype=torch.float32)[None, :, None]
        cols = torch.arange(imgsz, dtype=torch.float32)[None, None, :]
        region = ((cols >= lo[:, 0, None, None]) & (cols < hi[:, 0, None, None])
                  & (rows >= lo[:, 1, None, None]) & (rows < hi[:, 1, None, None])).float()
        area = region.sum((1, 2)).clamp(min=1)
        for weight, pm in ((1.0, both[:, 0]), (0.25, both[:, 1])):
            bce = (F.binary_cross_entropy_with_logits(pm, gm, reduction="none") * region).sum((1, 2)) / area
            p = torch.sigmoid(pm) * region
            dice = 1 - (2 * (p * gm).sum((1, 2)) + 1) / (p.sum((1, 2)) + gm.sum((1, 2)) + 1)
            l_mask.append(weight * (bce + dice))
        nmask += len(sel)
    denom = max(npos, 1)
    l_cls = F.binary_cross_entropy_with_logits(logits, cls_target, reduction="sum") / denom
    zero = logits.sum() * 0
    l_b = torch.cat(l_box).mean() if l_box else zero
    l_1 = torch.cat(l_l1).mean() if l_l1 else zero
    l_m = torch.cat(l_mask).sum() / max(nmask, 1) if l_mask else zero
    total = l_cls + 2.5 * l_b + 0.5 * l_1 + 2.0 * l_m
    return total, {"cls": float(l_cls), "giou": float(l_b), "l1": float(l_1), "mask": float(l_m), "npos": npos}


class Ema:
    def __init__(self, model, decay=0.999, tau=400.0):
        self.model = copy.deepcopy(model).eval()
        self.decay, self.tau, self.updates = decay, tau, 0
        for p in self.model.parameters():
            p.requires_grad_(False)

    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        with torch.no_grad():
            msd = model.state_dict()
            for k, v in self.model.state_dict().items():
                if v.dtype.is_floating_point:
                    v.mul_(d).add_(msd[k].detach(), alpha=1 - d)
                else:
                    v.copy_(msd[k])


def train(args):
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = PhantomYoloeSeg(num_classes=len(CLASS_NAMES), embed_dim=args.embed_dim, imgsz=args.imgsz,
                            widths=tuple(args.widths), head_width=args.head_width, proto_width=args.proto_width)
    print(f"model: {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters, "
          f"{count_macs(model, args.imgsz) / 1e9:.2f} GMAC per {args.imgsz}x{args.imgsz} image", flush=True)
    prior_steps, prior_seconds = 0, 0.0
    if args.resume:
        ck = torch.load(args.resume, map_location="cpu")
        if ck["config"] != model.config:
            raise SystemExit(f"--resume {args.resume}: checkpoint config {ck['config']} differs from {model.config}")
        model.load_state_dict(ck["model"])
        prior_steps, prior_seconds = ck["steps"], ck["seconds"]
        print(f"resumed from {args.resume}: {prior_steps} steps, {prior_seconds / 60:.1f} min", flush=True)
    model.train()
    ema = Ema(model)
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if p.ndim <= 1 or n == "class_embeddings" else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.999))
    stream = SliceStream(rng, args.imgsz, args.buffer, TRAIN_SEED_BASE + 100_000 * args.seed)
    stream.positive_fraction = args.positive_fraction
    stream.vessel_fraction = args.vessel_fraction
    t_gen = time.time()
    for _ in range(args.buffer // 2):
        stream.add_study()
    print(f"initial buffer: {len(stream.buffer)} studies in {time.time() - t_gen:.1f}s", flush=True)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    budget = args.minutes * 60.0
    start = last_ckpt = last_keep = time.time()
    step, running = 0, {}
    while True:
        elapsed = time.time() - start
        frac = elapsed / budget
        if frac >= 1.0 or (args.steps and step >= args.steps):
            break
        warm = min(1.0, (step + 1) / (50.0 if args.resume else 200.0))
        lr = args.lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = lr
        if step % args.new_study_every == 0 or len(stream.buffer) < args.buffer:
            stream.add_study()
        full = args.crop == 0 or step % args.full_every == 0
        images, targets = stream.sample(args.full_batch if full and args.crop else args.batch, 0 if full else args.crop)
        loss, parts = compute_loss(model, images, targets, rng)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        ema.update(model)
        step += 1
        for k, v in parts.items():
            running[k] = running.get(k, 0.0) + v
        if step % args.log_every == 0:
            avg = {k: v / args.log_every for k, v in running.items()}
            running = {}
            print(f"step {step:5d}  {elapsed / 60:5.1f} min  lr {lr:.2e}  loss cls {avg['cls']:.3f} giou {avg['giou']:.3f} "
                  f"l1 {avg['l1']:.3f} mask {avg['mask']:.3f}  pos/batch {avg['npos']:.0f}  studies {stream.generated}",
                  flush=True)
        if time.time() - last_ckpt > 300:
            save_checkpoint(ckpt_path, ema.model, args, prior_steps + step, prior_seconds + time.time() - start,
                            stream.generated)
            last_ckpt = time.time()
        if args.keep_every and time.time() - last_keep > args.keep_every * 60:
            save_checkpoint(os.path.join(args.out, f"checkpoint-{prior_steps + step}.pt"), ema.model, args,
                            prior_steps + step, prior_seconds + time.time() - start, stream.generated)
            last_keep = time.time()
    wall = time.time() - start
    save_checkpoint(ckpt_path, ema.model, args, prior_steps + step, prior_seconds + wall, stream.generated)
    print(f"trained {step} steps ({step * args.batch} slices, {stream.generated} studies) in {wall / 60:.1f} min; "
          f"checkpoint {ckpt_path}", flush=True)
    return ema.model


def save_checkpoint(path, model, args, step, seconds, studies):
    torch.save({"model": model.state_dict(), "config": model.config, "names": CLASS_NAMES, "steps": step,
                "seconds": seconds, "studies": studies, "args": vars(args)}, path + ".tmp")
    os.replace(path + ".tmp", path)


def load_checkpoint(path):
    ck = torch.load(path, map_location="cpu")
    model = PhantomYoloeSeg(**ck["config"])
    model.load_state_dict(ck["model"])
    return model.eval(), ck


def export_all(model, models_dir):
    os.makedirs(models_dir, exist_ok=True)
    classic = os.path.join(models_dir, "phantom-yoloe-seg.onnx")
    vocab = os.path.join(models_dir, "phantom-yoloe-seg-vocab.onnx")
    emb = os.path.join(models_dir, "phantom-yoloe-seg.embeddings.json")
    export_classic(model, classic, CLASS_NAMES, DESCRIPTION)
    export_vocabulary(model, vocab, CLASS_NAMES, DESCRIPTION + " Runtime vocabulary: class_embeddings input.",
                      os.path.basename(emb))
    write_embeddings(model, emb, CLASS_NAMES)
    for p in (classic, vocab, emb):
        print(f"wrote {p} ({os.path.getsize(p) / 1e6:.2f} MB)", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=35.0, help="wall-clock training budget")
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps (0 = time budget only)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--imgsz", type=int, default=256)
    ap.add_argument("--embed-dim", type=int, default=32)
    ap.add_argument("--widths", type=int, nargs=5, default=[16, 24, 48, 80, 112], help="stem, P2, P3, P4, P5 channels")
    ap.add_argument("--head-width", type=int, default=32)
    ap.add_argument("--proto-width", type=int, default=24)
    ap.add_argument("--positive-fraction", type=float, default=0.6,
                    help="share of slices drawn among those with a finding (the rest: any slice, e.g. lung apex "
                         "and upper abdomen, which the model must learn to leave alone)")
    ap.add_argument("--vessel-fraction", type=float, default=0.0,
                    help="share of crops centred on a pulmonary vessel (hard negatives against single-slice nodule "
                         "false positives)")
    ap.add_argument("--keep-every", type=float, default=0.0,
                    help="also keep a numbered checkpoint every this many minutes (0 = only checkpoint.pt)")
    ap.add_argument("--crop", type=int, default=128, help="train on crops of this size (0 = whole slices)")
    ap.add_argument("--full-every", type=int, default=4, help="every n-th step uses whole slices")
    ap.add_argument("--full-batch", type=int, default=8, help="batch size of the whole-slice steps")
    ap.add_argument("--buffer", type=int, default=48, help="studies kept in the rolling buffer")
    ap.add_argument("--new-study-every", type=int, default=3, help="steps between two new studies")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--out", default="/tmp/phantom-train", help="checkpoint folder")
    ap.add_argument("--models", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models"),
                    help="where the ONNX exports go")
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--checkpoint", default=None)
    ap.add_argument("--resume", default=None, metavar="CHECKPOINT",
                    help="start from these weights (a second training phase with a fresh schedule)")
    ap.add_argument("--export-large-random", metavar="PATH", default=None,
                    help="export a YOLOv8l-seg-sized random-weight graph (640x640, nc=80) for benchmarks and exit")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.export_large_random:
        model = export_large_random(args.export_large_random)
        print(f"wrote {args.export_large_random} ({os.path.getsize(args.export_large_random) / 1e6:.1f} MB), "
              f"{count_macs(model, 640) / 1e9:.1f} GMAC per image (= {2 * count_macs(model, 640) / 1e9:.0f} GFLOPs)")
        return
    if args.export_only:
        model, ck = load_checkpoint(args.checkpoint or os.path.join(args.out, "checkpoint.pt"))
        print(f"checkpoint: {ck['steps']} steps, {ck['seconds'] / 60:.1f} min")
    else:
        model = train(args)
    if not args.no_export:
        export_all(model.eval(), args.models)


if __name__ == "__main__":
    main()
