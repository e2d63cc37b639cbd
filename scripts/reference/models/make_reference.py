"""Reference values for Tests/ModelingTests, from independent implementations.

    python3 scripts/reference/models/make_reference.py   # rewrites the CSV files next to it

- The seasonal-trend design is rebuilt here from its documented formula (trend in years,
  hinge knots every 24 months with ridge 10, month dummies, Spring Festival window shares
  computed from the festival dates in DESIGN.md) and written out, so the Swift design is
  checked against a second implementation.
- statsmodels OLS on the design augmented with the penalty rows sqrt(lambda)*e_j (ridge as
  least squares), and its get_prediction observation intervals for 6 months ahead.
- statsmodels RLM with HuberT(1.345), and with TukeyBiweight(4.685) started from the Huber
  fit, MAD scale, on the design without knots (RLM cannot hold penalty rows out of the
  reweighting), run to tight convergence.
- numpy lstsq on the plain design (intercept, t, months 2..12) for `detect --model plain`.
- A numpy implementation of PCA T^2 / SPE with scipy F and normal quantiles, and of its
  cross-validated limits (scaled chi-square matched to out-of-fold statistics).
- scipy.special / scipy.stats values for the distribution functions.
Library versions are written to versions.txt.
"""
import datetime as dt
import os

import numpy as np
import scipy
import scipy.special as sp
import scipy.stats as st
import statsmodels
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
FESTIVALS = {2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
             2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17),
             2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3)}
START_YEAR, START_MONTH = 2019, 1
T, H = 72, 6


def month_of(t):
    i = (START_YEAR * 12 + START_MONTH - 1) + t
    return i // 12, i % 12 + 1


def window_share(year, month, lo, hi):
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    share = 0.0
    for y in (year - 1, year, year + 1):
        if y not in FESTIVALS:
            continue
        f = dt.date(y, *FESTIVALS[y])
        a, b = max(first, f + dt.timedelta(days=lo)), min(nxt, f + dt.timedelta(days=hi))
        if b > a:
            share += (b - a).days / (hi - lo)
    return share


def design(rows, knot_spacing=24, festival=True):
    knots = []
    if knot_spacing:
        tau = knot_spacing
        while tau <= T - knot_spacing:
            knots.append(tau); tau += knot_spacing
    cols = []
    for t in range(rows):
        y, m = month_of(t)
        row = [1.0, t / 12.0] + [max(t - k, 0) / 12.0 for k in knots]
        row += [1.0 if m == mm else 0.0 for mm in range(2, 13)]
        if festival:
            row += [window_share(y, m, -20, 0), window_share(y, m, 0, 30)]
        cols.append(row)
    return np.array(cols), knots


