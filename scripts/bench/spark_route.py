"""The Spark route against one process (issue 13, "Beyond one machine"): the province's
payroll cells computed by `jobsentry aggregate --rollup` in one process, and by
scripts/spark/aggregate_payroll.py (Spark local mode: `aggregate` as the map step on each
partition, `merge --rollup` as the reduce step), both of its splits (whole files per task,
and Spark-read lines), on the same files in the same run.

    swift build -c release --product jobsentry
    pip install pyspark                      # Java 17 must be on the machine
    python3 scripts/bench/spark_route.py --jobsentry .build/release/jobsentry \
        --work /tmp/spark-bench [--partitions 8] FILE...

FILE is one or more payroll files, best one month per file (for example the province's
`payroll.csv.gz` from `jobsentry generate --scale province`, split by month). Prints wall time, CPU seconds (user + system of
the whole process tree) and peak RSS of each route, and whether the two outputs are equal
byte for byte; exits non-zero when they differ.

CPU seconds and peak RSS cover the whole process tree: the script puts each route in a
cgroup (v1 cpuacct, so it runs as root) and sums the resident sets of the group's processes
every 0.1 s (the JVM, its Python workers and the jobsentry processes they start).
"""
import argparse
import filecmp
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


CGROUP = "/sys/fs/cgroup/cpuacct"  # cgroup v1 CPU accounting (root): counts every process of the tree


def tree_rss_mib(group):
    """Sum of the resident sets of every process now in the cgroup, in MiB."""
    total = 0
    try:
        with open(os.path.join(group, "cgroup.procs")) as f:
            pids = f.read().split()
    except OSError:
        return 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1])
        except OSError:
            pass  # the process ended between the two reads
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(name, cmd):
    """Runs cmd in a fresh CPU-accounting cgroup; returns (wall s, CPU s, peak RSS MiB).

    CPU is the cgroup's usage: every process of the tree, including the JVM that PySpark
    starts and does not wait for, which /usr/bin/time would miss. Peak RSS is the largest
    sum of the tree's resident sets, sampled every 0.1 s."""
    group = os.path.join(CGROUP, f"jobsentry-bench-{name}-{os.getpid()}")
    os.mkdir(group)
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(["sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "sh"] + cmd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = 0.0
        while p.poll() is None:
            peak = max(peak, tree_rss_mib(group))
            time.sleep(0.1)
        wall = time.perf_counter() - t0
        err = p.stderr.read()
        wait_empty(group)  # stragglers (the JVM) leave the group before it is read
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
        with open(os.path.join(group, "cpuacct.usage")) as f:
            cpu = int(f.read()) / 1e9
        return wall, cpu, peak
    finally:
        try:
            os.rmdir(group)
        except OSError as e:  # a process still in it: say so, without hiding why the run stopped
            print(f"spark_route.py: cgroup {group} left behind: {e}", file=sys.stderr)


def wait_empty(group, timeout=60.0):
    """Waits until no process is left in the cgroup, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(os.path.join(group, "cgroup.procs")) as f:
            if not f.read().split():
                return
        time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobsentry", required=True)
    ap.add_argument("--work", required=True, help="directory for the outputs")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--skip-lines", action="store_true",
                    help="time only the whole-files split, not the Spark-read lines (slow)")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    exe = os.path.abspath(a.jobsentry)
    single_out = os.path.join(a.work, "single.csv")
    rows = 0
    for f in a.files:
        if not f.endswith(".gz"):
            with open(f, "rb") as fh:
                rows += sum(1 for _ in fh) - 1
    print(f"load: {os.getloadavg()[0]:.2f}  files: {len(a.files)}  rows: {rows or 'n/a (.gz)'}")
    single = timed("single", [exe, "aggregate", "--kind", "payroll", "--rollup", "--out", single_out] + a.files)
    routes = [("files", "Spark local[2], whole files per task")]
    if not a.skip_lines:
        routes.append(("lines", "Spark local[2], Spark-read lines piped to each task"))
    results = []
    for split, label in routes:
        out = os.path.join(a.work, f"spark-{split}.csv")
        t = timed(f"spark-{split}", [sys.executable, os.path.join(ROOT, "scripts/spark/aggregate_payroll.py"),
                                     "--jobsentry", exe, "--kind", "payroll", "--partitions", str(a.partitions),
                                     "--split", split, "--out", out] + a.files)
        results.append((label, t, filecmp.cmp(single_out, out, shallow=False)))
    print(f"| route ({a.partitions} partitions) | wall s | CPU s | peak RSS MiB | vs one process: wall, CPU | output equal |")
    print("|---|---|---|---|---|---|")
    print(f"| jobsentry aggregate --rollup, one process | {single[0]:.1f} | {single[1]:.1f} | {single[2]:.0f} | 1 | — |")
    for label, t, eq in results:
        print(f"| {label} (aggregate, then merge --rollup) | {t[0]:.1f} | {t[1]:.1f} | {t[2]:.0f} | "
              f"{t[0] / single[0]:.1f}x, {t[1] / single[1]:.1f}x | {'yes' if eq else 'NO'} |")
    same = all(eq for _, _, eq in results)
    print(f"load after: {os.getloadavg()[0]:.2f}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
