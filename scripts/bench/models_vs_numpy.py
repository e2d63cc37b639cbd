"""Side-by-side benchmark of the issue-5 models against numpy and statsmodels, one run.

    swift build -c release --product jobsentry-bench
    python3 scripts/bench/models_vs_numpy.py [--series N] [--binary PATH]

Runs `jobsentry-bench models --dump DIR` (100,000 series x 120 months by default, in
memory; --series 1000000 for the national picture's million series), which
times the Swift models and writes the panel and both designs; then, in this process, on the
very same arrays:
  - numpy plain fit + robust z: lstsq on the 13-column plain design, fitted values,
    median/MAD z (what `detect --model plain` computes);
  - the same with the 19-column seasonal-trend design (knots as plain columns, Spring Festival);
  - statsmodels RLM(HuberT) in a per-series loop on the 19-column design, timed on a subset
    of series and scaled to all of them.
Prints the figures and the ratios that BENCHMARKS.md records.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import statsmodels
import statsmodels.api as sm

from numpy_peer import best, plain_fit_z

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--series", type=int, default=100_000)
ap.add_argument("--binary", default=os.path.join(root, ".build", "release", "jobsentry-bench"))
args = ap.parse_args()
T, N, SUBSET = 120, args.series, 300
binary = args.binary


with tempfile.TemporaryDirectory() as d:
    out = subprocess.run([binary, "models", "--series", str(N), "--dump", d], check=True, capture_output=True, text=True).stdout
    print("\n".join(l for l in out.splitlines() if not l.startswith("RESULT")))
    res = {l.split()[1]: float(l.split()[2]) for l in out.splitlines() if l.startswith("RESULT")}
    k = int(res["trend_parameters"])
    Y = np.fromfile(os.path.join(d, "y.f64")).reshape(N, T).T.copy()
    Xp = np.fromfile(os.path.join(d, "x_plain.f64")).reshape(13, T).T.copy()
    Xt = np.fromfile(os.path.join(d, "x_trend.f64")).reshape(k, T).T.copy()


def plain(X):
    return lambda: plain_fit_z(X, Y)


t_np13 = best(plain(Xp))
t_np19 = best(plain(Xt))
t0 = time.perf_counter()
for s in range(SUBSET):
    sm.RLM(Y[:, s], Xt, M=sm.robust.norms.HuberT()).fit()
t_rlm = (time.perf_counter() - t0) / SUBSET * N
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

print(f"numpy {np.__version__}: plain fit + median/MAD z, 13 columns {t_np13:.3f} s; 19 columns {t_np19:.3f} s; peak RSS {rss:.0f} MiB")
print(f"statsmodels {statsmodels.__version__} RLM(HuberT) loop: {t_rlm / N * 1e3:.3f} ms per series, "
      f"{t_rlm:.0f} s scaled to {N} series (timed on {SUBSET})")
print(f"RATIO plain: numpy plain (13) / swift plain = {t_np13 / res['plain_seconds']:.2f}x")
print(f"RATIO least squares seasonal-trend: numpy plain (19) / swift penalised LS + z = {t_np19 / res['least_squares_seconds']:.2f}x")
print(f"RATIO robust vs numpy plain: numpy plain (13) / swift IRLS + all scores = {t_np13 / res['robust_seconds']:.2f}x "
      f"(numpy plain (19): {t_np19 / res['robust_seconds']:.2f}x)")
print(f"RATIO per series vs statsmodels RLM loop: {t_rlm / res['robust_seconds']:.0f}x")
print(f"swift peak RSS {res['peak_rss_mib']:.0f} MiB")
