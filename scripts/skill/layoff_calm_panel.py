#!/usr/bin/env python3
"""A replica of mass_layoff's judgement (Sources/Alerting/AlertEngine+Layoff.swift) on a calm
panel: firms of log-normal size (median 25, log-sd 1.05) whose headcount is size x exp(u), u an
AR(1) (0.8) with Student-t(3) innovations of scale 0.008 + 0.07/sqrt(size) (the independent
province's firm noise), rounded; 40 counties, 10 sectors, no layoff, no season. Each run
(as-of months FIRST..T-1) tests every firm once and applies Benjamini-Hochberg at q = 0.05; a
valid test raises a false layoff in at most 5% of runs. Prints the runs with a false alert.

    python3 scripts/skill/layoff_calm_panel.py MODE TAIL SEED...    # N=8000 T=120 FIRST=36 by default
    MODE: main (every earlier month scored in today's sigma) | own (in the sigma of its own run)
    TAIL: hill (min of the conformal p and the Pareto tail) | max (Pareto only beyond the
          largest earlier score) | emp (conformal p only)
"""
import numpy as np, sys
W, CONF, HIST, NOISE, BASE, MINSTAFF, NM, CLEAR, Q = 3, 1, 12, 24, 6, 30, 3.0, 0.5, 0.05
BANDS = [50, 200, 1000]; BANDMIN = 50; TAILF = 0.01

import os
def panel(seed, n=int(os.environ.get("N", 8000)), T=int(os.environ.get("T", 120)), phi=0.8, df=3):
    rng = np.random.default_rng(seed)
    size = np.maximum(rng.lognormal(np.log(25), 1.05, n), 3)
    scale = 0.008 + 0.07 / np.sqrt(size)
    eps = rng.standard_t(df, (n, T)) / np.sqrt(df / (df - 2)) * scale[:, None]
    u = np.zeros((n, T)); u[:, 0] = eps[:, 0] * 2
    for k in range(1, T): u[:, k] = phi * u[:, k - 1] + eps[:, k]
    h = np.maximum(1, np.round(size[:, None] * np.exp(u)))
    county = rng.integers(0, 40, n); sector = rng.integers(0, 10, n); city = county // 2
    return h, county, sector, city

def prep(h, county, sector, city):
    n, T = h.shape
    b = np.full((n, T), np.nan)
    for t in range(3, T):
        b[:, t] = np.median(h[:, max(0, t - BASE):t], axis=1)
    d = np.full((n, T), np.nan); d[:, 1:] = h[:, :-1] - h[:, 1:]   # cut at t (positive = fall)
    # usual cut
    ys = []
    for k in (1, 2, 3):
        cols = []
        for off in (-1, 0, 1):
            x = np.full((n, T), np.nan)
            s = 12 * k - off  # u = t - 12k + off
            if s < T: x[:, s:] = d[:, :T - s]
            cols.append(x)
        ys.append(np.clip(np.nanmax(np.stack(cols), axis=0), 0, None) if True else None)
    Y = np.stack(ys)  # 3 x n x T, nan where none
    with np.errstate(all='ignore'):
        usual = np.nanmedian(Y, axis=0)
    usual = np.nan_to_num(usual, nan=0.0)
    rel = 1 - h / b
    common = np.zeros((n, T))
    for keyarr in (county, city * 10 + sector, sector):
        for g in np.unique(keyarr):
            m = keyarr == g
            if m.sum() < 8: continue
            med = np.nanmedian(rel[m], axis=0)
            med = np.nan_to_num(np.clip(med, 0, None))
            common[m] = np.maximum(common[m], med[None, :])
    c = b - h - usual - b * common
    # step: month before still >= b - c/2 ; persistence: next month <= b - c/2
    prev = np.full((n, T), np.nan); prev[:, 1:] = h[:, :-1]
    nxt = np.full((n, T), np.nan); nxt[:, :-1] = h[:, 1:]
    ok = (c > 0) & (prev >= b - c / 2) & (nxt <= b - c / 2)
    net = np.where(ok, c, 0.0)
    judge = (~np.isnan(b)) & (b >= MINSTAFF) & (np.arange(T)[None, :] >= HIST)
    return b, net, judge, d

