"""Model input from HU slices, following the Ultralytics contract (models/README.md):
three DICOM windows as the R, G, B channels scaled to 0..1 (what /255 of an 8-bit windowed image gives, without
the 8-bit rounding), letterboxed to the model size with bilinear resize and padding 114/255."""
import numpy as np
import torch
import torch.nn.functional as F

# (name, centre, width) -> channels 0, 1, 2 (R, G, B); the same windows as config/rules.json.
WINDOWS = (("lung", -600.0, 1500.0), ("mediastinum", 50.0, 350.0), ("bone", 400.0, 1800.0))
PAD_VALUE = 114.0 / 255.0


def window(hu, center, width):
    """PS3.3 C.11.2.1.2.1 linear VOI LUT, output range 0..1."""
    lo = center - 0.5 - (width - 1.0) / 2.0
    return np.clip((hu - (center - 0.5)) / (width - 1.0) + 0.5, 0.0, 1.0) if width > 1 else (hu > lo).astype(np.float32)


def windowed_channels(hu, windows=WINDOWS):
    """hu [..., H, W] -> float32 [..., 3, H, W]."""
    hu = np.asarray(hu, dtype=np.float32)
    return np.stack([window(hu, c, w).astype(np.float32) for _, c, w in windows], axis=-3)


def letterbox_params(h0, w0, imgsz):
    """Ultralytics LetterBox (auto=False, scaleup=True, center=True): ratio, new size, top/left padding."""
    r = min(imgsz / h0, imgsz / w0)
    new_w, new_h = int(round(w0 * r)), int(round(h0 * r))
    dw, dh = (imgsz - new_w) / 2.0, (imgsz - new_h) / 2.0
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    return r, (new_h, new_w), (top, bottom, left, right)


def letterbox(images, imgsz):
    """images float32 tensor [B, C, h0, w0] (0..1) -> [B, C, imgsz, imgsz]; bilinear as OpenCV INTER_LINEAR
    (half-pixel centres, no antialias)."""
    h0, w0 = images.shape[-2:]
    _, (new_h, new_w), (top, bottom, left, right) = letterbox_params(h0, w0, imgsz)
    if (new_h, new_w) != (h0, w0):
        images = F.interpolate(images, size=(new_h, new_w), mode="bilinear", align_corners=False)
    if top or bottom or left or right:
        images = F.pad(images, (left, right, top, bottom), value=PAD_VALUE)
    return images


def letterbox_mask(mask, imgsz):
    """Binary masks [N, h0, w0] -> [N, imgsz, imgsz] by the same geometry (bilinear, >= 0.5)."""
    m = torch.as_tensor(mask, dtype=torch.float32).unsqueeze(1)
    h0, w0 = m.shape[-2:]
    _, (new_h, new_w), (top, bottom, left, right) = letterbox_params(h0, w0, imgsz)
    if (new_h, new_w) != (h0, w0):
        m = F.interpolate(m, size=(new_h, new_w), mode="bilinear", align_corners=False)
    m = F.pad(m, (left, right, top, bottom), value=0.0)
    return (m[:, 0] >= 0.5)
