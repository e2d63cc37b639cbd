"""The DuckDB side of `jobsentry-bench ingest`: read_csv + GROUP BY on a payroll file,
written as CSV like `jobsentry aggregate` writes it. Prints the query seconds.

Enterprises are counted with count(*), DuckDB's fastest form: the generated files hold
one row per enterprise and month, so it equals count(DISTINCT enterprise_id) there
(the committed reference test, scripts/reference/payroll_duckdb.py, uses DISTINCT).

    python3 scripts/bench/duckdb_payroll.py IN.csv OUT.csv
"""
import sys
import time

import duckdb

t0 = time.perf_counter()
duckdb.sql(f"""
    COPY (
      SELECT period, region_code, sector,
             count(*) AS enterprises,
             sum(headcount) AS headcount,
             sum(wages_cny) AS wages_cny,
             count(*) FILTER (WHERE days_late > 30) AS late_payers
      FROM read_csv('{sys.argv[1]}', types = {{'region_code': 'VARCHAR', 'period': 'VARCHAR', 'days_late': 'INTEGER'}})
      GROUP BY period, region_code, sector
      ORDER BY period, region_code, sector
    ) TO '{sys.argv[2]}' (HEADER, DELIMITER ',')
""")
print(f"{time.perf_counter() - t0:.3f}")
