#!/usr/bin/env python3
"""An independent synthetic province for JobSentry (issue 12, item 6).

Written from /work/shared/DESIGN.md (file formats, signal names) and the scorer's truth format
(Sources/GroundTruth, Sources/Backtesting) only, without reading JobSentry's own generator, so
that the skill measured on it is not measured on the world the rules were checked against.

Its world, on purpose unlike `jobsentry generate`:
- Sichuan (510000): 42 counties of 21 prefectures, real GB/T 2260 codes. Firms carry GB/T 4754
  2-digit *division* codes (36, 47, 61 ...), not section letters; claims carry section letters.
- Firm sizes log-normal (median ~25) with a handful of very large firms; firm noise an AR(1) with
  Student-t(3) innovations whose scale shrinks with size; ordinary turnover (hires and
  separations every month); births that ramp up over 2-10 months; small-firm closures.
- Multiplicative seasonality with a month pattern per section and Spring Festival effects placed
  on the true lunar dates (share of a festival window falling in each month): construction and
  manufacturing lose headcount around the festival, wages carry the year-end bonus in the month
  before it, rail arrivals surge before it and departures after it.
- A business cycle with one slow recession (slides over 12-18 months, then recovers) and one
  abrupt one (2 months down), firm-specific sensitivity and lag; city trends from -0.5 to +3 %/yr.
- Events (truth rows with their type): a sector downturn in one city, a gradual deterioration
  of one city's sector, key-firm mass layoffs that persist, wage arrears (wages fall while
  headcount holds, days late pass 30, contribution arrears build, all repaid after), a migrant
  outflow shortfall after one festival, a city-wide insured data break.
- Quiet cases (truth rows of type `none`, with `cause` and `signal`): one-month outliers of every
  kind (a firm's headcount x10 and /10, wages x100, insured x10; a county's claims x10; one
  day of a county's rail departures x10; a city's surveyed rate x10), decoys (tourism counties'
  hospitality swinging x3.6 and x2.5 every year; a key firm growing +15 % then +32 % and
  staying), city youth rates peaking every July with graduates, a county's insured count
  stepping to x0.85 while payroll holds, and every firm birth and closure.

Deterministic: the same --seed gives the same bytes (gzip headers carry no time or name).

    python3 scripts/skill/independent_province.py --out /tmp/ind/data --seed 1
    python3 scripts/skill/independent_province.py --out DIR --seed 2 --enterprises 2000 --from 2018-01 --to 2025-12
"""
import argparse
import gzip
import io
import os
import sys

import numpy as np

PROVINCE = 510000
# (county code, county name, city code, city short name, rail station?)  GB/T 2260.
COUNTIES = [
    (510104, "锦江区", 510100, "成都", 1), (510105, "青羊区", 510100, "成都", 1), (510106, "金牛区", 510100, "成都", 1),
    (510107, "武侯区", 510100, "成都", 1), (510108, "成华区", 510100, "成都", 1), (510112, "龙泉驿区", 510100, "成都", 0),
    (510113, "青白江区", 510100, "成都", 1), (510114, "新都区", 510100, "成都", 1), (510115, "温江区", 510100, "成都", 0),
    (510116, "双流区", 510100, "成都", 1), (510117, "郫都区", 510100, "成都", 1), (510181, "都江堰市", 510100, "成都", 1),
    (510302, "自流井区", 510300, "自贡", 1), (510311, "沿滩区", 510300, "自贡", 0),
    (510402, "东区", 510400, "攀枝花", 1), (510411, "仁和区", 510400, "攀枝花", 0),
    (510502, "江阳区", 510500, "泸州", 1), (510521, "泸县", 510500, "泸州", 0),
    (510603, "旌阳区", 510600, "德阳", 1), (510681, "广汉市", 510600, "德阳", 1),
    (510703, "涪城区", 510700, "绵阳", 1), (510781, "江油市", 510700, "绵阳", 1),
    (510802, "利州区", 510800, "广元", 1), (510903, "船山区", 510900, "遂宁", 1), (511002, "市中区", 511000, "内江", 1),
    (511102, "市中区", 511100, "乐山", 1), (511181, "峨眉山市", 511100, "乐山", 1),
    (511302, "顺庆区", 511300, "南充", 1), (511381, "阆中市", 511300, "南充", 1),
    (511402, "东坡区", 511400, "眉山", 1), (511502, "翠屏区", 511500, "宜宾", 1), (511503, "南溪区", 511500, "宜宾", 0),
    (511602, "广安区", 511600, "广安", 1), (511702, "通川区", 511700, "达州", 1), (511781, "万源市", 511700, "达州", 1),
    (511802, "雨城区", 511800, "雅安", 1), (511902, "巴州区", 511900, "巴中", 1), (512002, "雁江区", 512000, "资阳", 1),
    (513201, "马尔康市", 513200, "阿坝", 0), (513225, "九寨沟县", 513200, "阿坝", 0),
    (513301, "康定市", 513300, "甘孜", 0), (513401, "西昌市", 513400, "凉山", 1),
]
TOURISM = {511181: 3.6, 513225: 2.5}  # hospitality peak/trough ratio every year (decoys)

