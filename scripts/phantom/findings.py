"""Pulmonary vessels and findings (nodules, ground-glass opacities, pleural effusions, liver cysts).

Objects are rendered in their bounding boxes only, so a 300-slice 512x512 study stays fast.
Every finding gets an instance id (1, 2, ...) in the label volume; voxels belong to the finding when
their centre lies inside it (no partial-volume labels), while the HU image gets soft edges."""
import math

import numpy as np

from .anatomy import LIVER, LUNG, BodyPlan
from .geometry import ScanGeometry

CLASS_NAMES = ["lung_nodule", "ground_glass_opacity", "pleural_effusion", "liver_cyst"]
NODULE, GGO, EFFUSION, CYST = range(4)


class FindingPainter:
    def __init__(self, rng: np.random.Generator, geometry: ScanGeometry, plan: BodyPlan, hu, tissue):
        self.rng, self.g, self.plan, self.hu, self.tissue = rng, geometry, plan, hu, tissue
        self.labels = np.zeros(hu.shape, dtype=np.uint16)
        self.findings = []

    # ---------------------------------------------------------------- boxes
    def _box(self, center, half):
        g = self.g
        c0 = max(int(math.floor(g.col(center[0] - half[0]))), 0)
        c1 = min(int(math.ceil(g.col(center[0] + half[0]))) + 1, g.size)
        r0 = max(int(math.floor(g.row(center[1] - half[1]))), 0)
        r1 = min(int(math.ceil(g.row(center[1] + half[1]))) + 1, g.size)
        k0 = max(int(math.floor(g.k_of_z(center[2] + half[2]))), 0)
        k1 = min(int(math.ceil(g.k_of_z(center[2] - half[2]))) + 1, g.slices)
        if c0 >= c1 or r0 >= r1 or k0 >= k1:
            return None
        xs = (g.x0 + np.arange(c0, c1) * g.pixel_spacing).astype(np.float32)[None, None, :]
        ys = (g.y0 + np.arange(r0, r1) * g.pixel_spacing).astype(np.float32)[None, :, None]
        zs = g.z(np.arange(k0, k1)).astype(np.float32)[:, None, None]
        return (slice(k0, k1), slice(r0, r1), slice(c0, c1)), xs, ys, zs

    def _random_point_in(self, code, tries=400):
        """A random voxel centre of tissue `code` that carries no finding yet (rejection sampling)."""
        g, rng = self.g, self.rng
        for _ in range(tries):
            k, r, c = rng.integers(0, g.slices), rng.integers(0, g.size), rng.integers(0, g.size)
            if self.tissue[k, r, c] == code and self.labels[k, r, c] == 0:
                return np.array(g.patient_of_voxel(k, r, c))
        return None

    # ---------------------------------------------------------------- vessels
    def paint_vessels(self):
        """Two pulmonary vessel trees from the hila, 5 generations, tapering radius; kept oblique
        (|dz| <= 0.6) so that an axial slice cuts them into lines and ellipses, not nodule-like dots."""
        pl, rng = self.plan, self.rng
        z_hilum = self.g.z_of_u(0.45)
        for side in (-1.0, 1.0):
            start = np.array([pl.xc + side * 0.22 * pl.ai, pl.yc - 0.02 * pl.bi, z_hilum])
            for dz in (0.55, 0.0, -0.55):  # upper, middle and lower lobe trees
                self._branch(start, np.array([side, 0.0, dz]), 3.5, 38.0, 0, side)

    def _branch(self, p0, direction, radius, length, depth, side):
        if depth >= 5:
            return
        rng = self.rng
        d = direction + rng.normal(0.0, 0.55, 3)
        d[0] = abs(d[0]) * side if depth == 0 else d[0]
        d[2] = np.clip(d[2], -0.6, 0.6)
        d /= np.linalg.norm(d)
        if abs(d[2]) > 0.6:
            d[2] = math.copysign(0.6, d[2])
            xy = d[:2] / np.linalg.norm(d[:2]) * 0.8
            d = np.array([xy[0], xy[1], d[2]])
        seg_len = length * rng.uniform(0.8, 1.2)
        p1 = p0 + d * seg_len
        self._paint_segment(p0, p1, radius)
        for _ in range(2):
            self._branch(p1, d, radius * 0.72, length * 0.82, depth + 1, side)

    def _paint_segment(self, p0, p1, radius):
        lo, hi = np.minimum(p0, p1) - radius - 1.0, np.maximum(p0, p1) + radius + 1.0
        box = self._box((lo + hi) / 2.0, (hi - lo) / 2.0)
        if box is None:
            return
        sl, xs, ys, zs = box
        seg = (p1 - p0).astype(np.float32)
        ll = float(seg @ seg)
        t = ((xs - p0[0]) * seg[0] + (ys - p0[1]) * seg[1] + (zs - p0[2]) * seg[2]) / ll
        t = np.clip(t, 0.0, 1.0)
        dist = np.sqrt((xs - p0[0] - t * seg[0]) ** 2 + (ys - p0[1] - t * seg[1]) ** 2 + (zs - p0[2] - t * seg[2]) ** 2)
        frac = np.clip((radius - dist) / self.g.pixel_spacing + 0.5, 0.0, 1.0)
        inside = (self.tissue[sl] == LUNG) & (self.labels[sl] == 0)
        h = self.hu[sl]
        h += np.where(inside, (40.0 - h) * frac, 0.0).astype(np.float32)

    # ---------------------------------------------------------------- findings
    def _record(self, cls, mask_box, sl, nominal_diameter, axes, hu_value, extra=None):
        fid = len(self.findings) + 1
        self.labels[sl][mask_box] = fid
        kk, rr, cc = np.nonzero(mask_box)
        kk, rr, cc = kk + sl[0].start, rr + sl[1].start, cc + sl[2].start
        g = self.g
        voxel_mm3 = g.pixel_spacing ** 2 * g.thickness
        count = int(kk.size)
        cx, cy, cz = g.patient_of_voxel(kk.mean(), rr.mean(), cc.mean())
        item = {
            "id": fid, "class": CLASS_NAMES[cls], "class_index": cls,
            "center_mm": [round(cx, 2), round(cy, 2), round(cz, 2)],
            "center_voxel": [round(float(kk.mean()), 2), round(float(rr.mean()), 2), round(float(cc.mean()), 2)],
            "diameter_mm": round(float(nominal_diameter), 2),
            "axes_mm": [round(float(a), 2) for a in axes],
            "equivalent_diameter_mm": round((6.0 * count * voxel_mm3 / math.pi) ** (1.0 / 3.0), 2),
            "voxel_count": count, "volume_mm3": round(count * voxel_mm3, 1),
            "slice_range": [int(kk.min()), int(kk.max())], "hu": round(float(hu_value), 1),
        }
        if extra:
            item.update(extra)
        self.findings.append(item)

    def _ellipsoid(self, cls, center, semi, host, min_inside, hu_value, edge_mm, lobulation, texture):
        box = self._box(center, semi)
        if box is None:
            return False
        sl, xs, ys, zs = box
        theta = np.arctan2(ys - center[1], xs - center[0])
        dn = np.sqrt(((xs - center[0]) / semi[0]) ** 2 + ((ys - center[1]) / semi[1]) ** 2
                     + ((zs - center[2]) / semi[2]) ** 2)
        if lobulation > 0:
            ph = self.rng.uniform(0, 2 * np.pi, 2)
            dn = dn * (1.0 + lobulation * (np.sin(3.0 * theta + ph[0]) + 0.5 * np.sin(5.0 * theta + ph[1])))
        inside = dn <= 1.0
        n_inside = int(inside.sum())
        if n_inside == 0:
            return False
        allowed = (self.tissue[sl] == host) & (self.labels[sl] == 0)
        mask = inside & allowed
        if mask.sum() < min_inside * n_inside:
            return False
        r_mean = float(np.mean(semi))
        frac = np.clip((1.0 - dn) * r_mean / edge_mm + 0.5, 0.0, 1.0)
        target = np.float32(hu_value)
        if texture > 0:
            target = target + self.rng.normal(0.0, texture, frac.shape).astype(np.float32)
        h = self.hu[sl]
        h += np.where(allowed, (target - h) * frac, 0.0).astype(np.float32)
        self._record(cls, mask, sl, 2.0 * r_mean, [2.0 * s for s in semi], hu_value)
        return True

    def _place(self, cls, host, diameter, aspect, min_inside, hu_value, edge_mm, lobulation, texture, tries=30):
        for _ in range(tries):
            center = self._random_point_in(host)
            if center is None:
                return False
            semi = diameter / 2.0 * self.rng.uniform(1.0 - aspect, 1.0 + aspect, 3)
            semi *= (diameter / 2.0) / semi.mean()
            if self._ellipsoid(cls, center, semi, host, min_inside, hu_value, edge_mm, lobulation, texture):
                return True
        return False

    def add_nodule(self, diameter):
        return self._place(NODULE, LUNG, diameter, 0.15, 0.6, self.rng.uniform(10.0, 60.0),
                           0.5 * self.g.pixel_spacing, 0.06 if diameter > 8 else 0.0, 0.0)

    def add_ggo(self, diameter):
        return self._place(GGO, LUNG, diameter, 0.25, 0.7, self.rng.uniform(-680.0, -520.0), 2.0,
                           0.12, 35.0)

    def add_cyst(self, diameter):
        return self._place(CYST, LIVER, diameter, 0.08, 0.85, self.rng.uniform(0.0, 10.0),
                           0.4 * self.g.pixel_spacing, 0.0, 0.0)

    def add_effusion(self, side, depth_mm):
        """Dependent pleural fluid: lung voxels within depth(u) of the most posterior lung voxel of
        their column, growing towards the lung base."""
        g, pl = self.g, self.plan
        u_base = pl.u_base_right if side < 0 else pl.u_base_left
        u_start, u_end = self.rng.uniform(0.42, 0.62), u_base + 0.08
        k0, k1 = max(int(math.ceil(g.k_of_u(u_start))), 0), min(int(math.floor(g.k_of_u(u_end))) + 1, g.slices)
        if k1 <= k0:
            return False
        cols_x = g.x0 + np.arange(g.size) * g.pixel_spacing
        side_cols = (cols_x - pl.xc) * side > 0
        lung = (self.tissue[k0:k1] == LUNG) & (self.labels[k0:k1] == 0) & side_cols[None, None, :]
        rows = np.arange(g.size)[None, :, None]
        any_lung = lung.any(axis=1)
        last = g.size - 1 - np.argmax(lung[:, ::-1, :], axis=1)  # most posterior lung row per column
        u = g.u(np.arange(k0, k1))
        depth = depth_mm * np.sqrt(np.clip((u - u_start) / (u_end - u_start), 0.0, 1.0))
        depth_px = (depth / g.pixel_spacing)[:, None]
        fluid = lung & any_lung[:, None, :] & (rows > (last - depth_px)[:, None, :])
        if fluid.sum() < 20:
            return False
        value = self.rng.uniform(0.0, 20.0)
        h = self.hu[k0:k1]
        h[fluid] = value
        sl = (slice(k0, k1), slice(0, g.size), slice(0, g.size))
        count = int(fluid.sum())
        eq = (6.0 * count * g.pixel_spacing ** 2 * g.thickness / math.pi) ** (1.0 / 3.0)
        self._record(EFFUSION, fluid, sl, eq, [depth_mm], value,
                     {"side": "right" if side < 0 else "left", "max_depth_mm": round(float(depth_mm), 1)})
        return True


