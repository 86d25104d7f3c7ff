#!/usr/bin/python3
"""Writes a synthetic CT series (default 300 slices of 512x512 16-bit, explicit VR little endian) for parsing benchmarks.

Usage: make-ct-series-real-header.py OUTDIR [COUNT]

The header is pydicom's CT_small.dcm (a real GE CT header with private tags and a sequence) with new UIDs, slice
positions and a 512x512 pixel matrix, so that each file has the size and element count of a clinical CT slice.
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    os.makedirs(out, exist_ok=True)
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    study, series = generate_uid(), generate_uid()
    rng = np.random.default_rng(42)
    for i in range(count):
        ds = template.copy()
        ds.StudyInstanceUID = study
        ds.SeriesInstanceUID = series
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.InstanceNumber = i + 1
        ds.ImagePositionPatient = [-250.0, -250.0, -300.0 + i * 1.25]
        ds.SliceLocation = -300.0 + i * 1.25
        ds.Rows = 512
        ds.Columns = 512
        ds.PixelData = rng.integers(0, 2000, size=(512, 512), dtype=np.uint16).tobytes()
        ds.save_as(os.path.join(out, "ct%04d.dcm" % (i + 1)), write_like_original=False)


if __name__ == "__main__":
    main()