def write(name, header, rows):
    with open(os.path.join(here, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(repr(float(v)) for v in r) + "\n")


rng = np.random.default_rng(20241129)
X, knots = design(T)
k = X.shape[1]
N = 4
Y = np.empty((T, N))
for s in range(N):
    beta = np.concatenate([[rng.uniform(1000, 3000), rng.normal(0, 20)], rng.normal(0, 10, len(knots)),
                           rng.normal(0, 15, 11), rng.normal(0, 30, 2)])
    Y[:, s] = X @ beta + rng.normal(0, 5, T)
Y[40, 1] -= 200   # one outlier
Y[10, 3] += 150
write("panel.csv", [f"s{s}" for s in range(N)], Y)
Xf, _ = design(T + H)
names = ["intercept", "trend"] + [f"knot{j}" for j in range(len(knots))] + [f"month_{m}" for m in range(2, 13)] + ["sf_before", "sf_after"]
write("design.csv", names, Xf)

# OLS on the augmented design, and prediction intervals.
lam = 10.0
A = np.vstack([X, np.zeros((len(knots), k))])
for j in range(len(knots)):
    A[T + j, 2 + j] = np.sqrt(lam)
ols_rows, pred_rows = [], []
for s in range(N):
    yy = np.concatenate([Y[:, s], np.zeros(len(knots))])
    res = sm.OLS(yy, A).fit()
    ols_rows.append(list(res.params) + [np.sqrt(res.scale), res.df_resid])
    pr = res.get_prediction(Xf[T:]).summary_frame(alpha=0.05)
    se_obs = np.sqrt(pr["mean_se"] ** 2 + res.scale)
    for j in range(H):
        pred_rows.append([s, j, pr["mean"].iloc[j], se_obs.iloc[j], pr["obs_ci_lower"].iloc[j], pr["obs_ci_upper"].iloc[j]])
write("ols.csv", names + ["scale", "df_resid"], ols_rows)
write("prediction.csv", ["series", "h", "mean", "se_obs", "obs_ci_lower", "obs_ci_upper"], pred_rows)

# RLM Huber on the design without knots.
X0, _ = design(T, knot_spacing=None)
rlm_rows = []
for s in range(N):
    res = sm.RLM(Y[:, s], X0, M=sm.robust.norms.HuberT(t=1.345)).fit(conv="coefs", tol=1e-13, maxiter=2000)
    rlm_rows.append(list(res.params) + [res.scale])
write("rlm.csv", ["intercept", "trend"] + [f"month_{m}" for m in range(2, 13)] + ["sf_before", "sf_after", "scale"], rlm_rows)

# RLM Tukey bisquare on the same design, started from the Huber fit (a redescending loss
# needs a robust start; the scale is re-estimated from the Huber residuals).
bis_rows = []
for s in range(N):
    huber = sm.RLM(Y[:, s], X0, M=sm.robust.norms.HuberT(t=1.345)).fit(conv="coefs", tol=1e-13, maxiter=2000)
    res = sm.RLM(Y[:, s], X0, M=sm.robust.norms.TukeyBiweight(c=4.685)).fit(
        conv="coefs", tol=1e-13, maxiter=2000, start_params=huber.params)
    bis_rows.append(list(res.params) + [res.scale])
write("rlm_bisquare.csv", ["intercept", "trend"] + [f"month_{m}" for m in range(2, 13)] + ["sf_before", "sf_after", "scale"], bis_rows)

# Plain design (detect --model plain): numpy lstsq fitted values.
P = np.column_stack([np.ones(T), np.arange(T)] + [[1.0 if month_of(t)[1] == m else 0.0 for t in range(T)] for m in range(2, 13)])
beta, *_ = np.linalg.lstsq(P, Y, rcond=None)
write("plain_fitted.csv", [f"s{s}" for s in range(N)], P @ beta)

# T^2 / SPE in numpy.
Tz, p, nref, alpha, share = 60, 6, 48, 0.01, 0.8
L = rng.normal(0, 1, (p, 2))
Z = rng.normal(0, 1, (Tz, 2)) @ L.T + rng.normal(0, 0.5, (Tz, p))
Z[55] += np.array([0, 0, 6.0, -6.0, 0, 0])   # a break of the correlation structure
write("stress_input.csv", [f"z{i}" for i in range(p)], Z)
ref = Z[:nref]
mu, sd = ref.mean(0), ref.std(0, ddof=1)
Zs = (Z - mu) / sd
_, sv, vt = np.linalg.svd(Zs[:nref] / np.sqrt(nref - 1), full_matrices=False)
lam_e = sv ** 2
a = 0; acc = 0.0
while a < p - 1 and (a == 0 or acc < share * lam_e.sum()):
    acc += lam_e[a]; a += 1
Pl = vt[:a].T
tau = Zs @ Pl
t2 = (tau ** 2 / lam_e[:a]).sum(1)
E = Zs - tau @ Pl.T
spe = (E ** 2).sum(1)
t2_lim = a * (nref - 1) * (nref + 1) / (nref * (nref - a)) * st.f.ppf(1 - alpha, a, nref - a)
th = [np.sum(lam_e[a:] ** i) for i in (1, 2, 3)]
h0 = 1 - 2 * th[0] * th[2] / (3 * th[1] ** 2)
c = st.norm.ppf(1 - alpha)
q_lim = th[0] * (c * np.sqrt(2 * th[1] * h0 ** 2) / th[0] + 1 + th[1] * h0 * (h0 - 1) / th[0] ** 2) ** (1 / h0)
write("stress.csv", ["t2", "spe"], np.column_stack([t2, spe]))
contrib_t2 = Zs[55] * (Pl @ (tau[55] / lam_e[:a]))
write("stress_contributions.csv", ["t2", "spe"], np.column_stack([contrib_t2, E[55] ** 2]))
write("stress_limits.csv", ["components", "t2_limit", "spe_limit"], [[a, t2_lim, q_lim]])

# Cross-validated limits: 5 consecutive folds of the reference window, each scored by a PCA
# fitted without it (same number of components), a scaled chi-square g*chi2_h matched to the
# mean and variance of the out-of-fold statistics; quantile by Wilson-Hilferty (what the
# Swift side computes) and exactly by scipy (to show the approximation's error).
folds, out_t2, out_spe = 5, [], []
for f in range(folds):
    lo, hi = nref * f // folds, nref * (f + 1) // folds
    train = np.r_[0:lo, hi:nref]
    m_f, s_f = Z[train].mean(0), Z[train].std(0, ddof=1)
    Zf = (Z - m_f) / s_f
    _, sv_f, vt_f = np.linalg.svd(Zf[train] / np.sqrt(len(train) - 1), full_matrices=False)
    lam_f, P_f = sv_f ** 2, vt_f[:a].T
    tau_f = Zf[lo:hi] @ P_f
    out_t2 += list((tau_f ** 2 / lam_f[:a]).sum(1))
    out_spe += list(((Zf[lo:hi] - tau_f @ P_f.T) ** 2).sum(1))
def scaled_chi2(v, q):
    v = np.asarray(v); m, var = v.mean(), v.var(ddof=1)
    g, h = var / (2 * m), 2 * m * m / var
    z = st.norm.ppf(q)
    wh = g * h * (1 - 2 / (9 * h) + z * np.sqrt(2 / (9 * h))) ** 3
    return wh, g * st.chi2.ppf(q, h)
t2_cv, t2_cv_exact = scaled_chi2(out_t2, 1 - alpha)
spe_cv, spe_cv_exact = scaled_chi2(out_spe, 1 - alpha)
write("stress_limits_cv.csv", ["t2_limit", "spe_limit", "t2_limit_exact_chi2", "spe_limit_exact_chi2"],
      [[t2_cv, spe_cv, t2_cv_exact, spe_cv_exact]])

# Distribution functions.
rows = []
for pp in (1e-10, 0.001, 0.025, 0.3, 0.5, 0.9, 0.975, 0.99, 1 - 1e-9):
    rows.append([0, pp, 0, 0, st.norm.ppf(pp)])
for pp, nu in ((0.975, 1), (0.975, 3), (0.975, 17), (0.995, 53), (0.9, 120), (0.025, 10), (0.6, 2.5)):
    rows.append([1, pp, nu, 0, st.t.ppf(pp, nu)])
for x, nu in ((2.1, 5), (-1.3, 12), (0.2, 40), (4.0, 3)):
    rows.append([2, x, nu, 0, st.t.cdf(x, nu)])
for pp, d1, d2 in ((0.99, 2, 46), (0.95, 1, 10), (0.99, 5, 20), (0.999, 3, 100), (0.5, 7, 8)):
    rows.append([3, pp, d1, d2, st.f.ppf(pp, d1, d2)])
for x, a_, b_ in ((0.3, 2, 3), (0.9, 0.5, 0.5), (0.01, 10, 2), (0.7, 30, 40), (0.5, 100, 120)):
    rows.append([4, x, a_, b_, sp.betainc(a_, b_, x)])
write("distributions.csv", ["function", "x", "a", "b", "value"], rows)

with open(os.path.join(here, "versions.txt"), "w") as f:
    f.write(f"numpy {np.__version__}\nscipy {scipy.__version__}\nstatsmodels {statsmodels.__version__}\n")
print("design", names, "knots", knots, "components", a)
