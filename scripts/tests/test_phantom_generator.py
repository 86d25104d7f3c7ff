#!/usr/bin/python3
"""The phantom generator makes the geometry, labels and DICOM series it claims (scripts/phantom/)."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import pydicom  # noqa: E402

from phantom.anatomy import LIVER, LUNG  # noqa: E402
from phantom.findings import CLASS_NAMES  # noqa: E402
from phantom.generate_phantom import write_study  # noqa: E402
from phantom.study import THICKNESSES, generate_study  # noqa: E402


class GeneratedStudy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.study = generate_study(31, slices=40, size=256,
                                   counts={"nodule": 3, "ggo": 1, "cyst": 2, "effusion": 1})

    def test_volumes_have_the_requested_shape_and_hu_range(self):
        s = self.study
        self.assertEqual(s.hu.shape, (40, 256, 256))
        self.assertEqual(s.labels.shape, s.hu.shape)
        self.assertEqual(s.anatomy.shape, s.hu.shape)
        self.assertGreaterEqual(int(s.hu.min()), -1024)
        self.assertLess(float(np.median(s.hu[:, 0, :])), -900)  # image border is air
        self.assertGreater(int((s.anatomy == LUNG).sum()), 0)

    def test_geometry_follows_the_documented_ranges(self):
        g = self.study.geometry
        self.assertIn(g.thickness, THICKNESSES)
        self.assertGreaterEqual(g.pixel_spacing, 0.6 * 2 - 1e-6)   # U(0.6, 0.9) mm x 512/256
        self.assertLessEqual(g.pixel_spacing, 0.9 * 2 + 1e-6)
        np.testing.assert_allclose(np.diff(g.z(np.arange(g.slices))), -g.thickness)

    def test_every_finding_is_labelled_with_the_voxels_it_reports(self):
        s = self.study
        counts = {"lung_nodule": 0, "ground_glass_opacity": 0, "pleural_effusion": 0, "liver_cyst": 0}
        ids = set(int(i) for i in np.unique(s.labels)) - {0}
        self.assertEqual(ids, {f["id"] for f in s.findings})
        voxel_mm3 = s.geometry.pixel_spacing ** 2 * s.geometry.thickness
        for f in s.findings:
            counts[f["class"]] += 1
            self.assertEqual(CLASS_NAMES[f["class_index"]], f["class"])
            mask = s.labels == f["id"]
            self.assertEqual(int(mask.sum()), f["voxel_count"])
            self.assertAlmostEqual(f["volume_mm3"], f["voxel_count"] * voxel_mm3, delta=0.06)
            kk = np.nonzero(mask.any((1, 2)))[0]
            self.assertEqual([int(kk.min()), int(kk.max())], f["slice_range"])
            centre = np.argwhere(mask).mean(0)
            np.testing.assert_allclose(centre, f["center_voxel"], atol=0.01)
        self.assertEqual(counts["lung_nodule"], 3)
        self.assertEqual(counts["liver_cyst"], 2)

    def test_findings_lie_in_their_host_organ_and_have_their_density(self):
        s = self.study
        for f in s.findings:
            mask = s.labels == f["id"]
            host = {"lung_nodule": LUNG, "ground_glass_opacity": LUNG, "liver_cyst": LIVER}.get(f["class"])
            if host is not None:
                self.assertGreater(float((s.anatomy[mask] == host).mean()), 0.5, f)
            if f["voxel_count"] >= 200:  # edges blur into the host: judge the bigger ones
                self.assertLess(abs(float(np.median(s.hu[mask])) - f["hu"]), 60, f)

    def test_a_seed_always_gives_the_same_study(self):
        again = generate_study(31, slices=40, size=256, counts={"nodule": 3, "ggo": 1, "cyst": 2, "effusion": 1})
        np.testing.assert_array_equal(again.stored, self.study.stored)
        np.testing.assert_array_equal(again.labels, self.study.labels)

    def test_written_series_reads_back_as_the_same_hu_and_geometry(self):
        s = self.study
        with tempfile.TemporaryDirectory() as tmp:
            write_study(s, tmp)
            files = sorted(f for f in os.listdir(tmp) if f.endswith(".dcm"))
            self.assertEqual(len(files), 40)
            first = pydicom.dcmread(os.path.join(tmp, files[0]))
            second = pydicom.dcmread(os.path.join(tmp, files[1]))
            self.assertEqual(first.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2")
            self.assertEqual(first.Modality, "CT")
            self.assertAlmostEqual(float(first.PixelSpacing[0]), s.geometry.pixel_spacing, places=4)
            self.assertAlmostEqual(float(first.SliceThickness), s.geometry.thickness, places=4)
            step = float(second.ImagePositionPatient[2]) - float(first.ImagePositionPatient[2])
            self.assertAlmostEqual(step, -s.geometry.thickness, places=3)
            hu = first.pixel_array.astype(np.int32) * int(first.RescaleSlope) + int(first.RescaleIntercept)
            np.testing.assert_array_equal(hu, s.hu[0])
            with open(os.path.join(tmp, "findings.json")) as f:
                self.assertEqual(len(json.load(f)["findings"]), len(s.findings))
            labels = np.load(os.path.join(tmp, "labels.npz"))
            np.testing.assert_array_equal(labels["instances"], s.labels)


if __name__ == "__main__":
    unittest.main()
