"""Scanner effects: in-plane blur (point spread) and spatially correlated quantum noise, then the
quantisation to 12-bit stored values with RescaleIntercept -1024."""
import numpy as np

RESCALE_INTERCEPT = -1024.0
MAX_STORED = 4095  # BitsStored 12


def _gaussian_kernel(sigma_px: float):
    radius = max(1, int(np.ceil(3.0 * sigma_px)))
    x = np.arange(-radius, radius + 1, dtype=np.float32)
    k = np.exp(-0.5 * (x / sigma_px) ** 2)
    return k / k.sum()


def blur_in_plane(volume, sigma_px: float):
    """Separable Gaussian along rows and columns of every slice (edges replicated), in place."""
    if sigma_px <= 0.05:
        return volume
    k = _gaussian_kernel(sigma_px)
    r = len(k) // 2
    for axis in (1, 2):
        pad = [(0, 0)] * 3
        pad[axis] = (r, r)
        padded = np.pad(volume, pad, mode="edge")
        out = np.zeros_like(volume)
        n = volume.shape[axis]
        for i, w in enumerate(k):
            idx = [slice(None)] * 3
            idx[axis] = slice(i, i + n)
            out += w * padded[tuple(idx)]
        volume[...] = out
    return volume


def add_noise(rng: np.random.Generator, volume, sigma_hu: float, correlation_px: float = 0.7):
    """Adds Gaussian noise of standard deviation sigma_hu, low-pass filtered in-plane like CT
    reconstruction noise (filtered back-projection gives a correlated, grainy texture)."""
    noise = rng.standard_normal(volume.shape, dtype=np.float32)
    blur_in_plane(noise, correlation_px)
    std = float(noise[:: max(1, noise.shape[0] // 8)].std())
    volume += noise * np.float32(sigma_hu / max(std, 1e-6))
    return volume


def to_stored(hu):
    """HU -> stored uint16 values (slope 1, intercept -1024, clipped to 12 bits)."""
    return np.clip(np.rint(hu - RESCALE_INTERCEPT), 0, MAX_STORED).astype(np.uint16)


def to_hu(stored):
    return stored.astype(np.int16) + np.int16(RESCALE_INTERCEPT)
