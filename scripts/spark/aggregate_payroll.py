"""Sharded aggregation with Apache Spark: `jobsentry aggregate` as the map step and
`jobsentry merge` as the reduce step, both through RDD.pipe (standard input to
standard output). The result equals `jobsentry aggregate --rollup` on the same files
in one run, because the aggregates are sums and counts (rates are recomputed after
the merge).

    pip install pyspark        # Java 17 is needed; local mode, no cluster
    python3 scripts/spark/aggregate_payroll.py --jobsentry .build/release/jobsentry \
        --kind payroll --partitions 8 --out payroll-cells.csv inbox/payroll-*.csv

On a cluster, ship the binary with --files and call it as ./jobsentry. Spark decodes
text as UTF-8: convert GB18030 files first (iconv -f GB18030 -t UTF-8), or use the
single-machine command, which detects them. Duplicate rows of one enterprise and month
that fall into different partitions cannot be seen by either partition: give each
partition whole files (one month per file) when that matters.
"""
import argparse
import os

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobsentry", required=True, help="path of the jobsentry executable")
    ap.add_argument("--kind", default="payroll")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--out", required=True, help="merged CSV to write")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    exe = os.path.abspath(a.jobsentry)

    spark = (SparkSession.builder.master("local[2]").appName("jobsentry-aggregate")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    with open(a.files[0], encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n")
    lines = sc.textFile(",".join(os.path.abspath(p) for p in a.files), minPartitions=a.partitions)
    rows = lines.filter(lambda l: l.lstrip("\ufeff") != header and l.strip() != "")

    def with_header(it):
        # Every partition is a CSV file of its own for the map step.
        yield header
        yield from it

    partials = rows.repartition(a.partitions).mapPartitions(with_header).pipe(
        f"{exe} aggregate --kind {a.kind} - --out -")
    merged = partials.coalesce(1).pipe(f"{exe} merge - --out - --rollup").collect()
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(merged) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
