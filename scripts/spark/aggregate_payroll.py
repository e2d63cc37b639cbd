"""Sharded aggregation with Apache Spark: `jobsentry aggregate` as the map step and
`jobsentry merge` as the reduce step, both through RDD.pipe (standard input to
standard output). The result equals `jobsentry aggregate --rollup` on the same files
in one run, because the aggregates are sums and counts (rates are recomputed after
the merge).

    pip install pyspark        # Java 17 is needed; local mode, no cluster
    python3 scripts/spark/aggregate_payroll.py --jobsentry .build/release/jobsentry \
        --kind payroll --partitions 8 --out payroll-cells.csv inbox/payroll-*.csv

Two ways to split the work (--split):
  files  (default) each task runs `jobsentry aggregate` on whole files, read from storage
         every worker sees (a shared or distributed file system). The rows never pass
         through Spark, so the cost is the single-machine cost plus Spark's own start-up,
         .gz and GB18030 files are read as they are, and rows repeating an (enterprise,
         month) inside one file are found. Give one month per file so that repeats across
         months cannot hide in different tasks.
  lines  Spark reads the files (textFile) and pipes each partition's lines to
         `aggregate` on standard input. For input that only Spark can reach; every row
         goes through a Python worker, which costs about 30 times the CPU of the
         single-machine run (BENCHMARKS.md, "The Spark route"). Spark decodes text as
         UTF-8: convert GB18030 files first (iconv -f GB18030 -t UTF-8). Repeated rows of
         one enterprise and month that fall into different partitions are not seen.

On a cluster, ship the binary with --files and call it as ./jobsentry.
"""
import argparse
import os
import subprocess
import sys

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobsentry", required=True, help="path of the jobsentry executable")
    ap.add_argument("--kind", default="payroll")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--split", choices=["files", "lines"], default="files",
                    help="give each task whole files (default) or Spark-read lines")
    ap.add_argument("--out", required=True, help="merged CSV to write")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    exe = os.path.abspath(a.jobsentry)

    spark = (SparkSession.builder.master("local[2]").appName("jobsentry-aggregate")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    kind = a.kind
    if a.split == "files":
        paths = [os.path.abspath(p) for p in a.files]

        def aggregate_files(it):
            # One `aggregate` over this task's whole files; its partial CSV, line by line.
            batch = list(it)
            if not batch:
                return
            p = subprocess.run([exe, "aggregate", "--kind", kind, "--out", "-"] + batch,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"jobsentry aggregate failed ({p.returncode}): {p.stderr}")
            sys.stderr.write(p.stderr)  # rejected and repeated rows, as RDD.pipe passes them on
            yield from p.stdout.splitlines()

        partials = sc.parallelize(paths, min(a.partitions, len(paths))).mapPartitions(aggregate_files)
    else:
        with open(a.files[0], encoding="utf-8-sig") as f:
            header = f.readline().rstrip("\r\n")
        lines = sc.textFile(",".join(os.path.abspath(p) for p in a.files), minPartitions=a.partitions)
        rows = lines.filter(lambda l: l.lstrip("\ufeff") != header and l.strip() != "")

        def with_header(it):
            # Every partition is a CSV file of its own for the map step.
            yield header
            yield from it

        partials = rows.repartition(a.partitions).mapPartitions(with_header).pipe(
            f"{exe} aggregate --kind {kind} - --out -")
    merged = partials.coalesce(1).pipe(f"{exe} merge - --out - --rollup").collect()
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(merged) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
