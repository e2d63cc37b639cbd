"""Province-scale store benchmark (issue 13): JobSentry's cron job and analyst commands on the
files of `jobsentry generate --scale province`, with DuckDB's `read_csv` into a table on the
same files in the same run.

    swift build -c release --product jobsentry
    python3 scripts/bench/province_store.py --work /tmp/province-bench [--repeat 3] [--seed 7]
    python3 scripts/bench/province_store.py --work /tmp/mil --enterprises 1000000 --no-analyst

--enterprises N generates a province of N enterprises (1,000,000 for issue 13's large target);
--no-analyst stops after step 4 and the DuckDB load (steps 5–6 are not issue 13's 1 M targets);
--backtest-months 0 skips the backtest alone.

Steps (each JobSentry step under /usr/bin/time -v for wall time and peak RSS):
  1. generate the province once (kept in WORK/gen across runs of this script);
  2. split each dated file at its last month with DuckDB (all columns read as text, so the
     rows are written back unchanged): WORK/hist holds everything before it, WORK/month the
     last month (about 220,000 rows: the monthly cron run);
  3. first run: fresh workspace, WORK/hist in its inbox, `jobsentry run`;
  4. monthly run: the last month's files added to the inbox, `jobsentry run` again;
  5. analyst commands: alerts, explain (first alert), report, scenario with one shock;
  6. backtest over the last 36 months;
  7. DuckDB: CREATE TABLE … AS SELECT * FROM read_csv(…) for payroll and insurance into a
     DuckDB file; the cell GROUP BY; every enterprise's headcount list.
Prints one table; medians over --repeat runs of steps 3–4 and 7 (5–6 once).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIME = "/usr/bin/time"
# CPU seconds (user + system) of the last run of each command: on a shared machine the
# wall time depends on the other load, the CPU time much less.
CPU = {}


def timed(cmd, env=None, stdout=subprocess.DEVNULL):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS MiB, stderr text)."""
    t0 = time.perf_counter()
    p = subprocess.run([TIME, "-v"] + cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", p.stderr).group(1)) for k in ("User", "System"))
    CPU[" ".join(cmd[:2])] = cpu
    return wall, rss, p.stderr, p.stdout


def split(gen, hist, month):
    """Splits every dated file of gen at its last month (DuckDB, text columns)."""
    import duckdb
    os.makedirs(hist, exist_ok=True)
    os.makedirs(month, exist_ok=True)
    con = duckdb.connect()
    for name in sorted(os.listdir(gen)):
        src = os.path.join(gen, name)
        if name in ("truth.csv", "regions.csv", "sectors.csv", "README.md") or not name.endswith((".csv", ".csv.gz")):
            continue
        cols = con.sql(f"SELECT * FROM read_csv('{src}', all_varchar = true, header = true) LIMIT 0").columns
        if "period" in cols:
            last = con.sql(f"SELECT max(period) FROM read_csv('{src}', all_varchar = true)").fetchall()[0][0]
            cut = f"period < '{last}'"
        elif "date" in cols:
            last = con.sql(f"SELECT max(substr(date, 1, 7)) FROM read_csv('{src}', all_varchar = true)").fetchall()[0][0]
            cut = f"substr(date, 1, 7) < '{last}'"
        else:
            shutil.copy(src, hist)
            continue
        gz = "(HEADER, COMPRESSION gzip)" if name.endswith(".gz") else "(HEADER)"
        base = name.split(".")[0]
        ext = name[len(base):]
        con.sql(f"COPY (SELECT * FROM read_csv('{src}', all_varchar = true) WHERE {cut}) TO '{hist}/{base}{ext}' {gz}")
        con.sql(f"COPY (SELECT * FROM read_csv('{src}', all_varchar = true) WHERE NOT ({cut})) "
                f"TO '{month}/{base}-{last}{ext}' {gz}")
        print(f"split {name} at {last}", file=sys.stderr)


def rows(path):
    import duckdb
    return duckdb.sql(f"SELECT count(*) FROM read_csv('{path}', all_varchar = true)").fetchall()[0][0]


def duckdb_steps(gen, work):
    """DuckDB on the same files, in a subprocess under /usr/bin/time so its RSS is its own."""
    db = os.path.join(work, "peer.duckdb")
    if os.path.exists(db):
        os.remove(db)
    script = f"""
import duckdb, json, time
con = duckdb.connect({db!r})
t = {{}}
t0 = time.perf_counter()
con.sql("CREATE TABLE payroll AS SELECT * FROM read_csv('{gen}/payroll.csv.gz')")
t['payroll'] = time.perf_counter() - t0
t0 = time.perf_counter()
con.sql("CREATE TABLE insurance AS SELECT * FROM read_csv('{gen}/insurance.csv.gz')")
t['insurance'] = time.perf_counter() - t0
t0 = time.perf_counter()
con.sql("SELECT period, region_code, sector, count(*), sum(headcount), sum(wages_cny) FROM payroll GROUP BY ALL").fetchall()
t['cells'] = time.perf_counter() - t0
t0 = time.perf_counter()
con.sql("SELECT enterprise_id, list(headcount ORDER BY period) FROM payroll GROUP BY enterprise_id").fetchall()
t['enterprise_lists'] = time.perf_counter() - t0
print(json.dumps(t))
"""
    wall, rss, _, out = timed([sys.executable, "-c", script], stdout=subprocess.PIPE)
    t = json.loads(out.strip().splitlines()[-1])
    t["rss"] = rss
    t["wall"] = wall
    return t


def stage_times(log):
    """Elapsed seconds at the run's 'loaded' and 'evaluated' log lines (JSON or text)."""
    out = {}
    for line in log.splitlines():
        for stage in ("loaded", "evaluated", "published"):
            if stage in line and "elapsed_s" in line:
                m = re.search(r'elapsed_s"?[=:]\s*"?([0-9.]+)', line)
                if m:
                    out[stage] = float(m.group(1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/province-bench")
    ap.add_argument("--jobsentry", default=os.path.join(ROOT, ".build/release/jobsentry"))
    ap.add_argument("--seed", default="7")
    ap.add_argument("--scale", default="province")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--backtest-months", type=int, default=36)
    ap.add_argument("--enterprises", type=int, help="enterprises to generate (default: the scale's)")
    ap.add_argument("--no-analyst", action="store_true", help="skip the analyst commands and the backtest")
    a = ap.parse_args()
    js = a.jobsentry
    load_start = os.getloadavg()
    gen, hist, month = (os.path.join(a.work, d) for d in ("gen", "hist", "month"))
    if not os.path.exists(os.path.join(gen, "payroll.csv.gz")):
        os.makedirs(a.work, exist_ok=True)
        size = ["--enterprises", str(a.enterprises)] if a.enterprises else []
        w, r, _, _ = timed([js, "generate", "--out", gen, "--scale", a.scale, "--seed", a.seed] + size)
        print(f"generate: {w:.1f} s, {r:.0f} MiB", file=sys.stderr)
    if not os.path.isdir(month) or not os.listdir(month):
        split(gen, hist, month)
    monthly_rows = sum(rows(os.path.join(month, f)) for f in os.listdir(month))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    results = {"first": [], "monthly": [], "duckdb": []}
    ws = os.path.join(a.work, "ws")
    for i in range(a.repeat):
        shutil.rmtree(ws, ignore_errors=True)
        subprocess.run([js, "init", ws], check=True, stdout=subprocess.DEVNULL)
        for f in os.listdir(hist):
            shutil.copy(os.path.join(hist, f), os.path.join(ws, "inbox"))
        w, r, log, _ = timed([js, "run", "--workspace", ws], env=env)
        results["first"].append((w, r, stage_times(log), CPU[f"{js} run"]))
        for f in os.listdir(month):
            shutil.copy(os.path.join(month, f), os.path.join(ws, "inbox"))
        w, r, log, _ = timed([js, "run", "--workspace", ws], env=env)
        results["monthly"].append((w, r, stage_times(log), CPU[f"{js} run"]))
        results["duckdb"].append(duckdb_steps(hist, a.work))
        print(f"repeat {i + 1}: first {results['first'][-1][0]:.1f} s, monthly {results['monthly'][-1][0]:.1f} s, "
              f"duckdb load {results['duckdb'][-1]['payroll'] + results['duckdb'][-1]['insurance']:.1f} s", file=sys.stderr)

    analyst = {}
    if not a.no_analyst:
        analyst_steps(js, ws, gen, a, analyst)
    report(a, load_start, monthly_rows, results, analyst)


def analyst_steps(js, ws, gen, a, analyst):
    """Step 5 (analyst commands) and step 6 (the backtest, unless --backtest-months 0)."""
    w, r, _, out = timed([js, "alerts", "--workspace", ws], stdout=subprocess.PIPE)
    analyst["alerts"] = (w, r, CPU[f"{js} alerts"])
    first_alert = next((l.split("\t")[0] for l in out.splitlines() if "\t" in l), None)
    if first_alert:
        analyst["explain"] = timed([js, "explain", "--workspace", ws, first_alert])[:2] + (CPU[f"{js} explain"],)
    analyst["report"] = timed([js, "report", "--workspace", ws, "--out", os.path.join(a.work, "report.html")])[:2] + (CPU[f"{js} report"],)
    analyst["scenario (one shock)"] = timed([js, "scenario", "--workspace", ws, "--shock",
                                             "region=430100,sector=C,signal=payroll_headcount,change=-15%,from=2025-06,months=6"])[:2] + (CPU[f"{js} scenario"],)
    if a.backtest_months <= 0:
        return
    import duckdb
    last = duckdb.sql(f"SELECT max(period) FROM read_csv('{gen}/payroll.csv.gz', all_varchar = true)").fetchall()[0][0]
    y, m = map(int, last.split("-"))
    idx = y * 12 + m - 1 - (a.backtest_months - 1)
    start = f"{idx // 12:04d}-{idx % 12 + 1:02d}"
    analyst[f"backtest {a.backtest_months} months ({start} … {last})"] = timed(
        [js, "backtest", "--workspace", ws, "--from", start, "--to", last, "--quiet"])[:2] + (CPU[f"{js} backtest"],)


def report(a, load_start, monthly_rows, results, analyst):
    """Prints the table: medians over the repetitions, the analyst commands once."""
    import duckdb
    med = lambda xs: statistics.median(xs)
    f_w = med([x[0] for x in results["first"]]); f_r = max(x[1] for x in results["first"])
    m_w = med([x[0] for x in results["monthly"]]); m_r = max(x[1] for x in results["monthly"])
    dk = results["duckdb"]
    d_load = med([d["payroll"] + d["insurance"] for d in dk])
    size = f"{a.enterprises:,} enterprises, " if a.enterprises else ""
    print(f"\nprovince ({size}seed {a.seed}); {a.repeat} repetition(s); load average (1/5/15 min) at start "
          f"{'/'.join(f'{x:.1f}' for x in load_start)}, at end {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"| step | JobSentry | DuckDB {duckdb.__version__} | ratio |")
    print("|---|---|---|---|")
    st = results["first"][0][2]
    print(f"| first run (all history but the last month) | {f_w:.1f} s, peak {f_r:.0f} MiB "
          f"(ingest {st.get('loaded', float('nan')):.1f} s incl. load; evaluated at {st.get('evaluated', float('nan')):.1f} s) "
          f"| load payroll + insurance {d_load:.1f} s, peak {max(d['rss'] for d in dk):.0f} MiB | {f_w / d_load:.2f}× DuckDB's load |")
    sm = results["monthly"][0][2]
    print(f"| monthly run (+{monthly_rows:,} rows) | {m_w:.1f} s, peak {m_r:.0f} MiB "
          f"(ingest + load {sm.get('loaded', float('nan')):.1f} s; evaluated at {sm.get('evaluated', float('nan')):.1f} s) | — | — |")
    print(f"| DuckDB cell GROUP BY / per-enterprise lists | — | {med([d['cells'] for d in dk]):.2f} s / "
          f"{med([d['enterprise_lists'] for d in dk]):.2f} s | — |")
    for k, (w, r, c) in analyst.items():
        print(f"| {k} | {w:.1f} s, peak {r:.0f} MiB, {c:.1f} s CPU | — | — |")
    print(f"\nCPU seconds (user + system) of the last first/monthly run: {results['first'][-1][3]:.1f} / "
          f"{results['monthly'][-1][3]:.1f}")


if __name__ == "__main__":
    main()
