"""Side-by-side benchmark: `detect`'s batched plain fit (Swift) vs numpy on the same matrices.

Runs the release Swift benchmark (which times PlainSeasonalFit on 100,000 series x 120 months and
dumps its panel, design, fitted values and z-scores), then times numpy on exactly those arrays:
  (a) np.linalg.lstsq(X, Y) alone, as the issue asks;
  (b) lstsq + fitted values + median/MAD robust z, the same work `detect` does.
It also checks the two agree (fitted values to 1e-9 relative).

    swift build -c release --product jobsentry-bench
    python3 scripts/bench/detect_fit_vs_numpy.py
"""
import os
import resource
import subprocess
import sys
import tempfile

import numpy as np

from numpy_peer import best, plain_fit_z

T, N = 120, 100_000
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = os.path.join(root, ".build", "release", "jobsentry-bench")

with tempfile.TemporaryDirectory() as d:
    out = subprocess.run([binary, "fit", "--dump", d], check=True, capture_output=True, text=True).stdout
    print(out.strip())
    Y = np.fromfile(os.path.join(d, "y.f64")).reshape(N, T).T.copy()  # T x N, column per series
    X = np.fromfile(os.path.join(d, "x.f64")).reshape(13, T).T.copy()
    fitted_swift = np.fromfile(os.path.join(d, "fitted.f64")).reshape(N, T).T
    z_swift = np.fromfile(os.path.join(d, "z.f64")).reshape(N, T).T


def lstsq_only():
    return np.linalg.lstsq(X, Y, rcond=None)[0]


def full():
    return plain_fit_z(X, Y)


t_lstsq = best(lstsq_only)
t_full = best(full)
fitted_np, z_np = full()
rel = np.max(np.abs(fitted_np - fitted_swift) / np.maximum(np.abs(fitted_np), 1))
zdiff = np.max(np.abs(z_np - z_swift))
print(f"numpy {np.__version__}: lstsq {t_lstsq:.3f} s; lstsq + fitted + median/MAD z {t_full:.3f} s; "
      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
print(f"agreement: max relative difference of fitted values {rel:.2e}; max |z difference| {zdiff:.2e}")
swift_t = float(out.split("months")[1].split("s")[0])
swift_ls = float(out.split("2 GEMM)")[1].split("s")[0])
print(f"speed-up over numpy: least squares {t_lstsq / swift_ls:.1f}x (numpy lstsq / swift QR+GEMM); "
      f"fit + robust z {t_full / swift_t:.2f}x (numpy full / swift full)")
sys.exit(0 if rel < 1e-9 else 1)
