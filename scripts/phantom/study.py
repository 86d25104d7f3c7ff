"""One synthetic chest CT study: geometry, anatomy, findings, scanner effects."""
from dataclasses import dataclass

import numpy as np

from .anatomy import plan_body, render_anatomy
from .findings import CLASS_NAMES, paint_findings
from .geometry import ScanGeometry
from .imaging import add_noise, blur_in_plane, to_hu, to_stored

THICKNESSES = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0)


@dataclass
class PhantomStudy:
    seed: int
    geometry: ScanGeometry
    stored: np.ndarray     # uint16 [N,H,W], the DICOM stored values
    labels: np.ndarray     # uint16 [N,H,W], finding instance ids (0 = none)
    anatomy: np.ndarray    # uint8 [N,H,W], tissue codes (anatomy.ANATOMY_NAMES)
    findings: list
    noise_hu: float

    @property
    def hu(self):
        """int16 HU volume exactly as a reader applying the modality LUT gets it."""
        return to_hu(self.stored)


def generate_study(seed: int, slices: int = 120, size: int = 512, thickness: float = None,
                   pixel_spacing: float = None, noise_hu: float = None, counts: dict = None) -> PhantomStudy:
    """Pixel spacing defaults to U(0.6, 0.9) mm at 512 columns and is scaled by 512/size for smaller
    images, so the field of view always holds a whole chest (307-461 mm)."""
    rng = np.random.default_rng(seed)
    if pixel_spacing is None:
        pixel_spacing = round(float(rng.uniform(0.6, 0.9)) * 512.0 / size, 4)
    if thickness is None:
        thickness = float(rng.choice(THICKNESSES))
    if noise_hu is None:
        noise_hu = float(rng.uniform(6.0, 25.0))
    geometry = ScanGeometry(size=size, pixel_spacing=pixel_spacing, thickness=thickness, slices=slices,
                            z_top=round(float(rng.uniform(-40.0, 40.0)), 2) + 0.0)
    plan = plan_body(rng, geometry)
    hu, anatomy = render_anatomy(geometry, plan)
    labels, findings = paint_findings(rng, geometry, plan, hu, anatomy, counts)
    blur_in_plane(hu, 0.45 / pixel_spacing)
    add_noise(rng, hu, noise_hu)
    return PhantomStudy(seed, geometry, to_stored(hu), labels, anatomy, findings, noise_hu)


__all__ = ["PhantomStudy", "generate_study", "CLASS_NAMES"]
