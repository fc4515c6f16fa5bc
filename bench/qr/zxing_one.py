#!/usr/bin/env python3
"""ZXing-C++ (PyPI `zxing-cpp`) on one image: payloads on stdout, one per line.

Its own decode time (image file to results, inside this process) goes to
stderr as `inner_ms=...`, so the Python start-up can be told apart.
"""
import sys
import time

t0 = time.perf_counter()
import zxingcpp  # noqa: E402
from PIL import Image  # noqa: E402

t1 = time.perf_counter()
img = Image.open(sys.argv[1])
img.load()
results = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
t2 = time.perf_counter()
for r in results:
    if r.valid:
        print(r.text)
print(f"inner_ms={(t2 - t1) * 1e3:.3f} import_ms={(t1 - t0) * 1e3:.3f}", file=sys.stderr)