# section: (share of firms, divisions, wage per head CNY/month 2016, cycle sensitivity, name word)
SECTIONS = {
    "A": (0.025, [1, 2, 3, 5], 3300, 0.5, "农业"), "B": (0.02, [6, 8, 9, 10], 6200, 1.2, "矿业"),
    "C": (0.25, [13, 14, 15, 17, 18, 19, 26, 27, 30, 33, 34, 36, 38, 39], 5000, 1.4, "制造"),
    "D": (0.012, [44, 45, 46], 7600, 0.2, "能源"), "E": (0.10, [47, 48, 49, 50], 5400, 1.6, "建设工程"),
    "F": (0.14, [51, 52], 4200, 1.0, "商贸"), "G": (0.06, [53, 54, 56, 58, 59, 60], 5700, 1.1, "物流"),
    "H": (0.08, [61, 62], 3500, 1.5, "酒店餐饮"), "I": (0.04, [63, 64, 65], 9800, 0.6, "信息技术"),
    "J": (0.025, [66, 67, 68], 10500, 0.4, "投资"), "K": (0.04, [70], 6100, 1.3, "房地产开发"),
    "L": (0.05, [71, 72], 4800, 0.9, "商务服务"), "M": (0.03, [73, 74, 75], 8000, 0.5, "科技"),
    "N": (0.015, [77, 78], 4500, 0.3, "环境工程"), "O": (0.04, [80, 81, 82], 3700, 0.9, "家政服务"),
    "P": (0.03, [83], 5800, 0.2, "教育咨询"), "Q": (0.025, [84, 85], 6600, 0.15, "医疗"),
    "R": (0.018, [86, 87, 88, 89, 90], 5100, 1.0, "文化传媒"),
}
# Month-of-year log effects per section (Jan..Dec), multiplicative on employment.
SEASON = {
    "A": [-.08, -.07, .00, .04, .05, .03, .02, .05, .09, .04, -.02, -.07],
    "E": [-.10, -.09, .02, .06, .07, .05, .01, .00, .03, .05, .04, -.03],
    "H": [-.04, .01, -.02, -.01, .03, .01, .06, .07, -.01, .04, -.06, -.05],
    "F": [.03, .00, -.03, -.02, -.01, -.01, .00, .00, .00, .02, .03, .04],
    "P": [.01, .00, .01, .01, .01, .00, -.05, -.05, .03, .01, .01, .01],
    "G": [.02, .00, -.01, -.01, -.01, -.01, .00, .00, .00, .01, .02, .03],
}
# Festival window (days from the festival) and the headcount lost over it, per section.
FESTIVAL_WINDOW = (-12, 24)
FESTIVAL_DIP = {"C": 0.05, "E": 0.11, "H": -0.02, "F": -0.01, "G": 0.02}
# Spring Festival (正月初一), Chinese calendar.
FESTIVAL = {2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
            2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6)}
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
BRANDS = list("鑫瑞华盛宏达恒泰兴隆嘉禾锦川蜀信诚和天府安顺远景明德众康永新博睿金源富民")


def month_index(s):
    y, m = s.split("-")
    return int(y) * 12 + int(m) - 1


def month_text(i):
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def credit_code(rng, region, used):
    """An 18-character Unified Social Credit Code (GB 32100-2015): 9 (market regulator),
    1 (enterprise), the division code, a 9-character organisation code, the check character."""
    while True:
        org = "".join(ALPHABET[i] for i in rng.integers(0, 31, 9))
        body = "91" + str(region) + org
        s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
        check = (31 - s % 31) % 31
        code = body + ALPHABET[check]
        if code not in used:
            used.add(code)
            return code


def days_in_month(y, m):
    return [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def day_list(t0, t1):
    """Every day of months t0..t1 as (month index, y, m, d, ordinal day number)."""
    import datetime
    out = []
    for t in range(t0, t1 + 1):
        y, m = t // 12, t % 12 + 1
        for d in range(1, days_in_month(y, m) + 1):
            out.append((t, y, m, d, datetime.date(y, m, d).toordinal()))
    return out


def festival_share(t0, T):
    """Share of the festival window's days falling in each month t0..t0+T-1."""
    import datetime
    share = np.zeros(T)
    lo, hi = FESTIVAL_WINDOW
    for y, (m, d) in FESTIVAL.items():
        f = datetime.date(y, m, d).toordinal()
        for k in range(lo, hi + 1):
            day = datetime.date.fromordinal(f + k)
            t = day.year * 12 + day.month - 1 - t0
            if 0 <= t < T:
                share[t] += 1.0 / (hi - lo + 1)
    return share


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="directory to write (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--enterprises", type=int, default=8000)
    ap.add_argument("--from", dest="start", default="2016-01", help="first month, YYYY-MM (>= 2015-01)")
    ap.add_argument("--to", dest="end", default="2025-12", help="last month, YYYY-MM (<= 2026-12)")
    ap.add_argument("--plain", action="store_true", help="write every file uncompressed (default: gzip the large four)")
    a = ap.parse_args()
    t0, t1 = month_index(a.start), month_index(a.end)
    if not (month_index("2015-01") <= t0 and t1 <= month_index("2026-12") and t1 - t0 >= 47):
        sys.exit("independent_province.py: --from/--to must span at least 48 months within 2015-01..2026-12")
    if a.enterprises < 300:
        sys.exit("independent_province.py: --enterprises must be at least 300")
    World(a.seed, a.enterprises, t0, t1).write(a.out, gz=not a.plain)


