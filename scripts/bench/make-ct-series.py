#!/usr/bin/python3
"""Writes the synthetic CT series of docs/benchmarks.md ("C-STORE"): N slices of 512x512 16-bit CT, Explicit VR LE,
one patient/study/series, water cylinder + bone ring + lesion, Gaussian noise (seeded, so not trivially compressible).
Usage: make-ct-series.py OUTDIR [N=300]"""
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261125)
root = "1.2.826.0.1.3680043.10.1442.9."
study, series, frame = (generate_uid(prefix=root) for _ in range(3))
yy, xx = np.mgrid[0:512, 0:512]
r = np.hypot(xx - 256, yy - 256)
for i in range(count):
    hu = np.full((512, 512), -1000.0)
    hu[r < 200] = 0.0
    hu[(r >= 180) & (r < 200)] = 700.0
    lesion = 20 + 15 * np.sin(np.pi * i / max(count - 1, 1))
    hu[np.hypot(xx - 300, yy - 220) < lesion] = 60.0
    hu += rng.normal(0, 10, hu.shape)
    pixels = np.clip(hu + 1024, -32768, 32767).astype(np.int16)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid(prefix=root)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "Test^Synthetic", "SYN0001", "19700101", "O"
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.ReferringPhysicianName, ds.StudyID = "20260101", "120000", "", "", "1"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber, ds.Manufacturer = "CT", 1, i + 1, "DicomAiNode"
    ds.PositionReferenceIndicator, ds.ImageType = "", ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.ImagePositionPatient = [-250, -250, -150 + i]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.SliceLocation, ds.SliceThickness, ds.PixelSpacing = -150 + i, 1.0, [0.9765625, 0.9765625]
    ds.KVP, ds.AcquisitionNumber = 120, 1
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows = ds.Columns = 512
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
    ds.WindowCenter, ds.WindowWidth = 40, 400
    ds.PixelData = pixels.tobytes()
    ds["PixelData"].VR = "OW"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(out, f"ct{i + 1:04d}.dcm"), write_like_original=False)
print(f"{count} files in {out}")
