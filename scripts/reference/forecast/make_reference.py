"""Reference values for Tests/ModelingTests/PathForecastTests, from statsmodels.

    python3 scripts/reference/forecast/make_reference.py   # rewrites the CSV files next to it

- damped_trend.csv: statsmodels `ExponentialSmoothing(trend="add", damped_trend=True)` with
  fixed smoothing_level, smoothing_trend, damping_trend and a known initial state (level =
  the first value, slope 0), on a 60-month random walk with drift. Columns: the
  parameters, the one-step fitted values of months 1..59 (statsmodels' `fittedvalues`; its
  month 0 is the initial state's forecast, the first value itself) and the forecasts 1..6
  months past the end. JobSentry's `DampedTrend` starts from the first month's value with
  slope 0, so `fittedvalues[t]` is its forecast of month t from the state after month t-1.
- sse.csv: the one-step sum of squared errors of every (alpha, beta, phi) in a small grid on
  the same series (numpy, from statsmodels' fitted values), to check the grid search picks
  the minimum.
Library versions are written to versions.txt.
"""
import os

import numpy as np
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261205)
T, H = 60, 6
y = 5.0 + np.cumsum(0.02 + 0.1 * rng.standard_normal(T))


def run(alpha, beta, phi):
    m = ExponentialSmoothing(y, trend="add", damped_trend=True, initialization_method="known",
                             initial_level=y[0], initial_trend=0.0)
    r = m.fit(smoothing_level=alpha, smoothing_trend=beta, damping_trend=phi, optimized=False)
    return r.fittedvalues, r.forecast(H)


with open(os.path.join(here, "series.csv"), "w") as f:
    f.write("t,y\n")
    for t, v in enumerate(y):
        f.write(f"{t},{float(v)!r}\n")

with open(os.path.join(here, "damped_trend.csv"), "w") as f:
    f.write("alpha,beta,phi,kind,index,value\n")
    for alpha, beta, phi in [(0.3, 0.1, 0.9), (1.0, 0.2, 0.8), (0.5, 0.0, 0.98)]:
        fitted, fc = run(alpha, beta, phi)
        for t in range(1, T):
            f.write(f"{alpha},{beta},{phi},fitted,{t},{float(fitted[t])!r}\n")
        for h in range(H):
            f.write(f"{alpha},{beta},{phi},forecast,{h + 1},{float(fc[h])!r}\n")

with open(os.path.join(here, "sse.csv"), "w") as f:
    f.write("alpha,beta,phi,sse\n")
    for alpha in [0.1, 0.5, 1.0]:
        for beta in [0.0, 0.1]:
            for phi in [0.8, 0.98]:
                fitted, _ = run(alpha, beta, phi)
                sse = float(np.sum((y[1:] - fitted[1:]) ** 2))
                f.write(f"{alpha},{beta},{phi},{sse!r}\n")

with open(os.path.join(here, "versions.txt"), "w") as f:
    f.write(f"numpy {np.__version__}\nstatsmodels {statsmodels.__version__}\n")
