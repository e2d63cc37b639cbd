"""Writes datasets/sample/series.csv: a small long-format panel with known spikes, and one
lasting drop: Changsha manufacturing (430100 C) loses 8% of its level in both payroll
headcount and insured persons over the last three months (2024-10 … 2024-12).

Deterministic (Python's random with a fixed seed); regenerate with
    python3 scripts/make_sample_series.py > datasets/sample/series.csv
"""
import math
import random

rng = random.Random(20240301)
regions = ["430100", "430200", "431300"]
sectors = ["B", "C", "F"]
signals = ["payroll_headcount", "insured"]
print("period,region_code,sector,signal,value")
spikes = []
for r in regions:
    for s in sectors:
        for g in signals:
            level = rng.uniform(2000, 20000)
            slope = rng.uniform(-10, 10)
            season = [rng.gauss(0, level * 0.01) for _ in range(12)]
            spike_t = rng.randrange(12, 60)
            for t in range(60):
                y, m = 2020 + t // 12, t % 12 + 1
                v = level + slope * t + season[m - 1] + rng.gauss(0, level * 0.002)
                if t == spike_t:
                    v -= level * 0.05
                if (r, s) == ("430100", "C") and t >= 57:
                    v -= level * 0.08
                print(f"{y}-{m:02d},{r},{s},{g},{v:.0f}")
