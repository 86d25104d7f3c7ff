"""Chest anatomy of a phantom, rendered slice by slice in HU.

Organs are placed relative to the body outline and to a normalised cranio-caudal position u in [0, 1]
(0 = lung apexes, 1 = upper abdomen), so every scan covers the whole chest whatever its length.
In-plane sizes are in mm. Values are typical unenhanced CT densities."""
from dataclasses import dataclass

import numpy as np

from .geometry import ScanGeometry

# Tissue codes of the anatomy label volume (labels.npz "anatomy").
OUTSIDE, SOFT_TISSUE, FAT, LUNG, HEART_VESSELS, LIVER, BONE, AIRWAY, SPLEEN, STOMACH = range(10)
ANATOMY_NAMES = ["outside", "soft_tissue", "fat", "lung", "heart_vessels", "liver", "bone", "airway",
                 "spleen", "stomach"]

HU_AIR, HU_FAT, HU_MUSCLE, HU_BLOOD = -1000.0, -100.0, 45.0, 40.0
HU_LIVER, HU_SPLEEN, HU_CORTEX, HU_MARROW, HU_DISC = 60.0, 50.0, 700.0, 230.0, 90.0


@dataclass
class BodyPlan:
    a: float          # half width of the body (mm)
    b: float          # half depth (antero-posterior) of the body (mm)
    xc: float
    yc: float
    fat: float        # subcutaneous fat thickness (mm)
    p: float          # superellipse exponent of the outline
    u_apex: float
    u_base_right: float
    u_base_left: float
    u_heart: float
    rib_phase: float

    @property
    def ai(self) -> float:
        return self.a - self.fat

    @property
    def bi(self) -> float:
        return self.b - self.fat


def plan_body(rng: np.random.Generator, geometry: ScanGeometry) -> BodyPlan:
    fov = geometry.size * geometry.pixel_spacing
    a = min(rng.uniform(140.0, 185.0), fov / 2.0 - 12.0)
    b = a * rng.uniform(0.62, 0.74)
    u_base_right = rng.uniform(0.70, 0.78)
    return BodyPlan(a=a, b=b, xc=rng.uniform(-8.0, 8.0), yc=rng.uniform(-12.0, 6.0), fat=rng.uniform(7.0, 24.0),
                    p=rng.uniform(2.1, 2.5), u_apex=rng.uniform(0.0, 0.04), u_base_right=u_base_right,
                    u_base_left=u_base_right + rng.uniform(0.02, 0.06), u_heart=rng.uniform(0.55, 0.62),
                    rib_phase=rng.uniform(0.0, 28.0))


def _ellipse(dx, dy, cx, cy, ax, ay):
    return ((dx - cx) / ax) ** 2 + ((dy - cy) / ay) ** 2 <= 1.0


def _ellipsoid_section(u, uc, hu_half):
    """In-plane scale of an ellipsoid at height u (0 when the slice misses it)."""
    t = 1.0 - ((u - uc) / hu_half) ** 2
    return float(np.sqrt(t)) if t > 0 else 0.0


def render_anatomy(geometry: ScanGeometry, plan: BodyPlan):
    """Returns (hu float32 [N,H,W], anatomy uint8 [N,H,W])."""
    n, s = geometry.slices, geometry.size
    hu = np.full((n, s, s), HU_AIR, dtype=np.float32)
    tissue = np.zeros((n, s, s), dtype=np.uint8)
    X, Y = geometry.plane_grid()
    dx = X - np.float32(plan.xc)
    dy = Y - np.float32(plan.yc)
    adx, ady = np.abs(dx), np.abs(dy)
    phi = np.abs(np.arctan2(dx, dy))  # 0 towards the back, pi towards the front
    for k in range(n):
        u = float(geometry.u(k))
        z = float(geometry.z(k))
        _render_slice(hu[k], tissue[k], u, z, dx, dy, adx, ady, phi, plan)
    return hu, tissue


