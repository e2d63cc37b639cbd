#!/usr/bin/env python3
"""Employment diffusion of the minwage industries (BENCHMARKS.md, "Business-cycle turns on real
payroll history"): per month, the share of the industries whose seasonally adjusted 3-month
average of log employment fell over 3 months. Seasonal part of a 3-month change: the median of
the same calendar month's 3-month change over the previous 5 years (out of sample).

Usage: minwage_diffusion.py datasets/realdata/wooldridge_minwage_us_monthly_1947_1997.csv
Prints one line per year from 1952: the year and its 12 monthly shares.
"""
import collections
import csv
import sys

import numpy as np


def main(path):
    ser = collections.defaultdict(dict)
    for r in csv.DictReader(open(path)):
        if r["signal"] != "payroll_employment":
            continue
        y, m = map(int, r["period"].split("-"))
        ser[r["sector"]][(y - 1947) * 12 + m - 1] = float(r["value"])
    secs = sorted(ser)
    T = 51 * 12
    L = np.full((len(secs), T), np.nan)
    for i, s in enumerate(secs):
        for t, v in ser[s].items():
            L[i, t] = np.log(v)
    A = np.full_like(L, np.nan)
    for t in range(2, T):
        A[:, t] = L[:, t - 2:t + 1].mean(axis=1)
    C = np.full_like(L, np.nan)
    for t in range(3, T):
        C[:, t] = A[:, t] - A[:, t - 3]
    S = np.full_like(L, np.nan)
    for t in range(63, T):
        S[:, t] = C[:, t] - np.nanmedian(C[:, [t - 12 * k for k in range(1, 6)]], axis=1)
    D = (S < 0).sum(axis=0) / (~np.isnan(S)).sum(axis=0).clip(1)
    for y in range(1952, 1998):
        print(y, " ".join(f"{D[(y - 1947) * 12 + m]:.2f}" for m in range(12)))


if __name__ == "__main__":
    main(sys.argv[1])