def paint_findings(rng, geometry, plan, hu, tissue, counts=None):
    """Paints vessels and a random set of findings; returns (labels uint16, findings list)."""
    painter = FindingPainter(rng, geometry, plan, hu, tissue)
    if counts is None:
        counts = {"effusion": int(rng.choice([0, 0, 1, 1, 2], p=[0.3, 0.25, 0.2, 0.15, 0.1])),
                  "nodule": int(rng.integers(0, 5)), "ggo": int(rng.integers(0, 3)), "cyst": int(rng.integers(0, 3))}
    sides = rng.permutation([-1.0, 1.0])
    for i in range(min(counts.get("effusion", 0), 2)):
        painter.add_effusion(sides[i], rng.uniform(10.0, 55.0))
    painter.paint_vessels()
    for _ in range(counts.get("nodule", 0)):
        painter.add_nodule(float(np.exp(rng.uniform(np.log(3.0), np.log(30.0)))))
    for _ in range(counts.get("ggo", 0)):
        painter.add_ggo(rng.uniform(8.0, 40.0))
    for _ in range(counts.get("cyst", 0)):
        painter.add_cyst(rng.uniform(5.0, 40.0))
    if not painter.findings:  # every study carries at least one finding
        painter.add_nodule(rng.uniform(6.0, 20.0))
    return painter.labels, painter.findings
