"""Scan geometry of a phantom study: pixel grid, slice positions, patient coordinates (DICOM LPS)."""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ScanGeometry:
    """An axial CT series with ImageOrientationPatient 1\\0\\0\\0\\1\\0.

    Columns run along +x (patient left), rows along +y (posterior), slices go from superior (index 0)
    to inferior in steps of `thickness` (spacing between slices = slice thickness, no gap)."""

    size: int            # rows = columns
    pixel_spacing: float  # mm, square pixels
    thickness: float     # mm, also the spacing between slice centres
    slices: int
    z_top: float         # z (mm) of the centre of slice 0

    @property
    def x0(self) -> float:
        """x (mm) of the centre of column 0; the FOV is centred on the isocentre."""
        return -(self.size - 1) / 2.0 * self.pixel_spacing

    @property
    def y0(self) -> float:
        return -(self.size - 1) / 2.0 * self.pixel_spacing

    def z(self, k):
        return self.z_top - np.asarray(k, dtype=np.float64) * self.thickness

    def u(self, k):
        """Normalised cranio-caudal position of slice k in [0, 1] (0 = lung apex end of the scan)."""
        return (np.asarray(k, dtype=np.float64) + 0.5) / self.slices

    def k_of_u(self, u: float) -> float:
        return u * self.slices - 0.5

    def z_of_u(self, u: float) -> float:
        return float(self.z(self.k_of_u(u)))

    def col(self, x):
        return (np.asarray(x) - self.x0) / self.pixel_spacing

    def row(self, y):
        return (np.asarray(y) - self.y0) / self.pixel_spacing

    def k_of_z(self, z):
        return (self.z_top - np.asarray(z)) / self.thickness

    def patient_of_voxel(self, k, r, c):
        """Patient coordinates (x, y, z) in mm of voxel (slice k, row r, column c)."""
        return (self.x0 + c * self.pixel_spacing, self.y0 + r * self.pixel_spacing, float(self.z(k)))

    def plane_grid(self):
        """(X, Y) in mm, float32 arrays of shape (size, size)."""
        coords = (np.arange(self.size, dtype=np.float32) - (self.size - 1) / 2.0) * np.float32(self.pixel_spacing)
        return np.meshgrid(coords, coords)  # X varies along columns, Y along rows