def _render_slice(h, t, u, z, dx, dy, adx, ady, phi, pl: BodyPlan):
    widen = 0.93 + 0.07 * min(1.0, u * 2.0)
    a, b = pl.a * widen, pl.b * widen
    ai, bi = a - pl.fat, b - pl.fat
    rho_out = (adx / a) ** pl.p + (ady / b) ** pl.p
    rho_in = ((adx / ai) ** pl.p + (ady / bi) ** pl.p) ** (1.0 / pl.p)
    body = rho_out <= 1.0
    inner = rho_in <= 1.0
    h[body] = HU_FAT
    t[body] = FAT
    h[inner] = HU_MUSCLE
    t[inner] = SOFT_TISSUE

    # Spine geometry (needed to carve the lungs).
    vb_y, vb_r = bi - 52.0, 16.0
    spine_zone = _ellipse(dx, dy, 0.0, vb_y + 10.0, vb_r + 14.0, vb_r + 26.0)

    # Heart with its pericardial fat.
    heart_scale = _ellipsoid_section(u, pl.u_heart, 0.15)
    hx, hy, hax, hay = 0.12 * ai, -0.14 * bi, 0.36 * ai * heart_scale, 0.42 * bi * heart_scale
    heart = _ellipse(dx, dy, hx, hy, hax, hay) if heart_scale > 0 else None
    heart_fat = _ellipse(dx, dy, hx, hy, hax + 4.0, hay + 4.0) if heart_scale > 0 else None

    # Abdominal organs under the domes.
    liver_top = pl.u_base_right - 0.07
    liver = _organ(dx, dy, u, -0.30 * ai, 0.02 * bi, liver_top, 0.55 * ai, 0.72 * bi, 0.32)
    spleen = _organ(dx, dy, u, 0.55 * ai, 0.38 * bi, pl.u_base_left - 0.04, 0.20 * ai, 0.28 * bi, 0.12)
    stomach = _organ(dx, dy, u, 0.30 * ai, -0.28 * bi, pl.u_base_left - 0.05, 0.28 * ai, 0.30 * bi, 0.14)

    # Lungs.
    growth = np.clip((u - pl.u_apex) / 0.30, 0.0, 1.0)
    if u > pl.u_apex:
        g = 0.30 + 0.70 * np.sqrt(growth)
        chest_cavity = rho_in <= 0.90
        mediastinum_half = 0.11 * ai
        for side, u_base in ((-1.0, pl.u_base_right), (1.0, pl.u_base_left)):
            if u > u_base + 0.08:
                continue
            lx = side * 0.47 * ai
            lung = _ellipse(dx, dy, lx, -0.02 * bi, 0.42 * ai * g, 0.80 * bi * g)
            lung &= chest_cavity & (dx * side > mediastinum_half) & ~spine_zone
            if heart is not None:
                lung &= ~_ellipse(dx, dy, hx, hy, hax + 7.0, hay + 7.0)
            for organ in (liver, spleen, stomach):
                if organ is not None:
                    lung &= ~organ[1]  # the dilated organ: a diaphragm between lung and organ
            if u > u_base:
                # below the dome only the posterior-lateral recess is left
                lung &= (dy > 0.1 * bi) & (dx * side > 0.45 * ai)
            gradient = -880.0 + 50.0 * (dy + bi) / (2.0 * bi)  # dependent lung is denser
            h[lung] = gradient[lung]
            t[lung] = LUNG

    if heart is not None:
        h[heart_fat & ~heart] = HU_FAT
        t[heart_fat & ~heart] = FAT
        h[heart] = HU_BLOOD + 5.0
        t[heart] = HEART_VESSELS

    # Great vessels and airways (circles: centre x, centre y, radius, u range, HU, tissue).
    circles = [
        (0.15 * ai, vb_y - vb_r - 6.0, 12.0, 0.20, 1.00, HU_BLOOD, HEART_VESSELS),   # descending aorta
        (0.02 * ai, -0.30 * bi, 15.0, 0.22, pl.u_heart - 0.08, HU_BLOOD, HEART_VESSELS),  # ascending aorta
        (0.12 * ai, -0.34 * bi, 13.0, 0.34, pl.u_heart - 0.12, HU_BLOOD, HEART_VESSELS),  # pulmonary trunk
        (-0.10 * ai, -0.22 * bi, 10.0, 0.12, pl.u_heart - 0.10, HU_BLOOD, HEART_VESSELS),  # superior vena cava
    ]
    for cx, cy, r, u0, u1, val, code in circles:
        if u0 <= u <= u1:
            m = _ellipse(dx, dy, cx, cy, r, r)
            h[m] = val
            t[m] = code
    if 0.18 <= u <= 0.23:  # aortic arch joins ascending and descending aorta
        m = _ellipse(dx, dy, 0.06 * ai, 0.5 * (-0.30 * bi + vb_y - vb_r - 6.0), 13.0,
                     0.5 * abs(vb_y - vb_r - 6.0 + 0.30 * bi) + 12.0)
        h[m] = HU_BLOOD
        t[m] = HEART_VESSELS
    if u <= 0.36:
        wall = _ellipse(dx, dy, 0.0, -0.08 * bi, 11.0, 10.0)
        lumen = _ellipse(dx, dy, 0.0, -0.08 * bi, 9.0, 8.0)
        h[wall] = HU_MUSCLE
        t[wall] = SOFT_TISSUE
        h[lumen] = HU_AIR
        t[lumen] = AIRWAY
    elif u <= 0.46:
        off = (u - 0.36) / 0.10 * 0.25 * ai
        for side in (-1.0, 1.0):
            lumen = _ellipse(dx, dy, side * off, -0.06 * bi, 6.0, 6.0)
            h[lumen] = HU_AIR
            t[lumen] = AIRWAY

    for organ, val, code in ((liver, HU_LIVER, LIVER), (spleen, HU_SPLEEN, SPLEEN), (stomach, 20.0, STOMACH)):
        if organ is not None:
            h[organ[0]] = val
            t[organ[0]] = code
    if stomach is not None:  # swallowed air rises to the anterior part of the stomach
        gas = stomach[0] & (dy < stomach[2] - 0.45 * stomach[3])
        h[gas] = HU_AIR
        t[gas] = STOMACH

    _render_bones(h, t, u, z, dx, dy, rho_in, phi, ai, bi, vb_y, vb_r, pl)


