#!/usr/bin/python3
"""Scores what `dicom-ai-node infer` wrote against the phantoms' ground truth.

Usage: scripts/phantom/score_infer.py PHANTOM_DIR INFER_OUT_DIR
For every ground-truth finding (findings.json + labels.npz beside each generated study) prints the best Dice with any
segment of the SEG that infer wrote for that series; frames are mapped to slices through their Derivation Image
reference (SOP Instance UID -> InstanceNumber - 1 = the label volume's k). Debian python3-numpy and python3-pydicom.
"""
import glob
import json
import os
import sys

import numpy as np
import pydicom


def main(phantoms, out):
    summary = json.load(open(os.path.join(out, 'summary.json')))
    studies = {}
    for path in glob.glob(os.path.join(phantoms, '**', '*.dcm'), recursive=True):
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        study = studies.setdefault(ds.SeriesInstanceUID, {'dir': os.path.dirname(path), 'k': {}})
        study['k'][ds.SOPInstanceUID] = int(ds.InstanceNumber) - 1
    for series in summary['series']:
        study = studies.get(series['seriesInstanceUid'])
        if study is None:
            continue
        labels = np.load(os.path.join(study['dir'], 'labels.npz'))['instances']
        truth = json.load(open(os.path.join(study['dir'], 'findings.json')))['findings']
        segments = {}
        if series['segmentation']:
            seg = pydicom.dcmread(series['segmentation'])
            frames = seg.pixel_array.reshape(-1, seg.Rows, seg.Columns)
            for i, groups in enumerate(seg.PerFrameFunctionalGroupsSequence):
                number = groups.SegmentIdentificationSequence[0].ReferencedSegmentNumber
                uid = groups.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
                segments.setdefault(number, np.zeros(labels.shape, bool))[study['k'][uid]] |= frames[i] > 0
        name = os.path.basename(study['dir'])
        print(f"{name}: rule {series['rule']}, {len(segments)} segment(s)")
        for finding in truth:
            mask = labels == finding['id']
            best = max([2 * (mask & s).sum() / (mask.sum() + s.sum()) for s in segments.values()] or [0.0])
            print(f"  {finding['class']:22s} {finding['diameter_mm']:6.1f} mm  best Dice {best:.2f}")


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
