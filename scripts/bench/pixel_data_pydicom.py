#!/usr/bin/python3
"""Peer timings for docs/benchmarks.md "Pixel data": pydicom 2.3 RLE codec and numpy rescale on a frame shaped like
the one of tests/DicomAiNode.Benchmarks/Imaging/PixelDataBenchmarks.cs (same geometry, other noise)."""
import time, numpy as np
from pydicom.pixel_data_handlers.rle_handler import _rle_decode_frame, rle_encode_frame
rng = np.random.default_rng(42)
y, x = np.mgrid[0:512, 0:512]
r = np.sqrt((x - 256) ** 2 + (y - 256) ** 2)
arr = np.where(r > 240, 0, np.where(r > 220, 1900, 1000 + rng.integers(-20, 21, (512, 512)))).astype('<u2')
def bench(name, f, n):
    f(); t = time.perf_counter()
    for _ in range(n): f()
    print('%-40s %10.1f us' % (name, (time.perf_counter() - t) / n * 1e6))
enc = rle_encode_frame(arr)
bench('pydicom rle_encode_frame 512x512x16', lambda: rle_encode_frame(arr), 3)
bench('pydicom _rle_decode_frame 512x512x16', lambda: _rle_decode_frame(enc, 512, 512, 1, 16), 5)
signed = arr.view('<i2')
bench('numpy stored*1-1024 to float32 512x512', lambda: (((signed.astype(np.int32) << 20) >> 20) * np.float32(1) + np.float32(-1024)).astype(np.float32), 50)