class World:
    def __init__(self, seed, n, t0, t1):
        self.rng = rng = np.random.default_rng([seed, 20261206])
        self.t0, self.T = t0, t1 - t0 + 1
        self.truth = []
        T = self.T
        self.months = np.arange(t0, t1 + 1)
        moy = self.months % 12
        nc = len(COUNTIES)
        # Counties: weight (firms) and city trend.
        county_w = np.array([6.0 if c[2] == 510100 else 2.0 if c[4] else 1.2 for c in COUNTIES])
        county_w[[i for i, c in enumerate(COUNTIES) if c[0] in TOURISM]] = 1.6
        county_w *= rng.lognormal(0, 0.25, nc)
        cities = sorted({c[2] for c in COUNTIES})
        self.cities = cities
        city_trend = {c: (0.03 if c == 510100 else rng.uniform(-0.005, 0.02)) for c in cities}
        # Firms.
        secs = list(SECTIONS)
        sec_p = np.array([SECTIONS[s][0] for s in secs]); sec_p /= sec_p.sum()
        fc = rng.choice(nc, n, p=county_w / county_w.sum())
        fs = rng.choice(len(secs), n, p=sec_p)
        # Tourism counties: more hospitality firms.
        for i in np.where(np.isin([COUNTIES[k][0] for k in fc], list(TOURISM)))[0]:
            if rng.random() < 0.35:
                fs[i] = secs.index("H")
        size = rng.lognormal(np.log(25), 1.05, n)
        big = rng.choice(n, max(3, n // 600), replace=False)
        size[big] = rng.uniform(1500, 12000, len(big))
        size = np.maximum(size, 3)
        self.n = n
        self.county = fc
        self.sec = np.array([secs[k] for k in fs])
        self.div = np.array([rng.choice(SECTIONS[s][1]) for s in self.sec])
        self.region = np.array([COUNTIES[k][0] for k in fc])
        self.city = np.array([COUNTIES[k][2] for k in fc])
        self.key = (size >= 300).astype(int)
        used = set()
        self.ids = [credit_code(rng, r, used) for r in self.region]
        self.names = self._names()
        # Life span: births (ramp-up) and closures of small firms.
        born = np.full(n, 0)
        newborn = rng.random(n) < 0.11
        newborn &= size < 400
        born[newborn] = rng.integers(1, T - 6, newborn.sum())
        ramp = np.where(newborn, rng.integers(2, 11, n), 0)
        closed = np.full(n, T)  # first month without rows
        hazard = np.where(size < 40, 0.0011, 0.0)
        for i in np.where(hazard > 0)[0]:
            life = rng.geometric(hazard[i])
            c = born[i] + ramp[i] + 3 + life
            if c < T:
                closed[i] = c
        self.born, self.ramp, self.closed = born, ramp, closed
        # Target employment: size x growth x season x festival x cycle x events, then AR(1) t noise.
        t = np.arange(T)
        growth = np.array([city_trend[c] for c in self.city]) + rng.normal(0, 0.02, n)
        log_e = np.log(size)[:, None] + (growth[:, None] / 12) * (t - T / 2)[None, :]
        seas = np.zeros((n, T))
        for s, pat in SEASON.items():
            m = self.sec == s
            seas[m] = np.array(pat)[moy][None, :] * rng.lognormal(0, 0.3, m.sum())[:, None]
        # Tourism decoys: hospitality in those counties swings by the given ratio every year.
        self.tour_profile = np.array([0.0, 0.05, 0.2, 0.45, 0.7, 0.8, 1.0, 1.0, 0.85, 0.75, 0.2, 0.0])
        for code, ratio in TOURISM.items():
            m = (self.region == code) & (self.sec == "H")
            seas[m] = (np.log(ratio) * self.tour_profile[moy] - np.log(ratio) / 2)[None, :]
        fshare = festival_share(t0, T)
        self.fshare = fshare
        for s, dip in FESTIVAL_DIP.items():
            m = self.sec == s
            seas[m] -= dip * fshare[None, :] * 2.2
        log_e += seas
        # Business cycle: one slow recession and one abrupt one (province-wide), each firm with
        # its own sensitivity and lag.
        depth = np.zeros(T)
        slow_start = self._pick_month(month_index("2019-09"), month_index("2020-12"))
        slow_len = int(rng.integers(12, 19))
        slow_mag = rng.uniform(0.045, 0.07)
        for k in range(T):
            d = k - slow_start
            if 0 <= d < slow_len:
                depth[k] += slow_mag * (d + 1) / slow_len
            elif slow_len <= d < slow_len + 4:
                depth[k] += slow_mag
            elif d >= slow_len + 4:
                depth[k] += max(0.0, slow_mag * (1 - (d - slow_len - 4) / 14))
        ab_start = self._pick_month(max(self.t0 + slow_start + slow_len + 22, month_index("2022-06")), month_index("2024-09"))
        ab_len = int(rng.integers(4, 8))
        ab_mag = rng.uniform(0.06, 0.09)
        for k in range(T):
            d = k - ab_start
            if 0 <= d < ab_len:
                depth[k] += ab_mag * min(1, (d + 1) / 2)
            elif d >= ab_len:
                depth[k] += max(0.0, ab_mag * (1 - (d - ab_len + 1) / 9))
        self.add_truth("gradual_deterioration", PROVINCE, "ALL", "", slow_start, slow_start + slow_len - 1, slow_mag,
                       note="slow recession")
        self.add_truth("province_shock", PROVINCE, "ALL", "", ab_start, ab_start + ab_len - 1, ab_mag,
                       note="abrupt recession")
        sens = np.array([SECTIONS[s][3] for s in self.sec]) * rng.lognormal(0, 0.45, n)
        lag = rng.integers(0, 3, n)
        cyc = np.zeros((n, T))
        for L in range(3):
            m = lag == L
            dl = np.concatenate([np.zeros(L), depth[:T - L]])
            cyc[m] = -sens[m, None] * dl[None, :]
        event = np.zeros((n, T))  # log effect of events (job loss), on true employment
        self._sector_events(event, rng)
        self.layoff_firms = self._layoffs(event, size, rng)
        self.expansion = self._expansion(event, size, rng)
        log_e += cyc + event
        # Births ramp up: the first `ramp` months at a growing share of target.
        for i in np.where(newborn)[0]:
            r = min(ramp[i], T - born[i])
            k = np.arange(r)
            log_e[i, born[i]:born[i] + r] += np.log((k + 1) / (ramp[i] + 1) * 0.85 + 0.1)
        # Firm noise: AR(1) with Student-t(3) innovations, scale shrinking with size.
        scale = 0.008 + 0.07 / np.sqrt(size)
        eps = rng.standard_t(3, (n, T)) / np.sqrt(3) * scale[:, None]
        u = np.zeros((n, T))
        u[:, 0] = eps[:, 0] * 2
        for k in range(1, T):
            u[:, k] = 0.8 * u[:, k - 1] + eps[:, k]
        alive = (t[None, :] >= born[:, None]) & (t[None, :] < closed[:, None])
        self.alive = alive
        head = np.where(alive, np.maximum(1, np.round(np.exp(log_e + u))), 0).astype(np.int64)
        self.head_true = head
        self.loss_share = self._loss_share(cyc + event, head)
        self.size = size
        self.cyc_depth = depth
        # Wages per head: section level, firm level, 6 %/yr growth, year-end bonus the month
        # before the festival month, a little noise; the cycle bites wages too.
        wage0 = np.array([SECTIONS[s][2] for s in self.sec]) * rng.lognormal(0, 0.25, n)
        wgrowth = 0.06 / 12 * t
        bonus = np.zeros(T)
        for y, (m, d) in FESTIVAL.items():
            k = y * 12 + m - 1 - 1 - t0
            if 0 <= k < T:
                bonus[k] = 1
        bonus_size = np.where(np.isin(self.sec, ["J", "I", "D"]), 0.9, 0.35) * rng.uniform(0.5, 1.5, n)
        wnoise = rng.normal(0, 0.02, (n, T))
        perhead = wage0[:, None] * np.exp(wgrowth[None, :] + 0.5 * cyc + wnoise) * (1 + bonus_size[:, None] * bonus[None, :])
        self.perhead = perhead
        self.wages = np.round(head * perhead)
        self.days_late = np.zeros((n, T), dtype=np.int64)
        small_late = rng.random((n, T)) < 0.05
        self.days_late[small_late] = rng.integers(1, 12, small_late.sum())
        rare = (rng.random((n, T)) < 0.0015) & (size[:, None] < 50)
        self.days_late[rare] = rng.integers(31, 50, rare.sum())
        self.arrears = np.zeros((n, T))
        self._wage_arrears(rng)
        # Insurance: a firm-specific coverage; insured follows headcount a month late for part
        # of the hires; ordinary churn gives enrolled and separated every month.
        cov = np.clip(rng.beta(12, 2, n), 0.55, 1.0)
        ins = np.round(head * cov[:, None])
        lagged = np.concatenate([ins[:, :1], ins[:, :-1]], axis=1)
        ins = np.where(alive, np.round(0.75 * ins + 0.25 * np.maximum(lagged, 0)), 0)
        ins = np.where(alive, np.maximum(ins, 1), 0)
        # Closure month: everyone separated, then no row.
        for i in np.where(closed < T)[0]:
            c = closed[i] - 1
            if c >= 0 and alive[i, c]:
                ins[i, c] = 0
        self.ins_true = ins.astype(np.int64)
        prev = np.concatenate([ins[:, :1], ins[:, :-1]], axis=1)
        prev = np.where(np.concatenate([alive[:, :1], alive[:, :-1]], axis=1), prev, 0)
        d = ins - prev
        churn = rng.poisson(np.maximum(prev, 0) * rng.uniform(0.008, 0.03, n)[:, None])
        churn = np.minimum(churn, prev)
        self.enrolled = np.where(alive, churn + np.maximum(d, 0), 0).astype(np.int64)
        self.separated = np.where(alive, churn + np.maximum(-d, 0), 0).astype(np.int64)
        # What the files report (true values, then the data problems).
        self.head_rep = head.copy()
        self.wage_rep = self.wages.copy()
        self.ins_rep = self.ins_true.copy()
        self._firm_quiet_cases(rng)
        self._breaks(rng)
        self._claims(rng)
        self._survey(rng)

    # ---- helpers ------------------------------------------------------------------------------
    def _pick_month(self, lo, hi):
        lo = max(lo - self.t0, 25)
        hi = min(max(hi - self.t0, lo), self.T - 10)
        lo = min(lo, hi)  # a short span: as late as the data allow
        return int(self.rng.integers(lo, hi + 1))

    def add_truth(self, type_, region, sector, ent, start, end, mag, cause="", signal="", note=""):
        self.truth.append(dict(type=type_, region=region, sector=sector, ent=ent, start=start, end=min(end, self.T - 1), mag=mag,
                               cause=cause, signal=signal))

    def _names(self):
        rng = self.rng
        out = []
        suffix = ["有限公司", "有限责任公司", "股份有限公司"]
        for i in range(self.n):
            c = COUNTIES[self.county[i]]
            brand = "".join(rng.choice(BRANDS, 2))
            out.append(f"{c[3]}{brand}{SECTIONS[self.sec[i]][4]}{suffix[rng.integers(0, 3)]}")
        return out

    def _cells(self, mask):
        return np.where(mask)[0]

    def _sector_events(self, event, rng):
        T = self.T
        # Sector downturn: one city x section with enough firms; 3-month slide, hold, 12-month recovery.
        cand = [(c, s) for c in self.cities for s in ("C", "B", "E", "F", "G")
                if ((self.city == c) & (self.sec == s)).sum() >= 25]
        rng.shuffle(cand)
        used = set()
        k = self._pick_month(self.t0 + 40, self.t0 + self.T - 16)
        for (c, s) in cand[:1]:
            mag = rng.uniform(0.18, 0.3)
            hold = int(rng.integers(4, 9))
            prof = np.zeros(T)
            for j in range(T):
                d = j - k
                if 0 <= d < hold:
                    prof[j] = min(1, (d + 1) / 3)
                elif d >= hold:
                    prof[j] = max(0, 1 - (d - hold + 1) / 12)
            m = (self.city == c) & (self.sec == s)
            event[m] += np.log(1 - mag * prof)[None, :] * self.rng.uniform(0.6, 1.4, m.sum())[:, None]
            self.add_truth("sector_downturn", c, s, "", k, k + hold - 1, mag)
            used.add((c, s))
        # Gradual deterioration of one city's sector: linear slide over 10-16 months, then it stays.
        k = self._pick_month(self.t0 + 37, self.t0 + self.T - 18)
        for (c, s) in [x for x in cand if x not in used and x[0] != 510100][:1]:
            mag = rng.uniform(0.1, 0.16)
            dur = int(rng.integers(10, 17))
            prof = np.clip((np.arange(T) - k + 1) / dur, 0, 1)
            m = (self.city == c) & (self.sec == s)
            event[m] += np.log(1 - mag * prof)[None, :]
            self.add_truth("gradual_deterioration", c, s, "", k, k + dur - 1, mag)

    def _layoffs(self, event, size, rng):
        keys = np.where((self.key == 1) & (self.born == 0) & (self.closed == self.T))[0]
        picks = rng.choice(keys, min(len(keys), 6), replace=False)
        out = []
        for i in picks:
            k = self._pick_month(self.t0 + 37, self.t0 + self.T - 4)
            share = rng.uniform(0.15, 0.45)
            event[i, k:] += np.log(1 - share)
            self.add_truth("mass_layoff", self.region[i], self.sec[i], self.ids[i], k, k, share)
            out.append(i)
        return out

    def _expansion(self, event, size, rng):
        keys = [i for i in np.where((self.key == 1) & (self.born == 0) & (self.closed == self.T))[0]
                if i not in self.layoff_firms]
        i = int(rng.choice(keys))
        k = self._pick_month(self.t0 + 37, self.t0 + self.T - 14)
        gap = int(rng.integers(4, 8))
        event[i, k:] += np.log(1.15)
        event[i, k + gap:] += np.log(1.32)
        self.add_truth("none", self.region[i], self.sec[i], self.ids[i], k, min(self.T - 1, k + gap + 2), 0.52,
                       cause="decoy_expansion", signal="headcount")
        return i

    def _wage_arrears(self, rng):
        cands = [i for i in np.where((self.size >= 60) & (self.born == 0) & (self.closed == self.T))[0]
                 if i not in self.layoff_firms and i != getattr(self, "expansion", -1)]
        picks = rng.choice(cands, 4, replace=False)
        self.arrears_firms = list(picks)
        for i in picks:
            k = self._pick_month(self.t0 + 37, self.t0 + self.T - 8)
            dur = int(rng.integers(4, 7))
            mag = rng.uniform(0.3, 0.6)
            owed = 0.0
            for j in range(dur):
                frac = mag * (j + 1) / dur
                unpaid = self.wages[i, k + j] * frac
                owed += unpaid
                self.wages[i, k + j] -= np.round(unpaid)
                self.days_late[i, k + j] = int(10 + 45 * (j + 1) / dur)
                self.arrears[i, k + j] = np.round(0.3 * owed)
            self.wages[i, k + dur] += np.round(owed)  # repaid the month after
            self.days_late[i, k + dur] = 3
            self.add_truth("wage_arrears", self.region[i], self.sec[i], self.ids[i], k, k + dur - 1, mag)

    def _loss_share(self, log_effect, head):
        """Per city and month, the share of employment lost to the cycle and events (for the survey)."""
        out = {}
        w = np.where(head > 0, head, 0).astype(float)
        for c in self.cities:
            m = self.city == c
            ww = w[m].mean(axis=1)
            out[c] = 1 - (ww[:, None] * np.exp(log_effect[m])).sum(axis=0) / max(ww.sum(), 1)
        ww = w.mean(axis=1)
        out[PROVINCE] = 1 - (ww[:, None] * np.exp(log_effect)).sum(axis=0) / ww.sum()
        return out

    def _firm_quiet_cases(self, rng):
        T, n = self.T, self.n
        for i in np.where(self.born > 0)[0]:
            self.add_truth("none", self.region[i], self.sec[i], self.ids[i], self.born[i],
                           min(T - 1, self.born[i] + self.ramp[i]), float(self.ramp[i]), cause="firm_birth", signal="headcount")
        for i in np.where(self.closed < T)[0]:
            c = self.closed[i] - 1
            self.add_truth("none", self.region[i], self.sec[i], self.ids[i], c, c, float(self.head_true[i, c]),
                           cause="firm_closure", signal="insured")
        busy = set(self.layoff_firms) | {self.expansion} | set(self.arrears_firms)

        def firm(lo, hi):
            cands = np.where((self.size >= lo) & (self.size < hi) & (self.born == 0) & (self.closed == T))[0]
            while True:
                i = int(rng.choice(cands))
                if i not in busy:
                    busy.add(i)
                    return i

        for rep in range(2):
            i, k = firm(80, 2000), self._pick_month(self.t0 + 36, self.t0 + T - 3)
            self.head_rep[i, k] *= 10
            self.add_truth("none", self.region[i], self.sec[i], self.ids[i], k, k, 10, cause="outlier", signal="headcount")
            i, k = firm(80, 2000), self._pick_month(self.t0 + 36, self.t0 + T - 3)
            self.head_rep[i, k] = max(1, self.head_rep[i, k] // 10)
            self.add_truth("none", self.region[i], self.sec[i], self.ids[i], k, k, 0.1, cause="outlier", signal="headcount")
            i, k = firm(50, 2000), self._pick_month(self.t0 + 36, self.t0 + T - 3)
            self.wage_rep[i, k] *= 100
            self.add_truth("none", self.region[i], self.sec[i], self.ids[i], k, k, 100, cause="outlier", signal="wages_cny")
            i, k = firm(80, 2000), self._pick_month(self.t0 + 36, self.t0 + T - 3)
            self.ins_rep[i, k] *= 10
            self.add_truth("none", self.region[i], self.sec[i], self.ids[i], k, k, 10, cause="outlier", signal="insured")

    def _breaks(self, rng):
        T = self.T
        # Quiet: a county's insured count steps to x0.85 while payroll holds.
        counts = {c[0]: int((self.region == c[0]).sum()) for c in COUNTIES}
        cands = [c for c, k in counts.items() if k >= min(80, max(counts.values()))]
        cty = int(rng.choice(cands))
        k = self._pick_month(self.t0 + 37, self.t0 + T - 12)
        m = self.region == cty
        self.ins_rep[m, k:] = np.round(self.ins_rep[m, k:] * 0.85)
        self.add_truth("none", cty, "ALL", "", k, T - 1, 0.85, cause="break", signal="insured")
        self.break_county = (cty, k)
        # Event: a city narrows its definition of insured by 10 % (a data-quality event).
        sizes = {c: int((self.city == c).sum()) for c in self.cities if c != cty // 100 * 100 and c != 510100}
        cities = [c for c, k in sizes.items() if k >= min(100, max(sizes.values()))]
        city = int(rng.choice(cities))
        k2 = self._pick_month(self.t0 + 37, self.t0 + T - 12)
        m = self.city == city
        self.ins_rep[m, k2:] = np.round(self.ins_rep[m, k2:] * 0.9)
        self.add_truth("data_break", city, "ALL", "", k2, T - 1, 0.10)

    def _claims(self, rng):
        """New claims by county x section: a small share of ordinary separations every month, more
        in the first quarter (seasonal contracts end), and most of any net fall in true headcount."""
        T = self.T
        head = self.head_true.astype(float)
        prev = np.concatenate([head[:, :1], head[:, :-1]], axis=1)
        fall = np.where(self.alive, np.maximum(prev - head, 0), 0)
        closing = np.zeros_like(head)
        for i in np.where(self.closed < T)[0]:
            closing[i, self.closed[i] - 1] = head[i, self.closed[i] - 2] if self.closed[i] >= 2 else 0
        qfac = np.array([1.35, 1.5, 1.25, 1.0, 0.95, 0.9, 1.0, 0.95, 0.9, 0.9, 0.95, 1.1])[self.months % 12]
        rows = {}
        for ci, c in enumerate(COUNTIES):
            for s in SECTIONS:
                m = (self.region == c[0]) & (self.sec == s)
                if m.sum() == 0:
                    continue
                lam = 0.0035 * head[m].sum(axis=0) * qfac + 0.3 * fall[m].sum(axis=0) + 0.25 * closing[m].sum(axis=0)
                nc = rng.poisson(lam)
                rows[(c[0], s)] = nc
        # Outliers: a county's claims x10 in one month (twice, two counties).
        self.claims_outliers = []
        for rep in range(2):
            cty = COUNTIES[int(rng.integers(0, len(COUNTIES)))][0]
            k = self._pick_month(self.t0 + 36, self.t0 + T - 3)
            for (r, s), v in rows.items():
                if r == cty:
                    v[k] *= 10
            self.add_truth("none", cty, "ALL", "", k, k, 10, cause="outlier", signal="new_claims")
        recip = {}
        for key, v in rows.items():
            r = np.zeros(T)
            level = v[:12].mean() * 6.5
            for k in range(T):
                level = level * (1 - 1 / 6.5) + v[k]
                r[k] = level
            recip[key] = np.round(r).astype(np.int64)
        self.claims, self.recip = rows, recip

    def _survey(self, rng):
        T = self.T
        moy = self.months % 12
        self.rate = {}
        self.youth = {}
        self.reg = {}
        season = np.array([0.05, 0.30, 0.15, 0.0, -0.05, 0.0, 0.10, 0.05, -0.05, -0.1, -0.1, -0.05])[moy]
        grad = np.array([0, 0, 0, 0, 0, 0.8, 4.2, 3.1, 1.2, 0, 0, 0])[moy]
        for c in self.cities + [PROVINCE]:
            base = 5.0 if c == PROVINCE else rng.uniform(4.2, 5.2)
            ar = np.zeros(T)
            for k in range(1, T):
                ar[k] = 0.6 * ar[k - 1] + rng.normal(0, 0.07 if c == PROVINCE else 0.1)
            loss = self.loss_share[c] * 100
            lagged = np.concatenate([[loss[0]] * 1, loss[:-1]])
            r = base + season + ar + 0.22 * lagged
            self.rate[c] = np.round(np.clip(r, 1.5, 15), 1)
            yb = rng.uniform(11, 16)
            self.youth[c] = np.round(np.clip(yb + grad * rng.uniform(0.8, 1.2) + 2.2 * (r - base) + rng.normal(0, 0.35, T), 3, 40), 1)
            reg = np.zeros(T)
            for k in range(T):
                reg[k] = 0.72 * np.mean(r[max(0, k - 5):k - 2]) if k >= 3 else 0.72 * r[0]
            # A small city's loss share can swing far below 0 (one large firm hiring): rates stay in range.
            self.reg[c] = np.round(np.clip(reg, 0.5, 15), 1)
        # Graduation season every year (province-wide, every city's youth rate).
        for y in range(self.t0 // 12, (self.t0 + T - 1) // 12 + 1):
            s, e = y * 12 + 5 - self.t0, y * 12 + 8 - self.t0
            if s >= 0 and e < T:
                self.add_truth("none", PROVINCE, "ALL", "", s, e, 4.2, cause="graduation_season",
                               signal="youth_unemployment_rate")
        # Tourism decoys, one row per year and county.
        for code in TOURISM:
            for y in range(self.t0 // 12, (self.t0 + T - 1) // 12 + 1):
                s, e = max(0, y * 12 - self.t0), min(T - 1, y * 12 + 11 - self.t0)
                if s <= e:
                    self.add_truth("none", code, "H", "", s, e, TOURISM[code], cause="decoy_seasonal",
                                   signal="payroll_headcount")
        # Outlier: a city's surveyed rate x10 in one month.
        c = int(rng.choice([x for x in self.cities if x != 510100]))
        k = self._pick_month(self.t0 + 36, self.t0 + T - 3)
        self.rate[c] = self.rate[c].copy()
        self.rate[c][k] = np.round(self.rate[c][k] * 10, 1)
        self.add_truth("none", c, "ALL", "", k, k, 10, cause="outlier", signal="surveyed_unemployment_rate")

    # ---- writing ------------------------------------------------------------------------------
    def write(self, out, gz=True):
        os.makedirs(out, exist_ok=True)
        T, n = self.T, self.n
        mt = [month_text(self.t0 + k) for k in range(T)]

        def opener(name, big):
            path = os.path.join(out, name + (".csv.gz" if big and gz else ".csv"))
            raw = open(path, "wb")
            if big and gz:
                return raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
            return raw, raw

        def emit(name, big, header, lines):
            raw, f = opener(name, big)
            w = io.TextIOWrapper(f, encoding="utf-8", newline="")
            w.write(header + "\n")
            for chunk in lines:
                w.write(chunk)
            w.flush()
            w.detach()
            if f is not raw:
                f.close()
            raw.close()

        # Enterprises: the registry, every firm that ever reports.
        emit("enterprises", False, "enterprise_id,name,region_code,sector,key_enterprise",
             (f"{self.ids[i]},{self.names[i]},{self.region[i]},{self.div[i]:02d},{self.key[i]}\n" for i in range(n)))
        alive = self.alive

        def firm_months(row):
            """One line per live firm and month, month by month: `row(i, k)` for firm i in month k."""
            for k in range(T):
                yield "".join(row(i, k) for i in np.where(alive[:, k])[0])

        def payroll_row(i, k):
            dl = self.days_late[i, k]
            return (f"{mt[k]},{self.ids[i]},{self.region[i]},{self.div[i]:02d},{self.head_rep[i, k]},"
                    f"{int(self.wage_rep[i, k])},{dl if dl else ''}\n")
        emit("payroll", True, "period,enterprise_id,region_code,sector,headcount,wages_cny,days_late", firm_months(payroll_row))

        def insurance_row(i, k):
            ar = self.arrears[i, k]
            return (f"{mt[k]},{self.ids[i]},{self.region[i]},{self.div[i]:02d},{self.ins_rep[i, k]},"
                    f"{self.enrolled[i, k]},{self.separated[i, k]},{int(ar) if ar > 0 else ''}\n")
        emit("insurance", True, "period,enterprise_id,region_code,sector,insured,enrolled,separated,arrears_cny",
             firm_months(insurance_row))

        def claims():
            keys = sorted(self.claims)
            for k in range(T):
                yield "".join(f"{mt[k]},{r},{s},{self.claims[(r, s)][k]},{self.recip[(r, s)][k]}\n" for r, s in keys)
        emit("claims", True, "period,region_code,sector,new_claims,recipients", claims())
        self._write_transport(emit)
        self._write_survey(emit, mt)
        self._write_truth(out, mt)

    def _write_transport(self, emit):
        import datetime
        rng = self.rng
        days = day_list(self.t0, self.t0 + self.T - 1)
        ords = np.array([d[4] for d in days])
        dow = np.array([datetime.date.fromordinal(int(o)).weekday() for o in ords])
        weekly = np.array([0.95, 0.9, 0.92, 0.97, 1.2, 1.05, 1.18])[dow]
        fest = np.array([datetime.date(y, m, d).toordinal() for y, (m, d) in sorted(FESTIVAL.items())])
        # Days from the nearest festival.
        rel = ords[:, None] - fest[None, :]
        idx = np.argmin(np.abs(rel), axis=1)
        dfest = rel[np.arange(len(ords)), idx]
        before = np.where((dfest >= -18) & (dfest <= -1), np.exp(-((dfest + 6) / 5.0) ** 2), 0)
        after = np.where((dfest >= 1) & (dfest <= 40), np.exp(-((dfest - 9) / 8.0) ** 2), 0)
        tmonth = np.array([d[0] for d in days]) - self.t0
        # Migrant outflow shortfall: one city, after one festival, departures short by 30-40 %.
        cands = [c for c in self.cities if c != 510100 and any(x[2] == c and x[4] for x in COUNTIES)]
        city = int(rng.choice(cands))
        years = [y for y in FESTIVAL if self.t0 + 37 <= y * 12 + FESTIVAL[y][0] - 1 <= self.t0 + self.T - 3]
        fy = int(rng.choice(years))
        short = rng.uniform(0.3, 0.4)
        fo = datetime.date(fy, *FESTIVAL[fy]).toordinal()
        sm = fy * 12 + FESTIVAL[fy][0] - 1 - self.t0
        end = datetime.date.fromordinal(fo + 40)
        self.add_truth("migrant_outflow_shortfall", city, "ALL", "", sm, end.year * 12 + end.month - 1 - self.t0, short)
        rail = [c for c in COUNTIES if c[4]]
        oc = rail[int(rng.integers(0, len(rail)))]
        od = int(rng.integers(len(days) // 3, len(days) - 60))
        self.add_truth("none", oc[0], "ALL", "", int(tmonth[od]), int(tmonth[od]), 10, cause="outlier",
                       signal="rail_departures")
        cols = {}
        for c in COUNTIES:
            code, city_c, has_rail = c[0], c[2], c[4]
            if not has_rail:
                continue
            base = (9000 if city_c == 510100 else 2500) * rng.lognormal(0, 0.4)
            trend = np.exp(0.04 / 365 * (ords - ords[0]))
            cycle = 1 - 0.8 * self.cyc_depth[tmonth]
            noise = rng.lognormal(0, 0.06, len(days))
            if city_c == 510100:
                dep_f = 1 + 1.4 * before + 0.3 * after
                arr_f = 1 + 0.2 * before + 1.3 * after
            else:
                a = 2.2 * after
                if city_c == city:
                    a = np.where((ords - fo >= 1) & (ords - fo <= 40), a * (1 - short), a)
                dep_f = 1 + 0.3 * before + a
                arr_f = 1 + 2.0 * before + 0.25 * after
            dep = base * weekly * trend * cycle * noise * np.maximum(dep_f, 0.2)
            arr = base * weekly * trend * cycle * rng.lognormal(0, 0.06, len(days)) * arr_f
            dep = np.round(dep).astype(np.int64)
            arr = np.round(arr).astype(np.int64)
            if code == oc[0]:
                dep[od] *= 10
            pop = base * 40 * trend * (1 + 0.06 * before - 0.05 * after) * rng.lognormal(0, 0.01, len(days))
            cols[code] = (dep, arr, np.round(pop).astype(np.int64), np.round(arr * 3.1).astype(np.int64),
                          np.round(dep * 3.0).astype(np.int64))
        codes = sorted(cols)

        def lines():
            for j, d in enumerate(days):
                date = f"{d[1]:04d}-{d[2]:02d}-{d[3]:02d}"
                yield "".join(f"{date},{c},{cols[c][0][j]},{cols[c][1][j]},{cols[c][2][j]},{cols[c][3][j]},{cols[c][4][j]}\n"
                              for c in codes)
        emit("transport", True, "date,region_code,rail_departures,rail_arrivals,mobile_population,mobile_inflow,mobile_outflow",
             lines())

    def _write_survey(self, emit, mt):
        rng = self.rng
        T = self.T
        jobs, vac, seek = {}, {}, {}
        for c in self.cities:
            m = self.city == c
            hires = self.enrolled[m].sum(axis=0)
            jobs[c] = np.round(hires * 1.6 * rng.lognormal(0, 0.05, T)).astype(np.int64)
            vac[c] = np.round(hires * 2.2 * (1 - 3 * self.loss_share[c]) * rng.lognormal(0, 0.06, T)).clip(0).astype(np.int64)
            seek[c] = np.round(hires * 1.9 * (1 + 4 * self.loss_share[c]) * rng.lognormal(0, 0.06, T)).clip(0).astype(np.int64)

        def lines():
            for k in range(T):
                buf = []
                for c in self.cities:
                    buf.append(f"{mt[k]},{c},,{self.rate[c][k]:.1f},{self.youth[c][k]:.1f},{self.reg[c][k]:.1f},"
                               f"{jobs[c][k]},{vac[c][k]},{seek[c][k]}\n")
                c = PROVINCE
                buf.append(f"{mt[k]},{c},,{self.rate[c][k]:.1f},{self.youth[c][k]:.1f},{self.reg[c][k]:.1f},"
                           f"{sum(jobs[x][k] for x in self.cities)},{sum(vac[x][k] for x in self.cities)},"
                           f"{sum(seek[x][k] for x in self.cities)}\n")
                yield "".join(buf)
        emit("survey", False, "period,region_code,group,surveyed_unemployment_rate,youth_unemployment_rate,"
             "registered_unemployment_rate,new_urban_jobs,job_vacancies,job_seekers", lines())

    def _write_truth(self, out, mt):
        with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("event_id,type,region_code,sector,enterprise_id,start,end,magnitude,cause,signal\n")
            events = [e for e in self.truth if e["type"] != "none"] + [e for e in self.truth if e["type"] == "none"]
            for j, e in enumerate(events, 1):
                prefix = "Q" if e["type"] == "none" else "E"
                f.write(f"{prefix}{j:05d},{e['type']},{e['region']},{e['sector'] or 'ALL'},{e['ent']},{mt[e['start']]},"
                        f"{mt[e['end']]},{e['mag']:.3f},{e['cause']},{e['signal']}\n")


if __name__ == "__main__":
    main()
