"""The Polars side of `jobsentry-bench ingest`: scan_csv + group_by with the streaming
engine on a payroll file, written as CSV like `jobsentry aggregate` writes it. Prints
the query seconds.

    python3 scripts/bench/polars_payroll.py IN.csv OUT.csv
"""
import sys
import time

import polars as pl

t0 = time.perf_counter()
(
    pl.scan_csv(sys.argv[1], schema_overrides={"period": pl.Utf8, "region_code": pl.Utf8, "sector": pl.Utf8,
                                               "enterprise_id": pl.Utf8, "days_late": pl.Int64})
    .group_by("period", "region_code", "sector")
    .agg(
        pl.len().alias("enterprises"),
        pl.col("headcount").sum().alias("headcount"),
        pl.col("wages_cny").sum().alias("wages_cny"),
        (pl.col("days_late") > 30).sum().alias("late_payers"),
    )
    .sort("period", "region_code", "sector")
    .collect(engine="streaming")
    .write_csv(sys.argv[2])
)
print(f"{time.perf_counter() - t0:.3f}")
