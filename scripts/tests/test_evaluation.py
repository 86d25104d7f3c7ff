#!/usr/bin/python3
"""The evaluation's matching and the mirrored node post-processing (scripts/evaluate_phantom_model.py,
scripts/phantom/node_postprocess.py) score hand-made predictions as they should."""
import argparse
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from phantom.scoring import score_study, summarise  # noqa: E402
from phantom import node_postprocess as node  # noqa: E402
from phantom.findings import CLASS_NAMES  # noqa: E402
from phantom.study import generate_study  # noqa: E402

RULES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "config", "rules.json")


def truth_as_findings(study):
    """The ground truth as predicted 3D findings: what a perfect model and linker would give."""
    out = []
    for f in study.findings:
        mask = study.labels == f["id"]
        out.append({"class": f["class_index"], "score": 0.9,
                    "slices": {int(k): mask[k] for k in np.nonzero(mask.any((1, 2)))[0]}})
    return out


def truth_as_instances(study):
    """The ground truth as per-slice decoded instances (decode() dicts), one list per slice."""
    per_slice = [[] for _ in range(study.labels.shape[0])]
    for f in study.findings:
        mask = study.labels == f["id"]
        for k in np.nonzero(mask.any((1, 2)))[0]:
            per_slice[k].append({"class": f["class_index"], "score": 0.9, "mask": mask[k], "box": None})
    return per_slice


