#!/usr/bin/python3
"""Generates one phantom CT study with the project's generator and writes it as raw arrays for the Vision tests,
which know no DICOM: the generator's own files are left untouched; this wrapper reads its DICOM series with
pydicom (modality LUT to HU) and its ground truth, and writes

  OUT/volume.f32   HU, float32 little-endian [slices, rows, columns], slice 0 = InstanceNumber 1
  OUT/labels.u16   ground-truth finding id per voxel, uint16 little-endian, same shape (0 = none)
  OUT/meta.json    rows, columns, slices, pixel spacing, thickness, slice locations, and findings.json's findings

Usage: phantom_volume.py --repo REPO --out OUT [--seed S] [--slices N] [--size PX] [--thickness MM] [--noise HU]
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import numpy as np
import pydicom


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--repo', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=4242)
    ap.add_argument('--slices', type=int, default=40)
    ap.add_argument('--size', type=int, default=256)
    ap.add_argument('--thickness', type=float, default=None)
    ap.add_argument('--noise', type=float, default=None)
    a = ap.parse_args()
    work = os.path.join(a.out, 'dicom')
    cmd = [sys.executable, os.path.join(a.repo, 'scripts', 'phantom', 'generate_phantom.py'), '--out', work,
           '--seed', str(a.seed), '--slices', str(a.slices), '--size', str(a.size)]
    if a.thickness is not None:
        cmd += ['--thickness', str(a.thickness)]
    if a.noise is not None:
        cmd += ['--noise', str(a.noise)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    study = os.path.join(work, f'phantom-{a.seed}')
    files = sorted(glob.glob(os.path.join(study, '*.dcm')))
    datasets = sorted((pydicom.dcmread(f) for f in files), key=lambda d: int(d.InstanceNumber))
    hu = np.stack([d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in datasets])
    labels = np.load(os.path.join(study, 'labels.npz'))['instances'].astype('<u2')
    assert labels.shape == hu.shape, (labels.shape, hu.shape)
    hu.astype('<f4').tofile(os.path.join(a.out, 'volume.f32'))
    labels.tofile(os.path.join(a.out, 'labels.u16'))
    with open(os.path.join(study, 'findings.json')) as f:
        findings = json.load(f)
    d0 = datasets[0]
    meta = {
        'rows': int(d0.Rows), 'columns': int(d0.Columns), 'slices': len(datasets),
        'row_spacing': float(d0.PixelSpacing[0]), 'column_spacing': float(d0.PixelSpacing[1]),
        'thickness': float(d0.SliceThickness),
        'locations': [float(d.ImagePositionPatient[2]) for d in datasets],
        'findings': findings.get('findings', findings) if isinstance(findings, dict) else findings,
    }
    with open(os.path.join(a.out, 'meta.json'), 'w') as f:
        json.dump(meta, f)


if __name__ == '__main__':
    main()
