"""Reference values for Tests/LinearAlgebraTests, computed with numpy.

Regenerate from the repository root:
    python3 scripts/reference/linalg/make_reference.py
Versions used for the committed CSVs are written to versions.txt.
Every matrix is written column by column as `name,row,col,value` (0-based indices), values in repr precision.
"""
import os
import numpy as np
import statsmodels
from statsmodels.datasets import longley

here = os.path.dirname(os.path.abspath(__file__))
rows = []


def put(name, m):
    m = np.atleast_2d(np.asarray(m, dtype=float))
    if m.shape[0] == 1 and np.ndim(m) == 2 and name.endswith("_vec"):
        m = m.T
    for j in range(m.shape[1]):
        for i in range(m.shape[0]):
            rows.append(f"{name},{i},{j},{float(m[i, j])!r}")


rng = np.random.default_rng(20261129)

# GEMM / GEMV / Gram
a = rng.normal(size=(4, 3)); b = rng.normal(size=(3, 5)); x = rng.normal(size=3)
put("gemm_a", a); put("gemm_b", b); put("gemm_ab", a @ b)
put("gemm_x_vec", x.reshape(-1, 1)); put("gemv_ax_vec", (a @ x).reshape(-1, 1)); put("gram_a", a.T @ a)
# Least squares, several right-hand sides, numpy lstsq (SVD-based dgelsd)
X = np.column_stack([np.ones(20), np.arange(20.0), rng.normal(size=20), rng.normal(size=20)])
Y = rng.normal(size=(20, 3)) + X @ rng.normal(size=(4, 3))
beta = np.linalg.lstsq(X, Y, rcond=None)[0]
put("ls_x", X); put("ls_y", Y); put("ls_beta", beta); put("ls_xtx_inv", np.linalg.inv(X.T @ X))
# Longley (NIST StRD, condition number ~ 5e9 for the raw design): numpy for the record; the test uses NIST's certified values
d = longley.load_pandas()
LX = np.column_stack([np.ones(16), d.exog.values]); Ly = d.endog.values
put("longley_x", LX); put("longley_y_vec", Ly.reshape(-1, 1))
put("longley_beta_numpy_vec", np.linalg.lstsq(LX, Ly, rcond=None)[0].reshape(-1, 1))
# Cholesky
M = rng.normal(size=(5, 5)); S = M @ M.T + 5 * np.eye(5); B = rng.normal(size=(5, 2))
put("chol_a", S); put("chol_b", B); put("chol_x", np.linalg.solve(S, B)); put("chol_l", np.linalg.cholesky(S))
put("chol_inv", np.linalg.inv(S))
# SVD
A = rng.normal(size=(6, 4))
U, s, Vt = np.linalg.svd(A, full_matrices=False)
put("svd_a", A); put("svd_s_vec", s.reshape(-1, 1))
# Symmetric eigen
E = rng.normal(size=(5, 5)); E = E + E.T
w, V = np.linalg.eigh(E)
put("eig_a", E); put("eig_w_vec", w.reshape(-1, 1))

with open(os.path.join(here, "reference.csv"), "w") as f:
    f.write("name,row,col,value\n")
    f.write("\n".join(rows) + "\n")
with open(os.path.join(here, "versions.txt"), "w") as f:
    f.write(f"numpy {np.__version__}\nstatsmodels {statsmodels.__version__}\n")
