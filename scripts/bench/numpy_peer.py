"""The numpy side shared by the side-by-side benchmarks: best-of timing, and the plain fit
+ robust z that `detect --model plain` computes (lstsq, fitted values, median/MAD z), so
every benchmark times the same peer."""
import time

import numpy as np


def best(f, n=3):
    """Best of `n` wall-clock timings of `f()`, after one warm-up call."""
    f()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return min(ts)


def plain_fit_z(X, Y):
    """Least squares of every column of Y on X, fitted values, and the median/MAD robust z."""
    beta = np.linalg.lstsq(X, Y, rcond=None)[0]
    fitted = X @ beta
    r = Y - fitted
    med = np.median(r, axis=0)
    mad = np.median(np.abs(r - med), axis=0)
    return fitted, (r - med) / (1.482602218505602 * mad)