def _organ(dx, dy, u, cx, cy, u_top, ax, ay, hz):
    """An ellipsoidal organ whose top (dome) is at u_top; returns (mask, dilated mask, cy, ay) or None."""
    scale = _ellipsoid_section(u, u_top + hz, hz)
    if scale <= 0:
        return None
    m = _ellipse(dx, dy, cx, cy, ax * scale, ay * scale)
    dil = _ellipse(dx, dy, cx, cy, ax * scale + 5.0, ay * scale + 5.0)
    return m, dil, cy, ay * scale


def _render_bones(h, t, u, z, dx, dy, rho_in, phi, ai, bi, vb_y, vb_r, pl: BodyPlan):
    # Vertebral body: cortex, marrow, and intervertebral discs every 27 mm.
    disc = ((z + pl.rib_phase) % 27.0) < 5.5
    vb_out = _ellipse(dx, dy, 0.0, vb_y, vb_r, vb_r * 0.9)
    vb_in = _ellipse(dx, dy, 0.0, vb_y, vb_r - 2.0, vb_r * 0.9 - 2.0)
    if disc:
        h[vb_out] = HU_DISC
        t[vb_out] = SOFT_TISSUE
    else:
        h[vb_out] = HU_CORTEX
        h[vb_in] = HU_MARROW
        t[vb_out] = BONE
    canal_y = vb_y + vb_r * 0.9 + 9.0
    arch = _ellipse(dx, dy, 0.0, canal_y, 13.0, 12.0)
    canal = _ellipse(dx, dy, 0.0, canal_y, 8.0, 7.5)
    spinous = _ellipse(dx, dy, 0.0, canal_y + 18.0, 4.0, 10.0)
    bone = (arch | spinous) & ~canal
    h[bone] = 550.0
    t[bone] = BONE
    h[canal] = 15.0
    t[canal] = SOFT_TISSUE
    # Ribs: a band inside the chest wall; each rib runs obliquely (lower anteriorly), so an axial
    # slice cuts it into arcs. Period 28 mm, rib height 9 mm.
    if 0.03 < u < 0.86:
        band = (rho_in > 0.915) & (rho_in < 0.965) & (phi > 0.45) & (phi < 2.55)
        ribs = band & (((z + 16.0 * phi + pl.rib_phase) % 28.0) < 9.0)
        h[ribs] = 600.0
        t[ribs] = BONE
    if 0.12 < u < 0.62:
        sternum = _ellipse(dx, dy, 0.0, -bi + 9.0, 15.0, 6.0)
        h[sternum] = 450.0
        t[sternum] = BONE
