#!/usr/bin/env python3
"""Lead of JobSentry's alerts against NBER business-cycle peaks, and calm-period false alarms.

Reads a backtest timeline (`jobsentry backtest --out`, one row per alert per month it is open)
and the NBER dates (`nber_events.csv` of ../shared/realdata, peaks and troughs), and prints:

- per peak: for each series (region/sector) the first month, from 12 months before the peak to
  the trough, in which a job-loss alert is open on it, as months against the peak
  (negative = before the peak);
- the same for the unemployment-rate series, beside the Sahm-rule anchor of the realdata
  README (+2, +7, +1, +4, +3, +3, +2 months after the 1969 ... 2007 peaks);
- calm-period false alarms: alerts newly raised in months outside every window
  [peak - 12, trough + 12], per 10 calm series-years.

Usage: nber_lead.py TIMELINE.csv NBER.csv --from YYYY-MM --to YYYY-MM --series N [--json]
"""
import argparse
import csv
import json
import statistics

SAHM_ANCHOR = {"1969-12": 2, "1973-11": 7, "1980-01": 1, "1981-07": 4, "1990-07": 3, "2001-03": 3, "2007-12": 2}


def month(p):
    y, m = p.split("-")
    return int(y) * 12 + int(m) - 1


def label(i):
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("timeline")
    ap.add_argument("nber")
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("--series", type=int, required=True, help="series judged (for series-years)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    lo, hi = month(a.start), month(a.end)

    peaks, troughs = [], []
    with open(a.nber) as f:
        for r in csv.DictReader(f):
            (peaks if r["event"] == "nber_peak" else troughs).append(month(r["period"]))
    cycles = []
    for p in sorted(peaks):
        t = min([x for x in troughs if x > p], default=p + 12)
        if lo <= p - 12 and p <= hi:
            cycles.append((p, t))

    rows = []
    with open(a.timeline) as f:
        for r in csv.DictReader(f):
            if r["alert_id"].startswith("D-"):
                continue
            rows.append((month(r["as_of"]), r["sector"], r["rule"], r["status"]))

    out = {"peaks": [], "calm": {}}
    for p, t in cycles:
        first = {}
        for m, sector, rule, status in rows:
            if p - 12 <= m <= t and status != "resolved":
                first[sector] = min(first.get(sector, m), m)
        leads = {s: m - p for s, m in sorted(first.items())}
        out["peaks"].append({"peak": label(p), "trough": label(t), "leads": leads,
                             "alerted": len(leads), "median": statistics.median(leads.values()) if leads else None,
                             "sahm_anchor": SAHM_ANCHOR.get(label(p))})

    windows = [(p - 12, t + 12) for p, t in cycles]
    # Also every peak outside the replay whose window reaches into it.
    for p in peaks:
        t = min([x for x in troughs if x > p], default=p + 12)
        windows.append((p - 12, t + 12))
    def calm(m):
        return not any(w0 <= m <= w1 for w0, w1 in windows)
    calm_months = sum(1 for m in range(lo, hi + 1) if calm(m))
    raised = [(m, s, r) for m, s, r, status in rows if status == "new" and calm(m)]
    series_years = calm_months * a.series / 12
    out["calm"] = {"calm_months": calm_months, "series_years": round(series_years, 1), "new_alerts": len(raised),
                   "per_10_series_years": round(10 * len(raised) / series_years, 2) if series_years else None,
                   "alerts": [f"{label(m)} {s} {r}" for m, s, r in raised]}
    if a.json:
        print(json.dumps(out, indent=1))
        return
    print("peak     trough   alerted  median  leads by series (months against the peak)   Sahm anchor")
    for c in out["peaks"]:
        leads = " ".join(f"{s}:{v:+d}" for s, v in c["leads"].items())
        med = f"{c['median']:+.1f}" if c["median"] is not None else "  —"
        anchor = f"+{c['sahm_anchor']}" if c["sahm_anchor"] is not None else ""
        print(f"{c['peak']}  {c['trough']}  {c['alerted']:7d}  {med:>6}  {leads}   {anchor}")
    cm = out["calm"]
    print(f"calm: {cm['calm_months']} months, {cm['series_years']} series-years, {cm['new_alerts']} alerts raised, "
          f"{cm['per_10_series_years']} per 10 calm series-years")
    for x in cm["alerts"]:
        print("  " + x)


if __name__ == "__main__":
    main()