def sigma_at(d, ws):
    # 1.4826 MAD of changes over months max(1, ws-24) .. ws-1
    x = d[:, max(1, ws - NOISE):ws]
    med = np.median(x, axis=1)
    return 1.4826 * np.median(np.abs(x - med[:, None]), axis=1)

def pvalue(s, ref, zeros, hill=True):
    n = len(ref) + zeros
    above = len(ref) - np.searchsorted(ref, s * (1 - 1e-12), side='right')
    emp = (1 + above) / (1 + n)
    if not hill: return emp
    if hill == 'max' and (len(ref) == 0 or s <= ref[-1]): return emp
    k = min(min(50, max(10, int(n * TAILF))), len(ref) - 1)
    if k < 10: return emp
    u = ref[len(ref) - k - 1]
    if u <= 0 or s <= u: return emp
    sl = np.sum(np.log(ref[len(ref) - k:] / u))
    if sl <= 0: return emp
    a = k / sl
    return min(emp, k / (n + 1) * (s / u) ** (-a))

def bh(p, m, q=Q):
    if len(p) == 0: return np.zeros(0, bool)
    o = np.argsort(p); cut = -np.inf
    for r, i in enumerate(o):
        if p[i] <= (r + 1) * q / m: cut = p[i]
    return p <= cut

def band(x): return np.searchsorted(BANDS, x, side='right')

def run(h, county, sector, city, mode='main', hill=True, first=36):
    n, T = h.shape
    b, net, judge, d = prep(h, county, sector, city)
    # per-month own sigma (mode 'own'): sigma of the 24 months before that month's window
    if mode == 'own':
        sig_own = np.zeros((n, T))
        for t in range(T):
            ws = max(1, t + CONF - W - CONF + 1)  # fresh t = t0 - CONF -> t0 = t + CONF
            sig_own[:, t] = sigma_at(d, ws) if ws - max(1, ws - NOISE) >= 12 else np.nan
    falses = []
    for t0 in range(first, T):
        ws = max(1, t0 - W - CONF + 1)
        fresh = t0 - CONF
        if mode == 'own':
            sig_null = sig_own[:, :ws - CONF]
            sig_c = sig_own[:, fresh]
        else:
            s = sigma_at(d, ws)
            sig_null = np.repeat(s[:, None], ws - CONF, axis=1)
            sig_c = s
        jn = judge[:, HIST:ws - CONF] & ~np.isnan(sig_null[:, HIST:]); nn = net[:, HIST:ws - CONF]; bn = b[:, HIST:ws - CONF]
        sn = nn / np.maximum(sig_null[:, HIST:], 1)
        refs = []; zs = []
        bb = band(bn)
        for k in range(4):
            m = jn & (bb == k)
            v = sn[m]; refs.append(np.sort(v[v > 0])); zs.append(int((v <= 0).sum()))
        pooled = np.sort(np.concatenate(refs)); pz = sum(zs)
        tested = judge[:, fresh] & ~np.isnan(sig_c)
        sc = np.nan_to_num(net[:, fresh] / np.maximum(sig_c, 1))
        bf = b[:, fresh]
        legal = np.maximum(net[:, fresh] / 20, net[:, fresh] / bf / 0.1)
        cand = np.where(tested & (sc > 0) & (sc >= NM) & (legal >= CLEAR))[0]
        ps = []
        for i in cand:
            k = band(bf[i])
            if len(refs[k]) < BANDMIN: ps.append(pvalue(sc[i], pooled, pz, hill))
            else: ps.append(pvalue(sc[i], refs[k], zs[k], hill))
        ps = np.array(ps)
        rej = bh(ps, max(int(tested.sum()), len(ps)))
        falses.append(int(rej.sum()))
    return np.array(falses)

if __name__ == '__main__':
    mode = sys.argv[1]; hill = {'hill': True, 'emp': False, 'max': 'max'}[sys.argv[2]]
    for seed in map(int, sys.argv[3:]):
        h, co, se, ci = panel(seed)
        f = run(h, co, se, ci, mode, hill, first=int(os.environ.get("FIRST", 36)))
        print(mode, sys.argv[2], 'seed', seed, 'runs', len(f), 'runs with false', int((f > 0).sum()), 'false', int(f.sum()), flush=True)