class Matching(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.study = generate_study(77, slices=40, size=256, counts={"nodule": 3, "ggo": 1, "cyst": 1, "effusion": 1})
        cls.args = argparse.Namespace(studies=1, slices=40, size=256, seed=77, conf=0.25, iou=0.7)

    def test_perfect_prediction_scores_sensitivity_1_no_false_positive_and_dice_1(self):
        results, fps = score_study(self.study, truth_as_findings(self.study))
        self.assertEqual(fps, [])
        self.assertTrue(all(r["detected"] and r["dice"] == 1.0 for r in results))
        s = summarise(results, [fps], self.args)
        self.assertEqual(s["sensitivity_ge6mm"], 1.0)
        self.assertEqual(s["false_positives_per_study"], 0.0)
        self.assertEqual(s["median_dice_ge10mm"], 1.0)

    def test_a_finding_of_the_wrong_class_is_a_miss_and_a_false_positive(self):
        predicted = truth_as_findings(self.study)
        nodule = next(i for i, f in enumerate(self.study.findings) if f["class"] == "lung_nodule")
        predicted[nodule]["class"] = CLASS_NAMES.index("liver_cyst")
        results, fps = score_study(self.study, predicted)
        self.assertFalse(results[nodule]["detected"])
        self.assertTrue(results[nodule]["detected_any_class"])
        self.assertEqual(len(fps), 1)
        self.assertTrue(fps[0]["overlaps_other_class"])

    def test_a_prediction_on_empty_tissue_is_a_false_positive_and_halving_a_mask_halves_its_dice(self):
        predicted = truth_as_findings(self.study)
        empty = np.zeros(self.study.labels.shape[1:], bool)
        empty[0:4, 0:4] = True  # image corner: air, no finding
        predicted.append({"class": 0, "score": 0.5, "slices": {0: empty}})
        big = max(range(len(self.study.findings)), key=lambda i: self.study.findings[i]["voxel_count"])
        kept = sorted(predicted[big]["slices"])
        predicted[big]["slices"] = {k: m for k, m in predicted[big]["slices"].items() if k in kept[::2]}
        results, fps = score_study(self.study, predicted)
        self.assertEqual(len(fps), 1)
        gt = self.study.labels == self.study.findings[big]["id"]
        p = sum(int(predicted[big]["slices"][k].sum()) for k in predicted[big]["slices"])
        self.assertAlmostEqual(results[big]["dice"], round(2 * p / (p + int(gt.sum())), 4), places=4)

    def test_only_the_rules_classes_are_scored(self):
        results, _ = score_study(self.study, truth_as_findings(self.study), classes=[0, 1, 2])
        self.assertNotIn("liver_cyst", {r["class"] for r in results})


class NodePostProcessing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.study = generate_study(78, slices=40, size=256, counts={"nodule": 3, "ggo": 1, "cyst": 1, "effusion": 1})
        cls.opts = node.NodeOptions(CLASS_NAMES, node.load_rule(RULES))

    def test_shipped_rule_is_read_as_the_node_maps_it(self):
        o = self.opts
        self.assertEqual(o.classes, [CLASS_NAMES.index(c) for c in ["lung_nodule", "ground_glass_opacity", "pleural_effusion"]])
        self.assertEqual(o.lung_classes, {0, 1})  # pleural classes are not held inside the lungs
        self.assertEqual((o.closing_radius, o.fill_holes), (1, True))
        self.assertGreater(o.min_area_mm2, 0)

    def test_ground_truth_passes_the_nodes_post_processing_whole(self):
        s = self.study
        per_slice = truth_as_instances(s)
        area = s.geometry.pixel_spacing ** 2
        cleaned = [node.cleanup([d for d in dets if d["class"] in self.opts.classes], s.hu[k], area, self.opts)
                   for k, dets in enumerate(per_slice)]
        findings = node.link(cleaned, self.opts)
        results, fps = score_study(s, findings, self.opts.classes)
        self.assertEqual(fps, [])
        for r in results:
            if r["diameter_mm"] >= 6:
                self.assertTrue(r["detected"], r)
                self.assertGreater(r["dice"], 0.95, r)

    def test_closing_bridges_a_one_pixel_gap_and_filling_closes_a_ring(self):
        m = np.zeros((12, 12), bool)
        m[3:8, 2:5] = m[3:8, 6:9] = True
        closed = node.close(m, 1)
        self.assertTrue(closed[3:8, 5].all())
        self.assertEqual(int(closed.sum()), 5 * 7)
        ring = np.zeros((9, 9), bool)
        ring[2:7, 2:7] = True
        ring[4, 4] = False
        self.assertTrue(node.fill_holes(ring)[4, 4])
        edge = np.zeros((6, 6), bool)
        edge[0:3, 0:3] = True  # closing does not erode at the frame border
        self.assertTrue(np.array_equal(node.close(edge, 1), edge))

    def test_small_instances_and_lung_classes_outside_the_lungs_are_dropped(self):
        s = self.study
        k = s.labels.shape[0] // 2
        area = s.geometry.pixel_spacing ** 2
        tiny = np.zeros(s.labels.shape[1:], bool)
        tiny[128, 128] = True
        outside = np.zeros(s.labels.shape[1:], bool)
        outside[0:10, 0:10] = True  # air outside the body
        kept = node.cleanup([{"class": 0, "score": 0.9, "mask": tiny}, {"class": 0, "score": 0.9, "mask": outside},
                             {"class": 2, "score": 0.9, "mask": outside}], s.hu[k], area, self.opts)
        self.assertEqual([d["class"] for d in kept], [2])  # the effusion class is not held to the lungs

    def test_linking_joins_overlapping_instances_on_adjacent_slices_and_min_slices_drops_single_ones(self):
        a = np.zeros((20, 20), bool)
        a[5:10, 5:10] = True
        b = np.roll(a, 2, axis=1)     # overlaps a by 3/5
        far = np.roll(a, 9, axis=0)   # no overlap
        inst = lambda m, c=0, s=0.5: {"class": c, "score": s, "mask": m}  # noqa: E731
        per_slice = [[inst(a)], [inst(b), inst(far)], [inst(b, c=1)]]
        opts = node.NodeOptions(CLASS_NAMES)
        found = sorted(node.link(per_slice, opts), key=lambda f: (f["class"], -len(f["slices"])))
        self.assertEqual([(f["class"], sorted(f["slices"])) for f in found], [(0, [0, 1]), (0, [1]), (1, [2])])
        opts.min_slices = 2
        self.assertEqual(len(node.link(per_slice, opts)), 1)
        opts.min_slices, opts.min_finding_confidence = 1, 0.6
        self.assertEqual(node.link(per_slice, opts), [])


if __name__ == "__main__":
    unittest.main()
