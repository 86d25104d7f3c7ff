"""Writes a phantom volume as a CT Image Storage series (PS3.3 A.3), Explicit VR Little Endian."""
import datetime
import hashlib
import os

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence  # noqa: F401  (kept for callers adding sequences)
from pydicom.uid import ExplicitVRLittleEndian

from .geometry import ScanGeometry
from .imaging import RESCALE_INTERCEPT

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
IMPLEMENTATION_CLASS_UID = "2.25.187395203617612841593302893154932873907"
IMPLEMENTATION_VERSION = "DAN_PHANTOM_1"


def derived_uid(*parts) -> str:
    """A UID under the 2.25 root (PS3.5 B.2) derived from a hash, so a seed always gives the same UIDs."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return "2.25." + str(int(digest[:32], 16))


def _ds(value: float) -> str:
    """Decimal String of at most 16 characters."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if len(text) <= 16 else f"{value:.8g}"


def write_series(folder: str, stored, geometry: ScanGeometry, seed: int, uid_salt: str = "",
                 when: datetime.datetime = None):
    """Writes one file per slice (IM00001.dcm ...); returns the dict of study/series identifiers."""
    os.makedirs(folder, exist_ok=True)
    when = when or datetime.datetime(2024, 1, 1, 8, 0, 0) + datetime.timedelta(minutes=seed % 100000)
    key = f"dicomainode-phantom|{seed}|{uid_salt}"
    ids = {
        "StudyInstanceUID": derived_uid(key, "study"),
        "SeriesInstanceUID": derived_uid(key, "series"),
        "FrameOfReferenceUID": derived_uid(key, "for"),
        "PatientID": f"PHANTOM{seed:06d}",
        "PatientName": f"Phantom^Seed{seed}",
        "AccessionNumber": f"PH{seed % 10 ** 10:010d}"[:16],
    }
    date, time = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    sex = "F" if seed % 2 else "M"
    age = 40 + seed % 45
    for k in range(geometry.slices):
        sop_uid = derived_uid(key, "instance", k)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
        meta.MediaStorageSOPInstanceUID = sop_uid
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
        meta.ImplementationVersionName = IMPLEMENTATION_VERSION
        ds = Dataset()
        ds.file_meta = meta
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.SOPClassUID = CT_IMAGE_STORAGE
        ds.SOPInstanceUID = sop_uid
        ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = date
        ds.StudyTime = ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = time
        ds.AccessionNumber = ids["AccessionNumber"]
        ds.Modality = "CT"
        ds.Manufacturer = "DicomAiNode"
        ds.InstitutionName = "DicomAiNode Phantom Lab"
        ds.ReferringPhysicianName = ""
        ds.StationName = "PHANTOM"
        ds.StudyDescription = "CT CHEST"
        ds.SeriesDescription = "CT CHEST"
        ds.ManufacturerModelName = "Synthetic chest phantom"
        ds.PatientName = ids["PatientName"]
        ds.PatientID = ids["PatientID"]
        ds.PatientBirthDate = f"{int(date[:4]) - age}0101"
        ds.PatientSex = sex
        ds.PatientAge = f"{age:03d}Y"
        ds.BodyPartExamined = "CHEST"
        ds.SliceThickness = _ds(geometry.thickness)
        ds.KVP = "120"
        ds.DeviceSerialNumber = "0"
        ds.SoftwareVersions = IMPLEMENTATION_VERSION
        ds.ProtocolName = "Chest routine"
        ds.ConvolutionKernel = "STANDARD"
        ds.PatientPosition = "HFS"
        ds.StudyInstanceUID = ids["StudyInstanceUID"]
        ds.SeriesInstanceUID = ids["SeriesInstanceUID"]
        ds.StudyID = str(seed % 10 ** 8)
        ds.SeriesNumber = 2
        ds.AcquisitionNumber = 1
        ds.InstanceNumber = k + 1
        x0, y0, z = geometry.x0, geometry.y0, float(geometry.z(k))
        ds.ImagePositionPatient = [_ds(x0), _ds(y0), _ds(z)]
        ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
        ds.FrameOfReferenceUID = ids["FrameOfReferenceUID"]
        ds.PositionReferenceIndicator = ""
        ds.SliceLocation = _ds(z)
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = ds.Columns = geometry.size
        ds.PixelSpacing = [_ds(geometry.pixel_spacing), _ds(geometry.pixel_spacing)]
        ds.BitsAllocated = 16
        ds.BitsStored = 12
        ds.HighBit = 11
        ds.PixelRepresentation = 0
        ds.WindowCenter = ["40", "-600"]
        ds.WindowWidth = ["400", "1500"]
        ds.WindowCenterWidthExplanation = ["MEDIASTINUM", "LUNG"]
        ds.RescaleIntercept = _ds(RESCALE_INTERCEPT)
        ds.RescaleSlope = "1"
        ds.RescaleType = "HU"
        ds.PixelData = np.ascontiguousarray(stored[k], dtype="<u2").tobytes()
        ds["PixelData"].VR = "OW"
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        pydicom.dcmwrite(os.path.join(folder, f"IM{k + 1:05d}.dcm"), ds, write_like_original=False)
    return ids
