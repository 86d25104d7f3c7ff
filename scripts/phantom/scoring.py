"""Scoring of predicted 3D findings against a phantom's ground truth (numpy only, so that the unit tests in
scripts/tests need no torch): per-finding detection and 3D Dice, false positives, summaries per class."""
import numpy as np

from .anatomy import LUNG
from .findings import CLASS_NAMES


def score_study(study, predicted, classes=None):
    """classes: score only ground truth of these class indices (the classes a rule asks for); every predicted
    finding that overlaps no ground truth of its own class is a false positive."""
    labels = study.labels
    gt = {f["id"]: f for f in study.findings}
    overlaps = []  # per predicted finding: {gt id: voxels}
    for p in predicted:
        ov = {}
        for k, m in p["slices"].items():
            ids, counts = np.unique(labels[k][m], return_counts=True)
            for i, c in zip(ids, counts):
                if i:
                    ov[int(i)] = ov.get(int(i), 0) + int(c)
        overlaps.append(ov)
    results = []
    for gid, f in gt.items():
        if classes is not None and f["class_index"] not in classes:
            continue
        hits = [j for j, p in enumerate(predicted) if gid in overlaps[j] and p["class"] == f["class_index"]]
        any_hits = [j for j, p in enumerate(predicted) if gid in overlaps[j]]
        dice = 0.0
        if hits:
            gmask = labels == gid
            inter, pvox = 0, 0
            for j in hits:
                for k, m in predicted[j]["slices"].items():
                    pvox += int(m.sum())
                    inter += int(np.logical_and(m, gmask[k]).sum())
            dice = 2.0 * inter / (pvox + int(gmask.sum()))
        results.append({"id": gid, "class": f["class"], "diameter_mm": f["diameter_mm"], "detected": bool(hits),
                        "detected_any_class": bool(any_hits), "dice": round(dice, 4)})
    fps = []
    for j, p in enumerate(predicted):
        if not any(gt[g]["class_index"] == p["class"] for g in overlaps[j]):
            fps.append({"class": CLASS_NAMES[p["class"]], "score": round(p["score"], 3),
                        "slices": sorted(p["slices"]), "voxels": int(sum(m.sum() for m in p["slices"].values())),
                        "overlaps_other_class": bool(overlaps[j]),
                        "lung_fraction": round(sum(int((study.anatomy[k][m] == LUNG).sum()) for k, m in p["slices"].items())
                                               / max(1, sum(int(m.sum()) for m in p["slices"].values())), 3)})
    return results, fps


def summarise(results, fps, args):
    def sens(rs):
        return round(sum(r["detected"] for r in rs) / len(rs), 4) if rs else None

    ge6 = [r for r in results if r["diameter_mm"] >= 6]
    ge10 = [r for r in results if r["diameter_mm"] >= 10]
    per_class = {}
    for c in CLASS_NAMES:
        rc6 = [r for r in ge6 if r["class"] == c]
        rc10 = [r for r in ge10 if r["class"] == c]
        per_class[c] = {"findings_ge6mm": len(rc6), "sensitivity_ge6mm": sens(rc6),
                        "median_dice_ge10mm": round(float(np.median([r["dice"] for r in rc10])), 4) if rc10 else None,
                        "false_positives": sum(1 for s in fps for fp in s if fp["class"] == c)}
    small = [r for r in results if r["diameter_mm"] < 6]
    return {
        "studies": args.studies, "slices": args.slices, "size": args.size, "seeds": [args.seed, args.seed + args.studies - 1],
        "conf": args.conf, "iou": args.iou,
        "findings_ge6mm": len(ge6), "sensitivity_ge6mm": sens(ge6),
        "sensitivity_ge6mm_any_class": round(sum(r["detected_any_class"] for r in ge6) / max(len(ge6), 1), 4),
        "sensitivity_lt6mm": sens(small),
        "false_positives_per_study": round(sum(len(s) for s in fps) / args.studies, 3),
        "findings_ge10mm": len(ge10),
        "median_dice_ge10mm": round(float(np.median([r["dice"] for r in ge10])), 4) if ge10 else None,
        "per_class": per_class,
    }
